//! Matching the quantities of a source section with those of its translation, by value.
//!
//! Ranges are matched by their endpoints, so `12% to 35%` matches `12%~35%` and also `12%` and
//! `35%` written apart. Matching goes from strict to loose and from strong values to weak ones:
//! every strong value first looks for a strong partner, then for a weak one (`two reagents` takes
//! `两种` before `both` can), and only then do weak values pair. The relations, in order: exact
//! values; compatible ones (a unit on one side only, a year as number or date, a month with and
//! without year); integer bounds (`more than 8` = `≥9`); the same duration in other units
//! (`5岁` = 60 months). A mention with another reading (`01/07/2019`, `1, 798`, `1岁9个月`)
//! takes it when that reading accounts for it. What is still left: a name's number written apart
//! on one side (`'Core 20'` vs `Core20`, `(EP) 4` vs `EP4`), a count repeated after it was
//! matched (`n=27` three times, `27位` once), a value that follows from the numbers of its own
//! sentence pair (`54%` next to `6` of `11`) — and then the rest is paired into mismatches when
//! the two sit in sentences that translate each other, or reported as missing or extra. Weak
//! values are never reported.

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::value::{Amount, Bound, Decimal, QuantityKind, Unit};
use super::{NumberDictionaries, NumberMention, Quantity, Strength};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MismatchKind {
    /// Another value in the same slot: `75 documents` vs `57份文件`.
    Changed,
    /// The value times a power of ten: `36,000` vs `36万`.
    Scale,
    /// The same value with another unit: `5 mg` vs `5 g`, `3 months` vs `3年`.
    Unit,
}

/// A side of the comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    Source,
    Target,
}

/// How a value follows from two others of its sentence pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Derivation {
    /// `a / b` as a percentage: `54%` next to 6 of 11.
    Percentage,
    /// `a + b`: 126 episodes, 88 of one kind and 38 of the other.
    Sum,
    /// `a - b`: the rest.
    Difference,
    /// The months from one date to another: `42个月` from January 2013 to June 2016.
    Months,
}

/// One difference; indices point into the slices given to [`compare`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NumberDiff {
    Missing {
        source: usize,
    },
    Extra {
        target: usize,
    },
    Mismatch {
        source: usize,
        target: usize,
        kind: MismatchKind,
    },
    /// A value on one side only that follows from two values of the same sentence pair
    /// (`from[0]`, `from[1]`, each a side and a mention index): not a discrepancy a reader would
    /// call one, but worth a look.
    Derived {
        side: Side,
        mention: usize,
        how: Derivation,
        from: [(Side, usize); 2],
    },
}

/// What alignment tells the comparison: the sentence pair (bead) each mention sits in, by
/// mention index (`None` when unknown), and the text of each sentence pair on each side, as byte
/// ranges of the section texts. A changed number is only paired with one in the sentence that
/// translates its own.
#[derive(Debug, Clone, Copy)]
pub struct Placement<'a> {
    pub source: &'a [Option<usize>],
    pub target: &'a [Option<usize>],
    pub source_sentences: &'a [Range<usize>],
    pub target_sentences: &'a [Range<usize>],
}

/// One end of a mention: ranges contribute two.
struct Atom<'a> {
    mention: usize,
    value: &'a Quantity,
    strength: Strength,
    /// Position in its text as a fraction of the text length, to pair leftovers by place.
    place: f64,
    /// The upper end of a range (`6月龄至5岁`: to the fifth birthday, 59 months).
    high: bool,
    ordinal: bool,
    /// A count of things (a number with a noun or measure word, no unit): `5例`, `eight factors`.
    count: bool,
    bead: Option<usize>,
    /// The words quoted around the number (`n=`, ` times`): a count said again with the same
    /// words is the same count.
    phrase: (&'a str, &'a str),
    matched: bool,
    /// Matched to a value of the other side (not merely excused).
    paired: bool,
    /// Paired with another value of the other side as a mismatch.
    mismatched: bool,
    /// The mentions of the other side this one was matched to by value (a range may match two).
    partners: Vec<usize>,
}

fn atoms<'a>(
    mentions: &'a [NumberMention],
    text: &'a str,
    beads: Option<&[Option<usize>]>,
) -> Vec<Atom<'a>> {
    let len = text.len().max(1) as f64;
    let mut out = Vec::with_capacity(mentions.len() + 4);
    for (i, m) in mentions.iter().enumerate() {
        let ends = m.value.endpoints();
        let n = ends.len();
        for (k, value) in ends.into_iter().enumerate() {
            out.push(Atom {
                mention: i,
                value,
                strength: m.strength,
                place: m.span.start as f64 / len,
                high: n == 2 && k == 1,
                ordinal: m.ordinal,
                count: n == 1
                    && m.context.end > m.span.end
                    && value.bound == Bound::Exact
                    && matches!(
                        value.kind,
                        QuantityKind::Number {
                            amount: Amount::Decimal(d),
                            unit: None,
                        } if d.is_integer()
                    ),
                bead: beads.and_then(|b| b.get(i).copied().flatten()),
                phrase: (
                    text.get(m.context.start..m.span.start).unwrap_or(""),
                    text.get(m.span.end..m.context.end).unwrap_or(""),
                ),
                matched: false,
                paired: false,
                mismatched: false,
                partners: Vec::new(),
            });
        }
    }
    out
}

/// Sections of up to this many atoms a side are searched whole for a partner.
const SEARCH_ALL: usize = 512;
/// Past that, an atom looks at this many atoms either side of its place on the other side, and
/// as many of its own sentence pair's: matching stays linear on any input.
const WINDOW: usize = 48;
/// A value is derived from at most this many agreed values of its sentence pair.
const DERIVE_FROM: usize = 48;

/// Where to look for an atom's partner among one side's atoms.
struct Near {
    all: bool,
    len: usize,
    places: Vec<f64>,
    /// First and last atom of each sentence pair.
    beads: HashMap<usize, (usize, usize)>,
}

impl Near {
    fn new(atoms: &[Atom]) -> Self {
        let all = atoms.len() <= SEARCH_ALL;
        let mut beads = HashMap::new();
        if !all {
            for (i, a) in atoms.iter().enumerate() {
                if let Some(b) = a.bead {
                    beads
                        .entry(b)
                        .and_modify(|r: &mut (usize, usize)| r.1 = i)
                        .or_insert((i, i));
                }
            }
        }
        Near {
            all,
            len: atoms.len(),
            places: if all {
                Vec::new()
            } else {
                atoms.iter().map(|a| a.place).collect()
            },
            beads,
        }
    }

    /// The atoms to look at for a partner of an atom at `place` in sentence pair `bead`, in text
    /// order within each range: its sentence pair's, then those near its place.
    fn around(&self, place: f64, bead: Option<usize>) -> impl Iterator<Item = usize> {
        let (in_bead, nearby) = if self.all {
            (0..self.len, 0..0)
        } else {
            let c = self.places.partition_point(|p| *p < place);
            let nearby = c.saturating_sub(WINDOW)..(c + WINDOW).min(self.len);
            let in_bead = match bead.and_then(|b| self.beads.get(&b)) {
                Some(&(first, last)) => {
                    let centre = c.clamp(first, last);
                    centre.saturating_sub(WINDOW).max(first)..(centre + WINDOW).min(last + 1)
                }
                None => 0..0,
            };
            (in_bead, nearby)
        };
        in_bead.chain(nearby)
    }
}

/// Differences between the quantities of a source section and its translation, ordered by
/// source index then target index.
pub fn compare(
    source: &[NumberMention],
    target: &[NumberMention],
    source_text: &str,
    target_text: &str,
) -> Vec<NumberDiff> {
    compare_aligned(source, target, source_text, target_text, None, None)
}

type Relation = fn(&Atom, &Atom) -> bool;

/// [`compare`], knowing which sentence pair each mention is in, and with the words that refer to
/// a set without counting it (`all`, `both`, `各`): a count against one of them in the sentence
/// that translates it is no discrepancy.
pub fn compare_aligned(
    source: &[NumberMention],
    target: &[NumberMention],
    source_text: &str,
    target_text: &str,
    placement: Option<Placement>,
    dict: Option<&NumberDictionaries>,
) -> Vec<NumberDiff> {
    compare_linked(source, target, source_text, target_text, placement, dict).diffs
}

/// What a comparison found: the differences, and which mentions matched by value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Comparison {
    pub diffs: Vec<NumberDiff>,
    /// Pairs of mentions (source index, target index) that matched by value, in source order:
    /// what a side-by-side view links. Changed numbers are in `diffs`, not here.
    pub matched: Vec<(usize, usize)>,
}

/// [`compare_aligned`], also telling which source mention matched which target mention.
pub fn compare_linked(
    source: &[NumberMention],
    target: &[NumberMention],
    source_text: &str,
    target_text: &str,
    placement: Option<Placement>,
    dict: Option<&NumberDictionaries>,
) -> Comparison {
    let mut src = atoms(source, source_text, placement.map(|p| p.source));
    let mut tgt = atoms(target, target_text, placement.map(|p| p.target));
    let (near_src, near_tgt) = (Near::new(&src), Near::new(&tgt));

    let relations: [Relation; 4] = [
        |a, b| a.value.same_value(b.value),
        |a, b| a.value.compatible(b.value),
        |a, b| bounds_equivalent(a.value, b.value),
        |a, b| same_duration(a.value, b.value, a.high && b.high),
    ];
    // Strong values first, ordinals with ordinals (`20th week` ↔ `第20周`), then strong values
    // with weak counts (`two reagents` ↔ `两种`), with ordinals, and weak values last.
    use Class::{Ordinal, Strong, Weak, WeakCount};
    for (s, t) in [
        (Strong, Strong),
        (Ordinal, Ordinal),
        (Strong, WeakCount),
        (WeakCount, Strong),
        (Strong, Ordinal),
        (Ordinal, Strong),
        (Weak, Weak),
    ] {
        for accept in relations {
            pair_up(&mut src, &mut tgt, &near_tgt, s, t, accept);
        }
    }
    take_alternatives(&mut src, source, &mut tgt, &near_tgt);
    take_alternatives(&mut tgt, target, &mut src, &near_src);
    let (src_codes, tgt_codes) = (OnceCell::new(), OnceCell::new());
    rescue_glued(
        &mut src,
        source,
        source_text,
        target_text,
        &src_codes,
        &tgt_codes,
    );
    rescue_glued(
        &mut tgt,
        target,
        target_text,
        source_text,
        &tgt_codes,
        &src_codes,
    );
    // `38 times … the 38 times`, `(n=27) … (n=27)`: the same count in the same words, said
    // again, before it can be taken for a changed number.
    repeated_counts(&mut src, true);
    repeated_counts(&mut tgt, true);
    let mut diffs = Vec::new();

    // Weak leftovers are legitimate additions or omissions; they must not pair with a real
    // leftover either.
    for a in src.iter_mut().chain(tgt.iter_mut()) {
        if !a.matched && a.strength == Strength::Weak {
            a.matched = true;
        }
    }

    let mut mismatch = |src: &mut [Atom],
                        tgt: &mut [Atom],
                        kind: MismatchKind,
                        same_slot: &dyn Fn(&Atom, &Atom) -> bool| {
        for s in src.iter_mut().filter(|a| !a.matched) {
            let found = near_tgt.around(s.place, s.bead).find(|&j| {
                let t = &tgt[j];
                !t.matched && same_sentence(s, t) && same_slot(s, t)
            });
            if let Some(t) = found.map(|j| &mut tgt[j]) {
                s.matched = true;
                t.matched = true;
                s.mismatched = true;
                t.mismatched = true;
                diffs.push(NumberDiff::Mismatch {
                    source: s.mention,
                    target: t.mention,
                    kind,
                });
            }
        }
    };
    mismatch(&mut src, &mut tgt, MismatchKind::Unit, &|s, t| {
        s.value.unit_differs(t.value)
    });
    mismatch(&mut src, &mut tgt, MismatchKind::Scale, &|s, t| {
        s.value.scale_differs(t.value)
    });
    mismatch(&mut src, &mut tgt, MismatchKind::Changed, &|s, t| {
        s.value.unit().is_some() && s.value.unit() == t.value.unit()
    });
    mismatch(&mut src, &mut tgt, MismatchKind::Changed, &|s, t| {
        s.value.is_datelike() && t.value.is_datelike()
    });
    // `P<0.05` and `P<0.01`: the same bound is the same slot.
    mismatch(&mut src, &mut tgt, MismatchKind::Changed, &|s, t| {
        s.value.bound != Bound::Exact && s.value.bound == t.value.bound
    });
    // The same number of leftovers on each side of a sentence pair: they are the same slots, in
    // order.
    let mut left: HashMap<Option<usize>, (usize, usize)> = HashMap::new();
    for a in src.iter().filter(|a| !a.matched && !a.value.is_datelike()) {
        left.entry(a.bead).or_default().0 += 1;
    }
    for a in tgt.iter().filter(|a| !a.matched && !a.value.is_datelike()) {
        left.entry(a.bead).or_default().1 += 1;
    }
    let in_order = |bead: Option<usize>| left.get(&bead).is_some_and(|(s, t)| s == t);
    mismatch(&mut src, &mut tgt, MismatchKind::Changed, &|s, t| {
        !s.value.is_datelike()
            && !t.value.is_datelike()
            && (in_order(s.bead) && t.bead == s.bead || (s.place - t.place).abs() < 0.08)
    });

    // Two leftovers of one sentence pair whose values are close (`88` and `89`) are one number
    // changed, even when other leftovers make the counts differ.
    mismatch(&mut src, &mut tgt, MismatchKind::Changed, &|s, t| {
        close_values(s.value, t.value)
    });

    // What is left and is no mismatch may still be no discrepancy: a count said again, a count
    // against a word for the same set, a value that follows from its sentence pair.
    repeated_counts(&mut src, false);
    repeated_counts(&mut tgt, false);
    if let Some(dict) = dict {
        let sentences = placement.map(|p| (p.source_sentences, p.target_sentences));
        set_references(&mut src, target_text, sentences.map(|s| s.1), dict);
        set_references(&mut tgt, source_text, sentences.map(|s| s.0), dict);
    }
    derived(&mut src, &tgt, Side::Source, &mut diffs);
    derived(&mut tgt, &src, Side::Target, &mut diffs);

    diffs.extend(
        src.iter()
            .filter(|a| !a.matched)
            .map(|a| NumberDiff::Missing { source: a.mention }),
    );
    diffs.extend(
        tgt.iter()
            .filter(|a| !a.matched)
            .map(|a| NumberDiff::Extra { target: a.mention }),
    );
    // Partners are recorded on both sides; either side's record names the pair.
    let mut matched: Vec<(usize, usize)> = src
        .iter()
        .flat_map(|a| a.partners.iter().map(move |&t| (a.mention, t)))
        .chain(
            tgt.iter()
                .flat_map(|a| a.partners.iter().map(move |&s| (s, a.mention))),
        )
        .collect();
    matched.sort_unstable();
    matched.dedup();
    Comparison {
        diffs: one_finding_per_mention(diffs),
        matched,
    }
}

/// One cause, one finding: a mention appears in at most one difference (a range written another
/// way on the other side is one mismatch, not one per end), the first in reading order.
fn one_finding_per_mention(mut diffs: Vec<NumberDiff>) -> Vec<NumberDiff> {
    let key = |d: &NumberDiff| match *d {
        NumberDiff::Missing { source } => (source, usize::MAX),
        NumberDiff::Extra { target } => (usize::MAX, target),
        NumberDiff::Mismatch { source, target, .. } => (source, target),
        NumberDiff::Derived { side, mention, .. } => match side {
            Side::Source => (mention, usize::MAX),
            Side::Target => (usize::MAX, mention),
        },
    };
    diffs.sort_by_key(key);
    let mut seen_src = std::collections::HashSet::new();
    let mut seen_tgt = std::collections::HashSet::new();
    diffs.retain(|d| {
        let (s, t) = match *d {
            NumberDiff::Missing { source } => (Some(source), None),
            NumberDiff::Extra { target } => (None, Some(target)),
            NumberDiff::Mismatch { source, target, .. } => (Some(source), Some(target)),
            NumberDiff::Derived { side, mention, .. } => match side {
                Side::Source => (Some(mention), None),
                Side::Target => (None, Some(mention)),
            },
        };
        let fresh =
            s.is_none_or(|s| !seen_src.contains(&s)) && t.is_none_or(|t| !seen_tgt.contains(&t));
        if fresh {
            seen_src.extend(s);
            seen_tgt.extend(t);
        }
        fresh
    });
    diffs
}

fn same_sentence(a: &Atom, b: &Atom) -> bool {
    match (a.bead, b.bead) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    }
}

/// Which matching pass an atom takes part in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Strong,
    /// Weak and not an ordinal (`one`, `两`, `both`).
    WeakCount,
    Ordinal,
    /// Any weak atom.
    Weak,
}

impl Class {
    fn has(self, a: &Atom) -> bool {
        match self {
            Class::Strong => a.strength == Strength::Strong,
            Class::WeakCount => a.strength == Strength::Weak && !a.ordinal,
            Class::Ordinal => a.strength == Strength::Weak && a.ordinal,
            Class::Weak => a.strength == Strength::Weak,
        }
    }
}

/// Greedy one-to-one matching in text order between source atoms of class `s` and target atoms
/// of class `t`: each takes the free atom the relation accepts, in its own sentence pair if it
/// can, else the nearest in place.
fn pair_up(
    src: &mut [Atom],
    tgt: &mut [Atom],
    near: &Near,
    s_class: Class,
    t_class: Class,
    accept: Relation,
) {
    for s in src.iter_mut().filter(|a| !a.matched && s_class.has(a)) {
        let mut best: Option<usize> = None;
        for j in near.around(s.place, s.bead) {
            let t = &tgt[j];
            if t.matched || !t_class.has(t) || !accept(s, t) {
                continue;
            }
            let better = match best {
                None => true,
                Some(b) => {
                    let b = &tgt[b];
                    let here = |x: &Atom| x.bead.is_some() && x.bead == s.bead;
                    (here(t) && !here(b))
                        || (here(t) == here(b)
                            && (t.place - s.place).abs() < (b.place - s.place).abs())
                }
            };
            if better {
                best = Some(j);
            }
        }
        if let Some(j) = best {
            s.matched = true;
            s.paired = true;
            s.partners.push(tgt[j].mention);
            tgt[j].matched = true;
            tgt[j].partners.push(s.mention);
            tgt[j].paired = true;
        }
    }
}

/// Plain numbers of the same kind within a fifth of each other (`88` and `89`, `97.1` and
/// `96.7`) or with their digits swapped (`38` and `83`): a typo or a recomputation, not two
/// unrelated values.
fn close_values(a: &Quantity, b: &Quantity) -> bool {
    let (Some(x), Some(y)) = (a.amount(), b.amount()) else {
        return false;
    };
    let (Some(x), Some(y)) = (x.as_decimal(), y.as_decimal()) else {
        return false;
    };
    if a.unit() != b.unit()
        || x.is_integer() != y.is_integer()
        || a.is_datelike()
        || b.is_datelike()
    {
        return false;
    }
    let digits = |d: Decimal| {
        let mut v: Vec<u8> = d.to_string().bytes().filter(u8::is_ascii_digit).collect();
        v.sort_unstable();
        v
    };
    if digits(x) == digits(y) {
        return true;
    }
    let (x, y) = (x.to_f64(), y.to_f64());
    x != 0.0 && y != 0.0 && x.signum() == y.signum() && (x - y).abs() <= 0.2 * x.abs().max(y.abs())
}

/// `more than 8` = `≥9`, `<5` = `≤4`: bounds on whole numbers said two ways.
fn bounds_equivalent(a: &Quantity, b: &Quantity) -> bool {
    let int = |q: &Quantity| q.amount()?.as_decimal()?.as_int();
    let (Some(x), Some(y)) = (int(a), int(b)) else {
        return false;
    };
    let units_agree = match (a.unit(), b.unit()) {
        (Some(u), Some(v)) => u == v,
        _ => true,
    };
    let one_way = |p: &Quantity, m: i128, q: &Quantity, n: i128| {
        matches!(
            (p.bound, q.bound),
            (Bound::Greater, Bound::GreaterOrEqual) if n == m + 1
        ) || matches!(
            (p.bound, q.bound),
            (Bound::Less, Bound::LessOrEqual) if n == m - 1
        )
    };
    units_agree && (one_way(a, x, b, y) || one_way(b, y, a, x))
}

/// A duration in other units: `5岁` = 60 months, `2 weeks` = `14天`. The upper ends of two
/// ranges may differ by one of the smaller unit (`6月龄至5岁` = 6–59 months: to the birthday).
fn same_duration(a: &Quantity, b: &Quantity, upper_ends: bool) -> bool {
    let in_small = |q: &Quantity| -> Option<(Decimal, &'static str)> {
        let QuantityKind::Number {
            amount: Amount::Decimal(d),
            unit: Some(Unit { base, per: None }),
        } = q.kind
        else {
            return None;
        };
        match base {
            "year" => Some((d.checked_mul_int(12)?, "month")),
            "month" => Some((d, "month")),
            "week" => Some((d.checked_mul_int(7)?, "day")),
            "day" => Some((d, "day")),
            _ => None,
        }
    };
    let (Some((x, ux)), Some((y, uy))) = (in_small(a), in_small(b)) else {
        return false;
    };
    if ux != uy || a.unit() == b.unit() {
        return false;
    }
    x == y
        || (upper_ends
            && (x.checked_add(Decimal::from_int(1)) == Some(y)
                || y.checked_add(Decimal::from_int(1)) == Some(x)))
}

/// A mention none of whose ends matched takes another reading of its words when every value of
/// that reading finds an unmatched partner on the other side (`01/07/2019` read as 1 July,
/// `1, 798` read as a list).
fn take_alternatives(
    side: &mut [Atom],
    mentions: &[NumberMention],
    other: &mut [Atom],
    near: &Near,
) {
    for (i, m) in mentions.iter().enumerate() {
        if m.alternatives.is_empty() {
            continue;
        }
        // Atoms are in mention order: this mention's are one run.
        let first = side.partition_point(|a| a.mention < i);
        let own = first..first + side[first..].iter().take_while(|a| a.mention == i).count();
        if side[own.clone()].iter().any(|a| a.matched) {
            continue;
        }
        let (place, bead) = side
            .get(own.start)
            .map_or((0.0, None), |a| (a.place, a.bead));
        for reading in &m.alternatives {
            let mut taken: Vec<usize> = Vec::with_capacity(reading.len());
            let all = reading.iter().all(|value| {
                let found = near.around(place, bead).find(|&j| {
                    let o = &other[j];
                    !o.matched
                        && !taken.contains(&j)
                        && (o.value.same_value(value) || o.value.compatible(value))
                });
                found.map(|j| taken.push(j)).is_some()
            });
            if all {
                let partners: Vec<usize> = taken.iter().map(|&j| other[j].mention).collect();
                for j in taken {
                    other[j].matched = true;
                    other[j].paired = true;
                    other[j].partners.push(i);
                }
                for a in &mut side[own.clone()] {
                    a.matched = true;
                    a.paired = true;
                    a.partners.extend(&partners);
                }
                break;
            }
        }
    }
}

/// A count said again after it was matched (`n=27` for each of three samples of the same 27
/// patients; `the 2 groups` after `divided into 2 groups`): a translation may say it once. Only
/// whole numbers without a unit: a repeated `P<0.05` or `20%` is another finding.
fn repeated_counts<'a>(side: &mut [Atom<'a>], same_words: bool) {
    let is_count = |q: &Quantity| {
        q.bound == Bound::Exact
            && !q.is_datelike()
            && matches!(
                q.kind,
                QuantityKind::Number {
                    amount: Amount::Decimal(d),
                    unit: None,
                } if d.is_integer()
            )
    };
    // The values said once already, by whole number: a count looks only at its own.
    let whole = |q: &Quantity| match q.kind {
        QuantityKind::Number { unit: None, .. } => q.amount()?.as_decimal()?.as_int(),
        _ => None,
    };
    let words = |a: &Atom<'a>| if same_words { a.phrase } else { ("", "") };
    let mut said: HashMap<(i128, (&str, &str)), Vec<usize>> = HashMap::new();
    for (k, o) in side.iter().enumerate() {
        if o.paired || o.mismatched {
            if let Some(n) = whole(o.value) {
                said.entry((n, words(o))).or_default().push(k);
            }
        }
    }
    for i in 0..side.len() {
        if side[i].matched || side[i].strength != Strength::Strong || !is_count(side[i].value) {
            continue;
        }
        let Some(same) = whole(side[i].value).and_then(|n| said.get(&(n, words(&side[i])))) else {
            continue;
        };
        let again = same.iter().map(|&k| &side[k]).any(|o| {
            o.mention != side[i].mention
                && o.value.same_value(side[i].value)
                && (!same_words || o.phrase == side[i].phrase)
        });
        if again {
            side[i].matched = true;
        }
    }
}

/// A count on one side against a word that refers to the same set without counting it in the
/// sentence that translates it: `eight factors of SF-36` ↔ `SF-36各因子`, `among them` ↔
/// `在126例次中`.
fn set_references(
    side: &mut [Atom],
    other_text: &str,
    other_sentences: Option<&[Range<usize>]>,
    dict: &NumberDictionaries,
) {
    // One reading of each sentence, however many counts it has.
    let mut refers: HashMap<Option<usize>, bool> = HashMap::new();
    for a in side
        .iter_mut()
        .filter(|a| !a.matched && a.count && a.strength == Strength::Strong)
    {
        let key = other_sentences.and(a.bead);
        let refers_here = *refers.entry(key).or_insert_with(|| {
            let sentence = match (other_sentences, a.bead) {
                (Some(sentences), Some(b)) => sentences
                    .get(b)
                    .and_then(|r| other_text.get(r.clone()))
                    .unwrap_or(""),
                _ => other_text,
            };
            dict.refers_to_set(sentence)
        });
        if refers_here {
            a.matched = true;
        }
    }
}

/// Values on one side only that follow from two values of their sentence pair, on either side.
fn derived(side: &mut [Atom], other: &[Atom], which: Side, diffs: &mut Vec<NumberDiff>) {
    let other_side = match which {
        Side::Source => Side::Target,
        Side::Target => Side::Source,
    };
    // Only values both sides agree on: a leftover cannot explain another.
    let pool: Vec<(Side, usize, &Quantity, Option<usize>)> = side
        .iter()
        .filter(|a| a.paired)
        .map(|a| (which, a.mention, a.value, a.bead))
        .chain(
            other
                .iter()
                .filter(|a| a.paired)
                .map(|a| (other_side, a.mention, a.value, a.bead)),
        )
        .collect();
    let mut by_bead: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut unplaced = Vec::new();
    for (k, p) in pool.iter().enumerate() {
        match p.3 {
            Some(b) => by_bead.entry(b).or_default().push(k),
            None => unplaced.push(k),
        }
    }
    for a in side
        .iter_mut()
        .filter(|a| !a.matched && a.strength == Strength::Strong)
    {
        // The agreed values of its sentence pair (all of them when it has none), a bounded few.
        let own = a
            .bead
            .and_then(|b| by_bead.get(&b))
            .map_or(&[][..], Vec::as_slice);
        let mut from: Vec<usize> = match a.bead {
            Some(_) if own.len() + unplaced.len() <= DERIVE_FROM => {
                own.iter().chain(&unplaced).copied().collect()
            }
            None if pool.len() <= DERIVE_FROM => (0..pool.len()).collect(),
            _ => continue,
        };
        from.sort_unstable();
        let near: Vec<&PoolItem> = from
            .into_iter()
            .map(|k| &pool[k])
            .filter(|(s, m, _, _)| !(*s == which && *m == a.mention))
            .collect();
        if let Some((how, x, y)) = derivation(a.value, &near) {
            a.matched = true;
            diffs.push(NumberDiff::Derived {
                side: which,
                mention: a.mention,
                how,
                from: [(x.0, x.1), (y.0, y.1)],
            });
        }
    }
}

type PoolItem<'a> = (Side, usize, &'a Quantity, Option<usize>);
/// A mention on one side.
type MentionRef = (Side, usize);

fn derivation(v: &Quantity, near: &[&PoolItem]) -> Option<(Derivation, MentionRef, MentionRef)> {
    let plain = |q: &Quantity| match q.kind {
        QuantityKind::Number {
            amount: Amount::Decimal(d),
            unit,
        } if unit.is_none_or(|u| !u.is_percent()) => Some(d),
        _ => None,
    };
    let id = |p: &PoolItem| (p.0, p.1);
    match v.kind {
        QuantityKind::Number {
            amount: Amount::Decimal(pct),
            unit: Some(u),
        } if u.is_percent() => {
            // Within one unit of the last digit written: rounded or cut.
            let decimals = pct.to_string().split('.').nth(1).map_or(0, str::len) as i32;
            let tolerance = 10f64.powi(-decimals) + 1e-9;
            for x in near {
                for y in near {
                    let (Some(a), Some(b)) = (plain(x.2), plain(y.2)) else {
                        continue;
                    };
                    let (a, b) = (a.to_f64(), b.to_f64());
                    if a > 0.0 && b > a && (a / b * 100.0 - pct.to_f64()).abs() <= tolerance {
                        return Some((Derivation::Percentage, id(x), id(y)));
                    }
                }
            }
            None
        }
        QuantityKind::Number {
            amount: Amount::Decimal(n),
            unit,
        } if n.is_integer() => {
            let n_int = n.as_int()?;
            if unit.is_some_and(|u| u.base == "month") || unit.is_none() {
                // Months between two dates of the same sentence pair, counted either way.
                let dates: Vec<&&PoolItem> = near
                    .iter()
                    .filter(|p| matches!(p.2.kind, QuantityKind::Date(d) if d.year.is_some() && d.month.is_some()))
                    .collect();
                for x in &dates {
                    for y in &dates {
                        let (QuantityKind::Date(d1), QuantityKind::Date(d2)) =
                            (&x.2.kind, &y.2.kind)
                        else {
                            continue;
                        };
                        let (Some(y1), Some(m1), Some(y2), Some(m2)) =
                            (d1.year, d1.month, d2.year, d2.month)
                        else {
                            continue;
                        };
                        let months = i128::from(y2 - y1) * 12 + i128::from(m2) - i128::from(m1);
                        if months > 0 && (months == n_int || months + 1 == n_int) {
                            return Some((Derivation::Months, id(x), id(y)));
                        }
                    }
                }
            }
            if n_int < 10 || unit.is_some() {
                return None;
            }
            let counts: Vec<(&&PoolItem, i128)> = near
                .iter()
                .filter(|p| p.2.unit().is_none() && !p.2.is_datelike())
                .filter_map(|p| Some((p, plain(p.2)?.as_int()?)))
                .filter(|(_, c)| *c >= 2 && *c != n_int)
                .collect();
            for (x, a) in &counts {
                for (y, b) in &counts {
                    if id(x) == id(y) {
                        continue;
                    }
                    if a + b == n_int {
                        return Some((Derivation::Sum, id(x), id(y)));
                    }
                    if a - b == n_int {
                        return Some((Derivation::Difference, id(x), id(y)));
                    }
                }
            }
            None
        }
        _ => None,
    }
}

/// `'Core 20'` in one text and `Core20` in the other, `(EP) 4 agonist` and `EP4`,
/// `microRNA (miR)-150` and `miR-150`: the number is part of a name written apart on one side
/// only, and is not a quantity to report. So is a number right after a word that ends a name
/// whose code ends in it (`transcription factor 2` beside `RUNX2`, `Review Manager 5.3` beside
/// `RevMan5.3`).
fn rescue_glued<'t>(
    side: &mut [Atom],
    mentions: &[NumberMention],
    text: &'t str,
    other_text: &'t str,
    codes: &OnceCell<Codes<'t>>,
    other_codes: &OnceCell<Codes<'t>>,
) {
    let both = || {
        [
            codes.get_or_init(|| Codes::read(text)),
            other_codes.get_or_init(|| Codes::read(other_text)),
        ]
    };
    for a in side.iter_mut().filter(|a| !a.matched) {
        let Some(m) = mentions.get(a.mention) else {
            continue;
        };
        let Some(number) = text.get(m.span.clone()) else {
            continue;
        };
        if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
            continue;
        }
        let Some(before) = text.get(..m.span.start) else {
            continue;
        };
        let letters_end = before
            .trim_end_matches([' ', '-'])
            .trim_end_matches([')', '(', '）', '（']);
        let word_len = letters_end
            .bytes()
            .rev()
            .take_while(u8::is_ascii_alphabetic)
            .count();
        let apart = letters_end.len() < before.len();
        if word_len >= 2 && apart {
            let word = &letters_end[letters_end.len() - word_len..];
            let glued = |c: &&Codes| {
                c.glued.contains(&(word, false, number)) || c.glued.contains(&(word, true, number))
            };
            if both().iter().any(glued) {
                a.matched = true;
                continue;
            }
        }
        if name_number(text, m) && both().iter().any(|c| c.ending.contains(number)) {
            a.matched = true;
        }
    }
}

/// The codes of a text, read once when a number first needs them.
struct Codes<'t> {
    /// Letters glued to a number, or joined by a hyphen (`Core20`, `miR-150`): the letters (all
    /// of a word), the hyphen, and the number or any part of it before a point (`RevMan5`,
    /// `RevMan5.3`).
    glued: HashSet<(&'t str, bool, &'t str)>,
    /// Numbers ending a code of two letters or more, one a capital (`RUNX2`, `RevMan5.3`).
    ending: HashSet<&'t str>,
}

impl<'t> Codes<'t> {
    fn read(t: &'t str) -> Self {
        let b = t.as_bytes();
        let mut codes = Codes {
            glued: HashSet::new(),
            ending: HashSet::new(),
        };
        let mut i = 0;
        while i < b.len() {
            if !b[i].is_ascii_alphabetic() {
                i += 1;
                continue;
            }
            let start = i;
            while i < b.len() && b[i].is_ascii_alphabetic() {
                i += 1;
            }
            let word = &t[start..i];
            let hyphen = b.get(i) == Some(&b'-');
            let from = if hyphen { i + 1 } else { i };
            let mut end = from;
            while end < b.len() && (b[end].is_ascii_digit() || b[end] == b'.') {
                end += 1;
            }
            if end == from || !b[from].is_ascii_digit() {
                continue;
            }
            let run = &t[from..end];
            for (k, _) in run.match_indices('.') {
                codes.glued.insert((word, hyphen, &run[..k]));
            }
            codes.glued.insert((word, hyphen, run));
            let capital = word.bytes().any(|c| c.is_ascii_uppercase());
            if !hyphen
                && word.len() >= 2
                && capital
                && !b.get(end).is_some_and(u8::is_ascii_alphabetic)
            {
                codes.ending.insert(run);
            }
        }
        codes
    }
}

/// A bare number right after a name word: capitalized, long, or Chinese (`factor 2`,
/// `Manager 5.3`, `因子2`), not after a short function word (`with 5`, `in 6`).
fn name_number(text: &str, m: &NumberMention) -> bool {
    if m.value.unit().is_some() || m.value.bound != Bound::Exact {
        return false;
    }
    let before = text[..m.span.start].trim_end_matches(' ');
    let word: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    let capitalized = word.chars().last().is_some_and(|c| c.is_ascii_uppercase());
    capitalized || word.len() >= 6 || before.ends_with(crate::lang::is_han)
}
