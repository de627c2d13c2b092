//! Abstract markers: the 摘要 / Abstract (and their variants, `dictionaries/abstract_markers.tsv`)
//! that open an abstract, at the start of a line, as a heading, or glued after author and
//! affiliation text; and the keywords that close one when glued after its last sentence.

use crate::dictionaries::{Dictionaries, DictionaryError, MarkerPlace};
use crate::lang::{is_han, Lang};
use regex::Regex;
use std::ops::Range;

/// A marker found on a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    /// The language of the abstract the marker opens.
    pub lang: Lang,
    /// The marker as written, brackets and colon included.
    pub range: Range<usize>,
    /// Where the abstract's text starts on the marker's line; `None` when the marker is a
    /// heading (nothing but the marker on its line).
    pub text_start: Option<usize>,
    /// The marker is glued after other text on its line.
    pub glued: bool,
}

/// The marker patterns, compiled once.
#[derive(Debug, Clone)]
pub struct Markers {
    /// Per language: at the start of a line.
    start: Vec<(Lang, Regex)>,
    /// Per language: glued after other text, closed by a colon or bracket.
    inline: Vec<(Lang, Regex)>,
    /// Per language: a line of its own.
    heading: Vec<(Lang, Regex)>,
    /// Keywords glued after the last sentence.
    end: Regex,
    /// A line holds a marker only if it holds one of these (most lines hold none: checking
    /// them first spares the patterns).
    needles: Vec<String>,
}

/// What a line must contain to hold `marker`: its 摘 (spaces may sit between the characters of
/// Chinese markers), else its first character for other Chinese markers, else all but its first
/// letter (`bstract` finds Abstract and abstract alike).
fn needle(marker: &str) -> String {
    if marker.contains('摘') {
        "摘".to_owned()
    } else if marker.chars().all(is_han) {
        marker.chars().take(1).collect()
    } else {
        marker.chars().skip(1).collect()
    }
}

const LEAD: &str = r"^[\s#>*_\-]*(?:\d{1,2}\s*)?";
const OPEN: &str = r"[【\[［〔(（]";
const CLOSE: &str = r"[】\]］〕)）」]";

/// A marker as a regex: Han characters may have spaces between them (摘 要).
fn pattern(marker: &str) -> String {
    let chars: Vec<String> = marker
        .chars()
        .map(|c| regex::escape(&c.to_string()))
        .collect();
    if marker.chars().all(is_han) {
        chars.join(r"\s*")
    } else {
        chars.join("").replace(' ', r"\s*")
    }
}

fn alternation<'a>(markers: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut alts: Vec<String> = markers.map(pattern).collect();
    // Longest first, so 中文摘要 wins over 摘要.
    alts.sort_by_key(|a| std::cmp::Reverse(a.len()));
    (!alts.is_empty()).then(|| alts.join("|"))
}

impl Markers {
    pub fn new(dict: &Dictionaries) -> Result<Markers, DictionaryError> {
        let compile = |re: String| {
            Regex::new(&re).map_err(|e| DictionaryError {
                file: "dictionaries/abstract_markers.tsv".to_owned(),
                line: 0,
                message: format!("a marker does not make a valid pattern: {e}"),
            })
        };
        let of = |lang: Lang, places: &[MarkerPlace]| {
            alternation(
                dict.markers
                    .iter()
                    .filter(|m| m.lang == lang && places.contains(&m.place))
                    .map(|m| m.marker.as_str()),
            )
        };
        let mut start = Vec::new();
        let mut inline = Vec::new();
        let mut heading = Vec::new();
        for lang in [Lang::Zh, Lang::En] {
            if let Some(alt) = of(lang, &[MarkerPlace::Start, MarkerPlace::Inline]) {
                start.push((
                    lang,
                    compile(format!(
                        r"{LEAD}(?:{OPEN}\s*)?(?P<m>{alt})(?P<close>\s*{CLOSE})?(?P<colon>\s*[:：;；.．、—–-])?"
                    ))?,
                ));
            }
            if let Some(alt) = of(lang, &[MarkerPlace::Inline]) {
                inline.push((
                    lang,
                    compile(format!(
                        r"(?:{OPEN}\s*(?P<m>{alt})\s*{CLOSE}|(?P<m2>{alt})\s*[:：])"
                    ))?,
                ));
            }
            if let Some(alt) = of(
                lang,
                &[
                    MarkerPlace::Start,
                    MarkerPlace::Inline,
                    MarkerPlace::Heading,
                ],
            ) {
                heading.push((
                    lang,
                    compile(format!(
                        r"{LEAD}(?:{OPEN}\s*)?(?:{alt})\s*(?:{CLOSE})?\s*[:：.]?[\s*_#]*$"
                    ))?,
                ));
            }
        }
        let end_alt = alternation(
            dict.markers
                .iter()
                .filter(|m| m.place == MarkerPlace::End)
                .map(|m| m.marker.as_str()),
        )
        .unwrap_or_else(|| r"[^\s\S]".to_owned());
        let end = compile(format!(
            r"(?i)(?P<pre>[。.!?！？;；)）]\s*|\s+|^){OPEN}?\s*(?:{end_alt})\s*(?:{CLOSE})?\s*(?P<colon>[:：])?"
        ))?;
        let mut needles: Vec<String> = dict
            .markers
            .iter()
            .filter(|m| m.place != MarkerPlace::End)
            .map(|m| needle(&m.marker))
            .filter(|n| !n.is_empty())
            .collect();
        needles.sort();
        needles.dedup();
        Ok(Markers {
            start,
            inline,
            heading,
            end,
            needles,
        })
    }

    /// The marker on `text[line]`, if the line has one.
    pub fn find(&self, text: &str, line: Range<usize>) -> Option<Marker> {
        self.find_in(text, line.clone(), line.end)
    }

    /// The marker on the first line of a paragraph that runs on to `end` (a hard-wrapped one):
    /// the text after the marker may continue on the next lines.
    pub fn find_in(&self, text: &str, line: Range<usize>, end: usize) -> Option<Marker> {
        let s = &text[line.clone()];
        // A long line is a marker line only by its start or by a glued marker near it: an
        // author and affiliation line before a glued marker is a few hundred characters.
        let head = &s[..crate::text::floor_char_boundary(s, 2000)];
        if !self.needles.iter().any(|n| head.contains(n.as_str())) {
            return None;
        }
        for (lang, re) in &self.heading {
            if head.len() == s.len() && re.is_match(s) {
                return Some(Marker {
                    lang: *lang,
                    range: line.clone(),
                    text_start: None,
                    glued: false,
                });
            }
        }
        for (lang, re) in &self.start {
            let Some(c) = re.captures(head) else { continue };
            let (Some(m), Some(all)) = (c.name("m"), c.get(0)) else {
                continue;
            };
            let closed = c.name("close").is_some() || c.name("colon").is_some();
            let next = s[all.end()..].chars().next();
            // "Abstracts", "Summary statistics": a Latin marker runs on into a word.
            if *lang == Lang::En && !closed && next.is_some_and(|c| c.is_lowercase()) {
                continue;
            }
            if m.as_str().chars().all(|c| c.is_ascii_alphabetic()) && !closed {
                // "Abstract The …", "AbstractWinter wheat …", "ABSTRACT Betalains …".
                if next.is_some_and(|c| !(c.is_whitespace() || c.is_uppercase())) {
                    continue;
                }
            }
            return Some(self.marker_at(
                text,
                &line,
                *lang,
                line.start..line.start + all.end(),
                false,
            ));
        }
        for (lang, re) in &self.inline {
            for c in re.captures_iter(head) {
                let Some(all) = c.get(0) else { continue };
                // "subAbstract:" is not a marker; "大学Abstract:", ")Abstract:" and
                // "…edu.cn【摘要】" are.
                let bracketed = all.as_str().starts_with(['【', '[', '［', '〔', '(', '（']);
                if !bracketed
                    && *lang == Lang::En
                    && s[..all.start()]
                        .chars()
                        .next_back()
                        .is_some_and(|p| p.is_ascii_alphabetic())
                {
                    continue;
                }
                let marker = self.marker_at(
                    text,
                    &(line.start..end),
                    *lang,
                    line.start + all.start()..line.start + all.end(),
                    true,
                );
                // Glued markers only count with text after them.
                if marker.text_start.is_some() {
                    return Some(marker);
                }
            }
        }
        None
    }

    fn marker_at(
        &self,
        text: &str,
        line: &Range<usize>,
        lang: Lang,
        range: Range<usize>,
        glued: bool,
    ) -> Marker {
        let rest = &text[range.end..line.end];
        let skipped = rest.len() - rest.trim_start().len();
        let letters = rest.chars().filter(|c| c.is_alphabetic()).take(10).count();
        Marker {
            lang,
            range: range.clone(),
            text_start: (letters >= 10).then_some(range.end + skipped),
            glued,
        }
    }

    /// Where keywords glued after the last sentence of `text[range]` start, if they do.
    pub fn keywords_cut(&self, text: &str, range: Range<usize>) -> Option<usize> {
        let s = &text[range.clone()];
        for c in self.end.captures_iter(s) {
            let (Some(all), Some(pre)) = (c.get(0), c.name("pre")) else {
                continue;
            };
            let at = all.start() + pre.as_str().len();
            if at == 0 {
                // A keywords line is a line of its own, not text to cut.
                continue;
            }
            let after = &s[all.end()..];
            // "Keywords" inside a sentence runs on into a word ("keywordsearch").
            if after.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                && c.name("colon").is_none()
            {
                continue;
            }
            let list_like = after.chars().count() < 200
                && !after.contains('。')
                && !after.contains(". ")
                && (after.contains(['；', ';', '，', ',']) || after.chars().count() < 40);
            if c.name("colon").is_some() || list_like {
                return Some(range.start + at);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn markers() -> Markers {
        Markers::new(&Dictionaries::builtin().unwrap()).unwrap()
    }

    fn find(line: &str) -> Option<(Lang, Option<String>, bool)> {
        markers().find(line, 0..line.len()).map(|m| {
            (
                m.lang,
                m.text_start.map(|s| line[s..].chars().take(4).collect()),
                m.glued,
            )
        })
    }

    #[test]
    fn markers_at_the_start_of_a_line() {
        assert_eq!(
            find("摘要：本文提出一种离散域下设计交流电机电流调节器的方法"),
            Some((Lang::Zh, Some("本文提出".into()), false))
        );
        assert_eq!(
            find("【摘要】传统的二维设计方式与施工管理办法已经无法满足日益复杂的需求"),
            Some((Lang::Zh, Some("传统的二".into()), false))
        );
        assert_eq!(
            find("摘 要探究不同心智活动下的神经表征差异，是认知神经科学关注的核心问题"),
            Some((Lang::Zh, Some("探究不同".into()), false))
        );
        assert_eq!(
            find("4摘要 现代化海洋牧场建设是我国近海生态环境保护和海洋渔业健康发展的重要抓手"),
            Some((Lang::Zh, Some("现代化海".into()), false))
        );
        assert_eq!(
            find("摘要;研究了分根交替供水条件下不同施氮量对玉米生长的影响和机理"),
            Some((Lang::Zh, Some("研究了分".into()), false))
        );
        assert_eq!(
            find("Abstract: The Antarctic Plateau has unique astronomical observation conditions."),
            Some((Lang::En, Some("The ".into()), false))
        );
        assert_eq!(
            find("AbstractThe elephantimorph proboscideans are deeply involved with each other"),
            Some((Lang::En, Some("The ".into()), false))
        );
        assert_eq!(
            find("ABSTRACT Betalains is a kind of botanical water-soluble natural pigment"),
            Some((Lang::En, Some("Beta".into()), false))
        );
        assert_eq!(
            find("【Abstract】Background AIDS is a very dangerous infectious disease."),
            Some((Lang::En, Some("Back".into()), false))
        );
    }

    #[test]
    fn markers_as_headings() {
        for line in [
            "# Abstract",
            "Abstract:",
            "ABSTRACT",
            "# 摘要：",
            "摘 要",
            "Summary",
            "【摘要】",
            "英文摘要",
        ] {
            let found = find(line);
            assert!(
                found.as_ref().is_some_and(|f| f.1.is_none()),
                "{line}: {found:?}"
            );
        }
        assert_eq!(find("英文摘要").map(|f| f.0), Some(Lang::En));
    }

    #[test]
    fn markers_glued_after_authors_and_affiliations() {
        assert_eq!(
            find("陈悦熙广州市第十二人民医院放射科，广东广州510620摘要：目的 分析弥漫性泛细支气管炎的多层螺旋CT表现"),
            Some((Lang::Zh, Some("目的 分".into()), true))
        );
        assert_eq!(
            find("赵虹琳，李巧梅\\*甘肃省兰州市城关区兰州大学医学校区，730000【摘要】背景艾滋病作为一种极具危害性的传染病"),
            Some((Lang::Zh, Some("背景艾滋".into()), true))
        );
        assert_eq!(
            find("(Department of Radiology, Guangzhou 510620, China) Abstract: Objective To analyze the features"),
            Some((Lang::En, Some("Obje".into()), true))
        );
    }

    #[test]
    fn words_inside_sentences_are_not_markers() {
        for line in [
            "Abstracts of the meeting were collected from the proceedings of three societies.",
            "Summary statistics were computed for every site and every year of the study.",
            "[1] Wolf R.Abstract of his latest result on sunspots. Monthly Notices, 1859.",
            "本文对摘要的自动生成方法进行了研究，提出了一种新的模型。",
            "abstract concepts are hard to learn for children in the first years of school",
        ] {
            assert_eq!(find(line), None, "{line}");
        }
    }

    #[test]
    fn keywords_glued_after_the_last_sentence_are_cut() {
        let m = markers();
        fn after(s: &str, at: Option<usize>) -> Option<&str> {
            at.map(|i| &s[i..])
        }
        let cut = |s: &'static str| after(s, m.keywords_cut(s, 0..s.len()));
        assert_eq!(
            cut("值得推广和应用。关键词：直肠脱垂;吻合器痔上黏膜环切术")
                .map(|s| s.chars().take(3).collect::<String>()),
            Some("关键词".into())
        );
        assert!(
            cut("需要未来研究进一步检验和发展。关键词社会不平等，系统合理信念，自利动机").is_some()
        );
        assert!(cut(
            "of paediatric patients's families. Key words: intensive care unit; stressors"
        )
        .is_some());
        assert!(
            cut("should be further strengthened。 【Key words】 AIDS; Incidence;Mortality")
                .is_some()
        );
        // Keyword extraction as the subject of a sentence is not a keywords line.
        assert_eq!(
            cut("本文研究自动标引。关键词提取是信息检索的基础，我们提出了新的方法。然后验证。"),
            None
        );
        assert_eq!(
            cut("We rank the keywords by their weight in the corpus."),
            None
        );
    }
}
