//! `untranslated`: text of the original language left in the translation — an English sentence,
//! or a long run of English prose, inside the Chinese (or Han text inside the English when the
//! Chinese is the original).
//!
//! What Chinese scientific writing keeps in Latin letters is not flagged: acronyms (`NHS`),
//! gene and product names (`Core20PLUS5`, `IL-6`), units, and names or glosses in brackets
//! (`(VCSE)`, `（anchor institutions）`). Those are capitalized, carry digits, or are short; prose
//! is a run of several words, most of them lower case.

use super::{locate, quote, UNTRANSLATED};
use crate::finding::Finding;
use crate::lang::{is_han, Lang};
use crate::model::AlignedSection;
use std::ops::Range;

/// A run of English prose inside Chinese: at least this many words...
const MIN_RUN_WORDS: usize = 5;
/// ...of which at least this many are lower-case (names and titles are capitalized).
const MIN_RUN_LOWER: usize = 3;
/// In brackets, a gloss of a term or a name is usual; only a whole clause is flagged.
const MIN_BRACKETED_WORDS: usize = 10;
/// A Chinese sentence with at least this many English words and fewer Han characters than a
/// tenth of its Latin letters is an English sentence (a Han character carries about as much
/// as three Latin letters).
const MIN_SENTENCE_WORDS: usize = 3;
/// Han characters in an English translation: a run this long outside brackets.
const MIN_HAN_RUN: usize = 4;

/// A run of Latin words in a text: byte range (relative to the text), word counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LatinRun {
    pub range: Range<usize>,
    pub words: usize,
    pub lower: usize,
    pub bracketed: bool,
}

fn is_opener(c: char) -> bool {
    matches!(
        c,
        '(' | '[' | '{' | '（' | '【' | '［' | '〔' | '《' | '<' | '〈'
    )
}

fn is_closer(c: char) -> bool {
    matches!(
        c,
        ')' | ']' | '}' | '）' | '】' | '］' | '〕' | '》' | '>' | '〉'
    )
}

/// Runs of Latin words: words joined by spaces, commas, hyphens, apostrophes and digits; any
/// other character (Han, brackets, other punctuation) ends the run.
pub fn latin_runs(text: &str) -> Vec<LatinRun> {
    let mut runs = Vec::new();
    let mut depth = 0usize;
    let mut current: Option<LatinRun> = None;
    let mut word_start: Option<usize> = None;
    let mut word_alpha = true;
    let mut word_lower = false;
    let close_word = |run: &mut Option<LatinRun>,
                      start: &mut Option<usize>,
                      end: usize,
                      alpha: bool,
                      lower: bool,
                      depth: usize| {
        let Some(s) = start.take() else { return };
        let r = run.get_or_insert(LatinRun {
            range: s..end,
            words: 0,
            lower: 0,
            bracketed: depth > 0,
        });
        r.range.end = end;
        if alpha && end - s >= 2 {
            r.words += 1;
            r.lower += usize::from(lower);
        }
    };
    for (i, c) in text.char_indices() {
        if c.is_ascii_alphanumeric() || (matches!(c, '\'' | '’' | '-') && word_start.is_some()) {
            if word_start.is_none() {
                word_start = Some(i);
                word_alpha = true;
                word_lower = c.is_ascii_lowercase();
            }
            word_alpha &= !c.is_ascii_digit();
            continue;
        }
        close_word(
            &mut current,
            &mut word_start,
            i,
            word_alpha,
            word_lower,
            depth,
        );
        if matches!(c, ' ' | ',') {
            continue;
        }
        if let Some(run) = current.take() {
            runs.push(run);
        }
        if is_opener(c) {
            depth += 1;
        } else if is_closer(c) {
            depth = depth.saturating_sub(1);
        }
    }
    close_word(
        &mut current,
        &mut word_start,
        text.len(),
        word_alpha,
        word_lower,
        depth,
    );
    runs.extend(current);
    for run in &mut runs {
        let trimmed = text[run.range.clone()].trim_end_matches(['-', '\'', '’', ' ', ',']);
        run.range.end = run.range.start + trimmed.len();
    }
    runs
}

/// English left in one Chinese sentence: the whole sentence, or its prose runs.
pub fn english_in_chinese(sentence: &str) -> Vec<Range<usize>> {
    let runs = latin_runs(sentence);
    let han = sentence.chars().filter(|&c| is_han(c)).count();
    let latin = sentence.chars().filter(char::is_ascii_alphabetic).count();
    let words: usize = runs.iter().map(|r| r.words).sum();
    let lower: usize = runs.iter().map(|r| r.lower).sum();
    if words >= MIN_SENTENCE_WORDS && lower >= 2 && han * 10 < latin {
        let start = sentence.len() - sentence.trim_start().len();
        let whole = start..sentence.trim_end().len();
        return Vec::from([whole]);
    }
    runs.into_iter()
        .filter(|r| {
            let min = if r.bracketed {
                MIN_BRACKETED_WORDS
            } else {
                MIN_RUN_WORDS
            };
            r.words >= min && r.lower >= MIN_RUN_LOWER
        })
        .map(|r| r.range)
        .collect()
}

/// Han text left in one English sentence: runs of Han characters outside brackets.
pub fn chinese_in_english(sentence: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut depth = 0usize;
    let mut run: Option<(usize, usize, usize)> = None; // start, end, Han count
    for (i, c) in sentence.char_indices() {
        if is_han(c) && depth == 0 {
            let r = run.get_or_insert((i, i, 0));
            r.1 = i + c.len_utf8();
            r.2 += 1;
            continue;
        }
        if is_opener(c) {
            depth += 1;
        } else if is_closer(c) {
            depth = depth.saturating_sub(1);
        }
        // Chinese punctuation and spaces continue a Han run; anything else ends it.
        if matches!(c, '，' | '、' | '：' | ' ') && run.is_some() {
            continue;
        }
        if let Some((s, e, n)) = run.take() {
            if n >= MIN_HAN_RUN {
                found.push(s..e);
            }
        }
    }
    if let Some((s, e, n)) = run {
        if n >= MIN_HAN_RUN {
            found.push(s..e);
        }
    }
    found
}

/// One finding per stretch of untranslated text in the translation side of the section.
pub fn check(section: &AlignedSection) -> Vec<Finding> {
    let target = section.source.other();
    let mut findings = Vec::new();
    for bead in section.beads {
        let sentences = if target == Lang::Zh {
            &bead.zh
        } else {
            &bead.en
        };
        for sentence in sentences {
            let text = section.text(sentence);
            let stretches = if target == Lang::Zh {
                english_in_chinese(text)
            } else {
                chinese_in_english(text)
            };
            for r in stretches {
                let range = sentence.start + r.start..sentence.start + r.end;
                let left = &section.doc.text[range.clone()];
                let counterpart = section.side(bead, section.source);
                let copied = counterpart.as_ref().is_some_and(|(_, t)| t.contains(left));
                let message = format!(
                    "{} text left untranslated in the {} {}: {}{}",
                    section.source.name(),
                    target.name(),
                    section.section,
                    quote(left, 60),
                    if copied {
                        format!(" (copied from the {} sentence)", section.source.name())
                    } else {
                        String::new()
                    }
                );
                let here = Some(locate(section.doc, range, None));
                let there = counterpart.map(|(r, _)| locate(section.doc, r, None));
                let (en, zh) = if target == Lang::Zh {
                    (there, here)
                } else {
                    (here, there)
                };
                findings.push(section.finding(UNTRANSLATED, en, zh, message));
            }
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::tests::{aligned, section};

    fn flagged(s: &str) -> Vec<&str> {
        english_in_chinese(s).into_iter().map(|r| &s[r]).collect()
    }

    #[test]
    fn acronyms_names_and_glosses_stay_silent() {
        for s in [
            "访谈(n=14),来自地方当局的广泛代表(n=8),NHS(n=4)和VCSE(n=2)。",
            "此外,该分析还探讨了系统与Core20PLUS5方法的合作程度。",
            "我们对可用ICS战略进行了文件分析。",
            "血清IL-6和TNF-α水平升高(P<0.05)。",
            "采用医院焦虑抑郁量表(Hospital Anxiety and Depression Scale, HADS)评估。",
            "作为锚定机构(anchor institutions)的医疗组织。",
            "数据使用SPSS 22.0 for Windows进行分析。",
            "使用 mixed methods 研究设计。",
        ] {
            assert!(flagged(s).is_empty(), "{s}: {:?}", flagged(s));
        }
    }

    #[test]
    fn english_sentences_and_prose_runs_are_flagged() {
        assert_eq!(
            flagged("Interviewees were identified using snowball sampling."),
            ["Interviewees were identified using snowball sampling."]
        );
        assert_eq!(
            flagged(
                "我们发现, the analysis of data was not possible in most areas, 因此需要改进。"
            ),
            ["the analysis of data was not possible in most areas"]
        );
    }

    #[test]
    fn han_runs_in_english_are_flagged_outside_brackets() {
        let s = "The herb Astragalus (黄芪) was used 每日两次服用 for a week.";
        let found: Vec<&str> = chinese_in_english(s).into_iter().map(|r| &s[r]).collect();
        assert_eq!(found, ["每日两次服用"]);
    }

    #[test]
    fn finds_the_sentence_left_in_english_with_its_counterpart() {
        let en = [
            "We enrolled 120 patients in the study.",
            "Interviewees were identified using snowball sampling.",
        ];
        let zh = [
            "我们招募了120名患者。",
            "Interviewees were identified using snowball sampling.",
        ];
        let (doc, beads) = aligned(&en, &zh);
        let findings = check(&section(&doc, &beads));
        assert_eq!(findings.len(), 1, "{findings:#?}");
        let f = &findings[0];
        assert_eq!(f.rule, UNTRANSLATED);
        assert_eq!(f.zh.as_ref().unwrap().text, zh[1]);
        assert_eq!(f.en.as_ref().unwrap().text, en[1]);
        assert!(f.message.contains("copied"), "{}", f.message);
    }
}
