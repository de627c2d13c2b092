//! Numbers by value: every way English and Chinese abstracts write the same quantity.
//!
//! [`extract`] reads the quantities of one side (`75`, `五个`, `3.6万`, `1 January 2022`,
//! `12%~35%`, `over 300`) into [`NumberMention`]s with a normalized [`Quantity`]; [`compare`]
//! matches the two sides of a section by value and reports what is missing, added or changed.
//! [`identifiers`] finds codes with digits (`IL-6`, `Core20PLUS5`, DOIs) that are never numbers.
//!
//! Extraction works on the folded text ([`crate::text::Folded`]: full-width digits and
//! punctuation as ASCII) and maps spans back to the text given.

mod compare;
mod decorate;
mod dictionaries;
mod digits;
mod en;
mod identifiers;
mod ranges;
mod spacing;
mod value;
mod zh;

use std::ops::Range;

pub use compare::{
    compare, compare_aligned, compare_linked, Comparison, Derivation, MismatchKind, NumberDiff,
    Placement, Side,
};
pub use dictionaries::{DictionaryError, NumberDictionaries};
pub(crate) use identifiers::warm_up;
pub use identifiers::{identifiers, Identifier};
pub use value::{Amount, Bound, Decade, Decimal, PartialDate, Quantity, QuantityKind, Unit};

use crate::lang::Lang;
use crate::text::Folded;

/// How sure we are that a value must appear on both sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Strength {
    /// Digits, number words other than `one`, Chinese numerals other than a lone 一/二/两.
    Strong,
    /// Values translators add or drop legitimately (`one`, `一个`, `两级`, ordinals, `half`):
    /// used for matching, never reported when unmatched.
    Weak,
}

/// One quantity as written in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct NumberMention {
    /// Byte range of the number as written (`75`, `3.6万`, `1 January 2022`, `12%~35%`).
    pub span: Range<usize>,
    /// The span widened to the bound, unit, measure word or noun around it (`75 documents`,
    /// `75份文件`, `over 300`, `5 mg/kg`), for quoting.
    pub context: Range<usize>,
    pub value: Quantity,
    pub strength: Strength,
    /// Why it was read so, for `bitext numbers`.
    pub reason: &'static str,
    /// Other readings of the same words, each as the values it stands for: `01/07/2019` is also
    /// 7 January, `1, 798` is also the two numbers 1 and 798, `1 in 20` is also 1 and 20.
    /// Matching takes one when it accounts for a mention the first reading leaves unmatched.
    pub alternatives: Vec<Vec<Quantity>>,
    /// An ordinal (`third`, `20th`, `第20`): matched with ordinals before counts.
    pub ordinal: bool,
}

/// How a token was written; decides which readings are open to it (a bare 4-digit integer may
/// be a year, an English month word needs neighbours to become a date).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    /// ASCII digits; `plain` when written without grouping, decimal point or sign.
    Digits {
        plain: bool,
        int_digits: usize,
    },
    EnWords,
    ZhNumerals {
        positional: bool,
        chars: usize,
    },
    MonthName,
    /// Already a date when scanned (`2023-07-31`, `10/25/2021`).
    Date,
}

/// A quantity being built, in folded-text offsets.
#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub start: usize,
    pub end: usize,
    pub quantity: Quantity,
    pub strength: Strength,
    pub reason: &'static str,
    pub form: Form,
    /// End of number, unit and trailing bound: where a range connector may follow.
    pub unit_end: usize,
    pub context_start: usize,
    pub context_end: usize,
    pub alternatives: Vec<Vec<Quantity>>,
    /// The power of ten a scale word after the number gave it (`5 million`: 6), so a range may
    /// share it (`3 to 5 million`).
    pub scale: i32,
    pub ordinal: bool,
}

impl Token {
    pub fn new(
        start: usize,
        end: usize,
        quantity: Quantity,
        form: Form,
        reason: &'static str,
    ) -> Token {
        Token {
            start,
            end,
            quantity,
            strength: Strength::Strong,
            reason,
            form,
            unit_end: end,
            context_start: start,
            context_end: end,
            alternatives: Vec::new(),
            scale: 0,
            ordinal: false,
        }
    }

    /// The integer value of a token written as plain digits or numerals.
    pub fn plain_int(&self) -> Option<i128> {
        match self.form {
            Form::Digits { plain: true, .. } | Form::ZhNumerals { .. } | Form::EnWords => {}
            _ => return None,
        }
        match &self.quantity.kind {
            QuantityKind::Number {
                amount: Amount::Decimal(d),
                unit: None,
            } => d.as_int(),
            _ => None,
        }
    }

    /// Could this be a year (`2022`, `二〇二二`)?
    pub fn year_like(&self) -> Option<i32> {
        let four_figures = match self.form {
            Form::Digits {
                plain: true,
                int_digits,
            } => int_digits == 4,
            Form::ZhNumerals {
                positional: true,
                chars,
            } => chars == 4,
            _ => false,
        };
        if !four_figures {
            return None;
        }
        self.plain_int()
            .and_then(|n| i32::try_from(n).ok())
            .filter(|y| (1000..3000).contains(y))
    }
}

/// Chinese words (jieba in the engine): the byte ranges of the words of `text`, in order. Number
/// extraction asks only about a few characters around a numeral that may be part of a word
/// (`三甲医院`, `马六甲`, `零售`).
pub trait WordCutter: Sync {
    fn words(&self, text: &str) -> Vec<Range<usize>>;
}

/// Quantities in `text`, sorted by `span.start`. Never panics.
pub fn extract(text: &str, lang: Lang, dict: &NumberDictionaries) -> Vec<NumberMention> {
    extract_with_words(text, lang, dict, None)
}

/// [`extract`], with Chinese words to tell a numeral inside a word from a number.
pub fn extract_with_words(
    text: &str,
    lang: Lang,
    dict: &NumberDictionaries,
    words: Option<&dyn WordCutter>,
) -> Vec<NumberMention> {
    let folded = Folded::new(text);
    let squeezed = spacing::squeeze(&folded.text, lang);
    let t = squeezed
        .as_ref()
        .map_or(folded.text.as_str(), |s| s.text.as_str());
    let to_folded = |r: Range<usize>| match &squeezed {
        Some(s) => s.input_range(r),
        None => r,
    };
    let original = |r: Range<usize>| folded.original_range(to_folded(r));
    let ids = identifiers::identifier_spans(t, dict);
    let ascii_comma = |j: usize| {
        let f = squeezed.as_ref().map_or(j, |s| s.input_offset(j));
        text.as_bytes().get(folded.original(f)) == Some(&b',')
    };
    let mut tokens = digits::scan(t, &ids, &ascii_comma, dict);
    match lang {
        Lang::En => en::scan_words(t, dict, &ids, &mut tokens),
        Lang::Zh => zh::scan_numerals(t, dict, words, &mut tokens),
    }
    tokens.sort_by_key(|tok| tok.start);
    if lang == Lang::En {
        tokens = en::combine_in_fractions(t, tokens);
    }
    let mut tokens = decorate::decorate(t, lang, dict, tokens);
    if lang == Lang::En {
        tokens = en::combine_dates(t, tokens);
    }
    let tokens = ranges::combine(t, lang, tokens);
    tokens
        .into_iter()
        .filter(|tok| tok.form != Form::MonthName || tok.quantity.is_date())
        .map(|tok| NumberMention {
            span: original(tok.start..tok.end),
            context: original(tok.context_start.min(tok.start)..tok.context_end.max(tok.end)),
            value: tok.quantity,
            strength: tok.strength,
            reason: tok.reason,
            alternatives: tok.alternatives,
            ordinal: tok.ordinal,
        })
        .collect()
}

#[cfg(test)]
mod tests;
