//! Structured-abstract sections: find the labels (`RESULTS:`, `结果:`, `【方法】`, `BACKGROUND`
//! without a colon, a label alone on its line, labels inline in one paragraph) on each side and
//! pair the two sides' sections by id and order.

use crate::dictionaries::Dictionaries;
use crate::lang::Lang;
use std::ops::Range;

/// The id of the one section of an abstract without labels.
pub const BODY: &str = "body";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Canonical id from `dictionaries/sections.tsv`, or [`BODY`].
    pub id: String,
    /// The label as written, without brackets or colon.
    pub label: Option<String>,
    /// Byte range of the label in the document text.
    pub label_range: Option<Range<usize>>,
    /// Byte range of the section's text (label excluded), trimmed.
    pub body: Range<usize>,
}

impl Section {
    /// Where the section starts: its label, else its text.
    pub fn start(&self) -> usize {
        self.label_range
            .as_ref()
            .map_or(self.body.start, |r| r.start)
    }
}

const COLONS: [char; 2] = [':', '：'];
/// Markdown around labels in text from pipelines.
pub const MARKUP: [char; 3] = ['*', '_', '#'];
const OPENING_BRACKETS: [char; 4] = ['【', '[', '〔', '［'];
/// PDF text mixes brackets (`［目的」`, `[结论］`): any of these closes a bracketed label.
const CLOSING_BRACKETS: [char; 6] = ['】', ']', '〕', '］', '」', '』'];

/// A label found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct FoundLabel {
    id: String,
    label: String,
    range: Range<usize>,
    /// Where the section text starts (after colon or bracket).
    body_start: usize,
}

/// Resolve a label as written to a section id; a combined label not in the dictionary
/// ("Design and setting", "设计和环境") takes the id of its first part when every part is a label.
pub fn resolve_label(dict: &Dictionaries, lang: Lang, label: &str) -> Option<String> {
    let label = label.trim();
    if label.is_empty() {
        return None;
    }
    if let Some(id) = dict.section_id(lang, label) {
        return Some(id.to_owned());
    }
    let lower = label.to_lowercase();
    let parts: Vec<&str> = match lang {
        Lang::En => lower
            .split(['&', '/', ','])
            .flat_map(|p| p.split(" and "))
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect(),
        Lang::Zh => lower
            .split(['和', '与', '與', '及', '、', '/', '&'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect(),
    };
    if parts.len() < 2 || parts.iter().any(|p| dict.section_id(lang, p).is_none()) {
        return None;
    }
    dict.section_id(lang, parts[0]).map(str::to_owned)
}

/// Positions in `text[range]` where a label may start: line starts and sentence starts.
fn candidate_starts(text: &str, range: &Range<usize>) -> Vec<usize> {
    let slice = &text[range.clone()];
    let mut starts = vec![range.start];
    let mut prev: Option<char> = None;
    let mut prev2: Option<char> = None;
    for (i, c) in slice.char_indices() {
        let at = range.start + i;
        let after_break = match prev {
            Some('\n') | Some('。') | Some('！') | Some('？') | Some('．') | Some('；') => {
                true
            }
            // ". Methods:" / "。 方法:" — a space after sentence punctuation.
            Some(p) if p.is_whitespace() => {
                matches!(
                    prev2,
                    Some('.') | Some('?') | Some('!') | Some('。') | Some(')')
                )
            }
            // PDF text glues sentences: "of the drugs.Methods We …", "(ESCC).Methods".
            Some('.') => {
                (c.is_uppercase() || OPENING_BRACKETS.contains(&c))
                    && prev2.is_some_and(|p| p.is_alphanumeric() || p == ')')
            }
            _ => false,
        };
        if after_break && !c.is_whitespace() {
            starts.push(at);
        }
        prev2 = prev;
        prev = Some(c);
    }
    starts.dedup();
    starts
}

fn skip_spaces(text: &str, mut at: usize, end: usize) -> usize {
    while at < end {
        match text[at..end].chars().next() {
            Some(c) if c.is_whitespace() && c != '\n' => at += c.len_utf8(),
            _ => break,
        }
    }
    at
}

/// Try to read a label starting exactly at `at`.
fn label_at(
    text: &str,
    at: usize,
    line_end: usize,
    end: usize,
    lang: Lang,
    dict: &Dictionaries,
) -> Option<FoundLabel> {
    let line = &text[at..line_end];
    let max_chars = dict.longest_label_chars(lang) + 2;
    let first = line.chars().next()?;

    // 【方法】, [Methods], ［目的」
    if OPENING_BRACKETS.contains(&first) {
        let inner_start = at + first.len_utf8();
        let (close_at, close) = text[inner_start..line_end]
            .char_indices()
            .take(max_chars)
            .find(|&(_, c)| CLOSING_BRACKETS.contains(&c))
            .map(|(i, c)| (inner_start + i, c))?;
        let inner = text[inner_start..close_at].trim().trim_end_matches(COLONS);
        let id = resolve_label(dict, lang, inner)?;
        let mut body_start = close_at + close.len_utf8();
        body_start = skip_spaces(text, body_start, line_end);
        if let Some(colon) = text[body_start..line_end]
            .chars()
            .next()
            .filter(|c| COLONS.contains(c))
        {
            body_start = skip_spaces(text, body_start + colon.len_utf8(), line_end);
        }
        return Some(FoundLabel {
            id,
            label: inner.trim().to_owned(),
            range: at..close_at + close.len_utf8(),
            body_start,
        });
    }

    // "RESULTS:", "结果：" — a colon within the label window.
    let window_end = line
        .char_indices()
        .nth(max_chars)
        .map_or(line_end, |(i, _)| at + i);
    if let Some((i, colon)) = text[at..window_end]
        .char_indices()
        .find(|(_, c)| COLONS.contains(c))
    {
        let label = text[at..at + i].trim().trim_matches(MARKUP);
        if let Some(id) = resolve_label(dict, lang, label) {
            let after_colon = at + i + colon.len_utf8();
            // "**Background:** text": the closing emphasis belongs to the label.
            let after_markup = after_colon
                + (text[after_colon..line_end].len()
                    - text[after_colon..line_end].trim_start_matches(MARKUP).len());
            let body_start = skip_spaces(text, after_markup, line_end);
            return Some(FoundLabel {
                id,
                label: label.to_owned(),
                range: at..at + i + colon.len_utf8(),
                body_start,
            });
        }
    }

    // A label alone on its line ("Background", "Methods"). Long lines cannot be one.
    let whole = if line.len() <= max_chars * 4 {
        line.trim().trim_end_matches(['.', '。'])
    } else {
        ""
    };
    if !whole.is_empty() && whole.chars().count() <= max_chars {
        if let Some(id) = resolve_label(dict, lang, whole) {
            let next_line = (line_end + 1).min(end);
            return Some(FoundLabel {
                id,
                label: whole.to_owned(),
                range: at..at + line.trim_end().len(),
                body_start: next_line,
            });
        }
    }

    None
}

/// A label without a colon or bracket: "BACKGROUND Policymakers …", "目的 探讨…", "Objective To
/// explore …", "ObjectiveToexplore", "目的探讨". Only a structured abstract has them (see
/// [`find_sections`]).
fn weak_label_at(
    text: &str,
    at: usize,
    line_end: usize,
    lang: Lang,
    dict: &Dictionaries,
) -> Option<FoundLabel> {
    let max_chars = dict.longest_label_chars(lang) + 2;
    match lang {
        Lang::En => uppercase_label(text, at, line_end, dict),
        Lang::Zh => spaced_zh_label(text, at, line_end, max_chars, dict),
    }
    .or_else(|| loose_label_at(text, at, line_end, lang, dict))
}

/// "BACKGROUND Policymakers …", "DESIGN AND SETTING A primary care …": the longest run of
/// upper-case words that is a label, followed by text.
fn uppercase_label(
    text: &str,
    at: usize,
    line_end: usize,
    dict: &Dictionaries,
) -> Option<FoundLabel> {
    let line = &text[at..line_end];
    let mut word_ends = Vec::new();
    let mut pos = 0;
    for word in line.split(' ') {
        let is_upper_word = !word.is_empty()
            && word
                .chars()
                .all(|c| c.is_ascii_uppercase() || matches!(c, '&' | '/' | '-'))
            && word.chars().any(|c| c.is_ascii_uppercase());
        if !is_upper_word {
            break;
        }
        pos += word.len();
        word_ends.push(pos);
        pos += 1;
        if word_ends.len() > 6 {
            break;
        }
    }
    // Longest first; the text after must not be empty.
    for &end in word_ends.iter().rev() {
        let label = &line[..end];
        if label.len() < 3 || !has_text(&line[end..]) {
            continue;
        }
        if let Some(id) = resolve_label(dict, Lang::En, label) {
            return Some(FoundLabel {
                id,
                label: label.to_owned(),
                range: at..at + end,
                body_start: skip_spaces(text, at + end, line_end),
            });
        }
    }
    None
}

/// "目的 探讨…": a Chinese label followed by a space.
fn spaced_zh_label(
    text: &str,
    at: usize,
    line_end: usize,
    max_chars: usize,
    dict: &Dictionaries,
) -> Option<FoundLabel> {
    let line = &text[at..line_end];
    let (i, _) = line
        .char_indices()
        .take(max_chars)
        .find(|(_, c)| *c == ' ' || *c == '\u{3000}')?;
    let label = &line[..i];
    let id = resolve_label(dict, Lang::Zh, label)?;
    if !has_text(&line[i..]) {
        return None;
    }
    Some(FoundLabel {
        id,
        label: label.to_owned(),
        range: at..at + i,
        body_start: skip_spaces(text, at + i, line_end),
    })
}

/// Where the text starts after an abstract marker that opens `range` (`摘要：`, `【摘要】`,
/// `Abstract:`), if one does.
fn after_marker(text: &str, range: &Range<usize>, dict: &Dictionaries) -> Option<usize> {
    let s = &text[range.clone()];
    let lead = s.len()
        - s.trim_start_matches(|c: char| c.is_whitespace() || MARKUP.contains(&c))
            .len();
    let mut rest = &s[lead..];
    rest = rest.strip_prefix(OPENING_BRACKETS).unwrap_or(rest);
    let marker = dict
        .markers
        .iter()
        .filter(|m| m.place != crate::dictionaries::MarkerPlace::End)
        .find_map(|m| strip_spaced(rest, &m.marker))?;
    let rest = marker.trim_start();
    let rest = rest
        .strip_prefix(CLOSING_BRACKETS)
        .unwrap_or(rest)
        .trim_start();
    let rest = rest.strip_prefix(COLONS).unwrap_or(rest).trim_start();
    Some(range.end - rest.len())
}

/// `s` after `word`, allowing spaces between its characters (摘 要), or `None`.
fn strip_spaced<'a>(s: &'a str, word: &str) -> Option<&'a str> {
    let mut rest = s;
    for (k, w) in word.chars().enumerate() {
        if k > 0 {
            rest = rest.trim_start_matches([' ', '\u{3000}']);
        }
        rest = rest.strip_prefix(w)?;
    }
    Some(rest)
}

/// The sections every structured abstract has: the only labels read when glued to their text.
const LOOSE_LABEL_IDS: [&str; 5] = [
    "background",
    "objective",
    "methods",
    "results",
    "conclusions",
];

/// A label followed by nothing but the text: "Objective To explore", "ObjectiveToexplore",
/// "Methods We collected", "目的探讨", "结果25例".
fn loose_label_at(
    text: &str,
    at: usize,
    line_end: usize,
    lang: Lang,
    dict: &Dictionaries,
) -> Option<FoundLabel> {
    let line = &text[at..line_end];
    let first = line.chars().next()?;
    if lang == Lang::En && !first.is_uppercase() {
        return None;
    }
    for label in dict.labels_longest_first(lang) {
        let Some(written) = line.get(..label.len()) else {
            continue;
        };
        let same = match lang {
            Lang::En => written.eq_ignore_ascii_case(label),
            Lang::Zh => written == label,
        };
        if !same {
            continue;
        }
        let rest = &line[label.len()..];
        let mut chars = rest.chars();
        let body = match (lang, chars.next(), chars.next()) {
            // "Objective To …", "Results 25 …"
            (Lang::En, Some(' '), Some(n)) if n.is_uppercase() || n.is_ascii_digit() => {
                at + label.len() + 1
            }
            // "ObjectiveToexplore …"
            (Lang::En, Some(n), _) if n.is_uppercase() => at + label.len(),
            // "目的探讨 …", "结果25例 …", "结论DPB …", "结果-C34G …"; not "结果，" or "目的是".
            (Lang::Zh, Some(n), _)
                if !n.is_whitespace()
                    && !COLONS.contains(&n)
                    && !"，,。、；;的是为之".contains(n) =>
            {
                at + label.len()
            }
            _ => continue,
        };
        let id = resolve_label(dict, lang, written)?;
        // Glued, only the labels of every structured abstract: "干预后" is prose.
        if !LOOSE_LABEL_IDS.contains(&id.as_str()) {
            return None;
        }
        return Some(FoundLabel {
            id,
            label: written.to_owned(),
            range: at..at + label.len(),
            body_start: body,
        });
    }
    None
}

/// Is there any non-space text? Stops at the first such char, so it is cheap on long lines.
fn has_text(s: &str) -> bool {
    s.chars().any(|c| !c.is_whitespace())
}

fn trimmed(text: &str, range: Range<usize>) -> Range<usize> {
    let s = &text[range.clone()];
    let start = range.start + (s.len() - s.trim_start().len());
    let end = range.end - (s.len() - s.trim_end().len());
    start..end.max(start)
}

/// The sections of one side of an abstract, in order. Without labels: one [`BODY`] section.
pub fn find_sections(
    text: &str,
    range: Range<usize>,
    lang: Lang,
    dict: &Dictionaries,
) -> Vec<Section> {
    let range = range.start.min(text.len())..range.end.min(text.len());
    let mut labels: Vec<FoundLabel> = Vec::new();
    // Line ends, found once: looking for the next newline from every candidate would be
    // quadratic on a page that is one long line.
    let newlines: Vec<usize> = text[range.clone()]
        .match_indices('\n')
        .map(|(i, _)| range.start + i)
        .collect();
    let mut starts = candidate_starts(text, &range);
    // "摘要：目的：…", "Abstract: Objective: …": a label right after the abstract's marker.
    if let Some(after) = after_marker(text, &range, dict) {
        let at = starts.partition_point(|&s| s < after);
        if starts.get(at) != Some(&after) {
            starts.insert(at, after);
        }
    }
    // Markdown emphasis or a heading mark before a label ("**Methods:**", "## Results").
    for start in starts.iter_mut() {
        *start += text[*start..range.end].len()
            - text[*start..range.end].trim_start_matches(MARKUP).len();
    }
    let line_end = |start: usize| {
        newlines
            .get(newlines.partition_point(|&n| n < start))
            .copied()
            .unwrap_or(range.end)
    };
    let mut weak: Vec<FoundLabel> = Vec::new();
    for &start in &starts {
        if labels.last().is_some_and(|l| start < l.body_start) {
            continue;
        }
        if let Some(label) = label_at(text, start, line_end(start), range.end, lang, dict) {
            labels.push(label);
        } else if weak.last().is_none_or(|l| start >= l.body_start) {
            weak.extend(weak_label_at(text, start, line_end(start), lang, dict));
        }
    }
    // Labels without colon or bracket ("OBJECTIVE To", "目的 探讨", "Objective To explore",
    // "目的探讨") look like the start of a sentence ("结果显示…"): they count only where the
    // abstract has no labels with a colon and has two kinds of them at least.
    if labels.is_empty() {
        let mut ids: Vec<&str> = weak.iter().map(|l| l.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        if ids.len() >= 2 {
            labels = weak;
        }
    }
    if labels.is_empty() {
        return vec![Section {
            id: BODY.to_owned(),
            label: None,
            label_range: None,
            body: trimmed(text, range),
        }];
    }
    let mut sections = Vec::with_capacity(labels.len() + 1);
    let preamble = trimmed(text, range.start..labels[0].range.start);
    if text[preamble.clone()]
        .chars()
        .filter(|c| c.is_alphanumeric())
        .count()
        >= 20
    {
        sections.push(Section {
            id: BODY.to_owned(),
            label: None,
            label_range: None,
            body: preamble,
        });
    }
    for (i, label) in labels.iter().enumerate() {
        let end = labels.get(i + 1).map_or(range.end, |next| next.range.start);
        sections.push(Section {
            id: label.id.clone(),
            label: Some(label.label.clone()),
            label_range: Some(label.range.clone()),
            body: trimmed(text, label.body_start.min(end)..end),
        });
    }
    sections
}

/// Does `text[range]` open with a section label (with or without a colon)? Cheaper than
/// [`find_sections`]: only the start is read.
pub fn opens_with_label(text: &str, range: Range<usize>, lang: Lang, dict: &Dictionaries) -> bool {
    let range = range.start.min(text.len())..range.end.min(text.len());
    let s = &text[range.clone()];
    let start = range.start
        + (s.len()
            - s.trim_start_matches(|c: char| c.is_whitespace() || MARKUP.contains(&c))
                .len());
    let line_end = text[start..range.end]
        .find('\n')
        .map_or(range.end, |i| start + i);
    label_at(text, start, line_end, range.end, lang, dict).is_some()
        || weak_label_at(text, start, line_end, lang, dict).is_some()
}

/// True when the side has labels (not just one [`BODY`] section).
pub fn is_labeled(sections: &[Section]) -> bool {
    sections.iter().any(|s| s.label.is_some())
}

/// Pair two sides' sections by id and order (an alignment that keeps both orders): equal ids pair
/// first, ids that translations confuse (`dictionaries/section_pairs.tsv`) pair if nothing better;
/// a section with no counterpart is paired with `None`.
pub fn pair_sections(
    en: &[Section],
    zh: &[Section],
    dict: &Dictionaries,
) -> Vec<(Option<usize>, Option<usize>)> {
    let score = |a: &Section, b: &Section| -> i32 {
        if a.id == b.id {
            4
        } else if dict.sections_compatible(&a.id, &b.id) || a.id == BODY || b.id == BODY {
            // Text before the first label (a label one side could not read) pairs with the
            // other side's section there, if nothing better does.
            1
        } else {
            i32::MIN
        }
    };
    let (n, m) = (en.len(), zh.len());
    // Real abstracts have a handful of sections; a page of thousands of labels gets a linear
    // pass instead of a table of n×m cells.
    if n.saturating_mul(m) > 250_000 {
        return pair_sections_greedy(en, zh, score);
    }
    // best[i][j]: best score aligning en[i..] with zh[j..].
    let mut best = vec![vec![0i32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let mut b = best[i + 1][j].max(best[i][j + 1]);
            let s = score(&en[i], &zh[j]);
            if s > 0 {
                b = b.max(best[i + 1][j + 1] + s);
            }
            best[i][j] = b;
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut pairs = Vec::new();
    while i < n || j < m {
        if i < n && j < m {
            let s = score(&en[i], &zh[j]);
            if s > 0 && best[i][j] == best[i + 1][j + 1] + s {
                pairs.push((Some(i), Some(j)));
                i += 1;
                j += 1;
                continue;
            }
        }
        if i < n && (j == m || best[i][j] == best[i + 1][j]) {
            pairs.push((Some(i), None));
            i += 1;
        } else {
            pairs.push((None, Some(j)));
            j += 1;
        }
    }
    pairs
}

/// Pair in order: equal or compatible ids pair; otherwise look a few sections ahead on each side
/// for the next match and leave what is skipped unpaired.
fn pair_sections_greedy(
    en: &[Section],
    zh: &[Section],
    score: impl Fn(&Section, &Section) -> i32,
) -> Vec<(Option<usize>, Option<usize>)> {
    const LOOKAHEAD: usize = 4;
    let (mut i, mut j) = (0, 0);
    let mut pairs = Vec::with_capacity(en.len().max(zh.len()));
    while i < en.len() && j < zh.len() {
        if score(&en[i], &zh[j]) > 0 {
            pairs.push((Some(i), Some(j)));
            i += 1;
            j += 1;
            continue;
        }
        let skip_en =
            (1..=LOOKAHEAD).find(|&k| en.get(i + k).is_some_and(|e| score(e, &zh[j]) > 0));
        let skip_zh =
            (1..=LOOKAHEAD).find(|&k| zh.get(j + k).is_some_and(|z| score(&en[i], z) > 0));
        match (skip_en, skip_zh) {
            (Some(k), other) if other.is_none_or(|o| k <= o) => {
                pairs.extend((i..i + k).map(|x| (Some(x), None)));
                i += k;
            }
            (_, Some(k)) => {
                pairs.extend((j..j + k).map(|y| (None, Some(y))));
                j += k;
            }
            _ => {
                pairs.push((Some(i), None));
                pairs.push((None, Some(j)));
                i += 1;
                j += 1;
            }
        }
    }
    pairs.extend((i..en.len()).map(|x| (Some(x), None)));
    pairs.extend((j..zh.len()).map(|y| (None, Some(y))));
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dict() -> Dictionaries {
        Dictionaries::builtin().unwrap()
    }

    fn ids(text: &str, lang: Lang) -> Vec<String> {
        find_sections(text, 0..text.len(), lang, &dict())
            .into_iter()
            .map(|s| s.id)
            .collect()
    }

    #[test]
    fn labels_at_line_start_with_colons() {
        let text = "BACKGROUND: One.\nMETHODS: Two.\nRESULTS: Three.\nCONCLUSIONS: Four.";
        assert_eq!(
            ids(text, Lang::En),
            ["background", "methods", "results", "conclusions"]
        );
        let secs = find_sections(text, 0..text.len(), Lang::En, &dict());
        assert_eq!(&text[secs[1].body.clone()], "Two.");
        assert_eq!(secs[1].label.as_deref(), Some("METHODS"));
    }

    #[test]
    fn inline_chinese_labels_and_combined_labels() {
        let text =
            "目的:本分析旨在探讨。设计和环境:综合保健系统。结果:分析强调。结论：审查的结论是。";
        assert_eq!(
            ids(text, Lang::Zh),
            ["objective", "design", "results", "conclusions"]
        );
        let en = "Objectives: This.\n\nDesign and setting: Integrated.\n\nResults: The.\n\nConclusions: The.";
        assert_eq!(
            ids(en, Lang::En),
            ["objective", "design", "results", "conclusions"]
        );
    }

    #[test]
    fn labels_on_their_own_line_bracketed_uppercase_and_traditional() {
        assert_eq!(
            ids("Background\nText here.\nMethods\nMore text.", Lang::En),
            ["background", "methods"]
        );
        assert_eq!(
            ids("【目的】探讨。【方法】选取。", Lang::Zh),
            ["objective", "methods"]
        );
        let text = "【方法】：选取。";
        let secs = find_sections(text, 0..text.len(), Lang::Zh, &dict());
        assert_eq!(&text[secs[0].body.clone()], "选取。");
        assert_eq!(ids("[Methods] We did.", Lang::En), ["methods"]);
        assert_eq!(
            ids("BACKGROUND Policymakers promote. METHODS We used. DESIGN AND SETTING A primary care cluster.", Lang::En),
            ["background", "methods", "design"]
        );
        assert_eq!(
            ids("結果：我們發現。結論：醫療機構。", Lang::Zh),
            ["results", "conclusions"]
        );
        assert_eq!(
            ids("目的 探讨疗效。方法 选取患者。", Lang::Zh),
            ["objective", "methods"]
        );
    }

    #[test]
    fn words_that_look_like_labels_inside_sentences_are_not_labels() {
        assert_eq!(
            ids("The results: were fine. Results were good.", Lang::En),
            [BODY]
        );
        assert_eq!(ids("结果显示，方法有效。", Lang::Zh), [BODY]);
        assert_eq!(ids("Patients and methods: We", Lang::En), ["methods"]);
    }

    #[test]
    fn markdown_labels() {
        assert_eq!(
            ids(
                "**Background:** One.\n**Methods**: Two.\n## Results\nThree.",
                Lang::En
            ),
            ["background", "methods", "results"]
        );
        let text = "**背景：**一。";
        let secs = find_sections(text, 0..text.len(), Lang::Zh, &dict());
        assert_eq!(&text[secs[0].body.clone()], "一。");
    }

    #[test]
    fn unlabeled_abstract_is_one_body_section() {
        let text = "  We studied things. It went well.  ";
        let secs = find_sections(text, 0..text.len(), Lang::En, &dict());
        assert_eq!(secs.len(), 1);
        assert_eq!(
            &text[secs[0].body.clone()],
            "We studied things. It went well."
        );
    }

    #[test]
    fn pairs_repeated_and_missing_sections_in_order() {
        let en =
            "OBJECTIVE: a.\nMETHODS: b.\nMETHODS: c.\nMETHODS: d.\nRESULTS: e.\nCONCLUSIONS: f.";
        let zh = "目标:a。\n方法:b。\n方法:c。\n结果:e。\n结论:f。";
        let d = dict();
        let e = find_sections(en, 0..en.len(), Lang::En, &d);
        let z = find_sections(zh, 0..zh.len(), Lang::Zh, &d);
        let pairs = pair_sections(&e, &z, &d);
        let unpaired: Vec<_> = pairs.iter().filter(|p| p.1.is_none()).collect();
        assert_eq!(pairs.len(), 6);
        assert_eq!(unpaired.len(), 1);
        assert_eq!(e[unpaired[0].0.unwrap()].id, "methods");
    }

    #[test]
    fn many_sections_pair_in_linear_time_and_memory() {
        let d = dict();
        let en = "METHODS: a.\nRESULTS: b.\n".repeat(600);
        let zh = "方法:a。\n结果:b。\n".repeat(600) + "结论:c。\n";
        let e = find_sections(&en, 0..en.len(), Lang::En, &d);
        let z = find_sections(&zh, 0..zh.len(), Lang::Zh, &d);
        let pairs = pair_sections(&e, &z, &d);
        assert_eq!(
            pairs
                .iter()
                .filter(|p| p.0.is_some() && p.1.is_some())
                .count(),
            1200
        );
        assert_eq!(pairs.last(), Some(&(None, Some(1200))));
    }

    #[test]
    fn compatible_ids_pair_when_nothing_better() {
        let d = dict();
        let en = "SETTING: a.\nRESULTS: b.";
        let zh = "背景:a。\n结果:b。";
        let e = find_sections(en, 0..en.len(), Lang::En, &d);
        let z = find_sections(zh, 0..zh.len(), Lang::Zh, &d);
        assert_eq!(
            pair_sections(&e, &z, &d),
            vec![(Some(0), Some(0)), (Some(1), Some(1))]
        );
    }
}
