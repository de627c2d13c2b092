//! What a check of one document produces: the contract's `documents[]` element, and the counts
//! of a run (`summary`). Each serialises to the contract's JSON and deserialises from it.

use crate::finding::{Finding, Severity};
use crate::lang::Lang;
use serde::{Deserialize, Serialize};

/// The report of one document: the contract's `documents[]` element (`check --format json`).
///
/// It serialises to exactly the JSON the CLI writes and reads back from it:
///
/// ```
/// use bitext::DocumentReport;
///
/// let json = r#"{"path": "a.txt", "id": null, "pairs": [], "findings": [
///     {"rule": "no-translation", "severity": "info", "pair": null, "section": null,
///      "en": null, "zh": null, "message": "no abstract found on this page"}]}"#;
/// let report: DocumentReport = serde_json::from_str(json).unwrap();
/// assert_eq!(report.findings[0].rule, bitext::Rule::NoTranslation);
/// assert_eq!(report.worst(), Some(bitext::Severity::Info));
/// ```
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DocumentReport {
    pub path: String,
    pub id: Option<String>,
    pub pairs: Vec<PairReport>,
    pub findings: Vec<Finding>,
    /// The text of the aligned abstracts, for a side-by-side view (`--format html`). Built only
    /// when a report asks for it: the other reports keep findings, never page texts.
    #[serde(skip)]
    pub view: Option<DocumentView>,
}

/// What a side-by-side view shows of a document: per abstract pair, its sections with their
/// sentences, the sentence beads, and every number with the one it matched on the other side.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocumentView {
    /// One per element of `pairs`, in the same order.
    pub pairs: Vec<PairView>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct PairView {
    /// The line of the page that says the Chinese is a machine translation, and its text.
    pub machine_translation_notice: Option<(usize, String)>,
    /// The title pair first (id `title`) when the page has one, then the paired sections.
    pub sections: Vec<SectionView>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SectionView {
    pub id: String,
    pub en_label: Option<String>,
    pub zh_label: Option<String>,
    /// Whether each side has this section at all (a missing one has no sentences).
    pub has_en: bool,
    pub has_zh: bool,
    pub en: Vec<SentenceView>,
    pub zh: Vec<SentenceView>,
    /// Sentence beads in order; each side a range of indices into `en` / `zh` (empty for a
    /// sentence with no counterpart).
    pub beads: Vec<BeadView>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BeadView {
    pub en: std::ops::Range<usize>,
    pub zh: std::ops::Range<usize>,
    /// The aligner's confidence in [0, 1] that the two sides translate each other.
    pub score: f32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SentenceView {
    pub text: String,
    /// Byte range in the document text: findings' [`crate::finding::Location::range`] fall in it.
    pub range: std::ops::Range<usize>,
    pub line: usize,
    pub column: usize,
    /// The numbers of the sentence, in order, not overlapping.
    pub numbers: Vec<NumberView>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NumberView {
    /// Byte range within the sentence text.
    pub span: std::ops::Range<usize>,
    /// The normalized value (`36000`, `20%`, `2023-07-31`).
    pub value: String,
    /// A value translators add or drop legitimately (`one`, ordinals): never reported alone.
    pub weak: bool,
    /// Numbers of the two sides that matched by value share a link, unique in the document.
    pub link: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineSpan {
    pub start_line: usize,
    pub end_line: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TranslationSpan {
    pub start_line: usize,
    pub end_line: usize,
    /// `true` when the page says the Chinese is a machine translation, else `null`.
    pub machine_translated: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairReport {
    pub en: LineSpan,
    pub zh: TranslationSpan,
    pub sections: Vec<SectionReport>,
    /// The original side (additive to the contract): "missing" findings are missing from the
    /// other side.
    pub source: Lang,
    /// Why that side was taken as the original (`--source auto`), or that it was given.
    pub source_reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionReport {
    pub id: String,
    pub en: Option<SectionLabel>,
    pub zh: Option<SectionLabel>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionLabel {
    pub label: Option<String>,
    pub line: usize,
}

/// Counts over a run, as in the contract's `summary`.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Summary {
    pub documents: usize,
    pub pairs: usize,
    pub unreadable: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Wall time of the run, for the terminal summary (not part of the JSON report).
    #[serde(skip)]
    pub elapsed: std::time::Duration,
}

impl Summary {
    pub fn add(&mut self, doc: &DocumentReport) {
        self.documents += 1;
        self.pairs += doc.pairs.len();
        for f in &doc.findings {
            match f.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
        }
    }
}

impl DocumentReport {
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }
}

/// An input that could not be read, as reported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unreadable {
    pub path: String,
    pub message: String,
}
