//! Checks: compare the two sides of each paired section and produce [`Finding`]s. Checks know
//! nothing of output formats.

pub mod acronyms;
pub mod length;
pub mod numbers;
pub mod omissions;
pub mod terms;
pub mod truncated;
pub mod untranslated;

use crate::engine::SentenceBead;
use crate::finding::{Excerpt, Location, Severity};
use crate::input::Document;
use crate::lang::Lang;
use std::ops::Range;

/// A rule bitext can report, with its default severity and a one-line description (used by
/// SARIF rule metadata and `--help`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
}

pub const NUMBER_MISSING: &str = "number-missing";
pub const NUMBER_EXTRA: &str = "number-extra";
pub const NUMBER_MISMATCH: &str = "number-mismatch";
pub const NUMBER_UNIT_MISMATCH: &str = "number-unit-mismatch";
pub const DERIVED_NUMBER: &str = "derived-number";
pub const IDENTIFIER_MISMATCH: &str = "identifier-mismatch";
pub const SECTION_MISSING: &str = "section-missing";
pub const NO_TRANSLATION: &str = "no-translation";
pub const SENTENCE_OMITTED: &str = "sentence-omitted";
pub const SENTENCE_ADDED: &str = "sentence-added";
pub const UNTRANSLATED: &str = "untranslated";
pub const LENGTH_RATIO: &str = "length-ratio";
pub const ACRONYM_DROPPED: &str = "acronym-dropped";
pub const TERM_INCONSISTENT: &str = "term-inconsistent";
pub const TRUNCATED: &str = "truncated";

pub const RULES: &[Rule] = &[
    Rule {
        id: NUMBER_MISSING,
        severity: Severity::Error,
        summary: "A number of the original is missing from the translation",
    },
    Rule {
        id: NUMBER_EXTRA,
        severity: Severity::Error,
        summary: "The translation has a number the original does not",
    },
    Rule {
        id: NUMBER_MISMATCH,
        severity: Severity::Error,
        summary: "A number was changed in translation",
    },
    Rule {
        id: NUMBER_UNIT_MISMATCH,
        severity: Severity::Error,
        summary: "A number keeps its value but changes its unit in translation",
    },
    Rule {
        id: DERIVED_NUMBER,
        severity: Severity::Warning,
        summary: "A number on one side only that follows from numbers of its sentence pair",
    },
    Rule {
        id: IDENTIFIER_MISMATCH,
        severity: Severity::Warning,
        summary: "A code with digits (IL-6, V130-S137) written differently on the two sides",
    },
    Rule {
        id: SECTION_MISSING,
        severity: Severity::Error,
        summary: "A section of one side has no counterpart on the other",
    },
    Rule {
        id: TRUNCATED,
        severity: Severity::Warning,
        summary: "One side stops mid-sentence (a cut-off page); what the other side has past the cut is not checked",
    },
    Rule {
        id: NO_TRANSLATION,
        severity: Severity::Info,
        summary: "The page has no English–Chinese abstract pair",
    },
    Rule {
        id: SENTENCE_OMITTED,
        severity: Severity::Warning,
        summary: "A sentence of the original has no counterpart in the translation",
    },
    Rule {
        id: SENTENCE_ADDED,
        severity: Severity::Warning,
        summary: "The translation has a sentence the original does not",
    },
    Rule {
        id: UNTRANSLATED,
        severity: Severity::Warning,
        summary: "Text of the original language left untranslated in the translation",
    },
    Rule {
        id: LENGTH_RATIO,
        severity: Severity::Info,
        summary: "A sentence pair whose length ratio is far from the rest of the document's",
    },
    Rule {
        id: ACRONYM_DROPPED,
        severity: Severity::Info,
        summary: "An acronym the English defines is absent from the Chinese",
    },
    Rule {
        id: TERM_INCONSISTENT,
        severity: Severity::Info,
        summary: "One English term translated two ways in one document",
    },
];

/// A paired section (or the title pair) with its sentence alignment, built once and read by
/// every check that needs it.
pub struct AlignedSection<'a> {
    pub doc: &'a Document,
    pub pair: usize,
    /// The section id (`title` for the title pair).
    pub section: &'a str,
    /// The original side: "omitted" means in it and not in the other.
    pub source: Lang,
    pub beads: &'a [SentenceBead],
}

impl AlignedSection<'_> {
    pub fn text(&self, range: &Range<usize>) -> &str {
        self.doc.text.get(range.clone()).unwrap_or("")
    }

    /// The text of one side of a bead, first sentence to last.
    pub fn side(&self, bead: &SentenceBead, lang: Lang) -> Option<(Range<usize>, &str)> {
        let side = if lang == Lang::En { &bead.en } else { &bead.zh };
        let range = SentenceBead::span(side)?;
        Some((range.clone(), self.text(&range)))
    }

    /// A finding of this section with its spans placed on the right sides.
    pub fn finding(
        &self,
        rule: &'static str,
        en: Option<Location>,
        zh: Option<Location>,
        message: String,
    ) -> crate::finding::Finding {
        crate::finding::Finding {
            rule,
            severity: default_severity(rule),
            pair: Some(self.pair),
            section: Some(self.section.to_owned()),
            en,
            zh,
            message,
        }
    }
}

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

pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// The contract's default severity of a rule.
pub fn default_severity(id: &str) -> Severity {
    rule(id).map_or(Severity::Warning, |r| r.severity)
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

    #[test]
    fn rules_are_unique_kebab_case_and_numbers_are_errors() {
        let mut ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), RULES.len());
        for r in RULES {
            assert!(
                r.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                r.id
            );
            if r.id.starts_with("number-") {
                assert_eq!(r.severity, Severity::Error);
            }
        }
    }
}
