//! Reports: every output format renders the same [`DocumentReport`]s (the [`crate::model`]). One reporter per format
//! behind one trait; the CLI streams documents into it in input order.

pub mod aligned;
pub mod detect;
pub mod html;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod text;

use crate::model::{DocumentReport, Summary, Unreadable};
use std::io;

pub trait Reporter {
    fn document(&mut self, doc: &DocumentReport) -> io::Result<()>;
    fn unreadable(&mut self, _input: &Unreadable) -> io::Result<()> {
        Ok(())
    }
    fn finish(&mut self, summary: &Summary) -> io::Result<()>;
    /// What the person running bitext should be told once the report is written (where a
    /// report that became a folder is).
    fn notes(&self) -> Vec<String> {
        Vec::new()
    }
}
