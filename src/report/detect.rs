//! The report of `bitext detect`: the blocks of each page with language, role, lines and why,
//! and the abstract pairs found.

use crate::detect::Block;
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
    pub pairs: Vec<DetectedPair>,
}

#[derive(Debug, Serialize)]
pub struct DetectedPair {
    pub en: Lines,
    pub zh: Lines,
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
        let (blocks, detected_pairs, doi, mt) = match &detection {
            Some(d) => (
                d.blocks.iter().map(source_lines).collect(),
                d.pairs
                    .iter()
                    .map(|p| DetectedPair {
                        en: lines(&p.en.range, p.en.title.as_ref()),
                        zh: lines(&p.zh.range, p.zh.title.as_ref()),
                    })
                    .collect(),
                d.doi.clone(),
                d.machine_translated,
            ),
            None => (
                Vec::new(),
                pairs
                    .iter()
                    .map(|p| DetectedPair {
                        en: lines(&p.en, None),
                        zh: lines(&p.zh, None),
                    })
                    .collect(),
                None,
                false,
            ),
        };
        DetectReport {
            path: doc.path.clone(),
            id: doc.id.clone().or(doi),
            machine_translated: mt.then_some(true),
            blocks,
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
                "  pair {i}: en lines {}-{} ↔ zh lines {}-{}{mt}",
                p.en.start_line, p.en.end_line, p.zh.start_line, p.zh.end_line
            )?;
        }
        Ok(())
    }
}
