//! `--format sarif`: SARIF 2.1.0, with rule metadata and stable `partialFingerprints` so code
//! scanning shows findings at file and line and tracks them across runs.

use super::Reporter;
use crate::finding::{Location, Severity};
use crate::model::{DocumentReport, Summary, Unreadable};
use crate::rule::Rule;
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
            let rule_index = Rule::ALL.iter().position(|r| *r == f.rule);
            let primary = f.primary();
            let mut result = json!({
                "ruleId": f.rule,
                "level": level(f.severity),
                "message": {"text": f.message},
                "locations": [{"physicalLocation": physical(&uri(&doc.path), primary)}],
                "partialFingerprints": {"bitextFinding/v1": f.fingerprint(&doc.path)},
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
        let rules: Vec<Value> = Rule::ALL
            .iter()
            .map(|r| {
                json!({
                    "id": r.id(),
                    "name": r.id(),
                    "shortDescription": {"text": r.summary()},
                    "defaultConfiguration": {"level": level(r.default_severity())},
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
