//! English words as the glossary sees them: lower-cased, stop words dropped, stemmed.
//!
//! The glossary file is keyed by these stems, so `examples/build_glossary.rs` and the aligner
//! must use this one function (rebuild the glossary when it changes).

use rust_stemmers::{Algorithm, Stemmer};
use std::borrow::Cow;

/// Function words that carry no lexical evidence; sorted (a test checks) for binary search.
const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "may",
    "me",
    "might",
    "more",
    "most",
    "must",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "same",
    "shall",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "yours",
    "yourself",
];

pub fn is_stopword(word: &str) -> bool {
    STOPWORDS.binary_search(&word).is_ok()
}

/// Turns English words into glossary keys.
pub struct EnglishStemmer {
    stemmer: Stemmer,
}

impl Default for EnglishStemmer {
    fn default() -> Self {
        EnglishStemmer {
            stemmer: Stemmer::create(Algorithm::English),
        }
    }
}

impl EnglishStemmer {
    /// The key of a lower-case ASCII word, or `None` for stop words and single letters.
    pub fn key<'a>(&self, lower: &'a str) -> Option<Cow<'a, str>> {
        if lower.len() < 2 || is_stopword(lower) {
            return None;
        }
        Some(self.stemmer.stem(lower))
    }
}

/// Undo the escapes of Moses-tokenized text (`&apos;`, `&quot;`, `@-@`, ...), which corpora
/// such as ParaMed ship; other text passes through borrowed.
pub fn unescape_tokenized(s: &str) -> Cow<'_, str> {
    if !s.contains('&') && !s.contains("@-@") && !s.contains("@/@") {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.replace(" @-@ ", "-")
            .replace("@-@", "-")
            .replace(" @/@ ", "/")
            .replace("&apos;", "'")
            .replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&#91;", "[")
            .replace("&#93;", "]")
            .replace("&#124;", "|")
            .replace("&amp;", "&"),
    )
}

/// Lower-case ASCII words (letters only) of `text` with their byte offsets.
pub fn ascii_words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() && !bytes[i].is_ascii_alphabetic() {
            i += 1;
        }
        if i >= bytes.len() {
            return None;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
            i += 1;
        }
        Some((start, &text[start..i]))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stopwords_are_sorted_and_unique() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn keys_are_stems_without_stopwords() {
        let s = EnglishStemmer::default();
        assert_eq!(s.key("the"), None);
        assert_eq!(s.key("x"), None);
        assert_eq!(s.key("patients").as_deref(), Some("patient"));
        assert_eq!(s.key("inequalities"), s.key("inequality"));
    }

    #[test]
    fn unescapes_moses_tokens() {
        assert_eq!(
            unescape_tokenized("platinum @-@ based don &apos;t"),
            "platinum-based don 't"
        );
        assert_eq!(unescape_tokenized("plain"), "plain");
    }

    #[test]
    fn words_are_ascii_letter_runs() {
        let w: Vec<_> = ascii_words("IL-6 and 背景CD4").map(|(_, w)| w).collect();
        assert_eq!(w, ["IL", "and", "CD"]);
    }
}
