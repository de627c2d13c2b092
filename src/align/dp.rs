//! Dynamic programming over beads, in a band around the diagonal.
//!
//! The band is `width` cells either side of the line from (0, 0) to (n, m); when the best path
//! comes near its edge the band is doubled and the search run again, so a document whose
//! alignment strays far from the diagonal still gets the full search, and one that does not
//! costs O(n · width).

use super::cost::{DocModel, BEAD_TYPES};
use super::features::{pair_match, EnSentence, ZhSentence};
use super::AlignParams;

const INITIAL_WIDTH: usize = 24;
/// A path this close to the band's edge may have been cut off by it.
const EDGE_MARGIN: usize = 4;
/// The band stops widening at this many cells: a pathological document (say, thousands of
/// near-identical sentences) gets a good path in bounded time rather than the full square.
const MAX_CELLS: usize = 2_000_000;
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
) -> Vec<Span> {
    let (n, m) = (en.len(), zh.len());
    let mut width = INITIAL_WIDTH;
    let max_width = (MAX_CELLS / (n + 1)).max(INITIAL_WIDTH);
    loop {
        let w = width.min(max_width).min(n.max(m));
        let last = w == n.max(m) || w == max_width;
        let band = Band::new(n, m, w);
        let model = DocModel {
            en,
            zh,
            params,
            han_ratio,
            pairs: pair_rows(en, zh, &band),
        };
        let path = search(&model, &band);
        if last || !near_edge(&path, &band, m) {
            return path;
        }
        width *= 2;
    }
}

fn pair_rows(
    en: &[EnSentence],
    zh: &[ZhSentence],
    band: &Band,
) -> Vec<(usize, Vec<crate::align::features::PairMatch>)> {
    let n = en.len();
    (0..n)
        .map(|i| {
            let first = band.lo[i].saturating_sub(MAX_SPAN);
            let last = band.hi[(i + MAX_SPAN).min(n)].min(zh.len());
            let row = (first..last).map(|j| pair_match(&en[i], &zh[j])).collect();
            (first, row)
        })
        .collect()
}

fn near_edge(path: &[Span], band: &Band, m: usize) -> bool {
    path.iter().any(|&(_, i1, _, j1)| {
        (band.lo[i1] > 0 && j1 < band.lo[i1] + EDGE_MARGIN)
            || (band.hi[i1] < m && j1 + EDGE_MARGIN > band.hi[i1])
    })
}

fn search(model: &DocModel, band: &Band) -> Vec<Span> {
    let n = model.en.len();
    let cells = band.cells();
    let mut cost = vec![f64::INFINITY; cells];
    let mut back = vec![u8::MAX; cells];
    if let Some(origin) = band.index(0, 0) {
        cost[origin] = 0.0;
    }
    for i in 0..=n {
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
                let c = base + f64::from(model.bead(i - a, i, j - b, j).cost);
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
