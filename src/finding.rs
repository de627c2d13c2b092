//! The one finding type every check produces and every report renders.

use serde::Serialize;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a finding is on one side: position in the input, the text as written, and the
/// normalized value for number rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    pub line: usize,
    pub column: usize,
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The line of text around the finding, for terminal output (never in JSON: reports keep
    /// findings, not page texts).
    #[serde(skip)]
    pub excerpt: Option<Excerpt>,
    /// Byte range in the document text, to tie the finding to aligned sentences.
    #[serde(skip)]
    pub range: Option<std::ops::Range<usize>>,
}

/// A piece of the line a finding is on, with the marked part as a char range within it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    pub text: String,
    pub mark: std::ops::Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub pair: Option<usize>,
    pub section: Option<String>,
    pub en: Option<Location>,
    pub zh: Option<Location>,
    pub message: String,
}

impl Finding {
    /// The first location of the finding, for `path:line:col`.
    pub fn primary(&self) -> Option<&Location> {
        self.en.as_ref().or(self.zh.as_ref())
    }
}
