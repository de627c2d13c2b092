//! Sentence splitting for English and Chinese, as byte ranges into the text.
//!
//! English ends a sentence at `.`, `!`, `?` (and an ellipsis before a capital) followed by
//! space, unless the word before is an abbreviation (`et al.`, `e.g.`, `Fig.`, initials) or the
//! next word starts in lower case. Chinese ends one at `。！？` and at the ASCII stand-ins
//! `.`, `!`, `?` written after Han text. Nothing splits inside a bracket or quote pair that
//! closes on the same line; terminal punctuation just before the closer ends the sentence after
//! it (`“……。”`).
//!
//! Semicolons do not split: the gold-aligned corpora in `shared/eval/real` never end a Chinese
//! sentence at `；` (199 of their sentences contain one inside), and English ones never at `;`.

use crate::lang::{is_han, Lang};
use crate::text::fold_char;
use std::ops::Range;

mod words;
pub use words::ChineseWords;

/// Abbreviations that end in a period without ending the sentence (lower case, without the
/// final period); sorted for binary search.
const ABBREVIATIONS: &[&str] = &[
    "al", "approx", "apr", "aug", "ca", "cf", "co", "corp", "dec", "dept", "dr", "e.g", "eds",
    "eg", "eq", "eqs", "est", "et", "etc", "feb", "fig", "figs", "gen", "gov", "i.e", "ie", "inc",
    "jan", "jr", "jul", "jun", "lt", "ltd", "mar", "max", "min", "mr", "mrs", "ms", "mt", "no",
    "nos", "nov", "oct", "pp", "prof", "ref", "refs", "rev", "sep", "sept", "sr", "st", "suppl",
    "tab", "u.k", "u.s", "viz", "vol", "vs",
];

/// Abbreviations after which a capitalised word still continues the sentence ("Fig. 2",
/// "Dr. Smith", "et al. Smith"); the rest end a sentence when a capital follows.
const ALWAYS_CONTINUES: &[&str] = &[
    "al", "cf", "dr", "e.g", "eg", "fig", "figs", "i.e", "ie", "mr", "mrs", "ms", "no", "prof",
    "vs",
];

fn opener_closer(c: char) -> Option<(char, char)> {
    match c {
        '(' => Some(('(', ')')),
        '[' => Some(('[', ']')),
        '{' => Some(('{', '}')),
        '【' => Some(('【', '】')),
        '「' => Some(('「', '」')),
        '『' => Some(('『', '』')),
        '“' => Some(('“', '”')),
        '‘' => Some(('‘', '’')),
        '《' => Some(('《', '》')),
        _ => None,
    }
}

fn is_terminal(c: char) -> bool {
    matches!(c, '。' | '!' | '?' | '.' | '…')
}

fn is_closer(c: char) -> bool {
    matches!(
        c,
        ')' | ']' | '}' | '】' | '」' | '』' | '”' | '’' | '"' | '\'' | '》'
    )
}

/// Byte ranges of the sentences of `text`: trimmed of surrounding whitespace, in order, never
/// empty, together covering every non-whitespace character.
pub fn split_sentences(text: &str, lang: Lang) -> Vec<Range<usize>> {
    let chars: Vec<(usize, char)> = text
        .char_indices()
        .map(|(i, c)| (i, fold_char(c)))
        .collect();
    let protected = protected_spans(&chars);
    let mut cuts = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        let c = chars[k].1;
        let cut = match c {
            '\n' => line_break_cut(&chars, k, lang),
            '。' | '!' | '?' | '.' | '…' => sentence_end(&chars, k, lang, &protected),
            _ => None,
        };
        if let Some(next) = cut {
            cuts.push(next);
            k = next.max(k + 1);
        } else {
            // Skip the rest of a punctuation run: it ends a sentence together or not at all.
            k += 1;
            while k < chars.len() && is_terminal(chars[k].1) && is_terminal(c) {
                k += 1;
            }
        }
    }
    let mut ranges = Vec::with_capacity(cuts.len() + 1);
    let mut start = 0;
    for cut in cuts.into_iter().chain(std::iter::once(chars.len())) {
        if cut <= start {
            continue;
        }
        let from = chars[start].0;
        let to = chars.get(cut).map_or(text.len(), |&(i, _)| i);
        if let Some(r) = trimmed(text, from..to) {
            ranges.push(r);
        }
        start = cut;
    }
    ranges
}

fn trimmed(text: &str, r: Range<usize>) -> Option<Range<usize>> {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let t = s.trim();
    (!t.is_empty()).then(|| r.start + lead..r.start + lead + t.len())
}

/// For each char, the index one past the closer of the innermost bracket/quote pair around it
/// (closing on the same line), or 0 when it is not inside one.
fn protected_spans(chars: &[(usize, char)]) -> Vec<usize> {
    let mut inside = vec![0usize; chars.len()];
    let mut stack: Vec<(usize, char)> = Vec::new();
    let mut ascii_quote: Option<usize> = None;
    for (k, &(_, c)) in chars.iter().enumerate() {
        if c == '\n' {
            stack.clear();
            ascii_quote = None;
            continue;
        }
        if c == '"' {
            match ascii_quote.take() {
                Some(open) => mark(&mut inside, open, k),
                None => ascii_quote = Some(k),
            }
            continue;
        }
        if let Some((_, close)) = opener_closer(c) {
            // Brackets nest a few deep in prose; a page of unclosed ones must not make every
            // closer search (and every pair mark) a long way back.
            if stack.len() == MAX_BRACKET_DEPTH {
                stack.remove(0);
            }
            stack.push((k, close));
        } else if !is_closer(c) {
            continue;
        } else if let Some(pos) = stack.iter().rposition(|&(_, close)| close == c) {
            let (open, _) = stack[pos];
            stack.truncate(pos);
            mark(&mut inside, open, k);
        }
    }
    inside
}

/// Open brackets remembered at once: deeper ones protect nothing (and cost time).
const MAX_BRACKET_DEPTH: usize = 16;

fn mark(inside: &mut [usize], open: usize, close: usize) {
    for slot in &mut inside[open + 1..close] {
        // Inner pairs close first, so an outer pair must not overwrite them.
        if *slot == 0 {
            *slot = close + 1;
        }
    }
}

/// Where the sentence after the terminal punctuation at `k` starts, if it ends here.
fn sentence_end(
    chars: &[(usize, char)],
    k: usize,
    lang: Lang,
    protected: &[usize],
) -> Option<usize> {
    let c = chars[k].1;
    // Runs of terminal punctuation ("?!", "...", "。。") end together.
    let mut end = k + 1;
    while end < chars.len() && is_terminal(chars[end].1) {
        end += 1;
    }
    let run = end - k;
    let mut after = end;
    while after < chars.len() && is_closer(chars[after].1) {
        after += 1;
    }
    // Inside a bracket or quote, only punctuation right before its closer ends a sentence.
    if protected[k] != 0 && protected[k] > after {
        return None;
    }
    let next = chars.get(after).map(|&(_, c)| c);
    let followed_by_space = next.is_none_or(char::is_whitespace);
    let prev_han = (0..k)
        .rev()
        .map(|i| chars[i].1)
        .find(|c| !is_closer(*c))
        .is_some_and(is_han);
    let next_word = next_word_start(chars, after);
    let ellipsis = c == '…' || (c == '.' && run >= 3);
    if ellipsis {
        // An ellipsis ends a sentence only before a capital (or at the end of the text).
        return match next_word {
            None => Some(after),
            Some(w) if chars[w].1.is_uppercase() && followed_by_space => Some(after),
            Some(w) if lang == Lang::Zh && is_han(chars[w].1) && is_closer(chars[after - 1].1) => {
                Some(after)
            }
            _ => None,
        };
    }
    match c {
        '。' => Some(after),
        '!' | '?' if lang == Lang::Zh && prev_han => Some(after),
        '.' if lang == Lang::Zh && (prev_han || next.is_some_and(is_han)) => {
            // "3.5" never has Han on either side of the period.
            match next {
                Some(n) if n.is_ascii_alphanumeric() => None,
                _ => Some(after),
            }
        }
        '!' | '?' => followed_by_space.then_some(after),
        '.' => {
            if !followed_by_space {
                return None;
            }
            english_period_ends(chars, k, next_word).then_some(after)
        }
        _ => None,
    }
}

fn next_word_start(chars: &[(usize, char)], from: usize) -> Option<usize> {
    (from..chars.len())
        .find(|&i| !chars[i].1.is_whitespace() && !matches!(chars[i].1, '(' | '"' | '“' | '['))
}

/// Does the period at `k` (followed by space) end an English sentence?
fn english_period_ends(chars: &[(usize, char)], k: usize, next_word: Option<usize>) -> bool {
    // The word before the period, with inner periods ("e.g", "U.S").
    let mut start = k;
    while start > 0 && (chars[start - 1].1.is_alphanumeric() || chars[start - 1].1 == '.') {
        start -= 1;
    }
    let word: String = chars[start..k]
        .iter()
        .map(|&(_, c)| c.to_ascii_lowercase())
        .collect();
    let word = word.trim_start_matches('.');
    let next_char = next_word.map(|w| chars[w].1);
    let next_lower = next_char.is_some_and(|c| c.is_lowercase());
    let next_digit = next_char.is_some_and(|c| c.is_ascii_digit());
    if next_char.is_none() {
        return true;
    }
    // Single initials ("J. Smith", "A. baumannii") and abbreviations.
    let single_letter = word.chars().count() == 1 && word.chars().all(|c| c.is_alphabetic());
    if single_letter && !next_lower {
        let upper = chars[k - 1].1.is_uppercase();
        return !upper;
    }
    if ABBREVIATIONS.binary_search(&word).is_ok() {
        if ALWAYS_CONTINUES.contains(&word) || next_lower || next_digit {
            return false;
        }
        return true;
    }
    // A lower-case continuation is a sentence-internal period ("approx. two", "Amazon. com").
    !next_lower
}

/// A line break ends a sentence unless the line looks hard-wrapped: long, not ending in
/// punctuation, and continued by a lower-case word (English) or Han text (Chinese).
fn line_break_cut(chars: &[(usize, char)], k: usize, lang: Lang) -> Option<usize> {
    let mut line_start = k;
    while line_start > 0 && chars[line_start - 1].1 != '\n' {
        line_start -= 1;
    }
    let prev = (line_start..k)
        .rev()
        .map(|i| chars[i].1)
        .find(|c| !c.is_whitespace());
    let next = (k + 1..chars.len())
        .map(|i| chars[i].1)
        .find(|c| !c.is_whitespace());
    let (Some(prev), Some(next)) = (prev, next) else {
        return Some(k + 1);
    };
    let blank_line = chars[k + 1..]
        .iter()
        .take_while(|(_, c)| c.is_whitespace())
        .any(|&(_, c)| c == '\n');
    let line_len = k - line_start;
    let wrapped_en =
        lang == Lang::En && next.is_lowercase() && (prev.is_alphanumeric() || prev == ',');
    let wrapped_zh = lang == Lang::Zh && (is_han(prev) || prev == ',') && is_han(next);
    let long = line_len >= 40;
    if !blank_line && long && (wrapped_en || wrapped_zh) {
        None
    } else {
        Some(k + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str, lang: Lang) -> Vec<&str> {
        split_sentences(text, lang)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn lists_are_sorted() {
        assert!(ABBREVIATIONS.windows(2).all(|w| w[0] < w[1]));
        assert!(ALWAYS_CONTINUES.iter().all(|a| ABBREVIATIONS.contains(a)));
    }

    #[test]
    fn english_abbreviations_and_decimals() {
        let text =
            "Smith et al. reported a decline (p = 0.05; 95% CI, 0.2 to 0.9). Dr. Li agreed, \
                    e.g. in Fig. 2 and No. 3 vs. controls. J. R. Smith was not involved. It ended.";
        assert_eq!(
            split(text, Lang::En),
            [
                "Smith et al. reported a decline (p = 0.05; 95% CI, 0.2 to 0.9).",
                "Dr. Li agreed, e.g. in Fig. 2 and No. 3 vs. controls.",
                "J. R. Smith was not involved.",
                "It ended."
            ]
        );
    }

    #[test]
    fn english_brackets_quotes_and_ellipses() {
        let text = "He said \"Stop. Now.\" Then left (see above. it was.) quickly... and slowly. Done! Why? Yes.";
        assert_eq!(
            split(text, Lang::En),
            [
                "He said \"Stop. Now.\"",
                "Then left (see above. it was.) quickly... and slowly.",
                "Done!",
                "Why?",
                "Yes."
            ]
        );
    }

    #[test]
    fn chinese_punctuation_and_ascii_stand_ins() {
        let text = "背景:解决不平等,很重要。然而,理解有限!目的是什么?结果为3.5%.方法如下;共14人.“我们要努力。”他说（见图1。）完";
        assert_eq!(
            split(text, Lang::Zh),
            [
                "背景:解决不平等,很重要。",
                "然而,理解有限!",
                "目的是什么?",
                "结果为3.5%.",
                "方法如下;共14人.",
                "“我们要努力。”",
                "他说（见图1。）",
                "完"
            ]
        );
    }

    #[test]
    fn chinese_full_width_and_semicolon() {
        let text = "结论：我们深入探索；效果显著！下一步？好。";
        assert_eq!(
            split(text, Lang::Zh),
            ["结论：我们深入探索；效果显著！", "下一步？", "好。"]
        );
    }

    #[test]
    fn lines_are_sentences_unless_wrapped() {
        let text = "Title of the page\nBACKGROUND: this is a long line that goes on and on and\non until here. Next.\n\n";
        assert_eq!(
            split(text, Lang::En),
            [
                "Title of the page",
                "BACKGROUND: this is a long line that goes on and on and\non until here.",
                "Next."
            ]
        );
    }

    #[test]
    fn empty_and_blank() {
        assert!(split_sentences("", Lang::En).is_empty());
        assert!(split_sentences(" \n\t ", Lang::Zh).is_empty());
        assert_eq!(split("。", Lang::Zh), ["。"]);
        assert_eq!(split("...", Lang::En), ["..."]);
    }
}
