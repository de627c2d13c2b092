//! The command line: flags parsed into plain data (clap), then turned into the engine, the inputs
//! and the reporter; documents are checked in parallel and reported in input order.

use crate::config::{self, Config};
use crate::engine::{Engine, Options};
use crate::finding::Severity;
use crate::input::{self, Document, InputError, Source};
use crate::lang::Lang;
use crate::report::aligned::{BeadWriter, CorpusStats, JsonlBeads, MosesBeads, TmxBeads, TsvBeads};
use crate::report::html::{self, HtmlReporter};
use crate::report::json::{JsonReporter, JsonlReporter};
use crate::report::junit::JunitReporter;
use crate::report::model::Summary;
use crate::report::sarif::{finding_fingerprint, fingerprint_of, SarifReporter};
use crate::report::text::TextReporter;
use crate::report::{Reporter, Unreadable};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::collections::{BTreeMap, HashMap};
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Instant;

#[derive(Parser, Debug)]
#[command(
    name = "bitext",
    version,
    about = "Audit English–Chinese translations of scientific abstracts"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Detect blocks, pair sections, run every check, report findings.
    Check(CheckArgs),
    /// Write the aligned parallel text (sections and sentences) for corpus building.
    Align(AlignArgs),
    /// Show the blocks found in each page: language, role, line span, and why.
    Detect(DetectArgs),
    /// Show the numbers found in a text or file, their normalized values and why.
    Numbers(NumbersArgs),
}

#[derive(Args, Debug, Clone)]
pub struct InputArgs {
    /// Files, directories (walked recursively) or `-` for standard input.
    pub inputs: Vec<PathBuf>,
    /// The English file of a pair (with --zh).
    #[arg(long, requires = "zh", value_name = "FILE")]
    pub en: Option<PathBuf>,
    /// The Chinese file of a pair (with --en).
    #[arg(long, requires = "en", value_name = "FILE")]
    pub zh: Option<PathBuf>,
    /// With --en/--zh: each line is one sentence.
    #[arg(long)]
    pub sentences_per_line: bool,
    /// JSONL records (`{"id", "en", "zh"}` or `{"id", "page"}`), one a line; `-` for standard input.
    #[arg(long, value_name = "FILE")]
    pub jsonl: Option<PathBuf>,
    /// Which side is the original: "missing" means in it and not in the other. `auto` decides
    /// each pair from the page (a machine-translation notice; which abstract comes first).
    #[arg(long, value_enum, default_value_t = SourceArg::Auto)]
    pub source: SourceArg,
    /// The most one input (a page, a JSONL line, a baseline, a dictionary) may hold: 64M, 1G …
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = input::limits::parse_size)]
    pub max_filesize: u64,
    /// Worker threads (default and 0: all cores; at most four per core).
    #[arg(short = 'j', long, value_name = "N")]
    pub jobs: Option<usize>,
    /// The config file (default: ./bitext.toml if present).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    s.parse()
}

/// The original side as given on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SourceArg {
    /// Decide each pair from the page.
    Auto,
    En,
    Zh,
}

impl SourceArg {
    /// The language, or `None` for `auto`.
    pub fn lang(self) -> Option<Lang> {
        match self {
            SourceArg::Auto => None,
            SourceArg::En => Some(Lang::En),
            SourceArg::Zh => Some(Lang::Zh),
        }
    }
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckFormat {
    Text,
    Json,
    Jsonl,
    Sarif,
    Junit,
    /// The side-by-side view: one self-contained HTML file, a folder for a large batch.
    Html,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

impl FailOn {
    fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[arg(long, value_enum, default_value = "text")]
    pub format: CheckFormat,
    /// Exit 1 when a finding at or above this severity is reported.
    #[arg(long, value_enum, default_value = "error")]
    pub fail_on: FailOn,
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
    /// Only findings and the closing summary.
    #[arg(short, long)]
    pub quiet: bool,
    /// Also write a report to a file, beside the terminal output: `sarif=out.sarif`,
    /// `junit=out.xml`, `json=report.json`, `jsonl=…`, `text=…`, `html=report.html` (a folder
    /// `report/` past 500 documents; `html=DIR/` always a folder). Repeatable. Files appear
    /// whole or not at all.
    #[arg(long = "report", value_name = "FORMAT=FILE", value_parser = parse_report_target)]
    pub reports: Vec<(CheckFormat, PathBuf)>,
    /// A previous JSON report: report only findings that are not in it.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Print the effective configuration and exit.
    #[arg(long)]
    pub dump_config: bool,
}

fn parse_report_target(s: &str) -> Result<(CheckFormat, PathBuf), String> {
    let (format, path) = s
        .split_once('=')
        .ok_or_else(|| format!("`{s}`: write FORMAT=FILE, e.g. sarif=out.sarif"))?;
    let format = CheckFormat::from_str(format, true).map_err(|_| {
        format!("`{format}`: unknown format; use text, json, jsonl, sarif, junit or html")
    })?;
    if path.is_empty() {
        return Err(format!("`{s}`: the file name is missing"));
    }
    Ok((format, PathBuf::from(path)))
}

/// A reporter for `format` writing to `out`.
fn reporter_for<'a>(
    format: CheckFormat,
    out: impl Write + 'a,
    args: &CheckArgs,
    color: bool,
) -> io::Result<Box<dyn Reporter + 'a>> {
    Ok(match format {
        CheckFormat::Text => {
            let mut r = TextReporter::new(out, color);
            r.quiet = args.quiet;
            Box::new(r)
        }
        CheckFormat::Json => Box::new(JsonReporter::new(out)),
        CheckFormat::Jsonl => Box::new(JsonlReporter::new(out)),
        CheckFormat::Sarif => Box::new(SarifReporter::new(out)),
        CheckFormat::Junit => Box::new(JunitReporter::new(out, args.fail_on.threshold())),
        CheckFormat::Html => Box::new(HtmlReporter::to_stream(out, html::Mode::Check)?),
    })
}

/// Refuse an output target that would overwrite an input; an HTML target may be a folder.
fn refuse_target(
    target: &std::path::Path,
    flag: &str,
    inputs: &[PathBuf],
    html: bool,
) -> Result<(), String> {
    if html && html::names_folder(target) {
        return input::refuse_output(&target.join("index.html"), flag, inputs);
    }
    input::refuse_output(target, flag, inputs)
}

/// Several reporters fed the same documents.
struct Tee<'a>(Vec<Box<dyn Reporter + 'a>>);

impl Reporter for Tee<'_> {
    fn document(&mut self, doc: &crate::report::model::DocumentReport) -> io::Result<()> {
        self.0.iter_mut().try_for_each(|r| r.document(doc))
    }
    fn unreadable(&mut self, input: &Unreadable) -> io::Result<()> {
        self.0.iter_mut().try_for_each(|r| r.unreadable(input))
    }
    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        self.0.iter_mut().try_for_each(|r| r.finish(summary))
    }
    fn notes(&self) -> Vec<String> {
        self.0.iter().flat_map(|r| r.notes()).collect()
    }
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlignFormat {
    Jsonl,
    Tsv,
    Moses,
    Tmx,
    /// The bead view: both sides, each bead's score, low-score beads marked (one HTML file, a
    /// folder for a large batch).
    Html,
}

#[derive(Args, Debug)]
pub struct AlignArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[arg(long, value_enum, default_value = "jsonl")]
    pub format: AlignFormat,
    /// Write to FILE (Moses: PREFIX, giving PREFIX.en and PREFIX.zh) instead of standard output.
    /// Files appear whole or not at all.
    #[arg(long, value_name = "FILE|PREFIX")]
    pub out: Option<PathBuf>,
    /// Keep only beads scoring at least this (tsv, moses, tmx); html marks beads below it
    /// (below 0.5 when not given).
    #[arg(long, default_value_t = 0.0, value_name = "SCORE")]
    pub min_score: f32,
    /// Drop sentence pairs already written in this run.
    #[arg(long)]
    pub dedupe: bool,
    /// No closing line of corpus statistics.
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum DetectFormat {
    Text,
    Json,
}

#[derive(Args, Debug)]
pub struct DetectArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[arg(long, value_enum, default_value = "text")]
    pub format: DetectFormat,
}

#[derive(Args, Debug)]
pub struct NumbersArgs {
    /// The text, or a file holding it.
    pub text: String,
    #[arg(long, value_parser = parse_lang)]
    pub lang: Lang,
}

/// Exit statuses of the contract.
pub const EXIT_OK: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_FAILURE: i32 = 2;

/// Run the command line; returns the exit status.
pub fn run(cli: Cli) -> i32 {
    match cli.command {
        Command::Check(args) => check(args),
        Command::Align(args) => align(args),
        Command::Detect(args) => detect(args),
        Command::Numbers(args) => numbers(args),
    }
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && io::stdout().is_terminal()
        }
    }
}

/// One unit of work, read lazily so that memory stays flat over large batches.
enum Work {
    Source(Source),
    Paired {
        en: PathBuf,
        zh: PathBuf,
        sentences_per_line: bool,
    },
    /// A JSONL record, already read.
    Record(Document),
    Failed(InputError),
}

/// What became of one unit of work.
enum Outcome<T> {
    Done(T),
    Skipped { path: String, reason: String },
    Unreadable(Unreadable),
}

/// The work of a run, in input order: the `--en/--zh` pair, the command-line inputs, then the
/// JSONL records, read one at a time as the workers ask for them.
fn work_items(args: &InputArgs, paths: &config::Paths) -> Box<dyn Iterator<Item = Work> + Send> {
    let mut items = Vec::new();
    if let (Some(en), Some(zh)) = (&args.en, &args.zh) {
        items.push(Work::Paired {
            en: en.clone(),
            zh: zh.clone(),
            sentences_per_line: args.sentences_per_line,
        });
    }
    for source in input::expand(&args.inputs) {
        items.push(match source {
            // Include/exclude globs select among files found by walking; files named on the
            // command line are always read.
            Ok(Source::File {
                path,
                explicit: false,
            }) if !paths.allows(&path) => continue,
            Ok(s) => Work::Source(s),
            Err(e) => Work::Failed(e),
        });
    }
    let records: Box<dyn Iterator<Item = Work> + Send> = match &args.jsonl {
        None => Box::new(std::iter::empty()),
        Some(path) => match input::open_jsonl(path) {
            Ok(reader) => Box::new(reader.map(|r| match r {
                Ok(doc) => Work::Record(doc),
                Err(e) => Work::Failed(e),
            })),
            Err(e) => Box::new(std::iter::once(Work::Failed(e))),
        },
    };
    Box::new(items.into_iter().chain(records))
}

/// Every path the run reads (not standard input).
fn input_paths(args: &InputArgs) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = args.inputs.clone();
    paths.extend(args.en.clone());
    paths.extend(args.zh.clone());
    paths.extend(args.jsonl.clone());
    paths.extend(args.config.clone());
    paths.retain(|p| p.as_os_str() != "-");
    paths
}

fn has_input(args: &InputArgs) -> bool {
    !args.inputs.is_empty() || args.en.is_some() || args.jsonl.is_some()
}

/// Say on stderr what became of an input that gave no document (skips only when not `quiet`);
/// true when it could not be read.
fn tell_failure<T>(outcome: &Outcome<T>, quiet: bool) -> bool {
    match outcome {
        Outcome::Done(_) => false,
        Outcome::Skipped { path, reason } => {
            if !quiet {
                eprintln!("bitext: skipped {path}: {reason}");
            }
            false
        }
        Outcome::Unreadable(u) => {
            eprintln!("bitext: {}", u.message);
            true
        }
    }
}

/// Why a unit of work gave no document.
enum ReadFailure {
    /// Found by walking a directory and not text: listed, not an error.
    Skipped {
        path: String,
        reason: String,
    },
    Unreadable(Unreadable),
}

fn read(work: Work) -> Result<Document, ReadFailure> {
    let walked = matches!(
        &work,
        Work::Source(Source::File {
            explicit: false,
            ..
        })
    );
    let (path, result) = match work {
        Work::Source(source) => (source.display(), input::read_document(&source)),
        Work::Paired {
            en,
            zh,
            sentences_per_line,
        } => {
            let read = if sentences_per_line {
                input::read_paired_sentences
            } else {
                input::read_paired
            };
            (en.display().to_string(), read(&en, &zh))
        }
        Work::Record(doc) => return Ok(doc),
        Work::Failed(e) => (String::new(), Err(e)),
    };
    result.map_err(|e| {
        if walked && e.is_not_text() {
            ReadFailure::Skipped {
                path,
                reason: e.to_string(),
            }
        } else {
            ReadFailure::Unreadable(Unreadable {
                path,
                message: e.to_string(),
            })
        }
    })
}

/// Threads for `-j N`: all cores when not given or 0; more than a few per core only adds memory
/// and start-up time, so a larger `N` is capped (with a note).
fn worker_threads(jobs: Option<usize>) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let most = (cores * 4).max(8);
    match jobs {
        None | Some(0) => cores,
        Some(n) if n > most => {
            eprintln!("bitext: -j {n} is more than this machine can use; using {most} threads");
            most
        }
        Some(n) => n,
    }
}

/// Process work items on `jobs` threads and hand the results to `write` in input order. At most a
/// bounded number of documents are in flight, so memory does not grow with the batch.
fn run_ordered<T: Send>(
    items: impl Iterator<Item = Work> + Send,
    jobs: Option<usize>,
    process: impl Fn(Document) -> T + Sync,
    mut write: impl FnMut(Outcome<T>) -> io::Result<()>,
) -> io::Result<()> {
    let threads = worker_threads(jobs);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(io::Error::other)?;
    // Tokens bound the documents in flight: the producer takes one per document, the writer gives
    // it back once the document is written.
    let window = threads * 8;
    let (token_tx, token_rx) = mpsc::sync_channel::<()>(window);
    for _ in 0..window {
        let _ = token_tx.send(());
    }
    let (result_tx, result_rx) = mpsc::channel::<(usize, Outcome<T>)>();
    let process = &process;
    let pool = &pool;
    std::thread::scope(move |threads_scope| {
        threads_scope.spawn(move || {
            pool.in_place_scope(|scope| {
                for (seq, work) in items.enumerate() {
                    if token_rx.recv().is_err() {
                        break; // the writer stopped (e.g. a closed pipe)
                    }
                    let tx = result_tx.clone();
                    scope.spawn(move |_| {
                        let outcome = match read(work) {
                            // A bug must cost one document, not the batch: contain the panic.
                            Ok(doc) => {
                                let path = doc.path.clone();
                                match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                                    test_panic(&doc.path);
                                    process(doc)
                                })) {
                                    Ok(done) => Outcome::Done(done),
                                    Err(panic) => Outcome::Unreadable(Unreadable {
                                        message: format!(
                                            "{path}: internal error while checking it ({}); \
                                             please report it with the input",
                                            panic_message(panic.as_ref())
                                        ),
                                        path,
                                    }),
                                }
                            }
                            Err(ReadFailure::Skipped { path, reason }) => {
                                Outcome::Skipped { path, reason }
                            }
                            Err(ReadFailure::Unreadable(u)) => Outcome::Unreadable(u),
                        };
                        let _ = tx.send((seq, outcome));
                    });
                }
            });
        });
        let mut pending = BTreeMap::new();
        let mut next = 0usize;
        let mut written = Ok(());
        'results: for (seq, outcome) in &result_rx {
            pending.insert(seq, outcome);
            while let Some(outcome) = pending.remove(&next) {
                next += 1;
                written = write(outcome);
                if written.is_err() {
                    break 'results;
                }
                let _ = token_tx.send(());
            }
        }
        // Dropping both ends stops the producer if writing failed (e.g. a closed pipe).
        drop(token_tx);
        drop(result_rx);
        written
    })
}

/// Debug builds only: panic on a document whose path holds `$BITEXT_TEST_PANIC`, so the tests
/// can show that one failing document does not stop a batch.
fn test_panic(path: &str) {
    if cfg!(debug_assertions) {
        if let Some(p) = std::env::var_os("BITEXT_TEST_PANIC") {
            if path.contains(p.to_string_lossy().as_ref()) {
                panic!("test panic on {path}");
            }
        }
    }
}

/// The message a panic carried, if it was a string.
fn panic_message(panic: &(dyn std::any::Any + Send)) -> &str {
    panic
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("a panic")
}

/// What a run is set up with: the engine, and the config's path filter and suppressions.
struct Setup {
    engine: Engine,
    paths: config::Paths,
    suppressions: config::Suppressions,
}

fn setup(args: &InputArgs) -> Result<Setup, i32> {
    let fail = |message: String| {
        eprintln!("bitext: {message}");
        EXIT_FAILURE
    };
    input::limits::set_max_bytes(args.max_filesize);
    if !has_input(args) {
        return Err(fail(
            "no input; give files, directories, `-`, --en FILE --zh FILE, or --jsonl FILE"
                .to_owned(),
        ));
    }
    let (config, base) =
        Config::discover(args.config.as_deref()).map_err(|e| fail(e.to_string()))?;
    let paths = config::Paths::new(&config.paths).map_err(fail)?;
    let suppressions = config::Suppressions::new(&config.suppress).map_err(fail)?;
    let engine = Engine::with_config(
        Options {
            source: args.source.lang(),
        },
        config,
        &base,
    )
    .map_err(|e| fail(e.to_string()))?;
    Ok(Setup {
        engine,
        paths,
        suppressions,
    })
}

/// Fingerprints of the findings of a previous JSON report, counted.
fn read_baseline(path: &std::path::Path) -> Result<HashMap<String, usize>, String> {
    #[derive(serde::Deserialize)]
    struct Report {
        documents: Vec<Doc>,
    }
    #[derive(serde::Deserialize)]
    struct Doc {
        path: String,
        findings: Vec<Finding>,
    }
    #[derive(serde::Deserialize)]
    struct Finding {
        rule: String,
        section: Option<String>,
        en: Option<Side>,
        zh: Option<Side>,
    }
    #[derive(serde::Deserialize)]
    struct Side {
        text: String,
        value: Option<String>,
    }
    let text = input::limits::read_to_string_capped(path)
        .map_err(|e| format!("{}: cannot read the baseline: {e}", path.display()))?;
    let report: Report = serde_json::from_str(&text).map_err(|e| {
        format!(
            "{}: not a bitext JSON report ({e}); make one with `bitext check --format json`",
            path.display()
        )
    })?;
    let key = |s: &Option<Side>| {
        s.as_ref().map_or(String::new(), |s| {
            s.value.clone().unwrap_or_else(|| s.text.clone())
        })
    };
    let mut counts = HashMap::new();
    for doc in report.documents {
        for f in doc.findings {
            let fp = fingerprint_of(
                &doc.path,
                &f.rule,
                f.section.as_deref(),
                &key(&f.en),
                &key(&f.zh),
            );
            *counts.entry(fp).or_insert(0) += 1;
        }
    }
    Ok(counts)
}

/// A progress bar on stderr for long batches when stderr is a terminal; hidden otherwise.
fn progress_bar((known, _): (usize, Option<usize>), quiet: bool) -> indicatif::ProgressBar {
    const LONG_BATCH: usize = 50;
    if quiet || known < LONG_BATCH || !io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(known as u64);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} pages {per_sec} eta {eta}")
    {
        bar.set_style(style);
    }
    bar
}

/// The exit status of a command that wrote `what`: 2 if writing failed (a closed pipe is not a
/// failure: the reader has what it wanted) or an input could not be read, else 0.
fn exit_status(written: io::Result<()>, unreadable: usize, what: &str) -> i32 {
    match written {
        Err(e) if !is_broken_pipe(&e) => {
            eprintln!("bitext: cannot write {what}: {e}");
            EXIT_FAILURE
        }
        _ if unreadable > 0 => EXIT_FAILURE,
        _ => EXIT_OK,
    }
}

fn is_broken_pipe(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::BrokenPipe
}

fn check(args: CheckArgs) -> i32 {
    if args.dump_config {
        return match Config::discover(args.input.config.as_deref()) {
            Ok((config, _)) => {
                print!("{}", config.to_toml());
                EXIT_OK
            }
            Err(e) => {
                eprintln!("bitext: {e}");
                EXIT_FAILURE
            }
        };
    }
    let Setup {
        engine,
        paths,
        suppressions,
    } = match setup(&args.input) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let mut baseline = match args.baseline.as_deref().map(read_baseline).transpose() {
        Ok(b) => b,
        Err(message) => {
            eprintln!("bitext: {message}");
            return EXIT_FAILURE;
        }
    };
    let mut inputs = input_paths(&args.input);
    inputs.extend(args.baseline.clone());
    for (format, target) in &args.reports {
        let name = format
            .to_possible_value()
            .map_or_else(String::new, |v| v.get_name().to_owned());
        let flag = format!("--report {name}=");
        let html = *format == CheckFormat::Html;
        if let Err(message) = refuse_target(target, &flag, &inputs, html) {
            eprintln!("bitext: {message}");
            return EXIT_FAILURE;
        }
    }
    let started = Instant::now();
    // Reports to files: an HTML report writes its own (it may become a folder).
    let mut files = Vec::with_capacity(args.reports.len());
    let mut html_reports = Vec::new();
    for (format, target) in &args.reports {
        let created = if *format == CheckFormat::Html {
            HtmlReporter::to_path(target, html::Mode::Check).map(|r| html_reports.push(r))
        } else {
            input::AtomicFile::create(target).map(|f| files.push(f))
        };
        if let Err(e) = created {
            eprintln!("bitext: cannot write the report {}: {e}", target.display());
            return EXIT_FAILURE;
        }
    }
    let stdout = io::stdout().lock();
    let mut reporters = match reporter_for(
        args.format,
        io::BufWriter::new(stdout),
        &args,
        use_color(args.color),
    ) {
        Ok(r) => vec![r],
        Err(e) => {
            eprintln!("bitext: cannot start the report: {e}");
            return EXIT_FAILURE;
        }
    };
    let file_formats = args.reports.iter().filter(|(f, _)| *f != CheckFormat::Html);
    for ((format, _), file) in file_formats.zip(&files) {
        match reporter_for(*format, io::BufWriter::new(file.file()), &args, false) {
            Ok(r) => reporters.push(r),
            Err(e) => {
                eprintln!("bitext: cannot start the report: {e}");
                return EXIT_FAILURE;
            }
        }
    }
    for r in html_reports {
        reporters.push(Box::new(r));
    }
    // Only the side-by-side view needs the page text kept with the findings.
    let with_view = args.format == CheckFormat::Html
        || args.reports.iter().any(|(f, _)| *f == CheckFormat::Html);
    let mut reporter = Tee(reporters);
    let mut summary = Summary::default();
    let mut worst: Option<Severity> = None;
    let items = work_items(&args.input, &paths);
    let progress = progress_bar(items.size_hint(), args.quiet || args.input.jsonl.is_some());
    let result = run_ordered(
        items,
        args.input.jobs,
        |doc| {
            if with_view {
                engine.check_with_view(&doc)
            } else {
                engine.check(&doc)
            }
        },
        |outcome| match outcome {
            Outcome::Done(mut report) => {
                progress.inc(1);
                report.findings.retain(|f| {
                    let fp = finding_fingerprint(&report.path, f);
                    if suppressions.suppresses(f.rule, &report.path, &fp) {
                        return false;
                    }
                    // A finding already in the baseline is not new.
                    match baseline.as_mut().and_then(|b| b.get_mut(&fp)) {
                        Some(n) if *n > 0 => {
                            *n -= 1;
                            false
                        }
                        _ => true,
                    }
                });
                summary.add(&report);
                worst = worst.max(report.worst());
                reporter.document(&report)
            }
            Outcome::Skipped { path, reason } => {
                progress.inc(1);
                if !args.quiet {
                    progress.suspend(|| eprintln!("bitext: skipped {path}: {reason}"));
                }
                Ok(())
            }
            Outcome::Unreadable(u) => {
                progress.inc(1);
                summary.unreadable += 1;
                progress.suspend(|| eprintln!("bitext: {}", u.message));
                reporter.unreadable(&u)
            }
        },
    );
    progress.finish_and_clear();
    summary.elapsed = started.elapsed();
    let result = result.and_then(|()| finish_report(Box::new(reporter), &summary, args.quiet));
    // Machine-readable output goes to stdout; the person running it still gets the closing line.
    if args.format != CheckFormat::Text && !args.quiet {
        eprintln!("bitext: {}", crate::report::text::summary_line(&summary));
    }
    let result = result.and_then(|()| files.into_iter().try_for_each(input::AtomicFile::commit));
    match exit_status(result, summary.unreadable, "the report") {
        EXIT_OK => {}
        failed => return failed,
    }
    if args
        .fail_on
        .threshold()
        .is_some_and(|t| worst.is_some_and(|w| w >= t))
    {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

fn align(args: AlignArgs) -> i32 {
    if args.format == AlignFormat::Moses && args.out.is_none() {
        eprintln!("bitext align: --format moses writes two files: give --out PREFIX (PREFIX.en, PREFIX.zh)");
        return EXIT_FAILURE;
    }
    let Setup { engine, paths, .. } = match setup(&args.input) {
        Ok(s) => s,
        Err(code) => return code,
    };
    // Output files are written beside their targets and put in place at the end.
    let targets: Vec<PathBuf> = match (&args.out, args.format) {
        // The HTML view writes its own output (a file, or a folder for a large batch).
        (None, _) | (Some(_), AlignFormat::Html) => Vec::new(),
        (Some(prefix), AlignFormat::Moses) => {
            let with = |ext: &str| {
                let mut p = prefix.clone().into_os_string();
                p.push(ext);
                PathBuf::from(p)
            };
            vec![with(".en"), with(".zh")]
        }
        (Some(file), _) => vec![file.clone()],
    };
    let inputs = input_paths(&args.input);
    for target in &targets {
        if let Err(message) = input::refuse_output(target, "--out", &inputs) {
            eprintln!("bitext: {message}");
            return EXIT_FAILURE;
        }
    }
    let mut files = Vec::new();
    for target in &targets {
        match input::AtomicFile::create(target) {
            Ok(f) => files.push(f),
            Err(e) => {
                eprintln!("bitext: cannot write {}: {e}", target.display());
                return EXIT_FAILURE;
            }
        }
    }
    let stdout = io::stdout();
    let sink = |i: usize| -> Box<dyn Write + '_> {
        match files.get(i) {
            Some(f) => Box::new(io::BufWriter::new(f.file())),
            None => Box::new(io::BufWriter::new(stdout.lock())),
        }
    };
    let mut writer: Box<dyn BeadWriter + '_> = match args.format {
        AlignFormat::Jsonl => Box::new(JsonlBeads(sink(0))),
        AlignFormat::Tsv => Box::new(TsvBeads(sink(0))),
        AlignFormat::Tmx => Box::new(TmxBeads::new(sink(0))),
        AlignFormat::Moses => Box::new(MosesBeads {
            en: sink(0),
            zh: sink(1),
        }),
        AlignFormat::Html => return align_html(&args, &engine, &paths),
    };
    let mut stats = CorpusStats::default();
    let mut seen: std::collections::HashSet<u64> = std::collections::HashSet::new();
    let mut unreadable = 0usize;
    let result = run_ordered(
        work_items(&args.input, &paths),
        args.input.jobs,
        |doc| engine.aligned_beads(&doc),
        |outcome| match outcome {
            Outcome::Done(beads) => {
                for bead in beads {
                    *stats.by_kind.entry(bead.kind()).or_default() += 1;
                    if !bead.both_sides() {
                        stats.one_sided += 1;
                        if !writer.takes_one_sided() {
                            continue;
                        }
                    } else if !writer.takes_one_sided() && bead.score < args.min_score {
                        stats.below_score += 1;
                        continue;
                    }
                    if args.dedupe && bead.both_sides() {
                        use std::hash::{Hash, Hasher};
                        let mut h = std::collections::hash_map::DefaultHasher::new();
                        (&bead.en, &bead.zh).hash(&mut h);
                        if !seen.insert(h.finish()) {
                            stats.duplicates += 1;
                            continue;
                        }
                    }
                    stats.kept += 1;
                    writer.bead(&bead)?;
                }
                Ok(())
            }
            failed => {
                unreadable += usize::from(tell_failure(&failed, args.quiet));
                Ok(())
            }
        },
    );
    let result = result.and_then(|()| writer.finish());
    drop(writer);
    let result = result.and_then(|()| files.into_iter().try_for_each(input::AtomicFile::commit));
    if !args.quiet {
        eprintln!("bitext align: {stats}");
    }
    exit_status(result, unreadable, "the aligned text")
}

/// Below this score a bead is marked in the HTML view, unless `--min-score` says otherwise.
const LOW_SCORE: f32 = 0.5;

/// `align --format html`: the bead view of every document, to standard output or `--out`.
fn align_html(args: &AlignArgs, engine: &Engine, paths: &config::Paths) -> i32 {
    let low = if args.min_score > 0.0 {
        args.min_score
    } else {
        LOW_SCORE
    };
    let mode = html::Mode::Align { low };
    if let Some(target) = &args.out {
        if let Err(message) = refuse_target(target, "--out", &input_paths(&args.input), true) {
            eprintln!("bitext: {message}");
            return EXIT_FAILURE;
        }
    }
    let reporter = match &args.out {
        Some(target) => {
            HtmlReporter::to_path(target, mode).map(|r| Box::new(r) as Box<dyn Reporter>)
        }
        None => HtmlReporter::to_stream(io::BufWriter::new(io::stdout().lock()), mode)
            .map(|r| Box::new(r) as Box<dyn Reporter>),
    };
    let mut reporter = match reporter {
        Ok(r) => r,
        Err(e) => {
            let target = args
                .out
                .as_ref()
                .map_or("standard output".to_owned(), |p| p.display().to_string());
            eprintln!("bitext: cannot write {target}: {e}");
            return EXIT_FAILURE;
        }
    };
    let mut summary = Summary::default();
    let (mut beads, mut low_beads) = (0usize, 0usize);
    let result = run_ordered(
        work_items(&args.input, paths),
        args.input.jobs,
        |doc| engine.aligned_view(&doc),
        |outcome| match outcome {
            Outcome::Done(report) => {
                summary.add(&report);
                if let Some(view) = &report.view {
                    for b in view
                        .pairs
                        .iter()
                        .flat_map(|p| &p.sections)
                        .flat_map(|s| &s.beads)
                    {
                        beads += 1;
                        low_beads += usize::from(b.score < low);
                    }
                }
                reporter.document(&report)
            }
            failed => {
                let unreadable = tell_failure(&failed, args.quiet);
                if let Outcome::Unreadable(u) = &failed {
                    summary.unreadable += 1;
                    reporter.unreadable(u)?;
                }
                let _ = unreadable;
                Ok(())
            }
        },
    );
    let result = result.and_then(|()| finish_report(reporter, &summary, args.quiet));
    if !args.quiet {
        eprintln!(
            "bitext align: {} documents, {beads} beads, {low_beads} below {low}",
            summary.documents
        );
    }
    exit_status(result, summary.unreadable, "the aligned text")
}

fn detect(args: DetectArgs) -> i32 {
    let Setup { engine, paths, .. } = match setup(&args.input) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    let mut unreadable = 0usize;
    let json = args.format == DetectFormat::Json;
    let mut first = true;
    if json {
        let _ = write!(out, "{{\"version\":1,\"documents\":[");
    }
    let result = run_ordered(
        work_items(&args.input, &paths),
        args.input.jobs,
        |doc| crate::report::detect::DetectReport::new(&engine, &doc),
        |outcome| match outcome {
            Outcome::Done(report) => {
                if json {
                    if !first {
                        out.write_all(b",")?;
                    }
                    first = false;
                    serde_json::to_writer(&mut out, &report)?;
                    Ok(())
                } else {
                    report.write_text(&mut out)
                }
            }
            failed => {
                unreadable += usize::from(tell_failure(&failed, false));
                Ok(())
            }
        },
    );
    let result = result.and_then(|()| {
        if json {
            writeln!(out, "]}}")?;
        }
        out.flush()
    });
    exit_status(result, unreadable, "the report")
}

fn numbers(args: NumbersArgs) -> i32 {
    let text = match std::fs::metadata(&args.text) {
        Ok(m) if m.is_file() => match input::read_document(&Source::File {
            path: args.text.clone().into(),
            explicit: true,
        }) {
            Ok(doc) => doc.text,
            Err(e) => {
                eprintln!("bitext: {e}");
                return EXIT_FAILURE;
            }
        },
        _ => args.text.clone(),
    };
    let dict = match crate::numbers::NumberDictionaries::builtin() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("bitext: {e}");
            return EXIT_FAILURE;
        }
    };
    let doc = input::page("-".to_owned(), text);
    let words = crate::segment::ChineseWords::new();
    let mentions = crate::numbers::extract_with_words(&doc.text, args.lang, &dict, Some(&words));
    let mut out = io::BufWriter::new(io::stdout().lock());
    let mut write = || -> io::Result<()> {
        for m in &mentions {
            let p = doc.locator.position(m.span.start);
            let strength = match m.strength {
                crate::numbers::Strength::Strong => "",
                crate::numbers::Strength::Weak => " (weak: not reported when unmatched)",
            };
            let value = m.value.to_string();
            let readable = m.value.readable();
            let value = if readable == value {
                value
            } else {
                format!("{value} ({readable})")
            };
            writeln!(
                out,
                "{}:{}\t{}\t{value}\t{}{strength}",
                p.line,
                p.column,
                &doc.text[m.span.clone()],
                m.reason
            )?;
        }
        if mentions.is_empty() {
            writeln!(out, "no numbers")?;
        }
        out.flush()
    };
    match write() {
        Err(e) if !is_broken_pipe(&e) => EXIT_FAILURE,
        _ => EXIT_OK,
    }
}

/// Finish a report, close it (its files are whole before anything more is said), then tell the
/// notes it left for the person running bitext.
fn finish_report(
    mut reporter: Box<dyn Reporter + '_>,
    summary: &Summary,
    quiet: bool,
) -> io::Result<()> {
    let result = reporter.finish(summary);
    let notes = reporter.notes();
    drop(reporter);
    if !quiet {
        for note in notes {
            eprintln!("bitext: {note}");
        }
    }
    result
}
