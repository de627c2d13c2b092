//! Checks: compare the two sides of each paired section and produce [`Finding`]s. Checks know
//! nothing of output formats.

pub mod numbers;

use crate::finding::{Excerpt, Location, Severity};
use crate::input::Document;
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
pub const SECTION_MISSING: &str = "section-missing";
pub const NO_TRANSLATION: &str = "no-translation";

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
        id: SECTION_MISSING,
        severity: Severity::Error,
        summary: "A section of one side has no counterpart on the other",
    },
    Rule {
        id: NO_TRANSLATION,
        severity: Severity::Info,
        summary: "The page has no English–Chinese abstract pair",
    },
];

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
mod tests {
    use super::*;

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
