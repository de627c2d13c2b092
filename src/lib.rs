//! bitext: audit English–Chinese translations of scientific abstracts.
//!
//! The pipeline, one module a stage:
//! `input → detect → sections → segment → numbers → align → checks → report`.
//! [`engine::Engine`] holds what is costly to build (language detector, dictionaries, segmenter)
//! and runs the stages on one [`input::Document`] at a time.

pub mod align;
pub mod checks;
pub mod cli;
pub mod config;
pub mod detect;
pub mod dictionaries;
pub mod engine;
pub mod finding;
pub mod input;
pub mod lang;
pub mod numbers;
pub mod report;
pub mod sections;
pub mod segment;
pub mod text;
pub mod view;
