//! Dynamic programming over beads, in a band around the diagonal.
//!
//! The band is `width` cells either side of the line from (0, 0) to (n, m); when the best path
//! comes near its edge the band is doubled and the search run again, so a document whose
//! alignment strays far from the diagonal still gets a wider search, and one that does not
//! costs O(n · width). The passes together visit at most [`BASE_CELLS`] plus
//! [`CELLS_PER_SENTENCE`] cells a sentence: time is linear in the document's length on any
//! input, including text where no path is better than another and every band looks too narrow.

use super::cost::{DocModel, BEAD_TYPES};
use super::embed::DocVectors;
use super::features::{pair_match, EnSentence, ZhSentence};
use super::AlignParams;

const INITIAL_WIDTH: usize = 24;
/// A path this close to the band's edge may have been cut off by it.
const EDGE_MARGIN: usize = 4;
/// Cells every document may spend over all passes: up to about 300 sentences a side the band
/// can widen to the full square (an abstract has a few dozen).
const BASE_CELLS: usize = 100_000;
/// Cells a longer document may spend per sentence (both sides) beyond [`BASE_CELLS`]: for any
/// length, room for the band of 24 either side of the diagonal and then one of 48. The gold
/// sets' longest documents (1,100-1,350 sentences a side) never needed more than 48.
const CELLS_PER_SENTENCE: usize = 128;
/// Widest bead side: pair matches are needed this far outside a row's band.
const MAX_SPAN: usize = 4;

/// One bead of the best path: English `i0..i1`, Chinese `j0..j1`.
pub(crate) type Span = (usize, usize, usize, usize);

struct Band {
    lo: Vec<usize>,
    hi: Vec<usize>,
    offset: Vec<usize>,
}

impl Band {
    fn new(n: usize, m: usize, width: usize) -> Band {
        let mut lo = Vec::with_capacity(n + 1);
        let mut hi = Vec::with_capacity(n + 1);
        let mut offset = Vec::with_capacity(n + 2);
        offset.push(0);
        for i in 0..=n {
            let center = if n == 0 {
                0.0
            } else {
                i as f64 * m as f64 / n as f64
            };
            let l = (center - width as f64).floor().max(0.0) as usize;
            let h = ((center + width as f64).ceil() as usize).min(m);
            lo.push(l.min(m));
            hi.push(h.max(l.min(m)));
            let last = offset[i];
            offset.push(last + hi[i] - lo[i] + 1);
        }
        Band { lo, hi, offset }
    }

    fn index(&self, i: usize, j: usize) -> Option<usize> {
        (j >= self.lo[i] && j <= self.hi[i]).then(|| self.offset[i] + j - self.lo[i])
    }

    fn cells(&self) -> usize {
        self.offset.last().copied().unwrap_or(0)
    }
}

/// The best path through the document, as beads in order.
pub(crate) fn best_path(
    en: &[EnSentence],
    zh: &[ZhSentence],
    params: &AlignParams,
    han_ratio: f32,
    vectors: Option<DocVectors>,
) -> Vec<Span> {
    let (n, m) = (en.len(), zh.len());
    let budget = BASE_CELLS + CELLS_PER_SENTENCE * (n + m);
    let mut spent = 0;
    let mut width = INITIAL_WIDTH;
    loop {
        let w = width.min(n.max(m));
        let band = Band::new(n, m, w);
        spent += band.cells();
        let wider = (n + 1).saturating_mul((4 * w + 1).min(m + 1));
        let last = w == n.max(m) || spent.saturating_add(wider) > budget;
        let mut model = DocModel {
            en,
            zh,
            params,
            han_ratio,
            pairs: Vec::with_capacity(MAX_SPAN),
            first_row: 0,
            vectors,
        };
        let path = search(&mut model, &band);
        if last || !near_edge(&path, &band, m) {
            return path;
        }
        width *= 2;
    }
}

/// Make the model hold the pair matches of English sentences `i - MAX_SPAN..i`: the rows the
/// beads ending in row `i` use. Rows are computed as the search reaches them and dropped behind
/// it, so memory stays that of a few rows however long the document.
fn slide_pair_rows(model: &mut DocModel, band: &Band, i: usize) {
    let n = model.en.len();
    let first = i.saturating_sub(MAX_SPAN);
    while model.first_row + model.pairs.len() < i {
        let r = model.first_row + model.pairs.len();
        let mut row = if model.first_row < first && !model.pairs.is_empty() {
            model.first_row += 1;
            model.pairs.remove(0).1
        } else {
            Vec::new()
        };
        row.clear();
        let lo = band.lo[r].saturating_sub(MAX_SPAN);
        let hi = band.hi[(r + MAX_SPAN).min(n)].min(model.zh.len());
        row.extend((lo..hi).map(|j| pair_match(&model.en[r], &model.zh[j])));
        model.pairs.push((lo, row));
    }
}

fn near_edge(path: &[Span], band: &Band, m: usize) -> bool {
    path.iter().any(|&(_, i1, _, j1)| {
        (band.lo[i1] > 0 && j1 < band.lo[i1] + EDGE_MARGIN)
            || (band.hi[i1] < m && j1 + EDGE_MARGIN > band.hi[i1])
    })
}

fn search(model: &mut DocModel, band: &Band) -> Vec<Span> {
    let n = model.en.len();
    let cells = band.cells();
    let mut cost = vec![f64::INFINITY; cells];
    let mut back = vec![u8::MAX; cells];
    if let Some(origin) = band.index(0, 0) {
        cost[origin] = 0.0;
    }
    for i in 0..=n {
        slide_pair_rows(model, band, i);
        for j in band.lo[i]..=band.hi[i] {
            let Some(here) = band.index(i, j) else {
                continue;
            };
            let mut best = cost[here];
            let mut best_type = back[here];
            for (t, &(a, b)) in BEAD_TYPES.iter().enumerate() {
                if a > i || b > j {
                    continue;
                }
                let Some(prev) = band.index(i - a, j - b) else {
                    continue;
                };
                let base = cost[prev];
                if !base.is_finite() {
                    continue;
                }
                let limit = (best - base) as f32;
                let Some(bead) = model.cost_below(i - a, i, j - b, j, limit) else {
                    continue;
                };
                let c = base + f64::from(bead);
                if c < best {
                    best = c;
                    best_type = t as u8;
                }
            }
            cost[here] = best;
            back[here] = best_type;
        }
    }
    let mut path = Vec::new();
    let (mut i, mut j) = (n, model.zh.len());
    while i > 0 || j > 0 {
        let Some(&(a, b)) = band
            .index(i, j)
            .and_then(|c| BEAD_TYPES.get(back[c] as usize))
        else {
            break;
        };
        path.push((i - a, i, j - b, j));
        i -= a;
        j -= b;
    }
    path.reverse();
    path
}
