//! Matching the quantities of a source section with those of its translation, by value.
//!
//! Ranges are matched by their endpoints, so `12% to 35%` matches `12%~35%` and also `12%` and
//! `35%` written apart. Matching goes from strict to loose: exact values, then compatible ones
//! (a unit on one side only, a year as number or date, a month with and without year), then a
//! number spaced from a word on one side and glued into an identifier on the other (`'Core 20'`
//! vs `“Core20”`). What is left is paired into mismatches when it is clearly the same slot, and
//! otherwise reported as missing or extra, except weak values, which are dropped.

use super::{NumberMention, Quantity, Strength};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MismatchKind {
    /// Another value in the same slot: `75 documents` vs `57份文件`.
    Changed,
    /// The value times a power of ten: `36,000` vs `36万`.
    Scale,
    /// The same value with another unit: `5 mg` vs `5 g`, `3 months` vs `3年`.
    Unit,
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
}

/// One end of a mention: ranges contribute two.
struct Atom<'a> {
    mention: usize,
    value: &'a Quantity,
    strength: Strength,
    /// Position in its text as a fraction of the text length, to pair leftovers by place.
    place: f64,
    matched: bool,
}

fn atoms<'a>(mentions: &'a [NumberMention], text_len: usize) -> Vec<Atom<'a>> {
    let len = text_len.max(1) as f64;
    mentions
        .iter()
        .enumerate()
        .flat_map(|(i, m)| {
            m.value.endpoints().into_iter().map(move |value| Atom {
                mention: i,
                value,
                strength: m.strength,
                place: m.span.start as f64 / len,
                matched: false,
            })
        })
        .collect()
}

/// Differences between the quantities of a source section and its translation, ordered by
/// source index then target index.
pub fn compare(
    source: &[NumberMention],
    target: &[NumberMention],
    source_text: &str,
    target_text: &str,
) -> Vec<NumberDiff> {
    let mut src = atoms(source, source_text.len());
    let mut tgt = atoms(target, target_text.len());

    pair_up(&mut src, &mut tgt, |a, b| a.same_value(b));
    pair_up(&mut src, &mut tgt, |a, b| a.compatible(b));
    rescue_glued(&mut src, source, source_text, target_text);
    rescue_glued(&mut tgt, target, target_text, source_text);

    // Weak leftovers are legitimate additions or omissions; they must not pair with a real
    // leftover either.
    for a in src.iter_mut().chain(tgt.iter_mut()) {
        if !a.matched && a.strength == Strength::Weak {
            a.matched = true;
        }
    }

    let mut diffs = Vec::new();
    let mut mismatch = |src: &mut [Atom],
                        tgt: &mut [Atom],
                        kind: MismatchKind,
                        same_slot: &dyn Fn(&Atom, &Atom) -> bool| {
        for s in src.iter_mut().filter(|a| !a.matched) {
            if let Some(t) = tgt.iter_mut().find(|t| !t.matched && same_slot(s, t)) {
                s.matched = true;
                t.matched = true;
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
    // The same number of leftovers on each side: they are the same slots, in order.
    let left_src = src
        .iter()
        .filter(|a| !a.matched && !a.value.is_datelike())
        .count();
    let left_tgt = tgt
        .iter()
        .filter(|a| !a.matched && !a.value.is_datelike())
        .count();
    if left_src == left_tgt {
        mismatch(&mut src, &mut tgt, MismatchKind::Changed, &|s, t| {
            !s.value.is_datelike() && !t.value.is_datelike()
        });
    } else {
        mismatch(&mut src, &mut tgt, MismatchKind::Changed, &|s, t| {
            !s.value.is_datelike() && !t.value.is_datelike() && (s.place - t.place).abs() < 0.08
        });
    }

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
    diffs.sort_by_key(|d| match *d {
        NumberDiff::Missing { source } => (source, usize::MAX),
        NumberDiff::Extra { target } => (usize::MAX, target),
        NumberDiff::Mismatch { source, target, .. } => (source, target),
    });
    diffs.dedup();
    diffs
}

/// Greedy one-to-one matching in text order: each source atom takes the first free target
/// atom the relation accepts, preferring one of the same strength.
fn pair_up(src: &mut [Atom], tgt: &mut [Atom], accept: impl Fn(&Quantity, &Quantity) -> bool) {
    for s in src.iter_mut().filter(|a| !a.matched) {
        let mut best: Option<usize> = None;
        for (j, t) in tgt.iter().enumerate() {
            if t.matched || !accept(s.value, t.value) {
                continue;
            }
            let better = match best {
                None => true,
                Some(b) => {
                    let same = |x: &Atom| x.strength == s.strength;
                    (same(t) && !same(&tgt[b]))
                        || (same(t) == same(&tgt[b])
                            && (t.place - s.place).abs() < (tgt[b].place - s.place).abs())
                }
            };
            if better {
                best = Some(j);
            }
        }
        if let Some(j) = best {
            s.matched = true;
            tgt[j].matched = true;
        }
    }
}

/// `'Core 20'` in one text and `Core20` in the other: the number is part of a name written
/// with a space on one side only, and is not a quantity to report.
fn rescue_glued(side: &mut [Atom], mentions: &[NumberMention], text: &str, other_text: &str) {
    for a in side.iter_mut().filter(|a| !a.matched) {
        let Some(m) = mentions.get(a.mention) else {
            continue;
        };
        let Some(number) = text.get(m.span.clone()) else {
            continue;
        };
        let Some(before) = text.get(..m.span.start).and_then(|b| b.strip_suffix(' ')) else {
            continue;
        };
        let word_len = before
            .bytes()
            .rev()
            .take_while(u8::is_ascii_alphabetic)
            .count();
        if word_len < 2 {
            continue;
        }
        let glued = format!("{}{}", &before[before.len() - word_len..], number);
        let found = other_text.match_indices(&glued).any(|(i, _)| {
            let next = other_text[i + glued.len()..].chars().next();
            let prev = other_text[..i].chars().next_back();
            !next.is_some_and(|c| c.is_ascii_digit())
                && !prev.is_some_and(|c| c.is_ascii_alphabetic())
        });
        if found {
            a.matched = true;
        }
    }
}
