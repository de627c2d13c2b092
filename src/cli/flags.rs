//! The command line's flags, parsed by clap into plain data; `mod.rs` turns them into the engine,
//! the inputs and the reporters.

use crate::finding::Severity;
use crate::input;
use crate::lang::Lang;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

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

/// The flags of the commands that align sentences.
#[derive(Args, Debug, Clone)]
pub struct ModelArgs {
    /// Align sentences with the sentence encoder in MODEL_DIR as well (made by
    /// scripts/fetch-model.sh); overrides `[align] model` of the config.
    #[arg(long, value_name = "MODEL_DIR", env = "BITEXT_MODEL")]
    pub embed: Option<PathBuf>,
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
    pub fn threshold(self) -> Option<Severity> {
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
    #[command(flatten)]
    pub model: ModelArgs,
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
    #[command(flatten)]
    pub model: ModelArgs,
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
