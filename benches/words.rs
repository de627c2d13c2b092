//! Chinese word lookup against loading jieba's whole dictionary: `cargo bench --bench words`.
//!
//! Cuts the Chinese lines of the shipped pages, each line a text as the checks cut them, once
//! with the words looked up text by text and once with the whole dictionary loaded, and prints
//! how many bytes of text the lookups take to cost what the load costs: the cutover
//! (`CUTOVER_BYTES` in src/segment/words.rs) should sit near it.

use bitext::segment::ChineseWords;
use std::time::Instant;

fn chinese_lines() -> Vec<String> {
    let mut lines = Vec::new();
    for dir in [
        "examples/pages",
        "tests/fixtures/pages",
        "tests/fixtures/hard",
    ] {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            lines.extend(
                text.lines()
                    .filter(|l| l.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)))
                    .map(str::to_owned),
            );
        }
    }
    lines
}

fn cut_all(words: &ChineseWords, lines: &[String]) -> f64 {
    let t = Instant::now();
    let mut n = 0;
    for line in lines {
        n += words.words(line).len();
    }
    std::hint::black_box(n);
    t.elapsed().as_secs_f64() * 1e3
}

fn main() {
    let lines = chinese_lines();
    let bytes: usize = lines.iter().map(String::len).sum();
    println!("{} lines, {} KB of text", lines.len(), bytes / 1024);

    // Each run on a fresh thread, so its looked-up words start empty.
    let looked_up = std::thread::scope(|s| {
        s.spawn(|| cut_all(&ChineseWords::new(), &lines))
            .join()
            .unwrap_or(f64::NAN)
    });
    let whole = ChineseWords::new();
    let t = Instant::now();
    whole.preload();
    let load = t.elapsed().as_secs_f64() * 1e3;
    let loaded = cut_all(&whole, &lines);
    println!("looked up:           {looked_up:8.1} ms");
    println!("whole dictionary:    {loaded:8.1} ms after a load of {load:.1} ms");
    let extra_per_kb = (looked_up - loaded) / (bytes as f64 / 1024.0);
    println!(
        "lookups cost {extra_per_kb:.3} ms per KB more; the load equals {:.0} KB of lookups",
        load / extra_per_kb
    );
}
