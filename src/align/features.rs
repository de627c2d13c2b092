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

pub(crate) type ZhBits = [u64; ZH_BITS / 64];

#[derive(Debug, Default)]
pub(crate) struct EnSentence {
    /// Non-whitespace chars.
    pub len: f32,
    /// (document stem id, bits of its places among the glossary words, modulo [`EN_BITS`]),
    /// one entry a stem, sorted by stem id.
    pub stems: Vec<(u32, u64)>,
    /// Number of words with a glossary entry.
    pub known: u32,
    /// Hashes of the lower-case alphanumeric tokens, sorted, for Latin anchors.
    pub tokens: Vec<u64>,
    /// Hashes of the numbers (weight in the low bit: see `number_hashes`).
    pub numbers: Vec<u64>,
    pub number_sig: NumberSig,
    /// Part of a repeated block (see [`repeated_blocks`]).
    pub repeat: bool,
}

#[derive(Debug, Default)]
pub(crate) struct ZhSentence {
    pub han: u32,
    /// Non-whitespace chars that are not Han.
    pub other: u32,
    /// (document stem id, bits of the Han chars its translations cover, modulo [`ZH_BITS`]), one
    /// entry a stem, sorted by stem id.
    pub hits: Vec<(u32, ZhBits)>,
    /// Hashes of Latin tokens kept in the Chinese (acronyms, gene names).
    pub latin: Vec<u64>,
    pub numbers: Vec<u64>,
    pub number_sig: NumberSig,
    /// Part of a repeated block (see [`repeated_blocks`]).
    pub repeat: bool,
}

/// A sentence's numbers in brief: a bit a value (by hash, 128 bits) and their summed weight.
/// Two sides whose bits do not meet share no value, which the cost function then knows without
/// pairing the numbers up.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct NumberSig {
    pub bits: u128,
    pub weight: f32,
}

impl NumberSig {
    pub fn of(hashes: &[u64]) -> NumberSig {
        let mut sig = NumberSig::default();
        for &h in hashes {
            sig.bits |= 1u128 << (h >> 57);
            sig.weight += number_weight(h);
        }
        sig
    }
}

/// A number's weight as an anchor: strong ones 1, weak ones (single digits) half.
pub(crate) fn number_weight(h: u64) -> f32 {
    if h & 1 == 1 {
        1.0
    } else {
        0.5
    }
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
    /// The longest of the Chinese words, in characters: no longer stretch of text can be one.
    max_chars: usize,
}

impl DocLexicon {
    fn new() -> Self {
        DocLexicon {
            stem_ids: FxHashMap::default(),
            zh_ids: FxHashMap::default(),
            supports: Vec::new(),
            max_chars: 0,
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
                self.max_chars = self.max_chars.max(t.chars().count());
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
    let mut lexicon = DocLexicon::new();
    let mut lower = String::new();
    let repeats = repeated_blocks(sentences);
    let features = sentences
        .iter()
        .zip(repeats)
        .map(|(raw, repeat)| {
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
                    stems.push((id, 1u64 << (stems.len() % EN_BITS)));
                }
            }
            let known = stems.len() as u32;
            let stems = fold_by_id(stems, |a, b| *a |= b);
            let mut tokens: Vec<u64> = latin_tokens(&text).map(|t| hash(&t)).collect();
            tokens.sort_unstable();
            tokens.dedup();
            let en_numbers = number_hashes(&text, Lang::En, numbers);
            EnSentence {
                len,
                stems,
                known,
                tokens,
                number_sig: NumberSig::of(&en_numbers),
                numbers: en_numbers,
                repeat,
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
    let repeats = repeated_blocks(sentences);
    sentences
        .iter()
        .zip(repeats)
        .map(|(raw, repeat)| {
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
                            let mut bits = ZhBits::default();
                            for q in han_pos + p..han_pos + p + l {
                                let bit = q % ZH_BITS;
                                bits[bit / 64] |= 1 << (bit % 64);
                            }
                            for &stem in &lexicon.supports[zid as usize] {
                                hits.push((stem, bits));
                            }
                        }
                    }
                }
                han_pos += run;
            }
            let hits = fold_by_id(hits, |a, b| {
                for (x, y) in a.iter_mut().zip(b) {
                    *x |= y;
                }
            });
            let mut latin: Vec<u64> = latin_tokens(&text).map(|t| hash(&t)).collect();
            latin.sort_unstable();
            let zh_numbers = number_hashes(&text, Lang::Zh, numbers);
            ZhSentence {
                han,
                other,
                hits,
                latin,
                number_sig: NumberSig::of(&zh_numbers),
                numbers: zh_numbers,
                repeat,
            }
        })
        .collect()
}

/// Sentences with fewer letters than this are not taken for copies: short lines ("Results",
/// "Thank you.") recur in any long text.
const REPEAT_MIN_CHARS: usize = 6;
/// The least size of a repeated block, in letters (a Han char counts two): about one long
/// sentence. Shorter runs of copies are rhetoric ("实现中国梦，必须……" said again), translated
/// each time.
const REPEAT_MIN_BLOCK: usize = 100;

/// Which sentences are part of a repeated block: a run of two or more sentences each a copy of
/// an earlier sentence of the document, together at least [`REPEAT_MIN_BLOCK`] letters, as
/// where a page or a corpus repeats a paragraph (a translation gives such a block once, with
/// its first copy). Copies are compared by their Han chars, or by their letters and digits
/// (lower-cased) when they have few Han chars, so a copy that lost a Latin name or its spacing
/// still counts.
pub(crate) fn repeated_blocks(sentences: &[&str]) -> Vec<bool> {
    let mut seen: rustc_hash::FxHashSet<String> = Default::default();
    // Per sentence: its size in letters when it copies an earlier one, else None.
    let copies: Vec<Option<usize>> = sentences
        .iter()
        .map(|s| {
            let han: String = s.chars().filter(|&c| is_han(c)).collect();
            let (key, size) = if han.chars().count() >= REPEAT_MIN_CHARS {
                let n = han.chars().count();
                (han, 2 * n)
            } else {
                let key: String = s
                    .chars()
                    .filter(|c| c.is_alphanumeric())
                    .flat_map(char::to_lowercase)
                    .collect();
                let n = key.chars().count();
                (key, n)
            };
            let copy = key.chars().count() >= REPEAT_MIN_CHARS && !seen.insert(key);
            copy.then_some(size)
        })
        .collect();
    let mut repeat = vec![false; copies.len()];
    let mut i = 0;
    while i < copies.len() {
        let start = i;
        let mut size = 0;
        while let Some(Some(n)) = copies.get(i) {
            size += n;
            i += 1;
        }
        if i - start >= 2 && size >= REPEAT_MIN_BLOCK {
            repeat[start..i].iter_mut().for_each(|r| *r = true);
        }
        i = i.max(start + 1);
    }
    repeat
}

/// Which English glossary words of one sentence and which Han chars of one Chinese sentence
/// translate each other.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct PairMatch {
    pub en: u64,
    pub zh: [u64; ZH_BITS / 64],
}

/// One entry a stem id: the list sorted by id, the bits of equal ids merged.
fn fold_by_id<B: Copy>(mut list: Vec<(u32, B)>, merge: impl Fn(&mut B, B)) -> Vec<(u32, B)> {
    list.sort_unstable_by_key(|&(id, _)| id);
    let mut out: Vec<(u32, B)> = Vec::with_capacity(list.len());
    for (id, bits) in list {
        match out.last_mut() {
            Some((last, acc)) if *last == id => merge(acc, bits),
            _ => out.push((id, bits)),
        }
    }
    out
}

pub(crate) fn pair_match(en: &EnSentence, zh: &ZhSentence) -> PairMatch {
    let mut m = PairMatch::default();
    for_common_ids(&en.stems, &zh.hits, |en_bits, zh_bits| {
        m.en |= en_bits;
        for (x, y) in m.zh.iter_mut().zip(zh_bits) {
            *x |= y;
        }
    });
    m
}

/// Call `both` with the entries of the two id-sorted lists that share an id. The shorter list is
/// walked and its ids found in the longer one by galloping: a huge sentence facing many short
/// ones costs each pair a few steps, not its whole length.
fn for_common_ids<A: Copy, B: Copy>(a: &[(u32, A)], b: &[(u32, B)], mut both: impl FnMut(A, B)) {
    if a.len() <= b.len() {
        walk_into(a, b, both);
    } else {
        walk_into(b, a, |y, x| both(x, y));
    }
}

fn walk_into<S: Copy, L: Copy>(short: &[(u32, S)], long: &[(u32, L)], mut both: impl FnMut(S, L)) {
    let mut from = 0;
    for &(id, s) in short {
        from = gallop(long, from, id);
        match long.get(from) {
            Some(&(found, l)) if found == id => both(s, l),
            Some(_) => {}
            None => break,
        }
    }
}

/// The first index at or after `from` whose id is not below `id` (`list` sorted by id):
/// exponential steps, then a binary search inside the last step.
fn gallop<B>(list: &[(u32, B)], from: usize, id: u32) -> usize {
    let mut step = 1;
    let mut lo = from;
    let mut hi = from;
    while hi < list.len() && list[hi].0 < id {
        lo = hi + 1;
        hi = hi.saturating_add(step);
        step *= 2;
    }
    let hi = hi.min(list.len());
    lo + list[lo..hi].partition_point(|x| x.0 < id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_paragraph_is_a_block_and_repeated_lines_are_not() {
        let para = [
            "在这个双盲、双模拟、安慰剂对照试验中，入选的急症患者为充血性心力衰竭或呼吸衰竭。",
            "主要的安全结局是出血。",
            "全部疗效和安全性结局均独立裁定。",
        ];
        // The paragraph, a heading, the paragraph again (spaced as tokenized text), the
        // heading twice more.
        let again = "在 这个 双盲 、 双 模拟 、 安慰剂 对照 试验 中 ， 入选 的 急症 患者 为 充血性 心力衰竭 或 呼吸衰竭 。";
        let doc = [
            para[0], para[1], para[2], "结果", again, para[1], para[2], "结果", "结果",
        ];
        assert_eq!(
            repeated_blocks(&doc),
            [false, false, false, false, true, true, true, false, false]
        );
        // Rhetoric: two short sentences said again are translated again.
        let speech = [
            "实现中国梦，必须凝聚中国力量。",
            "空谈误国，实干兴邦。",
            "我们要用十三亿中国人的智慧和力量建设好国家。",
            "实现中国梦，必须凝聚中国力量。",
            "空谈误国，实干兴邦。",
        ];
        assert!(repeated_blocks(&speech).iter().all(|r| !r));
        assert!(repeated_blocks(&[]).is_empty());
    }

    #[test]
    fn gallop_finds_the_first_id_not_below() {
        let list: Vec<(u32, ())> = [1, 3, 3, 4, 9, 12, 12, 40, 41, 100]
            .iter()
            .map(|&id| (id, ()))
            .collect();
        for from in 0..=list.len() {
            for id in 0..=101 {
                let want = from + list[from..].partition_point(|x| x.0 < id);
                assert_eq!(gallop(&list, from, id), want, "from {from}, id {id}");
            }
        }
    }

    #[test]
    fn a_long_sentence_meets_a_short_one_either_way() {
        let g = Glossary::builtin().expect("glossary");
        let stemmer = EnglishStemmer::default();
        let numbers = NumberDictionaries::builtin().expect("number dictionaries");
        let long = "The patients were admitted to hospital. ".repeat(500);
        let (en, lex) = english_features(
            &[long.as_str(), "The patients were admitted."],
            &g,
            &stemmer,
            &numbers,
        );
        let long_zh = "患者入院治疗。".repeat(500);
        let zh = chinese_features(&["患者入院。", long_zh.as_str()], &lex, &numbers);
        // Walking the short side into the long one finds the same words as the other way.
        for (e, z) in [(0, 0), (1, 1), (0, 1), (1, 0)] {
            let m = pair_match(&en[e], &zh[z]);
            assert_ne!(m.en, 0, "en {e} zh {z}");
            assert!(m.zh.iter().any(|&w| w != 0), "en {e} zh {z}");
        }
        let m = pair_match(&en[1], &zh[0]);
        let all = en[1].stems.iter().fold(0u64, |b, s| b | s.1);
        assert_eq!(m.en & !all, 0, "only the sentence's own words");
    }

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
