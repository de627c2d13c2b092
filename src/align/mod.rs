//! Sentence alignment: which English sentences translate which Chinese ones.
//!
//! [`Aligner`] holds the glossary (built once, shared by reference across threads) and aligns
//! one document at a time: features per sentence ([`features`]), a cost per bead ([`cost`]), and
//! the cheapest path of beads by banded dynamic programming ([`dp`]).

mod cost;
mod dp;
pub mod embed;
mod features;
pub mod glossary;
pub mod words;

pub use cost::AlignParams;
pub use glossary::{Glossary, GlossaryError};

use crate::numbers::NumberDictionaries;
use cost::{BeadEvidence, DocModel};
pub use embed::WindowVectors;
use embed::{DocVectors, PendingEncoder, SentenceEncoder};
use std::ops::Range;
use words::EnglishStemmer;

/// A group of English sentences and the Chinese sentences that translate them.
///
/// `en` and `zh` are sentence index ranges; one of them is empty for a sentence with no
/// counterpart (1-0, 0-1). `score` in [0, 1] is the confidence that the bead is a correct
/// translation pair; beads with an empty side score 0.
#[derive(Debug, Clone, PartialEq)]
pub struct Bead {
    pub en: Range<usize>,
    pub zh: Range<usize>,
    pub score: f32,
}

impl Bead {
    /// "1-1", "2-1", "0-1": English sentences, then Chinese.
    pub fn kind(&self) -> String {
        format!("{}-{}", self.en.len(), self.zh.len())
    }
}

/// The sentence aligner.
pub struct Aligner {
    glossary: Glossary,
    /// Numbers are anchors: `five` and `五`, `36,000` and `3.6万` are the same value.
    numbers: NumberDictionaries,
    stemmer: EnglishStemmer,
    params: AlignParams,
    /// The sentence encoder, when a model is configured (it may still be loading).
    encoder: Option<PendingEncoder>,
}

impl Aligner {
    pub fn new() -> Result<Aligner, GlossaryError> {
        Aligner::with_params(AlignParams::default())
    }

    pub fn with_params(params: AlignParams) -> Result<Aligner, GlossaryError> {
        Ok(Aligner {
            glossary: Glossary::builtin()?,
            numbers: NumberDictionaries::builtin()?,
            stemmer: EnglishStemmer::default(),
            params,
            encoder: None,
        })
    }

    /// Adds the sentence encoder's evidence to every bead from now on, with the weights fitted
    /// for it ([`AlignParams::with_encoder`]).
    pub fn set_encoder(&mut self, encoder: SentenceEncoder) {
        self.set_pending_encoder(PendingEncoder::ready(encoder));
    }

    /// [`Aligner::set_encoder`] with a model that may still be loading: the first alignment
    /// waits for it. Until [`Aligner::model_ready`] says it loaded, results are not to be used:
    /// a model that failed to load leaves the aligner without its evidence.
    pub fn set_pending_encoder(&mut self, encoder: PendingEncoder) {
        self.encoder = Some(encoder);
        self.params = AlignParams::with_encoder();
    }

    /// Waits for a model still loading: the aligner then holds it, or gives up its load's
    /// error.
    pub fn finish_loading(&mut self) -> Result<(), embed::ModelError> {
        if let Some(pending) = self.encoder.take() {
            self.encoder = Some(PendingEncoder::ready(pending.into_loaded()?));
        }
        Ok(())
    }

    /// The sentence encoder, when a model is configured and has loaded (waiting for it).
    pub fn encoder(&self) -> Option<&SentenceEncoder> {
        self.encoder.as_ref()?.wait().ok()
    }

    /// Waits for the configured model, if any: an error when it could not be loaded.
    pub fn model_ready(&self) -> Result<(), &embed::ModelError> {
        self.encoder
            .as_ref()
            .map_or(Ok(()), |e| e.wait().map(|_| ()))
    }

    pub fn params(&self) -> &AlignParams {
        &self.params
    }

    /// Replaces the weights (for experiments and fitting).
    pub fn set_params(&mut self, params: AlignParams) {
        self.params = params;
    }

    pub fn glossary(&self) -> &Glossary {
        &self.glossary
    }

    /// Add a user glossary file (see [`Glossary::extend`]).
    pub fn extend_glossary(&mut self, file: &str, text: &str) -> Result<usize, GlossaryError> {
        self.glossary.extend(file, text, &self.stemmer)
    }

    /// The stemmer that makes the glossary's keys.
    pub fn stemmer(&self) -> &EnglishStemmer {
        &self.stemmer
    }

    /// Align the sentences of one document. The beads are in order and cover every sentence of
    /// both sides exactly once.
    pub fn align(&self, en: &[&str], zh: &[&str]) -> Vec<Bead> {
        match self.encoder() {
            Some(encoder) if !en.is_empty() && !zh.is_empty() => {
                let mut vectors = encoder.embed_runs(&[en, zh]);
                let zh_vectors = vectors.pop().unwrap_or_default();
                let en_vectors = vectors.pop().unwrap_or_default();
                self.align_with(en, zh, Some((&en_vectors, &zh_vectors)))
            }
            _ => self.align_with(en, zh, None),
        }
    }

    /// [`Aligner::align`] with the sentences' window vectors given (made by
    /// [`SentenceEncoder::embed`] from these same sentences), or without the encoder's evidence.
    /// Vectors for other sentences than these are ignored.
    pub fn align_with(
        &self,
        en: &[&str],
        zh: &[&str],
        vectors: Option<(&WindowVectors, &WindowVectors)>,
    ) -> Vec<Bead> {
        let vectors = vectors.filter(|(e, z)| e.len() == en.len() && z.len() == zh.len());
        let bases = vectors.map(|(e, z)| (embed::baselines(e, z), embed::baselines(z, e)));
        let vectors = vectors
            .zip(bases.as_ref())
            .map(|((e, z), (eb, zb))| DocVectors {
                en: e.with_baselines(eb),
                zh: z.with_baselines(zb),
            });
        if en.is_empty() || zh.is_empty() {
            let skip = |i| Bead {
                en: i..i + usize::from(!en.is_empty()),
                zh: i..i + usize::from(!zh.is_empty()),
                score: 0.0,
            };
            return (0..en.len().max(zh.len()))
                .map(|i| {
                    let mut b = skip(i);
                    if en.is_empty() {
                        b.en = 0..0;
                    } else {
                        b.zh = 0..0;
                    }
                    b
                })
                .collect();
        }
        let (en_features, lexicon) =
            features::english_features(en, &self.glossary, &self.stemmer, &self.numbers);
        let zh_features = features::chinese_features(zh, &lexicon, &self.numbers);
        let han_ratio = DocModel::han_ratio(&en_features, &zh_features);
        let path = dp::best_path(&en_features, &zh_features, &self.params, han_ratio, vectors);
        let model = DocModel {
            en: &en_features,
            zh: &zh_features,
            params: &self.params,
            han_ratio,
            pairs: Vec::new(),
            first_row: 0,
            vectors,
        };
        let mut beads = Vec::with_capacity(path.len());
        for (i0, i1, j0, j1) in path {
            let bead = scored_bead(&model, i0, i1, j0, j1);
            if bead.score >= self.params.repair_below || (i1 - i0).max(j1 - j0) < 2 {
                beads.push(bead);
                continue;
            }
            // A merge with next to no evidence is more often one pair plus sentences that were
            // not translated: align its sentences again with skips made cheap.
            let local = AlignParams {
                skip: self.params.repair_skip,
                ..self.params.clone()
            };
            let sub = dp::best_path(
                &en_features[i0..i1],
                &zh_features[j0..j1],
                &local,
                han_ratio,
                vectors.map(|v| v.block(i0..i1, j0..j1)),
            );
            let repaired: Vec<Bead> = sub
                .into_iter()
                .map(|(a0, a1, b0, b1)| scored_bead(&model, i0 + a0, i0 + a1, j0 + b0, j0 + b1))
                .collect();
            if covers_block(&repaired, i0..i1, j0..j1) {
                beads.extend(repaired);
            } else {
                beads.push(bead);
            }
        }
        if covers(&beads, en.len(), zh.len()) {
            beads
        } else {
            // Unreachable with a well-formed band; keep the promise of full coverage anyway.
            diagonal(en.len(), zh.len())
        }
    }
}

fn scored_bead(model: &DocModel, i0: usize, i1: usize, j0: usize, j1: usize) -> Bead {
    let evidence = model_with_pairs(model, i0, i1, j0, j1);
    Bead {
        en: i0..i1,
        zh: j0..j1,
        score: score(&evidence, model.params, i1 - i0, j1 - j0),
    }
}

fn covers_block(beads: &[Bead], en: Range<usize>, zh: Range<usize>) -> bool {
    let (mut i, mut j) = (en.start, zh.start);
    for b in beads {
        if b.en.start != i || b.zh.start != j || (b.en.is_empty() && b.zh.is_empty()) {
            return false;
        }
        i = b.en.end;
        j = b.zh.end;
    }
    i == en.end && j == zh.end
}

fn model_with_pairs(model: &DocModel, i0: usize, i1: usize, j0: usize, j1: usize) -> BeadEvidence {
    // Only the bead's own rows: a row per sentence before it would make scoring a path
    // quadratic in the document's length.
    let pairs = (i0..i1)
        .map(|i| {
            let row = (j0..j1)
                .map(|j| features::pair_match(&model.en[i], &model.zh[j]))
                .collect();
            (j0, row)
        })
        .collect();
    let local = DocModel {
        pairs,
        first_row: i0,
        ..*model
    };
    local.bead(i0, i1, j0, j1)
}

/// Confidence from the bead's evidence: glossary share above the neutral point, plausible
/// length, shared anchors, and the sentence encoder's cosine above its neutral point when there
/// is a model; merges are a little less certain than 1-1.
fn score(ev: &BeadEvidence, p: &AlignParams, a: usize, b: usize) -> f32 {
    if a == 0 || b == 0 {
        return 0.0;
    }
    let lexical = ev.lexical.map_or(0.0, |s| 8.0 * (s - 0.25));
    let meaning = ev
        .similarity
        .map_or(0.0, |s| 0.5 * p.embed_weight * (s - p.embed_midpoint));
    let x = 1.5 + lexical + meaning - 0.5 * ev.length_z * ev.length_z
        + 0.7 * ev.anchors_matched.min(4.0)
        - 0.7 * ev.anchors_missed.min(4.0)
        - 0.5 * (a.max(b) - 1) as f32;
    1.0 / (1.0 + (-x).exp())
}

fn covers(beads: &[Bead], n: usize, m: usize) -> bool {
    covers_block(beads, 0..n, 0..m)
}

fn diagonal(n: usize, m: usize) -> Vec<Bead> {
    let steps = n.max(m);
    (0..steps)
        .map(|k| Bead {
            en: k * n / steps..(k + 1) * n / steps,
            zh: k * m / steps..(k + 1) * m / steps,
            score: 0.0,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn aligner() -> Aligner {
        Aligner::new().expect("glossary")
    }

    #[test]
    fn aligner_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Aligner>();
    }

    #[test]
    fn one_side_empty() {
        let a = aligner();
        assert!(a.align(&[], &[]).is_empty());
        let beads = a.align(&["One.", "Two."], &[]);
        assert_eq!(
            beads
                .iter()
                .map(|b| (b.en.clone(), b.zh.clone()))
                .collect::<Vec<_>>(),
            [(0..1, 0..0), (1..2, 0..0)]
        );
        let beads = a.align(&[], &["一。"]);
        assert_eq!(
            beads
                .iter()
                .map(|b| (b.en.clone(), b.zh.clone()))
                .collect::<Vec<_>>(),
            [(0..0, 0..1)]
        );
    }

    #[test]
    fn finds_one_to_one_and_merges() {
        let en = [
            "Patients with lung cancer were admitted to hospital in 2019.",
            "The study included 120 patients and 45 doctors.",
            "Mortality was lower in the treatment group. The difference was significant (p = 0.03).",
            "Health inequalities remain a major problem.",
            "We recommend further research.",
        ];
        let zh = [
            "2019年，肺癌患者入院治疗。",
            "该研究纳入了120名患者和45名医生。",
            "治疗组的死亡率较低。",
            "差异具有统计学意义(p=0.03)。",
            "健康不平等仍然是一个主要问题。我们建议进一步研究。",
        ];
        let beads = a_align(&en, &zh);
        assert_eq!(
            beads,
            [(0..1, 0..1), (1..2, 1..2), (2..3, 2..4), (3..5, 4..5)]
        );
    }

    /// Unit vectors on a few axes: `topic[k]` is sentence k's axis; a window's vector is the
    /// normalized sum of its sentences'.
    fn windows(topics: &[usize]) -> WindowVectors {
        let mut rows = Vec::new();
        for i in 0..topics.len() {
            for len in 1..=embed::MAX_SPAN {
                let mut v = [0.0f32; use_encoder::DIM];
                for &t in &topics[i..(i + len).min(topics.len())] {
                    v[t] += 1.0;
                }
                let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
                v.iter_mut().for_each(|x| *x /= norm);
                rows.push(v);
            }
        }
        WindowVectors::from_rows(rows)
    }

    #[test]
    fn the_encoder_decides_what_length_cannot() {
        // Four English sentences of equal length, three Chinese: nothing but meaning says which
        // two English sentences one Chinese sentence translates.
        let en = [
            "Aaaa bbbb cccc.",
            "Dddd eeee ffff.",
            "Gggg hhhh iiii.",
            "Jjjj kkkk llll.",
        ];
        let zh = [
            "甲乙丙丁戊己庚。",
            "辛壬癸子丑寅卯辰巳午未申酉戌。",
            "亥甲乙丙丁戊己。",
        ];
        let mut a = aligner();
        a.set_params(AlignParams::with_encoder());
        let spans = |beads: Vec<Bead>| -> Vec<(Range<usize>, Range<usize>)> {
            beads.into_iter().map(|b| (b.en, b.zh)).collect()
        };
        // Sentence 2 says what no Chinese sentence says: it is left out.
        let got = a.align_with(
            &en,
            &zh,
            Some((&windows(&[0, 1, 2, 3]), &windows(&[0, 1, 3]))),
        );
        assert_eq!(
            spans(got),
            [(0..1, 0..1), (1..2, 1..2), (2..3, 2..2), (3..4, 2..3)]
        );
        // Sentences 1 and 2 say what the second Chinese sentence says.
        let got = a.align_with(
            &en,
            &zh,
            Some((&windows(&[0, 1, 1, 3]), &windows(&[0, 1, 3]))),
        );
        assert_eq!(
            spans(got),
            [(0..1, 0..1), (1..3, 1..2), (3..4, 2..3)],
            "the two sentences on axis 1 are one bead"
        );
        // Vectors for other sentences than these are ignored.
        let lexical = a.align_with(&en, &zh, None);
        let mismatched = a.align_with(&en, &zh, Some((&windows(&[0, 1]), &windows(&[0, 1, 3]))));
        assert_eq!(spans(lexical), spans(mismatched));
    }

    #[test]
    fn a_sentence_the_encoder_finds_close_to_nothing_is_cheaper_to_leave_out() {
        // The second English sentence says nothing the Chinese says, but the lengths would
        // have it merged with the first.
        let en = [
            "The trial enrolled adults.",
            "Funding came from the national heart foundation and from the maker of the drug.",
        ];
        let zh = ["该试验在多个中心招募了心力衰竭的成年患者，并随访了他们两年时间。"];
        let vectors = (windows(&[0, 5]), windows(&[0]));
        let mut a = aligner();
        let mut params = AlignParams::with_encoder();
        params.embed_skip_relief = 0.0;
        a.set_params(params.clone());
        let spans = |beads: Vec<Bead>| -> Vec<(Range<usize>, Range<usize>)> {
            beads.into_iter().map(|b| (b.en, b.zh)).collect()
        };
        let merged = a.align_with(&en, &zh, Some((&vectors.0, &vectors.1)));
        assert_eq!(spans(merged), [(0..2, 0..1)]);
        params.embed_skip_relief = 8.0;
        params.embed_skip_floor = 0.5;
        a.set_params(params);
        let left_out = a.align_with(&en, &zh, Some((&vectors.0, &vectors.1)));
        assert_eq!(spans(left_out), [(0..1, 0..1), (1..2, 1..1)]);
    }

    #[test]
    fn a_repeated_paragraph_is_aligned_once_with_its_first_copy() {
        let en = [
            "In this double-blind, placebo-controlled trial we randomly assigned acutely ill patients.",
            "The primary safety outcome was bleeding during the thirty days of treatment.",
            "Results were consistent across all subgroups.",
        ];
        let a1 = "在这项双盲、安慰剂对照试验中，我们将急症患者随机分组，比较两种预防方案的疗效。";
        let b1 = "主要安全性结局是三十天治疗期间的出血事件，由独立委员会裁定。";
        // The page repeats the first paragraph (spaced as tokenized text) before going on.
        let a2 = "在 这项 双盲 、 安慰剂 对照 试验 中 ， 我们 将 急症 患者 随机 分组 ， 比较 两种 预防 方案 的 疗效 。";
        let b2 = "主要 安全性 结局 是 三十天 治疗 期间 的 出血 事件 ， 由 独立 委员会 裁定 。";
        let zh = [a1, b1, a2, b2, "所有亚组的结果一致。"];
        let mut a = aligner();
        a.set_params(AlignParams::with_encoder());
        let got = a.align_with(
            &en,
            &zh,
            Some((&windows(&[0, 1, 2]), &windows(&[0, 1, 0, 1, 2]))),
        );
        let spans: Vec<_> = got.into_iter().map(|b| (b.en, b.zh)).collect();
        assert_eq!(
            spans,
            [
                (0..1, 0..1),
                (1..2, 1..2),
                (2..2, 2..3),
                (2..2, 3..4),
                (2..3, 4..5)
            ]
        );
    }

    fn a_align(en: &[&str], zh: &[&str]) -> Vec<(Range<usize>, Range<usize>)> {
        aligner()
            .align(en, zh)
            .into_iter()
            .map(|b| (b.en, b.zh))
            .collect()
    }
}
