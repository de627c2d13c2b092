//! The command line: flags parsed into plain data (`flags`), the engine set up from them and
//! the config (`setup`), documents checked in parallel and reported in input order
//! (`runner`), each command's output written by its reporter.

mod flags;
mod runner;
mod setup;

use crate::config::Config;
use crate::engine::Engine;
use crate::finding::Severity;
use crate::input::{self, Source};
use crate::model::{Summary, Unreadable};
use crate::report::aligned::{BeadWriter, CorpusStats, JsonlBeads, MosesBeads, TmxBeads, TsvBeads};
use crate::report::html::{self, HtmlReporter};
use crate::report::json::{JsonReporter, JsonlReporter};
use crate::report::junit::JunitReporter;
use crate::report::sarif::SarifReporter;
use crate::report::text::TextReporter;
use crate::report::Reporter;
use clap::{Parser, ValueEnum};
use flags::{
    AlignArgs, AlignFormat, CheckArgs, CheckFormat, Cli, ColorChoice, Command, DetectArgs,
    DetectFormat, NumbersArgs,
};
use runner::{input_paths, run_ordered, tell_failure, work_items, Outcome};
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::time::Instant;

/// Parse the process's arguments and run the command; returns the exit status.
pub fn main() -> i32 {
    run(Cli::parse())
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
    fn document(&mut self, doc: &crate::model::DocumentReport) -> io::Result<()> {
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

/// Exit statuses of the contract.
const EXIT_OK: i32 = 0;
const EXIT_FINDINGS: i32 = 1;
const EXIT_FAILURE: i32 = 2;

/// Run the command line; returns the exit status.
fn run(cli: Cli) -> i32 {
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
            Ok((mut config, _)) => {
                // As the run would use it: --embed is relative to the working directory.
                if let Some(dir) = &args.model.embed {
                    if let Err(e) = config.set_model(dir) {
                        eprintln!("bitext: --embed {e}");
                        return EXIT_FAILURE;
                    }
                }
                print!("{}", config.to_toml());
                EXIT_OK
            }
            Err(e) => {
                eprintln!("bitext: {e}");
                EXIT_FAILURE
            }
        };
    }
    let aligning = setup::Aligning::Yes(args.model.embed.as_deref());
    let engine = match setup::engine(&args.input, aligning, args.baseline.as_deref()) {
        Ok(engine) => engine,
        Err(code) => return code,
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
    let items = work_items(&args.input, engine.policy());
    let progress = progress_bar(items.size_hint(), args.quiet || args.input.jsonl.is_some());
    let mut gate = setup::ModelGate::new(engine);
    let result = run_ordered(
        items,
        args.input.jobs,
        |doc| {
            if with_view {
                engine.check_with_view(&doc, engine.options())
            } else {
                engine.check(&doc)
            }
        },
        |outcome| {
            gate.pass()?;
            match outcome {
                Outcome::Done(report) => {
                    progress.inc(1);
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
            }
        },
    );
    progress.finish_and_clear();
    if let Some(failed) = gate.failed() {
        return failed;
    }
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
    let aligning = setup::Aligning::Yes(args.model.embed.as_deref());
    let engine = match setup::engine(&args.input, aligning, None) {
        Ok(engine) => engine,
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
        AlignFormat::Html => return align_html(&args, engine),
    };
    let mut stats = CorpusStats::default();
    let mut seen: std::collections::HashSet<u64> = std::collections::HashSet::new();
    let mut unreadable = 0usize;
    let mut gate = setup::ModelGate::new(engine);
    let result = run_ordered(
        work_items(&args.input, engine.policy()),
        args.input.jobs,
        |doc| engine.align(&doc),
        |outcome| {
            gate.pass()?;
            match outcome {
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
            }
        },
    );
    if let Some(failed) = gate.failed() {
        return failed;
    }
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
fn align_html(args: &AlignArgs, engine: &Engine) -> i32 {
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
    let mut gate = setup::ModelGate::new(engine);
    let result = run_ordered(
        work_items(&args.input, engine.policy()),
        args.input.jobs,
        |doc| engine.aligned_view(&doc, engine.options()),
        |outcome| {
            gate.pass()?;
            match outcome {
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
            }
        },
    );
    if let Some(failed) = gate.failed() {
        return failed;
    }
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
    let engine = match setup::engine(&args.input, setup::Aligning::No, None) {
        Ok(engine) => engine,
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
        work_items(&args.input, engine.policy()),
        args.input.jobs,
        |doc| engine.detect(&doc),
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
                    crate::report::detect::write_text(&report, &mut out)
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
