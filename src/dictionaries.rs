//! The data in `dictionaries/`: section labels, page-line patterns. Loaded once into the engine.
//!
//! The files are compiled in (`include_str!`) so the binary works from anywhere; users add their
//! own entries with files of the same format (see `Dictionaries::extend_sections`).

use crate::lang::Lang;
use std::collections::{HashMap, HashSet};

/// Bad dictionary data: names the file and line so it can be fixed.
#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct DictionaryError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

pub const SECTIONS_TSV: &str = include_str!("../dictionaries/sections.tsv");
pub const SECTION_PAIRS_TSV: &str = include_str!("../dictionaries/section_pairs.tsv");
pub const PAGE_LINES_TSV: &str = include_str!("../dictionaries/page_lines.tsv");
pub const ABSTRACT_MARKERS_TSV: &str = include_str!("../dictionaries/abstract_markers.tsv");
pub const AFFILIATION_WORDS_TXT: &str = include_str!("../dictionaries/affiliation_words.txt");

/// Data lines of a TSV file: (1-based line number, fields). `#` starts a comment line.
pub fn tsv_rows<'a>(
    file: &'a str,
    text: &'a str,
    columns: usize,
) -> impl Iterator<Item = Result<(usize, Vec<&'a str>), DictionaryError>> + 'a {
    text.lines().enumerate().filter_map(move |(i, line)| {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            return None;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() != columns || fields.iter().any(|f| f.trim().is_empty()) {
            return Some(Err(DictionaryError {
                file: file.to_owned(),
                line: i + 1,
                message: format!(
                    "expected {columns} non-empty tab-separated columns, found `{line}`"
                ),
            }));
        }
        Some(Ok((i + 1, fields)))
    })
}

/// One section label as written in the dictionary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionLabelEntry {
    pub id: String,
    pub lang: Lang,
    /// Lower-cased label.
    pub label: String,
}

/// How a page line is recognized as not being abstract text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LineRole {
    MtNotice,
    Boilerplate,
    Keywords,
    Metadata,
    Heading,
    /// The heading of the body after the abstracts (引言, Introduction).
    BodyHeading,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineMatch {
    Prefix,
    Contains,
    Exact,
}

#[derive(Debug, Clone)]
pub struct PageLinePattern {
    pub role: LineRole,
    pub how: LineMatch,
    /// Lower-cased, spaces removed.
    pub text: String,
}

/// All dictionary data the pipeline needs, parsed once.
#[derive(Debug, Clone, Default)]
pub struct Dictionaries {
    /// (lang, lower-cased label) → section id.
    section_labels: HashMap<(Lang, String), String>,
    /// Longest label length in chars per language, to bound label scans.
    longest_label: HashMap<Lang, usize>,
    /// Per language, the labels (lower-cased), longest first: to read a label with nothing
    /// after it but the text (`ObjectiveToexplore`, `目的探讨`).
    labels_longest_first: HashMap<Lang, Vec<String>>,
    compatible_sections: HashSet<(String, String)>,
    pub page_lines: Vec<PageLinePattern>,
    /// The words that open and close an abstract (`dictionaries/abstract_markers.tsv`).
    pub markers: Vec<MarkerEntry>,
    /// Lower-cased words of institutions' names (`dictionaries/affiliation_words.txt`).
    pub affiliation_words: Vec<String>,
}

/// Where an abstract marker is recognized.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MarkerPlace {
    /// At the start of a line, text may follow.
    Start,
    /// At the start of a line, or glued after other text when a colon or bracket closes it.
    Inline,
    /// Only as a line of its own.
    Heading,
    /// Closes an abstract when glued after its last sentence (keywords).
    End,
}

/// One line of `dictionaries/abstract_markers.tsv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkerEntry {
    pub lang: Lang,
    pub place: MarkerPlace,
    pub marker: String,
}

impl Dictionaries {
    pub fn builtin() -> Result<Dictionaries, DictionaryError> {
        let mut d = Dictionaries::default();
        d.extend_sections("dictionaries/sections.tsv", SECTIONS_TSV)?;
        for row in tsv_rows("dictionaries/section_pairs.tsv", SECTION_PAIRS_TSV, 2) {
            let (_, f) = row?;
            d.compatible_sections
                .insert((f[0].to_owned(), f[1].to_owned()));
            d.compatible_sections
                .insert((f[1].to_owned(), f[0].to_owned()));
        }
        d.extend_page_lines("dictionaries/page_lines.tsv", PAGE_LINES_TSV)?;
        d.markers = parse_markers("dictionaries/abstract_markers.tsv", ABSTRACT_MARKERS_TSV)?;
        d.affiliation_words = word_list(AFFILIATION_WORDS_TXT);
        Ok(d)
    }

    /// Add section labels from a file in the `sections.tsv` format.
    pub fn extend_sections(&mut self, file: &str, text: &str) -> Result<(), DictionaryError> {
        for entry in parse_sections(file, text)? {
            let len = entry.label.chars().count();
            let longest = self.longest_label.entry(entry.lang).or_default();
            *longest = (*longest).max(len);
            let labels = self.labels_longest_first.entry(entry.lang).or_default();
            if !labels.contains(&entry.label) {
                labels.push(entry.label.clone());
            }
            self.section_labels
                .insert((entry.lang, entry.label), entry.id);
        }
        for labels in self.labels_longest_first.values_mut() {
            labels.sort_by_key(|l| std::cmp::Reverse(l.chars().count()));
        }
        Ok(())
    }

    pub fn extend_page_lines(&mut self, file: &str, text: &str) -> Result<(), DictionaryError> {
        for row in tsv_rows(file, text, 3) {
            let (line, f) = row?;
            let err = |message: String| DictionaryError {
                file: file.to_owned(),
                line,
                message,
            };
            let role = match f[0] {
                "mt-notice" => LineRole::MtNotice,
                "boilerplate" => LineRole::Boilerplate,
                "keywords" => LineRole::Keywords,
                "metadata" => LineRole::Metadata,
                "heading" => LineRole::Heading,
                "body-heading" => LineRole::BodyHeading,
                other => return Err(err(format!("unknown role `{other}`"))),
            };
            let how = match f[1] {
                "prefix" => LineMatch::Prefix,
                "contains" => LineMatch::Contains,
                "exact" => LineMatch::Exact,
                other => {
                    return Err(err(format!(
                        "unknown match `{other}`: prefix, contains or exact"
                    )))
                }
            };
            self.page_lines.push(PageLinePattern {
                role,
                how,
                text: squash(f[2]),
            });
        }
        Ok(())
    }

    /// The section id of a label (any case, no colon), in `lang`.
    pub fn section_id(&self, lang: Lang, label: &str) -> Option<&str> {
        self.section_labels
            .get(&(lang, label.to_lowercase()))
            .map(String::as_str)
    }

    /// The labels of a language, lower-cased, longest first.
    pub fn labels_longest_first(&self, lang: Lang) -> &[String] {
        self.labels_longest_first
            .get(&lang)
            .map_or(&[][..], Vec::as_slice)
    }

    pub fn longest_label_chars(&self, lang: Lang) -> usize {
        self.longest_label.get(&lang).copied().unwrap_or(0)
    }

    pub fn sections_compatible(&self, a: &str, b: &str) -> bool {
        self.compatible_sections
            .contains(&(a.to_owned(), b.to_owned()))
    }

    /// The role of a page line that matches a pattern, if any.
    pub fn page_line_role(&self, line: &str) -> Option<LineRole> {
        // Boilerplate is short; a long line containing "copyright" is prose about copyright. A
        // long line is only matched by its start, so only its start is folded.
        const SHORT: usize = 160;
        let short = line.len() <= SHORT * 4 && line.chars().count() <= SHORT;
        let squashed = if short {
            squash(line)
        } else {
            squash(&line[..crate::text::floor_char_boundary(line, SHORT)])
        };
        // Markdown marks (`# Abstract`, `**Keywords**:`) and brackets (`【关键词】`) do not
        // change what a line is.
        let squashed = squashed
            .trim_matches(['*', '_', '#'])
            .trim_start_matches(['【', '[', '［', '〔'])
            .trim_end_matches([':', '：'])
            .trim_end_matches(['*', '_']);
        self.page_lines
            .iter()
            .find(|p| match p.how {
                LineMatch::Prefix => squashed.starts_with(&p.text),
                LineMatch::Contains => short && squashed.contains(&p.text),
                LineMatch::Exact => short && squashed == p.text,
            })
            .map(|p| p.role)
    }
}

/// The words of a one-word-a-line list, lower-cased; `#` starts a comment line.
pub fn word_list(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_lowercase)
        .collect()
}

pub fn parse_markers(file: &str, text: &str) -> Result<Vec<MarkerEntry>, DictionaryError> {
    tsv_rows(file, text, 3)
        .map(|row| {
            let (line, f) = row?;
            let err = |message: String| DictionaryError {
                file: file.to_owned(),
                line,
                message,
            };
            let lang = f[0].parse::<Lang>().map_err(err)?;
            let place = match f[1] {
                "start" => MarkerPlace::Start,
                "inline" => MarkerPlace::Inline,
                "heading" => MarkerPlace::Heading,
                "end" => MarkerPlace::End,
                other => {
                    return Err(err(format!(
                        "unknown place `{other}`: start, inline, heading or end"
                    )))
                }
            };
            Ok(MarkerEntry {
                lang,
                place,
                marker: f[2].trim().to_owned(),
            })
        })
        .collect()
}

/// Lower-case and drop whitespace, for matching page-line patterns.
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

pub fn parse_sections(file: &str, text: &str) -> Result<Vec<SectionLabelEntry>, DictionaryError> {
    tsv_rows(file, text, 3)
        .map(|row| {
            let (line, f) = row?;
            let lang = f[1].parse::<Lang>().map_err(|message| DictionaryError {
                file: file.to_owned(),
                line,
                message,
            })?;
            Ok(SectionLabelEntry {
                id: f[0].to_owned(),
                lang,
                label: f[2].to_lowercase(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_dictionaries_load() {
        let d = Dictionaries::builtin().unwrap();
        assert_eq!(d.section_id(Lang::En, "RESULTS"), Some("results"));
        assert_eq!(d.section_id(Lang::Zh, "結論"), Some("conclusions"));
        assert_eq!(
            d.section_id(Lang::En, "Patients and methods"),
            Some("methods")
        );
        assert!(d.sections_compatible("setting", "background"));
        assert_eq!(
            d.page_line_role("本文章由计算机程序翻译,如有差异,请以英文原文为准。"),
            Some(LineRole::MtNotice)
        );
        assert_eq!(d.page_line_role("关键词: health"), Some(LineRole::Keywords));
        assert_eq!(d.page_line_role("Abstract:"), Some(LineRole::Heading));
    }

    /// Like typos' verify test: the data stays sorted, unique and consistent.
    #[test]
    fn section_labels_are_sorted_unique_and_unambiguous() {
        let entries = parse_sections("sections.tsv", SECTIONS_TSV).unwrap();
        let keys: Vec<(String, &str, String)> = entries
            .iter()
            .map(|e| (e.id.clone(), e.lang.code(), e.label.clone()))
            .collect();
        let mut sorted = keys.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(
            keys, sorted,
            "sections.tsv must be sorted by id, lang, label without duplicates"
        );
        let mut seen: HashMap<(Lang, &str), &str> = HashMap::new();
        for e in &entries {
            if let Some(other) = seen.insert((e.lang, &e.label), &e.id) {
                panic!(
                    "label `{}` maps to both `{}` and `{}`",
                    e.label, other, e.id
                );
            }
        }
        let ids: HashSet<&str> = entries.iter().map(|e| e.id.as_str()).collect();
        for row in tsv_rows("section_pairs.tsv", SECTION_PAIRS_TSV, 2) {
            let (_, f) = row.unwrap();
            assert!(
                f[0] < f[1],
                "section_pairs.tsv: write each pair sorted: {f:?}"
            );
            assert!(
                ids.contains(f[0]) && ids.contains(f[1]),
                "unknown id in {f:?}"
            );
        }
    }

    #[test]
    fn markers_and_affiliation_words_are_unique() {
        let d = Dictionaries::builtin().unwrap();
        let mut seen = HashSet::new();
        for m in &d.markers {
            assert!(
                seen.insert((m.lang, m.place, m.marker.clone())),
                "abstract_markers.tsv: `{}` twice",
                m.marker
            );
        }
        let words = &d.affiliation_words;
        let mut sorted = words.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(
            words, &sorted,
            "affiliation_words.txt: keep it sorted, once each"
        );
    }

    #[test]
    fn page_line_patterns_are_unique() {
        let mut seen = HashSet::new();
        for row in tsv_rows("page_lines.tsv", PAGE_LINES_TSV, 3) {
            let (line, f) = row.unwrap();
            assert!(
                seen.insert((f[1].to_owned(), squash(f[2]))),
                "duplicate pattern on line {line}"
            );
        }
    }
}
