//! `sentence-omitted` and `sentence-added`: sentences with no counterpart.
//!
//! Two cases: a bead with one empty side (the aligner paired the sentence with nothing), and a
//! sentence inside a merged bead (2-1, 1-2, ...) that shares no glossary word with the other
//! side while its companions do. The aligner prefers a merge to a skip when lengths allow it, so
//! a dropped short sentence next to its neighbour often ends up merged with it.

use super::{length, locate, quote, SENTENCE_ADDED, SENTENCE_OMITTED};
use crate::align::words::{ascii_words, EnglishStemmer};
use crate::align::Glossary;
use crate::finding::Finding;
use crate::lang::{is_han, Lang};
use crate::model::AlignedSection;
use crate::model::SentenceBead;
use std::ops::Range;

/// Fewer English words than this (of two letters or more) is a label, a number or a fragment:
/// splitting and layout leave such pieces, and they carry too little to call a sentence missing.
const MIN_EN_WORDS: usize = 4;
/// The same for Chinese, in Han characters.
const MIN_ZH_HAN: usize = 6;

/// Is this sentence substantial enough that having no counterpart matters?
pub fn is_substantial(text: &str, lang: Lang) -> bool {
    match lang {
        Lang::En => {
            crate::align::words::ascii_words(text)
                .filter(|(_, w)| w.len() >= 2)
                .count()
                >= MIN_EN_WORDS
        }
        Lang::Zh => text.chars().filter(|&c| is_han(c)).count() >= MIN_ZH_HAN,
    }
}

/// A merged sentence is unmatched when it has at least this many glossary words...
const MIN_KNOWN: usize = 3;
/// ...and at most this share of them is found in the other side...
const UNMATCHED_SHARE: f32 = 0.2;
/// ...while another sentence of the merge has at least this share. On the gold-aligned sets in
/// `shared/eval/real`, 1 correct merge in 95 has a sentence this unmatched.
const MATCHED_SHARE: f32 = 0.4;

/// A Chinese sentence in a merge needs this many Han characters to be reported.
const MIN_ADDED_HAN: usize = 10;

/// Glossary words of an English text: stems the glossary knows, each once.
fn known_stems(text: &str, glossary: &Glossary, stemmer: &EnglishStemmer) -> Vec<String> {
    let mut stems: Vec<String> = ascii_words(text)
        .filter_map(|(_, w)| stemmer.key(&w.to_ascii_lowercase()).map(|k| k.into_owned()))
        .filter(|k| glossary.contains(k))
        .collect();
    stems.sort_unstable();
    stems.dedup();
    stems
}

/// Does the glossary translate `stem` with something in `zh`? Translations of fewer than
/// `min_chars` characters are not counted (one character, such as 还 for `yet`, is found by chance).
fn translated_in(stem: &str, zh: &str, glossary: &Glossary, min_chars: usize) -> bool {
    glossary
        .translations(stem)
        .any(|t| t.chars().count() >= min_chars && zh.contains(t))
}

/// The sentences of a merged bead that share next to nothing with the other side while the
/// rest of the merge does: (side, sentence range).
fn unmatched_in_merge(
    section: &AlignedSection,
    bead: &SentenceBead,
    glossary: &Glossary,
    stemmer: &EnglishStemmer,
) -> Vec<(Lang, Range<usize>)> {
    let share = |hits: usize, of: usize| hits as f32 / of.max(1) as f32;
    let mut found = Vec::new();
    if bead.en.len() >= 2 && !bead.zh.is_empty() {
        let Some((_, zh)) = section.side(bead, Lang::Zh) else {
            return found;
        };
        let shares: Vec<Option<f32>> = bead
            .en
            .iter()
            .map(|r| {
                let stems = known_stems(section.text(r), glossary, stemmer);
                let hits = stems
                    .iter()
                    .filter(|s| translated_in(s, zh, glossary, 1))
                    .count();
                (stems.len() >= MIN_KNOWN).then(|| share(hits, stems.len()))
            })
            .collect();
        for (i, r) in bead.en.iter().enumerate() {
            let matched_elsewhere = shares
                .iter()
                .enumerate()
                .any(|(j, s)| j != i && s.is_some_and(|s| s >= MATCHED_SHARE));
            if shares[i].is_some_and(|s| s <= UNMATCHED_SHARE) && matched_elsewhere {
                found.push((Lang::En, r.clone()));
            }
        }
    } else if bead.zh.len() >= 2 && !bead.en.is_empty() {
        let Some((_, en)) = section.side(bead, Lang::En) else {
            return found;
        };
        let stems = known_stems(en, glossary, stemmer);
        let hits: Vec<usize> = bead
            .zh
            .iter()
            .map(|r| {
                let zh = section.text(r);
                stems
                    .iter()
                    .filter(|s| translated_in(s, zh, glossary, 2))
                    .count()
            })
            .collect();
        // Chinese often splits a long English sentence in two, and the second part may share
        // no glossary word with it: only a sentence that also makes the merge too long counts.
        let lengths: Vec<f64> = bead
            .zh
            .iter()
            .map(|r| length::chars(section.text(r)))
            .collect();
        let total: f64 = lengths.iter().sum();
        let en_len = length::en_chars(en);
        let misfit = |zh_len: f64| (en_len / zh_len.max(1.0)).ln() - length::CALIBRATED_RATIO.ln();
        for (i, r) in bead.zh.iter().enumerate() {
            let matched_elsewhere = hits
                .iter()
                .enumerate()
                .any(|(j, &h)| j != i && h >= MIN_KNOWN);
            let long_without = misfit(total - lengths[i]).abs() < misfit(total).abs();
            let han = section.text(r).chars().filter(|&c| is_han(c)).count();
            if hits[i] == 0 && han >= MIN_ADDED_HAN && long_without && matched_elsewhere {
                found.push((Lang::Zh, r.clone()));
            }
        }
    }
    found
}

/// One finding per substantial sentence without a counterpart.
pub fn check(
    section: &AlignedSection,
    glossary: &Glossary,
    stemmer: &EnglishStemmer,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    // The last bead with an English side and the last with a Chinese side, so that placing a
    // sentence does not look back through every bead before it.
    let mut last_with: [Option<usize>; 2] = [None, None];
    let slot = |lang: Lang| usize::from(lang == Lang::Zh);
    for (index, bead) in section.beads.iter().enumerate() {
        let previous = last_with;
        for lang in [Lang::En, Lang::Zh] {
            if section.side(bead, lang).is_some() {
                last_with[slot(lang)] = Some(index);
            }
        }
        let unpaired: Vec<(Lang, Range<usize>)> = match (bead.en.is_empty(), bead.zh.is_empty()) {
            (false, true) => bead.en.iter().map(|r| (Lang::En, r.clone())).collect(),
            (true, false) => bead.zh.iter().map(|r| (Lang::Zh, r.clone())).collect(),
            (false, false) if bead.en.len().max(bead.zh.len()) >= 2 => {
                unmatched_in_merge(section, bead, glossary, stemmer)
            }
            _ => continue,
        };
        for (lang, range) in unpaired {
            let text = section.text(&range);
            if !is_substantial(text, lang) {
                continue;
            }
            let other = lang.other();
            let merged = !(bead.en.is_empty() || bead.zh.is_empty());
            // Where the counterpart would be: after the last sentence of the other side before
            // it (for a merged bead, the other side is what the aligner put it with).
            let before = if merged {
                section.side(bead, other).map(|(_, text)| text)
            } else {
                previous[slot(other)]
                    .and_then(|i| section.side(&section.beads[i], other))
                    .map(|(_, text)| text)
            };
            let rule = if lang == section.source {
                SENTENCE_OMITTED
            } else {
                SENTENCE_ADDED
            };
            let place = match (before, merged) {
                (Some(next_to), true) => format!(
                    "the aligned {} sentence {} does not translate it",
                    other.name(),
                    quote(next_to, 40)
                ),
                (Some(prev), false) => format!("it would follow {}", quote(prev, 40)),
                (None, _) => format!("it would open the {} {}", other.name(), section.section),
            };
            let message = format!(
                "this {} sentence of the {} has no counterpart in the {} ({place})",
                lang.name(),
                section.section,
                other.name()
            );
            let loc = Some(locate(section.doc, range, None));
            let (en, zh) = if lang == Lang::En {
                (loc, None)
            } else {
                (None, loc)
            };
            findings.push(section.finding(rule, en, zh, message));
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::tests::{aligned, aligner};

    fn check(section: &AlignedSection) -> Vec<Finding> {
        super::check(section, aligner().glossary(), aligner().stemmer())
    }

    #[test]
    fn an_english_sentence_without_chinese_is_omitted() {
        let en = [
            "We enrolled 120 patients with lung cancer in the study.",
            "All of them were followed for five years after discharge.",
            "Mortality was lower in the treatment group.",
        ];
        let zh = ["我们在研究中招募了120名肺癌患者。", "治疗组的死亡率较低。"];
        let (doc, beads) = aligned(&en, &zh);
        let section = AlignedSection {
            doc: &doc,
            pair: 0,
            section: "results",
            source: Lang::En,
            beads: &beads,
        };
        let findings = check(&section);
        assert_eq!(findings.len(), 1, "{findings:#?}");
        let f = &findings[0];
        assert_eq!(f.rule, SENTENCE_OMITTED);
        assert_eq!(f.en.as_ref().unwrap().text, en[1]);
        assert!(f.zh.is_none());
        assert!(f.message.contains("我们在研究中招募了"), "{}", f.message);

        // The same beads read with Chinese as the original: the English sentence was added.
        let section = AlignedSection {
            source: Lang::Zh,
            ..section
        };
        assert_eq!(check(&section)[0].rule, SENTENCE_ADDED);
    }

    #[test]
    fn each_added_sentence_follows_the_last_sentence_of_the_other_side() {
        // One English sentence, then many Chinese ones with no counterpart: every one of them
        // is placed after the same English sentence (the one before the run), however long the
        // run is.
        let en = ["We enrolled 120 patients with lung cancer in the study."];
        let mut zh = vec!["我们在研究中招募了120名肺癌患者。"];
        zh.extend(std::iter::repeat_n(
            "患者接受了长期的随访和定期的复查。",
            40,
        ));
        let (doc, beads) = aligned(&en, &zh);
        let section = AlignedSection {
            doc: &doc,
            pair: 0,
            section: "results",
            source: Lang::En,
            beads: &beads,
        };
        let findings = check(&section);
        assert!(findings.len() >= 30, "{}", findings.len());
        for f in &findings {
            assert_eq!(f.rule, SENTENCE_ADDED);
            assert!(f.message.contains("it would follow"), "{}", f.message);
            assert!(
                f.message.contains("We enrolled 120 patients"),
                "{}",
                f.message
            );
        }
    }

    #[test]
    fn short_pieces_are_not_sentences() {
        assert!(!is_substantial("Trial registration: NCT012345.", Lang::En));
        assert!(!is_substantial("结论:", Lang::Zh));
        assert!(is_substantial(
            "Mortality was lower in the treatment group.",
            Lang::En
        ));
        assert!(is_substantial("治疗组的死亡率较低。", Lang::Zh));
    }
}
