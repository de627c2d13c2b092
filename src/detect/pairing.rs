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

/// How likely `zh` translates `en` (or the reverse).
fn score(text: &str, en: &Candidate, zh: &Candidate) -> f64 {
    let labels = label_agreement(&en.labels, &zh.labels);
    let latin = ScriptCounts::of(&text[en.range.clone()]).latin.max(1) as f64;
    let han = ScriptCounts::of(&text[zh.range.clone()]).han.max(1) as f64;
    // English letters per Chinese character is about 3 in abstracts.
    let length = (-(latin / han / 3.0).ln().abs()).exp();
    let kept = {
        let zh_words = latin_words(&text[zh.range.clone()]);
        if zh_words.is_empty() {
            0.0
        } else {
            let en_words = latin_words(&text[en.range.clone()]);
            zh_words.iter().filter(|w| en_words.contains(*w)).count() as f64 / zh_words.len() as f64
        }
    };
    // A marker is the strongest evidence a page gives; keywords after the text the next.
    let marked = [en, zh].iter().filter(|c| c.marker.is_some()).count() as f64;
    let keywords = [en, zh].iter().filter(|c| c.keywords_after).count() as f64;
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
    let mut scored = Vec::with_capacity(en.len() * zh.len());
    // A page of thousands of abstracts on each side is a list, not a puzzle: pair neighbours.
    if en.len().saturating_mul(zh.len()) > 250_000 {
        for i in 0..en.len().min(zh.len()) {
            scored.push((
                score(text, &candidates[en[i].0], &candidates[zh[i].0]),
                i,
                i,
            ));
        }
    } else {
        for (i, (ci, _)) in en.iter().enumerate() {
            for (j, (cj, _)) in zh.iter().enumerate() {
                scored.push((score(text, &candidates[*ci], &candidates[*cj]), i, j));
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
