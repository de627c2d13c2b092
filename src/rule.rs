//! The rules bitext reports: one enum, each rule with a stable kebab-case id (the contract's
//! `rule` field), its default [`Severity`] and a one-line description.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// How much a finding matters; `--fail-on` compares with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A rule a finding belongs to. Its [`id`](Rule::id) is stable: reports, configs, baselines and
/// suppressions name rules by it.
///
/// ```
/// use bitext::{Rule, Severity};
///
/// let rule: Rule = "number-mismatch".parse().unwrap();
/// assert_eq!(rule, Rule::NumberMismatch);
/// assert_eq!(rule.id(), "number-mismatch");
/// assert_eq!(rule.default_severity(), Severity::Error);
/// assert!("number-mismatsh".parse::<Rule>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    NumberMissing,
    NumberExtra,
    NumberMismatch,
    NumberUnitMismatch,
    DerivedNumber,
    IdentifierMismatch,
    SectionMissing,
    Truncated,
    NoTranslation,
    SentenceOmitted,
    SentenceAdded,
    Untranslated,
    LengthRatio,
    AcronymDropped,
    TermInconsistent,
}

impl Rule {
    /// Every rule, in the order reports list them (SARIF rule metadata, HTML columns).
    pub const ALL: [Rule; 15] = [
        Rule::NumberMissing,
        Rule::NumberExtra,
        Rule::NumberMismatch,
        Rule::NumberUnitMismatch,
        Rule::DerivedNumber,
        Rule::IdentifierMismatch,
        Rule::SectionMissing,
        Rule::Truncated,
        Rule::NoTranslation,
        Rule::SentenceOmitted,
        Rule::SentenceAdded,
        Rule::Untranslated,
        Rule::LengthRatio,
        Rule::AcronymDropped,
        Rule::TermInconsistent,
    ];

    /// The stable kebab-case id: `number-mismatch`.
    pub fn id(self) -> &'static str {
        match self {
            Rule::NumberMissing => "number-missing",
            Rule::NumberExtra => "number-extra",
            Rule::NumberMismatch => "number-mismatch",
            Rule::NumberUnitMismatch => "number-unit-mismatch",
            Rule::DerivedNumber => "derived-number",
            Rule::IdentifierMismatch => "identifier-mismatch",
            Rule::SectionMissing => "section-missing",
            Rule::Truncated => "truncated",
            Rule::NoTranslation => "no-translation",
            Rule::SentenceOmitted => "sentence-omitted",
            Rule::SentenceAdded => "sentence-added",
            Rule::Untranslated => "untranslated",
            Rule::LengthRatio => "length-ratio",
            Rule::AcronymDropped => "acronym-dropped",
            Rule::TermInconsistent => "term-inconsistent",
        }
    }

    /// The contract's default severity, before a config changes it.
    pub fn default_severity(self) -> Severity {
        match self {
            Rule::NumberMissing
            | Rule::NumberExtra
            | Rule::NumberMismatch
            | Rule::NumberUnitMismatch
            | Rule::SectionMissing => Severity::Error,
            Rule::DerivedNumber
            | Rule::IdentifierMismatch
            | Rule::Truncated
            | Rule::SentenceOmitted
            | Rule::SentenceAdded
            | Rule::Untranslated => Severity::Warning,
            Rule::NoTranslation
            | Rule::LengthRatio
            | Rule::AcronymDropped
            | Rule::TermInconsistent => Severity::Info,
        }
    }

    /// One line saying what the rule finds (SARIF rule metadata).
    pub fn summary(self) -> &'static str {
        match self {
            Rule::NumberMissing => "A number of the original is missing from the translation",
            Rule::NumberExtra => "The translation has a number the original does not",
            Rule::NumberMismatch => "A number was changed in translation",
            Rule::NumberUnitMismatch => {
                "A number keeps its value but changes its unit in translation"
            }
            Rule::DerivedNumber => {
                "A number on one side only that follows from numbers of its sentence pair"
            }
            Rule::IdentifierMismatch => {
                "A code with digits (IL-6, V130-S137) written differently on the two sides"
            }
            Rule::SectionMissing => "A section of one side has no counterpart on the other",
            Rule::Truncated => {
                "One side stops mid-sentence (a cut-off page); what the other side has past the cut is not checked"
            }
            Rule::NoTranslation => "The page has no English–Chinese abstract pair",
            Rule::SentenceOmitted => {
                "A sentence of the original has no counterpart in the translation"
            }
            Rule::SentenceAdded => "The translation has a sentence the original does not",
            Rule::Untranslated => {
                "Text of the original language left untranslated in the translation"
            }
            Rule::LengthRatio => {
                "A sentence pair whose length ratio is far from the rest of the document's"
            }
            Rule::AcronymDropped => "An acronym the English defines is absent from the Chinese",
            Rule::TermInconsistent => "One English term translated two ways in one document",
        }
    }

    /// Is this a number rule (its id starts with `number-`, or a derived number)?
    pub fn is_numeric(self) -> bool {
        self.id().starts_with("number-") || self == Rule::DerivedNumber
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

/// A rule id that names no rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown rule `{0}`; known rules: {known}", known = known_ids())]
pub struct UnknownRule(pub String);

fn known_ids() -> String {
    Rule::ALL.map(Rule::id).join(", ")
}

impl std::str::FromStr for Rule {
    type Err = UnknownRule;
    fn from_str(s: &str) -> Result<Rule, UnknownRule> {
        Rule::ALL
            .into_iter()
            .find(|r| r.id() == s)
            .ok_or_else(|| UnknownRule(s.to_owned()))
    }
}

impl PartialEq<str> for Rule {
    fn eq(&self, other: &str) -> bool {
        self.id() == other
    }
}

impl PartialEq<&str> for Rule {
    fn eq(&self, other: &&str) -> bool {
        self.id() == *other
    }
}

impl Serialize for Rule {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

impl<'de> Deserialize<'de> for Rule {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Rule, D::Error> {
        let id = std::borrow::Cow::<str>::deserialize(deserializer)?;
        id.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case_and_number_rules_are_errors() {
        let mut ids: Vec<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), Rule::ALL.len());
        for r in Rule::ALL {
            assert!(
                r.id().chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{r}"
            );
            if r.id().starts_with("number-") {
                assert_eq!(r.default_severity(), Severity::Error);
            }
            assert_eq!(r.id().parse::<Rule>(), Ok(r));
        }
    }

    #[test]
    fn serializes_as_its_id_and_back() {
        let json = serde_json::to_string(&Rule::SentenceOmitted).unwrap();
        assert_eq!(json, "\"sentence-omitted\"");
        let back: Rule = serde_json::from_str(&json).unwrap();
        assert_eq!(back, Rule::SentenceOmitted);
        let err = serde_json::from_str::<Rule>("\"number-typo\"").unwrap_err();
        assert!(
            err.to_string().contains("unknown rule `number-typo`"),
            "{err}"
        );
    }
}
