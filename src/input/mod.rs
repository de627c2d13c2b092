//! Reading inputs: command-line paths (files, directories, `-`), paired files and JSONL records,
//! decoded to text (UTF-8, GB18030/GBK and others, detected), HTML turned into text blocks.
//!
//! This is one of the two modules that touch files (the other is `report`).
//!
//! - `walk`: command-line paths to [`Source`]s (directories walked in sorted order);
//! - `decode`: bytes to text, or the reason they are not text;
//! - `html`: HTML to text blocks with a map back into the markup;
//! - `jsonl`: streamed `--jsonl` records;
//! - `atomic`: output files that appear whole or not at all.

mod atomic;
pub mod decode;
mod guard;
mod html;
mod jsonl;
pub mod limits;
mod walk;

pub use atomic::{remove_pending, write_atomically, AtomicDir, AtomicFile};
pub use guard::refuse_output;
pub use html::html_to_text;
pub use jsonl::{open_jsonl, parse_record, record_document, JsonlReader};

use crate::text::{LineIndex, Locator};
use std::io::Read;
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

impl Document {
    /// A page whose abstracts are to be found (plain text; HTML when it looks like markup, as a
    /// JSONL `page` is read). `path` names it in reports.
    pub fn page(path: String, text: String) -> Document {
        let text = decode::fix_lone_cr(text);
        if decode::sniff_html(&text) {
            html_page(path, text)
        } else {
            page(path, text)
        }
    }

    /// An English abstract and its Chinese translation, each split into sentences by bitext.
    pub fn pair(path: String, id: Option<String>, en: String, zh: String) -> Document {
        paired(path, id, decode::fix_lone_cr(en), decode::fix_lone_cr(zh))
    }

    /// Both sides already split into sentences: sentence `i` is on line `i + 1` of its side.
    pub fn sentences(
        path: String,
        id: Option<String>,
        en: Vec<String>,
        zh: Vec<String>,
    ) -> Document {
        paired_sentences(path, id, en, zh)
    }

    /// A JSONL record (`{"id", "en", "zh"}` or `{"id", "page"}`) on line `line` of the input
    /// `source`, read as `--jsonl` reads it: the path is `source#id`.
    pub fn from_record(source: &str, line: usize, record: &str) -> Result<Document, InputError> {
        parse_record(source, line, record)
    }

    /// Read a file as `bitext check FILE` does (encoding detected, HTML by name or content).
    pub fn read(path: &Path) -> Result<Document, InputError> {
        read_document(&Source::File {
            path: path.to_owned(),
            explicit: true,
        })
    }
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
    #[error("{path}: dangling symbolic link (its target does not exist); fix or remove the link")]
    DanglingLink { path: String },
    #[error("{path}: no such file or directory; check the path")]
    NotFound { path: String },
    /// Over the limit on one input (`--max-filesize`).
    #[error("{path}: {message}")]
    TooLarge { path: String, message: String },
    /// A bad line of a JSONL input; `path` is the JSONL input, `line` counts from 1.
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
    File {
        path: PathBuf,
        explicit: bool,
    },
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
/// entries skipped. Errors (a missing path, a dangling link, an unreadable directory) come in
/// order with the sources. Files found by walking are `explicit: false`: `read_document` refuses
/// them cheaply (by extension) when they are not text, and the caller lists them as skipped.
pub fn expand(inputs: &[PathBuf]) -> Vec<Result<Source, InputError>> {
    walk::expand(inputs)
}

/// Read and decode one page; HTML (by name or content) becomes text blocks.
///
/// `NotText` on a source with `explicit: false` means "skip it and say so", not a failure.
pub fn read_document(source: &Source) -> Result<Document, InputError> {
    let (bytes, html_name) = read_bytes(source)?;
    decode_document(source.display(), &bytes, html_name)
}

/// A page from bytes already read: decoded, and turned into text blocks if it is HTML (`html_name`
/// when its name says so; the content is sniffed as well).
pub fn decode_document(
    path: String,
    bytes: &[u8],
    html_name: bool,
) -> Result<Document, InputError> {
    let decoded = decode::decode(bytes, html_name).map_err(|reason| InputError::NotText {
        path: path.clone(),
        reason,
    })?;
    if html_name || decode::sniff_html(&decoded.text) {
        Ok(html_page(path, decoded.text))
    } else {
        Ok(page(path, decoded.text))
    }
}

/// Whether a file name says HTML.
pub fn is_html_name(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["html", "htm", "xhtml"]
            .iter()
            .any(|h| e.eq_ignore_ascii_case(h))
    })
}

fn read_bytes(source: &Source) -> Result<(Vec<u8>, bool), InputError> {
    let display = source.display();
    match source {
        Source::File { path, explicit } => {
            if !explicit {
                if let Some(reason) = walk::skipped_by_extension(path) {
                    return Err(InputError::NotText {
                        path: display,
                        reason,
                    });
                }
            }
            let meta = std::fs::metadata(path)
                .map_err(|e| walk::missing_or_io(path, display.clone(), e))?;
            if meta.is_dir() {
                return Err(InputError::IsDirectory { path: display });
            }
            // Named on the command line, a fifo is how `<(cmd)` arrives: read it. Found in a
            // directory, opening one could block the run forever.
            if !explicit && !meta.is_file() {
                return Err(InputError::NotText {
                    path: display,
                    reason: "not a regular file (a fifo, socket or device)".to_owned(),
                });
            }
            if meta.is_file() && meta.len() > limits::max_bytes() {
                return Err(InputError::TooLarge {
                    message: limits::too_large("the file"),
                    path: display,
                });
            }
            // Read with a bound: a device or fifo (`/dev/zero`, `<(cmd)`) may never end.
            let file = std::fs::File::open(path)
                .map_err(|e| walk::missing_or_io(path, display.clone(), e))?;
            let bytes = read_bounded(file, display)?;
            Ok((bytes, is_html_name(path)))
        }
        Source::Stdin => Ok((read_bounded(std::io::stdin().lock(), display)?, false)),
    }
}

/// All of `reader`, or an error naming the input once it passes the limit on one input.
fn read_bounded(reader: impl std::io::Read, path: String) -> Result<Vec<u8>, InputError> {
    let limit = limits::max_bytes();
    let mut buf = Vec::new();
    reader
        .take(limit + 1)
        .read_to_end(&mut buf)
        .map_err(|e| InputError::Io {
            path: path.clone(),
            source: e,
        })?;
    if buf.len() as u64 > limit {
        return Err(InputError::TooLarge {
            message: limits::too_large("the input"),
            path,
        });
    }
    Ok(buf)
}

/// A plain-text page document.
pub fn page(path: String, text: String) -> Document {
    let locator = Locator::identity(&text);
    Document {
        path,
        id: None,
        text,
        locator,
        layout: Layout::Page,
    }
}

/// An HTML page: the working text is its text blocks, positions point into the markup.
pub fn html_page(path: String, html: String) -> Document {
    let (text, runs) = html::html_to_text(&html);
    let locator = Locator::new(vec![LineIndex::new(html)], runs);
    Document {
        path,
        id: None,
        text,
        locator,
        layout: Layout::Page,
    }
}

/// Two texts side by side: the working text is `en`, a blank line, then `zh`; positions point into
/// each side's own source.
pub fn paired(path: String, id: Option<String>, en: String, zh: String) -> Document {
    join_sides(
        path,
        id,
        page(String::new(), en),
        page(String::new(), zh),
        None,
    )
}

/// Two sides already split into sentences (JSONL arrays). Each side's text, and its source, is
/// its sentences one a line, so sentence `i` is on line `i + 1` of its side.
pub fn paired_sentences(
    path: String,
    id: Option<String>,
    en: Vec<String>,
    zh: Vec<String>,
) -> Document {
    let (en_text, en_ranges) = one_sentence_a_line(en);
    let (zh_text, zh_ranges) = one_sentence_a_line(zh);
    join_sides(
        path,
        id,
        page(String::new(), en_text),
        page(String::new(), zh_text),
        Some(PairedSentences {
            en: en_ranges,
            zh: zh_ranges,
        }),
    )
}

fn one_sentence_a_line(sentences: Vec<String>) -> (String, Vec<Range<usize>>) {
    let mut text = String::with_capacity(sentences.iter().map(|s| s.len() + 1).sum());
    let mut ranges = Vec::with_capacity(sentences.len());
    for (i, sentence) in sentences.iter().enumerate() {
        if i > 0 {
            text.push('\n');
        }
        let start = text.len();
        // A line break inside a sentence would move every later sentence off its line; a space
        // has the same width, so the sentence's offsets stay as given.
        text.extend(
            sentence
                .chars()
                .map(|c| if c == '\n' || c == '\r' { ' ' } else { c }),
        );
        ranges.push(start..text.len());
    }
    (text, ranges)
}

/// Lay two side documents out as one: `en`, a blank line, `zh`. `sentences` are ranges within
/// each side's own text; they are moved to the joined text here.
fn join_sides(
    path: String,
    id: Option<String>,
    en: Document,
    zh: Document,
    sentences: Option<PairedSentences>,
) -> Document {
    let en_len = en.text.len();
    let zh_start = en_len + 2;
    let mut text = en.text;
    text.reserve(zh.text.len() + 2);
    text.push_str("\n\n");
    text.push_str(&zh.text);
    let locator = Locator::concat(vec![(0, en.locator), (zh_start, zh.locator)]);
    let sentences = sentences.map(|s| PairedSentences {
        en: s.en,
        zh: s
            .zh
            .into_iter()
            .map(|r| r.start + zh_start..r.end + zh_start)
            .collect(),
    });
    let zh_range = zh_start..text.len();
    Document {
        path,
        id,
        text,
        locator,
        layout: Layout::Paired {
            en: 0..en_len,
            zh: zh_range,
            sentences,
        },
    }
}

/// Read `--en FILE --zh FILE` (each may be HTML; positions point into each file).
pub fn read_paired(en: &Path, zh: &Path) -> Result<Document, InputError> {
    let en_doc = read_document(&Source::File {
        path: en.to_owned(),
        explicit: true,
    })?;
    let zh_doc = read_document(&Source::File {
        path: zh.to_owned(),
        explicit: true,
    })?;
    Ok(join_sides(
        en.display().to_string(),
        None,
        en_doc,
        zh_doc,
        None,
    ))
}

/// Read `--en FILE --zh FILE --sentences-per-line`: each non-blank line is one sentence. Blank
/// lines are skipped but still counted: the source is the file itself, so sentence ranges point at
/// their real lines. Files are read as plain text, never as HTML, since lines are the format.
pub fn read_paired_sentences(en: &Path, zh: &Path) -> Result<Document, InputError> {
    let en_doc = read_plain(en)?;
    let zh_doc = read_plain(zh)?;
    let sentences = PairedSentences {
        en: line_ranges(&en_doc.text),
        zh: line_ranges(&zh_doc.text),
    };
    Ok(join_sides(
        en.display().to_string(),
        None,
        en_doc,
        zh_doc,
        Some(sentences),
    ))
}

fn read_plain(path: &Path) -> Result<Document, InputError> {
    let source = Source::File {
        path: path.to_owned(),
        explicit: true,
    };
    let (bytes, _) = read_bytes(&source)?;
    let display = source.display();
    let decoded = decode::decode(&bytes, false).map_err(|reason| InputError::NotText {
        path: display.clone(),
        reason,
    })?;
    Ok(page(display, decoded.text))
}

/// Byte ranges of the non-blank lines of `text`, without surrounding whitespace.
fn line_ranges(text: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut start = 0;
    for line in text.split('\n') {
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            let lead = line.len() - line.trim_start().len();
            ranges.push(start + lead..start + lead + trimmed.len());
        }
        start += line.len() + 1;
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Position;

    #[test]
    fn paired_positions_point_into_each_side() {
        let doc = paired(
            "en.txt".into(),
            None,
            "One.\nTwo 14.".into(),
            "一。\n二14。".into(),
        );
        let Layout::Paired {
            en,
            zh,
            sentences: None,
        } = &doc.layout
        else {
            panic!("{:?}", doc.layout)
        };
        assert_eq!(&doc.text[en.clone()], "One.\nTwo 14.");
        assert_eq!(&doc.text[zh.clone()], "一。\n二14。");
        let at = zh.start + "一。\n二".len();
        assert_eq!(doc.locator.locate(at), (1, Position { line: 2, column: 2 }));
    }

    #[test]
    fn sentence_arrays_are_lines() {
        let doc = paired_sentences(
            "r#1".into(),
            Some("1".into()),
            vec!["A b.".into(), "C\nd.".into()],
            vec!["甲。".into(), "乙。".into(), "丙。".into()],
        );
        let Layout::Paired {
            sentences: Some(s), ..
        } = &doc.layout
        else {
            panic!()
        };
        assert_eq!(&doc.text[s.en[1].clone()], "C d.");
        assert_eq!(&doc.text[s.zh[2].clone()], "丙。");
        assert_eq!(
            doc.locator.locate(s.en[1].start),
            (0, Position { line: 2, column: 1 })
        );
        assert_eq!(
            doc.locator.locate(s.zh[2].start),
            (1, Position { line: 3, column: 1 })
        );
    }

    #[test]
    fn line_ranges_skip_blank_lines() {
        let text = "first\r\n\n  second  \n\nthird";
        let got: Vec<&str> = line_ranges(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(got, ["first", "second", "third"]);
    }
}
