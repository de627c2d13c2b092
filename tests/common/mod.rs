//! What the CLI test files share: the JSON report as typed structs, and where pages are.
#![allow(dead_code)] // each test file uses a part

use assert_cmd::Command;
use serde::Deserialize;
use std::path::PathBuf;

#[derive(Debug, Deserialize)]
pub struct Report {
    pub version: u32,
    pub documents: Vec<Doc>,
    pub summary: Summary,
}

#[derive(Debug, Deserialize)]
pub struct Doc {
    pub path: String,
    pub id: Option<String>,
    pub pairs: Vec<Pair>,
    pub findings: Vec<Finding>,
}

#[derive(Debug, Deserialize)]
pub struct Pair {
    pub en: Span,
    pub zh: ZhSpan,
    pub sections: Vec<Section>,
    /// The original side (`en` or `zh`) and why.
    pub source: String,
    pub source_reason: String,
}

#[derive(Debug, Deserialize)]
pub struct Span {
    pub start_line: usize,
    pub end_line: usize,
}

#[derive(Debug, Deserialize)]
pub struct ZhSpan {
    pub start_line: usize,
    pub end_line: usize,
    pub machine_translated: Option<bool>,
}

#[derive(Debug, Deserialize)]
pub struct Section {
    pub id: String,
    pub en: Option<Label>,
    pub zh: Option<Label>,
}

#[derive(Debug, Deserialize)]
pub struct Label {
    pub label: Option<String>,
    pub line: usize,
}

#[derive(Debug, Deserialize)]
pub struct Finding {
    pub rule: String,
    pub severity: String,
    pub pair: Option<usize>,
    pub section: Option<String>,
    pub en: Option<Location>,
    pub zh: Option<Location>,
    pub message: String,
}

#[derive(Debug, Deserialize)]
pub struct Location {
    pub line: usize,
    pub column: usize,
    pub text: String,
    pub value: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Summary {
    pub documents: usize,
    pub pairs: usize,
    pub unreadable: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn example(name: &str) -> PathBuf {
    let dir = root().join("examples/pages");
    std::fs::read_dir(&dir)
        .expect("examples/pages/ exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .is_some_and(|f| f.to_string_lossy().starts_with(name))
        })
        .unwrap_or_else(|| panic!("no example page {name}"))
}

pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/pages").join(name)
}

/// A page of a real layout class, written for the tests (tests/fixtures/layouts).
pub fn layout(name: &str) -> PathBuf {
    root().join("tests/fixtures/layouts").join(name)
}

pub fn bitext() -> Command {
    Command::cargo_bin("bitext").expect("binary built")
}
