//! The terminal report: each finding with `path:line:col`, its section, both sides quoted with
//! the number marked; a summary line per document and per run.

use super::Reporter;
use crate::finding::{Finding, Location, Severity};
use crate::model::{DocumentReport, Summary, Unreadable};
use std::io::{self, Write};

pub struct TextReporter<W: Write> {
    out: W,
    color: bool,
    /// Print only findings and the run summary, not a line per clean document.
    pub quiet: bool,
}

const RESET: &str = "\x1b[0m";
const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";

fn severity_color(s: Severity) -> &'static str {
    match s {
        Severity::Error => "\x1b[1;31m",
        Severity::Warning => "\x1b[1;33m",
        Severity::Info => "\x1b[1;36m",
    }
}

impl<W: Write> TextReporter<W> {
    pub fn new(out: W, color: bool) -> Self {
        TextReporter {
            out,
            color,
            quiet: false,
        }
    }

    fn paint(&self, style: &str, text: &str) -> String {
        if self.color {
            format!("{style}{text}{RESET}")
        } else {
            text.to_owned()
        }
    }

    fn quote(&mut self, side: &str, loc: &Location) -> io::Result<()> {
        let Some(excerpt) = &loc.excerpt else {
            return writeln!(
                self.out,
                "    {side} {}:{}  {}",
                loc.line, loc.column, loc.text
            );
        };
        let chars: Vec<char> = excerpt.text.chars().collect();
        let before: String = chars[..excerpt.mark.start.min(chars.len())]
            .iter()
            .collect();
        let marked: String = chars
            [excerpt.mark.start.min(chars.len())..excerpt.mark.end.min(chars.len())]
            .iter()
            .collect();
        let after: String = chars[excerpt.mark.end.min(chars.len())..].iter().collect();
        let marked = if self.color {
            format!("\x1b[1;4;31m{marked}{RESET}")
        } else {
            format!("⟦{marked}⟧")
        };
        let at = self.paint(DIM, &format!("{}:{}", loc.line, loc.column));
        writeln!(self.out, "    {side} {at:<8} │ {before}{marked}{after}")
    }

    fn finding(&mut self, doc: &DocumentReport, f: &Finding) -> io::Result<()> {
        let (line, col) = f.primary().map_or((1, 1), |l| (l.line, l.column));
        let head = self.paint(
            severity_color(f.severity),
            &format!("{}[{}]", f.severity, f.rule),
        );
        let section = f
            .section
            .as_deref()
            .map(|s| format!(" {s}:"))
            .unwrap_or_default();
        let path = self.paint(BOLD, &format!("{}:{line}:{col}", doc.path));
        writeln!(self.out, "{path}: {head}{section} {}", f.message)?;
        if let Some(en) = &f.en {
            self.quote("en", en)?;
        }
        if let Some(zh) = &f.zh {
            self.quote("zh", zh)?;
        }
        Ok(())
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

impl<W: Write> Reporter for TextReporter<W> {
    fn document(&mut self, doc: &DocumentReport) -> io::Result<()> {
        for f in &doc.findings {
            self.finding(doc, f)?;
        }
        if self.quiet {
            return Ok(());
        }
        let sections: Vec<String> = doc
            .pairs
            .iter()
            .map(|p| {
                p.sections
                    .iter()
                    .map(|s| s.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .collect();
        let pairs = if doc.pairs.is_empty() {
            "no pair".to_owned()
        } else {
            format!(
                "{} ({})",
                plural(doc.pairs.len(), "pair"),
                sections.join("; ")
            )
        };
        let mt = if doc
            .pairs
            .iter()
            .any(|p| p.zh.machine_translated == Some(true))
        {
            ", machine-translated"
        } else {
            ""
        };
        let (e, w, i) = (
            doc.count(Severity::Error),
            doc.count(Severity::Warning),
            doc.count(Severity::Info),
        );
        let verdict = if e + w + i == 0 {
            self.paint("\x1b[32m", "ok")
        } else {
            format!(
                "{}, {}, {}",
                plural(e, "error"),
                plural(w, "warning"),
                plural(i, "info")
            )
        };
        writeln!(
            self.out,
            "{}: {pairs}{mt}: {verdict}",
            self.paint(BOLD, &doc.path)
        )?;
        for (i, p) in doc.pairs.iter().enumerate() {
            writeln!(
                self.out,
                "    pair {i}: the {} is the original: {}",
                p.source.name(),
                p.source_reason
            )?;
        }
        Ok(())
    }

    fn unreadable(&mut self, input: &Unreadable) -> io::Result<()> {
        let head = self.paint(severity_color(Severity::Error), "unreadable");
        writeln!(self.out, "{head}: {}", input.message)
    }

    fn finish(&mut self, s: &Summary) -> io::Result<()> {
        writeln!(self.out, "{}", summary_line(s))?;
        self.out.flush()
    }
}

/// The closing line of a run: documents, pairs, findings by severity, unreadable inputs, time.
pub fn summary_line(s: &Summary) -> String {
    let time = if s.elapsed.is_zero() {
        String::new()
    } else {
        format!(" in {:.2}s", s.elapsed.as_secs_f64())
    };
    format!(
        "{}, {}: {}, {}, {}; {} unreadable{time}",
        plural(s.documents, "document"),
        plural(s.pairs, "pair"),
        plural(s.errors, "error"),
        plural(s.warnings, "warning"),
        plural(s.infos, "info"),
        s.unreadable
    )
}
