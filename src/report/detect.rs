//! `bitext detect` in text: the blocks of each page with language, role, lines and why, and the
//! abstract pairs found. (`--format json` is the [`DetectReport`] serialised.)

use crate::model::DetectReport;
use std::io::{self, Write};

/// Write the report of one page for a person.
pub fn write_text(report: &DetectReport, out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "{}", report.path)?;
    for b in &report.blocks {
        let lines = if b.start_line == b.end_line {
            format!("{}", b.start_line)
        } else {
            format!("{}-{}", b.start_line, b.end_line)
        };
        let lang = serde_json::to_value(b.lang)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        let role = serde_json::to_value(b.role)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        writeln!(out, "  {lines:>9}  {lang:<5}  {role:<14} {}", b.reason)?;
    }
    if !report.candidates.is_empty() {
        writeln!(out, "  abstracts weighed:")?;
    }
    for c in &report.candidates {
        let lines = if c.start_line == c.end_line {
            format!("{}", c.start_line)
        } else {
            format!("{}-{}", c.start_line, c.end_line)
        };
        let verdict = if c.accepted { "taken" } else { "rejected" };
        let mut evidence = vec![format!("{} letters", c.letters)];
        if let Some(m) = &c.marker {
            evidence.push(format!("marker `{m}`"));
        }
        if !c.labels.is_empty() {
            evidence.push(format!("labels {}", c.labels.join("/")));
        }
        if c.keywords_after {
            evidence.push("keywords after".to_owned());
        }
        writeln!(
            out,
            "  {lines:>9}  {:<5}  {verdict:<14} {} [{}]",
            c.lang.code(),
            c.why,
            evidence.join(", ")
        )?;
    }
    if report.pairs.is_empty() {
        writeln!(out, "  no English–Chinese pair")?;
    }
    for (i, p) in report.pairs.iter().enumerate() {
        let mt = if report.machine_translated == Some(true) {
            " (machine-translated)"
        } else {
            ""
        };
        writeln!(
            out,
            "  pair {i}: en lines {}-{} ↔ zh lines {}-{}{mt}; original: {} ({})",
            p.en.start_line,
            p.en.end_line,
            p.zh.start_line,
            p.zh.end_line,
            p.source.name(),
            p.source_reason
        )?;
    }
    Ok(())
}
