//! Two quantities joined by a range connector become one range mention: `2000-2020`,
//! `2000—2020年`, `12% to 35%`, `12%~35%`, `between 1 January 2022 and 31 July 2023`,
//! `6月初到2023年8月底`, `18~65岁`. The unit written once applies to both ends.

use super::value::{PartialDate, Quantity, QuantityKind};
use super::{Form, Strength, Token};
use crate::lang::Lang;

const DASHES: &[&str] = &["-", "–", "—", "——", "−", "~", "〜", "～", "--"];

pub(crate) fn combine(t: &str, lang: Lang, tokens: Vec<Token>) -> Vec<Token> {
    let tokens = compound_durations(t, lang, tokens);
    let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
    let mut iter = tokens.into_iter().peekable();
    while let Some(mut a) = iter.next() {
        if lang == Lang::En {
            from_birth(t, &mut a);
        }
        let Some(b) = iter.peek() else {
            out.push(a);
            break;
        };
        match join(t, lang, &a, b) {
            Some(mut range) => {
                iter.next();
                // `November 16th to 18th, 2018`: the year after a range of days is both ends'.
                if let Some(year) = iter.peek().filter(|y| {
                    matches!(t.get(range.end..y.start), Some(", " | " " | ","))
                        && range_needs_year(&range.quantity)
                }) {
                    if let Some(y) = year.year_like() {
                        set_years(&mut range.quantity, y);
                        range.end = year.end;
                        range.unit_end = year.end;
                        range.context_end = range.context_end.max(year.end);
                        iter.next();
                    }
                }
                out.push(range);
            }
            None => out.push(a),
        }
    }
    out
}

/// `from birth to 2 months` (`0~2月龄`): an age range that starts at zero.
fn from_birth(t: &str, tok: &mut Token) {
    let before = t[..tok.start].trim_end_matches(' ');
    let Some(rest) = before
        .strip_suffix(" to")
        .or_else(|| before.strip_suffix(" up to"))
    else {
        return;
    };
    if !rest.to_ascii_lowercase().ends_with("birth") {
        return;
    }
    if let QuantityKind::Number { unit, .. } = tok.quantity.kind {
        let zero = Quantity::number(super::Amount::Decimal(super::Decimal::from_int(0)), unit);
        let high = tok.quantity.clone();
        tok.quantity = Quantity::range(zero, high);
        tok.reason = "age range from birth";
    }
}

fn range_needs_year(q: &Quantity) -> bool {
    match &q.kind {
        QuantityKind::Range(low, high) => {
            matches!(low.kind, QuantityKind::Date(PartialDate { year: None, .. }))
                && matches!(
                    high.kind,
                    QuantityKind::Date(PartialDate { year: None, .. })
                )
        }
        _ => false,
    }
}

fn set_years(q: &mut Quantity, year: i32) {
    if let QuantityKind::Range(low, high) = &mut q.kind {
        for end in [low, high] {
            if let QuantityKind::Date(d) = &mut end.kind {
                d.year = Some(year);
            }
        }
    }
}

/// `1岁9个月`, `1 year and 9 months`: one age or duration in months, with the two parts as the
/// other reading.
fn compound_durations(t: &str, lang: Lang, tokens: Vec<Token>) -> Vec<Token> {
    let unit_of = |tok: &Token| match &tok.quantity.kind {
        QuantityKind::Number {
            amount,
            unit: Some(u),
        } if u.per.is_none() && tok.quantity.bound == super::Bound::Exact => amount
            .as_decimal()
            .filter(|d| d.is_integer())
            .map(|d| (d, u.base)),
        _ => None,
    };
    let years = |tok: &Token| tok.quantity.unit().is_some_and(|u| u.base == "year");
    if !tokens.windows(2).any(|w| years(&w[0])) {
        return tokens;
    }
    let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
    let mut iter = tokens.into_iter().peekable();
    while let Some(a) = iter.next() {
        let merged = iter.peek().and_then(|b| {
            let gap = t.get(a.unit_end..b.start)?;
            let gap_ok = match lang {
                Lang::Zh => gap.is_empty() || gap == "零",
                Lang::En => matches!(gap, " " | " and " | ", " | " and a "),
            };
            let (years, "year") = unit_of(&a)? else {
                return None;
            };
            let (months, "month") = unit_of(b)? else {
                return None;
            };
            if !gap_ok || months.as_int()? >= 12 {
                return None;
            }
            let total = years.checked_mul_int(12)?.checked_add(months)?;
            let mut tok = Token::new(
                a.start,
                b.end,
                Quantity::number(
                    super::Amount::Decimal(total),
                    Some(super::Unit::simple("month")),
                ),
                Form::Digits {
                    plain: false,
                    int_digits: 0,
                },
                "age or duration in years and months",
            );
            tok.strength = Strength::Strong;
            tok.unit_end = b.unit_end;
            tok.context_start = a.context_start.min(a.start);
            tok.context_end = b.context_end.max(b.end);
            tok.alternatives
                .push(vec![a.quantity.clone(), b.quantity.clone()]);
            Some(tok)
        });
        match merged {
            Some(tok) => {
                iter.next();
                out.push(tok);
            }
            None => out.push(a),
        }
    }
    out
}

fn connector(t: &str, lang: Lang, a: &Token, b: &Token) -> Option<&'static str> {
    if a.unit_end > b.start {
        return None;
    }
    let mut gap = t[a.unit_end..b.start].trim();
    if lang == Lang::Zh {
        for q in ["初", "底", "末", "中旬", "上旬", "下旬", "份"] {
            gap = gap.strip_prefix(q).unwrap_or(gap).trim();
        }
    }
    if let Some(d) = DASHES.iter().find(|d| gap == **d) {
        return Some(d);
    }
    match gap {
        "至" | "到" => Some("至"),
        "to" => Some("to"),
        "and" | "und" => {
            let before = t[..a.context_start.min(a.start)].trim_end();
            let n = before.len();
            (n >= 7
                && before.is_char_boundary(n - 7)
                && before[n - 7..].eq_ignore_ascii_case("between"))
            .then_some("and")
        }
        _ => None,
    }
}

fn join(t: &str, lang: Lang, a: &Token, b: &Token) -> Option<Token> {
    let conn = connector(t, lang, a, b)?;
    let (mut low, mut high) = (a.quantity.clone(), b.quantity.clone());
    low.bound = super::Bound::Exact;
    high.bound = super::Bound::Exact;
    match (&low.kind, &high.kind) {
        (QuantityKind::Number { .. }, QuantityKind::Number { .. }) => {
            let (ul, uh) = (low.unit(), high.unit());
            let ages = |u: super::Unit| u.per.is_none() && matches!(u.base, "year" | "month");
            match (ul, uh) {
                // `6月龄至5岁`: an age range from months to years keeps both units.
                (Some(x), Some(y)) if x != y && !(ages(x) && ages(y)) => return None,
                (None, Some(y)) => set_unit(&mut low, y),
                (Some(x), None) => set_unit(&mut high, x),
                _ => {}
            }
            // `3 to 5 million`, `3~5万`: one scale word for both ends.
            if b.scale > 0 && a.scale == 0 && matches!(a.form, Form::Digits { .. }) {
                if let (Some(la), Some(hb)) = (low.amount(), high.amount()) {
                    let (la, hb) = (la.as_decimal(), hb.as_decimal());
                    if let (Some(la), Some(hb)) = (la, hb) {
                        if let Some(scaled) = la.scaled(b.scale).filter(|s| *s < hb) {
                            low = Quantity::number(super::Amount::Decimal(scaled), low.unit());
                        }
                    }
                }
            }
            // `1988-89`: an abbreviated second year.
            if let (Some(y), Some(h)) = (a.year_like(), b.plain_int()) {
                let short = matches!(
                    b.form,
                    Form::Digits {
                        plain: true,
                        int_digits: 2
                    }
                );
                if DASHES.contains(&conn) && short && h > i128::from(y % 100) {
                    let full = i128::from(y - y % 100) + h;
                    high = Quantity::decimal(super::Decimal::from_int(full));
                }
            }
        }
        (QuantityKind::Date(l), QuantityKind::Date(h)) => {
            // `from January to April 2019`, `2022年8月至12月`: the year said once is both ends'.
            let (mut l, mut h) = (*l, *h);
            match (l.year, h.year, l.month, h.month) {
                (None, Some(y), Some(lm), Some(hm)) => {
                    l.year = Some(if lm <= hm { y } else { y - 1 })
                }
                (Some(y), None, Some(lm), Some(hm)) => {
                    h.year = Some(if lm <= hm { y } else { y + 1 })
                }
                _ => {}
            }
            low = Quantity::date(l);
            high = Quantity::date(h);
        }
        // `November 16th to 18th`: a day after a full date is a range of days.
        (QuantityKind::Date(l), QuantityKind::Number { .. }) if l.day.is_some() => {
            let d = b.plain_int().filter(|d| (1..=31).contains(d))?;
            let d = u8::try_from(d).ok().filter(|d| Some(*d) > l.day)?;
            high = Quantity::date(PartialDate { day: Some(d), ..*l });
        }
        // `16–18 November 2018`.
        (QuantityKind::Number { .. }, QuantityKind::Date(h))
            if h.day.is_some() && lang == Lang::En =>
        {
            let d = a.plain_int().filter(|d| (1..=31).contains(d))?;
            let d = u8::try_from(d).ok().filter(|d| Some(*d) < h.day)?;
            low = Quantity::date(PartialDate { day: Some(d), ..*h });
        }
        // `2000—2020年`: a bare year before a year date.
        (
            QuantityKind::Number { .. },
            QuantityKind::Date(PartialDate {
                year: Some(_),
                month: None,
                day: None,
            }),
        ) => {
            let y = a.year_like()?;
            low = Quantity::date(PartialDate {
                year: Some(y),
                ..PartialDate::default()
            });
        }
        _ => return None,
    }
    let strength = if a.strength == Strength::Weak && b.strength == Strength::Weak {
        Strength::Weak
    } else {
        Strength::Strong
    };
    let mut tok = Token::new(
        a.start,
        b.end,
        Quantity::range(low, high),
        Form::Digits {
            plain: false,
            int_digits: 0,
        },
        "range of two values",
    );
    tok.strength = strength;
    tok.unit_end = b.unit_end;
    tok.context_start = a.context_start.min(a.start);
    tok.context_end = b.context_end.max(b.end);
    Some(tok)
}

fn set_unit(q: &mut Quantity, u: super::Unit) {
    if let QuantityKind::Number { unit, .. } = &mut q.kind {
        *unit = Some(u);
    }
}
