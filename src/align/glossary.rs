//! The bilingual glossary: English stems to simplified Chinese translations, from CC-CEDICT.
//!
//! The data is compiled into the binary (`include_str!`) and indexed once per [`Glossary`]:
//! one pass over ~28,000 lines, a few milliseconds, so a one-file run stays fast.

use rustc_hash::FxHashMap;

const GLOSSARY_TSV: &str = include_str!("../../dictionaries/glossary/en-zh.tsv");

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum GlossaryError {
    #[error("glossary line {line}: {reason}")]
    Malformed { line: usize, reason: &'static str },
    #[error("glossary line {line}: key `{key}` is not after the previous key (the file must be sorted, keys unique)")]
    Unsorted { line: usize, key: String },
    #[error("number dictionaries: {0}")]
    Numbers(#[from] crate::numbers::DictionaryError),
}

/// English stem → space-separated Chinese translations, most common first.
pub struct Glossary {
    entries: FxHashMap<&'static str, &'static str>,
    max_chars: usize,
}

impl Glossary {
    /// The glossary shipped in `dictionaries/glossary/en-zh.tsv`.
    pub fn builtin() -> Result<Glossary, GlossaryError> {
        Glossary::parse(GLOSSARY_TSV)
    }

    pub fn parse(text: &'static str) -> Result<Glossary, GlossaryError> {
        let mut entries = FxHashMap::default();
        entries.reserve(text.len() / 48);
        let mut max_chars = 1;
        let mut previous: Option<&str> = None;
        for (n, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            let line_no = n + 1;
            let Some((key, translations)) = line.split_once('\t') else {
                return Err(GlossaryError::Malformed {
                    line: line_no,
                    reason: "no tab",
                });
            };
            if key.is_empty() || translations.is_empty() {
                return Err(GlossaryError::Malformed {
                    line: line_no,
                    reason: "empty field",
                });
            }
            if previous.is_some_and(|p| p >= key) {
                return Err(GlossaryError::Unsorted {
                    line: line_no,
                    key: key.to_owned(),
                });
            }
            previous = Some(key);
            for t in translations.split(' ') {
                max_chars = max_chars.max(t.chars().count());
            }
            entries.insert(key, translations);
        }
        Ok(Glossary { entries, max_chars })
    }

    /// Translations of an English stem.
    pub fn translations(&self, stem: &str) -> impl Iterator<Item = &'static str> {
        self.entries
            .get(stem)
            .copied()
            .into_iter()
            .flat_map(|t| t.split(' '))
    }

    pub fn contains(&self, stem: &str) -> bool {
        self.entries.contains_key(stem)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Length in chars of the longest translation.
    pub fn max_chars(&self) -> usize {
        self.max_chars
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::is_han;

    #[test]
    fn builtin_is_sorted_and_valid() {
        let g = Glossary::builtin().expect("shipped glossary parses");
        assert!(g.len() > 20_000);
        for (key, translations) in &g.entries {
            assert!(key.bytes().all(|b| b.is_ascii_lowercase()), "key `{key}`");
            let list: Vec<&str> = translations.split(' ').collect();
            assert!(
                list.iter().all(|t| !t.is_empty() && t.chars().all(is_han)),
                "{key}: {translations}"
            );
            let mut sorted = list.clone();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(
                sorted.len(),
                list.len(),
                "duplicate translation for `{key}`"
            );
        }
        assert!(g.translations("patient").any(|t| t == "患者"));
    }

    #[test]
    fn rejects_unsorted_and_malformed() {
        assert!(matches!(
            Glossary::parse("b\t乙\na\t甲\n"),
            Err(GlossaryError::Unsorted { line: 2, .. })
        ));
        assert!(matches!(
            Glossary::parse("a 甲\n"),
            Err(GlossaryError::Malformed { line: 1, .. })
        ));
    }
}
