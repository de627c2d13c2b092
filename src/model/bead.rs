//! Sentence beads: the aligner's pairs of sentences, as the checks read them (byte ranges) and as
//! `bitext align` writes them (text and lines).

use crate::rule::Rule;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// Aligned sentences: byte ranges of the document text on each side (one side empty for a
/// sentence with no counterpart) and the aligner's confidence.
#[derive(Debug, Clone, PartialEq)]
pub struct SentenceBead {
    pub en: Vec<Range<usize>>,
    pub zh: Vec<Range<usize>>,
    pub score: f32,
}

impl SentenceBead {
    /// The text range of a side, from its first sentence to its last.
    pub fn span(side: &[Range<usize>]) -> Option<Range<usize>> {
        Some(side.first()?.start..side.last()?.end)
    }
}

/// One bead as written (contract: "Aligned output", version 1).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AlignedBead {
    pub doc: String,
    pub pair: usize,
    pub section: String,
    pub en: String,
    pub zh: String,
    pub en_lines: Vec<usize>,
    pub zh_lines: Vec<usize>,
    pub score: f32,
    /// The rules of the findings that fall in this bead.
    pub findings: Vec<Rule>,
}

impl AlignedBead {
    pub fn both_sides(&self) -> bool {
        !self.en.is_empty() && !self.zh.is_empty()
    }

    /// "1-1", "2-1", "0-1".
    pub fn kind(&self) -> String {
        format!("{}-{}", self.en_lines.len(), self.zh_lines.len())
    }
}
