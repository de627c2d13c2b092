//! Chinese numerals: `五`, `十四`, `四十三`, `一百零五`, `三千五百`, `两万`, `三万五`,
//! positional years (`二〇二二`), fractions (`三分之一`), ordinals (`第一`). Numerals inside
//! set phrases (`一致`, `进一步`, `万古霉素`) are words, not numbers.

use super::dictionaries::{NumberDictionaries, ZhNumeral, ZhNumeralKind};
use super::value::{Amount, Decimal, Quantity};
use super::{Form, Strength, Token, WordCutter};

pub(crate) fn scan_numerals(
    t: &str,
    dict: &NumberDictionaries,
    words: Option<&dyn WordCutter>,
    tokens: &mut Vec<Token>,
) {
    let mut i = 0;
    let mut floor = 0;
    while i < t.len() {
        let Some(c) = t[i..].chars().next() else {
            break;
        };
        if c.is_ascii() {
            i += 1;
            continue;
        }
        let Some(first) = dict.zh_numeral(c) else {
            if dict.starts_zh_multiplier(c) {
                if let Some((word, value)) = dict.zh_multiplier_at(&t[i..]) {
                    i += word.len();
                    tokens.push(multiplier_token(i - word.len(), i, value));
                    continue;
                }
            }
            i += c.len_utf8();
            continue;
        };
        // `百分之一` is a percentage, not the idiom `之一`: a phrase may not reach back into
        // text already read; `二十分之一` is a fraction, not the idiom `十分`.
        if let Some(idiom) = dict
            .in_zh_idiom(t, i, c)
            .filter(|r| r.start >= floor && !fraction_ahead(t, i, dict))
        {
            i = idiom.end.max(i + c.len_utf8());
            continue;
        }
        if let Some((_, len)) = dict.unit_at(&t[i..]) {
            // `千克`, `千卡`, `百分点`: a unit that starts with a numeral.
            i += len;
            continue;
        }
        if let Some((word, value)) = dict.zh_multiplier_at(&t[i..]) {
            tokens.push(multiplier_token(i, i + word.len(), value));
            i += word.len();
            continue;
        }
        if t[i..].starts_with("百分之") || t[i..].starts_with("千分之") {
            // The percent prefix; decorate reads it back when it sees the number after it.
            i += "百分之".len();
            floor = i;
            continue;
        }
        let after_digit = t[..i].ends_with(|c: char| c.is_ascii_digit() || c == '.')
            && first.kind != ZhNumeralKind::Digit
            && first.value >= 100;
        let (run_end, nums) = read_run(t, i, dict);
        if after_digit {
            // `3.6万`, `5千`: a scale word of a digit number, read by decorate.
            i = run_end;
            continue;
        }
        let Some((value, positional)) = run_value(&nums) else {
            i = run_end;
            continue;
        };
        // `三分之一`: denominator first.
        if let Some(rest) = t[run_end..].strip_prefix("分之") {
            let num_start = run_end + "分之".len();
            let (num_end, num) = read_run(t, num_start, dict);
            if let (Some((n, _)), true) = (run_value(&num), !rest.is_empty()) {
                if let (Ok(n), Ok(d)) = (u32::try_from(n), u32::try_from(value)) {
                    if let Some(amount) = Amount::fraction(n, d) {
                        tokens.push(Token::new(
                            i,
                            num_end,
                            Quantity::number(amount, None),
                            Form::ZhNumerals {
                                positional: false,
                                chars: 0,
                            },
                            "Chinese fraction (分之)",
                        ));
                        i = num_end;
                        continue;
                    }
                }
            }
        }
        let in_word = match words {
            // `百分之二十`: the numerator of a percentage, whatever the words around it.
            Some(cut) if !t[..i].ends_with("分之") => in_word(t, i, run_end, dict, cut),
            _ => InWord::No,
        };
        if in_word == InWord::Inside {
            i = run_end;
            continue;
        }
        let quantity = Quantity::decimal(Decimal::from_int(
            i128::try_from(value).unwrap_or(i128::MAX),
        ));
        let form = Form::ZhNumerals {
            positional,
            chars: nums.len(),
        };
        let ordinal = t[..i].ends_with('第');
        // A lone 一/二/两 is as often a word as a count; a lone 百 or 千 (`百级`, `千年`) too.
        let lone_small = nums.len() == 1
            && (matches!(c, '一' | '二' | '两' | '兩')
                || (first.kind == ZhNumeralKind::Multiplier && first.value >= 100));
        let has_scale = nums.iter().any(|n| n.kind == ZhNumeralKind::Scale);
        let reason = if ordinal {
            "Chinese ordinal (第)"
        } else if lone_small {
            "Chinese numeral 一/二/两/百/千 standing alone"
        } else if positional {
            "Chinese numerals read digit by digit"
        } else if has_scale {
            "Chinese numeral with 万/亿 scale"
        } else {
            "Chinese numeral"
        };
        // `数百万`, `几十`, `上千`: several millions, dozens, a thousand or so; no count.
        let vague = t[..i].ends_with(['数', '几', '上', '成'])
            && nums.iter().all(|n| n.kind != ZhNumeralKind::Digit);
        let reason = if vague {
            "vague amount (数百万, 几十: millions, dozens)"
        } else {
            reason
        };
        let mut tok = Token::new(i, run_end, quantity, form, reason);
        if ordinal || lone_small || vague || in_word == InWord::Leading {
            tok.strength = Strength::Weak;
        }
        if in_word == InWord::Leading {
            tok.reason = "Chinese numeral opening a word (三甲, 十分, 三餐)";
        }
        tok.ordinal = ordinal;
        if ordinal {
            tok.context_start = i - '第'.len_utf8();
        }
        tokens.push(tok);
        i = run_end;
    }
}

/// Characters that may share a jieba word with a numeral that is still a number: an ordinal or
/// approximate prefix (`第`, `近`, `约`) or suffix (`多`, `余`, `来`, `半`).
const NUMBER_AFFIXES: &[char] = &[
    '第', '近', '约', '逾', '每', '前', '后', '头', '首', '共', '达', '这', '该', '其', '多', '余',
    '几', '来', '半', '整', '数', '上', '下', '大',
];

/// `三价`, `双根管`: a count without a numeral of its own; matched, never reported.
fn multiplier_token(start: usize, end: usize, value: u64) -> Token {
    let mut tok = Token::new(
        start,
        end,
        Quantity::decimal(Decimal::from_int(i128::from(value))),
        Form::ZhNumerals {
            positional: false,
            chars: 0,
        },
        "Chinese word for a count (双, 三价)",
    );
    tok.strength = Strength::Weak;
    tok
}

/// Do the numerals at `at` end in `分之` (`二十分之一`)?
fn fraction_ahead(t: &str, at: usize, dict: &NumberDictionaries) -> bool {
    let len: usize = t[at..]
        .chars()
        .take_while(|c| dict.zh_numeral(*c).is_some())
        .map(char::len_utf8)
        .sum();
    len > 0 && t[at + len..].starts_with("分之")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum InWord {
    /// A number: alone, or with its measure word, unit or affix.
    No,
    /// Opening a longer word (`三甲`, `十分`, `零售`, but also `三餐`): as often a term as a
    /// count, so matched and never reported.
    Leading,
    /// Inside a word after other characters (`马六甲`): no quantity.
    Inside,
}

/// Is the numeral run `start..end` part of a word (`三甲`, `马六甲`, `零售`, `十分`)? Only the
/// few characters around it are cut into words, and only when what follows is not a measure
/// word, unit or affix.
fn in_word(
    t: &str,
    start: usize,
    end: usize,
    dict: &NumberDictionaries,
    cut: &dyn WordCutter,
) -> InWord {
    let numeric_start = |s: &str| {
        s.is_empty()
            || s.starts_with(|c: char| !crate::lang::is_han(c) || NUMBER_AFFIXES.contains(&c))
            || dict.zh_measure_word_at(s).is_some()
            || dict.unit_at(s).is_some()
            || s.starts_with("分之")
            || s.starts_with("年代")
            || s.starts_with("世纪")
            || s.chars()
                .next()
                .is_some_and(|c| dict.zh_numeral(c).is_some())
    };
    let after = &t[end..];
    if numeric_start(after) {
        return InWord::No;
    }
    let from = t[..start]
        .char_indices()
        .rev()
        .take(3)
        .take_while(|(_, c)| crate::lang::is_han(*c))
        .last()
        .map_or(start, |(k, _)| k);
    let to = after
        .char_indices()
        .take(3)
        .take_while(|(_, c)| crate::lang::is_han(*c))
        .last()
        .map_or(end, |(k, c)| end + k + c.len_utf8());
    let window = &t[from..to];
    let (run_start, run_end) = (start - from, end - from);
    let mut verdict = InWord::No;
    for w in cut.words(window) {
        if !(w.start < run_end && run_start < w.end) {
            continue;
        }
        let outside_before = window.get(w.start..run_start).unwrap_or("");
        let outside_after = window.get(run_end..w.end).unwrap_or("");
        let before_ok = outside_before
            .chars()
            .all(|c| NUMBER_AFFIXES.contains(&c) || dict.zh_numeral(c).is_some());
        if !before_ok {
            return InWord::Inside;
        }
        if !numeric_start(outside_after) {
            verdict = InWord::Leading;
        }
    }
    verdict
}

fn read_run(t: &str, start: usize, dict: &NumberDictionaries) -> (usize, Vec<ZhNumeral>) {
    let mut nums = Vec::new();
    let mut end = start;
    for (off, c) in t[start..].char_indices() {
        let at = start + off;
        let Some(n) = dict.zh_numeral(c) else { break };
        // A set phrase starting inside the run ends it (`三十一致` is 30 and a word), unless the
        // phrase is all numerals (`万一` in `九十四万一千`).
        let idiom = dict
            .in_zh_idiom(t, at, c)
            .filter(|r| r.start == at && !fraction_ahead(t, start, dict));
        if at > start && idiom.is_some_and(|r| t[r].chars().any(|ch| dict.zh_numeral(ch).is_none()))
        {
            break;
        }
        nums.push(n);
        end = at + c.len_utf8();
    }
    (end, nums)
}

/// The value of a run of numerals, and whether it was read digit by digit. `None` for runs that
/// are not one number: two neighbouring digits are an estimate (`三四个` = three or four), a
/// scale word alone is a word (`万人`).
fn run_value(nums: &[ZhNumeral]) -> Option<(u128, bool)> {
    if nums.is_empty() {
        return None;
    }
    let only_digits = nums.iter().all(|n| n.kind == ZhNumeralKind::Digit);
    if only_digits {
        if nums.len() == 1 {
            return Some((u128::from(nums[0].value), false));
        }
        if nums.len() == 2 && !nums.iter().any(|n| n.value == 0) {
            return None;
        }
        let mut v: u128 = 0;
        for n in nums {
            v = v.checked_mul(10)?.checked_add(u128::from(n.value))?;
        }
        return Some((v, true));
    }
    if nums[0].kind == ZhNumeralKind::Scale {
        return None;
    }
    let mut result: u128 = 0;
    let mut section: u128 = 0;
    let mut digit: Option<u128> = None;
    let mut last_unit: u128 = 0;
    let mut zero_before_digit = false;
    for n in nums {
        let v = u128::from(n.value);
        match n.kind {
            ZhNumeralKind::Digit => {
                if v == 0 {
                    zero_before_digit = true;
                } else {
                    digit = Some(v);
                }
            }
            ZhNumeralKind::Multiplier => {
                section = section.checked_add(digit.unwrap_or(1).checked_mul(v)?)?;
                digit = None;
                last_unit = v;
                zero_before_digit = false;
            }
            ZhNumeralKind::Scale => {
                section = section.checked_add(digit.unwrap_or(0))?;
                let s = if section == 0 { 1 } else { section };
                result = result.checked_add(s.checked_mul(v)?)?;
                section = 0;
                digit = None;
                last_unit = v;
                zero_before_digit = false;
            }
        }
    }
    if let Some(d) = digit {
        // `三万五` is 35000 and `两千五` 2500: a final digit right after a unit of a hundred or
        // more counts in the next lower place, unless a 零 says otherwise (`一百零五`).
        let d = if last_unit >= 100 && !zero_before_digit {
            d.checked_mul(last_unit / 10)?
        } else {
            d
        };
        section = section.checked_add(d)?;
    }
    Some((result.checked_add(section)?, false))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(t: &str) -> Vec<(String, Strength)> {
        let d = NumberDictionaries::builtin().unwrap();
        let mut toks = Vec::new();
        scan_numerals(t, &d, None, &mut toks);
        toks.into_iter()
            .map(|t| (t.quantity.to_string(), t.strength))
            .collect()
    }

    fn strong(t: &str) -> Vec<String> {
        values(t).into_iter().map(|(v, _)| v).collect()
    }

    #[test]
    fn reads_compound_numerals() {
        assert_eq!(
            strong("十四、四十三、一百零五、三千五百、两万、三万五、一百五、二〇二二"),
            ["14", "43", "105", "3500", "20000", "35000", "150", "2022"]
        );
        assert_eq!(strong("一亿两千万"), ["120000000"]);
        assert_eq!(strong("三分之一的患者"), ["1/3"]);
    }

    #[test]
    fn lone_small_numerals_and_ordinals_are_weak() {
        assert_eq!(values("二级医疗机构"), [("2".to_owned(), Strength::Weak)]);
        assert_eq!(values("第三部门"), [("3".to_owned(), Strength::Weak)]);
        assert_eq!(values("五个国家"), [("5".to_owned(), Strength::Strong)]);
    }

    #[test]
    fn idioms_and_estimates_are_not_numbers() {
        assert!(values("战略一致性,进一步发展,万古霉素,三四个").is_empty());
        assert!(values("3.6万").is_empty());
    }
}
