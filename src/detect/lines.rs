//! One line of a page, classified: its language and its role (abstract text, a label, keywords,
//! metadata, an author list …), with the reason.

use super::language::{script_lang, BlockLang, LanguageId};
use crate::dictionaries::{Dictionaries, LineRole};
use crate::lang::{Lang, ScriptCounts};
use crate::sections;
use regex::Regex;
use serde::Serialize;
use std::ops::Range;
use std::sync::LazyLock;

/// What a line (or a block of lines) is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    Abstract,
    Title,
    /// Prose that is not an abstract: body paragraphs, journal blurbs.
    Prose,
    SectionLabel,
    Heading,
    Keywords,
    Metadata,
    Citation,
    Boilerplate,
    MtNotice,
    /// The heading of the body after the abstracts (`# 1 Introduction`, `0 引言`).
    BodyHeading,
    /// Author names or an affiliation.
    Author,
    Short,
}

/// One classified line.
#[derive(Debug, Clone)]
pub struct Line {
    pub range: Range<usize>,
    /// 1-based numbers of its first and last line in the text.
    pub line: usize,
    pub last_line: usize,
    pub lang: BlockLang,
    pub role: Role,
    pub reason: String,
    /// The line starts with a markdown heading mark (`# 1 Introduction`).
    pub markdown_heading: bool,
}

impl Line {
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.range.clone()]
    }
}

/// A paragraph of the page: one line, or the lines of a hard-wrapped paragraph joined.
#[derive(Debug, Clone)]
pub struct Unit {
    /// 1-based numbers of its first and last line.
    pub first: usize,
    pub last: usize,
    pub range: Range<usize>,
    /// The first line alone (markers are read on it).
    pub first_line: Range<usize>,
}

/// Columns a line takes in a monospace rendering: Han and other wide characters count two.
fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            if crate::lang::is_han(c)
                || ('\u{3000}'..='\u{303F}').contains(&c)
                || ('\u{FF00}'..='\u{FF60}').contains(&c)
            {
                2
            } else {
                1
            }
        })
        .sum()
}

/// The width a page was hard-wrapped at, if it was: most lines of some length fill it.
fn wrap_width(widths: &[usize]) -> Option<usize> {
    let mut long: Vec<usize> = widths.iter().copied().filter(|&w| w >= 20).collect();
    if long.len() < 10 {
        return None;
    }
    long.sort_unstable();
    let width = long[long.len() * 9 / 10];
    let full = long
        .iter()
        .filter(|&&w| w * 100 >= width * 80 && w * 100 <= width * 105)
        .count();
    (width >= 30 && full >= 8 && full * 5 >= long.len() * 2).then_some(width)
}

/// The paragraphs of a page. On a hard-wrapped page (PDF text) a line that fills the wrap width
/// runs on into the next, unless the next starts something of its own (`starts_unit`: a marker,
/// a keywords or metadata line, a heading, a label) or switches script; elsewhere each line is
/// its own paragraph. `starts_marker` tells the lines an abstract marker opens.
pub fn units(
    text: &str,
    starts_unit: impl Fn(&Range<usize>) -> bool,
    starts_marker: impl Fn(&Range<usize>) -> bool,
) -> Vec<Unit> {
    let all: Vec<(usize, Range<usize>)> = lines_of(text).collect();
    let widths: Vec<usize> = all
        .iter()
        .map(|(_, r)| display_width(text[r.clone()].trim()))
        .collect();
    let wrap = wrap_width(&widths);
    let zh = |r: &Range<usize>| {
        let c = ScriptCounts::of(&text[r.clone()]);
        c.han * 2 >= c.latin
    };
    let mut out: Vec<Unit> = Vec::new();
    let mut prev: Option<usize> = None;
    for (k, (n, r)) in all.iter().enumerate() {
        if text[r.clone()].trim().is_empty() {
            prev = None;
            continue;
        }
        let joins = match (wrap, prev, out.last()) {
            (Some(width), Some(p), Some(_)) if widths[p] * 100 >= width * 75 => {
                // Mid-sentence, only a marker or a heading stops the paragraph ("references
                // for the development …" goes on); after a full stop, anything of its own does.
                let line = text[r.clone()].trim();
                if ends_sentence(&text[all[p].1.clone()]) {
                    !starts_unit(r) && zh(&all[p].1) == zh(r)
                } else {
                    !line.starts_with('#') && !starts_marker(r)
                }
            }
            _ => false,
        };
        match out.last_mut() {
            Some(u) if joins => {
                u.last = *n;
                u.range.end = r.end;
            }
            _ => out.push(Unit {
                first: *n,
                last: *n,
                range: r.clone(),
                first_line: r.clone(),
            }),
        }
        prev = Some(k);
    }
    out
}

/// Line ranges (line ending excluded) with their 1-based numbers.
pub fn lines_of(text: &str) -> impl Iterator<Item = (usize, Range<usize>)> + '_ {
    let mut start = 0;
    text.split_inclusive('\n').enumerate().map(move |(i, raw)| {
        let range = start..start + raw.trim_end_matches(['\n', '\r']).len();
        start += raw.len();
        (i + 1, range)
    })
}

/// Count sentence ends, to tell prose from lists of words.
pub fn sentence_ends(text: &str) -> usize {
    let mut n = 0;
    let (mut prev2, mut prev) = (' ', ' ');
    for c in text.chars() {
        // PDF text glues sentences: "was proposed.Inthe process" ends one too.
        let glued =
            prev == '.' && (prev2.is_lowercase() || prev2.is_ascii_digit()) && c.is_uppercase();
        if matches!(c, '。' | '！' | '？')
            || (matches!(prev, '.' | '?' | '!') && c.is_whitespace())
            || glued
        {
            n += 1;
        }
        prev2 = prev;
        prev = c;
    }
    if matches!(prev, '.' | '?' | '!') {
        n += 1;
    }
    n
}

/// Does the text end a sentence (so a line after it starts a new paragraph, not a hard wrap)?
pub fn ends_sentence(text: &str) -> bool {
    let t = text
        .trim_end()
        .trim_end_matches(['*', '_', '"', '\'', '”', '’', '」', '』']);
    t.ends_with(['.', '。', '!', '！', '?', '？', ')', '）', ']', '】'])
}

static DOI: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\b10\.\d{4,9}/[^\s"'<>\]\[]+"#).expect("valid DOI regex"));
// "1. Dahlgren G, Whitehead M. …", "Alderwick H, Hutchings A, Mays N. Cross-sector …"
static REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d+\.\s+)?\p{Lu}[\p{L}'-]+(\s\p{Lu}[\p{L}'-]+)?\s\p{Lu}{1,3}(,\s\p{Lu}[\p{L}'-]+(\s\p{Lu}[\p{L}'-]+)?\s\p{Lu}{1,3})*(\.|,\s*et al)")
        .expect("valid reference regex")
});
// "[12] 刘佳,李莹莹.国内外…[J].资源开发…", "[4」李刚…［J」", "Zhao,X.,&Jia,L.(2018).Title.Journal"
static NUMBERED_REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[\[［【]\s*\d{1,3}\s*[\]］】」]|\d{1,3}\s*[.．、]\s*\p{Lu}[\p{L}-]+,\s*\p{Lu})|[\[［]\s*[JMCDNRSPZ]\s*[\]］」]|\(\s*(?:19|20)\d\d[a-z]?\s*\)\s*\.")
        .expect("valid numbered reference regex")
});
// Chinese author lists: names of two to four characters with affiliation marks, separated by
// commas or spaces ("王宇1,3,4，辛玉新1,3,4，姜鹏²", "刘亚军，陈得宝，邹锋，李峥").
static ZH_AUTHORS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\p{Han}{2,4}[\s\d,*\\¹²³⁴⁵⁶⁷⁸⁹⁰'’」′†]*[，,\s　]\s*){2,}\p{Han}{2,4}")
        .expect("valid author regex")
});
// "1 Introduction", "0引言", "2.1 Data", "一、研究背景", "第二章 方法".
static NUMBERED_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[一二三四五六七八九十]{1,3}、|第[一二三四五六七八九十\d]{1,3}[章节])\s*[\p{L}\p{Han}]")
        .expect("valid heading regex")
});
// English author lists: "LI Ming1,2, WANG Fang1, ZHAO Qiang2*", "Wang Yu, Li Bo and Zhou Min".
static EN_AUTHORS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’.-]*){1,2}[\s\d,*\\†‡¹²³⁴⁵⁶⁷⁸⁹⁰$^{}]*(?:,|;|，|\sand\s)\s*){2,}\p{Lu}")
        .expect("valid author regex")
});
// A Chinese postcode or an English one after a city: "上海 201306", "Hangzhou 310058".
static POSTCODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|\D)\d{6}(?:\D|$)").expect("valid postcode regex"));

/// Compile the line patterns now (several milliseconds, mostly their Unicode classes) rather
/// than on the first page that needs them.
pub fn warm_up() {
    for pattern in [
        &DOI,
        &REFERENCE,
        &NUMBERED_REFERENCE,
        &ZH_AUTHORS,
        &NUMBERED_HEADING,
        &EN_AUTHORS,
        &POSTCODE,
    ] {
        LazyLock::force(pattern);
    }
}

/// The first DOI in `text`, trailing punctuation removed.
pub fn first_doi(text: &str) -> Option<String> {
    DOI.find(text).map(|m| {
        m.as_str()
            .trim_end_matches(['.', ',', ';', ')', '"', '\''])
            .to_owned()
    })
}

/// Is the line an author list or an affiliation? Affiliations start with a bracket or an
/// affiliation number, or hold a postcode, and name an institution; author lists are names with
/// affiliation marks.
fn author_or_affiliation(s: &str, dict: &Dictionaries) -> Option<&'static str> {
    if s.len() > 1600 || s.chars().count() > 400 {
        return None;
    }
    let start = s.trim_start_matches(['#', ' ', '*']);
    let opens = start.starts_with(['(', '（'])
        || start
            .trim_start_matches(|c: char| c.is_ascii_digit() || "¹²³⁴⁵⁶⁷⁸⁹⁰".contains(c))
            .len()
            < start.len();
    if opens || POSTCODE.is_match(start) {
        let lower = start.to_lowercase();
        if dict
            .affiliation_words
            .iter()
            .any(|w| lower.contains(w.as_str()))
        {
            return Some("affiliation");
        }
    }
    if (ZH_AUTHORS.is_match(start) || EN_AUTHORS.is_match(start)) && sentence_ends(start) == 0 {
        return Some("author list");
    }
    None
}

/// Classify a paragraph (one line, or hard-wrapped lines joined).
pub fn classify_line(
    text: &str,
    range: Range<usize>,
    (line, last_line): (usize, usize),
    dict: &Dictionaries,
    id: &LanguageId,
) -> Line {
    let raw = &text[range.clone()];
    let s = raw.trim();
    let markdown_heading = s.starts_with('#');
    let mk = |lang, role, reason: &str| Line {
        range: range.clone(),
        line,
        last_line,
        lang,
        role,
        reason: reason.to_owned(),
        markdown_heading,
    };
    let bare = s
        .trim_matches(sections::MARKUP)
        .trim()
        .trim_end_matches([':', '：', '.'])
        .trim_end_matches(sections::MARKUP);
    let label = (bare.len() <= super::MAX_LABEL_LINE_BYTES)
        .then(|| {
            [Lang::En, Lang::Zh]
                .into_iter()
                .find(|&lang| sections::resolve_label(dict, lang, bare).is_some())
        })
        .flatten();
    if let Some(role) = dict.page_line_role(s) {
        // "Introduction" alone on a line is a label inside an abstract; as a markdown heading
        // it opens the body.
        if let (LineRole::BodyHeading, Some(lang), false) = (role, label, markdown_heading) {
            return mk(
                BlockLang::of(lang),
                Role::SectionLabel,
                "section label alone on its line",
            );
        }
        // The language of a boilerplate line is only shown, never used: the script decides.
        let (lang, _) = script_lang(&ScriptCounts::of(s));
        let (role, reason) = match role {
            LineRole::MtNotice => (Role::MtNotice, "machine-translation notice"),
            LineRole::Boilerplate => (
                Role::Boilerplate,
                "site boilerplate (dictionaries/page_lines.tsv)",
            ),
            LineRole::Keywords => (Role::Keywords, "keyword or MeSH line"),
            LineRole::Metadata => (
                Role::Metadata,
                "metadata line: classification, DOI, dates, funding or citation",
            ),
            LineRole::Heading => (Role::Heading, "abstract heading"),
            LineRole::BodyHeading => (Role::BodyHeading, "heading of the body"),
        };
        return mk(lang, role, reason);
    }
    if (s.starts_with('{') && s.ends_with('}'))
        || (s.starts_with('[') && s.ends_with(']') && s.len() > 40)
    {
        return mk(BlockLang::None, Role::Metadata, "JSON data");
    }
    if s.contains("PMID") || REFERENCE.is_match(s) || NUMBERED_REFERENCE.is_match(s) {
        let (lang, _) = script_lang(&ScriptCounts::of(s));
        return mk(lang, Role::Citation, "citation or reference");
    }
    if let Some(lang) = label {
        return mk(
            BlockLang::of(lang),
            Role::SectionLabel,
            "section label alone on its line",
        );
    }
    if let Some(why) = author_or_affiliation(s, dict) {
        let (lang, _) = script_lang(&ScriptCounts::of(s));
        return mk(lang, Role::Author, why);
    }
    if NUMBERED_HEADING.is_match(bare) && bare.chars().count() <= 40 && sentence_ends(bare) == 0 {
        let (lang, _) = script_lang(&ScriptCounts::of(s));
        return mk(lang, Role::BodyHeading, "numbered heading of the body");
    }
    let counts = ScriptCounts::of(s);
    // The statistical model is the costly part: only prose-shaped Latin lines need it.
    let latin_prose = {
        let words = s.split_whitespace().count();
        let lower = s.chars().filter(|c| c.is_lowercase()).count();
        // Names, affiliations and title-case lists capitalize most words; prose does not.
        let capitalized = s
            .split_whitespace()
            .filter(|w| w.starts_with(|c: char| c.is_uppercase()))
            .count();
        // PDF text glues words ("Theelectron-pairingmechanism"): count the letters too.
        let long_enough = words >= 8 || (counts.latin >= 200 && words >= 3);
        long_enough
            && lower * 2 >= counts.latin
            && (capitalized * 2 <= words || counts.latin >= 200 && lower * 10 >= counts.latin * 7)
            && (sentence_ends(s) > 0 || words >= 25 || counts.latin >= 200)
    };
    let (lang, why) = if counts.han >= 2 || counts.kana > 0 || counts.hangul > 0 || latin_prose {
        id.identify(s)
    } else if counts.latin >= 2 {
        (BlockLang::En, "Latin letters")
    } else {
        (BlockLang::None, "no letters")
    };
    let prose = match lang {
        BlockLang::Zh => {
            counts.han >= 30 || (counts.han >= 10 && s.contains(['。', '，', ',', '；', '：', ':']))
        }
        BlockLang::En | BlockLang::Other => latin_prose,
        BlockLang::None => false,
    };
    if prose {
        mk(lang, Role::Prose, why)
    } else {
        mk(lang, Role::Short, "too short for abstract text")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(line: &str) -> Role {
        let dict = Dictionaries::builtin().unwrap();
        classify_line(line, 0..line.len(), (1, 1), &dict, &LanguageId::new()).role
    }

    #[test]
    fn references_and_json_are_not_abstracts() {
        let r = "1. Dahlgren G, Whitehead M. Policies and strategies to promote social equity in health. Sweden; 1991.";
        assert_eq!(role(r), Role::Citation);
        let j = r#"{"title":"From policy to action","abstract":"<p>Objectives: This analysis aimed to explore.</p>"}"#;
        assert_eq!(role(j), Role::Metadata);
        assert_eq!(
            role("[12] 王明,李华.基于深度学习的图像识别方法研究[J].计算机学报,2019,42(3):1-10."),
            Role::Citation
        );
        assert_eq!(
            role("Zhang,Y.,&Li,H.(2018).Training effects of control in children and adults.Psychology,12,1-9."),
            Role::Citation
        );
    }

    #[test]
    fn classification_dates_funding_and_citation_lines_are_metadata() {
        for line in [
            "中图分类号：TP391.41 文献标识码：A 文章编号：1001-3695(2018)06-0001-05",
            "文献标志码：A",
            "收稿日期：2016-03-28；修回日期：2016-05-02",
            "基金项目：国家自然科学基金资助项目（41471234）",
            "引用格式：张三，李四. 一种方法[J]. 计算机应用，2020，40(1)：1-5.",
            "Cite this article: Zhang S, Li S. A method. J Comput Appl, 2020, 40(1): 1-5.",
            "CLC number: TP391 Document code: A",
            "DOI 10.16418/j.issn.1000-3045.2018.07.010",
            "Received 10 July 2015; revised 29 November 2015; accepted 24 December 2015.",
            "PACS: 98.62.Sb",
            "通讯作者：王五，教授，E-mail: wang@example.edu.cn",
        ] {
            assert_eq!(role(line), Role::Metadata, "{line}");
        }
    }

    #[test]
    fn keyword_lines_in_every_form() {
        for line in [
            "关键词：番茄；叶霉病；高光谱",
            "【关键词】BIM技术；有限元分析",
            "关健词：产程;改变体位",
            "Key words: duration of labor; body position change",
            "KEYWORDS cryo-electron microscopy, single particle analysis",
            "Index Terms—deep learning, image retrieval",
        ] {
            assert_eq!(role(line), Role::Keywords, "{line}");
        }
    }

    #[test]
    fn authors_and_affiliations_are_cut() {
        for line in [
            "王宇1,3,4，辛玉新1,3,4，姜鹏²，杨勇³，伦宝利1,5",
            "刘亚军，陈得宝，邹锋，李峥，王苏霞",
            "(上海海事大学 信息工程学院，上海 201306)",
            "（1.南京农业大学无锡渔业学院，无锡 214081；2.中国水产科学研究院淡水渔业研究中心，无锡 214081）",
            "2 中国科学院大学 北京 100049",
            "(1.College of Environment and Resources, Zhejiang University, Hangzhou 310058, China)",
            "LI Ming1,2, WANG Fang1, ZHAO Qiang2\\*",
            "Zhang Yongchang, Xia Bo and Bai Yuning",
        ] {
            assert_eq!(role(line), Role::Author, "{line}");
        }
        // Prose that names a university is still prose.
        assert_eq!(
            role(
                "本研究在北京大学第一医院进行，共纳入患者120例，随访时间为两年，结果表明治疗有效。"
            ),
            Role::Prose
        );
    }
}
