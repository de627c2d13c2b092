//! The one finding type every check produces and every report renders.

use crate::rule::Rule;
pub use crate::rule::Severity;
use serde::{Deserialize, Serialize};

/// Where a finding is on one side: position in the input, the text as written, and the
/// normalized value for number rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    pub line: usize,
    pub column: usize,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
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

/// One thing found wrong in a translation: the contract's `findings[]` element.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub rule: Rule,
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

impl Finding {
    /// What identifies this finding across runs (baselines, suppressions, SARIF
    /// `partialFingerprints`): rule, document, section and the values or texts it is about — not
    /// line numbers, which move when text is added above, and not how the path was spelled
    /// (`x.txt`, `./x.txt` and `.\x.txt` are one document).
    ///
    /// ```
    /// # use bitext::{Finding, Rule, Severity};
    /// let f = Finding { rule: Rule::NoTranslation, severity: Severity::Info, pair: None,
    ///     section: None, en: None, zh: None, message: String::new() };
    /// assert_eq!(f.fingerprint("pages/x.txt"), f.fingerprint("./pages//x.txt"));
    /// assert_ne!(f.fingerprint("pages/x.txt"), f.fingerprint("pages/y.txt"));
    /// ```
    pub fn fingerprint(&self, path: &str) -> String {
        fingerprint_of(
            path,
            self.rule.id(),
            self.section.as_deref(),
            side_key(self.en.as_ref()),
            side_key(self.zh.as_ref()),
        )
    }
}

/// What stands for one side of a finding in its fingerprint: the value, else the text.
pub fn side_key(l: Option<&Location>) -> &str {
    l.map_or("", |l| l.value.as_deref().unwrap_or(&l.text))
}

/// The fingerprint of a finding given by its parts (a finding read back from a JSON report).
pub fn fingerprint_of(path: &str, rule: &str, section: Option<&str>, en: &str, zh: &str) -> String {
    let path = canonical_path(path);
    fnv1a(&[rule, &path, section.unwrap_or(""), en, zh])
}

/// A document path as one spelling: `/` separators, no `.` or empty components. `..` is kept:
/// without the file system it cannot be resolved. A JSONL record's id (after `#`) is kept as
/// written: ids are not paths.
pub fn canonical_path(path: &str) -> String {
    let (file, id) = match path.split_once('#') {
        Some((file, id)) => (file, Some(id)),
        None => (path, None),
    };
    let file = canonical_file(file);
    match id {
        Some(id) => format!("{file}#{id}"),
        None => file,
    }
}

fn canonical_file(path: &str) -> String {
    if path == "-" || !path.contains(['.', '/', '\\']) {
        return path.to_owned();
    }
    let unified = path.replace('\\', "/");
    let absolute = unified.starts_with('/');
    let parts: Vec<&str> = unified
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    let joined = parts.join("/");
    if absolute {
        format!("/{joined}")
    } else {
        joined
    }
}

/// FNV-1a: a fingerprint must not change between runs or Rust releases (std's hasher may).
fn fnv1a(parts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(0)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_one_spelling() {
        assert_eq!(canonical_path("./x.txt"), "x.txt");
        assert_eq!(canonical_path("x.txt"), "x.txt");
        assert_eq!(canonical_path(".\\pages\\x.txt"), "pages/x.txt");
        assert_eq!(canonical_path("pages/./a//x.txt"), "pages/a/x.txt");
        assert_eq!(canonical_path("/abs/./x.txt"), "/abs/x.txt");
        assert_eq!(canonical_path("../x.txt"), "../x.txt");
        assert_eq!(canonical_path("./r.jsonl#10.1/a.b"), "r.jsonl#10.1/a.b");
        assert_eq!(canonical_path("-"), "-");
        assert_eq!(canonical_path("./r.jsonl#10.1//a"), "r.jsonl#10.1//a");
    }
}
