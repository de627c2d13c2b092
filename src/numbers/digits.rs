//! Numbers written with digits (after folding, so `１４` is `14`): grouping (`36,000`,
//! `36 000`), decimals (`0.05`, `.05`), ISO and US dates, simple fractions (`1/3`). Digits
//! inside identifiers, citation marks (`[12]`) and list markers (`(1)`, `2)`) are skipped.

use std::ops::Range;

use super::identifiers::is_glue_letter;
use super::value::{Amount, Decimal, PartialDate, Quantity};
use super::{Form, Token};

/// `ascii_comma(j)` tells whether the `,` at folded offset `j` was written as ASCII: a Chinese
/// `，` separates list items (`分别为120，130`), it never groups thousands.
pub(crate) fn scan(
    t: &str,
    ids: &[Range<usize>],
    ascii_comma: &dyn Fn(usize) -> bool,
) -> Vec<Token> {
    let b = t.as_bytes();
    let mut out = Vec::new();
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
        let glued_before = t[..i]
            .chars()
            .next_back()
            .is_some_and(|c| is_glue_letter(c) || c == '_');
        let (end, token) = read_number(t, i, ascii_comma);
        i = end.max(i + 1);
        if glued_before
            || in_citation(b, token.start, token.end)
            || is_list_marker(t, token.start, token.end)
        {
            continue;
        }
        // Digits glued to letters that are not a known unit were taken as identifiers; a
        // leftover glue here (`3D` when the mask missed it) is still not a quantity.
        out.push(token);
    }
    out
}

fn leading_point_ok(b: &[u8], i: usize) -> bool {
    i == 0 || matches!(b[i - 1], b' ' | b'=' | b'<' | b'>' | b'(')
}

/// Reads the number starting at `i`; returns where scanning resumes and the token.
fn read_number(t: &str, i: usize, ascii_comma: &dyn Fn(usize) -> bool) -> (usize, Token) {
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
        return (token.end, token);
    }

    let mut clean = String::with_capacity(16);
    clean.push_str(&t[i..int_end]);
    let mut j = int_end;
    let mut grouped = false;
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
            if !is_group {
                break;
            }
            clean.push_str(&t[j + 1..group_end]);
            j = group_end;
            grouped = true;
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
                        return (den_end, tok);
                    }
                }
            }
        }
    }

    let negative = i >= 1
        && b[i - 1] == b'-'
        && (i == 1 || matches!(b[i - 2], b' ' | b'=' | b'(' | b':' | b'<' | b'>'))
        && !preceded_by_number(b, i - 1);
    let start = if negative { i - 1 } else { i };
    let reason = if grouped {
        "digits with thousands separators"
    } else if has_point {
        "decimal number"
    } else {
        "digits"
    };
    let value = Decimal::parse(&clean).unwrap_or(Decimal::from_int(0));
    let value = if negative { value.negated() } else { value };
    let plain = !grouped && !has_point && !negative && b[i] != b'.';
    let q = Quantity::decimal(value);
    (
        j,
        Token::new(
            start,
            j,
            q,
            Form::Digits {
                plain,
                int_digits: int_len,
            },
            reason,
        ),
    )
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
    let date = PartialDate {
        year: year_s.parse().ok(),
        month: Some(month),
        day: Some(day),
    };
    Some(Token::new(
        i,
        second_end + 5,
        Quantity::date(date),
        Form::Date,
        "date with slashes",
    ))
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
        scan(t, &[], &|_| true)
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
