//! The bilingual glossary: English stems to simplified Chinese translations, from CC-CEDICT.
//!
//! The data is compiled into the binary (`include_str!`), sorted by stem, and looked up where
//! it lies: a run indexes its ~28,000 line starts once (a fraction of a millisecond) instead of
//! building a table of it.

use rustc_hash::FxHashMap;
use std::sync::{Arc, OnceLock};

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
    sorted: Arc<Sorted>,
    /// Entries added by [`Glossary::extend`], each with the sorted entry's translations after
    /// its own.
    added: FxHashMap<&'static str, &'static str>,
}

/// `stem<TAB>translations` lines sorted by stem, indexed by where each starts and where its
/// stem ends, and by where the stems of each first byte begin.
struct Sorted {
    text: &'static str,
    starts: Vec<u32>,
    tabs: Vec<u32>,
    /// `by_first[b]..by_first[b + 1]`: the entries whose stem starts with byte `b`.
    by_first: Vec<u32>,
}

impl Sorted {
    /// Indexes `text`'s entry lines (comments and blank lines skipped).
    fn index(text: &'static str) -> Sorted {
        let bytes = text.as_bytes();
        let mut starts = Vec::with_capacity(text.len() / 40);
        let mut tabs = Vec::with_capacity(text.len() / 40);
        for (at, end) in lines(bytes) {
            if end == at || bytes[at] == b'#' {
                continue;
            }
            let tab = memchr::memchr(b'\t', &bytes[at..end]).map_or(end, |t| at + t);
            starts.push(at as u32);
            tabs.push(tab as u32);
        }
        let mut by_first = vec![0u32; 257];
        for &at in &starts {
            by_first[usize::from(bytes[at as usize]) + 1] += 1;
        }
        for b in 1..by_first.len() {
            by_first[b] += by_first[b - 1];
        }
        Sorted {
            text,
            starts,
            tabs,
            by_first,
        }
    }

    /// Checks that `text`'s entry lines are `stem<TAB>translations`, sorted by stem.
    fn check(text: &str) -> Result<(), GlossaryError> {
        let mut previous: Option<&str> = None;
        for (n, (at, end)) in lines(text.as_bytes()).enumerate() {
            let line = &text[at..end];
            if line.is_empty() || line.starts_with('#') {
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
        }
        Ok(())
    }

    /// Entry `i`: its stem and translations.
    fn entry(&self, i: usize) -> (&'static str, &'static str) {
        let (start, tab) = (self.starts[i] as usize, self.tabs[i] as usize);
        let translations = match self.text.as_bytes().get(tab) {
            Some(b'\t') => {
                let rest = &self.text[tab + 1..];
                &rest[..memchr::memchr(b'\n', rest.as_bytes()).unwrap_or(rest.len())]
            }
            _ => "",
        };
        (&self.text[start..tab], translations)
    }

    /// The translations of `stem`: a binary search among the stems of its first byte.
    fn get(&self, stem: &str) -> Option<&'static str> {
        let first = usize::from(*stem.as_bytes().first()?);
        let (mut lo, mut hi) = (
            self.by_first[first] as usize,
            self.by_first[first + 1] as usize,
        );
        let text = self.text.as_bytes();
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let key = &text[self.starts[mid] as usize..self.tabs[mid] as usize];
            match key.cmp(stem.as_bytes()) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(self.entry(mid).1),
            }
        }
        None
    }
}

/// Each line's start and end (before its newline).
fn lines(bytes: &[u8]) -> impl Iterator<Item = (usize, usize)> + '_ {
    let ends = memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len()));
    ends.scan(0, |start, end| {
        let at = *start;
        *start = end + 1;
        Some((at, end))
    })
}

impl Glossary {
    /// The glossary shipped in `dictionaries/glossary/en-zh.tsv`.
    pub fn builtin() -> Result<Glossary, GlossaryError> {
        static BUILTIN: OnceLock<Arc<Sorted>> = OnceLock::new();
        // A test checks the shipped file.
        let sorted = BUILTIN.get_or_init(|| Arc::new(Sorted::index(GLOSSARY_TSV)));
        Ok(Glossary::with_sorted(Arc::clone(sorted)))
    }

    /// A glossary of `text`: `stem<TAB>translations` lines sorted by stem, checked.
    pub fn parse(text: &'static str) -> Result<Glossary, GlossaryError> {
        Sorted::check(text)?;
        Ok(Glossary::with_sorted(Arc::new(Sorted::index(text))))
    }

    fn with_sorted(sorted: Arc<Sorted>) -> Glossary {
        Glossary {
            sorted,
            added: FxHashMap::default(),
        }
    }

    /// The translations of a stem, space-separated.
    fn get(&self, stem: &str) -> Option<&'static str> {
        match self.added.get(stem) {
            Some(&added) => Some(added),
            None => self.sorted.get(stem),
        }
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
            let mut merged = translations.join(" ");
            if let Some(existing) = self.get(key.as_ref()) {
                merged.push(' ');
                merged.push_str(existing);
            }
            // Entries live as long as the process, as the built-in ones (compiled in) do.
            let key: &'static str = Box::leak(key.into_owned().into_boxed_str());
            self.added.insert(key, Box::leak(merged.into_boxed_str()));
            added += 1;
        }
        Ok(added)
    }

    /// Translations of an English stem.
    pub fn translations(&self, stem: &str) -> impl Iterator<Item = &'static str> {
        self.get(stem).into_iter().flat_map(|t| t.split(' '))
    }

    pub fn contains(&self, stem: &str) -> bool {
        self.get(stem).is_some()
    }

    /// Number of stems.
    pub fn len(&self) -> usize {
        let new = self.added.keys().filter(|k| self.sorted.get(k).is_none());
        self.sorted.starts.len() + new.count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::is_han;

    #[test]
    fn builtin_is_sorted_and_valid() {
        let checked = Glossary::parse(GLOSSARY_TSV).expect("shipped glossary is sorted and valid");
        let g = Glossary::builtin().expect("shipped glossary");
        assert_eq!(g.len(), checked.len());
        assert!(g.len() > 20_000);
        for i in 0..g.sorted.starts.len() {
            let (key, translations) = g.sorted.entry(i);
            assert_eq!(
                g.translations(key).collect::<Vec<_>>().join(" "),
                translations
            );
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
