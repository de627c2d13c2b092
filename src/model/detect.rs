//! What `bitext detect` shows of a page: its blocks with language, role, lines and why, every
//! piece of text weighed as an abstract, and the abstract pairs found.

use crate::detect::{Block, Candidate};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct DetectReport {
    pub path: String,
    pub id: Option<String>,
    pub machine_translated: Option<bool>,
    pub blocks: Vec<Block>,
    /// Every piece of text weighed as an abstract, with its evidence and verdict.
    pub candidates: Vec<Candidate>,
    pub pairs: Vec<DetectedPair>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DetectedPair {
    pub en: Lines,
    pub zh: Lines,
    /// The original side and why (`--source auto`), or as given.
    pub source: crate::lang::Lang,
    pub source_reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Lines {
    pub start_line: usize,
    pub end_line: usize,
    pub title_line: Option<usize>,
}
