//! Number checks: the values of each paired section compared as multisets, by value.

use super::{
    locate, quote, DERIVED_NUMBER, IDENTIFIER_MISMATCH, NUMBER_EXTRA, NUMBER_MISMATCH,
    NUMBER_MISSING, NUMBER_UNIT_MISMATCH,
};
use crate::finding::{Finding, Location};
use crate::input::Document;
use crate::lang::Lang;
use crate::model::AlignedSection;
use crate::model::SentenceBead;
use crate::numbers::{
    self, Derivation, Identifier, MismatchKind, NumberDictionaries, NumberDiff, NumberMention,
    Placement, Side,
};
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// One side of a paired section: its language, text range in the document, extracted numbers
/// and identifiers (offsets relative to the section text, as `numbers::extract` gives them).
pub struct SectionSide<'a> {
    pub lang: Lang,
    pub range: Range<usize>,
    pub mentions: &'a [NumberMention],
    pub identifiers: &'a [Identifier],
}

/// How much of a sentence a number finding quotes, in characters.
const QUOTE_EN: usize = 80;
const QUOTE_ZH: usize = 40;

/// Number checks quote the sentences their numbers are in, through the section's alignment.
impl AlignedSection<'_> {
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
    fn counterpart_note(&self, index: &BeadIndex, present: Lang, at: usize) -> String {
        let absent = present.other();
        let Some(bead) = index.at(present, at) else {
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
    fn pairing_note(&self, index: &BeadIndex, src: (Lang, usize), tgt: (Lang, usize)) -> String {
        let (Some(a), Some(b)) = (index.at(src.0, src.1), index.at(tgt.0, tgt.1)) else {
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

/// Which bead holds a document offset, found by binary search over the beads' sentences (a
/// section can hold thousands).
struct BeadIndex {
    en: Vec<(usize, usize, usize)>,
    zh: Vec<(usize, usize, usize)>,
}

impl BeadIndex {
    fn new(beads: &[SentenceBead]) -> Self {
        let side = |lang: Lang| {
            let mut v: Vec<(usize, usize, usize)> = beads
                .iter()
                .enumerate()
                .flat_map(|(i, b)| {
                    let ranges = if lang == Lang::En { &b.en } else { &b.zh };
                    ranges.iter().map(move |r| (r.start, r.end, i))
                })
                .collect();
            v.sort_unstable();
            v
        };
        BeadIndex {
            en: side(Lang::En),
            zh: side(Lang::Zh),
        }
    }

    /// The bead with the sentence of `lang` that holds document offset `at`.
    fn at(&self, lang: Lang, at: usize) -> Option<usize> {
        let v = if lang == Lang::En { &self.en } else { &self.zh };
        let k = v.partition_point(|&(start, _, _)| start <= at);
        let &(start, end, bead) = v.get(k.checked_sub(1)?)?;
        (start <= at && at < end).then_some(bead)
    }
}

/// The location of a mention; mention offsets are relative to the section text at `base`.
fn place(doc: &Document, base: usize, m: &NumberMention) -> Location {
    let context = m.context.start + base..m.context.end + base;
    locate(doc, context, Some(m.value.to_string()))
}

/// Compare the numbers of one paired section, and its identifiers; also give the mentions that
/// matched by value as (English index, Chinese index) pairs, for a view that links them.
pub fn check_section_linked(
    scope: &AlignedSection,
    en: &SectionSide,
    zh: &SectionSide,
    dict: &NumberDictionaries,
) -> (Vec<Finding>, Vec<(usize, usize)>) {
    let (src, tgt) = if scope.source == Lang::En {
        (en, zh)
    } else {
        (zh, en)
    };
    let doc = scope.doc;
    let index = BeadIndex::new(scope.beads);
    let bead_of = |side: &SectionSide| -> Vec<Option<usize>> {
        side.mentions
            .iter()
            .map(|m| index.at(side.lang, side.range.start + m.span.start))
            .collect()
    };
    let (src_beads, tgt_beads) = (bead_of(src), bead_of(tgt));
    // Each sentence pair's text on one side, relative to that side's section text.
    let sentences = |side: &SectionSide| -> Vec<Range<usize>> {
        scope
            .beads
            .iter()
            .map(|b| {
                let s = if side.lang == Lang::En { &b.en } else { &b.zh };
                SentenceBead::span(s).map_or(0..0, |r| {
                    r.start.saturating_sub(side.range.start)..r.end.saturating_sub(side.range.start)
                })
            })
            .collect()
    };
    let (src_sentences, tgt_sentences) = (sentences(src), sentences(tgt));
    let numbers::Comparison { diffs, matched } = numbers::compare_linked(
        src.mentions,
        tgt.mentions,
        &doc.text[src.range.clone()],
        &doc.text[tgt.range.clone()],
        (!scope.beads.is_empty()).then_some(Placement {
            source: &src_beads,
            target: &tgt_beads,
            source_sentences: &src_sentences,
            target_sentences: &tgt_sentences,
        }),
        Some(dict),
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
                        m.value.readable(),
                        src.lang.name(),
                        tgt.lang.name(),
                        scope.counterpart_note(&index, src.lang, src.range.start + m.span.start),
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
                        m.value.readable(),
                        tgt.lang.name(),
                        src.lang.name(),
                        scope.counterpart_note(&index, tgt.lang, tgt.range.start + m.span.start),
                    ),
                )
            }
            NumberDiff::Derived {
                side,
                mention,
                how,
                from,
            } => {
                let (here, other) = match side {
                    Side::Source => (src, tgt),
                    Side::Target => (tgt, src),
                };
                let m = &here.mentions[mention];
                let value_of = |(s, i): (Side, usize)| {
                    let from_side = if s == Side::Source { src } else { tgt };
                    from_side
                        .mentions
                        .get(i)
                        .map_or_else(String::new, |x| x.value.readable())
                };
                let (a, b) = (value_of(from[0]), value_of(from[1]));
                let how = match how {
                    Derivation::Percentage => format!("{a} of {b}"),
                    Derivation::Sum => format!("{a} + {b}"),
                    Derivation::Difference => format!("{a} - {b}"),
                    Derivation::Months if from[0] == from[1] => format!("the months of {a}"),
                    Derivation::Months => format!("the months from {a} to {b}"),
                };
                let loc = Some(place(doc, here.range.start, m));
                let (s_loc, t_loc) = match side {
                    Side::Source => (loc, None),
                    Side::Target => (None, loc),
                };
                (
                    DERIVED_NUMBER,
                    s_loc,
                    t_loc,
                    format!(
                        "{} in the {} {section} is not in the {}, but is derivable from {how}",
                        m.value.readable(),
                        here.lang.name(),
                        other.lang.name(),
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
                        s.value.readable(),
                        src.lang.name(),
                        t.value.readable(),
                        tgt.lang.name(),
                        scope.pairing_note(
                            &index,
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
        findings.push(scope.finding(rule, en_loc, zh_loc, message));
    }
    findings.extend(identifier_mismatches(scope, &index, en, zh));
    let links = if scope.source == Lang::En {
        matched
    } else {
        matched.into_iter().map(|(s, t)| (t, s)).collect()
    };
    (findings, links)
}

/// The shape of a code without its digits (`IL-6` → `IL`, `V130-S137` → `VS`), and its digits.
fn code_shape(code: &str) -> (String, String) {
    let letters = code
        .chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_uppercase)
        .collect();
    let digits = code.chars().filter(char::is_ascii_digit).collect();
    (letters, digits)
}

/// Codes written differently on the two sides of a sentence pair: the same letters with other
/// digits (`IL-6` vs `IL-8`, `V130-S137` vs `V132S139`). Numbers inside codes are not
/// quantities, but a changed code is a changed meaning.
fn identifier_mismatches(
    scope: &AlignedSection,
    index: &BeadIndex,
    en: &SectionSide,
    zh: &SectionSide,
) -> Vec<Finding> {
    let doc = scope.doc;
    let key = |id: &Identifier| -> String {
        id.text
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_uppercase)
            .collect()
    };
    let bead =
        |side: &SectionSide, id: &Identifier| index.at(side.lang, side.range.start + id.span.start);
    let mut en_keys: HashMap<String, usize> = HashMap::new();
    for e in en.identifiers {
        *en_keys.entry(key(e)).or_default() += 1;
    }
    let zh_keys: HashSet<String> = zh.identifiers.iter().map(key).collect();
    // The Chinese codes no English code spells, by their letters and sentence pair.
    let mut candidates: HashMap<(String, Option<usize>), (Vec<usize>, usize)> = HashMap::new();
    for (j, z) in zh.identifiers.iter().enumerate() {
        if !en_keys.contains_key(&key(z)) {
            let letters = code_shape(&z.text).0;
            candidates
                .entry((letters, bead(zh, z)))
                .or_default()
                .0
                .push(j);
        }
    }
    let mut used_zh = vec![false; zh.identifiers.len()];
    let mut findings = Vec::new();
    for e in en.identifiers {
        let ek = key(e);
        if zh_keys.contains(&ek) || en_keys.get(&ek).is_some_and(|&n| n > 1) {
            continue;
        }
        let (letters, digits) = code_shape(&e.text);
        if letters.is_empty() || digits.is_empty() {
            continue;
        }
        let Some(group) = candidates.get_mut(&(letters, bead(en, e))) else {
            continue;
        };
        // Taken codes are skipped once at the front of their group; a few more are looked at.
        let (codes, first) = group;
        while codes.get(*first).is_some_and(|&j| used_zh[j]) {
            *first += 1;
        }
        let partner = codes[(*first).min(codes.len())..]
            .iter()
            .copied()
            .filter(|&j| !used_zh[j])
            .take(16)
            .find(|&j| code_shape(&zh.identifiers[j].text).1 != digits);
        let Some(j) = partner else {
            continue;
        };
        used_zh[j] = true;
        let z = &zh.identifiers[j];
        let en_loc = locate(
            doc,
            e.span.start + en.range.start..e.span.end + en.range.start,
            None,
        );
        let zh_loc = locate(
            doc,
            z.span.start + zh.range.start..z.span.end + zh.range.start,
            None,
        );
        findings.push(scope.finding(
            IDENTIFIER_MISMATCH,
            Some(en_loc),
            Some(zh_loc),
            format!(
                "the code {} in the English {} is {} in the Chinese",
                e.text, scope.section, z.text
            ),
        ));
    }
    findings
}
