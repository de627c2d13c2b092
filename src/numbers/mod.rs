//! TEMPORARY stand-in with the agreed API, replaced by the real module on merge.
use crate::lang::Lang;
use std::ops::Range;

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct DictionaryError(String);

#[derive(Debug, Clone, Default)]
pub struct NumberDictionaries;
impl NumberDictionaries {
    pub fn builtin() -> Result<NumberDictionaries, DictionaryError> {
        Ok(NumberDictionaries)
    }
}
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strength {
    Strong,
    Weak,
}
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity(String);
impl std::fmt::Display for Quantity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
#[derive(Debug, Clone)]
pub struct NumberMention {
    pub span: Range<usize>,
    pub context: Range<usize>,
    pub value: Quantity,
    pub strength: Strength,
    pub reason: &'static str,
}
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MismatchKind {
    Changed,
    Scale,
    Unit,
}
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NumberDiff {
    Missing {
        source: usize,
    },
    Extra {
        target: usize,
    },
    Mismatch {
        source: usize,
        target: usize,
        kind: MismatchKind,
    },
}
pub fn extract(text: &str, _lang: Lang, _dict: &NumberDictionaries) -> Vec<NumberMention> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_ascii_digit(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(NumberMention {
                    span: s..i,
                    context: s..i,
                    value: Quantity(text[s..i].to_owned()),
                    strength: Strength::Strong,
                    reason: "digits",
                });
                start = None;
            }
            _ => {}
        }
    }
    out
}
pub fn compare(
    source: &[NumberMention],
    target: &[NumberMention],
    _s: &str,
    _t: &str,
) -> Vec<NumberDiff> {
    let mut used = vec![false; target.len()];
    let mut out = Vec::new();
    for (i, m) in source.iter().enumerate() {
        match target
            .iter()
            .enumerate()
            .position(|(j, t)| !used[j] && t.value == m.value)
        {
            Some(j) => used[j] = true,
            None => out.push(NumberDiff::Missing { source: i }),
        }
    }
    out.extend(
        used.iter()
            .enumerate()
            .filter(|(_, u)| !**u)
            .map(|(j, _)| NumberDiff::Extra { target: j }),
    );
    out
}
