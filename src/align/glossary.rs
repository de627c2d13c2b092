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
    #[error("{file}:{line}: {reason}")]
    UserEntry {
        file: String,
        line: usize,
        reason: String,
    },
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

    /// Add a user's entries: one `english<TAB>中文 译文…` a line (`#` starts a comment), an
    /// English word and its translations separated by spaces. They come before the built-in
    /// translations of the same word. Returns how many entries were added.
    pub fn extend(
        &mut self,
        file: &str,
        text: &str,
        stemmer: &super::words::EnglishStemmer,
    ) -> Result<usize, GlossaryError> {
        let err = |line: usize, reason: String| GlossaryError::UserEntry {
            file: file.to_owned(),
            line,
            reason,
        };
        let mut added = 0;
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let (english, chinese) = line
                .split_once('\t')
                .ok_or_else(|| err(n + 1, "expected `english<TAB>translations`".to_owned()))?;
            let word = english.trim().to_ascii_lowercase();
            if word.contains(char::is_whitespace)
                || !word.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            {
                return Err(err(
                    n + 1,
                    format!("`{english}`: one English word (letters, digits, hyphens) an entry"),
                ));
            }
            let Some(key) = stemmer.key(&word) else {
                return Err(err(
                    n + 1,
                    format!("`{english}` is a stop word or too short to be a glossary entry"),
                ));
            };
            let translations: Vec<&str> = chinese.split_whitespace().collect();
            if translations.is_empty() {
                return Err(err(n + 1, "no translation".to_owned()));
            }
            for t in &translations {
                self.max_chars = self.max_chars.max(t.chars().count());
            }
            let mut merged = translations.join(" ");
            if let Some(existing) = self.entries.get(key.as_ref()) {
                merged.push(' ');
                merged.push_str(existing);
            }
            // Entries live as long as the process, as the built-in ones (compiled in) do.
            let key: &'static str = Box::leak(key.into_owned().into_boxed_str());
            self.entries.insert(key, Box::leak(merged.into_boxed_str()));
            added += 1;
        }
        Ok(added)
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
