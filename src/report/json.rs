//! `--format json` (one report object, streamed: documents are written as they come) and
//! `--format jsonl` (one line per document, each with `"version": 1`).

use super::Reporter;
use crate::model::{DocumentReport, Summary, Unreadable};
use serde::Serialize;
use std::io::{self, Write};

pub const VERSION: u32 = 1;

pub struct JsonReporter<W: Write> {
    out: W,
    documents: usize,
    unreadable: Vec<Unreadable>,
}

impl<W: Write> JsonReporter<W> {
    pub fn new(out: W) -> Self {
        JsonReporter {
            out,
            documents: 0,
            unreadable: Vec::new(),
        }
    }
}

impl<W: Write> Reporter for JsonReporter<W> {
    fn document(&mut self, doc: &DocumentReport) -> io::Result<()> {
        if self.documents == 0 {
            write!(self.out, "{{\"version\":{VERSION},\"documents\":[")?;
        } else {
            self.out.write_all(b",")?;
        }
        self.documents += 1;
        serde_json::to_writer(&mut self.out, doc)?;
        Ok(())
    }

    fn unreadable(&mut self, input: &Unreadable) -> io::Result<()> {
        self.unreadable.push(input.clone());
        Ok(())
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        if self.documents == 0 {
            write!(self.out, "{{\"version\":{VERSION},\"documents\":[")?;
        }
        self.out.write_all(b"],\"summary\":")?;
        serde_json::to_writer(&mut self.out, summary)?;
        // Extension: what could not be read, with the reason.
        self.out.write_all(b",\"unreadable\":")?;
        serde_json::to_writer(&mut self.out, &self.unreadable)?;
        self.out.write_all(b"}\n")?;
        self.out.flush()
    }
}

#[derive(Serialize)]
struct VersionedDocument<'a> {
    version: u32,
    #[serde(flatten)]
    doc: &'a DocumentReport,
}

pub struct JsonlReporter<W: Write> {
    out: W,
}

impl<W: Write> JsonlReporter<W> {
    pub fn new(out: W) -> Self {
        JsonlReporter { out }
    }
}

impl<W: Write> Reporter for JsonlReporter<W> {
    fn document(&mut self, doc: &DocumentReport) -> io::Result<()> {
        serde_json::to_writer(
            &mut self.out,
            &VersionedDocument {
                version: VERSION,
                doc,
            },
        )?;
        self.out.write_all(b"\n")?;
        // A pipeline reads each result before sending the next record.
        self.out.flush()
    }

    fn finish(&mut self, _summary: &Summary) -> io::Result<()> {
        self.out.flush()
    }
}
