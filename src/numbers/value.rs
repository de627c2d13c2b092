//! Normalized quantities: exact decimals, fractions, partial dates and ranges, printed in the
//! contract's `value` form (`36000`, `0.05`, `20%`, `2023-07-31`, `12%..35%`, `>300`).

use std::cmp::Ordering;
use std::fmt;

/// An exact decimal `mantissa × 10^exponent`, kept with no trailing zeros in the mantissa so that
/// equal values have equal representations (`3.6万` and `36,000` are both `36 × 10^3`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Decimal {
    mantissa: i128,
    exponent: i32,
}

/// Exponents beyond this are not numbers anyone writes in an abstract; refusing them keeps
/// printing and scaling cheap and overflow-free.
const MAX_EXPONENT: i32 = 30;

impl Decimal {
    pub fn new(mantissa: i128, exponent: i32) -> Decimal {
        let mut d = Decimal { mantissa, exponent };
        d.normalize();
        d
    }

    pub fn from_int(n: i128) -> Decimal {
        Decimal::new(n, 0)
    }

    /// Parses ASCII digits with at most one `.` (grouping separators already removed).
    pub fn parse(digits: &str) -> Option<Decimal> {
        let mut mantissa: i128 = 0;
        let mut exponent: i32 = 0;
        let mut seen_point = false;
        let mut any = false;
        for b in digits.bytes() {
            match b {
                b'0'..=b'9' => {
                    any = true;
                    if mantissa > i128::MAX / 100 {
                        // Too many significant digits: drop the rest of the integer part as
                        // magnitude, the rest of the fraction as noise.
                        if !seen_point {
                            exponent += 1;
                        }
                        continue;
                    }
                    mantissa = mantissa * 10 + i128::from(b - b'0');
                    if seen_point {
                        exponent -= 1;
                    }
                }
                b'.' if !seen_point => seen_point = true,
                _ => return None,
            }
        }
        if !any || exponent.abs() > MAX_EXPONENT {
            return None;
        }
        Some(Decimal::new(mantissa, exponent))
    }

    fn normalize(&mut self) {
        if self.mantissa == 0 {
            self.exponent = 0;
            return;
        }
        while self.mantissa % 10 == 0 {
            self.mantissa /= 10;
            self.exponent += 1;
        }
    }

    pub fn negated(self) -> Decimal {
        Decimal {
            mantissa: -self.mantissa,
            exponent: self.exponent,
        }
    }

    /// `self × 10^k`, or `None` when the result is out of the range we print.
    pub fn scaled(self, k: i32) -> Option<Decimal> {
        let exponent = self.exponent.checked_add(k)?;
        (exponent.abs() <= MAX_EXPONENT).then(|| Decimal::new(self.mantissa, exponent))
    }

    pub fn checked_mul_int(self, n: i128) -> Option<Decimal> {
        Some(Decimal::new(self.mantissa.checked_mul(n)?, self.exponent))
    }

    pub fn checked_add(self, other: Decimal) -> Option<Decimal> {
        let e = self.exponent.min(other.exponent);
        let a = self.mantissa.checked_mul(pow10(self.exponent - e)?)?;
        let b = other.mantissa.checked_mul(pow10(other.exponent - e)?)?;
        Some(Decimal::new(a.checked_add(b)?, e))
    }

    /// The value as an integer, when it is one and fits.
    pub fn as_int(self) -> Option<i128> {
        if self.exponent < 0 {
            return None;
        }
        self.mantissa.checked_mul(pow10(self.exponent)?)
    }

    pub fn is_integer(self) -> bool {
        self.exponent >= 0
    }

    pub fn to_f64(self) -> f64 {
        self.mantissa as f64 * 10f64.powi(self.exponent)
    }

    /// `Some(k)` when `other = self × 10^k` with `k ≠ 0`: the signature of a scale error
    /// (`36,000` written as `36万`).
    pub fn power_of_ten_ratio(self, other: Decimal) -> Option<i32> {
        (self.mantissa == other.mantissa && self.mantissa != 0 && self.exponent != other.exponent)
            .then(|| other.exponent - self.exponent)
    }
}

fn pow10(k: i32) -> Option<i128> {
    10i128.checked_pow(u32::try_from(k).ok()?)
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let negative = self.mantissa < 0;
        let digits = self.mantissa.unsigned_abs().to_string();
        if negative {
            f.write_str("-")?;
        }
        if self.exponent >= 0 {
            f.write_str(&digits)?;
            for _ in 0..self.exponent {
                f.write_str("0")?;
            }
            return Ok(());
        }
        let frac = self.exponent.unsigned_abs() as usize;
        if digits.len() > frac {
            let (int, fraction) = digits.split_at(digits.len() - frac);
            write!(f, "{int}.{fraction}")
        } else {
            write!(f, "0.{}{digits}", "0".repeat(frac - digits.len()))
        }
    }
}

/// A number as written: a decimal, or a fraction that has no finite decimal form (`one-third`,
/// `三分之一`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Amount {
    Decimal(Decimal),
    Fraction { numerator: u32, denominator: u32 },
}

impl Amount {
    /// Fractions whose decimal is exact (`1/2`, `3/4`) become decimals, so `half` equals `0.5`.
    pub fn fraction(numerator: u32, denominator: u32) -> Option<Amount> {
        if denominator == 0 {
            return None;
        }
        let mut d = denominator;
        let mut twos = 0;
        let mut fives = 0;
        while d % 2 == 0 {
            d /= 2;
            twos += 1;
        }
        while d % 5 == 0 {
            d /= 5;
            fives += 1;
        }
        if d == 1 {
            // numerator / (2^a 5^b) = numerator × 2^(k-a) 5^(k-b) / 10^k
            let k: i32 = twos.max(fives);
            let factor = 2i128.pow((k - twos) as u32) * 5i128.pow((k - fives) as u32);
            return Some(Amount::Decimal(Decimal::new(
                i128::from(numerator) * factor,
                -k,
            )));
        }
        Some(Amount::Fraction {
            numerator,
            denominator,
        })
    }

    pub fn as_decimal(self) -> Option<Decimal> {
        match self {
            Amount::Decimal(d) => Some(d),
            Amount::Fraction { .. } => None,
        }
    }

    fn to_f64(self) -> f64 {
        match self {
            Amount::Decimal(d) => d.to_f64(),
            Amount::Fraction {
                numerator,
                denominator,
            } => f64::from(numerator) / f64::from(denominator),
        }
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Amount::Decimal(d) => d.fmt(f),
            Amount::Fraction {
                numerator,
                denominator,
            } => write!(f, "{numerator}/{denominator}"),
        }
    }
}

/// A calendar date with any part missing: `2023`, `2023-08`, `--06` (June, no year),
/// `--06-01` (1 June, no year), following ISO 8601's convention for an omitted year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct PartialDate {
    pub year: Option<i32>,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl PartialDate {
    /// Two partial dates name the same time when the parts both give agree. A missing year is
    /// allowed on either side (`from June to August 2023` vs `2023年6月至8月`), a missing day is
    /// not (`1 January` vs `1月10日` must differ), and a month must be on both sides unless
    /// both are bare years.
    pub fn compatible(&self, other: &PartialDate) -> bool {
        let years_agree = match (self.year, other.year) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        };
        years_agree && self.month == other.month && self.day == other.day
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.year {
            Some(y) => write!(f, "{y:04}")?,
            None => f.write_str("-")?,
        }
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

/// A decade or a century as a period of time: `the 1990s` = `20世纪90年代` (century 20, tens 9),
/// `90年代` (tens 9, century not said), `the 20th century` = `20世纪` (no tens).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Decade {
    /// The ordinal century: 20 for the 1900s.
    pub century: Option<i32>,
    /// The decade within it: 9 for the 1990s; `None` for the whole century.
    pub tens: Option<u8>,
}

impl Decade {
    /// The decade that starts in `year` (`1990` → the 1990s).
    pub fn of_year(year: i32) -> Decade {
        Decade {
            century: Some(year.div_euclid(100) + 1),
            tens: u8::try_from(year.rem_euclid(100) / 10).ok(),
        }
    }

    /// The same period where both say it: a decade without its century matches one with it.
    pub fn compatible(&self, other: &Decade) -> bool {
        let centuries_agree = match (self.century, other.century) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        };
        centuries_agree && self.tens == other.tens
    }
}

impl fmt::Display for Decade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.century, self.tens) {
            (Some(c), Some(t)) => write!(f, "{}s", (c - 1) * 100 + i32::from(t) * 10),
            (None, Some(t)) => write!(f, "--{}0s", t),
            (Some(c), None) => {
                let suffix = match (c % 10, c % 100) {
                    (_, 11..=13) => "th",
                    (1, _) => "st",
                    (2, _) => "nd",
                    (3, _) => "rd",
                    _ => "th",
                };
                write!(f, "{c}{suffix} century")
            }
            (None, None) => f.write_str("--"),
        }
    }
}

/// The operator of a bounded or approximate quantity. Matching ignores it (`over 300` matches
/// `300多`, `60%以上` matches `more than 60%`); it is kept for display.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Bound {
    #[default]
    Exact,
    Greater,
    GreaterOrEqual,
    Less,
    LessOrEqual,
    About,
}

impl Bound {
    pub fn parse(op: &str) -> Option<Bound> {
        Some(match op {
            ">" => Bound::Greater,
            ">=" => Bound::GreaterOrEqual,
            "<" => Bound::Less,
            "<=" => Bound::LessOrEqual,
            "~" => Bound::About,
            _ => return None,
        })
    }

    fn prefix(self) -> &'static str {
        match self {
            Bound::Exact => "",
            Bound::Greater => ">",
            Bound::GreaterOrEqual => ">=",
            Bound::Less => "<",
            Bound::LessOrEqual => "<=",
            Bound::About => "~",
        }
    }
}

/// A canonical unit from `dictionaries/numbers/units.tsv`, possibly per another (`mg/kg`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Unit {
    pub base: &'static str,
    pub per: Option<&'static str>,
}

impl Unit {
    pub fn simple(base: &'static str) -> Unit {
        Unit { base, per: None }
    }

    pub fn is_percent(self) -> bool {
        self.per.is_none() && matches!(self.base, "%" | "‰")
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.base)?;
        if let Some(per) = self.per {
            write!(f, "/{per}")?;
        }
        Ok(())
    }
}

/// What a quantity is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum QuantityKind {
    /// A count or measure; `unit` is canonical (`%`, `mg/kg`, `h`, `year`, `fold`, ...).
    Number {
        amount: Amount,
        unit: Option<Unit>,
    },
    Date(PartialDate),
    /// A decade or century (`the 1990s`, `20世纪90年代`).
    Decade(Decade),
    /// A time of day, `23:30`.
    Clock {
        hour: u8,
        minute: u8,
    },
    /// Endpoints are never ranges themselves.
    Range(Box<Quantity>, Box<Quantity>),
}

/// A normalized value. `Display` gives the contract's `value` string.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Quantity {
    pub kind: QuantityKind,
    pub bound: Bound,
}

impl Quantity {
    pub fn number(amount: Amount, unit: Option<Unit>) -> Quantity {
        Quantity {
            kind: QuantityKind::Number { amount, unit },
            bound: Bound::Exact,
        }
    }

    pub fn decimal(d: Decimal) -> Quantity {
        Quantity::number(Amount::Decimal(d), None)
    }

    pub fn date(date: PartialDate) -> Quantity {
        Quantity {
            kind: QuantityKind::Date(date),
            bound: Bound::Exact,
        }
    }

    pub fn range(low: Quantity, high: Quantity) -> Quantity {
        Quantity {
            kind: QuantityKind::Range(Box::new(low), Box::new(high)),
            bound: Bound::Exact,
        }
    }

    pub fn unit(&self) -> Option<Unit> {
        match &self.kind {
            QuantityKind::Number { unit, .. } => *unit,
            QuantityKind::Range(low, high) => high.unit().or(low.unit()),
            QuantityKind::Date(_) | QuantityKind::Decade(_) | QuantityKind::Clock { .. } => None,
        }
    }

    pub fn amount(&self) -> Option<Amount> {
        match &self.kind {
            QuantityKind::Number { amount, .. } => Some(*amount),
            _ => None,
        }
    }

    pub fn is_date(&self) -> bool {
        matches!(
            self.kind,
            QuantityKind::Date(_) | QuantityKind::Decade(_) | QuantityKind::Clock { .. }
        )
    }

    /// A date, or a bare integer that reads as a year (`2018` vs `2019年`).
    pub fn is_datelike(&self) -> bool {
        self.is_date() || self.as_year().is_some()
    }

    /// The endpoints of a range, or the quantity itself: the units `compare` matches.
    pub fn endpoints(&self) -> Vec<&Quantity> {
        match &self.kind {
            QuantityKind::Range(low, high) => vec![low, high],
            _ => vec![self],
        }
    }

    /// A bare year: a year-only date, or a plain integer that reads as one.
    fn as_year(&self) -> Option<i32> {
        match &self.kind {
            QuantityKind::Date(PartialDate {
                year: Some(y),
                month: None,
                day: None,
            }) => Some(*y),
            QuantityKind::Number {
                amount: Amount::Decimal(d),
                unit: None,
            } => d
                .as_int()
                .and_then(|n| i32::try_from(n).ok())
                .filter(|y| (1000..3000).contains(y)),
            _ => None,
        }
    }

    /// Same value, same unit, same kind; the bound is ignored.
    pub fn same_value(&self, other: &Quantity) -> bool {
        match (&self.kind, &other.kind) {
            (
                QuantityKind::Number {
                    amount: a,
                    unit: ua,
                },
                QuantityKind::Number {
                    amount: b,
                    unit: ub,
                },
            ) => ua == ub && amounts_equal(*a, *b),
            (QuantityKind::Date(a), QuantityKind::Date(b)) => a == b,
            (QuantityKind::Decade(a), QuantityKind::Decade(b)) => a == b,
            (a @ QuantityKind::Clock { .. }, b @ QuantityKind::Clock { .. }) => a == b,
            (QuantityKind::Range(a1, a2), QuantityKind::Range(b1, b2)) => {
                a1.same_value(b1) && a2.same_value(b2)
            }
            _ => false,
        }
    }

    /// Values a faithful translation may render differently: a unit given on one side only, a
    /// year as number or date, partial dates that agree where both are given.
    pub fn compatible(&self, other: &Quantity) -> bool {
        if self.same_value(other) {
            return true;
        }
        match (&self.kind, &other.kind) {
            (
                QuantityKind::Number {
                    amount: a,
                    unit: ua,
                },
                QuantityKind::Number {
                    amount: b,
                    unit: ub,
                },
            ) => (ua.is_none() || ub.is_none()) && amounts_equal(*a, *b),
            (QuantityKind::Date(a), QuantityKind::Date(b)) => a.compatible(b),
            (QuantityKind::Decade(a), QuantityKind::Decade(b)) => a.compatible(b),
            // Chinese writes a count of months as `N月` (`0-5月婴儿`, `2月后死亡`), which reads
            // as a month of the year: it matches `5 months`.
            (QuantityKind::Date(d), QuantityKind::Number { amount, unit })
            | (QuantityKind::Number { amount, unit }, QuantityKind::Date(d))
                if d.year.is_none()
                    && d.day.is_none()
                    && unit.is_none_or(|u| u.base == "month" && u.per.is_none())
                    && d.month.is_some_and(|m| {
                        amounts_equal(*amount, Amount::Decimal(Decimal::from_int(i128::from(m))))
                    }) =>
            {
                true
            }
            _ => match (self.as_year(), other.as_year()) {
                (Some(a), Some(b)) => a == b,
                _ => false,
            },
        }
    }

    /// Same amount, both units given and different: `5 mg` vs `5 g`.
    pub fn unit_differs(&self, other: &Quantity) -> bool {
        match (&self.kind, &other.kind) {
            (
                QuantityKind::Number {
                    amount: a,
                    unit: Some(ua),
                },
                QuantityKind::Number {
                    amount: b,
                    unit: Some(ub),
                },
            ) => ua != ub && amounts_equal(*a, *b),
            _ => false,
        }
    }

    /// Amounts differ by a power of ten with units agreeing (or one missing).
    pub fn scale_differs(&self, other: &Quantity) -> bool {
        match (&self.kind, &other.kind) {
            (
                QuantityKind::Number {
                    amount: Amount::Decimal(a),
                    unit: ua,
                },
                QuantityKind::Number {
                    amount: Amount::Decimal(b),
                    unit: ub,
                },
            ) => (ua == ub || ua.is_none() || ub.is_none()) && a.power_of_ten_ratio(*b).is_some(),
            _ => false,
        }
    }
}

fn amounts_equal(a: Amount, b: Amount) -> bool {
    match (a, b) {
        (Amount::Decimal(x), Amount::Decimal(y)) => x == y,
        _ => {
            let (x, y) = (a.to_f64(), b.to_f64());
            (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0)
        }
    }
}

impl Quantity {
    /// The value as a reader would write it, for messages (the contract's `value` stays the
    /// normalized form): `104.8 billion`, `20 years`, `5 mg/kg`, `>300`, `2019-01..2019-04`.
    pub fn readable(&self) -> String {
        let mut out = String::from(self.bound.prefix());
        match &self.kind {
            QuantityKind::Number { amount, unit } => {
                out.push_str(&readable_amount(*amount));
                match unit {
                    Some(u) if u.is_percent() => out.push_str(u.base),
                    Some(u) => {
                        out.push(' ');
                        out.push_str(&u.to_string());
                        let one = amount.as_decimal() == Some(Decimal::from_int(1));
                        if !one
                            && u.per.is_none()
                            && matches!(u.base, "year" | "month" | "week" | "day")
                        {
                            out.push('s');
                        }
                    }
                    None => {}
                }
            }
            QuantityKind::Range(low, high) => {
                out.push_str(&low.readable());
                out.push_str("..");
                out.push_str(&high.readable());
            }
            _ => out.push_str(&self.to_string()),
        }
        out
    }
}

/// `104800000000` → `104.8 billion`; small numbers and fractions as they are.
fn readable_amount(amount: Amount) -> String {
    let Amount::Decimal(d) = amount else {
        return amount.to_string();
    };
    for (scale, word) in [(9, "billion"), (6, "million")] {
        if d.is_integer() && d.to_f64().abs() >= 10f64.powi(scale) {
            if let Some(short) = d.scaled(-scale) {
                if short.to_string().len() <= 6 {
                    return format!("{short} {word}");
                }
            }
        }
    }
    d.to_string()
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.bound.prefix())?;
        match &self.kind {
            QuantityKind::Number { amount, unit } => {
                amount.fmt(f)?;
                if let Some(u) = unit.filter(|u| u.is_percent()) {
                    f.write_str(u.base)?;
                }
                Ok(())
            }
            QuantityKind::Date(d) => d.fmt(f),
            QuantityKind::Decade(d) => d.fmt(f),
            QuantityKind::Clock { hour, minute } => write!(f, "{hour:02}:{minute:02}"),
            QuantityKind::Range(low, high) => write!(f, "{low}..{high}"),
        }
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        self.to_f64().partial_cmp(&other.to_f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_print_normalized() {
        assert_eq!(Decimal::parse("36000").unwrap().to_string(), "36000");
        assert_eq!(Decimal::parse("0.050").unwrap().to_string(), "0.05");
        assert_eq!(
            Decimal::parse("3.6")
                .unwrap()
                .scaled(4)
                .unwrap()
                .to_string(),
            "36000"
        );
        assert_eq!(Decimal::parse("20.00").unwrap().to_string(), "20");
        assert_eq!(
            Decimal::parse("1.5").unwrap().scaled(6),
            Decimal::parse("150").unwrap().scaled(4)
        );
        assert_eq!(Decimal::parse("."), None);
        assert_eq!(Decimal::new(-5, -1).to_string(), "-0.5");
    }

    #[test]
    fn scale_ratio_is_detected() {
        let a = Decimal::parse("36000").unwrap();
        let b = Decimal::parse("360000").unwrap();
        assert_eq!(a.power_of_ten_ratio(b), Some(1));
        assert_eq!(a.power_of_ten_ratio(a), None);
    }

    #[test]
    fn fractions_with_finite_decimals_become_decimals() {
        assert_eq!(
            Amount::fraction(1, 2),
            Some(Amount::Decimal(Decimal::new(5, -1)))
        );
        assert_eq!(Amount::fraction(3, 4).unwrap().to_string(), "0.75");
        assert_eq!(Amount::fraction(1, 3).unwrap().to_string(), "1/3");
        assert_eq!(Amount::fraction(1, 0), None);
    }

    #[test]
    fn quantities_print_contract_values() {
        let pct = |s: &str| {
            Quantity::number(
                Amount::Decimal(Decimal::parse(s).unwrap()),
                Some(Unit::simple("%")),
            )
        };
        assert_eq!(pct("20").to_string(), "20%");
        assert_eq!(
            Quantity::range(pct("12"), pct("35")).to_string(),
            "12%..35%"
        );
        let mut over = Quantity::decimal(Decimal::from_int(300));
        over.bound = Bound::Greater;
        assert_eq!(over.to_string(), ">300");
        let d = PartialDate {
            year: Some(2023),
            month: Some(7),
            day: Some(31),
        };
        assert_eq!(Quantity::date(d).to_string(), "2023-07-31");
        let june = PartialDate {
            year: None,
            month: Some(6),
            day: None,
        };
        assert_eq!(Quantity::date(june).to_string(), "--06");
        assert!(june.compatible(&PartialDate {
            year: Some(2023),
            month: Some(6),
            day: None
        }));
    }
}
