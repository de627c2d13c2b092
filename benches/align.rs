//! Alignment time against document length: `cargo bench --bench align`.
//!
//! Synthetic documents of n sentence pairs (every tenth English sentence split in two on the
//! Chinese side, so merges are searched too); time should grow about linearly with n.

use bitext::align::Aligner;
use std::time::Instant;

const EN_WORDS: &[&str] = &[
    "patients",
    "hospital",
    "treatment",
    "study",
    "health",
    "group",
    "risk",
    "cancer",
    "disease",
    "children",
    "women",
    "trial",
    "doctor",
    "mortality",
    "survey",
    "policy",
    "country",
    "economy",
];
const ZH_WORDS: &[&str] = &[
    "患者",
    "医院",
    "治疗",
    "研究",
    "健康",
    "组",
    "风险",
    "癌症",
    "疾病",
    "儿童",
    "妇女",
    "试验",
    "医生",
    "死亡率",
    "调查",
    "政策",
    "国家",
    "经济",
];

fn document(n: usize) -> (Vec<String>, Vec<String>) {
    let mut en = Vec::with_capacity(n);
    let mut zh = Vec::with_capacity(n + n / 10);
    for i in 0..n {
        let w = |k: usize| (i * 7 + k * 13) % EN_WORDS.len();
        let (a, b, c) = (w(1), w(2), w(3));
        en.push(format!(
            "The {} and the {} of the {} were measured in {} cases.",
            EN_WORDS[a],
            EN_WORDS[b],
            EN_WORDS[c],
            i * 3 + 1
        ));
        if i % 10 == 0 {
            zh.push(format!("测量了{}和{}，", ZH_WORDS[a], ZH_WORDS[b]));
            zh.push(format!("以及{}的{}个病例。", ZH_WORDS[c], i * 3 + 1));
        } else {
            zh.push(format!(
                "测量了{}例{}、{}和{}。",
                i * 3 + 1,
                ZH_WORDS[a],
                ZH_WORDS[b],
                ZH_WORDS[c]
            ));
        }
    }
    (en, zh)
}

fn main() {
    let started = Instant::now();
    let aligner = Aligner::new().expect("shipped glossary");
    println!(
        "Aligner::new: {:.1} ms",
        started.elapsed().as_secs_f64() * 1e3
    );
    println!("{:>6} {:>10} {:>12}", "pairs", "ms", "µs/pair");
    for n in [100, 1000, 4000, 10_000] {
        let (en, zh) = document(n);
        let en: Vec<&str> = en.iter().map(String::as_str).collect();
        let zh: Vec<&str> = zh.iter().map(String::as_str).collect();
        let runs = if n <= 1000 { 5 } else { 1 };
        let t = Instant::now();
        let mut beads = 0;
        for _ in 0..runs {
            beads = aligner.align(&en, &zh).len();
        }
        let ms = t.elapsed().as_secs_f64() * 1e3 / runs as f64;
        println!(
            "{n:>6} {ms:>10.1} {:>12.1}   ({beads} beads)",
            ms * 1e3 / n as f64
        );
    }
}
