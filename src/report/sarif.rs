//! `--format sarif`: SARIF 2.1.0, with rule metadata and stable `partialFingerprints` so code
//! scanning shows findings at file and line and tracks them across runs.

use super::model::{DocumentReport, Summary};
use super::{Reporter, Unreadable};
use crate::checks::RULES;
use crate::finding::{Finding, Location, Severity};
use serde_json::{json, Value};
use std::io::{self, Write};

pub struct SarifReporter<W: Write> {
    out: W,
    results: Vec<Value>,
    notifications: Vec<Value>,
}

impl<W: Write> SarifReporter<W> {
    pub fn new(out: W) -> Self {
        SarifReporter {
            out,
            results: Vec::new(),
            notifications: Vec::new(),
        }
    }
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// FNV-1a: a fingerprint must not change between runs or Rust releases (std's hasher may).
pub fn fingerprint(parts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(0)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

/// What identifies a finding across runs: rule, document, section and the values or texts it is
/// about — not line numbers, which move when text is added above.
pub fn finding_fingerprint(path: &str, f: &Finding) -> String {
    fingerprint_of(
        path,
        f.rule,
        f.section.as_deref(),
        side_key(f.en.as_ref()),
        side_key(f.zh.as_ref()),
    )
}

/// What stands for one side of a finding in its fingerprint: the value, else the text.
pub fn side_key(l: Option<&Location>) -> &str {
    l.map_or("", |l| l.value.as_deref().unwrap_or(&l.text))
}

pub fn fingerprint_of(path: &str, rule: &str, section: Option<&str>, en: &str, zh: &str) -> String {
    fingerprint(&[rule, path, section.unwrap_or(""), en, zh])
}

fn physical(uri: &str, loc: Option<&Location>) -> Value {
    match loc {
        Some(l) => json!({
            "artifactLocation": {"uri": uri},
            "region": {"startLine": l.line, "startColumn": l.column, "snippet": {"text": l.text}}
        }),
        None => json!({"artifactLocation": {"uri": uri}, "region": {"startLine": 1}}),
    }
}

fn uri(path: &str) -> String {
    path.replace('\\', "/")
}

impl<W: Write> Reporter for SarifReporter<W> {
    fn document(&mut self, doc: &DocumentReport) -> io::Result<()> {
        for f in &doc.findings {
            let rule_index = RULES.iter().position(|r| r.id == f.rule);
            let primary = f.primary();
            let mut result = json!({
                "ruleId": f.rule,
                "level": level(f.severity),
                "message": {"text": f.message},
                "locations": [{"physicalLocation": physical(&uri(&doc.path), primary)}],
                "partialFingerprints": {"bitextFinding/v1": finding_fingerprint(&doc.path, f)},
            });
            if let Some(i) = rule_index {
                result["ruleIndex"] = json!(i);
            }
            if let (Some(_), Some(zh)) = (&f.en, &f.zh) {
                result["relatedLocations"] = json!([{
                    "id": 1,
                    "physicalLocation": physical(&uri(&doc.path), Some(zh)),
                    "message": {"text": "the Chinese side"}
                }]);
            }
            self.results.push(result);
        }
        Ok(())
    }

    fn unreadable(&mut self, input: &Unreadable) -> io::Result<()> {
        self.notifications
            .push(json!({"level": "error", "message": {"text": input.message}}));
        Ok(())
    }

    fn finish(&mut self, _summary: &Summary) -> io::Result<()> {
        let rules: Vec<Value> = RULES
            .iter()
            .map(|r| {
                json!({
                    "id": r.id,
                    "name": r.id,
                    "shortDescription": {"text": r.summary},
                    "defaultConfiguration": {"level": level(r.severity)},
                })
            })
            .collect();
        let log = json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {
                    "name": "bitext",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": "https://example.invalid/bitext",
                    "rules": rules,
                }},
                "invocations": [{
                    "executionSuccessful": self.notifications.is_empty(),
                    "toolExecutionNotifications": self.notifications,
                }],
                "results": self.results,
            }],
        });
        serde_json::to_writer_pretty(&mut self.out, &log)?;
        self.out.write_all(b"\n")?;
        self.out.flush()
    }
}
