//! The report of `bitext detect`: the blocks of each page with language, role, lines and why,
//! and the abstract pairs found.

use crate::detect::{Block, Candidate};
use crate::engine::Engine;
use crate::input::Document;
use serde::Serialize;
use std::io::{self, Write};
use std::ops::Range;

#[derive(Debug, Serialize)]
pub struct DetectReport {
    pub path: String,
    pub id: Option<String>,
    pub machine_translated: Option<bool>,
    pub blocks: Vec<Block>,
    /// Every piece of text weighed as an abstract, with its evidence and verdict.
    pub candidates: Vec<Candidate>,
    pub pairs: Vec<DetectedPair>,
}

#[derive(Debug, Serialize)]
pub struct DetectedPair {
    pub en: Lines,
    pub zh: Lines,
    /// The original side and why (`--source auto`), or as given.
    pub source: crate::lang::Lang,
    pub source_reason: String,
}

#[derive(Debug, Serialize)]
pub struct Lines {
    pub start_line: usize,
    pub end_line: usize,
    pub title_line: Option<usize>,
}

impl DetectReport {
    pub fn new(engine: &Engine, doc: &Document) -> DetectReport {
        let (pairs, detection) = engine.pairs(doc);
        let line = |offset: usize| doc.locator.position(offset).line;
        let lines = |r: &Range<usize>, title: Option<&Range<usize>>| Lines {
            start_line: line(r.start),
            end_line: line(r.end.saturating_sub(1).max(r.start)),
            title_line: title.map(|t| line(t.start)),
        };
        // Block lines as in the input (for HTML, the markup), like every other line bitext reports.
        let source_lines = |b: &Block| Block {
            start_line: line(b.range.start),
            end_line: line(b.range.end.saturating_sub(1).max(b.range.start)),
            ..b.clone()
        };
        let candidate_lines = |c: &Candidate| Candidate {
            start_line: line(c.range.start),
            end_line: line(c.range.end.saturating_sub(1).max(c.range.start)),
            ..c.clone()
        };
        let detected_pairs = pairs
            .iter()
            .map(|p| DetectedPair {
                en: lines(&p.en, p.en_title.as_ref()),
                zh: lines(&p.zh, p.zh_title.as_ref()),
                source: p.source,
                source_reason: p.source_reason.clone(),
            })
            .collect();
        let (blocks, candidates, doi, mt) = match &detection {
            Some(d) => (
                d.blocks.iter().map(source_lines).collect(),
                d.candidates.iter().map(candidate_lines).collect(),
                d.doi.clone(),
                d.machine_translated,
            ),
            None => (Vec::new(), Vec::new(), None, false),
        };
        DetectReport {
            path: doc.path.clone(),
            id: doc.id.clone().or(doi),
            machine_translated: mt.then_some(true),
            blocks,
            candidates,
            pairs: detected_pairs,
        }
    }

    pub fn write_text(&self, out: &mut impl Write) -> io::Result<()> {
        writeln!(out, "{}", self.path)?;
        for b in &self.blocks {
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
        if !self.candidates.is_empty() {
            writeln!(out, "  abstracts weighed:")?;
        }
        for c in &self.candidates {
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
        if self.pairs.is_empty() {
            writeln!(out, "  no English–Chinese pair")?;
        }
        for (i, p) in self.pairs.iter().enumerate() {
            let mt = if self.machine_translated == Some(true) {
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
}
