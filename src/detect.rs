//! Find the English and Chinese abstracts in a page: split it into lines, classify each line
//! (language and role, with the reason), group abstract text into blocks, and pair each Chinese
//! abstract with the English one it translates.

use crate::dictionaries::{Dictionaries, LineRole};
use crate::lang::{Lang, ScriptCounts};
use crate::sections;
use lingua::{Language, LanguageDetector, LanguageDetectorBuilder};
use regex::Regex;
use serde::Serialize;
use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

const FUNCTION_WORDS: &str = include_str!("../dictionaries/english_function_words.txt");

/// The language of a line, as far as bitext cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BlockLang {
    En,
    Zh,
    /// Japanese (kana), Korean (Hangul), or a Latin-script language other than English.
    Other,
    /// Too little text to tell.
    None,
}

impl BlockLang {
    pub fn as_lang(self) -> Option<Lang> {
        match self {
            BlockLang::En => Some(Lang::En),
            BlockLang::Zh => Some(Lang::Zh),
            _ => None,
        }
    }
}

/// What a line (or a block of lines) is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    Abstract,
    Title,
    /// Prose that is not an abstract (too short, no labels): journal blurbs, affiliations.
    Prose,
    SectionLabel,
    Heading,
    Keywords,
    Metadata,
    Citation,
    Boilerplate,
    MtNotice,
    Short,
}

/// A run of lines with one language and role.
#[derive(Debug, Clone, Serialize)]
pub struct Block {
    #[serde(skip)]
    pub range: Range<usize>,
    pub start_line: usize,
    pub end_line: usize,
    pub lang: BlockLang,
    pub role: Role,
    pub reason: String,
}

/// An abstract on one side: its text range and, if found, its title line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AbstractText {
    pub lang: Lang,
    pub range: Range<usize>,
    pub title: Option<Range<usize>>,
}

/// An English abstract and its Chinese translation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AbstractPair {
    pub en: AbstractText,
    pub zh: AbstractText,
}

#[derive(Debug, Clone)]
pub struct Detection {
    pub blocks: Vec<Block>,
    pub pairs: Vec<AbstractPair>,
    /// Abstracts with no counterpart on the other side.
    pub unpaired: Vec<AbstractText>,
    /// The page says its Chinese is a machine translation.
    pub machine_translated: bool,
    /// The first DOI on the page.
    pub doi: Option<String>,
}

/// Language identification: script statistics first, then English function words, then lingua
/// (only for Latin text the cheap tests leave open).
pub struct LanguageId {
    lingua: LanguageDetector,
    function_words: HashSet<&'static str>,
}

impl Default for LanguageId {
    fn default() -> Self {
        Self::new()
    }
}

impl LanguageId {
    pub fn new() -> LanguageId {
        // French, German and Spanish are compiled in only so that "not English" can be said.
        let lingua = LanguageDetectorBuilder::from_languages(&[
            Language::English,
            Language::Chinese,
            Language::French,
            Language::German,
            Language::Spanish,
        ])
        .with_low_accuracy_mode()
        .build();
        let function_words = FUNCTION_WORDS
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        LanguageId {
            lingua,
            function_words,
        }
    }

    /// The language of `text`, with the reason.
    pub fn identify(&self, text: &str) -> (BlockLang, &'static str) {
        let counts = ScriptCounts::of(text);
        match script_lang(&counts) {
            (BlockLang::En, _) => {}
            decided => return decided,
        }
        let words: Vec<String> = text
            .split(|c: char| !c.is_alphabetic() && c != '\'')
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        let function = words
            .iter()
            .filter(|w| self.function_words.contains(w.as_str()))
            .count();
        if words.len() >= 6 && function * 100 >= words.len() * 15 {
            return (BlockLang::En, "English function words");
        }
        if words.len() < 6 {
            return (BlockLang::En, "Latin letters");
        }
        // A few hundred characters decide the language; the rest only costs time.
        let sample = &text[..crate::text::floor_char_boundary(text, 400)];
        match self.lingua.detect_language_of(sample) {
            Some(Language::English) => (BlockLang::En, "language model: English"),
            Some(_) => (BlockLang::Other, "language model: not English"),
            None => (BlockLang::En, "Latin letters"),
        }
    }
}

/// The language as far as scripts tell: kana, Hangul, Han, else Latin taken as English (which
/// [`LanguageId::identify`] then checks).
fn script_lang(counts: &ScriptCounts) -> (BlockLang, &'static str) {
    if counts.kana > 0 && counts.kana * 10 >= counts.han {
        return (BlockLang::Other, "kana: Japanese");
    }
    if counts.hangul > counts.han && counts.hangul > counts.latin / 4 {
        return (BlockLang::Other, "Hangul: Korean");
    }
    // A Han character carries about a word; Latin words average five letters.
    if counts.han >= 2 && counts.han * 5 >= counts.latin {
        return (BlockLang::Zh, "Han characters");
    }
    if counts.latin < 2 {
        return (BlockLang::None, "no letters");
    }
    (BlockLang::En, "Latin letters")
}

static DOI: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\b10\.\d{4,9}/[^\s"'<>\]\[]+"#).expect("valid DOI regex"));
// "1. Dahlgren G, Whitehead M. …", "Alderwick H, Hutchings A, Mays N. Cross-sector …"
static REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d+\.\s+)?\p{Lu}[\p{L}'-]+(\s\p{Lu}[\p{L}'-]+)?\s\p{Lu}{1,3}(,\s\p{Lu}[\p{L}'-]+(\s\p{Lu}[\p{L}'-]+)?\s\p{Lu}{1,3})*(\.|,\s*et al)")
        .expect("valid reference regex")
});

/// The first DOI in `text`, trailing punctuation removed.
pub fn first_doi(text: &str) -> Option<String> {
    DOI.find(text).map(|m| {
        m.as_str()
            .trim_end_matches(['.', ',', ';', ')', '"', '\''])
            .to_owned()
    })
}

/// One classified line.
#[derive(Debug, Clone)]
struct Line {
    range: Range<usize>,
    line: usize,
    lang: BlockLang,
    role: Role,
    reason: String,
}

fn lines_of(text: &str) -> impl Iterator<Item = (usize, Range<usize>)> + '_ {
    let mut start = 0;
    text.split_inclusive('\n').enumerate().map(move |(i, raw)| {
        let range = start..start + raw.trim_end_matches(['\n', '\r']).len();
        start += raw.len();
        (i + 1, range)
    })
}

/// Count sentence ends, to tell prose from lists of words.
fn sentence_ends(text: &str) -> usize {
    let mut n = 0;
    let mut prev = ' ';
    for c in text.chars() {
        if matches!(c, '。' | '！' | '？') || (matches!(prev, '.' | '?' | '!') && c.is_whitespace())
        {
            n += 1;
        }
        prev = c;
    }
    if matches!(prev, '.' | '?' | '!') {
        n += 1;
    }
    n
}

fn classify_line(
    text: &str,
    range: Range<usize>,
    line: usize,
    dict: &Dictionaries,
    id: &LanguageId,
) -> Line {
    let s = text[range.clone()].trim();
    let mk = |lang, role, reason: &str| Line {
        range: range.clone(),
        line,
        lang,
        role,
        reason: reason.to_owned(),
    };
    if let Some(role) = dict.page_line_role(s) {
        // The language of a boilerplate line is only shown, never used: the script decides.
        let (lang, _) = script_lang(&ScriptCounts::of(s));
        let (role, reason) = match role {
            LineRole::MtNotice => (Role::MtNotice, "machine-translation notice"),
            LineRole::Boilerplate => (
                Role::Boilerplate,
                "site boilerplate (dictionaries/page_lines.tsv)",
            ),
            LineRole::Keywords => (Role::Keywords, "keyword or MeSH line"),
            LineRole::Metadata => (Role::Metadata, "metadata line"),
            LineRole::Heading => (Role::Heading, "abstract heading"),
        };
        return mk(lang, role, reason);
    }
    if (s.starts_with('{') && s.ends_with('}'))
        || (s.starts_with('[') && s.ends_with(']') && s.len() > 40)
    {
        return mk(BlockLang::None, Role::Metadata, "JSON data");
    }
    if s.contains("PMID") || REFERENCE.is_match(s) {
        return mk(BlockLang::En, Role::Citation, "citation or reference");
    }
    let bare = s
        .trim_matches(sections::MARKUP)
        .trim()
        .trim_end_matches([':', '：', '.'])
        .trim_end_matches(sections::MARKUP);
    for lang in [Lang::En, Lang::Zh] {
        if sections::resolve_label(dict, lang, bare).is_some() {
            let block_lang = if lang == Lang::En {
                BlockLang::En
            } else {
                BlockLang::Zh
            };
            return mk(
                block_lang,
                Role::SectionLabel,
                "section label alone on its line",
            );
        }
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
        words >= 8
            && lower * 2 >= counts.latin
            && capitalized * 2 <= words
            && (sentence_ends(s) > 0 || words >= 25)
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

/// Lines of one language that may form an abstract, blank lines allowed between them.
#[derive(Debug)]
struct Group {
    lang: Lang,
    lines: Vec<usize>,
}

/// Find the blocks and abstract pairs of a page.
pub fn detect(text: &str, dict: &Dictionaries, id: &LanguageId) -> Detection {
    let mut lines: Vec<Line> = lines_of(text)
        .filter(|(_, r)| !text[r.clone()].trim().is_empty())
        .map(|(n, r)| classify_line(text, r, n, dict, id))
        .collect();

    let mut groups: Vec<Group> = Vec::new();
    let mut current: Option<Group> = None;
    for (i, line) in lines.iter().enumerate() {
        let lang = match line.role {
            Role::Prose | Role::SectionLabel => line.lang.as_lang(),
            _ => None,
        };
        match (lang, current.as_mut()) {
            (Some(l), Some(g)) if g.lang == l => g.lines.push(i),
            (Some(l), _) => {
                groups.extend(current.take());
                current = Some(Group {
                    lang: l,
                    lines: vec![i],
                });
            }
            (None, _) => groups.extend(current.take()),
        }
    }
    groups.extend(current.take());

    let mut abstracts = Vec::new();
    let mut title_candidates: Vec<(Lang, usize)> = Vec::new();
    for group in &groups {
        let labels_at: Vec<bool> = group
            .lines
            .iter()
            .map(|&i| {
                let l = &lines[i];
                let secs = sections::find_sections(text, l.range.clone(), group.lang, dict);
                secs.first().is_some_and(|s| s.label.is_some())
            })
            .collect();
        let mut first = 0;
        // A one-sentence line right before a labeled line is the abstract's title.
        let mut title = None;
        if group.lines.len() >= 2 && !labels_at[0] && labels_at[1] {
            let l = &lines[group.lines[0]];
            if sentence_ends(&text[l.range.clone()]) <= 1 {
                title = Some(group.lines[0]);
                first = 1;
            }
        }
        let body = &group.lines[first..];
        let start = lines[body[0]].range.start;
        let end = lines[body[body.len() - 1]].range.end;
        let content = &text[start..end];
        let counts = ScriptCounts::of(content);
        let has_label = labels_at[first..].iter().any(|&b| b)
            || sections::is_labeled(&sections::find_sections(text, start..end, group.lang, dict));
        // Labeled text needs less to count as an abstract than unlabeled prose.
        let (labeled_min, unlabeled_min) = match group.lang {
            Lang::En => (counts.latin >= 80, counts.latin >= 250),
            Lang::Zh => (counts.han >= 25, counts.han >= 60),
        };
        let is_abstract =
            (has_label && labeled_min) || (unlabeled_min && sentence_ends(content) >= 2);
        if is_abstract {
            for &i in body {
                if lines[i].role == Role::Prose {
                    lines[i].role = Role::Abstract;
                    lines[i].reason = format!(
                        "{}; abstract text{}",
                        lines[i].reason,
                        if has_label {
                            " with section labels"
                        } else {
                            ""
                        }
                    );
                }
            }
            if let Some(t) = title {
                lines[t].role = Role::Title;
                lines[t].reason = "one sentence before the abstract's first label".to_owned();
            }
            abstracts.push(AbstractText {
                lang: group.lang,
                range: start..end,
                title: title.map(|t| lines[t].range.clone()),
            });
        } else if group.lines.len() == 1 && sentence_ends(content) <= 1 {
            title_candidates.push((group.lang, group.lines[0]));
        }
    }
    // A lone one-sentence line before an abstract of its language with nothing of that
    // language between is its title (the English title at the top of a page).
    for (lang, li) in title_candidates {
        let at = lines[li].range.start;
        if let Some(a) = abstracts
            .iter_mut()
            .find(|a| a.lang == lang && a.range.start > at && a.title.is_none())
        {
            let between_same_lang = lines.iter().any(|l| {
                l.range.start > at
                    && l.range.start < a.range.start
                    && l.lang.as_lang() == Some(lang)
                    && matches!(l.role, Role::Prose | Role::Abstract)
            });
            if !between_same_lang {
                a.title = Some(lines[li].range.clone());
                lines[li].role = Role::Title;
                lines[li].reason = "one sentence before the abstract".to_owned();
            }
        }
    }

    let machine_translated = lines.iter().any(|l| l.role == Role::MtNotice);
    let (pairs, unpaired) = pair_abstracts(text, abstracts, dict);
    Detection {
        blocks: merge_lines(text, &lines),
        pairs,
        unpaired,
        machine_translated,
        doi: first_doi(text),
    }
}

/// Consecutive lines of one language and role make one block.
fn merge_lines(text: &str, lines: &[Line]) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    for l in lines {
        if let Some(b) = blocks.last_mut() {
            if b.lang == l.lang
                && b.role == l.role
                && b.reason == l.reason
                && b.end_line + 1 == l.line
            {
                b.range.end = l.range.end;
                b.end_line = l.line;
                continue;
            }
        }
        blocks.push(Block {
            range: l.range.clone(),
            start_line: l.line,
            end_line: l.line,
            lang: l.lang,
            role: l.role,
            reason: l.reason.clone(),
        });
    }
    let _ = text;
    blocks
}

/// How likely `zh` translates `en`: shared section ids, shared digit strings, plausible length.
fn pair_score(text: &str, en: &AbstractText, zh: &AbstractText, dict: &Dictionaries) -> f64 {
    let ids = |a: &AbstractText| -> Vec<String> {
        sections::find_sections(text, a.range.clone(), a.lang, dict)
            .into_iter()
            .filter(|s| s.label.is_some())
            .map(|s| s.id)
            .collect()
    };
    let (en_ids, zh_ids) = (ids(en), ids(zh));
    let id_score = if en_ids.is_empty() && zh_ids.is_empty() {
        0.5
    } else {
        let common = en_ids.iter().filter(|i| zh_ids.contains(i)).count();
        2.0 * common as f64 / (en_ids.len() + zh_ids.len()).max(1) as f64
    };
    let digits = |a: &AbstractText| -> HashSet<String> {
        text[a.range.clone()]
            .split(|c: char| !c.is_ascii_digit())
            .filter(|d| !d.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let (de, dz) = (digits(en), digits(zh));
    let digit_score = if de.is_empty() && dz.is_empty() {
        0.5
    } else {
        de.intersection(&dz).count() as f64 / de.union(&dz).count().max(1) as f64
    };
    let latin = ScriptCounts::of(&text[en.range.clone()]).latin.max(1) as f64;
    let han = ScriptCounts::of(&text[zh.range.clone()]).han.max(1) as f64;
    // English letters per Chinese character is about 3 in abstracts.
    let length_score = (-(latin / han / 3.0).ln().abs()).exp();
    3.0 * id_score + 2.0 * digit_score + length_score
}

fn pair_abstracts(
    text: &str,
    abstracts: Vec<AbstractText>,
    dict: &Dictionaries,
) -> (Vec<AbstractPair>, Vec<AbstractText>) {
    let (en, zh): (Vec<AbstractText>, Vec<AbstractText>) =
        abstracts.into_iter().partition(|a| a.lang == Lang::En);
    let mut scored = Vec::new();
    for (i, e) in en.iter().enumerate() {
        for (j, z) in zh.iter().enumerate() {
            scored.push((pair_score(text, e, z, dict), i, j));
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut en_used = vec![false; en.len()];
    let mut zh_used = vec![false; zh.len()];
    let mut pairs = Vec::new();
    for (score, i, j) in scored {
        if score < 0.3 || en_used[i] || zh_used[j] {
            continue;
        }
        en_used[i] = true;
        zh_used[j] = true;
        pairs.push(AbstractPair {
            en: en[i].clone(),
            zh: zh[j].clone(),
        });
    }
    pairs.sort_by_key(|p| p.en.range.start);
    let unpaired = en
        .into_iter()
        .zip(en_used)
        .chain(zh.into_iter().zip(zh_used))
        .filter(|(_, used)| !used)
        .map(|(a, _)| a)
        .collect();
    (pairs, unpaired)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Detection {
        detect(text, &Dictionaries::builtin().unwrap(), &LanguageId::new())
    }

    const PAGE: &str = "关键词: health equity\n\nMesh : Humans England\n\n来  源:   DOI:10.1136/bmjopen-2024-085398   PDF(Pubmed)\n\nAbstract:\nOBJECTIVE: We looked at how hospitals act as anchor institutions in their local areas and what they do.\nMETHODS: We conducted case studies with interviews with 14 people and synthesised the findings.\nRESULTS: We found four building blocks for effective anchor activity including employment and spending.\n摘要:\n目标:我们研究了医院如何作为当地的锚定机构以及它们做了什么。\n方法:我们对14人进行了访谈的案例研究,并综合了研究结果。\n结果:我们发现了有效锚定活动的四个组成部分,包括就业和消费。\n公众号";

    #[test]
    fn finds_one_pair_and_classifies_noise() {
        let d = run(PAGE);
        assert_eq!(d.pairs.len(), 1, "{:#?}", d.blocks);
        let p = &d.pairs[0];
        assert!(PAGE[p.en.range.clone()].starts_with("OBJECTIVE:"));
        assert!(PAGE[p.zh.range.clone()].starts_with("目标:"));
        assert!(PAGE[p.zh.range.clone()].ends_with("消费。"));
        assert_eq!(d.doi.as_deref(), Some("10.1136/bmjopen-2024-085398"));
        let roles: Vec<Role> = d.blocks.iter().map(|b| b.role).collect();
        assert_eq!(roles[..3], [Role::Keywords, Role::Keywords, Role::Metadata]);
        assert!(roles.contains(&Role::Heading));
        assert_eq!(roles.last(), Some(&Role::Boilerplate));
        assert!(!d.machine_translated);
    }

    #[test]
    fn english_only_page_has_no_pair() {
        let en_only: String = PAGE
            .lines()
            .filter(|l| !l.contains(['目', '方', '结', '摘']))
            .collect::<Vec<_>>()
            .join("\n");
        let d = run(&en_only);
        assert!(d.pairs.is_empty());
        assert_eq!(d.unpaired.len(), 1);
    }

    #[test]
    fn chinese_before_english_still_pairs() {
        let zh_first = "目标:我们研究了医院如何作为当地的锚定机构以及它们做了什么。方法:我们对14人进行了访谈的案例研究。\n\nOBJECTIVE: We looked at how hospitals act as anchor institutions in their local areas and what they do. METHODS: We conducted case studies with interviews with 14 people.\n本文章由计算机程序翻译,如有差异,请以英文原文为准。";
        let d = run(zh_first);
        assert_eq!(d.pairs.len(), 1);
        assert!(d.machine_translated);
    }

    #[test]
    fn identifies_languages_by_script_first() {
        let id = LanguageId::new();
        assert_eq!(
            id.identify("これは日本語の文章です。漢字も含む").0,
            BlockLang::Other
        );
        assert_eq!(id.identify("这是中文句子,含有COVID-19。").0, BlockLang::Zh);
        assert_eq!(
            id.identify("This is an English sentence with the usual words in it.")
                .0,
            BlockLang::En
        );
        assert_eq!(
            id.identify("Ceci est une phrase française avec des mots ordinaires dedans, vraiment.")
                .0,
            BlockLang::Other
        );
        assert_eq!(id.identify("한국어 문장입니다").0, BlockLang::Other);
    }

    #[test]
    fn references_and_json_are_not_abstracts() {
        let id = LanguageId::new();
        let dict = Dictionaries::builtin().unwrap();
        let r = "1. Dahlgren G, Whitehead M. Policies and strategies to promote social equity in health. Sweden; 1991.";
        assert_eq!(
            classify_line(r, 0..r.len(), 1, &dict, &id).role,
            Role::Citation
        );
        let j = r#"{"title":"From policy to action","abstract":"<p>Objectives: This analysis aimed to explore.</p>"}"#;
        assert_eq!(
            classify_line(j, 0..j.len(), 1, &dict, &id).role,
            Role::Metadata
        );
    }
}
