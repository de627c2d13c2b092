//! Number checks: the values of each paired section compared as multisets, by value.

use super::{locate, NUMBER_EXTRA, NUMBER_MISMATCH, NUMBER_MISSING, NUMBER_UNIT_MISMATCH};
use crate::finding::{Finding, Location};
use crate::input::Document;
use crate::lang::Lang;
use crate::numbers::{self, MismatchKind, NumberDiff, NumberMention};
use std::ops::Range;

/// One side of a paired section: its language, text range in the document and extracted numbers
/// (offsets relative to the section text, as `numbers::extract` gives them).
pub struct SectionSide<'a> {
    pub lang: Lang,
    pub range: Range<usize>,
    pub mentions: &'a [NumberMention],
}

/// Where the findings go: which pair and section, which side is the original.
pub struct Scope<'a> {
    pub doc: &'a Document,
    pub pair: usize,
    pub section: &'a str,
    /// The original side: "missing" means in it and not in the other.
    pub source: Lang,
}

/// The location of a mention; mention offsets are relative to the section text at `base`.
fn place(doc: &Document, base: usize, m: &NumberMention) -> Location {
    let context = m.context.start + base..m.context.end + base;
    locate(doc, context, Some(m.value.to_string()))
}

/// Compare the numbers of one paired section.
pub fn check_section(scope: &Scope, en: &SectionSide, zh: &SectionSide) -> Vec<Finding> {
    let (src, tgt) = if scope.source == Lang::En {
        (en, zh)
    } else {
        (zh, en)
    };
    let doc = scope.doc;
    let diffs = numbers::compare(
        src.mentions,
        tgt.mentions,
        &doc.text[src.range.clone()],
        &doc.text[tgt.range.clone()],
    );
    let section = scope.section;
    let mut findings = Vec::with_capacity(diffs.len());
    for diff in diffs {
        let (rule, src_loc, tgt_loc, message) = match diff {
            NumberDiff::Missing { source } => {
                let m = &src.mentions[source];
                (
                    NUMBER_MISSING,
                    Some(place(doc, src.range.start, m)),
                    None,
                    format!(
                        "{} in the {} {section} is missing from the {}",
                        m.value,
                        src.lang.name(),
                        tgt.lang.name()
                    ),
                )
            }
            NumberDiff::Extra { target } => {
                let m = &tgt.mentions[target];
                (
                    NUMBER_EXTRA,
                    None,
                    Some(place(doc, tgt.range.start, m)),
                    format!(
                        "{} in the {} {section} is not in the {}",
                        m.value,
                        tgt.lang.name(),
                        src.lang.name()
                    ),
                )
            }
            NumberDiff::Mismatch {
                source,
                target,
                kind,
            } => {
                let (s, t) = (&src.mentions[source], &tgt.mentions[target]);
                let rule = if kind == MismatchKind::Unit {
                    NUMBER_UNIT_MISMATCH
                } else {
                    NUMBER_MISMATCH
                };
                let note = match kind {
                    MismatchKind::Changed => "",
                    MismatchKind::Scale => {
                        " (a scale error: the magnitude differs by a power of ten)"
                    }
                    MismatchKind::Unit => " (same number, another unit)",
                };
                (
                    rule,
                    Some(place(doc, src.range.start, s)),
                    Some(place(doc, tgt.range.start, t)),
                    format!(
                        "{} in the {} {section} is {} in the {}{note}",
                        s.value,
                        src.lang.name(),
                        t.value,
                        tgt.lang.name()
                    ),
                )
            }
        };
        let (en_loc, zh_loc) = if scope.source == Lang::En {
            (src_loc, tgt_loc)
        } else {
            (tgt_loc, src_loc)
        };
        findings.push(Finding {
            rule,
            severity: super::default_severity(rule),
            pair: Some(scope.pair),
            section: Some(section.to_owned()),
            en: en_loc,
            zh: zh_loc,
            message,
        });
    }
    findings
}
