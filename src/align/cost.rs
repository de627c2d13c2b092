//! The cost of a bead: minus the log-odds, roughly, that its sentences translate each other.
//!
//! Four kinds of evidence, added:
//! - **length**: the Chinese length in English-equivalent chars (Han chars scaled by the
//!   document's own ratio, other chars one for one) against the English, as a squared log ratio
//!   (Gale–Church in log space);
//! - **glossary words**: each English word and Han char with a glossary match in the bead earns,
//!   each without one costs: `lexical_weight * (midpoint * total - matched)`;
//! - **anchors**: numbers and Latin tokens (acronyms, gene names) found on both sides earn, those
//!   on one side only cost;
//! - **bead type** prior: 1-1 is by far the most common.

use super::embed::DocVectors;
use super::features::{number_weight, EnSentence, PairMatch, ZhSentence, ZH_BITS};

/// Weights of the cost terms; the defaults were fitted on held-out English–Chinese data and are
/// the same for every document.
#[derive(Debug, Clone, PartialEq)]
pub struct AlignParams {
    /// Spread of the log length ratio of a correct pair.
    pub length_sigma: f32,
    /// Chars added to both lengths, so short sentences do not swing the ratio.
    pub length_smoothing: f32,
    pub lexical_weight: f32,
    /// Matched share that is neutral: below it a bead's words count against it.
    pub lexical_midpoint: f32,
    /// A Han char counts this much of an English word.
    pub han_weight: f32,
    pub anchor_match: f32,
    pub anchor_miss: f32,
    /// Cost of a sentence left without counterpart (1-0 or 0-1).
    pub skip: f32,
    /// Cost of leaving out a sentence of a repeated block (a run of sentences that copy
    /// earlier ones of the same side), when below `skip`.
    pub repeat_skip: f32,
    /// Costs of the merge types, by the number of sentences on the larger side minus one
    /// (2 → `merge[1]`, 3 → `merge[2]`, 4 → `merge[3]`); `merge[0]` is the 1-1 cost.
    pub merge: [f32; 4],
    /// Extra cost of a bead with several sentences on both sides (2-2, 2-3, 3-2).
    pub many_to_many: f32,
    /// Merges scoring below this are aligned again with `repair_skip` as the skip cost.
    pub repair_below: f32,
    pub repair_skip: f32,
    /// Weight of the sentence encoder's cosine of the bead's two sides, when the aligner has
    /// one: each bead earns `embed_weight * (cosine - embed_midpoint)`.
    pub embed_weight: f32,
    /// Cosine that is neutral: below it the encoder counts against the bead.
    pub embed_midpoint: f32,
    /// How much of the sides' baseline (their mean cosine to their nearest sentences of the
    /// other side) is taken off the cosine: a sentence close to many proves less.
    pub embed_margin: f32,
    /// How a merge's sentences fit the other side one by one (see `DocVectors::parts_fit`):
    /// the weight of their cosines below the neutral one, of those above it, and the neutral
    /// cosine.
    pub embed_parts_weight: f32,
    pub embed_parts_reward: f32,
    pub embed_parts_midpoint: f32,
    /// A sentence the encoder finds close to nothing on the other side (its baseline, the
    /// mean cosine to its nearest sentences there, below `embed_skip_floor`) is cheaper to
    /// leave out: by `embed_skip_relief` times the shortfall. Untranslated sentences are such.
    pub embed_skip_relief: f32,
    pub embed_skip_floor: f32,
}

impl Default for AlignParams {
    fn default() -> Self {
        AlignParams {
            length_sigma: 0.4,
            length_smoothing: 10.0,
            lexical_weight: 0.25,
            lexical_midpoint: 0.25,
            han_weight: 0.5,
            anchor_match: 2.0,
            anchor_miss: 1.0,
            skip: 4.0,
            repeat_skip: 4.0,
            merge: [0.0, 2.5, 4.5, 5.5],
            many_to_many: 2.5,
            repair_below: 0.25,
            repair_skip: 1.0,
            embed_weight: 0.0,
            embed_midpoint: 0.5,
            embed_margin: 0.0,
            embed_parts_weight: 0.0,
            embed_parts_reward: 0.0,
            embed_parts_midpoint: 0.3,
            embed_skip_relief: 0.0,
            embed_skip_floor: 0.3,
        }
    }
}

impl AlignParams {
    /// The weights for aligning with the sentence encoder, fitted with it on the four gold sets
    /// (README, "With a sentence encoder"; `examples/align_eval.rs --fit`). The lexical
    /// weights are those of [`AlignParams::default`] but for the bead-type costs.
    pub fn with_encoder() -> AlignParams {
        AlignParams {
            merge: [0.0, 2.5, 4.0, 5.5],
            repeat_skip: 0.5,
            embed_weight: 16.0,
            embed_midpoint: 0.05,
            embed_margin: 0.5,
            embed_parts_weight: 2.0,
            embed_parts_reward: 0.0,
            embed_parts_midpoint: 0.3,
            embed_skip_relief: 4.0,
            embed_skip_floor: 0.2,
            ..AlignParams::default()
        }
    }
}

/// The bead types searched, as (English sentences, Chinese sentences).
pub(crate) const BEAD_TYPES: &[(usize, usize)] = &[
    (1, 1),
    (1, 0),
    (0, 1),
    (2, 1),
    (1, 2),
    (2, 2),
    (3, 1),
    (1, 3),
    (4, 1),
    (1, 4),
    (3, 2),
    (2, 3),
];

/// Rounding room for the bound of [`DocModel::cost_below`]: a bead is dropped only when its
/// bound is clearly past the limit, so the search's choice is the same as without the bound.
const LIMIT_SLACK: f32 = 1e-3;

/// Everything the cost function needs about one document.
pub(crate) struct DocModel<'a> {
    pub en: &'a [EnSentence],
    pub zh: &'a [ZhSentence],
    pub params: &'a AlignParams,
    /// Han chars per English-equivalent char in this document.
    pub han_ratio: f32,
    /// Pair matches near the band, row by row from English sentence `first_row`:
    /// `(first zh index, matches)`.
    pub pairs: Vec<(usize, Vec<PairMatch>)>,
    pub first_row: usize,
    /// The sentence encoder's window vectors, when the aligner has a model.
    pub vectors: Option<DocVectors<'a>>,
}

/// The parts of one bead's evidence, also used for its score.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct BeadEvidence {
    pub cost: f32,
    /// Matched share of the glossary words, or `None` when there are none to match.
    pub lexical: Option<f32>,
    pub length_z: f32,
    pub anchors_matched: f32,
    pub anchors_missed: f32,
    /// The sentence encoder's cosine of the two sides, when there is a model.
    pub similarity: Option<f32>,
}

impl DocModel<'_> {
    pub fn han_ratio(en: &[EnSentence], zh: &[ZhSentence]) -> f32 {
        let en_len: f32 = en.iter().map(|s| s.len).sum();
        let han: f32 = zh.iter().map(|s| s.han as f32).sum();
        let other: f32 = zh.iter().map(|s| s.other as f32).sum();
        let ratio = han / (en_len - other).max(1.0);
        if ratio.is_finite() && han > 0.0 {
            ratio.clamp(0.15, 0.6)
        } else {
            0.3
        }
    }

    fn pair(&self, i: usize, j: usize) -> PairMatch {
        let row = i
            .checked_sub(self.first_row)
            .and_then(|r| self.pairs.get(r));
        match row {
            Some((first, row)) if j >= *first => row.get(j - first).copied().unwrap_or_default(),
            _ => PairMatch::default(),
        }
    }

    pub fn zh_len(&self, s: &ZhSentence) -> f32 {
        s.han as f32 / self.han_ratio + s.other as f32
    }

    /// The log length ratio of the sides in units of its spread.
    fn length_z(&self, en: &[EnSentence], zh: &[ZhSentence]) -> f32 {
        let p = self.params;
        let en_len: f32 = en.iter().map(|s| s.len).sum();
        let zh_len: f32 = zh.iter().map(|s| self.zh_len(s)).sum();
        let k = p.length_smoothing;
        ((zh_len + k) / (en_len + k)).ln() / p.length_sigma
    }

    /// Cost and evidence of the bead of English sentences `i0..i1` and Chinese `j0..j1`.
    pub fn bead(&self, i0: usize, i1: usize, j0: usize, j1: usize) -> BeadEvidence {
        self.bead_below(i0, i1, j0, j1, f32::INFINITY)
            .unwrap_or_default()
    }

    /// The bead's cost when it may be below `limit`; `None` when the cheap terms (type, length,
    /// anchors) and the most its glossary words could earn already reach `limit`. The search
    /// asks this for every bead it looks at, so most merges that cannot win stop here.
    pub fn cost_below(
        &self,
        i0: usize,
        i1: usize,
        j0: usize,
        j1: usize,
        limit: f32,
    ) -> Option<f32> {
        self.bead_below(i0, i1, j0, j1, limit).map(|ev| ev.cost)
    }

    fn bead_below(
        &self,
        i0: usize,
        i1: usize,
        j0: usize,
        j1: usize,
        limit: f32,
    ) -> Option<BeadEvidence> {
        let p = self.params;
        let (a, b) = (i1 - i0, j1 - j0);
        let en = &self.en[i0..i1];
        let zh = &self.zh[j0..j1];
        let mut ev = BeadEvidence::default();
        if a == 0 || b == 0 {
            let (matched, missed) = anchors(en, zh);
            ev.anchors_matched = matched;
            ev.anchors_missed = missed;
            let repeat = en.iter().all(|s| s.repeat) && zh.iter().all(|s| s.repeat);
            let mut skip = if repeat {
                p.skip.min(p.repeat_skip)
            } else {
                p.skip
            };
            if p.embed_skip_relief != 0.0 {
                if let Some(base) = self.vectors.and_then(|v| v.alone(i0, i1, j0, j1)) {
                    skip -= p.embed_skip_relief * (p.embed_skip_floor - base).max(0.0);
                }
            }
            ev.cost = p.anchor_miss * missed - p.anchor_match * matched + skip;
            return Some(ev);
        }
        let mut prior = p.merge[(a.max(b) - 1).min(3)];
        let repeat_saving = (p.skip - p.repeat_skip).max(0.0);
        if (a > 1 || b > 1) && repeat_saving > 0.0 {
            // A copy of an earlier paragraph adds nothing to a merge: it costs there what
            // leaving it out saves, so it is left out rather than merged.
            let repeats =
                en.iter().filter(|s| s.repeat).count() + zh.iter().filter(|s| s.repeat).count();
            prior += repeats as f32 * repeat_saving;
        }
        let z = self.length_z(en, zh);
        let en_known: u32 = en.iter().map(|s| s.known).sum();
        let zh_han: u32 = zh.iter().map(|s| s.han).sum();
        let total = en_known as f32 + p.han_weight * zh_han as f32;
        // A bound first, from what is cheap: the type and the length, with every number, Latin
        // token and glossary word matched at best. Most merges that cannot win stop here.
        let en_numbers: f32 = en.iter().map(|s| s.number_sig.weight).sum();
        let zh_numbers: f32 = zh.iter().map(|s| s.number_sig.weight).sum();
        let latin: usize = zh.iter().map(|s| s.latin.len()).sum();
        let many = if a > 1 && b > 1 { p.many_to_many } else { 0.0 };
        let best_lexical = p.lexical_weight * (p.lexical_midpoint - 1.0) * total;
        // The cosine is at most 1 and the baselines at least -1.
        let best_embed = match self.vectors {
            Some(_) => {
                // Each part of a merge earns at most this (cosines lie in [-1, 1]).
                let parts = if a > 1 || b > 1 { (a + b) as f32 } else { 0.0 };
                let reach = 1.0 + p.embed_parts_midpoint.abs();
                let part_best = -(p.embed_parts_weight.abs() + p.embed_parts_reward.abs()) * reach;
                p.embed_weight * (p.embed_midpoint - 1.0 - p.embed_margin.abs()) + part_best * parts
            }
            None => 0.0,
        };
        let bound = prior + many + 0.5 * z * z
            - p.anchor_match * (en_numbers.min(zh_numbers) + latin as f32)
            + best_lexical
            + best_embed;
        if bound >= limit + LIMIT_SLACK {
            return None;
        }
        let (matched, missed) = anchors(en, zh);
        ev.anchors_matched = matched;
        ev.anchors_missed = missed;
        // The terms added in this order, always: the same bead costs the same to the last bit.
        let mut cost = p.anchor_miss * missed - p.anchor_match * matched;
        cost += prior;
        if a > 1 && b > 1 {
            cost += p.many_to_many;
        }
        ev.length_z = z;
        cost += 0.5 * z * z;
        if let Some((sim, base)) = self.vectors.and_then(|v| v.similarity(i0, i1, j0, j1)) {
            let sim = sim - p.embed_margin * base;
            ev.similarity = Some(sim);
            cost += p.embed_weight * (p.embed_midpoint - sim);
            let parts = p.embed_parts_weight != 0.0 || p.embed_parts_reward != 0.0;
            if parts && (a > 1 || b > 1) {
                if let Some(v) = self.vectors {
                    let (below, above) = v.parts_fit(i0, i1, j0, j1, p.embed_parts_midpoint);
                    cost -= p.embed_parts_weight * below + p.embed_parts_reward * above;
                }
            }
        }
        if cost + best_lexical >= limit + LIMIT_SLACK {
            return None;
        }
        // Glossary words.
        let mut en_matched = 0u32;
        for (di, s) in en.iter().enumerate() {
            let mut bits = 0u64;
            for dj in 0..b {
                bits |= self.pair(i0 + di, j0 + dj).en;
            }
            en_matched += bits.count_ones().min(s.known);
        }
        let mut zh_covered = 0u32;
        for (dj, s) in zh.iter().enumerate() {
            let mut bits = [0u64; ZH_BITS / 64];
            for di in 0..a {
                let m = self.pair(i0 + di, j0 + dj);
                for (w, x) in bits.iter_mut().zip(m.zh) {
                    *w |= x;
                }
            }
            zh_covered += bits.iter().map(|w| w.count_ones()).sum::<u32>().min(s.han);
        }
        let matched_words = en_matched as f32 + p.han_weight * zh_covered as f32;
        if total > 0.0 {
            ev.lexical = Some(matched_words / total);
            cost += p.lexical_weight * (p.lexical_midpoint * total - matched_words);
        }
        ev.cost = cost;
        Some(ev)
    }
}

/// Anchors found on both sides and on one side only. Numbers pair up as multisets (weak ones,
/// single digits, count half); a Latin token in the Chinese is matched by any English token.
fn anchors(en: &[EnSentence], zh: &[ZhSentence]) -> (f32, f32) {
    let (mut matched, mut missed) = number_anchors(en, zh);
    for s in zh {
        for &t in &s.latin {
            if en.iter().any(|e| e.tokens.binary_search(&t).is_ok()) {
                matched += 1.0;
            } else {
                missed += 1.0;
            }
        }
    }
    (matched, missed)
}

/// The numbers of a bead paired as multisets: each value counts `min` times matched and the
/// difference missed. Sentences keep their numbers sorted, so this is a merge: no search, and no
/// allocation for the usual few numbers (this runs for every bead the search looks at).
fn number_anchors(en: &[EnSentence], zh: &[ZhSentence]) -> (f32, f32) {
    let weight = number_weight;
    let en_bits = en.iter().fold(0u128, |b, s| b | s.number_sig.bits);
    let zh_bits = zh.iter().fold(0u128, |b, s| b | s.number_sig.bits);
    if en_bits & zh_bits == 0 {
        // No value in common (or none on a side): all missed. Weights are halves and wholes,
        // so the sum is exact in any order.
        let missed = en.iter().map(|s| s.number_sig.weight).sum::<f32>()
            + zh.iter().map(|s| s.number_sig.weight).sum::<f32>();
        return (0.0, missed);
    }
    let mut en_buf = [0u64; 32];
    let mut zh_buf = [0u64; 32];
    let mut en_vec = Vec::new();
    let mut zh_vec = Vec::new();
    let en_sorted = sorted_union(en.iter().map(|s| &s.numbers[..]), &mut en_buf, &mut en_vec);
    let zh_sorted = sorted_union(zh.iter().map(|s| &s.numbers[..]), &mut zh_buf, &mut zh_vec);
    let (mut i, mut j) = (0, 0);
    let (mut matched, mut missed) = (0.0, 0.0);
    while i < en_sorted.len() && j < zh_sorted.len() {
        let (e, z) = (en_sorted[i], zh_sorted[j]);
        if e == z {
            matched += weight(e);
            i += 1;
            j += 1;
        } else if e < z {
            missed += weight(e);
            i += 1;
        } else {
            missed += weight(z);
            j += 1;
        }
    }
    missed += en_sorted[i..].iter().map(|&h| weight(h)).sum::<f32>();
    missed += zh_sorted[j..].iter().map(|&h| weight(h)).sum::<f32>();
    (matched, missed)
}

/// The sorted lists as one sorted list: in `buf` when it fits, else in `spill`.
fn sorted_union<'b, 'l>(
    lists: impl Iterator<Item = &'l [u64]> + Clone,
    buf: &'b mut [u64; 32],
    spill: &'b mut Vec<u64>,
) -> &'b [u64] {
    let total: usize = lists.clone().map(<[u64]>::len).sum();
    let mut single = lists.clone().filter(|l| !l.is_empty());
    if let (Some(only), None) = (single.next(), single.next()) {
        if only.len() <= buf.len() {
            buf[..only.len()].copy_from_slice(only);
            return &buf[..only.len()];
        }
    }
    if total <= buf.len() {
        let mut n = 0;
        for l in lists {
            buf[n..n + l.len()].copy_from_slice(l);
            n += l.len();
        }
        buf[..n].sort_unstable();
        return &buf[..n];
    }
    spill.extend(lists.flatten());
    spill.sort_unstable();
    spill
}
