//! `acronym-dropped`: an acronym the English defines — `Integrated Care Systems (ICSs)` — that
//! the Chinese translation of the defining sentence does not give. Chinese abstracts keep such
//! acronyms (`综合保健系统(ICS)`); without it, a later `ICS` in the Chinese is undefined.
//!
//! Definitions are found as Schwartz & Hearst (2003) find them: a parenthesized token with two
//! capitals or more, whose letters can be matched right to left in the words before it, the
//! first letter at the start of a word.

use super::{locate, quote, ACRONYM_DROPPED};
use crate::finding::Finding;
use crate::lang::Lang;
use crate::model::AlignedSection;
use std::collections::HashSet;
use std::ops::Range;

/// An acronym definition in English text: ranges relative to the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Definition {
    /// The acronym as written, e.g. `ICSs`.
    pub acronym: String,
    /// The long form, e.g. `Integrated Care Systems`.
    pub long_form: Range<usize>,
    /// Long form through the closing parenthesis.
    pub span: Range<usize>,
}

fn is_acronym(token: &str) -> bool {
    let n = token.chars().count();
    (2..=10).contains(&n)
        && token.starts_with(|c: char| c.is_ascii_alphabetic())
        && token.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && token.chars().filter(char::is_ascii_uppercase).count() >= 2
}

/// The acronym definitions of an English text.
pub fn definitions(text: &str) -> Vec<Definition> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find('(').map(|i| i + from) {
        from = open + 1;
        let Some(close) = text[open..].find(')').map(|i| i + open) else {
            break;
        };
        let token = &text[open + 1..close];
        if !is_acronym(token) {
            continue;
        }
        if let Some(start) = long_form_start(&text[..open], token) {
            let end = text[..open].trim_end().len();
            found.push(Definition {
                acronym: token.to_owned(),
                long_form: start..end,
                span: start..close + 1,
            });
        }
    }
    found
}

/// Where the long form of `acronym` starts in `before` (the text up to the parenthesis), if its
/// letters can be matched right to left, the first at the start of a word, within
/// min(|A| + 5, 2|A|) words.
fn long_form_start(before: &str, acronym: &str) -> Option<usize> {
    let short: Vec<char> = acronym
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let max_words = (short.len() + 5).min(short.len() * 2);
    // The window: the last `max_words` words, not crossing a clause boundary.
    let clause_start = before
        .rfind(['.', ';', ':', '(', ')', '['])
        .map_or(0, |i| i + 1);
    let words: Vec<usize> = before[clause_start..]
        .char_indices()
        .filter(|&(i, c)| {
            c.is_alphanumeric()
                && before[clause_start..][..i]
                    .chars()
                    .next_back()
                    .is_none_or(|p| !p.is_alphanumeric())
        })
        .map(|(i, _)| i + clause_start)
        .collect();
    let window_start = *words.get(words.len().saturating_sub(max_words))?;
    let long: Vec<(usize, char)> = before[window_start..]
        .char_indices()
        .map(|(i, c)| (i + window_start, c.to_ascii_lowercase()))
        .collect();
    let mut l = long.len();
    for (k, &c) in short.iter().enumerate().rev() {
        loop {
            if l == 0 {
                return None;
            }
            l -= 1;
            let word_start = l == 0 || !long[l - 1].1.is_alphanumeric();
            if long[l].1 == c && (k > 0 || word_start) {
                break;
            }
        }
    }
    // The long form starts at the word holding the first letter.
    let first = long[l].0;
    let start = words.iter().rev().find(|&&w| w <= first).copied()?;
    // A long form of one word that is the acronym's own spelling is not a definition.
    (before[start..].trim_end().len() > acronym.len()).then_some(start)
}

/// Latin tokens of a text (letters and digits).
fn latin_tokens(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| !t.is_empty())
}

/// Does `text` give the acronym, as written or without its plural `s` (`ICSs` → `ICS`)?
fn gives(text: &str, acronym: &str) -> bool {
    let singular = acronym.strip_suffix('s').filter(|s| s.len() >= 2);
    latin_tokens(text).any(|t| t == acronym || Some(t) == singular)
}

/// One finding per acronym defined in the English of a pair whose defining sentence's Chinese
/// does not give it. `sections` are the aligned sections of one pair.
pub fn check(sections: &[AlignedSection]) -> Vec<Finding> {
    let mut seen: HashSet<String> = HashSet::new();
    let mut findings = Vec::new();
    for section in sections {
        for bead in section.beads {
            let (Some((en_range, en)), Some((_, zh))) =
                (section.side(bead, Lang::En), section.side(bead, Lang::Zh))
            else {
                continue;
            };
            for d in definitions(en) {
                if !seen.insert(d.acronym.clone()) || gives(zh, &d.acronym) {
                    continue;
                }
                let used_elsewhere = sections.iter().any(|s| {
                    s.beads
                        .iter()
                        .filter_map(|b| s.side(b, Lang::Zh))
                        .any(|(_, t)| gives(t, &d.acronym))
                });
                let long_form = &en[d.long_form.clone()];
                let mut message = format!(
                    "the English {} defines {} ({long_form}); the Chinese sentence {} does not give the acronym",
                    section.section,
                    d.acronym,
                    quote(zh, 30),
                );
                if used_elsewhere {
                    message.push_str(", which the Chinese uses elsewhere without this definition");
                }
                let span = en_range.start + d.span.start..en_range.start + d.span.end;
                findings.push(section.finding(
                    ACRONYM_DROPPED,
                    Some(locate(section.doc, span, None)),
                    None,
                    message,
                ));
            }
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::tests::{aligned, section};

    fn defined(text: &str) -> Vec<(String, &str)> {
        definitions(text)
            .into_iter()
            .map(|d| (d.acronym, &text[d.long_form]))
            .collect()
    }

    #[test]
    fn finds_definitions_by_their_letters() {
        assert_eq!(
            defined("Integrated Care Systems (ICSs) are statutory partnerships."),
            [("ICSs".to_owned(), "Integrated Care Systems")]
        );
        assert_eq!(
            defined("the voluntary, community and social enterprise (VCSE) sector"),
            [(
                "VCSE".to_owned(),
                "voluntary, community and social enterprise"
            )]
        );
        assert_eq!(
            defined("with a body mass index (BMI) above 30"),
            [("BMI".to_owned(), "body mass index")]
        );
        for none in [
            "Interviews (n = 14) were held.",
            "the NHS (NHS) itself",
            "levels of interleukin (IL-6) rose",
            "the most deprived 20% of the population ('Core 20')",
        ] {
            assert!(defined(none).is_empty(), "{none}: {:?}", defined(none));
        }
    }

    #[test]
    fn singular_and_plural_forms_count_as_given() {
        assert!(gives("综合保健系统(ICS)是法定伙伴关系", "ICSs"));
        assert!(gives("综合保健系统(ICSs)", "ICSs"));
        assert!(!gives("综合保健系统是法定伙伴关系", "ICSs"));
        assert!(!gives("ICSX", "ICS"));
    }

    #[test]
    fn a_dropped_definition_is_reported_once() {
        let en = [
            "Integrated Care Systems (ICSs) are statutory partnerships in England.",
            "We analysed the plans of 42 ICS areas published in 2023.",
            "Integrated Care Systems (ICSs) differ widely in their plans.",
        ];
        let zh = [
            "综合保健系统是英格兰的法定伙伴关系。",
            "我们分析了2023年发布的42个ICS地区的计划。",
            "综合保健系统的计划差异很大。",
        ];
        let (doc, beads) = aligned(&en, &zh);
        let findings = check(&[section(&doc, &beads)]);
        assert_eq!(findings.len(), 1, "{findings:#?}");
        let f = &findings[0];
        assert_eq!(f.rule, ACRONYM_DROPPED);
        assert_eq!(
            f.en.as_ref().unwrap().text,
            "Integrated Care Systems (ICSs)"
        );
        assert!(f.zh.is_none());
        assert!(f.message.contains("elsewhere"), "{}", f.message);

        let zh_kept = ["综合保健系统(ICS)是英格兰的法定伙伴关系。", zh[1], zh[2]];
        let (doc, beads) = aligned(&en, &zh_kept);
        assert!(check(&[section(&doc, &beads)]).is_empty());
    }
}
