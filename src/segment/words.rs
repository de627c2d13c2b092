//! Chinese words, by jieba, without loading jieba's whole dictionary.
//!
//! jieba-rs builds its dictionary (349,045 words) into a trie when it loads: about 85 ms and
//! 30 MiB, more than everything else a one-page `bitext check` does. bitext cuts only a little of
//! a page into words (the few characters around a numeral, the sentences holding a glossary
//! term), so it looks the words up instead. The dictionary lies in the binary sorted by its
//! words' bytes (`dictionaries/zh_words/dict.txt`, made from jieba's by
//! `scripts/build_zh_words.py`), and a text is cut by a jieba that holds only the dictionary words
//! occurring in the text, with the whole dictionary's frequency total.
//!
//! jieba scores a segmentation from the frequencies of the words the text contains and that
//! total, nothing else, so the cut is the one `Jieba::new()` gives, character for character (the
//! tests compare them on every page shipped and on random text). Each thread keeps its jieba and
//! adds to it text by text. Once the texts cut add up to [`CUTOVER_BYTES`], where the lookups
//! have cost about what loading everything costs, the whole dictionary is loaded and shared.

use jieba_rs::Jieba;
use std::cell::RefCell;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

/// jieba's dictionary as `word freq` lines, sorted by the words' UTF-8 bytes.
const DICT: &str = include_str!("../../dictionaries/zh_words/dict.txt");

/// The sum of every frequency in the dictionary: jieba's `total`, which every word's
/// probability is divided by (printed by `scripts/build_zh_words.py`; a test checks it).
const TOTAL_FREQ: usize = 60_101_964;

/// The longest dictionary word, in characters.
const MAX_WORD_CHARS: usize = 16;

/// Bytes of text after which the whole dictionary is loaded: past this, looking words up
/// text by text costs more than loading them all once (measured: `cargo bench --bench words`).
const CUTOVER_BYTES: usize = 256 * 1024;

/// A word no text can match: jieba looks words up only inside runs of Han characters, ASCII
/// letters and digits and `+#&._%-`. It carries the frequency of the words not loaded, so the
/// loaded words' total is the dictionary's.
const REST: &str = "\u{1}";

/// The dictionary's line starts, found once.
fn line_starts() -> &'static [u32] {
    static STARTS: OnceLock<Vec<u32>> = OnceLock::new();
    STARTS.get_or_init(|| {
        let bytes = DICT.as_bytes();
        std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1))
            .filter(|&start| start < bytes.len())
            .map(|start| start as u32)
            .collect()
    })
}

/// Line `i` of the dictionary: its word and frequency.
fn entry(starts: &[u32], i: usize) -> (&'static str, usize) {
    let start = starts[i] as usize;
    let end = starts.get(i + 1).map_or(DICT.len(), |&s| s as usize);
    let line = DICT[start..end].trim_end_matches('\n');
    let (word, freq) = line.split_once(' ').unwrap_or((line, "0"));
    (word, freq.parse().unwrap_or(0))
}

/// The word of the line starting at byte `start`.
fn word_from(start: u32) -> &'static [u8] {
    let rest = &DICT.as_bytes()[start as usize..];
    let end = memchr::memchr2(b' ', b'\n', rest).unwrap_or(rest.len());
    &rest[..end]
}

/// Every dictionary word that occurs in `text`, each occurrence once, with its frequency.
fn dictionary_words_in(text: &str, found: &mut Vec<(&'static str, usize)>) {
    let starts = line_starts();
    let ends: Vec<usize> = text.char_indices().map(|(i, c)| i + c.len_utf8()).collect();
    for (k, (from, _)) in text.char_indices().enumerate() {
        // The words starting with each longer prefix are a narrower run of the sorted lines.
        let (mut lo, mut hi) = (0, starts.len());
        for &to in ends.iter().skip(k).take(MAX_WORD_CHARS) {
            let prefix = &text.as_bytes()[from..to];
            let run = &starts[lo..hi];
            lo += run.partition_point(|&s| word_from(s) < prefix);
            hi = lo + starts[lo..hi].partition_point(|&s| word_from(s).starts_with(prefix));
            if lo == hi {
                break;
            }
            if word_from(starts[lo]) == prefix {
                found.push(entry(starts, lo));
            }
        }
    }
}

/// A thread's jieba: the dictionary words of the texts it has cut so far.
struct Partial {
    jieba: Jieba,
    /// The frequency total of the words it holds (without [`REST`]).
    held: usize,
    found: Vec<(&'static str, usize)>,
}

impl Partial {
    fn new() -> Partial {
        Partial {
            jieba: Jieba::empty(),
            held: 0,
            found: Vec::new(),
        }
    }

    /// Make sure every dictionary word of `text` is held, with the dictionary's total.
    fn take_words_of(&mut self, text: &str) {
        self.found.clear();
        dictionary_words_in(text, &mut self.found);
        let mut added = false;
        for &(word, freq) in &self.found {
            if !self.jieba.has_word(word) {
                self.jieba.add_word(word, Some(freq), None);
                self.held += freq;
                added = true;
            }
        }
        if added || !self.jieba.has_word(REST) {
            self.jieba
                .add_word(REST, Some(TOTAL_FREQ.saturating_sub(self.held)), None);
        }
    }
}

thread_local! {
    static PARTIAL: RefCell<Option<Partial>> = const { RefCell::new(None) };
}

/// The whole dictionary, loaded.
fn load_whole() -> Jieba {
    // A test checks the shipped dictionary parses; were it not to, words would be cut one by one.
    Jieba::with_dict(&mut DICT.as_bytes()).unwrap_or_else(|_| Jieba::empty())
}

fn ranges(jieba: &Jieba, text: &str) -> Vec<Range<usize>> {
    jieba
        .cut(text, true)
        .into_iter()
        .map(|token| token.byte_start..token.byte_end)
        .collect()
}

/// Chinese words, by jieba with its default dictionary; shared by every thread.
#[derive(Default)]
pub struct ChineseWords {
    /// Bytes cut so far, by every thread.
    cut: AtomicUsize,
    whole: OnceLock<Jieba>,
}

impl ChineseWords {
    pub fn new() -> ChineseWords {
        ChineseWords::default()
    }

    /// Index the dictionary's lines now (a few milliseconds), ahead of the first text.
    pub fn warm_up() {
        line_starts();
    }

    /// Load the whole dictionary now, as a long batch would at [`CUTOVER_BYTES`].
    pub fn preload(&self) {
        self.whole.get_or_init(load_whole);
    }

    /// The words of `text` as byte ranges, in order, covering the text.
    pub fn words(&self, text: &str) -> Vec<Range<usize>> {
        if let Some(jieba) = self.whole.get() {
            return ranges(jieba, text);
        }
        if self.cut.fetch_add(text.len(), Ordering::Relaxed) >= CUTOVER_BYTES {
            return ranges(self.whole.get_or_init(load_whole), text);
        }
        PARTIAL.with(|partial| {
            let mut partial = partial.borrow_mut();
            let partial = partial.get_or_insert_with(Partial::new);
            partial.take_words_of(text);
            ranges(&partial.jieba, text)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_words_cover_the_text_in_order() {
        let words = ChineseWords::new();
        let text = "作为主要机构的医疗保健组织,锚定机构。";
        let ranges = words.words(text);
        assert_eq!(ranges.first().map(|r| r.start), Some(0));
        assert_eq!(ranges.last().map(|r| r.end), Some(text.len()));
        assert!(ranges.windows(2).all(|w| w[0].end == w[1].start));
        let pieces: Vec<&str> = ranges.iter().map(|r| &text[r.clone()]).collect();
        assert!(pieces.contains(&"主要"), "{pieces:?}");
    }

    #[test]
    fn the_dictionary_is_sorted_and_its_total_is_right() {
        let starts = line_starts();
        assert_eq!(starts.len(), 349_045);
        assert!((1..starts.len()).all(|i| word_from(starts[i - 1]) < word_from(starts[i])));
        let total: usize = (0..starts.len()).map(|i| entry(starts, i).1).sum();
        assert_eq!(total, TOTAL_FREQ);
        let longest = (0..starts.len())
            .map(|i| entry(starts, i).0.chars().count())
            .max();
        assert_eq!(longest, Some(MAX_WORD_CHARS));
    }

    #[test]
    fn words_in_a_text_are_found_with_their_frequencies() {
        let mut found = Vec::new();
        dictionary_words_in("中国人民", &mut found);
        let words: Vec<&str> = found.iter().map(|(w, _)| *w).collect();
        // 中国人 and 中国人民 are not in the dictionary.
        assert_eq!(words, ["中", "中国", "国", "国人", "人", "人民", "民"]);
        assert!(found.iter().all(|&(_, f)| f > 0));
        found.clear();
        dictionary_words_in("", &mut found);
        dictionary_words_in("\u{1}\n ", &mut found);
        assert!(found.is_empty());
    }

    /// Pages and fixtures shipped with the repository, and windows of them.
    fn shipped_texts() -> Vec<String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts = Vec::new();
        for dir in [
            "examples/pages",
            "tests/fixtures/pages",
            "tests/fixtures/hard",
        ] {
            let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
                continue;
            };
            for entry in entries.flatten() {
                if let Ok(text) = std::fs::read_to_string(entry.path()) {
                    texts.push(text);
                }
            }
        }
        assert!(texts.len() >= 5, "the shipped pages are readable");
        texts
    }

    #[test]
    fn cuts_are_jiebas_with_the_whole_dictionary() {
        let reference = Jieba::new();
        let whole = load_whole();
        let words = ChineseWords::new();
        let mut compared = 0;
        for text in shipped_texts() {
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                let expected = ranges(&reference, line);
                assert_eq!(ranges(&whole, line), expected, "{line}");
                // A fresh thread: its jieba starts empty.
                let fresh = std::thread::scope(|s| s.spawn(|| words.words(line)).join());
                assert_eq!(fresh.ok(), Some(expected.clone()), "{line}");
                // This thread's jieba holds the words of every line before.
                assert_eq!(words.words(line), expected, "{line}");
                compared += 1;
            }
        }
        assert!(compared > 100);
    }

    proptest::proptest! {
        #[test]
        fn random_text_is_cut_as_jieba_cuts_it(
            text in "[一二三十百千万两零个项组年月日中国人民的是在有了和医疗研究结果方法患者例为治疗a-z0-9%.,，。 ]{0,40}"
        ) {
            let reference = reference_jieba();
            let words = ChineseWords::new();
            proptest::prop_assert_eq!(words.words(&text), ranges(reference, &text));
        }
    }

    fn reference_jieba() -> &'static Jieba {
        static REFERENCE: OnceLock<Jieba> = OnceLock::new();
        REFERENCE.get_or_init(Jieba::new)
    }
}
