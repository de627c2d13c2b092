//! Score the aligner on gold-aligned JSONL sets (strict bead precision, recall, F1, as Vecalign
//! and Bertalign report them; 1-1 and other beads also separately).
//!
//! `cargo run --release --example align_eval -- /work/shared/eval/real/paramed_nejm.jsonl ...`
//!
//! Records: `{"id", "en_sentences": [...], "zh_sentences": [...], "gold": [[[en...], [zh...]], ...]}`.
//! `--errors` prints each document's wrong beads; `--calibration` prints the share of correct
//! beads by score. Weights can be overridden for experiments with
//! `BITEXT_ALIGN_PARAMS="lexical_weight=0.6,skip=4"`.

use bitext::align::{AlignParams, Aligner, Bead};
use serde::Deserialize;
use std::collections::HashSet;
use std::time::Instant;

#[derive(Deserialize)]
struct Record {
    id: String,
    en_sentences: Vec<String>,
    zh_sentences: Vec<String>,
    gold: Vec<(Vec<usize>, Vec<usize>)>,
}

type Key = (Vec<usize>, Vec<usize>);

#[derive(Default, Clone, Copy)]
struct Counts {
    predicted: usize,
    gold: usize,
    correct: usize,
}

impl Counts {
    fn prf(&self) -> (f64, f64, f64) {
        let p = self.correct as f64 / self.predicted.max(1) as f64;
        let r = self.correct as f64 / self.gold.max(1) as f64;
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        (p, r, f)
    }
}

fn params_from_env() -> anyhow::Result<AlignParams> {
    let mut p = AlignParams::default();
    let Ok(spec) = std::env::var("BITEXT_ALIGN_PARAMS") else {
        return Ok(p);
    };
    for item in spec.split(',').filter(|s| !s.is_empty()) {
        let (k, v) = item
            .split_once('=')
            .ok_or_else(|| anyhow::anyhow!("`{item}`: want key=value"))?;
        let v: f32 = v.parse()?;
        match k {
            "length_sigma" => p.length_sigma = v,
            "length_smoothing" => p.length_smoothing = v,
            "lexical_weight" => p.lexical_weight = v,
            "lexical_midpoint" => p.lexical_midpoint = v,
            "han_weight" => p.han_weight = v,
            "anchor_match" => p.anchor_match = v,
            "anchor_miss" => p.anchor_miss = v,
            "skip" => p.skip = v,
            "merge1" => p.merge[1] = v,
            "merge2" => p.merge[2] = v,
            "merge3" => p.merge[3] = v,
            "many_to_many" => p.many_to_many = v,
            "repair_below" => p.repair_below = v,
            "repair_skip" => p.repair_skip = v,
            _ => anyhow::bail!("unknown parameter `{k}`"),
        }
    }
    Ok(p)
}

fn key(b: &Bead) -> Key {
    (b.en.clone().collect(), b.zh.clone().collect())
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let show_errors = args.iter().any(|a| a == "--errors");
    let calibration = args.iter().any(|a| a == "--calibration");
    let files: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    if files.is_empty() {
        anyhow::bail!("usage: align_eval [--errors] [--calibration] SET.jsonl...");
    }
    let started = Instant::now();
    let aligner = Aligner::with_params(params_from_env()?)?;
    let load = started.elapsed();
    println!(
        "aligner built in {:.1} ms ({} glossary keys)",
        load.as_secs_f64() * 1e3,
        aligner.glossary().len()
    );
    println!(
        "{:<20} {:>5} {:>6} {:>6} {:>6}   {:>6} {:>6}   {:>6} {:>6} {:>6}  {:>8}",
        "set", "docs", "P", "R", "F1", "1-1 F1", "n", "other P", "R", "F1", "time ms"
    );
    let mut buckets = [(0usize, 0usize); 10];
    for file in files {
        let text = std::fs::read_to_string(file)?;
        let records: Vec<Record> = text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(serde_json::from_str)
            .collect::<Result<_, _>>()?;
        let (mut all, mut one, mut other) =
            (Counts::default(), Counts::default(), Counts::default());
        let t = Instant::now();
        let mut outputs = Vec::new();
        for r in &records {
            let en: Vec<&str> = r.en_sentences.iter().map(String::as_str).collect();
            let zh: Vec<&str> = r.zh_sentences.iter().map(String::as_str).collect();
            outputs.push(aligner.align(&en, &zh));
        }
        let elapsed = t.elapsed();
        for (r, beads) in records.iter().zip(&outputs) {
            let gold: HashSet<Key> = r.gold.iter().cloned().collect();
            let is_one = |k: &Key| k.0.len() == 1 && k.1.len() == 1;
            for b in beads {
                let k = key(b);
                let ok = gold.contains(&k);
                let c = if is_one(&k) { &mut one } else { &mut other };
                c.predicted += 1;
                all.predicted += 1;
                if ok {
                    c.correct += 1;
                    all.correct += 1;
                }
                if !k.0.is_empty() && !k.1.is_empty() {
                    let bucket = ((b.score * 10.0) as usize).min(9);
                    buckets[bucket].0 += 1;
                    buckets[bucket].1 += usize::from(ok);
                }
                if show_errors && !ok {
                    println!(
                        "  {} predicted {:?}-{:?} score {:.2}",
                        r.id, k.0, k.1, b.score
                    );
                }
            }
            for g in &gold {
                all.gold += 1;
                if is_one(g) {
                    one.gold += 1
                } else {
                    other.gold += 1
                }
                if show_errors && !beads.iter().any(|b| key(b) == *g) {
                    println!("  {} missed    {:?}-{:?}", r.id, g.0, g.1);
                }
            }
        }
        let name = std::path::Path::new(file)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or(file);
        let (p, r, f) = all.prf();
        let (_, _, f1) = one.prf();
        let (op, or, of) = other.prf();
        println!(
            "{:<20} {:>5} {:>6.3} {:>6.3} {:>6.3}   {:>6.3} {:>6}   {:>6.3} {:>6.3} {:>6.3}  {:>8.1}",
            name,
            records.len(),
            p,
            r,
            f,
            f1,
            one.gold,
            op,
            or,
            of,
            elapsed.as_secs_f64() * 1e3
        );
    }
    if calibration {
        println!("score bucket: beads, share correct");
        for (k, (n, ok)) in buckets.iter().enumerate() {
            if *n > 0 {
                println!(
                    "  {:.1}-{:.1}: {:>5} {:.3}",
                    k as f64 / 10.0,
                    (k + 1) as f64 / 10.0,
                    n,
                    *ok as f64 / *n as f64
                );
            }
        }
    }
    println!("total {:.1} ms", started.elapsed().as_secs_f64() * 1e3);
    Ok(())
}
