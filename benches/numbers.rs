//! Throughput of the number extractor alone over a generated corpus of abstract-like text.
//! Run with `cargo bench --bench numbers`; prints mentions per second and MB/s per language.

use std::hint::black_box;
use std::time::Instant;

use bitext::lang::Lang;
use bitext::numbers::{extract, NumberDictionaries};

const EN: &[&str] = &[
    "Interviews (n = {a}) with {b} documents were included, and {c}% of {d},{e}00 participants reported pain. ",
    "Between 1 January 20{f} and 31 July 20{f}, {a} strategy documents and {b} 5-year plans were analysed (P<0.0{g}). ",
    "Over {a} hospitals took part; mean age was {b}.{g} years (95% CI {c}-{d}), and twenty-one sites used IL-6 assays. ",
    "Mice received {g} mg/kg for {a} days; expression increased {g}-fold in BRCA1 carriers from early June to the end of August 20{f}. ",
    "The region has {g}.{c} million inhabitants, and coverage rose from {c}% to {d}% in four building blocks. ",
];
const ZH: &[&str] = &[
    "访谈(n={a}),有{b}份文件,{d}{e}00名参与者中{c}%报告疼痛。",
    "对20{f}年1月1日至20{f}年7月31日期间的{a}个战略文件和{b}个五年计划进行了分析(P＜0.0{g})。",
    "{a}多家医院参与;平均年龄为{b}.{g}岁(95%CI {c}~{d}),二十一个地点使用IL-6检测。",
    "小鼠接受{g}毫克/千克,持续{a}天;BRCA1携带者的表达从6月初到20{f}年8月底增加了{g}倍。",
    "该地区有{g}{c}0万居民,覆盖率从{c}%升至{d}%,共四个组成部分。",
];

fn corpus(templates: &[&str], target_bytes: usize) -> String {
    let mut out = String::with_capacity(target_bytes + 512);
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |m: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % m
    };
    let mut i = 0;
    while out.len() < target_bytes {
        let t = templates[i % templates.len()];
        let s = t
            .replace("{a}", &(10 + next(90)).to_string())
            .replace("{b}", &(10 + next(900)).to_string())
            .replace("{c}", &(10 + next(40)).to_string())
            .replace("{d}", &(50 + next(49)).to_string())
            .replace("{e}", &next(10).to_string())
            .replace("{f}", &(10 + next(15)).to_string())
            .replace("{g}", &(1 + next(9)).to_string());
        out.push_str(&s);
        if i % 8 == 7 {
            out.push('\n');
        }
        i += 1;
    }
    out
}

fn main() {
    let dict = NumberDictionaries::builtin().expect("builtin dictionaries");
    for (lang, templates) in [(Lang::En, EN), (Lang::Zh, ZH)] {
        let text = corpus(templates, 4 << 20);
        // Extraction is per section in practice: feed paragraphs of about 1 KB.
        let paragraphs: Vec<&str> = text.split_inclusive('\n').collect();
        let _ = extract(paragraphs[0], lang, &dict);
        let rounds = 3;
        let start = Instant::now();
        let mut mentions = 0usize;
        for _ in 0..rounds {
            for p in &paragraphs {
                mentions += black_box(extract(p, lang, &dict)).len();
            }
        }
        let secs = start.elapsed().as_secs_f64();
        let mb = (text.len() * rounds) as f64 / 1e6;
        println!(
            "numbers::extract {lang}: {:.1} MB in {secs:.2} s = {:.1} MB/s, {:.0} mentions/s ({} mentions/round)",
            mb,
            mb / secs,
            mentions as f64 / secs,
            mentions / rounds
        );
    }
}
