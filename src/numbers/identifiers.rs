//! Tokens that contain digits but are names, not quantities: `Core20PLUS5`, `IL-6`, `BRCA1`,
//! `COVID-19`, `Q1`, `SDG 3.4.1`, DOIs, ISBNs, `GB/T 7714-2015`, postcodes. They must survive
//! translation unchanged, and their digits must never be read as numbers.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::NumberDictionaries;
use crate::lang::is_han;
use crate::text::Folded;

/// A code or name containing digits, as written in the text given to [`identifiers`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identifier {
    pub span: Range<usize>,
    pub text: String,
}

/// Codes with a fixed shape, found before the generic letter-digit scan because they contain
/// spaces, slashes or dots that would otherwise split them.
static SHAPED_CODES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?x)
        (?-u:\b)10\.\d{4,9}/[^\s,;()\[\]{}"'<>“”‘’，。；）（、]+      # DOI
        | https?://[^\s，。；）(),]+ | (?-u:\b)www\.[^\s，。；）(),]+  # URL
        | (?-u:\b)ISBN(?:-1[03])?:?\s?[0-9][0-9\-\x20]{8,16}[0-9Xx]   # ISBN
        | (?-u:\b)(?:GB/T|GB/Z|GB|ISO|IEC|WS/T|YY/T|ICD)-?\s?\d+(?:[.\-:]\d+)*(?-u:\b)   # standards
        | (?-u:\b)(?:PMID|PMCID|NCT|ChiCTR|ISRCTN)[:\s]*[A-Z]{0,3}[\-]?\d+(?:-\d+)?   # registries
        "#,
    )
    .expect("identifier regex is valid")
});

/// Compile the identifier pattern now rather than on the first text.
pub fn warm_up() {
    LazyLock::force(&SHAPED_CODES);
}

/// Identifiers in `text`, sorted by start.
pub fn identifiers(text: &str, dict: &NumberDictionaries) -> Vec<Identifier> {
    let folded = Folded::new(text);
    identifier_spans(&folded.text, dict)
        .into_iter()
        .map(|r| {
            let span = folded.original_range(r);
            Identifier {
                text: text[span.clone()].to_owned(),
                span,
            }
        })
        .collect()
}

/// Identifier spans in folded text (see [`crate::text::Folded`]).
pub(crate) fn identifier_spans(folded: &str, dict: &NumberDictionaries) -> Vec<Range<usize>> {
    let mut spans: Vec<Range<usize>> = SHAPED_CODES
        .find_iter(folded)
        .map(|m| {
            // A DOI or URL at the end of a sentence does not own the full stop.
            let trimmed = m.as_str().trim_end_matches(['.', ',', ':']);
            m.start()..m.start() + trimmed.len()
        })
        .collect();
    // A user's identifiers, where they stand as whole tokens.
    for id in &dict.extra_identifiers {
        for (at, _) in folded.match_indices(id.as_str()) {
            let end = at + id.len();
            let glued_before = folded[..at]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
            let glued_after = folded[end..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric);
            if !glued_before && !glued_after {
                spans.push(at..end);
            }
        }
    }
    spans.sort_by_key(|r| r.start);
    let shaped = spans.clone();
    let mut covered = shaped.iter().peekable();
    for token in alnum_tokens(folded) {
        while covered.peek().is_some_and(|r| r.end <= token.start) {
            covered.next();
        }
        if covered.peek().is_some_and(|r| r.start < token.end) {
            continue;
        }
        if is_identifier(&folded[token.clone()], dict) {
            spans.push(token);
        }
    }
    spans.sort_by_key(|r| r.start);
    spans
}

/// Letters of any script but Han, so Greek (`β2`) glues while `有75份` does not.
pub(crate) fn is_glue_letter(c: char) -> bool {
    c.is_alphabetic() && !is_han(c) && !c.is_numeric()
}

fn is_token_char(c: char) -> bool {
    c.is_ascii_digit() || is_glue_letter(c)
}

/// Runs of letters and digits, joined across single `-` and `.` between token characters.
fn alnum_tokens(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    let mut prev_token_char = false;
    while let Some((i, c)) = chars.next() {
        let joins = (c == '-' || c == '.' || c == '/')
            && prev_token_char
            && chars.peek().is_some_and(|&(_, n)| is_token_char(n));
        if is_token_char(c) || joins {
            start.get_or_insert(i);
            prev_token_char = is_token_char(c);
        } else {
            if let Some(s) = start.take() {
                out.push(s..i);
            }
            prev_token_char = false;
        }
    }
    if let Some(s) = start {
        out.push(s..text.len());
    }
    out
}

/// Decides one token. Quantities glued to their unit (`5mg`, `24h`, `5-year`, `2-fold`, `1st`)
/// and plain numbers, ranges and ISO dates are not identifiers; letters glued before digits
/// (`BRCA1`, `IL-6`), unknown suffixes (`8AP`, `5-FU`) and dotted versions (`3.4.1`) are.
fn is_identifier(token: &str, dict: &NumberDictionaries) -> bool {
    if !token.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    let starts_with_digit = token.as_bytes()[0].is_ascii_digit();
    if !starts_with_digit {
        // `identified185`, `of-4.94`: an English word glued to a number by PDF conversion.
        let letters = token.bytes().take_while(u8::is_ascii_lowercase).count();
        let rest = &token[letters..];
        let rest = rest.strip_prefix('-').unwrap_or(rest);
        if letters > 0
            && rest.as_bytes().first().is_some_and(u8::is_ascii_digit)
            && dict.glue_word_before(&token[..letters]).is_some()
        {
            return is_identifier(rest, dict);
        }
        return true;
    }
    // A slash inside a token of digits and letters (`3/day`) is a rate, not a code.
    for part in token.split('/') {
        if part_is_code(part, dict) {
            return true;
        }
    }
    false
}

fn part_is_code(part: &str, dict: &NumberDictionaries) -> bool {
    if !part.chars().any(is_glue_letter) {
        // digits, dots and hyphens: a version number has two dots in a row of digit groups.
        return part.split('-').any(|p| p.matches('.').count() >= 2);
    }
    if !part.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return dict.unit_at(part).is_none_or(|(_, len)| len != part.len());
    }
    let digits_end = part
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(part.len());
    let rest = &part[digits_end..];
    if is_exponent(rest) {
        // `2.0E-4`: scientific notation.
        return false;
    }
    if rest.matches('.').count() > 0 && part[..digits_end].matches('.').count() >= 2 {
        return true;
    }
    let suffix_ok = |s: &str| {
        s.is_empty()
            || matches!(s, "st" | "nd" | "rd" | "th")
            || dict.unit_at(s).is_some_and(|(_, len)| len == s.len())
            || s.split('-')
                .next()
                .is_some_and(|head| dict.unit_at(head).is_some_and(|(_, len)| len == head.len()))
    };
    if let Some(after_hyphen) = rest.strip_prefix('-') {
        if after_hyphen
            .as_bytes()
            .first()
            .is_some_and(u8::is_ascii_digit)
        {
            // `18-65years`: a range glued to its unit.
            return part_is_code(after_hyphen, dict);
        }
        return !suffix_ok(after_hyphen);
    }
    !suffix_ok(rest)
}

/// `E-4`, `e+06`, `E5`: the exponent of a number in scientific notation.
fn is_exponent(s: &str) -> bool {
    let Some(rest) = s.strip_prefix(['e', 'E']) else {
        return false;
    };
    let digits = rest.strip_prefix(['-', '+']).unwrap_or(rest);
    (1..=3).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str) -> Vec<String> {
        let d = NumberDictionaries::builtin().unwrap();
        identifiers(text, &d).into_iter().map(|i| i.text).collect()
    }

    #[test]
    fn codes_are_identifiers() {
        assert_eq!(
            ids("the Core20PLUS5 approach, IL-6 and BRCA1, caspase-3, COVID-19, Q1 and D10"),
            [
                "Core20PLUS5",
                "IL-6",
                "BRCA1",
                "caspase-3",
                "COVID-19",
                "Q1",
                "D10"
            ]
        );
        assert_eq!(
            ids("DOI: 10.1136/bmjopen-2025-102163."),
            ["10.1136/bmjopen-2025-102163"]
        );
        assert_eq!(ids("按GB/T 7714-2015著录"), ["GB/T 7714-2015"]);
        assert_eq!(ids("indicator SDG 3.4.1 and 3.8.1"), ["3.4.1", "3.8.1"]);
        assert_eq!(ids("London, EC4Y 8AP, UK"), ["EC4Y", "8AP"]);
        assert_eq!(ids("5-FU and HbA1c"), ["5-FU", "HbA1c"]);
        assert_eq!(ids("与Core20PLUS5方法的合作"), ["Core20PLUS5"]);
    }

    #[test]
    fn quantities_are_not_identifiers() {
        assert!(
            ids("5mg/kg, 24h, 2hr, 5-year plans, 2-fold, 65-year-old, the 1st, 2000-2020")
                .is_empty()
        );
        assert!(ids("n=14, p<0.05, 36,000, 20%, 2023-07-31").is_empty());
    }
}
