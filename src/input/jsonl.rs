//! `--jsonl`: one record a line, streamed, so bitext can sit in a pipe as a filter.

use super::limits::{self, Line};
use super::{
    decode::fix_lone_cr, decode::sniff_html, html_page, page, paired, paired_sentences, Document,
    InputError,
};
use serde_json::{Map, Value};
use std::io::BufRead;
use std::path::Path;

/// Reads records one line at a time and yields each as soon as its line is read: it never reads
/// ahead, so a program writing a record and waiting for the answer gets it.
///
/// A malformed line is an `InputError::Record` and reading goes on with the next line; an I/O
/// error ends the stream after it is yielded.
pub struct JsonlReader<R: BufRead> {
    reader: R,
    /// The JSONL input as given (`-` for standard input), the prefix of each document's path.
    path: String,
    line: usize,
    buf: Vec<u8>,
    done: bool,
}

impl<R: BufRead> JsonlReader<R> {
    pub fn new(reader: R, path: impl Into<String>) -> Self {
        JsonlReader {
            reader,
            path: path.into(),
            line: 0,
            buf: Vec::new(),
            done: false,
        }
    }

    fn record_error(&self, message: impl Into<String>) -> InputError {
        RecordAt {
            source: &self.path,
            line: self.line,
        }
        .record_error(message)
    }
}

/// Open `--jsonl FILE` (`-` for standard input) for reading one record at a time.
pub fn open_jsonl(path: &Path) -> Result<JsonlReader<Box<dyn BufRead + Send>>, InputError> {
    if path.as_os_str() == "-" {
        // Not `stdin().lock()`: the reader runs on the thread that feeds the workers.
        return Ok(JsonlReader::new(
            Box::new(std::io::BufReader::new(std::io::stdin())),
            "-",
        ));
    }
    let display = path.display().to_string();
    if path.is_dir() {
        return Err(InputError::IsDirectory { path: display });
    }
    let file = std::fs::File::open(path)
        .map_err(|e| super::walk::missing_or_io(path, display.clone(), e))?;
    Ok(JsonlReader::new(
        Box::new(std::io::BufReader::new(file)),
        display,
    ))
}

impl<R: BufRead> Iterator for JsonlReader<R> {
    type Item = Result<Document, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            self.buf.clear();
            // Bytes, not `read_line`: a line that is not UTF-8 is a bad record, not the end. A
            // line is read up to the limit on one input: an endless one (`/dev/zero`) ends the
            // reading with a message.
            match limits::read_line_capped(&mut self.reader, &mut self.buf) {
                Ok(Line::End) => self.done = true,
                Ok(Line::Read) => {
                    self.line += 1;
                    if self.buf.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    return Some(self.parse_line());
                }
                Ok(Line::TooLong { ended }) => {
                    self.line += 1;
                    self.done = ended;
                    let rest = if ended {
                        "; it never ends, so the rest of the input is not read"
                    } else {
                        "; skipped"
                    };
                    return Some(Err(
                        self.record_error(format!("{}{rest}", limits::too_large("the line")))
                    ));
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    self.done = true;
                    return Some(Err(InputError::Io {
                        path: self.path.clone(),
                        source: e,
                    }));
                }
            }
        }
        None
    }
}

impl<R: BufRead> JsonlReader<R> {
    fn parse_line(&self) -> Result<Document, InputError> {
        let bytes = self.buf.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&self.buf);
        let at = RecordAt {
            source: &self.path,
            line: self.line,
        };
        let line = std::str::from_utf8(bytes)
            .map_err(|_| at.record_error("not UTF-8; JSONL input must be UTF-8"))?;
        parse_record(&self.path, self.line, line)
    }
}

/// The document of one JSONL record given as its line of text; `source` names the JSONL input
/// (`-` for standard input) and `line` is the record's line number, for paths and messages.
pub fn parse_record(source: &str, line_number: usize, line: &str) -> Result<Document, InputError> {
    let at = RecordAt {
        source,
        line: line_number,
    };
    let value: Value = serde_json::from_str(line.trim()).map_err(|e| {
        let message = e.to_string();
        if message.contains("hex escape") && lone_surrogate(line) {
            at.record_error(format!(
                "holds half of a UTF-16 surrogate pair (an escape \\uD800-\\uDFFF with no \
                     other half, near column {}): not text; the program that wrote it encoded \
                     broken text, fix or drop the record",
                e.column()
            ))
        } else {
            at.record_error(format!("not valid JSON ({e}); one JSON object a line"))
        }
    })?;
    record_document(source, line_number, value)
}

/// The document of one JSONL record already parsed (a Python dict, say), as [`parse_record`].
pub fn record_document(
    source: &str,
    line_number: usize,
    value: Value,
) -> Result<Document, InputError> {
    let at = RecordAt {
        source,
        line: line_number,
    };
    let Value::Object(record) = value else {
        return Err(
            at.record_error("not a JSON object; expected {\"id\": ..., \"en\": ..., \"zh\": ...}")
        );
    };
    let id = match record.get("id") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(_) => return Err(at.record_error("\"id\" must be a string or a number")),
    };
    let path = format!(
        "{}#{}",
        at.source,
        id.as_deref()
            .map_or_else(|| at.line.to_string(), str::to_owned)
    );

    let en = at.side(&record, "en")?;
    let zh = at.side(&record, "zh")?;
    let page_text = match record.get("page") {
        None | Some(Value::Null) => None,
        // Line ends as a file's: a page with CR-only lines reads the same by every route.
        Some(Value::String(s)) => Some(fix_lone_cr(s.clone())),
        Some(_) => return Err(at.record_error("\"page\" must be a string")),
    };
    match (page_text, en, zh) {
        (Some(text), None, None) => {
            let mut doc = if sniff_html(&text) {
                html_page(path, text)
            } else {
                page(path, text)
            };
            doc.id = id;
            Ok(doc)
        }
        (Some(_), _, _) => {
            Err(at.record_error("has both \"page\" and \"en\"/\"zh\"; give one or the other"))
        }
        (None, Some(Side::Text(en)), Some(Side::Text(zh))) => Ok(paired(path, id, en, zh)),
        (None, Some(Side::Sentences(en)), Some(Side::Sentences(zh))) => {
            Ok(paired_sentences(path, id, en, zh))
        }
        (None, Some(_), Some(_)) => Err(at.record_error(
            "\"en\" and \"zh\" must both be strings (text to split) or both arrays (sentences)",
        )),
        (None, None, None) => Err(at.record_error("has neither \"en\" and \"zh\" nor \"page\"")),
        (None, Some(_), None) => Err(at.record_error("has \"en\" but no \"zh\"")),
        (None, None, Some(_)) => Err(at.record_error("has \"zh\" but no \"en\"")),
    }
}

/// Where a record is, for its path and its error messages.
struct RecordAt<'a> {
    source: &'a str,
    line: usize,
}

impl RecordAt<'_> {
    fn record_error(&self, message: impl Into<String>) -> InputError {
        InputError::Record {
            path: self.source.to_owned(),
            line: self.line,
            message: message.into(),
        }
    }

    /// One side of a record: `en`, or the eval sets' `en_sentences` (array) / `en_text` (string).
    fn side(&self, record: &Map<String, Value>, lang: &str) -> Result<Option<Side>, InputError> {
        let keys = [
            lang.to_owned(),
            format!("{lang}_sentences"),
            format!("{lang}_text"),
        ];
        let Some((key, value)) = keys
            .iter()
            .find_map(|k| record.get(k).filter(|v| !v.is_null()).map(|v| (k, v)))
        else {
            return Ok(None);
        };
        match value {
            Value::String(s) => Ok(Some(Side::Text(fix_lone_cr(s.clone())))),
            Value::Array(items) => items
                .iter()
                .map(|item| match item {
                    Value::String(s) => Ok(fix_lone_cr(s.clone())),
                    _ => Err(self.record_error(format!("\"{key}\" must hold only strings"))),
                })
                .collect::<Result<Vec<_>, _>>()
                .map(|v| Some(Side::Sentences(v))),
            _ => {
                Err(self.record_error(format!("\"{key}\" must be a string or an array of strings")))
            }
        }
    }
}

/// Does the line hold a `\uD800`–`\uDFFF` escape (half of a surrogate pair)?
fn lone_surrogate(line: &str) -> bool {
    line.match_indices("\\u").any(|(i, _)| {
        let hex = |k: usize| line.as_bytes().get(i + k).map(u8::to_ascii_lowercase);
        hex(2) == Some(b'd')
            && hex(3).is_some_and(|c| (b'8'..=b'9').contains(&c) || (b'a'..=b'f').contains(&c))
    })
}

enum Side {
    Text(String),
    Sentences(Vec<String>),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Layout;

    fn read(input: &str) -> Vec<Result<Document, InputError>> {
        JsonlReader::new(input.as_bytes(), "r.jsonl").collect()
    }

    #[test]
    fn strings_arrays_pages_and_errors() {
        let got = read(concat!(
            "{\"id\": \"a\", \"en\": \"One. Two.\", \"zh\": \"一。二。\"}\n",
            "\n",
            "{\"en\": [\"One.\", \"Two.\"], \"zh\": [\"一。\", \"二。\"]}\n",
            "{not json\n",
            "{\"id\": 7, \"page\": \"Abstract: x\"}\n",
            "{\"id\": \"g\", \"en_sentences\": [\"A\"], \"zh_sentences\": [\"甲\"], \"gold\": []}",
        ));
        assert_eq!(got.len(), 5);
        let a = got[0].as_ref().unwrap();
        assert_eq!((a.path.as_str(), a.id.as_deref()), ("r.jsonl#a", Some("a")));
        assert!(matches!(
            a.layout,
            Layout::Paired {
                sentences: None,
                ..
            }
        ));
        let b = got[1].as_ref().unwrap();
        assert_eq!(b.path, "r.jsonl#3");
        assert!(matches!(&b.layout, Layout::Paired { sentences: Some(s), .. } if s.en.len() == 2));
        assert!(matches!(&got[2], Err(InputError::Record { line: 4, .. })));
        let c = got[3].as_ref().unwrap();
        assert_eq!(
            (c.path.as_str(), c.id.as_deref(), &c.layout),
            ("r.jsonl#7", Some("7"), &Layout::Page)
        );
        assert!(got[4].is_ok());
    }

    #[test]
    fn bad_records_say_why() {
        let got = read(
            "[1]\n{\"en\": \"x\"}\n{\"en\": \"x\", \"zh\": [\"y\"]}\n{\"en\": 3, \"zh\": \"y\"}\n",
        );
        let messages: Vec<String> = got
            .iter()
            .map(|r| r.as_ref().unwrap_err().to_string())
            .collect();
        assert!(
            messages[0].contains("line 1: not a JSON object"),
            "{messages:?}"
        );
        assert!(messages[1].contains("no \"zh\""));
        assert!(messages[2].contains("both be strings"));
        assert!(messages[3].contains("\"en\" must be a string or an array"));
        assert_eq!(messages.len(), 4);
    }

    #[test]
    fn invalid_utf8_line_is_a_record_error() {
        let input: &[u8] = b"\xff\xfe\n{\"page\": \"p\"}\n";
        let got: Vec<_> = JsonlReader::new(input, "-").collect();
        assert!(matches!(&got[0], Err(InputError::Record { line: 1, .. })));
        assert_eq!(got[1].as_ref().unwrap().path, "-#2");
    }
}
