//! What the cost function knows about each sentence: length, anchors (numbers, Latin tokens)
//! and glossary words, extracted once per document.

use super::glossary::Glossary;
use super::words::{ascii_words, unescape_tokenized, EnglishStemmer};
use crate::lang::{is_han, Lang};
use crate::numbers::{self, NumberDictionaries, Strength};
use crate::text::fold_char;
use rustc_hash::{FxHashMap, FxHasher};
use std::hash::Hasher;

/// Bits per sentence for "which glossary words matched": longer sentences wrap around, which only
/// blurs the count for very long sentences.
pub(crate) const EN_BITS: usize = 64;
pub(crate) const ZH_BITS: usize = 256;

#[derive(Debug, Default)]
pub(crate) struct EnSentence {
    /// Non-whitespace chars.
    pub len: f32,
    /// (document stem id, index among the glossary words), sorted by stem id.
    pub stems: Vec<(u32, u16)>,
    /// Number of words with a glossary entry.
    pub known: u32,
    /// Hashes of the lower-case alphanumeric tokens, sorted, for Latin anchors.
    pub tokens: Vec<u64>,
    /// Hashes of the numbers (weight in the low bit: see `number_hashes`).
    pub numbers: Vec<u64>,
}

#[derive(Debug, Default)]
pub(crate) struct ZhSentence {
    pub han: u32,
    /// Non-whitespace chars that are not Han.
    pub other: u32,
    /// (document stem id, first Han char, Han chars) of glossary translations found, by stem id.
    pub hits: Vec<(u32, u16, u8)>,
    /// Hashes of Latin tokens kept in the Chinese (acronyms, gene names).
    pub latin: Vec<u64>,
    pub numbers: Vec<u64>,
}

fn hash(s: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(s.as_bytes());
    h.finish()
}

/// Digit sequences of `text`, normalized: full-width digits folded, thousands separators
/// dropped, leading zeros trimmed, `.05` read as `0.05`. Kept behind this one function so the
/// `numbers` module's extractor can replace it.
pub(crate) fn digit_sequences(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().map(fold_char).collect();
    let mut out = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        let starts_decimal = chars[k] == '.'
            && chars.get(k + 1).is_some_and(char::is_ascii_digit)
            && (k == 0 || !chars[k - 1].is_ascii_digit());
        if !chars[k].is_ascii_digit() && !starts_decimal {
            k += 1;
            continue;
        }
        let mut int = String::new();
        while k < chars.len() {
            let c = chars[k];
            if c.is_ascii_digit() {
                int.push(c);
                k += 1;
            } else if c == ','
                && !int.is_empty()
                && chars.len() >= k + 4
                && chars[k + 1..k + 4].iter().all(char::is_ascii_digit)
                && chars.get(k + 4).is_none_or(|c| !c.is_ascii_digit())
            {
                k += 1;
            } else {
                break;
            }
        }
        let mut frac = String::new();
        if k + 1 < chars.len() && chars[k] == '.' && chars[k + 1].is_ascii_digit() {
            k += 1;
            while k < chars.len() && chars[k].is_ascii_digit() {
                frac.push(chars[k]);
                k += 1;
            }
        }
        let int = int.trim_start_matches('0');
        let int = if int.is_empty() { "0" } else { int };
        if frac.is_empty() {
            out.push(int.to_owned());
        } else {
            out.push(format!("{int}.{frac}"));
        }
    }
    out
}

/// Hashes of the numbers, with the low bit set on strong anchors (more than one digit):
/// "1" and "2" are everywhere, "1998" and "0.05" are not.
fn number_hashes(text: &str, lang: Lang, dict: &NumberDictionaries) -> Vec<u64> {
    // Digits as written (robust on tokenized text such as `8 , 400`), plus the values of
    // numbers written in words, so that `five` meets `五` and `twice` meets `两倍`.
    let words = numbers::extract(text, lang, dict)
        .into_iter()
        .filter(|m| m.strength == Strength::Strong)
        .filter(|m| {
            !text[m.span.clone()]
                .chars()
                .any(|c| fold_char(c).is_ascii_digit())
        })
        .flat_map(|m| {
            m.value
                .endpoints()
                .into_iter()
                .map(|q| q.to_string())
                .collect::<Vec<_>>()
        });
    let mut v: Vec<u64> = digit_sequences(text)
        .into_iter()
        .chain(words)
        .map(|n| (hash(&n) & !1) | u64::from(n.len() > 1))
        .collect();
    v.sort_unstable();
    v
}

/// Lower-case alphanumeric tokens with at least one letter and two chars ("cd4", "nhs").
fn latin_tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| t.len() >= 2 && t.bytes().any(|b| b.is_ascii_alphabetic()))
        .map(str::to_ascii_lowercase)
}

/// The document's glossary words: stems that occur in its English, and the Chinese words that
/// translate them, each with the stems it supports.
pub(crate) struct DocLexicon {
    stem_ids: FxHashMap<String, u32>,
    zh_ids: FxHashMap<&'static str, u32>,
    /// Chinese word id → stem ids.
    supports: Vec<Vec<u32>>,
    max_chars: usize,
}

impl DocLexicon {
    fn new(max_chars: usize) -> Self {
        DocLexicon {
            stem_ids: FxHashMap::default(),
            zh_ids: FxHashMap::default(),
            supports: Vec::new(),
            max_chars,
        }
    }

    fn stem_id(&mut self, stem: &str, glossary: &Glossary) -> u32 {
        if let Some(&id) = self.stem_ids.get(stem) {
            return id;
        }
        let id = self.stem_ids.len() as u32;
        self.stem_ids.insert(stem.to_owned(), id);
        for t in glossary.translations(stem) {
            let next = self.supports.len() as u32;
            let zid = *self.zh_ids.entry(t).or_insert(next);
            if zid == next {
                self.supports.push(Vec::new());
            }
            self.supports[zid as usize].push(id);
        }
        id
    }
}

pub(crate) fn english_features(
    sentences: &[&str],
    glossary: &Glossary,
    stemmer: &EnglishStemmer,
    numbers: &NumberDictionaries,
) -> (Vec<EnSentence>, DocLexicon) {
    let mut lexicon = DocLexicon::new(glossary.max_chars());
    let mut lower = String::new();
    let features = sentences
        .iter()
        .map(|raw| {
            let text = unescape_tokenized(raw);
            let len = text.chars().filter(|c| !c.is_whitespace()).count() as f32;
            let mut stems = Vec::new();
            for (_, word) in ascii_words(&text) {
                lower.clear();
                lower.push_str(word);
                lower.make_ascii_lowercase();
                let Some(key) = stemmer.key(&lower) else {
                    continue;
                };
                if glossary.contains(&key) {
                    let id = lexicon.stem_id(&key, glossary);
                    stems.push((id, stems.len().min(u16::MAX as usize) as u16));
                }
            }
            let known = stems.len() as u32;
            stems.sort_unstable();
            let mut tokens: Vec<u64> = latin_tokens(&text).map(|t| hash(&t)).collect();
            tokens.sort_unstable();
            tokens.dedup();
            EnSentence {
                len,
                stems,
                known,
                tokens,
                numbers: number_hashes(&text, Lang::En, numbers),
            }
        })
        .collect();
    (features, lexicon)
}

pub(crate) fn chinese_features(
    sentences: &[&str],
    lexicon: &DocLexicon,
    numbers: &NumberDictionaries,
) -> Vec<ZhSentence> {
    let mut compact = String::new();
    let mut starts: Vec<usize> = Vec::new();
    sentences
        .iter()
        .map(|raw| {
            let text = unescape_tokenized(raw);
            // Tokenized corpora put spaces between Chinese words; glossary words span them.
            compact.clear();
            compact.extend(text.chars().filter(|c| !c.is_whitespace()));
            let han = compact.chars().filter(|&c| is_han(c)).count() as u32;
            let other = compact.chars().count() as u32 - han;
            let mut hits = Vec::new();
            // Han runs: byte offsets of each Han char, a run ends at any other char.
            let mut han_pos = 0usize;
            let mut iter = compact.char_indices().peekable();
            while let Some((i, c)) = iter.next() {
                if !is_han(c) {
                    continue;
                }
                starts.clear();
                starts.push(i);
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = iter.peek() {
                    if !is_han(d) {
                        break;
                    }
                    starts.push(j);
                    end = j + d.len_utf8();
                    iter.next();
                }
                starts.push(end);
                let run = starts.len() - 1;
                for p in 0..run {
                    for l in 1..=lexicon.max_chars.min(run - p) {
                        let word = &compact[starts[p]..starts[p + l]];
                        if let Some(&zid) = lexicon.zh_ids.get(word) {
                            for &stem in &lexicon.supports[zid as usize] {
                                let pos = (han_pos + p).min(u16::MAX as usize) as u16;
                                hits.push((stem, pos, l as u8));
                            }
                        }
                    }
                }
                han_pos += run;
            }
            hits.sort_unstable();
            let mut latin: Vec<u64> = latin_tokens(&text).map(|t| hash(&t)).collect();
            latin.sort_unstable();
            ZhSentence {
                han,
                other,
                hits,
                latin,
                numbers: number_hashes(&text, Lang::Zh, numbers),
            }
        })
        .collect()
}

/// Which English glossary words of one sentence and which Han chars of one Chinese sentence
/// translate each other.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct PairMatch {
    pub en: u64,
    pub zh: [u64; ZH_BITS / 64],
}

pub(crate) fn pair_match(en: &EnSentence, zh: &ZhSentence) -> PairMatch {
    let mut m = PairMatch::default();
    let (a, b) = (&en.stems, &zh.hits);
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let (sa, sb) = (a[i].0, b[j].0);
        if sa < sb {
            i += 1;
        } else if sb < sa {
            j += 1;
        } else {
            let i_end = i + a[i..].iter().take_while(|x| x.0 == sa).count();
            let j_end = j + b[j..].iter().take_while(|x| x.0 == sa).count();
            for &(_, word) in &a[i..i_end] {
                m.en |= 1 << (word as usize % EN_BITS);
            }
            for &(_, start, len) in &b[j..j_end] {
                for p in start as usize..start as usize + len as usize {
                    let bit = p % ZH_BITS;
                    m.zh[bit / 64] |= 1 << (bit % 64);
                }
            }
            i = i_end;
            j = j_end;
        }
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digit_sequences_normalize() {
        assert_eq!(
            digit_sequences("n = 14, 36,000 and ０.05, p<.001; 2024-07"),
            ["14", "36000", "0.05", "0.001", "2024", "7"]
        );
        assert_eq!(digit_sequences("1,2,3 and 007"), ["1", "2", "3", "7"]);
        assert!(digit_sequences("").is_empty());
    }

    #[test]
    fn numbers_written_in_words_are_anchors() {
        let numbers = NumberDictionaries::builtin().expect("number dictionaries");
        let en = number_hashes("All were followed for five years.", Lang::En, &numbers);
        let zh = number_hashes("所有患者均随访五年。", Lang::Zh, &numbers);
        assert!(!en.is_empty());
        assert_eq!(en, zh);
    }

    #[test]
    fn glossary_words_match_across_languages() {
        let g = Glossary::builtin().expect("glossary");
        let stemmer = EnglishStemmer::default();
        let numbers = NumberDictionaries::builtin().expect("number dictionaries");
        let (en, lex) = english_features(
            &["The patients were admitted to hospital."],
            &g,
            &stemmer,
            &numbers,
        );
        let zh = chinese_features(&["患者 住院 了。", "天气很好。"], &lex, &numbers);
        let good = pair_match(&en[0], &zh[0]);
        let bad = pair_match(&en[0], &zh[1]);
        assert!(good.en.count_ones() >= 2, "{good:?}");
        assert!(good.zh.iter().map(|w| w.count_ones()).sum::<u32>() >= 4);
        assert!(bad.en.count_ones() < good.en.count_ones());
    }
}
