//! Numbers written with digits (after folding, so `１４` is `14`): grouping (`36,000`,
//! `36 000`), decimals (`0.05`, `.05`), ISO and US dates, simple fractions (`1/3`). Digits
//! inside identifiers, citation marks (`[12]`) and list markers (`(1)`, `2)`) are skipped.

use std::ops::Range;

use super::dictionaries::NumberDictionaries;
use super::identifiers::is_glue_letter;
use super::value::{Amount, Decimal, PartialDate, Quantity, QuantityKind};
use super::{Form, Strength, Token};
use crate::lang::is_han;

/// `ascii_comma(j)` tells whether the `,` at folded offset `j` was written as ASCII: a Chinese
/// `，` separates list items (`分别为120，130`), it never groups thousands.
pub(crate) fn scan(
    t: &str,
    ids: &[Range<usize>],
    ascii_comma: &dyn Fn(usize) -> bool,
    dict: &NumberDictionaries,
) -> Vec<Token> {
    let b = t.as_bytes();
    let mut out = Vec::new();
    let all_ids = ids;
    let mut ids = ids.iter().peekable();
    let mut i = 0;
    while i < b.len() {
        let starts_number = b[i].is_ascii_digit()
            || (b[i] == b'.'
                && b.get(i + 1).is_some_and(u8::is_ascii_digit)
                && leading_point_ok(b, i));
        if !starts_number {
            i += 1;
            continue;
        }
        while ids.peek().is_some_and(|r| r.end <= i) {
            ids.next();
        }
        if let Some(r) = ids.peek().filter(|r| r.start <= i) {
            i = r.end.max(i + 1);
            continue;
        }
        if let Some(end) = chemical_locants(t, i) {
            // `β-(2,1)-linked`, `1,3-dimethyl`: positions in a molecule.
            i = end;
            continue;
        }
        let glued_before = t[..i]
            .chars()
            .next_back()
            .is_some_and(|c| is_glue_letter(c) || c == '_')
            && dict.glue_word_before(&t[..i]).is_none();
        let (end, token) = read_number(t, i, ascii_comma, dict);
        i = end.max(i + 1);
        let Some(token) = token else { continue };
        if glued_before
            || in_citation(b, token.start, token.end)
            || is_list_marker(t, token.start, token.end)
            || dict.is_label_number(t, token.start, token.end)
            || is_locant_prime(&t[token.end..])
            || is_locant_hyphen(&t[token.start..token.end], &t[token.end..], dict)
            || elliptic_code(t, token.start, code_before(t, all_ids, token.start))
            || named_by_code_after(&t[token.start..token.end], &t[token.end..])
        {
            // `3′-5′`, `3' end`: a locant in a nucleic acid, not a quantity.
            continue;
        }
        // Digits glued to letters that are not a known unit were taken as identifiers; a
        // leftover glue here (`3D` when the mask missed it) is still not a quantity.
        out.push(token);
    }
    out
}

/// `3-(4,5-dimethyl…`, `(4- sulfophenyl)`, `聚3- 羟基丁酸`, `5 - 羟色胺`: a position in a
/// chemical name, hyphened to a bracket, a Chinese character or (a single digit, across a PDF
/// space) a word that is no unit. `a 33- item questionnaire` is a count of items.
fn is_locant_hyphen(number: &str, after: &str, dict: &NumberDictionaries) -> bool {
    let trimmed = after.trim_start_matches(' ');
    let Some(rest) = trimmed.strip_prefix('-') else {
        return false;
    };
    if trimmed.len() < after.len() {
        // Typesetting spaces around the hyphen: only before a Chinese name.
        return rest.trim_start_matches(' ').starts_with(is_han);
    }
    if rest.starts_with(['(', '[']) {
        return true;
    }
    let spaced = rest.strip_prefix(' ');
    let word = spaced.unwrap_or(rest);
    if word.starts_with(is_han) {
        return true;
    }
    let letters = word.bytes().take_while(u8::is_ascii_lowercase).count();
    spaced.is_some()
        && number.len() == 1
        && letters >= 4
        && dict.unit_at(word).is_none()
        && dict.glue_word_before(&word[..letters]).is_none()
        && dict.en_word(&word[..letters]).is_none()
}

/// `open reading frame 4 (ORF4)`, `factor 2 (RUNX2)`: the number of a name whose code, given
/// right after in brackets, ends in the same number.
fn named_by_code_after(number: &str, after: &str) -> bool {
    let Some(inside) = after
        .trim_start_matches(' ')
        .strip_prefix(['(', '（'])
        .map(|r| r.trim_start_matches(' '))
    else {
        return false;
    };
    let letters = inside
        .bytes()
        .take_while(|b| b.is_ascii_alphabetic())
        .count();
    let code = &inside[..letters];
    let rest = inside[letters..]
        .strip_prefix('-')
        .unwrap_or(&inside[letters..]);
    letters >= 2
        && code.bytes().any(|b| b.is_ascii_uppercase())
        && rest
            .strip_prefix(number)
            .is_some_and(|r| r.trim_start_matches(' ').starts_with([')', '）']))
}

/// The code that ends shortly before `at`, if any.
fn code_before<'t>(t: &'t str, ids: &[Range<usize>], at: usize) -> Option<&'t str> {
    let i = ids.partition_point(|r| r.end <= at);
    let r = ids.get(i.checked_sub(1)?)?;
    (at - r.end <= 40).then(|| t.get(r.clone())).flatten()
}

/// `caspase-3 and -8`: the number of a code whose name was given just before; not minus 8.
fn elliptic_code(t: &str, start: usize, code_before: Option<&str>) -> bool {
    let Some(code) = code_before else {
        return false;
    };
    let before = &t[..start];
    let joined = [" and ", " or ", ", ", "/", "、", "和", "及"]
        .iter()
        .any(|j| before.ends_with(j));
    joined && t[start..].starts_with('-') && code.contains('-')
}

/// `3′`, `5'` (not `1990's`): the prime of a locant.
fn is_locant_prime(after: &str) -> bool {
    after.starts_with(['′', '″'])
        || after
            .strip_prefix(['\'', '’'])
            .is_some_and(|r| !r.starts_with(|c: char| c.is_alphabetic()))
}

/// `2,1` in `β-(2,1)-linked`, `1,3` in `1,3-dimethyl`: comma-joined one- or two-digit numbers
/// hyphenated to a name; returns where the list ends.
fn chemical_locants(t: &str, start: usize) -> Option<usize> {
    let b = t.as_bytes();
    if b.get(start + 1) != Some(&b',') && b.get(start + 2) != Some(&b',') {
        return None;
    }
    let mut j = start;
    let mut parts = 0;
    loop {
        let digits = b[j..].iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 || digits > 2 {
            return None;
        }
        j += digits;
        parts += 1;
        if b.get(j) == Some(&b',') && b.get(j + 1).is_some_and(u8::is_ascii_digit) {
            j += 1;
            continue;
        }
        break;
    }
    if parts < 2 {
        return None;
    }
    let after = t[j..].strip_prefix(')').unwrap_or(&t[j..]);
    let followed = after
        .strip_prefix('-')
        .is_some_and(|r| r.starts_with(|c: char| c.is_alphabetic() || c == '('));
    let before = t[..start].strip_suffix('(').unwrap_or(&t[..start]);
    let before = before.trim_end_matches(' ');
    let preceded = before
        .strip_suffix('-')
        .is_some_and(|r| r.ends_with(|c: char| is_glue_letter(c)));
    (followed || preceded).then_some(j)
}

fn leading_point_ok(b: &[u8], i: usize) -> bool {
    i == 0 || matches!(b[i - 1], b' ' | b'=' | b'<' | b'>' | b'(')
}

/// Reads the number starting at `i`; returns where scanning resumes and the token, `None` when
/// the digits do not make a value (a value that cannot be read is never 0).
fn read_number(
    t: &str,
    i: usize,
    ascii_comma: &dyn Fn(usize) -> bool,
    dict: &NumberDictionaries,
) -> (usize, Option<Token>) {
    let b = t.as_bytes();
    let digits_from = |mut j: usize| {
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        j
    };
    let int_end = digits_from(i);
    let int_len = int_end - i;

    // ISO date 2023-07-31 and US/European dates 10/25/2021.
    if let Some(token) = iso_date(t, i, int_end).or_else(|| slash_date(t, i, int_end)) {
        return (token.end, Some(token));
    }
    // `23:30`, `00:47`: a time of day, hours and minutes in two digits each (`1:20` is a
    // ratio).
    if int_len == 2
        && b.get(int_end) == Some(&b':')
        && b.get(int_end + 1..int_end + 3)
            .is_some_and(|m| m.iter().all(u8::is_ascii_digit))
        && !b
            .get(int_end + 3)
            .is_some_and(|c| c.is_ascii_digit() || *c == b':')
        && !(i > 0 && (b[i - 1].is_ascii_digit() || b[i - 1] == b':'))
    {
        let hour: Option<u8> = t[i..int_end].parse().ok();
        let minute: Option<u8> = t[int_end + 1..int_end + 3].parse().ok();
        if let (Some(hour), Some(minute)) = (hour.filter(|h| *h <= 24), minute) {
            let q = Quantity {
                kind: QuantityKind::Clock { hour, minute },
                bound: super::value::Bound::Exact,
            };
            let end = int_end + 3;
            return (
                end,
                Some(Token::new(i, end, q, Form::Date, "time of day (hh:mm)")),
            );
        }
    }
    // `10^-9`, `10⁻⁹`: a power of ten alone.
    if &t[i..int_end] == "10" {
        if let Some((exp, end)) = power_of_ten(t, int_end) {
            let q = Decimal::from_int(1).scaled(exp).map(Quantity::decimal);
            let tok = q.map(|q| {
                Token::new(
                    i,
                    end,
                    q,
                    Form::Digits {
                        plain: false,
                        int_digits: 2,
                    },
                    "power of ten",
                )
            });
            return (end, tok);
        }
    }

    let mut clean = String::with_capacity(16);
    clean.push_str(&t[i..int_end]);
    let mut j = int_end;
    let mut grouped = false;
    // `1, 798`: a group after a comma and a space is a thousands group when it starts with 0
    // (`2, 000`), and otherwise either that or a list (`5, 100 and 200`): both readings are kept.
    let mut list_reading: Option<Vec<Quantity>> = None;
    if int_len <= 3 && b[i] != b'.' {
        loop {
            let sep = b.get(j).copied();
            let group_end = j + 4;
            let is_group = (sep == Some(b' ') || (sep == Some(b',') && ascii_comma(j)))
                && group_end <= b.len()
                && b[j + 1..group_end].iter().all(u8::is_ascii_digit)
                && !b.get(group_end).is_some_and(|c| c.is_ascii_digit())
                && !(sep == Some(b' ')
                    && b.get(group_end).is_some_and(|&c| c == b',' || c == b'.'));
            // Groups must be exactly three digits, so `38 5-year` and `2014, 22 years` stay
            // two numbers; a space-grouped tail followed by `,`/`.` is more likely a list.
            if is_group {
                clean.push_str(&t[j + 1..group_end]);
                j = group_end;
                grouped = true;
                continue;
            }
            let spaced_group = !grouped
                && sep == Some(b',')
                && ascii_comma(j)
                && b.get(j + 1) == Some(&b' ')
                && j + 5 <= b.len()
                && b[j + 2..j + 5].iter().all(u8::is_ascii_digit)
                && !b
                    .get(j + 5)
                    .is_some_and(|c| c.is_ascii_digit() || *c == b'.' || *c == b',');
            if spaced_group {
                if b[j + 2] != b'0' {
                    let first = Decimal::parse(&t[i..int_end]);
                    let second = Decimal::parse(&t[j + 2..j + 5]);
                    if let (Some(x), Some(y)) = (first, second) {
                        list_reading = Some(vec![Quantity::decimal(x), Quantity::decimal(y)]);
                    }
                }
                clean.push_str(&t[j + 2..j + 5]);
                j += 5;
                grouped = true;
            }
            break;
        }
    }
    let mut has_point = false;
    if b.get(j) == Some(&b'.') && b.get(j + 1).is_some_and(u8::is_ascii_digit) {
        let frac_end = digits_from(j + 1);
        clean.push_str(&t[j..frac_end]);
        j = frac_end;
        has_point = true;
    }

    // Fractions `1/3`: small numerator over a larger small denominator.
    if !has_point && !grouped && b.get(j) == Some(&b'/') {
        let den_end = digits_from(j + 1);
        if den_end > j + 1
            && den_end - j - 1 <= 3
            && !b.get(den_end).is_some_and(|&c| c == b'/' || c == b'.')
        {
            let num: Option<u32> = t[i..int_end].parse().ok();
            let den: Option<u32> = t[j + 1..den_end].parse().ok();
            if let (Some(n), Some(d)) = (num, den) {
                if n < d && dict.is_slash_or(t, i, den_end) {
                    // `grade 2/3`, `2/3级`: grades 2 to 3, as `grade 2-3` says it.
                    let low = Quantity::decimal(Decimal::from_int(i128::from(n)));
                    let high = Quantity::decimal(Decimal::from_int(i128::from(d)));
                    let tok = Token::new(
                        i,
                        den_end,
                        Quantity::range(low, high),
                        Form::Digits {
                            plain: false,
                            int_digits: int_len,
                        },
                        "two categories joined by a slash (grade 2/3)",
                    );
                    return (den_end, Some(tok));
                }
                if n < d {
                    if let Some(amount) = Amount::fraction(n, d) {
                        let q = Quantity::number(amount, None);
                        let tok = Token::new(
                            i,
                            den_end,
                            q,
                            Form::Digits {
                                plain: false,
                                int_digits: int_len,
                            },
                            "fraction in digits",
                        );
                        return (den_end, Some(tok));
                    }
                }
            }
        }
    }

    let negative = i >= 1
        && b[i - 1] == b'-'
        && minus_sign_context(t, i - 1, dict)
        && !preceded_by_number(b, i - 1);
    let start = if negative { i - 1 } else { i };
    let mut reason = if grouped {
        "digits with thousands separators"
    } else if has_point {
        "decimal number"
    } else {
        "digits"
    };
    let Some(mut value) = Decimal::parse(&clean) else {
        return (j, None);
    };
    let mut plain = !grouped && !has_point && !negative && b[i] != b'.';
    // Scientific notation: `2.0E-4`, `1.5×10^6`, `3.9 × 10−7`, `3.55×10^-9`.
    let may_exponent = b
        .get(j)
        .is_some_and(|c| matches!(c, b'e' | b'E' | b' ' | b'x' | b'X' | b'*' | 0xC2 | 0xC3));
    if let Some((exp, end)) = may_exponent.then(|| exponent_after(t, j)).flatten() {
        if let Some(v) = value.scaled(exp) {
            value = v;
            j = end;
            plain = false;
            reason = "scientific notation";
        }
    }
    let value = if negative { value.negated() } else { value };
    if negative {
        reason = "negative number";
    }
    let q = Quantity::decimal(value);
    let mut tok = Token::new(
        start,
        j,
        q,
        Form::Digits {
            plain,
            int_digits: int_len,
        },
        reason,
    );
    if let Some(list) = list_reading {
        tok.alternatives.push(list);
        tok.reason = "digits grouped after a comma and a space (or a list of two)";
    }
    // `16th`, `3rd`: an ordinal in digits, which a date may take as its day.
    if plain
        && b.get(j)
            .is_some_and(|c| matches!(c, b's' | b'n' | b'r' | b't'))
    {
        if let Some(suffix) = ["st", "nd", "rd", "th"]
            .iter()
            .find(|s| t[j..].starts_with(**s))
        {
            let after = j + suffix.len();
            if !t[after..].starts_with(|c: char| c.is_alphanumeric()) {
                tok.end = after;
                tok.unit_end = after;
                tok.context_end = after;
                tok.strength = Strength::Weak;
                tok.reason = "ordinal in digits";
                tok.ordinal = true;
                j = after;
            }
        }
    }
    (j, Some(tok))
}

/// Superscript digits and signs (`10⁻⁹`).
fn superscript(c: char) -> Option<char> {
    Some(match c {
        '⁰' => '0',
        '¹' => '1',
        '²' => '2',
        '³' => '3',
        '⁴' => '4',
        '⁵' => '5',
        '⁶' => '6',
        '⁷' => '7',
        '⁸' => '8',
        '⁹' => '9',
        '⁻' => '-',
        '⁺' => '+',
        _ => return None,
    })
}

/// A signed exponent at `at`: `^-9`, `^(-9)`, `^{-9}`, `⁻⁹`, or, when `bare_sign_ok` (right
/// after `×10`, where superscripts were lost), `-7`; returns it and where it ends.
fn exponent_digits(t: &str, at: usize, bare_sign_ok: bool) -> Option<(i32, usize)> {
    let r = &t[at..];
    let mut sup = String::new();
    let mut sup_end = at;
    for (k, c) in r.char_indices() {
        match superscript(c) {
            Some(d) => {
                sup.push(d);
                sup_end = at + k + c.len_utf8();
            }
            None => break,
        }
    }
    if sup.bytes().any(|d| d.is_ascii_digit()) {
        return sup.parse().ok().map(|e| (e, sup_end));
    }
    let bytes = r.as_bytes();
    let caret = bytes.first() == Some(&b'^');
    let mut k = usize::from(caret);
    let open = caret && bytes.get(k).is_some_and(|&c| c == b'(' || c == b'{');
    if open {
        k += 1;
    }
    let sign_at = k;
    if bytes.get(k).is_some_and(|&c| c == b'-' || c == b'+') {
        k += 1;
    }
    if !caret && (!bare_sign_ok || k == sign_at) {
        return None;
    }
    let digits_start = k;
    while bytes.get(k).is_some_and(u8::is_ascii_digit) {
        k += 1;
    }
    if !(1..=3).contains(&(k - digits_start)) {
        return None;
    }
    let e: i32 = r[sign_at..k].parse().ok()?;
    if open {
        if !bytes.get(k).is_some_and(|&c| c == b')' || c == b'}') {
            return None;
        }
        k += 1;
    }
    Some((e, at + k))
}

fn power_of_ten(t: &str, at: usize) -> Option<(i32, usize)> {
    exponent_digits(t, at, false)
}

/// `E-4`, `×10^6`, ` × 10−7` right after a mantissa.
fn exponent_after(t: &str, j: usize) -> Option<(i32, usize)> {
    let r = &t[j..];
    if let Some(rest) = r.strip_prefix(['e', 'E']) {
        let sign = rest.starts_with(['-', '+']);
        let digits = rest[usize::from(sign)..]
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count();
        let end = j + 1 + usize::from(sign) + digits;
        if (1..=3).contains(&digits) && !t[end..].starts_with(|c: char| c.is_alphanumeric()) {
            return rest[..usize::from(sign) + digits]
                .parse()
                .ok()
                .map(|e| (e, end));
        }
        return None;
    }
    let after_sign = r
        .trim_start_matches(' ')
        .strip_prefix(['×', 'x', 'X', '*', '·'])?;
    let ten = after_sign.trim_start_matches(' ').strip_prefix("10")?;
    exponent_digits(t, t.len() - ten.len(), true)
}

/// Is the `-` at `dash` a minus sign? After a space, `=`, an opening bracket, a comparison, a
/// list comma, a Chinese character (`变化为-0.5分`) or a word PDF text glued to it (`of-4.94`);
/// not after a unit that follows a number (`2000年-2020年` is a range).
fn minus_sign_context(t: &str, dash: usize, dict: &NumberDictionaries) -> bool {
    let before = &t[..dash];
    let Some(c) = before.chars().next_back() else {
        return true;
    };
    if c.is_ascii() {
        return matches!(c, ' ' | '=' | '(' | ':' | '<' | '>' | '[' | ',' | ';' | '~')
            || dict.glue_word_before(before).is_some();
    }
    if is_glue_letter(c) {
        return false;
    }
    // Chinese characters just after a number are its unit: a range follows, not a minus.
    let mut han = 0;
    for ch in before.chars().rev() {
        if is_han(ch) && han < 3 {
            han += 1;
            continue;
        }
        return !(han > 0 && (ch.is_ascii_digit() || ch == '%'));
    }
    true
}

fn preceded_by_number(b: &[u8], dash: usize) -> bool {
    let mut k = dash;
    while k > 0 && b[k - 1] == b' ' {
        k -= 1;
    }
    k > 0 && (b[k - 1].is_ascii_digit() || b[k - 1] == b'%' || b[k - 1] == b')')
}

fn iso_date(t: &str, i: usize, int_end: usize) -> Option<Token> {
    let b = t.as_bytes();
    if int_end - i != 4 {
        return None;
    }
    let sep = *b.get(int_end)?;
    if sep != b'-' && sep != b'/' {
        return None;
    }
    let two = |k: usize| -> Option<u8> {
        let s = t.get(k..k + 2)?;
        if s.bytes().all(|c| c.is_ascii_digit()) {
            s.parse().ok()
        } else {
            None
        }
    };
    let month = two(int_end + 1)?;
    if b.get(int_end + 3) != Some(&sep) {
        return None;
    }
    let day = two(int_end + 4)?;
    let end = int_end + 6;
    if b.get(end).is_some_and(u8::is_ascii_digit)
        || !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
    {
        return None;
    }
    let year: i32 = t[i..int_end].parse().ok()?;
    let date = PartialDate {
        year: Some(year),
        month: Some(month),
        day: Some(day),
    };
    Some(Token::new(
        i,
        end,
        Quantity::date(date),
        Form::Date,
        "ISO date year-month-day",
    ))
}

fn slash_date(t: &str, i: usize, int_end: usize) -> Option<Token> {
    let b = t.as_bytes();
    if int_end - i > 2 || b.get(int_end) != Some(&b'/') {
        return None;
    }
    let second_end = {
        let mut k = int_end + 1;
        while k < b.len() && b[k].is_ascii_digit() {
            k += 1;
        }
        k
    };
    if second_end - int_end - 1 == 0
        || second_end - int_end - 1 > 2
        || b.get(second_end) != Some(&b'/')
    {
        return None;
    }
    let year_s = t.get(second_end + 1..second_end + 5)?;
    if !year_s.bytes().all(|c| c.is_ascii_digit())
        || b.get(second_end + 5).is_some_and(u8::is_ascii_digit)
    {
        return None;
    }
    let first: u8 = t[i..int_end].parse().ok()?;
    let second: u8 = t[int_end + 1..second_end].parse().ok()?;
    // Month first unless that cannot be (25/10/2021).
    let (month, day) = if first <= 12 {
        (first, second)
    } else {
        (second, first)
    };
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let year = year_s.parse().ok();
    let date = PartialDate {
        year,
        month: Some(month),
        day: Some(day),
    };
    let mut tok = Token::new(
        i,
        second_end + 5,
        Quantity::date(date),
        Form::Date,
        "date with slashes",
    );
    // `01/07/2019` is 7 January in the US and 1 July elsewhere: keep the other reading.
    if first <= 12 && second <= 12 && first != second {
        tok.alternatives.push(vec![Quantity::date(PartialDate {
            year,
            month: Some(second),
            day: Some(first),
        })]);
        tok.reason = "date with slashes (month/day or day/month)";
    }
    Some(tok)
}

/// Inside `[12]`, `[1,2]`, `[3-5]`: a citation mark.
fn in_citation(b: &[u8], start: usize, end: usize) -> bool {
    let inner = |c: u8| c.is_ascii_digit() || matches!(c, b',' | b'-' | b' ');
    let mut l = start;
    while l > 0 && inner(b[l - 1]) {
        l -= 1;
    }
    let mut r = end;
    while r < b.len() && inner(b[r]) {
        r += 1;
    }
    l > 0 && b[l - 1] == b'[' && b.get(r) == Some(&b']')
}

/// `(1)`, `（2）`, `3)` opening a clause: an enumeration, not a quantity.
fn is_list_marker(t: &str, start: usize, end: usize) -> bool {
    let b = t.as_bytes();
    if end - start > 2 || b.get(end) != Some(&b')') {
        return false;
    }
    if start > 0 && b[start - 1] == b'(' {
        let k = start - 1;
        return k == 0
            || matches!(b[k - 1], b' ' | b'\n' | b'\t' | b':' | b';' | b',' | b'.')
            || b[k - 1] >= 0x80;
    }
    // `by 1) cooking, and 2) limiting`: a closing parenthesis with no opening one before it in
    // the clause, so `(n = 14)` and `(95% CI 1.2-1.9)` keep their numbers.
    for &c in b[..start].iter().rev().take(60) {
        match c {
            b'(' => return false,
            b')' | b'.' | b';' | b':' | b'\n' => return true,
            _ => {}
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(t: &str) -> Vec<String> {
        let d = NumberDictionaries::builtin().unwrap();
        scan(t, &[], &|_| true, &d)
            .into_iter()
            .map(|tok| tok.quantity.to_string())
            .collect()
    }

    #[test]
    fn reads_grouping_decimals_and_dates() {
        assert_eq!(
            values("36,000 and 36 000 and 0.05 and p=.05"),
            ["36000", "36000", "0.05", "0.05"]
        );
        assert_eq!(values("in 2014, 22 years later"), ["2014", "22"]);
        assert_eq!(
            values("on 2023-07-31 and 10/25/2021"),
            ["2023-07-31", "2021-10-25"]
        );
        assert_eq!(values("1/3 of them"), ["1/3"]);
    }

    #[test]
    fn skips_citations_list_markers_and_glued_letters() {
        assert_eq!(
            values("as shown [12] and [3-5], (1) first; 2) second"),
            Vec::<String>::new()
        );
        assert_eq!(values("sector (n = 1)"), ["1"]);
        assert_eq!(values("BRCA1"), Vec::<String>::new());
    }
}
