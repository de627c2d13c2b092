//! `term-inconsistent`: one English term translated two ways in one document.
//!
//! Candidate terms are English pairs of content words (`anchor institutions`) that recur in at
//! least two sentence pairs of a document. In each pair's Chinese, the term's head word is found
//! through the glossary (`institution` → 机构) and the Chinese word just before it (jieba) is taken
//! as the rendering of the modifier (锚定机构, 主要机构). A rendering is *attested* when the glossary
//! translates the modifier so (锚 for `anchor`); a term is reported when one occurrence is
//! attested and another renders the modifier with something the glossary does not give for it.
//! Two attested renderings (健康不平等 and 卫生不平等 for `health inequalities`, both
//! dictionary translations of `health`) are synonyms, not an inconsistency.

use super::{locate, TERM_INCONSISTENT};
use crate::align::words::{ascii_words, is_stopword, EnglishStemmer};
use crate::align::Glossary;
use crate::finding::Finding;
use crate::lang::{is_han, Lang};
use crate::model::AlignedSection;
use crate::segment::ChineseWords;
use rustc_hash::{FxHashMap, FxHasher};
use std::hash::{Hash, Hasher};
use std::ops::Range;

/// Letters of a word in the cheap key of [`word_pairs`].
const KEY_CHARS: usize = 4;
/// Sentence pairs the aligner is less sure of than this are not evidence.
const MIN_SCORE: f32 = 0.5;
/// Characters that end a modifier: particles and conjunctions are not part of a term.
const NOT_IN_TERMS: &[char] = &[
    '的', '和', '与', '及', '了', '是', '在', '为', '对', '将', '等',
];

/// Where the term occurs: which section and bead, and its English range in the document.
struct Occurrence {
    section: usize,
    bead: usize,
    en: Range<usize>,
}

#[derive(Debug, Clone, PartialEq)]
enum Rendering {
    /// The modifier is a glossary translation: document range of modifier + head.
    Attested(Range<usize>),
    /// Something else renders the modifier.
    Other(Range<usize>),
    /// Several candidates, none attested: resolved against the other occurrences.
    Ambiguous(Vec<Range<usize>>),
}

/// The pairs of adjacent content words of an English text: a cheap key of the pair and the two
/// words' ranges in the text. Every sentence of every page is read here, so the key is the first
/// [`KEY_CHARS`] letters of each word, hashed (words with one stem share them: `inequality`,
/// `inequalities`); stemming waits until a key recurs.
fn word_pairs(text: &str, lower: &mut String) -> Vec<(u64, Range<usize>, Range<usize>)> {
    let mut out = Vec::new();
    let mut previous: Option<(u64, Range<usize>)> = None;
    for (at, word) in ascii_words(text) {
        let range = at..at + word.len();
        lower.clear();
        lower.push_str(word);
        lower.make_ascii_lowercase();
        let key = (word.len() >= 3 && !is_stopword(lower)).then(|| {
            let mut h = FxHasher::default();
            lower[..lower.len().min(KEY_CHARS)].hash(&mut h);
            h.finish()
        });
        if let (Some((first, r)), Some(second)) = (&previous, key) {
            // Only words separated by spaces form a term ("anchor institutions", not
            // "institutions-can" or "care, health").
            if text[r.end..range.start].chars().all(|c| c == ' ') {
                out.push((first.rotate_left(17) ^ second, r.clone(), range.clone()));
            }
        }
        // A term is a noun phrase; `reducing health`, `tackling inequalities` are a verb and
        // its object.
        let verb_form = lower.ends_with("ing");
        previous = key.filter(|_| !verb_form).map(|k| (k, range));
    }
    out
}

/// The glossary key of a word.
fn stem(word: &str, stemmer: &EnglishStemmer) -> Option<String> {
    stemmer
        .key(&word.to_ascii_lowercase())
        .map(|k| k.into_owned())
}

fn is_stem_of_text(stem: &str, glossary: &Glossary, chinese: &str, min_chars: usize) -> bool {
    glossary.translations(stem).any(|t| {
        let n = t.chars().count();
        (n >= min_chars && chinese.contains(t))
            || (chinese.chars().count() >= 2 && t.contains(chinese))
    })
}

/// The renderings of `head` in a Chinese text, with the modifier characters before each.
fn render(
    zh: &str,
    base: usize,
    term: &(String, String),
    glossary: &Glossary,
    words: &ChineseWords,
    claimed: &mut dyn FnMut(&str) -> bool,
) -> Option<Rendering> {
    let mut heads: Vec<Range<usize>> = Vec::new();
    for t in glossary
        .translations(&term.1)
        .filter(|t| t.chars().count() >= 2)
    {
        for (at, _) in zh.match_indices(t) {
            let r = at..at + t.len();
            if !heads.iter().any(|h| h.start < r.end && r.start < h.end) {
                heads.push(r);
            }
        }
    }
    heads.sort_by_key(|r| r.start);
    let mut zh_words: Option<Vec<Range<usize>>> = None;
    let mut attested = None;
    let mut others = Vec::new();
    for head in heads {
        // The word before the head; when jieba keeps modifier and head as one word (锚定机构),
        // the part of that word before the head.
        let zh_words = zh_words.get_or_insert_with(|| words.words(zh));
        let modifier_start = zh_words
            .iter()
            .find(|w| w.start < head.start && head.start <= w.end)
            .map(|w| w.start)
            .filter(|&m| {
                zh[m..head.start]
                    .chars()
                    .all(|c| is_han(c) && !NOT_IN_TERMS.contains(&c))
            });
        let Some(m) = modifier_start else { continue };
        let modifier = &zh[m..head.start];
        if is_stem_of_text(&term.0, glossary, modifier, 1) {
            attested.get_or_insert(base + m..base + head.end);
        } else if !claimed(modifier) {
            others.push(base + m..base + head.end);
        }
    }
    match (attested, others.len()) {
        (Some(r), _) => Some(Rendering::Attested(r)),
        (None, 0) => None,
        (None, 1) => Some(Rendering::Other(others.remove(0))),
        (None, _) => Some(Rendering::Ambiguous(others)),
    }
}

/// One finding per English term that one sentence pair renders as the glossary does and
/// another renders otherwise. `sections` are the aligned sections of one pair.
pub fn check(
    sections: &[AlignedSection],
    glossary: &Glossary,
    stemmer: &EnglishStemmer,
    words: &ChineseWords,
) -> Vec<Finding> {
    // Pass 1: every adjacent content-word pair, counted by the sentence pairs it is in.
    let mut lower = String::new();
    let mut instances = Vec::new();
    let mut beads_with: FxHashMap<u64, (usize, (usize, usize))> = FxHashMap::default();
    for (s, section) in sections.iter().enumerate() {
        for (b, bead) in section.beads.iter().enumerate() {
            if bead.score < MIN_SCORE || bead.zh.is_empty() {
                continue;
            }
            let Some((range, en)) = section.side(bead, Lang::En) else {
                continue;
            };
            for (key, w1, w2) in word_pairs(en, &mut lower) {
                let entry = beads_with.entry(key).or_insert((0, (usize::MAX, 0)));
                if entry.1 != (s, b) {
                    *entry = (entry.0 + 1, (s, b));
                }
                instances.push((s, b, key, range.start, w1, w2));
            }
        }
    }
    // Pass 2: the pairs in two sentence pairs or more, keyed by their stems.
    let mut terms: FxHashMap<(String, String), Vec<Occurrence>> = FxHashMap::default();
    let mut order: Vec<(String, String)> = Vec::new();
    for (s, b, key, base, w1, w2) in instances {
        if beads_with[&key].0 < 2 {
            continue;
        }
        let en = sections[s].doc.text.as_str();
        let (Some(first), Some(second)) = (
            stem(&en[base + w1.start..base + w1.end], stemmer),
            stem(&en[base + w2.start..base + w2.end], stemmer),
        ) else {
            continue;
        };
        let key = (first, second);
        let list = terms.entry(key.clone()).or_default();
        if list.is_empty() {
            order.push(key);
        }
        if !list.iter().any(|o| o.section == s && o.bead == b) {
            list.push(Occurrence {
                section: s,
                bead: b,
                en: base + w1.start..base + w2.end,
            });
        }
    }
    let mut findings = Vec::new();
    let mut reported: Vec<Range<usize>> = Vec::new();
    // The glossary words of each sentence pair's English, stemmed when first needed.
    let mut stems_of: FxHashMap<(usize, usize), Vec<String>> = FxHashMap::default();
    for key in order {
        let occurrences = &terms[&key];
        if occurrences.len() < 2
            || !glossary.contains(&key.0)
            || !glossary.contains(&key.1)
            || key.0 == key.1
        {
            continue;
        }
        let mut renderings: Vec<Option<Rendering>> = Vec::with_capacity(occurrences.len());
        for o in occurrences {
            let section = &sections[o.section];
            let bead = &section.beads[o.bead];
            let (Some((zh_range, zh)), Some((_, en))) =
                (section.side(bead, Lang::Zh), section.side(bead, Lang::En))
            else {
                renderings.push(None);
                continue;
            };
            // A modifier that translates another word of the sentence belongs to that word.
            let mut claimed = |modifier: &str| {
                stems_of
                    .entry((o.section, o.bead))
                    .or_insert_with(|| {
                        ascii_words(en)
                            .filter_map(|(_, w)| stem(w, stemmer))
                            .collect()
                    })
                    .iter()
                    .filter(|k| **k != key.0 && **k != key.1)
                    .any(|k| is_stem_of_text(k, glossary, modifier, 2))
            };
            renderings.push(render(
                zh,
                zh_range.start,
                &key,
                glossary,
                words,
                &mut claimed,
            ));
        }
        let text = |r: &Range<usize>| &sections[0].doc.text[r.clone()];
        // An ambiguous occurrence takes the candidate another occurrence chose.
        let known: Vec<String> = renderings
            .iter()
            .filter_map(|r| match r {
                Some(Rendering::Other(r)) => Some(text(r).to_owned()),
                _ => None,
            })
            .collect();
        for r in &mut renderings {
            if let Some(Rendering::Ambiguous(candidates)) = r {
                *r = candidates
                    .iter()
                    .find(|c| known.iter().any(|k| k == text(c)))
                    .map(|c| Rendering::Other(c.clone()));
            }
        }
        let mut counts: Vec<(String, usize)> = Vec::new();
        let mut first_attested: Option<String> = None;
        let mut odd: Option<(usize, Range<usize>)> = None;
        for (i, r) in renderings.iter().enumerate() {
            let (range, attested) = match r {
                Some(Rendering::Attested(r)) => (r, true),
                Some(Rendering::Other(r)) => (r, false),
                _ => continue,
            };
            let t = text(range).to_owned();
            if attested {
                first_attested.get_or_insert(t.clone());
            } else if odd.is_none() {
                odd = Some((i, range.clone()));
            }
            match counts.iter_mut().find(|(k, _)| *k == t) {
                Some((_, n)) => *n += 1,
                None => counts.push((t, 1)),
            }
        }
        let (Some(expected), Some((i, odd_range))) = (first_attested, odd) else {
            continue;
        };
        let odd_text = text(&odd_range).to_owned();
        if odd_text == expected || reported.contains(&odd_range) {
            continue;
        }
        reported.push(odd_range.clone());
        let first = &occurrences[0];
        let section = &sections[occurrences[i].section];
        let english = text(&first.en);
        let times = |n: usize| {
            if n == 1 {
                "once".to_owned()
            } else {
                format!("{n} times")
            }
        };
        let listed: Vec<String> = counts
            .iter()
            .map(|(t, n)| format!("{t} ({})", times(*n)))
            .collect();
        let message = format!(
            "“{english}” is translated two ways in this document: {}; the glossary supports {expected}",
            listed.join(", "),
        );
        findings.push(section.finding(
            TERM_INCONSISTENT,
            Some(locate(section.doc, first.en.clone(), None)),
            Some(locate(section.doc, odd_range, None)),
            message,
        ));
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::tests::{aligned, aligner, section};

    fn run(en: &[&str], zh: &[&str]) -> Vec<Finding> {
        let (doc, beads) = aligned(en, zh);
        let a = aligner();
        check(
            &[section(&doc, &beads)],
            a.glossary(),
            a.stemmer(),
            &ChineseWords::new(),
        )
    }

    const EN: [&str; 3] = [
        "Hospitals can act as anchor institutions in their local economy.",
        "We interviewed staff of four anchor institutions in England.",
        "Anchor institutions employ many local people.",
    ];

    #[test]
    fn a_second_rendering_of_a_term_is_reported_once() {
        let zh = [
            "医院可以作为当地经济中的锚定机构。",
            "我们采访了英格兰四个主要机构的工作人员。",
            "锚定机构雇用了许多当地人。",
        ];
        let findings = run(&EN, &zh);
        assert_eq!(findings.len(), 1, "{findings:#?}");
        let f = &findings[0];
        assert_eq!(f.rule, TERM_INCONSISTENT);
        assert_eq!(f.en.as_ref().unwrap().text, "anchor institutions");
        assert_eq!(f.zh.as_ref().unwrap().text, "主要机构");
        assert!(f.message.contains("锚定机构 (2 times)"), "{}", f.message);
        assert!(f.message.contains("主要机构 (once)"), "{}", f.message);
    }

    #[test]
    fn a_verb_and_its_object_is_not_a_term() {
        let text = "to reducing health inequalities, care. Health inequality";
        let pairs = word_pairs(text, &mut String::new());
        let words: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(_, a, b)| (&text[a.clone()], &text[b.clone()]))
            .collect();
        assert_eq!(
            words,
            [("health", "inequalities"), ("Health", "inequality")]
        );
        assert_eq!(pairs[0].0, pairs[1].0);
    }

    #[test]
    fn one_rendering_or_dictionary_synonyms_are_consistent() {
        let zh = [
            "医院可以作为当地经济中的锚定机构。",
            "我们采访了英格兰四个锚定机构的工作人员。",
            "锚定机构雇用了许多当地人。",
        ];
        assert!(run(&EN, &zh).is_empty());
        let en = [
            "Health inequalities are large in England.",
            "Local plans address health inequalities in different ways.",
        ];
        let zh = [
            "英格兰的健康不平等很严重。",
            "地方计划以不同方式解决卫生不平等问题。",
        ];
        assert!(run(&en, &zh).is_empty());
    }
}
