//! English number words (`five`, `twenty-one`, `a hundred`, `two million`, `one-third`,
//! `twice`, ordinals) and dates built around month names (`1 January 2022`, `June 2023`,
//! `Jan, 2013`, `early June`).

use std::ops::Range;

use super::dictionaries::{EnWordKind, NumberDictionaries};
use super::value::{Amount, Decimal, PartialDate, Quantity, Unit};
use super::{Form, Strength, Token};

/// Words before a bare `May` that make it the month, not the verb.
const MONTH_CUES: &[&str] = &[
    "in", "from", "to", "since", "until", "between", "and", "through", "during", "early", "late",
    "mid", "of", "by", "before", "after",
];

fn ascii_words(t: &str, ids: &[Range<usize>]) -> Vec<Range<usize>> {
    let b = t.as_bytes();
    let mut out = Vec::new();
    let mut ids = ids.iter().peekable();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_alphabetic() {
            i += 1;
        }
        let glued = (start > 0 && b[start - 1].is_ascii_digit())
            || b.get(i).is_some_and(u8::is_ascii_digit);
        while ids.peek().is_some_and(|r| r.end <= start) {
            ids.next();
        }
        let in_id = ids.peek().is_some_and(|r| r.start <= start);
        if !glued && !in_id {
            out.push(start..i);
        }
    }
    out
}

pub(crate) fn scan_words(
    t: &str,
    dict: &NumberDictionaries,
    ids: &[Range<usize>],
    tokens: &mut Vec<Token>,
) {
    let words = ascii_words(t, ids);
    let lower: Vec<String> = words
        .iter()
        .map(|w| t[w.clone()].to_ascii_lowercase())
        .collect();
    let gap = |a: usize, b: usize| &t[words[a].end..words[b].start];
    let mut k = 0;
    while k < words.len() {
        let w = &t[words[k].clone()];
        if w.as_bytes()[0].is_ascii_uppercase() {
            if let Some(m) = dict.month(w) {
                let cue =
                    k > 0 && gap(k - 1, k) == " " && MONTH_CUES.contains(&lower[k - 1].as_str());
                let followed_by_digit = t[words[k].end..]
                    .trim_start_matches([' ', '.', ','])
                    .starts_with(|c: char| c.is_ascii_digit());
                let preceded_by_digit = t[..words[k].start]
                    .trim_end()
                    .ends_with(|c: char| c.is_ascii_digit());
                if w != "May" || cue || followed_by_digit || preceded_by_digit {
                    let date = PartialDate {
                        year: None,
                        month: Some(m),
                        day: None,
                    };
                    tokens.push(Token::new(
                        words[k].start,
                        words[k].end,
                        Quantity::date(date),
                        Form::MonthName,
                        "month name",
                    ));
                }
                k += 1;
                continue;
            }
        }
        if lower[k] == "decade" && !follows_number(t, words[k].start) {
            // `in the next decade`, `a decade ago`: ten years.
            tokens.push(Token::new(
                words[k].start,
                words[k].end,
                Quantity::number(
                    Amount::Decimal(Decimal::from_int(10)),
                    Some(Unit::simple("year")),
                ),
                Form::EnWords,
                "decade (ten years)",
            ));
            k += 1;
            continue;
        }
        match parse_phrase(dict, &lower, k, &|a, b| gap(a, b)) {
            Some((last, amount, strength, reason)) => {
                let mut tok = Token::new(
                    words[k].start,
                    words[last].end,
                    Quantity::number(amount, None),
                    Form::EnWords,
                    reason,
                );
                tok.strength = strength;
                tok.ordinal = reason == "English ordinal";
                if let Some(why) = name_or_compound(t, &words, &lower, k, last, dict) {
                    tok.strength = Strength::Weak;
                    tok.reason = why;
                } else if amount == Amount::Decimal(Decimal::from_int(2))
                    && after_between(&lower, k)
                {
                    // `between two varieties` = `品种间`: the pair is in the preposition.
                    tok.strength = Strength::Weak;
                    tok.reason = "two after between (a comparison of a pair)";
                }
                tokens.push(tok);
                k = last + 1;
            }
            None => k += 1,
        }
    }
}

/// Does word `k` follow `between` or `between the`?
fn after_between(lower: &[String], k: usize) -> bool {
    let at = |i: Option<usize>| i.and_then(|i| lower.get(i)).map(String::as_str);
    at(k.checked_sub(1)) == Some("between")
        || (at(k.checked_sub(1)) == Some("the") && at(k.checked_sub(2)) == Some("between"))
}

/// Is there a number just before `start` (`two decades`, `3 decades`)?
fn follows_number(t: &str, start: usize) -> bool {
    let before = t[..start].trim_end();
    before.ends_with(|c: char| c.is_ascii_digit())
        || before
            .rsplit(' ')
            .next()
            .is_some_and(|w| w.eq_ignore_ascii_case("a") || w.eq_ignore_ascii_case("one"))
}

/// A number word that is part of a term or a name, not a count: hyphenated to a word that is
/// not a unit (`zero-energy`, `first-line`, `one-stop`), or capitalized inside a sentence before
/// another capitalized word (`Zero Shot`, `Third Hospital`).
fn name_or_compound(
    t: &str,
    words: &[Range<usize>],
    lower: &[String],
    first: usize,
    last: usize,
    dict: &NumberDictionaries,
) -> Option<&'static str> {
    let next = words.get(last + 1);
    if let Some(n) = next {
        let hyphenated = &t[words[last].end..n.start] == "-";
        let word = &lower[last + 1];
        if hyphenated
            && dict.unit_at(&t[n.start..]).is_none()
            && dict.en_word(word).is_none()
            && !matches!(word.as_str(), "fold" | "times")
        {
            return Some("number word in a hyphenated term (zero-energy, first-line)");
        }
    }
    let capital = t[words[first].clone()].starts_with(|c: char| c.is_ascii_uppercase());
    let sentence_start = t[..words[first].start]
        .trim_end()
        .chars()
        .next_back()
        .is_none_or(|c| matches!(c, '.' | '!' | '?' | ':' | ';' | '"' | '(' | '\n'));
    let next_capital = next.is_some_and(|n| {
        &t[words[last].end..n.start] == " "
            && t[n.clone()].starts_with(|c: char| c.is_ascii_uppercase())
    });
    (capital && !sentence_start && next_capital)
        .then_some("capitalized number word in a name (Zero Shot, Third Hospital)")
}

type Phrase = (usize, Amount, Strength, &'static str);

/// Reads the number phrase starting at word `k`: returns its last word index and value.
fn parse_phrase<'t>(
    dict: &NumberDictionaries,
    lower: &[String],
    k: usize,
    gap: &dyn Fn(usize, usize) -> &'t str,
) -> Option<Phrase> {
    let word = |i: usize| lower.get(i).and_then(|w| dict.en_word(w));
    let joined = |a: usize, b: usize| b < lower.len() && matches!(gap(a, b), " " | "-");
    let first = &lower[k];
    let mut i = k;
    let mut current: u64 = 0;
    let mut total: u64 = 0;
    let mut last_kind: Option<EnWordKind> = None;
    if first == "a" || first == "an" {
        let next = word(k + 1).filter(|_| joined(k, k + 1))?;
        if !matches!(
            next.kind,
            EnWordKind::Hundred | EnWordKind::Scale | EnWordKind::Dozen
        ) {
            return None;
        }
        current = 1;
        i = k + 1;
        last_kind = Some(EnWordKind::Cardinal);
    }
    let head = word(i)?;
    match head.kind {
        // `both`, `trivalent`, `no`: a count without a numeral; matched, never reported.
        EnWordKind::Multiplier if last_kind.is_none() => {
            return Some((
                k,
                Amount::Decimal(Decimal::from_int(head.value.into())),
                Strength::Weak,
                "English word for a count (both, trivalent, no)",
            ));
        }
        // `million` alone follows digits (`1.5 million`, read with them); `hundreds of` is no
        // count at all.
        EnWordKind::Hundred | EnWordKind::Scale if last_kind.is_none() => return None,
        EnWordKind::Ordinal if last_kind.is_none() => {
            return Some((
                k,
                Amount::Decimal(Decimal::from_int(head.value.into())),
                Strength::Weak,
                "English ordinal",
            ));
        }
        EnWordKind::Times if last_kind.is_none() => {
            let strength = if head.value == 1 {
                Strength::Weak
            } else {
                Strength::Strong
            };
            return Some((
                k,
                Amount::Decimal(Decimal::from_int(head.value.into())),
                strength,
                "English multiplicative (once, twice)",
            ));
        }
        EnWordKind::Denominator if last_kind.is_none() => {
            // `half a million`: half of a scale word.
            if lower[k] == "half"
                && lower.get(k + 1).is_some_and(|w| w == "a" || w == "an")
                && joined(k, k + 1)
                && joined(k + 1, k + 2)
            {
                if let Some(scale) = word(k + 2).filter(|w| w.kind == EnWordKind::Scale) {
                    let value = Decimal::from_int(i128::from(scale.value)).checked_mul_int(5)?;
                    return Some((
                        k + 2,
                        Amount::Decimal(value.scaled(-1)?),
                        Strength::Strong,
                        "half a scale word (half a million)",
                    ));
                }
            }
            return (lower[k] == "half").then(|| {
                (
                    k,
                    Amount::fraction(1, 2).unwrap_or(Amount::Decimal(Decimal::new(5, -1))),
                    Strength::Weak,
                    "half",
                )
            });
        }
        _ => {}
    }
    let mut end = i;
    let mut words_used = 0;
    let mut after_and = false;
    while let Some(w) = word(i) {
        if words_used > 0 && !after_and && !joined(end, i) {
            break;
        }
        after_and = false;
        match w.kind {
            EnWordKind::Cardinal => {
                if matches!(last_kind, Some(EnWordKind::Cardinal))
                    || (matches!(last_kind, Some(EnWordKind::Tens)) && w.value >= 10)
                {
                    break;
                }
                current += w.value;
            }
            EnWordKind::Tens => {
                if matches!(last_kind, Some(EnWordKind::Cardinal | EnWordKind::Tens)) {
                    break;
                }
                current += w.value;
            }
            EnWordKind::Hundred => current = current.max(1).saturating_mul(100),
            EnWordKind::Scale => {
                total = total.saturating_add(current.max(1).saturating_mul(w.value));
                current = 0;
            }
            EnWordKind::Dozen => current = current.max(1).saturating_mul(12),
            _ => break,
        }
        last_kind = Some(w.kind);
        words_used += 1;
        end = i;
        i += 1;
        // `two hundred and five`: `and` continues a compound after hundred or a scale word.
        if lower.get(i).is_some_and(|w| w == "and")
            && matches!(last_kind, Some(EnWordKind::Hundred | EnWordKind::Scale))
            && word(i + 1)
                .is_some_and(|w| matches!(w.kind, EnWordKind::Cardinal | EnWordKind::Tens))
            && gap(end, i) == " "
        {
            i += 1;
            after_and = true;
        }
    }
    if words_used == 0 {
        return None;
    }
    let value = total.saturating_add(current);
    // `one-third`, `two thirds`, `three quarters`, `one half`.
    if words_used == 1 && joined(end, end + 1) && value > 0 {
        if let Some(den) = word(end + 1) {
            let is_den = match den.kind {
                EnWordKind::Denominator => true,
                EnWordKind::Ordinal => den.value >= 3 && value == 1,
                _ => false,
            };
            if is_den && value < den.value {
                let amount =
                    Amount::fraction(u32::try_from(value).ok()?, u32::try_from(den.value).ok()?)?;
                return Some((end + 1, amount, Strength::Strong, "English fraction"));
            }
        }
    }
    // `two and a half years`.
    if lower.get(end + 1).is_some_and(|w| w == "and")
        && lower.get(end + 2).is_some_and(|w| w == "a")
        && lower.get(end + 3).is_some_and(|w| w == "half")
        && (end + 1..end + 4).all(|i| gap(i - 1, i) == " ")
    {
        let amount = Decimal::from_int(value.into()).checked_add(Decimal::new(5, -1))?;
        return Some((
            end + 3,
            Amount::Decimal(amount),
            Strength::Strong,
            "English number word and a half",
        ));
    }
    let strength = if value == 1 && words_used == 1 && lower[k] == "one" {
        Strength::Weak
    } else {
        Strength::Strong
    };
    Some((
        end,
        Amount::Decimal(Decimal::from_int(value.into())),
        strength,
        "English number word",
    ))
}

/// Joins month names with an adjacent day and year: `1 January 2022`, `January 1, 2022`,
/// `June 2023`, `Jan, 2013`. A month alone stays a month without year (`--06`).
pub(crate) fn combine_dates(t: &str, tokens: Vec<Token>) -> Vec<Token> {
    let mut consumed = vec![false; tokens.len()];
    let mut dates: Vec<(usize, Token)> = Vec::new();
    for k in 0..tokens.len() {
        let tok = &tokens[k];
        if tok.form != Form::MonthName {
            continue;
        }
        let super::QuantityKind::Date(mut date) = tok.quantity.kind.clone() else {
            continue;
        };
        let (mut start, mut end) = (tok.start, tok.end);
        let day_of = |other: &Token| {
            matches!(other.form, Form::Digits { plain: true, .. })
                .then(|| other.plain_int())
                .flatten()
                .filter(|d| (1..=31).contains(d))
        };
        if k > 0 && !consumed[k - 1] && t[tokens[k - 1].end..tok.start] == *" " {
            if let Some(d) = day_of(&tokens[k - 1]) {
                date.day = u8::try_from(d).ok();
                start = tokens[k - 1].start;
                consumed[k - 1] = true;
            }
        }
        let mut next = k + 1;
        let after_gap = |from: usize, to: usize| {
            matches!(t.get(from..to), Some(" " | ", " | ". " | "., " | ","))
        };
        if let Some(n) = tokens.get(next).filter(|n| after_gap(end, n.start)) {
            if let Some(y) = n.year_like() {
                date.year = Some(y);
                end = n.end;
                consumed[next] = true;
            } else if date.day.is_none() {
                if let Some(d) = day_of(n) {
                    date.day = u8::try_from(d).ok();
                    end = n.end;
                    consumed[next] = true;
                    next += 1;
                    if let Some(y) = tokens
                        .get(next)
                        .filter(|n| after_gap(end, n.start))
                        .and_then(Token::year_like)
                    {
                        date.year = Some(y);
                        end = tokens[next].end;
                        consumed[next] = true;
                    }
                }
            }
        }
        let reason = match (date.year, date.day) {
            (Some(_), Some(_)) => "date with day, month name and year",
            (Some(_), None) => "month name and year",
            (None, Some(_)) => "day and month name without year",
            (None, None) => "month name without year",
        };
        let mut date_tok = Token::new(start, end, Quantity::date(date), Form::Date, reason);
        date_tok.context_start = qualifier_start(t, start);
        consumed[k] = true;
        dates.push((k, date_tok));
    }
    let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
    let mut dates = dates.into_iter().peekable();
    for (k, tok) in tokens.into_iter().enumerate() {
        if dates.peek().is_some_and(|(dk, _)| *dk == k) {
            if let Some((_, d)) = dates.next() {
                out.push(d);
            }
        } else if !consumed[k] {
            out.push(tok);
        }
    }
    out.sort_by_key(|tok| tok.start);
    out
}

/// `early June`, `the end of August 2023`: widen the quote to the qualifier.
fn qualifier_start(t: &str, start: usize) -> usize {
    let before = &t[..start];
    for q in [
        "the end of ",
        "the beginning of ",
        "the middle of ",
        "end of ",
        "early ",
        "mid-",
        "mid ",
        "late ",
    ] {
        if before.len() >= q.len()
            && before.is_char_boundary(before.len() - q.len())
            && before[before.len() - q.len()..].eq_ignore_ascii_case(q)
        {
            return start - q.len();
        }
    }
    start
}

/// `one in five`, `1 in 20`, `3 out of 10`: a fraction, as Chinese writes it (`五分之一`), with
/// the two numbers as the other reading.
pub(crate) fn combine_in_fractions(t: &str, tokens: Vec<Token>) -> Vec<Token> {
    let candidate = |w: &[Token]| matches!(t.get(w[0].end..w[1].start), Some(" in " | " out of "));
    if !tokens.windows(2).any(candidate) {
        return tokens;
    }
    let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
    let mut iter = tokens.into_iter().peekable();
    while let Some(a) = iter.next() {
        let fraction = iter.peek().and_then(|b| {
            if !matches!(t.get(a.end..b.start), Some(" in " | " out of "))
                || b.year_like().is_some()
            {
                return None;
            }
            let n = u32::try_from(a.plain_int()?).ok()?;
            let d = u32::try_from(b.plain_int()?).ok()?;
            if n == 0 || n >= d || d > 10_000 {
                return None;
            }
            let mut tok = Token::new(
                a.start,
                b.end,
                Quantity::number(Amount::fraction(n, d)?, None),
                Form::EnWords,
                "fraction written N in M",
            );
            tok.alternatives
                .push(vec![a.quantity.clone(), b.quantity.clone()]);
            Some(tok)
        });
        match fraction {
            Some(tok) => {
                iter.next();
                out.push(tok);
            }
            None => out.push(a),
        }
    }
    out
}
