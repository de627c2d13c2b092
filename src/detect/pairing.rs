//! Pair each English abstract with the Chinese one it translates (or that translates it), by
//! evidence: markers, section labels, plausible length, and Latin words the Chinese keeps
//! (acronyms, gene and species names). Digits are left out: postcodes and years shared by body
//! paragraphs made the wrong pairs win.

use super::lines::Line;
use super::{AbstractPair, AbstractText, Candidate};
use crate::dictionaries::Dictionaries;
use crate::lang::{Lang, ScriptCounts};
use std::collections::{HashMap, HashSet};

/// Pairs below this score are not pairs.
const MIN_SCORE: f64 = 0.3;

/// How well two multisets of section ids agree: 1 when equal, 0 when disjoint.
fn label_agreement(en: &[String], zh: &[String]) -> f64 {
    // A side without labels says nothing either way (a label may be unreadable on one side).
    if en.is_empty() || zh.is_empty() {
        return 0.5;
    }
    let mut counts: HashMap<&str, (usize, usize)> = HashMap::new();
    for id in en {
        counts.entry(id).or_default().0 += 1;
    }
    for id in zh {
        counts.entry(id).or_default().1 += 1;
    }
    let common: usize = counts.values().map(|&(a, b)| a.min(b)).sum();
    2.0 * common as f64 / (en.len() + zh.len()) as f64
}

/// Latin words of two letters or more (acronyms, names), as written.
fn latin_words(text: &str) -> HashSet<&str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .filter(|w| w.len() >= 2 && w.starts_with(|c: char| c.is_ascii_alphabetic()))
        .collect()
}

/// What pairing reads of one abstract, computed once (a page may hold hundreds).
struct Features<'a> {
    candidate: &'a Candidate,
    /// Letters of its script: Latin for English, Han for Chinese.
    letters: f64,
    latin_words: HashSet<&'a str>,
}

impl<'a> Features<'a> {
    fn of(text: &'a str, candidate: &'a Candidate) -> Features<'a> {
        let t = &text[candidate.range.clone()];
        let counts = ScriptCounts::of(t);
        let letters = match candidate.lang {
            Lang::En => counts.latin,
            Lang::Zh => counts.han,
        };
        Features {
            candidate,
            letters: letters.max(1) as f64,
            latin_words: latin_words(t),
        }
    }
}

/// How likely `zh` translates `en` (or the reverse).
fn score(en: &Features<'_>, zh: &Features<'_>) -> f64 {
    let labels = label_agreement(&en.candidate.labels, &zh.candidate.labels);
    // English letters per Chinese character is about 3 in abstracts.
    let length = (-(en.letters / zh.letters / 3.0).ln().abs()).exp();
    let kept = if zh.latin_words.is_empty() {
        0.0
    } else {
        zh.latin_words
            .iter()
            .filter(|w| en.latin_words.contains(*w))
            .count() as f64
            / zh.latin_words.len() as f64
    };
    // A marker is the strongest evidence a page gives; keywords after the text the next.
    let both = [en.candidate, zh.candidate];
    let marked = both.iter().filter(|c| c.marker.is_some()).count() as f64;
    let keywords = both.iter().filter(|c| c.keywords_after).count() as f64;
    3.0 * labels + length + kept + 2.0 * marked + keywords
}

/// Pair the accepted abstracts, best score first; `abstracts` holds each one's candidate index.
pub fn pair(
    text: &str,
    candidates: &[Candidate],
    abstracts: Vec<(usize, AbstractText)>,
    _dict: &Dictionaries,
    _lines: &[Line],
) -> (Vec<AbstractPair>, Vec<AbstractText>) {
    let (en, zh): (Vec<_>, Vec<_>) = abstracts.into_iter().partition(|(_, a)| a.lang == Lang::En);
    let features = |side: &[(usize, AbstractText)]| -> Vec<Features<'_>> {
        side.iter()
            .map(|(c, _)| Features::of(text, &candidates[*c]))
            .collect()
    };
    let (en_f, zh_f) = (features(&en), features(&zh));
    let mut scored = Vec::new();
    // A page of hundreds of abstracts on each side is a list, not a puzzle: pair neighbours.
    if en.len().saturating_mul(zh.len()) > 10_000 {
        for i in 0..en.len().min(zh.len()) {
            scored.push((score(&en_f[i], &zh_f[i]), i, i));
        }
    } else {
        for (i, e) in en_f.iter().enumerate() {
            for (j, z) in zh_f.iter().enumerate() {
                scored.push((score(e, z), i, j));
            }
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut en_used = vec![false; en.len()];
    let mut zh_used = vec![false; zh.len()];
    let mut pairs = Vec::new();
    for (s, i, j) in scored {
        if s < MIN_SCORE || en_used[i] || zh_used[j] {
            continue;
        }
        en_used[i] = true;
        zh_used[j] = true;
        pairs.push(AbstractPair {
            en: en[i].1.clone(),
            zh: zh[j].1.clone(),
        });
    }
    pairs.sort_by_key(|p| p.en.range.start);
    let unpaired = en
        .into_iter()
        .zip(en_used)
        .chain(zh.into_iter().zip(zh_used))
        .filter(|(_, used)| !used)
        .map(|((_, a), _)| a)
        .collect();
    (pairs, unpaired)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_agree_as_multisets() {
        let ids = |s: &str| s.split(' ').map(str::to_owned).collect::<Vec<_>>();
        let en = ids("objective methods methods methods results conclusions");
        assert!(
            label_agreement(&en, &ids("objective methods methods"))
                > label_agreement(&en, &ids("background methods results"))
        );
        assert_eq!(label_agreement(&ids("a b"), &ids("a b")), 1.0);
        assert_eq!(label_agreement(&[], &[]), 0.5);
    }

    #[test]
    fn latin_words_kept_in_chinese_are_evidence() {
        let w = latin_words("检测CDK6在卵巢癌中的表达(PCR, IHC)");
        assert!(w.contains("CDK6") && w.contains("PCR") && w.contains("IHC"));
    }
}
