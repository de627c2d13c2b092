//! Checks: compare the two sides of each paired section and produce [`Finding`]s. Checks know
//! nothing of output formats.

pub mod acronyms;
pub mod length;
pub mod numbers;
pub mod omissions;
pub mod terms;
pub mod truncated;
pub mod untranslated;

use crate::finding::{Excerpt, Location};
use crate::input::Document;
use crate::rule::Rule;
use std::ops::Range;

// The rules by the names the checks use.
pub const NUMBER_MISSING: Rule = Rule::NumberMissing;
pub const NUMBER_EXTRA: Rule = Rule::NumberExtra;
pub const NUMBER_MISMATCH: Rule = Rule::NumberMismatch;
pub const NUMBER_UNIT_MISMATCH: Rule = Rule::NumberUnitMismatch;
pub const DERIVED_NUMBER: Rule = Rule::DerivedNumber;
pub const IDENTIFIER_MISMATCH: Rule = Rule::IdentifierMismatch;
pub const SECTION_MISSING: Rule = Rule::SectionMissing;
pub const NO_TRANSLATION: Rule = Rule::NoTranslation;
pub const SENTENCE_OMITTED: Rule = Rule::SentenceOmitted;
pub const SENTENCE_ADDED: Rule = Rule::SentenceAdded;
pub const UNTRANSLATED: Rule = Rule::Untranslated;
pub const LENGTH_RATIO: Rule = Rule::LengthRatio;
pub const ACRONYM_DROPPED: Rule = Rule::AcronymDropped;
pub const TERM_INCONSISTENT: Rule = Rule::TermInconsistent;
pub const TRUNCATED: Rule = Rule::Truncated;

/// `text` for a message: whitespace runs folded, cut to `max` user-perceived characters
/// (grapheme clusters, so an accent or a variation selector is never cut from its letter) with
/// an ellipsis.
pub fn quote(text: &str, max: usize) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    let mut out = String::new();
    let mut count = 0;
    let mut space = false;
    for g in text.trim().graphemes(true) {
        if g.chars().all(char::is_whitespace) {
            space = true;
            continue;
        }
        if count >= max {
            out.push('…');
            return format!("“{out}”");
        }
        if space {
            out.push(' ');
            count += 1;
            space = false;
        }
        out.push_str(g);
        count += 1;
    }
    format!("“{out}”")
}

/// How much of a line to quote on each side of a finding.
const EXCERPT_CHARS: usize = 40;

/// The location of byte `range` of the document text: line and column in the input, the text as
/// written, and an excerpt of its line for terminal output.
pub fn locate(doc: &Document, range: Range<usize>, value: Option<String>) -> Location {
    let text = &doc.text;
    let start = crate::text::floor_char_boundary(text, range.start);
    let end = crate::text::floor_char_boundary(text, range.end.max(start));
    let position = doc.locator.position(start);
    // Only the neighbourhood of the finding is looked at: lines can be megabytes long.
    let before_start = text[..start]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c != '\n')
        .take(EXCERPT_CHARS + 1)
        .last()
        .map_or(start, |(i, _)| i);
    let before: Vec<char> = text[before_start..start].chars().collect();
    let cut_before = before.len() > EXCERPT_CHARS;
    let marked: String = text[start..end].chars().collect();
    let mut after_chars = text[end..].chars().take_while(|&c| c != '\n' && c != '\r');
    let after: String = after_chars.by_ref().take(EXCERPT_CHARS).collect();
    let cut_after = after_chars.next().is_some();
    let mut excerpt: String = if cut_before {
        "…".to_owned()
    } else {
        String::new()
    };
    excerpt.extend(&before[before.len().saturating_sub(EXCERPT_CHARS)..]);
    let mark_start = excerpt.chars().count();
    excerpt.push_str(&marked);
    let mark_end = excerpt.chars().count();
    excerpt.push_str(&after);
    if cut_after {
        excerpt.push('…');
    }
    Location {
        line: position.line,
        column: position.column,
        text: marked,
        value,
        excerpt: Some(Excerpt {
            text: excerpt,
            mark: mark_start..mark_end,
        }),
        range: Some(start..end),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::align::Aligner;
    use crate::input::{paired_sentences, Layout};
    use crate::lang::Lang;
    use crate::model::{AlignedSection, SentenceBead};
    use std::sync::OnceLock;

    pub(crate) fn aligner() -> &'static Aligner {
        static ALIGNER: OnceLock<Aligner> = OnceLock::new();
        ALIGNER.get_or_init(|| Aligner::new().expect("glossary"))
    }

    /// A document of the given sentences and their alignment, for check tests.
    pub(crate) fn aligned(en: &[&str], zh: &[&str]) -> (Document, Vec<SentenceBead>) {
        let own = |s: &[&str]| s.iter().map(|t| t.to_string()).collect();
        let doc = paired_sentences("test".into(), None, own(en), own(zh));
        let Layout::Paired {
            sentences: Some(ranges),
            ..
        } = &doc.layout
        else {
            unreachable!("paired_sentences gives sentence ranges")
        };
        let beads = aligner()
            .align(en, zh)
            .into_iter()
            .map(|b| SentenceBead {
                en: ranges.en[b.en].to_vec(),
                zh: ranges.zh[b.zh].to_vec(),
                score: b.score,
            })
            .collect();
        (doc, beads)
    }

    pub(crate) fn section<'a>(doc: &'a Document, beads: &'a [SentenceBead]) -> AlignedSection<'a> {
        AlignedSection {
            doc,
            pair: 0,
            section: "results",
            source: Lang::En,
            beads,
        }
    }

    #[test]
    fn quotes_are_folded_and_cut() {
        assert_eq!(quote("  a\n  b ", 10), "“a b”");
        assert_eq!(quote("abcdef", 3), "“abc…”");
    }

    #[test]
    fn quotes_fold_spaces_and_never_cut_a_grapheme() {
        assert_eq!(quote("  a \n b  ", 10), "“a b”");
        assert_eq!(quote("cafe\u{301} crème", 4), "“cafe\u{301}…”");
    }
}
