//! bitext: audit English–Chinese translations of scientific abstracts.
//!
//! bitext finds the English abstract and its Chinese translation in a page, pairs their sections
//! (背景 ↔ Background …), aligns their sentences, and checks the translation — above all the
//! numbers, compared by value (`five` = `五个`, `36,000` = `3.6万`).
//!
//! # Using the library
//!
//! Build an [`Engine`] once (it loads the dictionaries and the language detector), then check
//! or align as many documents as you like, from as many threads as you like:
//!
//! ```
//! use bitext::{Engine, Options, Rule, Severity};
//!
//! let engine = Engine::new(Options::default())?;
//!
//! // A page: the abstracts are found in it.
//! let page = std::fs::read_to_string("examples/pages/000_a2465f15cc8c9f35.txt")?;
//! let report = engine.check_page("examples/pages/000_a2465f15cc8c9f35.txt", &page);
//! assert_eq!(report.pairs[0].sections[0].id, "background");
//!
//! // A pair of texts, or a JSONL record as `--jsonl` reads it.
//! let report = engine.check_pair("pair", "Five patients died.", "六名患者死亡。");
//! assert_eq!(report.findings[0].rule, Rule::NumberMismatch);
//! assert_eq!(report.worst(), Some(Severity::Error));
//! let report = engine.check_record("-", r#"{"id": "r1", "en": "Five died.", "zh": "五人死亡。"}"#)?;
//! assert!(report.findings.is_empty());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! A [`DocumentReport`] is the contract's `documents[]` element: it serialises to exactly what
//! `bitext check --format json` writes for the document, and deserialises from it.
//! [`Engine::align`] gives the sentence beads `bitext align` writes ([`AlignedBead`]).
//!
//! A `bitext.toml` ([`Config`], [`Engine::from_config_file`]) sets rule severities, extra
//! dictionaries, path filters and suppressions; [`Engine::with_baseline`] reports only findings
//! that an earlier report does not hold. Through the library they apply exactly as through the
//! CLI ([`policy`]).
//!
//! # How it is built
//!
//! A pipeline of small modules, one stage each:
//! `input → detect → sections → segment → numbers → align → checks → report`. The [`Engine`]
//! holds what is costly to build and runs the stages; the [`model`] is the data they pass on;
//! [`report`] renders it in each output format. Modules hidden from these docs are internals:
//! public for the binary, the tests and the fuzz targets, not a stable API.

pub mod config;
mod engine;
pub mod finding;
pub mod model;
pub mod policy;
pub mod report;
mod rule;

// Internals: public for the binary, benches, tests and fuzz targets, not a stable API.
#[doc(hidden)]
pub mod align;
mod checks;
#[doc(hidden)]
pub mod cli;
#[doc(hidden)]
pub mod detect;
#[doc(hidden)]
pub mod dictionaries;
#[doc(hidden)]
pub mod input;
#[doc(hidden)]
pub mod lang;
#[doc(hidden)]
pub mod numbers;
#[doc(hidden)]
pub mod sections;
#[doc(hidden)]
pub mod segment;
#[doc(hidden)]
pub mod text;
mod view;

pub use config::{Config, ConfigError};
pub use engine::{Engine, EngineError, Options};
pub use finding::{Finding, Location, Severity};
pub use input::{Document, InputError};
pub use lang::Lang;
pub use model::{AlignedBead, DocumentReport, Summary};
pub use policy::{Baseline, Policy, PolicyError};
pub use rule::{Rule, UnknownRule};
