//! Two quantities joined by a range connector become one range mention: `2000-2020`,
//! `2000—2020年`, `12% to 35%`, `12%~35%`, `between 1 January 2022 and 31 July 2023`,
//! `6月初到2023年8月底`, `18~65岁`. The unit written once applies to both ends.

use super::value::{PartialDate, Quantity, QuantityKind};
use super::{Form, Strength, Token};
use crate::lang::Lang;

const DASHES: &[&str] = &["-", "–", "—", "——", "−", "~", "〜", "～", "--"];

pub(crate) fn combine(t: &str, lang: Lang, tokens: Vec<Token>) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
    let mut iter = tokens.into_iter().peekable();
    while let Some(a) = iter.next() {
        let Some(b) = iter.peek() else {
            out.push(a);
            break;
        };
        match join(t, lang, &a, b) {
            Some(range) => {
                iter.next();
                out.push(range);
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
            match (ul, uh) {
                (Some(x), Some(y)) if x != y => return None,
                (None, Some(y)) => set_unit(&mut low, y),
                (Some(x), None) => set_unit(&mut high, x),
                _ => {}
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
        (QuantityKind::Date(_), QuantityKind::Date(_)) => {}
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
