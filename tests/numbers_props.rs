//! Laws of number extraction: every English and Chinese rendering of a value normalizes to it,
//! digits inside identifiers are never quantities, and no input makes extraction panic.

use bitext::lang::Lang;
use bitext::numbers::{compare, extract, identifiers, NumberDictionaries, Strength};
use proptest::prelude::*;
use std::sync::LazyLock;

static DICT: LazyLock<NumberDictionaries> =
    LazyLock::new(|| NumberDictionaries::builtin().expect("builtin dictionaries"));

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn grouped(n: u64, sep: &str) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_digit() {
                char::from_u32(c as u32 + 0xFEE0).unwrap_or(c)
            } else {
                c
            }
        })
        .collect()
}

/// Standard Chinese reading of 1..10^8 (`一百零五`, `三千五百`, `两万`, `十四`).
fn chinese(n: u64) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    fn below_10k(n: u64, leading: bool) -> String {
        let places = [(1000, "千"), (100, "百"), (10, "十")];
        let mut out = String::new();
        let mut rest = n;
        let mut pending_zero = false;
        let mut started = false;
        for (p, name) in places {
            let d = rest / p;
            rest %= p;
            if d == 0 {
                if started {
                    pending_zero = true;
                }
                continue;
            }
            if pending_zero {
                out.push('零');
                pending_zero = false;
            }
            if !(p == 10 && d == 1 && leading && !started) {
                out.push_str(if d == 2 && p >= 1000 {
                    "两"
                } else {
                    D[d as usize]
                });
            }
            out.push_str(name);
            started = true;
        }
        if rest > 0 {
            if pending_zero {
                out.push('零');
            }
            out.push_str(D[rest as usize]);
        }
        out
    }
    if n == 0 {
        return "零".into();
    }
    let wan = n / 10_000;
    let low = n % 10_000;
    let mut out = String::new();
    if wan > 0 {
        out.push_str(&below_10k(wan, true));
        out.push('万');
        if low > 0 {
            if low < 1000 {
                out.push('零');
            }
            out.push_str(&below_10k(low, false));
        }
    } else {
        out.push_str(&below_10k(low, true));
    }
    out
}

fn english(n: u64) -> String {
    const ONES: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 10] = [
        "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    match n {
        0..=19 => ONES[n as usize].into(),
        20..=99 if n % 10 == 0 => TENS[(n / 10) as usize].into(),
        20..=99 => format!("{}-{}", TENS[(n / 10) as usize], ONES[(n % 10) as usize]),
        _ => {
            let rest = n % 100;
            let head = format!("{} hundred", ONES[(n / 100) as usize]);
            if rest == 0 {
                head
            } else {
                format!("{head} and {}", english(rest))
            }
        }
    }
}

fn strong_values(text: &str, lang: Lang) -> Vec<String> {
    extract(text, lang, &DICT)
        .into_iter()
        .filter(|m| m.strength == Strength::Strong)
        .map(|m| m.value.to_string())
        .collect()
}

fn silent(en: &str, zh: &str) -> bool {
    let s = extract(en, Lang::En, &DICT);
    let t = extract(zh, Lang::Zh, &DICT);
    compare(&s, &t, en, zh).is_empty()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn digit_renderings_agree(n in 3u64..1_000_000_000) {
        let want = vec![n.to_string()];
        let en = format!("We enrolled {} patients.", grouped(n, ","));
        prop_assert_eq!(strong_values(&en, Lang::En), want.clone(), "{}", en);
        let en_spaced = format!("We enrolled {} patients.", grouped(n, " "));
        prop_assert_eq!(strong_values(&en_spaced, Lang::En), want.clone(), "{}", en_spaced);
        let zh = format!("共纳入{}例患者。", full_width(&n.to_string()));
        prop_assert_eq!(strong_values(&zh, Lang::Zh), want.clone(), "{}", zh);
        prop_assert!(silent(&en, &zh));
    }

    #[test]
    fn wan_and_yi_scales_agree(mantissa in 1u64..100_000, decimals in 0u32..3) {
        // mantissa / 10^decimals 万 == mantissa × 10^(4 - decimals)
        let n = mantissa * 10u64.pow(4 - decimals);
        let scaled = if decimals == 0 { mantissa.to_string() } else {
            let s = format!("{:0>width$}", mantissa, width = decimals as usize + 1);
            let (i, f) = s.split_at(s.len() - decimals as usize);
            format!("{i}.{f}")
        };
        let zh = format!("覆盖{scaled}万人口。");
        let en = format!("covering {} people.", grouped(n, ","));
        prop_assert_eq!(strong_values(&zh, Lang::Zh), vec![n.to_string()], "{}", zh);
        prop_assert!(silent(&en, &zh), "{} / {}", en, zh);
        let yi = format!("{scaled}亿");
        let n_yi = u128::from(mantissa) * 10u128.pow(8 - decimals);
        prop_assert_eq!(strong_values(&yi, Lang::Zh), vec![n_yi.to_string()]);
    }

    #[test]
    fn chinese_numerals_agree(n in 3u64..100_000_000) {
        let zh = format!("共有{}名参与者。", chinese(n));
        prop_assert_eq!(strong_values(&zh, Lang::Zh), vec![n.to_string()], "{}", zh);
        let en = format!("There were {n} participants.");
        prop_assert!(silent(&en, &zh), "{} / {}", en, zh);
    }

    #[test]
    fn english_words_agree(n in 2u64..1000) {
        let en = format!("There were {} participants.", english(n));
        prop_assert_eq!(strong_values(&en, Lang::En), vec![n.to_string()], "{}", en);
        let zh = format!("共有{}名参与者。", chinese(n));
        prop_assert!(silent(&en, &zh), "{} / {}", en, zh);
    }

    #[test]
    fn dates_agree(y in 1900i32..2100, m in 1usize..=12, d in 1u32..=28) {
        let en = format!("The study ended on {d} {} {y}.", MONTHS[m - 1]);
        let en_us = format!("The study ended on {} {d}, {y}.", MONTHS[m - 1]);
        let zh = format!("研究于{y}年{m}月{d}日结束。");
        let want = vec![format!("{y:04}-{m:02}-{d:02}")];
        prop_assert_eq!(strong_values(&en, Lang::En), want.clone(), "{}", en);
        prop_assert_eq!(strong_values(&en_us, Lang::En), want.clone(), "{}", en_us);
        prop_assert_eq!(strong_values(&zh, Lang::Zh), want, "{}", zh);
        prop_assert!(silent(&en, &zh));
        let month_en = format!("Data were collected in {} {y}.", MONTHS[m - 1]);
        let month_zh = format!("数据于{y}年{m}月收集。");
        prop_assert!(silent(&month_en, &month_zh), "{} / {}", month_en, month_zh);
    }

    #[test]
    fn percentages_agree(p in 0u64..=100, frac in proptest::option::of(1u32..10)) {
        let value = match frac { Some(f) if p < 100 => format!("{p}.{f}"), _ => p.to_string() };
        let want = vec![format!("{value}%")];
        let en = format!("{value}% of women");
        let en_words = format!("{value} per cent of women");
        let zh = format!("{}%的妇女", full_width(&value));
        prop_assert_eq!(strong_values(&en, Lang::En), want.clone());
        prop_assert_eq!(strong_values(&zh, Lang::Zh), want.clone());
        prop_assert!(silent(&en_words, &zh), "{} / {}", en_words, zh);
        if frac.is_none() && p >= 3 {
            let zh_words = format!("百分之{}的妇女", chinese(p));
            prop_assert_eq!(strong_values(&zh_words, Lang::Zh), want, "{}", zh_words);
        }
    }

    #[test]
    fn numbers_inside_identifiers_are_never_quantities(
        letters in "[A-Za-z]{1,6}", digits in 0u32..100_000, tail in "[A-Z]{0,4}", hyphen in any::<bool>()
    ) {
        let id = if hyphen { format!("{letters}-{digits}{tail}") } else { format!("{letters}{digits}{tail}") };
        let en = format!("Levels of {id} were measured.");
        let zh = format!("检测了{id}水平。");
        prop_assert!(extract(&en, Lang::En, &DICT).is_empty(), "{}", en);
        prop_assert!(extract(&zh, Lang::Zh, &DICT).is_empty(), "{}", zh);
        prop_assert!(identifiers(&en, &DICT).iter().any(|i| i.text == id), "{}", en);
    }

    #[test]
    fn arbitrary_input_never_panics(a in any::<String>(), b in "[0-9０-９一二三四五六七八九十百千万亿年月日%.,\\- a-zA-Z()]{0,60}") {
        for text in [&a, &b] {
            for lang in [Lang::En, Lang::Zh] {
                let m = extract(text, lang, &DICT);
                for w in m.windows(2) {
                    prop_assert!(w[0].span.start <= w[1].span.start);
                }
                for x in &m {
                    prop_assert!(text.get(x.span.clone()).is_some() && text.get(x.context.clone()).is_some());
                }
                let _ = identifiers(text, &DICT);
            }
        }
        let s = extract(&a, Lang::En, &DICT);
        let t = extract(&b, Lang::Zh, &DICT);
        let _ = compare(&s, &t, &a, &b);
    }
}
