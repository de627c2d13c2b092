//! Number checks: the values of each paired section compared as multisets, by value.

use super::{
    locate, quote, AlignedSection, NUMBER_EXTRA, NUMBER_MISMATCH, NUMBER_MISSING,
    NUMBER_UNIT_MISMATCH,
};
use crate::engine::SentenceBead;
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

/// How much of a sentence a number finding quotes, in characters.
const QUOTE_EN: usize = 80;
const QUOTE_ZH: usize = 40;

/// Number checks quote the sentences their numbers are in, through the section's alignment.
impl AlignedSection<'_> {
    /// The bead with the sentence of `lang` that holds document offset `at`.
    fn bead_at(&self, lang: Lang, at: usize) -> Option<usize> {
        self.beads.iter().position(|b| {
            let side = if lang == Lang::En { &b.en } else { &b.zh };
            side.iter().any(|r| r.start <= at && at < r.end)
        })
    }

    /// The sentences of one side of a bead, quoted.
    fn quote_side(&self, bead: usize, lang: Lang) -> Option<String> {
        let b = self.beads.get(bead)?;
        let side = if lang == Lang::En { &b.en } else { &b.zh };
        let range = SentenceBead::span(side)?;
        let max = if lang == Lang::En { QUOTE_EN } else { QUOTE_ZH };
        Some(quote(&self.doc.text[range], max))
    }

    /// What the aligned sentence pair adds to a finding about a number present on one side
    /// only: the counterpart sentence it should be in.
    fn counterpart_note(&self, present: Lang, at: usize) -> String {
        let absent = present.other();
        let Some(bead) = self.bead_at(present, at) else {
            return String::new();
        };
        match self.quote_side(bead, absent) {
            Some(q) => format!("; its {} sentence: {q}", absent.name()),
            None => format!(
                "; its {} sentence has no {} counterpart",
                present.name(),
                absent.name()
            ),
        }
    }

    /// For a changed number: the two sentences, when the aligner did not pair them.
    fn pairing_note(&self, src: (Lang, usize), tgt: (Lang, usize)) -> String {
        let (Some(a), Some(b)) = (self.bead_at(src.0, src.1), self.bead_at(tgt.0, tgt.1)) else {
            return String::new();
        };
        if a == b {
            return String::new();
        }
        match (self.quote_side(a, src.0), self.quote_side(b, tgt.0)) {
            (Some(x), Some(y)) => format!(
                "; the two are in sentences that do not translate each other: {} {x} and {} {y}",
                src.0.name(),
                tgt.0.name()
            ),
            _ => String::new(),
        }
    }
}

/// The location of a mention; mention offsets are relative to the section text at `base`.
fn place(doc: &Document, base: usize, m: &NumberMention) -> Location {
    let context = m.context.start + base..m.context.end + base;
    locate(doc, context, Some(m.value.to_string()))
}

/// Compare the numbers of one paired section.
pub fn check_section(scope: &AlignedSection, en: &SectionSide, zh: &SectionSide) -> Vec<Finding> {
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
                        "{} in the {} {section} is missing from the {}{}",
                        m.value,
                        src.lang.name(),
                        tgt.lang.name(),
                        scope.counterpart_note(src.lang, src.range.start + m.span.start),
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
                        "{} in the {} {section} is not in the {}{}",
                        m.value,
                        tgt.lang.name(),
                        src.lang.name(),
                        scope.counterpart_note(tgt.lang, tgt.range.start + m.span.start),
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
                        "{} in the {} {section} is {} in the {}{note}{}",
                        s.value,
                        src.lang.name(),
                        t.value,
                        tgt.lang.name(),
                        scope.pairing_note(
                            (src.lang, src.range.start + s.span.start),
                            (tgt.lang, tgt.range.start + t.span.start)
                        ),
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
