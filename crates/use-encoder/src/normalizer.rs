//! SentencePiece's normalizer: the precompiled charsmap (`nmt_nfkc` for this model) and the
//! whitespace rules, byte for byte as `Normalizer::Normalize` does it.
//!
//! The charsmap is a darts-clone double-array trie over UTF-8 bytes followed by a table of
//! NUL-terminated replacements; the longest key matching at a position is replaced.

/// What the normalizer spec says besides the charsmap (each defaults to true in the proto).
#[derive(Debug, Clone, Copy)]
pub(crate) struct WhitespaceRules {
    pub add_dummy_prefix: bool,
    pub remove_extra_whitespaces: bool,
    pub escape_whitespaces: bool,
}

impl Default for WhitespaceRules {
    fn default() -> Self {
        WhitespaceRules {
            add_dummy_prefix: true,
            remove_extra_whitespaces: true,
            escape_whitespaces: true,
        }
    }
}

/// The piece that stands for a space: U+2581 LOWER ONE EIGHTH BLOCK.
const SPACE_SYMBOL: &[u8] = "\u{2581}".as_bytes();

#[derive(Debug)]
pub(crate) struct Normalizer {
    /// Double-array units; empty when the model has no charsmap (identity mapping).
    units: Vec<u32>,
    /// NUL-terminated replacement strings, indexed by a trie leaf's value.
    replacements: Vec<u8>,
    rules: WhitespaceRules,
}

impl Normalizer {
    /// `charsmap`: u32 trie size in bytes, the trie, then the replacements.
    pub(crate) fn new(charsmap: &[u8], rules: WhitespaceRules) -> Result<Self, &'static str> {
        if charsmap.is_empty() {
            return Ok(Normalizer {
                units: Vec::new(),
                replacements: Vec::new(),
                rules,
            });
        }
        let size = charsmap
            .get(..4)
            .map(|b| u32::from_le_bytes(b.try_into().unwrap()) as usize)
            .ok_or("charsmap shorter than its header")?;
        let trie = charsmap
            .get(4..4 + size)
            .filter(|t| t.len() % 4 == 0 && !t.is_empty())
            .ok_or("charsmap trie size does not fit")?;
        let units = trie
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes(b.try_into().unwrap()))
            .collect();
        Ok(Normalizer {
            units,
            replacements: charsmap[4 + size..].to_vec(),
            rules,
        })
    }

    fn offset(unit: u32) -> usize {
        ((unit >> 10) << ((unit & 0x200) >> 6)) as usize
    }

    /// The normalized form of the longest charsmap key at the start of `input`, and how many
    /// bytes it consumed; one character unchanged when no key matches.
    fn normalize_prefix<'a>(&'a self, input: &'a [u8]) -> (&'a [u8], usize) {
        let mut best_len = 0;
        let mut best_value = 0usize;
        if let Some(&root) = self.units.first() {
            let mut node = Self::offset(root);
            for (i, &byte) in input.iter().enumerate() {
                node ^= usize::from(byte);
                let Some(&unit) = self.units.get(node) else {
                    break;
                };
                if unit & 0x8000_00ff != u32::from(byte) {
                    break;
                }
                node ^= Self::offset(unit);
                if unit & 0x100 != 0 {
                    let Some(&leaf) = self.units.get(node) else {
                        break;
                    };
                    best_len = i + 1;
                    best_value = (leaf & 0x7fff_ffff) as usize;
                }
            }
        }
        if best_len == 0 || best_value >= self.replacements.len() {
            let len = utf8_len(input);
            return (&input[..len], len);
        }
        let tail = &self.replacements[best_value..];
        let end = tail.iter().position(|&b| b == 0).unwrap_or(tail.len());
        (&tail[..end], best_len)
    }

    /// The text as the piece search sees it: charsmap applied, runs of whitespace collapsed
    /// and trimmed, a leading space added, spaces written as U+2581.
    pub(crate) fn normalize(&self, text: &str) -> String {
        let raw = text.as_bytes();
        let strip = self.rules.remove_extra_whitespaces;
        let space: &[u8] = if self.rules.escape_whitespaces {
            SPACE_SYMBOL
        } else {
            b" "
        };
        let mut pos = 0;
        if strip {
            while pos < raw.len() {
                let (piece, consumed) = self.normalize_prefix(&raw[pos..]);
                if piece != b" " {
                    break;
                }
                pos += consumed;
            }
        }
        if pos >= raw.len() {
            return String::new();
        }
        let mut out = Vec::with_capacity(raw.len() * 3 / 2 + 3);
        if self.rules.add_dummy_prefix {
            out.extend_from_slice(space);
        }
        let mut prev_is_space = strip;
        while pos < raw.len() {
            let (mut piece, consumed) = self.normalize_prefix(&raw[pos..]);
            pos += consumed;
            if strip && prev_is_space {
                while let Some(rest) = piece.strip_prefix(b" ") {
                    piece = rest;
                }
            }
            let Some(&last) = piece.last() else {
                continue;
            };
            for &byte in piece {
                if byte == b' ' {
                    out.extend_from_slice(space);
                } else {
                    out.push(byte);
                }
            }
            prev_is_space = last == b' ';
        }
        if strip {
            while out.ends_with(space) {
                out.truncate(out.len() - space.len());
            }
        }
        // Replacements are whole UTF-8 strings and keys whole characters, so this is valid
        // UTF-8 for any charsmap sentencepiece builds; a broken one loses characters, not memory.
        match String::from_utf8(out) {
            Ok(s) => s,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        }
    }
}

/// Length of the UTF-8 sequence starting `input` (1 for a stray byte, as sentencepiece does).
fn utf8_len(input: &[u8]) -> usize {
    let len = match input[0] {
        0x00..=0x7f => 1,
        b if b >> 5 == 0x6 => 2,
        b if b >> 4 == 0xe => 3,
        b if b >> 3 == 0x1e => 4,
        _ => 1,
    };
    if len > input.len() || input[1..len].iter().any(|&b| b & 0xc0 != 0x80) {
        1
    } else {
        len
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn identity() -> Normalizer {
        Normalizer::new(&[], WhitespaceRules::default()).unwrap()
    }

    #[test]
    fn whitespace_is_collapsed_trimmed_and_escaped() {
        assert_eq!(identity().normalize("  a  b "), "\u{2581}a\u{2581}b");
        assert_eq!(identity().normalize("   "), "");
        assert_eq!(identity().normalize(""), "");
    }

    #[test]
    fn without_the_rules_spaces_are_kept() {
        let rules = WhitespaceRules {
            add_dummy_prefix: false,
            remove_extra_whitespaces: false,
            escape_whitespaces: false,
        };
        let n = Normalizer::new(&[], rules).unwrap();
        assert_eq!(n.normalize(" a  b "), " a  b ");
    }

    #[test]
    fn a_charsmap_whose_trie_does_not_fit_is_refused() {
        assert!(Normalizer::new(&[100, 0, 0, 0, 1, 2], WhitespaceRules::default()).is_err());
    }
}
