//! What surrounds a number: scale words (`3.6万`, `1.5 million`), percent (`20%`,
//! `百分之二十`, `20 per cent`), units (`5 mg/kg`, `5-year`, `3个月`), Chinese dates
//! (`2022年1月1日`, `6月初`), bounds (`over 300`, `300多`, `P＜0.05`, `60%以上`) and the measure
//! word or noun that names the slot (`75份文件`, `75 documents`).

use super::dictionaries::NumberDictionaries;
use super::value::{Amount, Bound, Decade, Decimal, PartialDate, Quantity, QuantityKind, Unit};
use super::{Form, Token};
use crate::lang::{is_han, Lang};

const EN_SCALES: &[(&str, i32)] = &[(" thousand", 3), (" million", 6), (" billion", 9)];
const ZH_SCALES: &[(&str, i32)] = &[("千万", 7), ("百万", 6), ("万", 4), ("亿", 8), ("千", 3)];
const NOT_NOUNS: &[&str] = &[
    "and", "or", "to", "of", "in", "the", "were", "was", "with", "for", "from", "than", "at", "on",
    "by", "as", "is", "are", "be", "vs", "per", "each", "who", "that", "which", "had", "have",
    "has", "while", "but",
];

pub(crate) fn decorate(
    t: &str,
    lang: Lang,
    dict: &NumberDictionaries,
    tokens: Vec<Token>,
) -> Vec<Token> {
    let mut consumed = vec![false; tokens.len()];
    let mut out = Vec::with_capacity(tokens.len());
    for k in 0..tokens.len() {
        if consumed[k] {
            continue;
        }
        let mut tok = tokens[k].clone();
        if matches!(tok.form, Form::MonthName | Form::Date) {
            out.push(tok);
            continue;
        }
        if let Some((decade, end)) = decade(t, lang, &tok, &tokens, k, &mut consumed) {
            tok.quantity = Quantity {
                kind: QuantityKind::Decade(decade),
                bound: Bound::Exact,
            };
            tok.strength = super::Strength::Strong;
            tok.form = Form::Date;
            tok.reason = match (decade.century, decade.tens) {
                (_, None) => "century",
                (None, _) => "decade without its century (90年代)",
                _ => "decade (1990s, 20世纪90年代)",
            };
            tok.end = end;
            tok.unit_end = end;
            tok.context_end = end;
            out.push(tok);
            continue;
        }
        let mut e = tok.end;
        let mut unit: Option<Unit> = None;
        let mut bound = Bound::Exact;
        let digits = matches!(tok.form, Form::Digits { .. });

        if lang == Lang::Zh {
            if let Some(before) = t[..tok.start].strip_suffix("百分之") {
                tok.start = before.len();
                unit = Some(Unit::simple("%"));
                tok.reason = "Chinese percentage (百分之)";
            }
        }

        // Scale words multiply a digit number: 3.6万, 1.5 million.
        if digits {
            let r = &t[e..];
            let scales = if lang == Lang::En {
                EN_SCALES
            } else {
                ZH_SCALES
            };
            let (approx, r2) = match (lang, r.strip_prefix('多').or(r.strip_prefix('余'))) {
                (Lang::Zh, Some(rest)) if ZH_SCALES.iter().any(|(w, _)| rest.starts_with(w)) => {
                    (true, rest)
                }
                _ => (false, r),
            };
            let unit_here = dict.unit_at(r2).is_some_and(|(u, _)| u != "year");
            if !unit_here {
                if let Some((w, k10)) = scales.iter().find(|(w, _)| {
                    r2.starts_with(w)
                        && !r2[w.len()..].starts_with(|c: char| c.is_ascii_alphabetic())
                }) {
                    if let Some(scaled) = scale(&tok.quantity, *k10) {
                        tok.quantity = scaled;
                        tok.scale = *k10;
                        e += (r.len() - r2.len()) + w.len();
                        tok.end = e;
                        tok.reason = if lang == Lang::En {
                            "digits with scale word (million)"
                        } else {
                            "digits with 万/亿 scale"
                        };
                        if approx {
                            bound = Bound::Greater;
                        }
                    }
                }
            }
        }

        // Percent sign, glued or after one space.
        let r = &t[e..];
        let r_sp = r.strip_prefix(' ').unwrap_or(r);
        if unit.is_none() {
            if let Some(rest) = r_sp.strip_prefix('%').or(r_sp.strip_prefix('‰')) {
                let sign_len = r_sp.len() - rest.len();
                unit = Some(Unit::simple(if sign_len == 1 { "%" } else { "‰" }));
                e += (r.len() - r_sp.len()) + sign_len;
                tok.end = e;
            }
        }

        let mut is_date = false;
        if lang == Lang::Zh {
            // `300多名`, `20余例`, `十几年`: approximate counts.
            let r = &t[e..];
            if let Some(c @ ('多' | '余' | '几')) = r.chars().next() {
                if !r[c.len_utf8()..].starts_with(['万', '亿']) {
                    bound = Bound::Greater;
                    e += c.len_utf8();
                }
            }
            if unit.is_none() {
                if let Some((date, end, day_to)) = zh_date(t, &tok, e, &tokens, k, &mut consumed) {
                    tok.quantity = match day_to {
                        // `11月16—18日`: a range of days.
                        Some(d) => Quantity::range(
                            Quantity::date(date),
                            Quantity::date(PartialDate {
                                day: Some(d),
                                ..date
                            }),
                        ),
                        None => Quantity::date(date),
                    };
                    tok.form = Form::Date;
                    tok.reason = match (date.year, date.month, date.day) {
                        (Some(_), Some(_), Some(_)) => "date 年月日",
                        (Some(_), Some(_), None) => "date 年月",
                        (Some(_), None, _) => "year (年)",
                        (None, _, Some(_)) => "date 月日 without year",
                        _ => "month (月) without year",
                    };
                    e = end;
                    tok.end = end;
                    is_date = true;
                    let r = &t[e..];
                    for q in ["初", "底", "末", "中旬", "上旬", "下旬", "中"] {
                        if r.starts_with(q) {
                            e += q.len();
                            break;
                        }
                    }
                }
            }
        }

        if !is_date && unit.is_none() && !t[e..].starts_with("年代") {
            if let Some((u, end)) = read_unit(t, e, lang, dict) {
                unit = Some(u);
                e = end;
            }
        }
        // `two decades` = 20 years.
        if unit.is_some_and(|u| u.base == "decade") {
            if let Some(q) = scale(&tok.quantity, 1) {
                tok.quantity = q;
                unit = Some(Unit::simple("year"));
            }
        }

        let mut context_end = e;
        if lang == Lang::Zh && !is_date {
            // `3年半`: and a half.
            if unit.is_some_and(|u| matches!(u.base, "year" | "month" | "h" | "day"))
                && t[e..].starts_with('半')
            {
                add_half(&mut tok);
                e += '半'.len_utf8();
                context_end = e;
            }
            if let Some(mw) = dict.zh_measure_word_at(&t[e..]) {
                e += mw.len();
                context_end = e;
                if tok.plain_int() == Some(1) && digits {
                    // `1例` is `a case`: as weak as `one`.
                    tok.strength = super::Strength::Weak;
                }
                if unit.is_none() && t[e..].starts_with('半') {
                    // `3个半月`: a measure word, a half, a unit.
                    let after_half = e + '半'.len_utf8();
                    let half_unit = if t[after_half..].starts_with('月') {
                        Some((Unit::simple("month"), after_half + '月'.len_utf8()))
                    } else {
                        read_unit(t, after_half, lang, dict)
                    };
                    if let Some((u, end)) = half_unit {
                        add_half(&mut tok);
                        unit = Some(u);
                        e = end;
                        context_end = end;
                    }
                }
                if unit.is_none() {
                    // `3个小时`: a measure word before a unit.
                    if let Some((u, end)) =
                        read_unit(t, e, lang, dict).filter(|(u, _)| u.base != "year")
                    {
                        unit = Some(u);
                        e = end;
                        context_end = end;
                    }
                }
            }
        }

        if lang == Lang::Zh && digits && t[..tok.start].ends_with('第') {
            // `第1阶段`: an ordinal in digits.
            tok.strength = super::Strength::Weak;
            tok.reason = "Chinese ordinal in digits (第)";
            tok.ordinal = true;
            tok.context_start = tok.start - '第'.len_utf8();
        }

        // Bounds after: `60%以上`, `3次及以上`, `300名左右`, `3 or more`.
        let first_after = t[e..]
            .strip_prefix(' ')
            .filter(|_| lang == Lang::En)
            .unwrap_or(&t[e..])
            .as_bytes()
            .first()
            .copied();
        if let (Bound::Exact, Some(first_after)) = (bound, first_after) {
            let found = dict.bounds_after.iter().find_map(|bw| {
                // The first byte first: this runs for every number.
                if !bw
                    .phrase
                    .as_bytes()
                    .first()?
                    .eq_ignore_ascii_case(&first_after)
                {
                    return None;
                }
                let len = match lang {
                    Lang::Zh if !bw.phrase.is_ascii() => {
                        t[e..].starts_with(bw.phrase).then_some(bw.phrase.len())
                    }
                    Lang::En if bw.phrase.is_ascii() => {
                        let r = t[e..].strip_prefix(' ')?;
                        let after = r.get(bw.phrase.len()..)?;
                        (r.get(..bw.phrase.len())?.eq_ignore_ascii_case(bw.phrase)
                            && !after.starts_with(|c: char| c.is_ascii_alphanumeric()))
                        .then_some(1 + bw.phrase.len())
                    }
                    _ => None,
                };
                len.map(|len| (bw.bound, len))
            });
            if let Some((b, len)) = found {
                bound = b;
                e += len;
                context_end = e;
            }
        }

        // Bounds before: `over 300`, `超过300`, `P<0.05`.
        let (before_bound, bound_start) = bound_before(t, tok.start, dict);
        if bound == Bound::Exact {
            bound = before_bound;
        }
        tok.context_start = tok
            .context_start
            .min(bound_start)
            .min(label_start(t, tok.start));

        // A noun or measure word names the slot (`75 documents`, `75份文件`).
        if lang == Lang::En {
            context_end = context_end.max(next_noun_end(t, e));
        } else if context_end > tok.end && !is_date {
            context_end = han_tail(t, context_end, 2);
        }

        if let QuantityKind::Number { unit: u, .. } = &mut tok.quantity.kind {
            if u.is_none() {
                *u = unit;
            }
        }
        tok.quantity.bound = bound;
        tok.unit_end = e;
        tok.context_end = context_end.max(e);
        if lang == Lang::En && tok.year_like().is_some() && in_event_name(t, tok.start) {
            // `the Revolution of 1911` (`辛亥革命`): a year inside a name.
            tok.strength = super::Strength::Weak;
            tok.reason = "year in the name of an event (Revolution of 1911)";
        }
        if lang == Lang::Zh && sums_up_list_before(t, &tok) {
            tok.strength = super::Strength::Weak;
            tok.reason = "count of the list before it (甲、乙和丙等三类)";
        } else if names_its_members(t, lang, &tok) {
            tok.strength = super::Strength::Weak;
            tok.reason = "count of a list that names its members";
        } else if tok.plain_int().is_some() && dict.points_back(&t[..tok.start]) {
            // `上述3类靶点`, `these 23 loci`: a set named before, counted again.
            tok.strength = super::Strength::Weak;
            tok.reason = "count of a set named before (上述, these)";
        }
        out.push(tok);
    }
    out
}

/// `five amino acids (tryptophan, glycine, citrulline, ornithine and proline)`, `5种氨基酸（色氨酸、
/// …）`: a count followed by the list of what it counts; a translation may give the list alone.
fn names_its_members(t: &str, lang: Lang, tok: &Token) -> bool {
    let from = tok.context_end.max(tok.end);
    let near = crate::text::floor_char_boundary(t, (from + 60).min(t.len()));
    if !t[from..near].contains(['(', ':']) {
        return false;
    }
    let Some(n) = tok
        .plain_int()
        .filter(|n| (2..=20).contains(n) && tok.quantity.unit().is_none())
    else {
        return false;
    };
    let mut r = &t[from..];
    // A few more words of the noun phrase (`amino acids`), and a bracket of numbers (`(n=30)`).
    for _ in 0..8 {
        let next = r.trim_start_matches(' ');
        if let Some(inside) = next.strip_prefix('(') {
            let close = inside.find(')').filter(|&c| c < 400);
            match close {
                Some(c) if inside[..c].bytes().any(|b| b.is_ascii_digit()) => {
                    r = &inside[c + 1..];
                    continue;
                }
                _ => {
                    r = next;
                    break;
                }
            }
        }
        if next.starts_with(':') {
            r = next;
            break;
        }
        let word: usize = match lang {
            Lang::En => next
                .bytes()
                .take_while(|b| b.is_ascii_alphabetic() || *b == b'-')
                .count(),
            Lang::Zh => next
                .chars()
                .next()
                .filter(|c| is_han(*c))
                .map_or(0, char::len_utf8),
        };
        if word == 0 || (lang == Lang::En && r.len() - next.len() > 1) {
            return false;
        }
        r = &next[word..];
    }
    let list: String = if let Some(inside) = r.strip_prefix('(') {
        let Some(close) = inside.find(')').filter(|&c| c < 400) else {
            return false;
        };
        let list = &inside[..close];
        if list.contains('(') {
            return false;
        }
        list.to_owned()
    } else if let Some(after) = r.strip_prefix(':') {
        // `divided into 4 groups: a control group, …, a TG diabetic group.`: the list up to
        // the end of the sentence, brackets left out.
        let end = after.find(['.', '。', ';', '；']).unwrap_or(after.len());
        if end > 400 {
            return false;
        }
        let mut depth = 0usize;
        after[..end]
            .chars()
            .filter(|c| {
                match c {
                    '(' => depth += 1,
                    ')' => depth = depth.saturating_sub(1),
                    _ => return depth == 0,
                }
                false
            })
            .collect()
    } else {
        return false;
    };
    i128::try_from(list_items(&list)).ok() == Some(n)
}

/// `甲、乙、丙和丁等四大类型`: a count after `等` that sums up the list just before it in the
/// same clause; a translation may give the list alone.
fn sums_up_list_before(t: &str, tok: &Token) -> bool {
    let Some(n) = tok
        .plain_int()
        .filter(|n| (2..=20).contains(n) && tok.quantity.unit().is_none())
    else {
        return false;
    };
    let Some(before) = t[..tok.start].strip_suffix('等') else {
        return false;
    };
    let from = crate::text::floor_char_boundary(before, before.len().saturating_sub(600));
    let window = &before[from..];
    let clause = window
        .rfind(['，', '。', '；', '：', ',', ';', ':', '\n'])
        .map_or(window, |k| &window[k..]);
    let clause = clause.trim_start_matches(['，', '。', '；', '：', ',', ';', ':', '\n']);
    clause.contains('、') && i128::try_from(list_items(clause)).ok() == Some(n)
}

/// The items of `a, b, c and d` (`甲、乙和丙`): the item joined by `and`, `or`, `和`… is the last,
/// so what follows it (`…, followed by the practice`) is not counted.
fn list_items(list: &str) -> usize {
    let mut n = 0;
    for part in list.split([',', ';', '、', '，', '；']) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        if part.starts_with("and ") || part.starts_with("or ") {
            return n + 1;
        }
        let joined = [" and ", " or "].iter().any(|j| part.contains(j))
            || part.contains(['和', '及', '与', '或']);
        if joined {
            return n + 2;
        }
        n += 1;
    }
    n
}

/// `Revolution of 1911`, `Act of 1990`: a capitalized noun and `of` before the year.
fn in_event_name(t: &str, start: usize) -> bool {
    let Some(before) = t[..start].strip_suffix(" of ") else {
        return false;
    };
    let word: String = before
        .chars()
        .rev()
        .take_while(char::is_ascii_alphabetic)
        .collect();
    word.len() >= 3 && word.chars().last().is_some_and(|c| c.is_ascii_uppercase())
}

fn add_half(tok: &mut Token) {
    if let QuantityKind::Number {
        amount: Amount::Decimal(d),
        ..
    } = &mut tok.quantity.kind
    {
        if let Some(v) = d.checked_add(Decimal::new(5, -1)) {
            *d = v;
            tok.reason = "number and a half (年半)";
        }
    }
}

/// `the 1990s`, `20th century`, `20世纪90年代`, `90年代`: a decade or a century, and where it
/// ends.
fn decade(
    t: &str,
    lang: Lang,
    tok: &Token,
    tokens: &[Token],
    k: usize,
    consumed: &mut [bool],
) -> Option<(Decade, usize)> {
    let r = &t[tok.end..];
    let cue = match lang {
        Lang::En => r.starts_with(['s', '\'', '’', ' ']),
        Lang::Zh => r.starts_with("世纪") || r.starts_with("世紀") || r.starts_with("年代"),
    };
    if !cue {
        return None;
    }
    let n = tok.plain_int()?;
    if lang == Lang::En {
        if tok.ordinal {
            let century = i32::try_from(n).ok().filter(|c| (1..=22).contains(c))?;
            r.strip_prefix(" century")?;
            let end = tok.end + " century".len();
            return Some((
                Decade {
                    century: Some(century),
                    tens: None,
                },
                end,
            ));
        }
        let year = tok.year_like().filter(|y| y % 10 == 0)?;
        let suffix = ["s", "'s", "’s"].into_iter().find(|s| r.starts_with(s))?;
        if r[suffix.len()..].starts_with(|c: char| c.is_alphanumeric()) {
            return None;
        }
        return Some((Decade::of_year(year), tok.end + suffix.len()));
    }
    if let Some(after) = r.strip_prefix("世纪").or_else(|| r.strip_prefix("世紀")) {
        let century = i32::try_from(n).ok().filter(|c| (1..=22).contains(c))?;
        let at = t.len() - after.len();
        let tens = tokens.get(k + 1).filter(|d| d.start == at).and_then(|d| {
            let v = d
                .plain_int()
                .filter(|v| v % 10 == 0 && (0..100).contains(v))?;
            t[d.end..].starts_with("年代").then_some((v, d.end))
        });
        return Some(match tens {
            Some((v, end)) => {
                consumed[k + 1] = true;
                (
                    Decade {
                        century: Some(century),
                        tens: u8::try_from(v / 10).ok(),
                    },
                    end + "年代".len(),
                )
            }
            None => (
                Decade {
                    century: Some(century),
                    tens: None,
                },
                at,
            ),
        });
    }
    if r.starts_with("年代") {
        let end = tok.end + "年代".len();
        if let Some(year) = tok.year_like().filter(|y| y % 10 == 0) {
            return Some((Decade::of_year(year), end));
        }
        let v = u8::try_from(n).ok().filter(|v| v % 10 == 0 && *v < 100)?;
        return Some((
            Decade {
                century: None,
                tens: Some(v / 10),
            },
            end,
        ));
    }
    None
}

fn scale(q: &Quantity, k10: i32) -> Option<Quantity> {
    match &q.kind {
        QuantityKind::Number {
            amount: Amount::Decimal(d),
            unit,
        } => Some(Quantity::number(Amount::Decimal(d.scaled(k10)?), *unit)),
        _ => None,
    }
}

/// A unit after the number: glued (`5mg`), after a space (`5 mg`), after a hyphen
/// (`5-year`), with an optional `/unit` (`mg/kg`).
fn read_unit(t: &str, e: usize, lang: Lang, dict: &NumberDictionaries) -> Option<(Unit, usize)> {
    let r = &t[e..];
    let candidates: [(&str, usize); 3] = [
        (r, 0),
        (r.strip_prefix(' ').unwrap_or(""), 1),
        (r.strip_prefix('-').unwrap_or(""), 1),
    ];
    for (i, (s, skip)) in candidates.into_iter().enumerate() {
        if s.is_empty() || (i == 2 && lang == Lang::Zh) {
            continue;
        }
        let Some((base, len)) = dict.unit_at(s) else {
            continue;
        };
        // `升至`, `升高`: the verb rise, not litres.
        if s.starts_with('升') && s['升'.len_utf8()..].starts_with(['至', '到', '高', '级', '为'])
        {
            continue;
        }
        // A Chinese-character unit must not be the start of a longer word in English text.
        let mut end = e + skip + len;
        let mut unit = Unit::simple(base);
        if let Some(per) = t[end..].strip_prefix('/') {
            if let Some((p, plen)) = dict.unit_at(per) {
                unit.per = Some(p);
                end += 1 + plen;
            }
        }
        return Some((unit, end));
    }
    None
}

/// `2022年`, `2022年1月1日`, `6月`, `8月底`: the date starting with `tok`, consuming the month
/// and day tokens that follow it.
fn zh_date(
    t: &str,
    tok: &Token,
    e: usize,
    tokens: &[Token],
    k: usize,
    consumed: &mut [bool],
) -> Option<(PartialDate, usize, Option<u8>)> {
    let r = &t[e..];
    let mut date = PartialDate::default();
    let mut end;
    let mut next = k + 1;
    let followed = |idx: usize,
                    at: usize,
                    suffixes: &[&str],
                    range: std::ops::RangeInclusive<i128>|
     -> Option<(u8, usize)> {
        let n = tokens.get(idx).filter(|n| n.start == at)?;
        let v = n.plain_int().filter(|v| range.contains(v))?;
        let suffix = suffixes.iter().find(|s| t[n.end..].starts_with(**s))?;
        Some((u8::try_from(v).ok()?, n.end + suffix.len()))
    };
    let month_word = |s: &str| s.starts_with('月') && !s.starts_with("月龄");
    if r.starts_with('年') && !r.starts_with("年代") && !r.starts_with("年龄") {
        date.year = Some(tok.year_like()?);
        end = e + '年'.len_utf8();
        if let Some((m, after)) = followed(next, end, &["月"], 1..=12) {
            date.month = Some(m);
            consumed[next] = true;
            end = after;
            next += 1;
        } else {
            return Some((date, end, None));
        }
    } else if month_word(r) && !t[..tok.start].ends_with(['个', '個']) {
        let m = tok.plain_int().filter(|m| (1..=12).contains(m))?;
        date.month = u8::try_from(m).ok();
        end = e + '月'.len_utf8();
        if t[end..].starts_with(['份']) {
            end += '份'.len_utf8();
        }
    } else if let Some(y) = tok.year_like().filter(|_| e == tok.end) {
        // `2015 十月` (the space squeezed out): a year and a month without 年.
        let (m, after) = followed(next, e, &["月"], 1..=12)?;
        if !month_word(&t[after - '月'.len_utf8()..]) {
            return None;
        }
        date.year = Some(y);
        date.month = Some(m);
        consumed[next] = true;
        end = after;
        next += 1;
    } else {
        return None;
    }
    // `16—18日`: a range of days in one month.
    if let Some(first) = tokens.get(next).filter(|n| n.start == end) {
        let dash = ["—", "–", "-", "~", "～", "至", "到"]
            .into_iter()
            .find(|d| {
                t[first.end..]
                    .strip_prefix('日')
                    .unwrap_or(&t[first.end..])
                    .starts_with(d)
            });
        if let (Some(d1), Some(dash)) = (first.plain_int().filter(|v| (1..=31).contains(v)), dash) {
            let after_first = first.end
                + if t[first.end..].starts_with('日') {
                    '日'.len_utf8()
                } else {
                    0
                };
            if let Some((d2, after)) =
                followed(next + 1, after_first + dash.len(), &["日", "号"], 1..=31)
            {
                if i128::from(d2) > d1 {
                    date.day = u8::try_from(d1).ok();
                    consumed[next] = true;
                    consumed[next + 1] = true;
                    return Some((date, after, Some(d2)));
                }
            }
        }
    }
    if let Some((d, after)) = followed(next, end, &["日", "号"], 1..=31) {
        date.day = Some(d);
        consumed[next] = true;
        end = after;
    }
    Some((date, end, None))
}

/// The bound written before the number at `start`, and where it starts.
fn bound_before(t: &str, start: usize, dict: &NumberDictionaries) -> (Bound, usize) {
    let trimmed = t[..start].trim_end_matches(' ');
    for (sym, bound) in [
        ("<=", Bound::LessOrEqual),
        (">=", Bound::GreaterOrEqual),
        ("≤", Bound::LessOrEqual),
        ("≥", Bound::GreaterOrEqual),
        ("⩽", Bound::LessOrEqual),
        ("⩾", Bound::GreaterOrEqual),
        ("≦", Bound::LessOrEqual),
        ("≧", Bound::GreaterOrEqual),
        ("<", Bound::Less),
        (">", Bound::Greater),
    ] {
        if let Some(rest) = trimmed.strip_suffix(sym) {
            return (bound, rest.len());
        }
    }
    let Some(&last) = trimmed.as_bytes().last() else {
        return (Bound::Exact, start);
    };
    for bw in &dict.bounds_before {
        let p = bw.phrase;
        // The last byte first: most phrases end otherwise, and this loop runs for every number.
        let p_last = p.as_bytes().last().copied().unwrap_or(0);
        if !p_last.eq_ignore_ascii_case(&last)
            || trimmed.len() < p.len()
            || !trimmed.is_char_boundary(trimmed.len() - p.len())
        {
            continue;
        }
        let at = trimmed.len() - p.len();
        let tail = &trimmed[at..];
        let matches = if p.is_ascii() {
            tail.eq_ignore_ascii_case(p)
                && !trimmed[..at].ends_with(|c: char| c.is_ascii_alphabetic())
        } else {
            tail == p
        };
        if matches {
            return (bw.bound, at);
        }
    }
    (Bound::Exact, start)
}

/// `n = 14`, `P = 0.041`: widen the quote to the label before `=`.
fn label_start(t: &str, start: usize) -> usize {
    let trimmed = t[..start].trim_end_matches(' ');
    let Some(before_eq) = trimmed.strip_suffix('=') else {
        return start;
    };
    let before_eq = before_eq.trim_end_matches(' ');
    let word_len = before_eq
        .bytes()
        .rev()
        .take_while(u8::is_ascii_alphabetic)
        .count();
    if (1..=3).contains(&word_len) {
        before_eq.len() - word_len
    } else {
        start
    }
}

fn next_noun_end(t: &str, e: usize) -> usize {
    let Some(r) = t[e..].strip_prefix(' ') else {
        return e;
    };
    let len = r
        .bytes()
        .take_while(|b| b.is_ascii_alphabetic() || *b == b'-')
        .count();
    let word = &r[..len];
    if len >= 3 && word.as_bytes()[0].is_ascii_lowercase() && !NOT_NOUNS.contains(&word) {
        e + 1 + len
    } else {
        e
    }
}

/// The noun after a measure word, for quoting (`75份文件`), when it is the whole of what
/// follows: a span ends where the quantity ends, not inside the next word (`≥2剂次流感疫苗` is
/// quoted `≥2剂次`).
fn han_tail(t: &str, from: usize, max: usize) -> usize {
    let end = han_run(t, from, max);
    if t[end..].starts_with(is_han) {
        from
    } else {
        end
    }
}

fn han_run(t: &str, from: usize, max: usize) -> usize {
    t[from..]
        .char_indices()
        .take(max)
        .take_while(|(_, c)| is_han(*c))
        .last()
        .map_or(from, |(i, c)| from + i + c.len_utf8())
}
