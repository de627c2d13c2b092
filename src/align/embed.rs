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
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::thread::JoinHandle;
use use_encoder::{Encoder, Pooled, BATCH_TOKENS, DIM};

/// Most sentences on one side of a bead (see `cost::BEAD_TYPES`).
pub const MAX_SPAN: usize = 4;

/// About how many windows one parallel task makes: the encoder runs them through its last
/// layers together, and past a few hundred that gains nothing.
const WINDOWS: usize = 256;

/// The sentence encoder, loaded once and shared by every alignment.
pub struct SentenceEncoder {
    encoder: Encoder,
}

impl std::fmt::Debug for SentenceEncoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SentenceEncoder").finish_non_exhaustive()
    }
}

/// A model that cannot be used; the message names the file at fault.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("sentence encoder: {0} (make the model directory with scripts/fetch-model.sh)")]
    Files(#[from] use_encoder::Error),
    /// The loading thread stopped without a model or an error: a bug.
    #[error("sentence encoder: loading the model stopped unexpectedly; please report it")]
    Stopped,
}

/// A sentence encoder that may still be loading on a thread of its own, waited for where it
/// is first needed: a run reads and detects its first documents while the model loads.
pub struct PendingEncoder {
    thread: Mutex<Option<JoinHandle<Result<SentenceEncoder, ModelError>>>>,
    loaded: OnceLock<Result<SentenceEncoder, ModelError>>,
}

impl std::fmt::Debug for PendingEncoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PendingEncoder")
            .field("loaded", &self.loaded.get().map(Result::is_ok))
            .finish_non_exhaustive()
    }
}

impl PendingEncoder {
    /// Starts loading the model of `dir` (see [`SentenceEncoder::load`]); loads it at once
    /// when no thread can be started.
    pub fn load(dir: PathBuf) -> PendingEncoder {
        let thread = std::thread::Builder::new().spawn({
            let dir = dir.clone();
            move || SentenceEncoder::load(&dir)
        });
        match thread {
            Ok(thread) => PendingEncoder {
                thread: Mutex::new(Some(thread)),
                loaded: OnceLock::new(),
            },
            Err(_) => PendingEncoder {
                thread: Mutex::new(None),
                loaded: OnceLock::from(SentenceEncoder::load(&dir)),
            },
        }
    }

    /// An encoder already loaded.
    pub fn ready(encoder: SentenceEncoder) -> PendingEncoder {
        PendingEncoder {
            thread: Mutex::new(None),
            loaded: OnceLock::from(Ok(encoder)),
        }
    }

    /// The encoder, once loaded, or why it could not be.
    pub fn into_loaded(mut self) -> Result<SentenceEncoder, ModelError> {
        let _ = self.wait();
        self.loaded.take().unwrap_or(Err(ModelError::Stopped))
    }

    /// The encoder, once loaded, or why it could not be (every caller waits for the load).
    pub fn wait(&self) -> Result<&SentenceEncoder, &ModelError> {
        self.loaded
            .get_or_init(|| {
                let thread = self
                    .thread
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .take();
                thread
                    .and_then(|thread| thread.join().ok())
                    .unwrap_or(Err(ModelError::Stopped))
            })
            .as_ref()
    }
}

impl SentenceEncoder {
    /// Loads `sp.model` and `weights.safetensors` from `dir` (see `scripts/fetch-model.sh`).
    pub fn load(dir: &Path) -> Result<SentenceEncoder, ModelError> {
        Ok(SentenceEncoder {
            encoder: Encoder::load(dir)?,
        })
    }

    /// Pools the sentences, in parallel: tokenized, then split among the threads into runs of
    /// about the same number of tokens (a text's vector does not depend on how texts are
    /// grouped, so neither does the alignment on the number of threads). Moses-tokenized text
    /// (`@-@`, `&apos;`, as corpora such as ParaMed ship) is unescaped first: the encoder was
    /// trained on plain text.
    pub fn pool(&self, sentences: &[&str]) -> Pooled {
        let ids: Vec<Vec<u32>> = sentences
            .par_iter()
            .map(|s| self.encoder.tokenize(&unescape_tokenized(s)))
            .collect();
        let lens: Vec<usize> = ids.iter().map(Vec::len).collect();
        let parts: Vec<Pooled> = even_runs(&lens, rayon::current_num_threads(), BATCH_TOKENS)
            .into_par_iter()
            .map(|run| self.encoder.pool_tokens(&ids[run]))
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
        let ones = vec![1; spans.len()];
        let mut rows: Vec<[f32; DIM]> = even_runs(&ones, rayon::current_num_threads(), WINDOWS)
            .into_par_iter()
            .flat_map_iter(|run| self.encoder.windows(pooled, &spans[run]))
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
    /// its sections) in one pass: every sentence pooled ([`SentenceEncoder::pool`]), then every
    /// window. A page's runs are short, and embedded one by one most of the encoder's time
    /// would go to setting up small batches. Each run gets what [`SentenceEncoder::embed`]
    /// would give it alone.
    pub fn embed_runs(&self, runs: &[&[&str]]) -> Vec<WindowVectors> {
        let flat: Vec<&str> = runs.iter().flat_map(|run| run.iter().copied()).collect();
        let lens: Vec<usize> = runs.iter().map(|run| run.len()).collect();
        self.windows_of_runs(&self.pool(&flat), &lens)
    }
}

/// Consecutive runs of items (texts of `lens` tokens, say) about equal in their total, as many
/// as the threads or a multiple of them, each about `target` (a batch the work is efficient
/// at), or fewer runs when there are fewer items.
fn even_runs(lens: &[usize], threads: usize, target: usize) -> Vec<Range<usize>> {
    let total: usize = lens.iter().sum();
    let threads = threads.max(1);
    let per_thread = (total as f64 / (threads * target.max(1)) as f64)
        .round()
        .max(1.0) as usize;
    let runs = (threads * per_thread).min(lens.len()).max(1);
    let mut out = Vec::with_capacity(runs);
    let (mut start, mut seen) = (0, 0);
    for (i, &len) in lens.iter().enumerate() {
        seen += len;
        // Cut where the tokens so far reach the next run's share, or where the items left are
        // no more than the runs left.
        let due = seen * runs >= total * (out.len() + 1);
        let short = lens.len() - (i + 1) <= runs - (out.len() + 1);
        if (due || short) && out.len() + 1 < runs {
            out.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < lens.len() || out.is_empty() {
        out.push(start..lens.len());
    }
    out
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

    #[test]
    fn even_runs_split_the_items_in_order_into_shares_of_about_the_same_total() {
        let lens = [30, 25, 40, 10, 35, 20, 45, 15, 30, 50];
        for threads in [1, 2, 3, 4, 16] {
            for target in [1, 50, 100, 10_000] {
                let runs = even_runs(&lens, threads, target);
                // Consecutive, non-empty, covering every item once.
                assert_eq!(runs[0].start, 0);
                assert_eq!(runs.last().unwrap().end, lens.len());
                assert!(runs.windows(2).all(|w| w[0].end == w[1].start));
                assert!(runs.iter().all(|r| !r.is_empty()));
                // Every thread gets a run when there are items enough.
                assert!(
                    runs.len() >= threads.min(lens.len()),
                    "{threads}, {target}: {runs:?}"
                );
                // No run exceeds its share by more than its largest item.
                let total: usize = lens.iter().sum();
                let share = total.div_ceil(runs.len());
                for r in &runs {
                    let sum: usize = lens[r.clone()].iter().sum();
                    assert!(sum <= share + 50, "{threads} threads, {target}: {runs:?}");
                }
            }
        }
        assert_eq!(even_runs(&[], 2, 512), vec![0..0]);
        assert_eq!(even_runs(&[7], 8, 512), vec![0..1]);
        // A page of about two batches' tokens on two threads: one run a thread.
        assert_eq!(even_runs(&[500, 500, 74], 2, 512).len(), 2);
    }

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
