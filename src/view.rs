//! The side-by-side view of a paired section, built from what the engine already computed: its
//! sentences, the beads the checks read, the numbers of each side and which matched which.
//! Nothing here runs a stage again; it only places the pieces by their byte ranges.

use crate::input::Document;
use crate::model::{BeadView, NumberView, SectionView, SentenceBead, SentenceView};
use crate::numbers::{NumberMention, Strength};
use std::ops::Range;

/// The numbers of one side of a section: mentions with offsets relative to `base`, the byte
/// offset of the section body in the document.
pub struct SideNumbers<'a> {
    pub base: usize,
    pub mentions: &'a [NumberMention],
}

/// What a section view is built from.
pub struct SectionParts<'a> {
    pub id: &'a str,
    pub en_label: Option<&'a str>,
    pub zh_label: Option<&'a str>,
    pub has_en: bool,
    pub has_zh: bool,
    pub en: &'a [Range<usize>],
    pub zh: &'a [Range<usize>],
    pub beads: &'a [SentenceBead],
    pub en_numbers: SideNumbers<'a>,
    pub zh_numbers: SideNumbers<'a>,
    /// Mentions that matched by value: (English index, Chinese index).
    pub links: &'a [(usize, usize)],
}

/// The view of one section. `next_link` numbers the links of the whole document, so that a link
/// id names one matched pair (or group, for a range matched by two numbers) in the document.
pub fn section_view(doc: &Document, parts: &SectionParts, next_link: &mut usize) -> SectionView {
    let (en_links, zh_links) = link_groups(
        parts.links,
        parts.en_numbers.mentions.len(),
        parts.zh_numbers.mentions.len(),
        next_link,
    );
    SectionView {
        id: parts.id.to_owned(),
        en_label: parts.en_label.map(str::to_owned),
        zh_label: parts.zh_label.map(str::to_owned),
        has_en: parts.has_en,
        has_zh: parts.has_zh,
        en: sentences(doc, parts.en, &parts.en_numbers, &en_links),
        zh: sentences(doc, parts.zh, &parts.zh_numbers, &zh_links),
        beads: bead_indices(parts.beads, parts.en, parts.zh),
    }
}

/// Link ids for the mentions of each side: two mentions share one when they matched, directly
/// or through a third (`12%~35%` matching `12%` and `35%`).
fn link_groups(
    links: &[(usize, usize)],
    en_len: usize,
    zh_len: usize,
    next_link: &mut usize,
) -> (Vec<Option<usize>>, Vec<Option<usize>>) {
    let mut en: Vec<Option<usize>> = vec![None; en_len];
    let mut zh: Vec<Option<usize>> = vec![None; zh_len];
    for &(e, z) in links {
        let (Some(&a), Some(&b)) = (en.get(e), zh.get(z)) else {
            continue;
        };
        let id = match (a, b) {
            (Some(a), Some(b)) if a != b => {
                // Two groups meet: one id for both.
                for x in en.iter_mut().chain(zh.iter_mut()) {
                    if *x == Some(b) {
                        *x = Some(a);
                    }
                }
                a
            }
            (Some(a), _) => a,
            (None, Some(b)) => b,
            (None, None) => {
                *next_link += 1;
                *next_link
            }
        };
        en[e] = Some(id);
        zh[z] = Some(id);
    }
    (en, zh)
}

fn sentences(
    doc: &Document,
    ranges: &[Range<usize>],
    numbers: &SideNumbers,
    links: &[Option<usize>],
) -> Vec<SentenceView> {
    let mut out: Vec<SentenceView> = ranges
        .iter()
        .map(|r| {
            let position = doc.locator.position(r.start);
            SentenceView {
                text: doc.text.get(r.clone()).unwrap_or("").to_owned(),
                range: r.clone(),
                line: position.line,
                column: position.column,
                numbers: Vec::new(),
            }
        })
        .collect();
    for (i, m) in numbers.mentions.iter().enumerate() {
        let start = numbers.base + m.span.start;
        let end = numbers.base + m.span.end;
        // The sentence that holds the number's first byte.
        let Some(k) = ranges.partition_point(|r| r.start <= start).checked_sub(1) else {
            continue;
        };
        let Some(sentence) = out.get_mut(k) else {
            continue;
        };
        if start >= sentence.range.end {
            continue;
        }
        let from = start - sentence.range.start;
        let to = end
            .min(sentence.range.end)
            .saturating_sub(sentence.range.start)
            .max(from);
        if !sentence.text.is_char_boundary(from) || !sentence.text.is_char_boundary(to) {
            continue;
        }
        // Overlapping readings of the same words: the first one is shown.
        if sentence.numbers.last().is_some_and(|n| n.span.end > from) {
            continue;
        }
        sentence.numbers.push(NumberView {
            span: from..to,
            value: m.value.to_string(),
            weak: m.strength == Strength::Weak,
            link: links.get(i).copied().flatten(),
        });
    }
    out
}

/// Beads as ranges of sentence indices. A section without beads (one side absent) shows each
/// sentence as a bead of its own.
pub fn bead_indices(
    beads: &[SentenceBead],
    en: &[Range<usize>],
    zh: &[Range<usize>],
) -> Vec<BeadView> {
    if beads.is_empty() {
        let one = |i: usize| i..i + 1;
        return (0..en.len())
            .map(|i| BeadView {
                en: one(i),
                zh: 0..0,
                score: 0.0,
            })
            .chain((0..zh.len()).map(|i| BeadView {
                en: 0..0,
                zh: one(i),
                score: 0.0,
            }))
            .collect();
    }
    let indices = |side: &[Range<usize>], all: &[Range<usize>]| -> Range<usize> {
        let find = |r: &Range<usize>| all.binary_search_by_key(&r.start, |s| s.start).ok();
        match (side.first().and_then(find), side.last().and_then(find)) {
            (Some(first), Some(last)) if first <= last => first..last + 1,
            _ => 0..0,
        }
    };
    beads
        .iter()
        .map(|b| BeadView {
            en: indices(&b.en, en),
            zh: indices(&b.zh, zh),
            score: b.score,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_join_a_range_matched_by_two_numbers() {
        let mut next = 0;
        let (en, zh) = link_groups(&[(0, 0), (0, 1), (1, 2)], 2, 3, &mut next);
        assert_eq!(en, [Some(1), Some(2)]);
        assert_eq!(zh, [Some(1), Some(1), Some(2)]);
        // Out-of-range indices are ignored, not a panic.
        let (en, _) = link_groups(&[(5, 0)], 1, 1, &mut next);
        assert_eq!(en, [None]);
    }

    #[test]
    fn sections_without_beads_show_each_sentence_alone() {
        let b = bead_indices(&[], &[0..3, 4..8], &[]);
        assert_eq!(b.len(), 2);
        assert_eq!((b[1].en.clone(), b[1].zh.clone()), (1..2, 0..0));
    }
}
