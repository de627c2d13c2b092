//! The document model: what the engine produces, the checks read and the reporters render.
//!
//! - [`DocumentReport`] and its parts: the contract's `documents[]` element (`check --format
//!   json`), serialisable and deserialisable; [`Summary`] counts a run.
//! - [`SentenceBead`] (byte ranges, as the checks read beads) and [`AlignedBead`] (text and
//!   lines, as `bitext align` writes them).
//! - [`PairedText`], [`SectionPair`] and [`AlignedSection`]: an abstract pair, its paired
//!   sections, and a section with its beads.
//! - [`DetectReport`]: what `bitext detect` shows of a page.
//!
//! Nothing here runs a stage: these are plain data, below the engine, the checks and the reports.

mod bead;
mod detect;
mod report;
mod section;

pub use bead::{AlignedBead, SentenceBead};
pub use detect::{DetectReport, DetectedPair, Lines};
pub use report::{
    BeadView, DocumentReport, DocumentView, LineSpan, NumberView, PairReport, PairView,
    SectionLabel, SectionReport, SectionView, SentenceView, Summary, TranslationSpan, Unreadable,
};
pub use section::{AlignedSection, PairedText, SectionPair, TITLE};
