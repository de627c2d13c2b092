//! Sentence-encoder evidence for the aligner: how close in meaning the English and the Chinese
//! side of a bead are.
//!
//! Each sentence runs through the encoder once ([`use_encoder::Encoder::pool`]); the vector of
//! every window of 1 to [`MAX_SPAN`] consecutive sentences is then made from the pooled
//! sentences (the windows' tokens pooled together, then the encoder's last layers, about as much
//! work as one more token), so a merge is judged by what its sentences say together, not by the
//! average of their vectors. The search compares windows with one dot product.

use super::words::unescape_tokenized;
use rayon::prelude::*;
use std::ops::Range;
use std::path::Path;
use use_encoder::{Encoder, Pooled, DIM};

/// Most sentences on one side of a bead (see `cost::BEAD_TYPES`).
pub const MAX_SPAN: usize = 4;

/// Sentences pooled per parallel task: a fixed split, so the vectors (and therefore the
/// alignment) do not depend on the number of threads.
const CHUNK: usize = 16;

/// The sentence encoder, loaded once and shared by every alignment.
pub struct SentenceEncoder {
    encoder: Encoder,
}

impl std::fmt::Debug for SentenceEncoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SentenceEncoder").finish_non_exhaustive()
    }
}

/// A model directory that cannot be used; the message names the file.
#[derive(Debug, thiserror::Error)]
#[error("sentence encoder: {0} (make the model directory with scripts/fetch-model.sh)")]
pub struct ModelError(#[from] use_encoder::Error);

impl SentenceEncoder {
    /// Loads `sp.model` and `weights.safetensors` from `dir` (see `scripts/fetch-model.sh`).
    pub fn load(dir: &Path) -> Result<SentenceEncoder, ModelError> {
        Ok(SentenceEncoder {
            encoder: Encoder::load(dir)?,
        })
    }

    /// Pools the sentences, in parallel over fixed chunks. Moses-tokenized text (`@-@`,
    /// `&apos;`, as corpora such as ParaMed ship) is unescaped first: the encoder was trained on
    /// plain text.
    pub fn pool(&self, sentences: &[&str]) -> Pooled {
        let parts: Vec<Pooled> = sentences
            .par_chunks(CHUNK)
            .map(|chunk| {
                let plain: Vec<_> = chunk.iter().map(|s| unescape_tokenized(s)).collect();
                self.encoder.pool(&plain)
            })
            .collect();
        let mut all = Pooled::default();
        for part in &parts {
            all.append(part);
        }
        all
    }

    /// The window vectors of one side of a document.
    pub fn windows(&self, pooled: &Pooled) -> WindowVectors {
        self.windows_of_runs(pooled, &[pooled.len()])
            .pop()
            .unwrap_or_default()
    }

    /// The window vectors of consecutive runs of pooled sentences (the runs' lengths add up to
    /// the pooled sentences; a window stays inside its run), one [`WindowVectors`] a run.
    pub fn windows_of_runs(&self, pooled: &Pooled, runs: &[usize]) -> Vec<WindowVectors> {
        let mut spans: Vec<Range<usize>> = Vec::new();
        let mut start = 0;
        for &n in runs {
            spans.extend(
                (0..n).flat_map(|i| {
                    (1..=MAX_SPAN).map(move |len| start + i..start + (i + len).min(n))
                }),
            );
            start += n;
        }
        let mut rows: Vec<[f32; DIM]> = spans
            .par_chunks(4 * CHUNK)
            .flat_map_iter(|chunk| self.encoder.windows(pooled, chunk))
            .collect();
        let mut out = Vec::with_capacity(runs.len());
        for &n in runs.iter().rev() {
            let at = rows.len().saturating_sub(n * MAX_SPAN);
            out.push(WindowVectors {
                rows: rows.split_off(at),
            });
        }
        out.reverse();
        out
    }

    /// Pools the sentences and makes their window vectors.
    pub fn embed(&self, sentences: &[&str]) -> WindowVectors {
        self.embed_runs(&[sentences]).pop().unwrap_or_default()
    }

    /// The window vectors of several runs of sentences (both sides of a document, or of all
    /// its sections) in one pass: every sentence pooled in the same fixed chunks, then every
    /// window. A page's runs are short, and embedded one by one most of the encoder's time
    /// would go to setting up small batches. Each run gets what [`SentenceEncoder::embed`]
    /// would give it alone.
    pub fn embed_runs(&self, runs: &[&[&str]]) -> Vec<WindowVectors> {
        let flat: Vec<&str> = runs.iter().flat_map(|run| run.iter().copied()).collect();
        let lens: Vec<usize> = runs.iter().map(|run| run.len()).collect();
        self.windows_of_runs(&self.pool(&flat), &lens)
    }
}

/// Unit vectors of the windows of 1 to [`MAX_SPAN`] sentences starting at each sentence of one
/// side of a document (a window reaching past the end is cut at the end).
#[derive(Debug, Clone, Default)]
pub struct WindowVectors {
    rows: Vec<[f32; DIM]>,
}

impl WindowVectors {
    /// Number of sentences.
    pub fn len(&self) -> usize {
        self.rows.len() / MAX_SPAN
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Window vectors given directly (tests): `MAX_SPAN` rows a sentence.
    #[cfg(test)]
    pub(crate) fn from_rows(rows: Vec<[f32; DIM]>) -> WindowVectors {
        assert_eq!(rows.len() % MAX_SPAN, 0);
        WindowVectors { rows }
    }

    pub(crate) fn with_baselines<'a>(&'a self, base: &'a [f32]) -> Windows<'a> {
        Windows {
            rows: &self.rows,
            base,
        }
    }
}

/// A borrowed run of [`WindowVectors`] rows, indexed from its first sentence, with each
/// window's baseline (see [`baselines`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Windows<'a> {
    rows: &'a [[f32; DIM]],
    base: &'a [f32],
}

/// A window's baseline is its mean cosine to its nearest sentences of the other side, this
/// many of them ...
const NEIGHBOURS: usize = 4;
/// ... among the sentences this far either side of where the window would fall on the
/// diagonal.
const NEIGHBOUR_REACH: usize = 40;

/// The baseline of every window of `side`: its mean cosine to its [`NEIGHBOURS`] nearest
/// sentences of `other` near the diagonal (the margin of bitext mining: a window close to many
/// sentences proves less by being close to one).
pub(crate) fn baselines(side: &WindowVectors, other: &WindowVectors) -> Vec<f32> {
    let (n, m) = (side.len(), other.len());
    if m == 0 {
        return vec![0.0; side.rows.len()];
    }
    let mut sims = Vec::with_capacity(2 * NEIGHBOUR_REACH);
    side.rows
        .iter()
        .enumerate()
        .map(|(k, row)| {
            let center = (k / MAX_SPAN) * m / n.max(1);
            let near = center.saturating_sub(NEIGHBOUR_REACH)..(center + NEIGHBOUR_REACH).min(m);
            sims.clear();
            sims.extend(near.map(|j| dot(row, &other.rows[j * MAX_SPAN])));
            let k = NEIGHBOURS.min(sims.len());
            if k == 0 {
                return 0.0;
            }
            sims.select_nth_unstable_by(k - 1, |a, b| b.total_cmp(a));
            sims[..k].iter().sum::<f32>() / k as f32
        })
        .collect()
}

impl<'a> Windows<'a> {
    /// The windows of the sentences `range`, indexed from its start.
    fn slice(&self, range: Range<usize>) -> Windows<'a> {
        let rows = range.start * MAX_SPAN..range.end * MAX_SPAN;
        Windows {
            rows: self.rows.get(rows.clone()).unwrap_or_default(),
            base: self.base.get(rows).unwrap_or_default(),
        }
    }

    /// The window's vector and baseline.
    fn window(&self, start: usize, len: usize) -> Option<(&[f32; DIM], f32)> {
        if len == 0 || len > MAX_SPAN {
            return None;
        }
        let at = start * MAX_SPAN + len - 1;
        Some((
            self.rows.get(at)?,
            self.base.get(at).copied().unwrap_or(0.0),
        ))
    }
}

/// Both sides' windows of one document (or of one block of it).
#[derive(Debug, Clone, Copy)]
pub(crate) struct DocVectors<'a> {
    pub en: Windows<'a>,
    pub zh: Windows<'a>,
}

impl<'a> DocVectors<'a> {
    /// The windows of English sentences `en` and Chinese `zh`, indexed from their starts.
    pub fn block(&self, en: Range<usize>, zh: Range<usize>) -> DocVectors<'a> {
        DocVectors {
            en: self.en.slice(en),
            zh: self.zh.slice(zh),
        }
    }

    /// Cosine of the English sentences `i0..i1` and the Chinese `j0..j1`, each pooled as one
    /// text, and the mean of the two sides' baselines; `None` when a side is empty or longer
    /// than [`MAX_SPAN`].
    pub fn similarity(&self, i0: usize, i1: usize, j0: usize, j1: usize) -> Option<(f32, f32)> {
        let (e, eb) = self.en.window(i0, i1.checked_sub(i0)?)?;
        let (z, zb) = self.zh.window(j0, j1.checked_sub(j0)?)?;
        Some((dot(e, z), 0.5 * (eb + zb)))
    }

    /// For a bead of one sentence and none (a skip), that sentence's baseline: how close the
    /// encoder finds it to its nearest sentences of the other side.
    pub fn alone(&self, i0: usize, i1: usize, j0: usize, j1: usize) -> Option<f32> {
        match (i1.checked_sub(i0)?, j1.checked_sub(j0)?) {
            (1, 0) => self.en.window(i0, 1).map(|(_, base)| base),
            (0, 1) => self.zh.window(j0, 1).map(|(_, base)| base),
            _ => None,
        }
    }

    /// For a merge, how its sentences fit the other side one by one: over the sentences of
    /// each side that has several, the sum of how far their cosine to the other side's window
    /// falls below `midpoint` (negative, or 0) and the sum of how far it rises above it. A
    /// sentence put in the wrong one of two neighbouring merges fits worse there than where it
    /// belongs, where the merge's own cosine hardly moves. Zeros for a 1-1.
    pub fn parts_fit(
        &self,
        i0: usize,
        i1: usize,
        j0: usize,
        j1: usize,
        midpoint: f32,
    ) -> (f32, f32) {
        let (Some((e, _)), Some((z, _))) = (
            self.en.window(i0, i1.saturating_sub(i0)),
            self.zh.window(j0, j1.saturating_sub(j0)),
        ) else {
            return (0.0, 0.0);
        };
        let (mut below, mut above) = (0.0f32, 0.0f32);
        let mut add = |d: f32| {
            below += d.min(0.0);
            above += d.max(0.0);
        };
        if i1 - i0 > 1 {
            for i in i0..i1 {
                if let Some((s, _)) = self.en.window(i, 1) {
                    add(dot(s, z) - midpoint);
                }
            }
        }
        if j1 - j0 > 1 {
            for j in j0..j1 {
                if let Some((s, _)) = self.zh.window(j, 1) {
                    add(dot(e, s) - midpoint);
                }
            }
        }
        (below, above)
    }
}

fn dot(a: &[f32; DIM], b: &[f32; DIM]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(k: usize) -> [f32; DIM] {
        let mut v = [0.0; DIM];
        v[k] = 1.0;
        v
    }

    #[test]
    fn windows_are_looked_up_by_start_and_length() {
        // two sentences: windows (0,1) (0,2) (0,3) (0,4) (1,1) ...
        let rows: Vec<[f32; DIM]> = (0..2 * MAX_SPAN).map(unit).collect();
        let side = WindowVectors { rows };
        assert_eq!(side.len(), 2);
        let base: Vec<f32> = (0..2 * MAX_SPAN).map(|k| k as f32).collect();
        let doc = DocVectors {
            en: side.with_baselines(&base),
            zh: side.with_baselines(&base),
        };
        assert_eq!(doc.similarity(0, 2, 0, 2), Some((1.0, 1.0)));
        assert_eq!(doc.similarity(0, 1, 1, 2), Some((0.0, 2.0)));
        assert_eq!(doc.similarity(0, 0, 0, 1), None);
        assert_eq!(doc.similarity(0, 5, 0, 1), None);
        assert_eq!(doc.similarity(2, 3, 0, 1), None);
        let tail = doc.block(1..2, 0..2);
        assert_eq!(tail.similarity(0, 1, 1, 2), Some((1.0, 4.0)));
        assert!(doc.block(3..9, 0..1).en.rows.is_empty());
    }

    /// One row a window: sentence k's windows all on axis `axes[k]`.
    fn on_axes(axes: &[usize]) -> WindowVectors {
        WindowVectors {
            rows: axes
                .iter()
                .flat_map(|&a| std::iter::repeat_n(unit(a), MAX_SPAN))
                .collect(),
        }
    }

    #[test]
    fn a_baseline_is_the_mean_cosine_to_the_nearest_sentences() {
        // Five sentences on axis 0 on the other side: each window's four nearest are all 1.
        let other = on_axes(&[0, 0, 0, 0, 0, 1]);
        assert!(baselines(&on_axes(&[0, 2]), &other)
            .iter()
            .step_by(MAX_SPAN)
            .zip([1.0, 0.0])
            .all(|(b, want)| (b - want).abs() < 1e-6));
        // Only two sentences of the other side on its axis: half of the four.
        let base = baselines(&on_axes(&[1]), &on_axes(&[1, 1, 3, 4]));
        assert!((base[0] - 0.5).abs() < 1e-6, "{base:?}");
        assert!(baselines(&on_axes(&[1]), &WindowVectors::default()) == vec![0.0; MAX_SPAN]);
    }

    #[test]
    fn the_parts_of_a_merge_are_scored_one_by_one() {
        let side = on_axes(&[0, 1, 0]);
        let zero = vec![0.0; 3 * MAX_SPAN];
        let doc = DocVectors {
            en: side.with_baselines(&zero),
            zh: side.with_baselines(&zero),
        };
        // 1-1: nothing; 1-2 of English 0 with Chinese 0 (axis 0) and 1 (axis 1): one part fits
        // (cosine 1 against the midpoint 0.5), one does not (0).
        assert_eq!(doc.parts_fit(0, 1, 0, 1, 0.5), (0.0, 0.0));
        assert_eq!(doc.parts_fit(0, 1, 0, 2, 0.5), (-0.5, 0.5));
        assert_eq!(doc.parts_fit(0, 0, 0, 2, 0.5), (0.0, 0.0));
    }
}
