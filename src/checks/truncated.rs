//! A side that stops mid-sentence while the other goes on: a cut-off page (a scrape that lost its
//! end). One `truncated` warning names the side, and the findings that only say "the rest is
//! missing" past the cut (numbers, sentences, sections) are not reported: they would be a flood
//! with one cause.

use super::{
    locate, LENGTH_RATIO, NUMBER_EXTRA, NUMBER_MISSING, SECTION_MISSING, SENTENCE_ADDED,
    SENTENCE_OMITTED, TRUNCATED,
};
use crate::finding::{Finding, Severity};
use crate::input::Document;
use crate::lang::Lang;
use crate::model::SentenceBead;
use std::ops::Range;

/// Findings of absence that a cut explains.
const HIDDEN_PAST_CUT: [crate::rule::Rule; 5] = [
    NUMBER_MISSING,
    NUMBER_EXTRA,
    SENTENCE_OMITTED,
    SENTENCE_ADDED,
    SECTION_MISSING,
];

/// A pair whose one side was cut off.
#[derive(Debug, Clone)]
pub struct Truncation {
    /// The side that stops.
    pub side: Lang,
    /// Offset on the other side from which its text has no counterpart.
    pub cut: usize,
    pub finding: Finding,
}

impl Truncation {
    /// Is `f` a finding of absence past the cut (or a length ratio the cut skews)?
    pub fn explains(&self, f: &Finding) -> bool {
        let (cut_side, whole_side) = match self.side {
            Lang::En => (&f.en, &f.zh),
            Lang::Zh => (&f.zh, &f.en),
        };
        if f.rule == LENGTH_RATIO {
            return true;
        }
        HIDDEN_PAST_CUT.contains(&f.rule)
            && cut_side.is_none()
            && whole_side
                .as_ref()
                .and_then(|l| l.range.as_ref())
                .is_some_and(|r| r.start >= self.cut)
    }
}

/// Does the text stop inside a sentence?
fn ends_mid_sentence(text: &str) -> bool {
    let t = text
        .trim_end()
        .trim_end_matches(['"', '\'', '”', '’', '」', '』', '*', '_']);
    match t.chars().last() {
        Some(c) => !matches!(c, '.' | '。' | '!' | '！' | '?' | '？' | '…' | '．'),
        None => false,
    }
}

/// One paired section as the check sees it: each side's text, if it has the section, and the
/// sentence alignment when both do.
pub struct SectionSides<'a> {
    pub id: &'a str,
    pub en: Option<Range<usize>>,
    pub zh: Option<Range<usize>>,
    pub beads: Option<&'a [SentenceBead]>,
}

/// The truncation of a pair, if one side stops mid-sentence and the other has text past the
/// point where it stops.
pub fn find(
    doc: &Document,
    pair: usize,
    en: &Range<usize>,
    zh: &Range<usize>,
    sections: &[SectionSides<'_>],
) -> Option<Truncation> {
    let text = |r: &Range<usize>| doc.text.get(r.clone()).unwrap_or("");
    let side = match (ends_mid_sentence(text(en)), ends_mid_sentence(text(zh))) {
        (true, false) => Lang::En,
        (false, true) => Lang::Zh,
        _ => return None,
    };
    let get = |s: &SectionSides<'_>, lang: Lang| {
        if lang == Lang::En {
            s.en.clone()
        } else {
            s.zh.clone()
        }
    };
    let whole = side.other();
    // The last section the cut side has, and the point in it where the cut side ends.
    let last = sections.iter().rposition(|s| get(s, side).is_some())?;
    let s = &sections[last];
    let cut = match s.beads {
        Some(beads) => {
            let at = beads.iter().rposition(|b| {
                let cut_side = if side == Lang::En { &b.en } else { &b.zh };
                !cut_side.is_empty()
            })?;
            let whole_side = |b: &SentenceBead| {
                if whole == Lang::En {
                    b.en.clone()
                } else {
                    b.zh.clone()
                }
            };
            // The sentence the cut side stops in is lost from its start.
            let here = whole_side(&beads[at]);
            let later_in_section = beads[at + 1..].iter().any(|b| !whole_side(b).is_empty());
            let later_sections = sections[last + 1..].iter().any(|s| get(s, whole).is_some());
            if !later_in_section && !later_sections {
                return None;
            }
            here.first()
                .map(|r| r.start)
                .or_else(|| get(s, whole).map(|r| r.end))?
        }
        None => {
            let later = sections[last + 1..].iter().find_map(|s| get(s, whole))?;
            later.start
        }
    };
    let end = if side == Lang::En { en } else { zh };
    let tail = tail_range(&doc.text, end);
    let loc = locate(doc, tail, None);
    let words = loc.text.clone();
    let (en_loc, zh_loc) = if side == Lang::En {
        (Some(loc), None)
    } else {
        (None, Some(loc))
    };
    Some(Truncation {
        side,
        cut,
        finding: Finding {
            rule: TRUNCATED,
            severity: Severity::Warning,
            pair: Some(pair),
            section: Some(s.id.to_owned()),
            en: en_loc,
            zh: zh_loc,
            message: format!(
                "the {} abstract stops mid-sentence (“…{words}”), as if the page was cut off: \
                 what the {} has past this point is not checked",
                side.name(),
                whole.name()
            ),
        },
    })
}

/// The last few words of a range: a dozen characters before its end.
fn tail_range(text: &str, range: &Range<usize>) -> Range<usize> {
    let end = crate::text::floor_char_boundary(text, range.end.min(text.len()));
    let s = &text[range.start.min(end)..end];
    let trimmed = s.trim_end();
    let end = range.start + trimmed.len();
    let start = trimmed
        .char_indices()
        .rev()
        .take(12)
        .last()
        .map_or(end, |(i, _)| range.start + i);
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mid_sentence_ends() {
        assert!(ends_mid_sentence("结果显示，治疗组的有效率为"));
        assert!(ends_mid_sentence("The results showed that the rate was"));
        assert!(!ends_mid_sentence("治疗有效。"));
        assert!(!ends_mid_sentence("It works.” "));
        assert!(!ends_mid_sentence(""));
    }

    #[test]
    fn tail_is_the_last_characters() {
        let t = "abc 结果显示，治疗组的有效率为  ";
        let r = tail_range(t, &(0..t.len()));
        assert_eq!(&t[r], "果显示，治疗组的有效率为");
    }
}
