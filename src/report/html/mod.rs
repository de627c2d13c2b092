//! `--format html`: the auditor's view. One self-contained file (style sheet and script inline,
//! nothing loaded from the network) with a summary of the batch first, then each document's
//! English and Chinese abstracts side by side, sentence bead by bead, numbers highlighted and
//! linked, findings beside their sentences. A report written to a file that grows past
//! [`SINGLE_FILE_DOCUMENTS`] documents or [`SINGLE_FILE_BYTES`] of markup becomes a folder:
//! `index.html` (the summary), one page per document in `docs/`, and the style sheet and script
//! once, beside them; written to a hidden folder and renamed into place.
//!
//! Markup comes from askama templates (`templates/html/`), which escape every value: page text
//! can never become markup.

mod page;

pub use page::{Mode, JS, JS_SHA256};

use super::Reporter;
use crate::input::{AtomicDir, AtomicFile};
use crate::model::{DocumentReport, Summary, Unreadable};
use askama::Template;
use page::{DocumentPart, Head, Row, SummaryPart, Tail};
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, Write};
use std::path::{Path, PathBuf};

/// A report written to a file becomes a folder past this many documents…
pub const SINGLE_FILE_DOCUMENTS: usize = 500;
/// …or this much document markup: a browser opens the summary of a folder at once, where one
/// file this large would take seconds to lay out.
pub const SINGLE_FILE_BYTES: u64 = 8 << 20;

const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Where the report goes.
enum Output<'a> {
    /// Standard output: always one file.
    Stream(Box<dyn Write + 'a>),
    /// A file, until the batch outgrows it; then a folder named after it.
    File { target: PathBuf, file: AtomicFile },
    /// A folder (asked for, or grown from a file).
    Folder(Folder),
    /// Finished.
    Done,
}

struct Folder {
    dir: AtomicDir,
    target: PathBuf,
    /// The file that was asked for, when the batch outgrew it: it becomes a page that leads to
    /// the folder's index.
    leads_from: Option<PathBuf>,
    /// The last document's markup, written once the next one says whether it has a successor.
    pending: Option<(usize, Vec<u8>)>,
}

/// Document markup written before the summary that goes above it (single file).
struct Spill {
    file: BufWriter<File>,
    /// Where each document's markup ends.
    ends: Vec<u64>,
}

pub struct HtmlReporter<'a> {
    output: Output<'a>,
    spill: Option<Spill>,
    mode: Mode,
    heading: String,
    rows: Vec<Row>,
    unreadable: Vec<Unreadable>,
    buf: Vec<u8>,
    notes: Vec<String>,
}

/// Does this target name a folder (an existing one, or a name ending in `/`)?
pub fn names_folder(target: &Path) -> bool {
    target.is_dir()
        || target
            .as_os_str()
            .to_string_lossy()
            .chars()
            .next_back()
            .is_some_and(std::path::is_separator)
}

/// The folder a file target grows into: `report.html` → `report`, `out` → `out.d`.
pub fn folder_for(target: &Path) -> PathBuf {
    match target.extension().and_then(|e| e.to_str()) {
        Some(ext) if ext.eq_ignore_ascii_case("html") || ext.eq_ignore_ascii_case("htm") => {
            target.with_extension("")
        }
        _ => {
            let mut name = target.as_os_str().to_owned();
            name.push(".d");
            PathBuf::from(name)
        }
    }
}

impl<'a> HtmlReporter<'a> {
    fn new(output: Output<'a>, spill: Option<Spill>, mode: Mode) -> Self {
        let heading = match mode {
            Mode::Check => "translation audit",
            Mode::Align { .. } => "aligned text",
        };
        HtmlReporter {
            output,
            spill,
            mode,
            heading: heading.to_owned(),
            rows: Vec::new(),
            unreadable: Vec::new(),
            buf: Vec::with_capacity(64 << 10),
            notes: Vec::new(),
        }
    }

    /// A report on a stream (standard output): one file, whatever the size.
    pub fn to_stream(out: impl Write + 'a, mode: Mode) -> io::Result<Self> {
        let spill = Spill::new(tempfile::tempfile()?);
        Ok(Self::new(Output::Stream(Box::new(out)), Some(spill), mode))
    }

    /// A report at `target`: a folder when it names one, else a file that becomes a folder when
    /// the batch outgrows it.
    pub fn to_path(target: &Path, mode: Mode) -> io::Result<HtmlReporter<'static>> {
        if names_folder(target) {
            let folder = Folder::create(target, None)?;
            return Ok(HtmlReporter::new(Output::Folder(folder), None, mode));
        }
        let file = AtomicFile::create(target)?;
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let spill = Spill::new(tempfile::tempfile_in(dir)?);
        Ok(HtmlReporter::new(
            Output::File {
                target: target.to_owned(),
                file,
            },
            Some(spill),
            mode,
        ))
    }

    /// Leave the single file for a folder: the documents so far become pages.
    fn grow_into_folder(&mut self) -> io::Result<()> {
        let Output::File { target, .. } = &self.output else {
            return Ok(());
        };
        let folder_target = folder_for(target);
        let mut folder = Folder::create(&folder_target, Some(target.clone()))?;
        if let Some(spill) = self.spill.take() {
            let mut file = spill.file.into_inner().map_err(|e| e.into_error())?;
            file.rewind()?;
            let mut reader = BufReader::new(file);
            let mut start = 0u64;
            for (k, end) in spill.ends.iter().enumerate() {
                let mut markup = Vec::with_capacity((end - start) as usize);
                reader.by_ref().take(end - start).read_to_end(&mut markup)?;
                start = *end;
                folder.document(k, markup, &self.rows)?;
            }
        }
        // Dropping the file output removes its temporary file: the target is left as it was.
        self.output = Output::Folder(folder);
        Ok(())
    }

    fn write_single(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        for (k, row) in self.rows.iter_mut().enumerate() {
            row.href = format!("#d{k}");
        }
        let rules = page::rules_of(&self.rows);
        page::fill_cells(&mut self.rows, &rules);
        let title = self.title(summary);
        let csp = page::inline_csp();
        Head {
            title: &title,
            heading: &self.heading,
            csp: &csp,
            version: VERSION,
            inline: true,
            css: page::CSS,
            root: "",
            index: None,
        }
        .write_into(out)?;
        self.summary_part(summary, &rules).write_into(out)?;
        if let Some(spill) = self.spill.take() {
            let mut file = spill.file.into_inner().map_err(|e| e.into_error())?;
            file.rewind()?;
            io::copy(&mut file, out)?;
        }
        Tail {
            inline: true,
            js: JS,
            root: "",
        }
        .write_into(out)?;
        out.flush()
    }

    fn title(&self, summary: &Summary) -> String {
        match self.rows.as_slice() {
            [one] if summary.unreadable == 0 => format!("bitext {}: {}", self.heading, one.path),
            _ => format!("bitext {}: {} documents", self.heading, summary.documents),
        }
    }

    fn summary_part<'b>(
        &'b self,
        summary: &'b Summary,
        rules: &'b [&'static str],
    ) -> SummaryPart<'b> {
        SummaryPart {
            heading: &self.heading,
            summary,
            unreadable: &self.unreadable,
            rules,
            rows: &self.rows,
            chunks: self.rows.chunks(page::CHUNK_ROWS).collect(),
            align: matches!(self.mode, Mode::Align { .. }),
        }
    }
}

impl Spill {
    fn new(file: File) -> Spill {
        Spill {
            file: BufWriter::with_capacity(256 << 10, file),
            ends: Vec::new(),
        }
    }

    fn bytes(&self) -> u64 {
        self.ends.last().copied().unwrap_or(0)
    }
}

/// The name of document `k`'s page in a folder report.
fn page_name(k: usize) -> String {
    format!("{:06}.html", k + 1)
}

impl Folder {
    fn create(target: &Path, leads_from: Option<PathBuf>) -> io::Result<Folder> {
        let dir = AtomicDir::create(target)?;
        std::fs::create_dir(dir.path().join("docs"))?;
        Ok(Folder {
            dir,
            target: target.to_owned(),
            leads_from,
            pending: None,
        })
    }

    /// Take document `k`'s markup; write the one before it, now that it has a successor.
    fn document(&mut self, k: usize, markup: Vec<u8>, rows: &[Row]) -> io::Result<()> {
        if let Some((prev, prev_markup)) = self.pending.take() {
            self.write_page(prev, &prev_markup, Some(k), rows)?;
        }
        self.pending = Some((k, markup));
        Ok(())
    }

    fn write_page(
        &self,
        k: usize,
        markup: &[u8],
        next: Option<usize>,
        rows: &[Row],
    ) -> io::Result<()> {
        let path = self.dir.path().join("docs").join(page_name(k));
        let mut out = BufWriter::new(File::create(&path)?);
        let title = rows.get(k).map_or("", |r| r.path.as_str());
        Head {
            title,
            heading: title,
            csp: page::FOLDER_CSP,
            version: VERSION,
            inline: false,
            css: "",
            root: "../",
            index: Some("../index.html"),
        }
        .write_into(&mut out)?;
        let prev = k.checked_sub(1).map(page_name);
        let next = next.map(page_name);
        page::Nav {
            prev: prev.as_deref(),
            next: next.as_deref(),
        }
        .write_into(&mut out)?;
        out.write_all(markup)?;
        Tail {
            inline: false,
            js: "",
            root: "../",
        }
        .write_into(&mut out)?;
        out.flush()
    }

    fn finish(
        mut self,
        reporter: &mut HtmlReporter,
        summary: &Summary,
    ) -> io::Result<Option<String>> {
        if let Some((k, markup)) = self.pending.take() {
            self.write_page(k, &markup, None, &reporter.rows)?;
        }
        let root = self.dir.path().to_owned();
        std::fs::write(root.join("bitext.css"), page::CSS)?;
        std::fs::write(root.join("bitext.js"), JS)?;
        for (k, row) in reporter.rows.iter_mut().enumerate() {
            row.href = format!("docs/{}", page_name(k));
        }
        let rules = page::rules_of(&reporter.rows);
        page::fill_cells(&mut reporter.rows, &rules);
        let title = reporter.title(summary);
        let mut out = BufWriter::new(File::create(root.join("index.html"))?);
        Head {
            title: &title,
            heading: &reporter.heading,
            csp: page::FOLDER_CSP,
            version: VERSION,
            inline: false,
            css: "",
            root: "",
            index: None,
        }
        .write_into(&mut out)?;
        reporter
            .summary_part(summary, &rules)
            .write_into(&mut out)?;
        Tail {
            inline: false,
            js: "",
            root: "",
        }
        .write_into(&mut out)?;
        out.flush()?;
        drop(out);
        self.dir.commit()?;
        let index = self.target.join("index.html");
        let note = match &self.leads_from {
            Some(file) => {
                let href = format!("{}/index.html", page::href_segment(&self.target));
                crate::input::write_atomically(file, |w| {
                    page::Redirect { href: &href }.write_into(w)
                })?;
                format!(
                    "the HTML report of {} documents is a folder: open {} ({} leads there)",
                    summary.documents,
                    index.display(),
                    file.display()
                )
            }
            None => format!("the HTML report: open {}", index.display()),
        };
        Ok(Some(note))
    }
}

impl Reporter for HtmlReporter<'_> {
    fn document(&mut self, doc: &DocumentReport) -> io::Result<()> {
        let k = self.rows.len();
        self.rows
            .push(Row::new(k + 1, doc, String::new(), self.mode));
        self.buf.clear();
        DocumentPart::new(k, doc, self.mode).write_into(&mut self.buf)?;
        if let Some(spill) = self.spill.as_mut() {
            spill.file.write_all(&self.buf)?;
            let end = spill.bytes() + self.buf.len() as u64;
            spill.ends.push(end);
            let large = self.rows.len() > SINGLE_FILE_DOCUMENTS || end > SINGLE_FILE_BYTES;
            if large && matches!(self.output, Output::File { .. }) {
                self.grow_into_folder()?;
            }
            return Ok(());
        }
        if let Output::Folder(folder) = &mut self.output {
            let markup = std::mem::take(&mut self.buf);
            folder.document(k, markup, &self.rows)?;
        }
        Ok(())
    }

    fn unreadable(&mut self, input: &Unreadable) -> io::Result<()> {
        self.unreadable.push(input.clone());
        Ok(())
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        match std::mem::replace(&mut self.output, Output::Done) {
            Output::Stream(mut out) => {
                if self.rows.len() > SINGLE_FILE_DOCUMENTS
                    || self
                        .spill
                        .as_ref()
                        .is_some_and(|s| s.bytes() > SINGLE_FILE_BYTES)
                {
                    self.notes.push(format!(
                        "the HTML report of {} documents is one large file; \
                         --report html=DIR/ writes a folder with a page per document",
                        self.rows.len()
                    ));
                }
                self.write_single(&mut out, summary)
            }
            Output::File { file, .. } => {
                {
                    let mut out = BufWriter::with_capacity(256 << 10, file.file());
                    self.write_single(&mut out, summary)?;
                }
                file.commit()
            }
            Output::Folder(folder) => {
                if let Some(note) = folder.finish(self, summary)? {
                    self.notes.push(note);
                }
                Ok(())
            }
            Output::Done => Ok(()),
        }
    }

    fn notes(&self) -> Vec<String> {
        self.notes.clone()
    }
}
