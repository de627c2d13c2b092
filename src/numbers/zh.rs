//! Chinese numerals: `五`, `十四`, `四十三`, `一百零五`, `三千五百`, `两万`, `三万五`,
//! positional years (`二〇二二`), fractions (`三分之一`), ordinals (`第一`). Numerals inside
//! set phrases (`一致`, `进一步`, `万古霉素`) are words, not numbers.

use super::dictionaries::{NumberDictionaries, ZhNumeral, ZhNumeralKind};
use super::value::{Amount, Decimal, Quantity};
use super::{Form, Strength, Token};

pub(crate) fn scan_numerals(t: &str, dict: &NumberDictionaries, tokens: &mut Vec<Token>) {
    let mut i = 0;
    let mut floor = 0;
    while i < t.len() {
        let Some(c) = t[i..].chars().next() else {
            break;
        };
        let Some(first) = dict.zh_numeral(c) else {
            i += c.len_utf8();
            continue;
        };
        // `百分之一` is a percentage, not the idiom `之一`: a phrase may not reach back into
        // text already read.
        if let Some(idiom) = dict.in_zh_idiom(t, i, c).filter(|r| r.start >= floor) {
            i = idiom.end.max(i + c.len_utf8());
            continue;
        }
        if let Some((_, len)) = dict.unit_at(&t[i..]) {
            // `千克`, `千卡`, `百分点`: a unit that starts with a numeral.
            i += len;
            continue;
        }
        if t[i..].starts_with("百分之") || t[i..].starts_with("千分之") {
            // The percent prefix; decorate reads it back when it sees the number after it.
            i += "百分之".len();
            floor = i;
            continue;
        }
        let after_digit = t[..i].ends_with(|c: char| c.is_ascii_digit() || c == '.');
        let (run_end, nums) = read_run(t, i, dict);
        let _ = first;
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
        let quantity = Quantity::decimal(Decimal::from_int(
            i128::try_from(value).unwrap_or(i128::MAX),
        ));
        let form = Form::ZhNumerals {
            positional,
            chars: nums.len(),
        };
        let ordinal = t[..i].ends_with('第');
        let lone_small = nums.len() == 1 && matches!(c, '一' | '二' | '两' | '兩');
        let has_scale = nums.iter().any(|n| n.kind == ZhNumeralKind::Scale);
        let reason = if ordinal {
            "Chinese ordinal (第)"
        } else if lone_small {
            "Chinese numeral 一/二/两 standing alone"
        } else if positional {
            "Chinese numerals read digit by digit"
        } else if has_scale {
            "Chinese numeral with 万/亿 scale"
        } else {
            "Chinese numeral"
        };
        let mut tok = Token::new(i, run_end, quantity, form, reason);
        if ordinal || lone_small {
            tok.strength = Strength::Weak;
        }
        if ordinal {
            tok.context_start = i - '第'.len_utf8();
        }
        tokens.push(tok);
        i = run_end;
    }
}

fn read_run(t: &str, start: usize, dict: &NumberDictionaries) -> (usize, Vec<ZhNumeral>) {
    let mut nums = Vec::new();
    let mut end = start;
    for (off, c) in t[start..].char_indices() {
        let at = start + off;
        let Some(n) = dict.zh_numeral(c) else { break };
        // A set phrase starting inside the run ends it (`三十一致` is 30 and a word), unless the
        // phrase is all numerals (`万一` in `九十四万一千`).
        let idiom = dict.in_zh_idiom(t, at, c).filter(|r| r.start == at);
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
        scan_numerals(t, &d, &mut toks);
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
