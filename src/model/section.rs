//! Abstract pairs and their paired sections, as the engine finds them and the checks read them.

use crate::finding::{Finding, Location};
use crate::input::Document;
use crate::lang::Lang;
use crate::model::SentenceBead;
use crate::rule::Rule;
use crate::sections::Section;
use std::ops::Range;

/// The section id of the title pair.
pub const TITLE: &str = "title";

/// The abstracts of a document paired, whichever way they were found.
#[derive(Debug, Clone)]
pub struct PairedText {
    pub en: Range<usize>,
    pub zh: Range<usize>,
    pub machine_translated: bool,
    /// The line that says so, when the page has one.
    pub machine_translation_notice: Option<Range<usize>>,
    /// The title lines, when detection found them (pages only).
    pub en_title: Option<Range<usize>>,
    pub zh_title: Option<Range<usize>>,
    /// The original side, and why it was taken to be.
    pub source: Lang,
    pub source_reason: String,
}

/// One paired section: the sections of each side (absent when one side lacks it).
#[derive(Debug, Clone)]
pub struct SectionPair {
    pub id: String,
    pub en: Option<Section>,
    pub zh: Option<Section>,
}

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
        rule: Rule,
        en: Option<Location>,
        zh: Option<Location>,
        message: String,
    ) -> Finding {
        Finding {
            rule,
            severity: rule.default_severity(),
            pair: Some(self.pair),
            section: Some(self.section.to_owned()),
            en,
            zh,
            message,
        }
    }
}
