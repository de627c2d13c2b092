//! What a check of one document produces: the contract's `documents[]` element.

use crate::finding::{Finding, Severity};
use crate::lang::Lang;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct DocumentReport {
    pub path: String,
    pub id: Option<String>,
    pub pairs: Vec<PairReport>,
    pub findings: Vec<Finding>,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct LineSpan {
    pub start_line: usize,
    pub end_line: usize,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct TranslationSpan {
    pub start_line: usize,
    pub end_line: usize,
    /// `true` when the page says the Chinese is a machine translation, else `null`.
    pub machine_translated: Option<bool>,
}

#[derive(Debug, Clone, Serialize)]
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

#[derive(Debug, Clone, Serialize)]
pub struct SectionReport {
    pub id: String,
    pub en: Option<SectionLabel>,
    pub zh: Option<SectionLabel>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionLabel {
    pub label: Option<String>,
    pub line: usize,
}

/// Counts over a run, as in the contract's `summary`.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
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
