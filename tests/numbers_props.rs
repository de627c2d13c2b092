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
    fn spaced_dates_equal_unspaced(y in 1900i32..2100, m in 1u32..=12, d in 1u32..=28, spaces in 1usize..3) {
        let sp = " ".repeat(spaces);
        let tight = format!("研究于{y}年{m}月{d}日结束。");
        let spaced = format!("研究于{y}{sp}年{sp}{m}{sp}月{sp}{d}{sp}日结束。");
        let want = vec![format!("{y:04}-{m:02}-{d:02}")];
        prop_assert_eq!(strong_values(&tight, Lang::Zh), want.clone());
        prop_assert_eq!(strong_values(&spaced, Lang::Zh), want, "{}", spaced);
        let en = format!("The study ended on {d} {} {y}.", MONTHS[m as usize - 1]);
        prop_assert!(silent(&en, &spaced), "{} / {}", en, spaced);
    }

    #[test]
    fn spaced_scale_words_equal_unspaced(mantissa in 1u64..100_000, decimals in 0u32..3, yi in any::<bool>()) {
        let scaled = if decimals == 0 { mantissa.to_string() } else {
            let s = format!("{:0>width$}", mantissa, width = decimals as usize + 1);
            let (i, f) = s.split_at(s.len() - decimals as usize);
            format!("{i}.{f}")
        };
        let (word, power) = if yi { ("亿", 8) } else { ("万", 4) };
        let tight = format!("覆盖{scaled}{word}人口。");
        let spaced = format!("覆盖 {scaled} {word} 人口。");
        let tight_values = strong_values(&tight, Lang::Zh);
        prop_assert_eq!(tight_values.len(), 1);
        prop_assert_eq!(strong_values(&spaced, Lang::Zh), tight_values.clone(), "{}", spaced);
        let n = u128::from(mantissa) * 10u128.pow(power - decimals);
        prop_assert_eq!(tight_values, vec![n.to_string()]);
    }

    #[test]
    fn scientific_notation_round_trips(mantissa in 1u32..10_000, point in 0usize..4, exp in -12i32..=12) {
        let digits = mantissa.to_string();
        let point = point.min(digits.len() - 1);
        let m = if point == 0 { digits.clone() } else {
            let (i, f) = digits.split_at(digits.len() - point);
            format!("{i}.{f}")
        };
        // The value every form must give: mantissa × 10^(exp − point).
        let want = {
            let e = exp - point as i32;
            if e >= 0 {
                format!("{}{}", mantissa, "0".repeat(e as usize))
            } else {
                let s = format!("{:0>width$}", mantissa, width = (-e) as usize + 1);
                let (i, f) = s.split_at(s.len() - (-e) as usize);
                let f = f.trim_end_matches('0');
                if f.is_empty() { i.to_owned() } else { format!("{i}.{f}") }
            }
        };
        let sup: String = exp.to_string().chars().map(|c| match c {
            '-' => '⁻', '0' => '⁰', '1' => '¹', '2' => '²', '3' => '³', '4' => '⁴',
            '5' => '⁵', '6' => '⁶', '7' => '⁷', '8' => '⁸', _ => '⁹',
        }).collect();
        let minus = exp.to_string().replace('-', "−");
        let forms = [
            format!("The rate was {m}E{exp} in mice."),
            format!("The rate was {m}×10^{exp} in mice."),
            format!("The rate was {m} × 10^{exp} in mice."),
            format!("The rate was {m}×10{sup} in mice."),
            format!("The rate was {m} × 10{minus} in mice."),
            format!("The rate was ${m} \\times 10^{{{exp}}}$ in mice."),
        ];
        for form in &forms {
            if exp >= 0 && form.contains(" × 10") && !form.contains('^') {
                // `× 10 5` without a sign or caret is not an exponent.
                continue;
            }
            prop_assert_eq!(strong_values(form, Lang::En), vec![want.clone()], "{}", form);
        }
        let zh = format!("突变率为{m}×10^{exp}。");
        prop_assert!(silent(&forms[0], &zh), "{} / {}", forms[0], zh);
    }

    #[test]
    fn fractions_equal_their_decimals(num in 1u32..5, den in 2u32..40) {
        prop_assume!(num < den);
        let zh = format!("{}分之{}的成人患病。", chinese(u64::from(den)), chinese(u64::from(num)));
        let en_digits = format!("{num}/{den} of adults were ill.");
        let en_in = format!("{num} in {den} adults were ill.");
        let zh_values = strong_values(&zh, Lang::Zh);
        prop_assert_eq!(zh_values.len(), 1, "{}", zh);
        prop_assert_eq!(strong_values(&en_digits, Lang::En), zh_values.clone(), "{}", en_digits);
        prop_assert_eq!(strong_values(&en_in, Lang::En), zh_values.clone(), "{}", en_in);
        prop_assert!(silent(&en_in, &zh), "{} / {}", en_in, zh);
        // A fraction with a finite decimal is that decimal.
        let mut d = den;
        while d % 2 == 0 { d /= 2; }
        while d % 5 == 0 { d /= 5; }
        if d == 1 {
            let decimal = f64::from(num) / f64::from(den);
            let en_decimal = format!("A share of {decimal} of adults were ill.");
            prop_assert_eq!(strong_values(&en_decimal, Lang::En), zh_values, "{}", en_decimal);
        }
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
