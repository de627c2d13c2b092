//! Model load time and single-threaded throughput.
//!
//!     cargo run --release -p use-encoder --example embed_bench -- MODEL_DIR FILE.jsonl...
//!
//! Embeds the `en_sentences_detok` and `zh_sentences_detok` of every record (the eval sets'
//! layout), three times, and prints the best run.

use std::path::Path;
use std::time::Instant;

use use_encoder::{Encoder, Tokenizer};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (dir, files) = args
        .split_first()
        .expect("usage: embed_bench MODEL_DIR FILE.jsonl...");
    let dir = Path::new(dir);

    let start = Instant::now();
    let tokenizer = Tokenizer::from_file(&dir.join("sp.model")).unwrap();
    let tokenizer_load = start.elapsed();
    let encoder = Encoder::with_tokenizer(tokenizer, &dir.join("weights.safetensors")).unwrap();
    let total_load = start.elapsed();
    println!(
        "load: {:.0} ms (tokenizer {:.0} ms)",
        total_load.as_secs_f64() * 1e3,
        tokenizer_load.as_secs_f64() * 1e3
    );

    for lang in ["en", "zh"] {
        let mut texts = Vec::new();
        for file in files {
            for line in std::fs::read_to_string(file).unwrap().lines() {
                let v: serde_json::Value = serde_json::from_str(line).unwrap();
                if let Some(list) = v[format!("{lang}_sentences_detok")].as_array() {
                    texts.extend(list.iter().filter_map(|s| s.as_str().map(str::to_owned)));
                }
            }
        }
        let tokens: usize = texts
            .iter()
            .map(|t| encoder.tokenizer().encode(t).len())
            .sum();
        let mut tokenize = f64::INFINITY;
        let mut embed = f64::INFINITY;
        for _ in 0..3 {
            let t = Instant::now();
            for text in &texts {
                std::hint::black_box(encoder.tokenizer().encode(text));
            }
            tokenize = tokenize.min(t.elapsed().as_secs_f64());
            let t = Instant::now();
            std::hint::black_box(encoder.embed(&texts));
            embed = embed.min(t.elapsed().as_secs_f64());
        }
        println!(
            "{lang}: {} sentences, {tokens} tokens: {:.0} sentences/s, {:.0} tokens/s \
             (tokenizing {:.0}% of it)",
            texts.len(),
            texts.len() as f64 / embed,
            tokens as f64 / embed,
            100.0 * tokenize / embed
        );
    }
}
