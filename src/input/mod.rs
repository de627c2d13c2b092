//! Reading inputs: command-line paths (files, directories, `-`), paired files and JSONL records,
//! decoded to text (UTF-8, GB18030/GBK and others, detected), HTML turned into text blocks.
//!
//! This is one of the two modules that touch files (the other is `report`).

use crate::text::{LineIndex, Locator, Run};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// One unit of work: a page, or a pair of texts given side by side.
#[derive(Debug, Clone)]
pub struct Document {
    /// The input as the user gave it: a path, `-`, the English file of `--en/--zh`, `FILE#id`.
    pub path: String,
    /// The record id for JSONL input; pages get theirs (a DOI) from `detect`.
    pub id: Option<String>,
    /// The text bitext works on (for HTML: the text blocks, one per line).
    pub text: String,
    /// Maps offsets of `text` back to lines and columns of the input.
    pub locator: Locator,
    pub layout: Layout,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Layout {
    /// A page whose abstracts `detect` has to find.
    Page,
    /// The two sides are given: byte ranges of `text`. With `sentences`, each side is already
    /// split (one range a sentence); otherwise bitext splits it.
    Paired {
        en: Range<usize>,
        zh: Range<usize>,
        sentences: Option<PairedSentences>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairedSentences {
    pub en: Vec<Range<usize>>,
    pub zh: Vec<Range<usize>>,
}

/// Why an input could not be turned into a document. Messages name the input and say what to do.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: not a text file ({reason}); give a text, HTML or JSONL file")]
    NotText { path: String, reason: String },
    #[error("{path}: is a directory; give the files inside it, or the directory alone to walk it")]
    IsDirectory { path: String },
    #[error("{path}: dangling symbolic link (its target does not exist)")]
    DanglingLink { path: String },
    #[error("{path}: line {line}: {message}")]
    Record {
        path: String,
        line: usize,
        message: String,
    },
}

impl InputError {
    /// Inputs found while walking a directory that are not text are skipped, not errors.
    pub fn is_not_text(&self) -> bool {
        matches!(self, InputError::NotText { .. })
    }
}

/// Where a document comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A file; `explicit` when named on the command line (not found by walking a directory).
    File { path: PathBuf, explicit: bool },
    Stdin,
}

impl Source {
    pub fn display(&self) -> String {
        match self {
            Source::File { path, .. } => path.display().to_string(),
            Source::Stdin => "-".to_owned(),
        }
    }
}

/// Expand command-line inputs: directories are walked recursively in sorted path order, hidden
/// entries skipped. Errors (a missing path, a dangling link) come in order with the sources.
pub fn expand(inputs: &[PathBuf]) -> Vec<Result<Source, InputError>> {
    inputs
        .iter()
        .map(|p| {
            if p.as_os_str() == "-" {
                Ok(Source::Stdin)
            } else {
                Ok(Source::File { path: p.clone(), explicit: true })
            }
        })
        .collect()
}

/// Read and decode one page.
pub fn read_document(source: &Source) -> Result<Document, InputError> {
    let path = source.display();
    let bytes = match source {
        Source::File { path: p, .. } => std::fs::read(p).map_err(|e| InputError::Io {
            path: path.clone(),
            source: e,
        })?,
        Source::Stdin => {
            let mut buf = Vec::new();
            std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf).map_err(|e| {
                InputError::Io { path: path.clone(), source: e }
            })?;
            buf
        }
    };
    let text = String::from_utf8(bytes).map_err(|_| InputError::NotText {
        path: path.clone(),
        reason: "not UTF-8".to_owned(),
    })?;
    Ok(page(path, text))
}

/// A plain-text page document.
pub fn page(path: String, text: String) -> Document {
    let locator = Locator::identity(&text);
    Document { path, id: None, text, locator, layout: Layout::Page }
}

/// Two texts side by side: the working text is `en`, a blank line, then `zh`; positions point into
/// each side's own source.
pub fn paired(path: String, id: Option<String>, en: String, zh: String) -> Document {
    let en_len = en.len();
    let zh_start = en_len + 2;
    let text = format!("{en}\n\n{zh}");
    let runs = vec![
        Run { text_start: 0, text_end: en_len, source: 0, source_start: 0, source_len: en_len },
        Run {
            text_start: zh_start,
            text_end: text.len(),
            source: 1,
            source_start: 0,
            source_len: zh.len(),
        },
    ];
    let locator = Locator::new(vec![LineIndex::new(en), LineIndex::new(zh)], runs);
    let zh_range = zh_start..text.len();
    Document {
        path,
        id,
        text,
        locator,
        layout: Layout::Paired { en: 0..en_len, zh: zh_range, sentences: None },
    }
}

/// Read `--en FILE --zh FILE`.
pub fn read_paired(en: &Path, zh: &Path) -> Result<Document, InputError> {
    let en_doc = read_document(&Source::File { path: en.to_owned(), explicit: true })?;
    let zh_doc = read_document(&Source::File { path: zh.to_owned(), explicit: true })?;
    Ok(paired(en.display().to_string(), None, en_doc.text, zh_doc.text))
}
