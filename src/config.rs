//! `bitext.toml`: rule severities and switches, extra dictionary files, which paths to check,
//! and suppressions. Found in the working directory or given with `--config`; unknown keys are
//! errors that name the key.

use crate::finding::Severity;
use crate::rule::Rule;
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "bitext.toml";

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
}

/// A rule's setting: a severity, or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleLevel {
    Error,
    Warning,
    Info,
    Off,
}

impl RuleLevel {
    pub fn severity(self) -> Option<Severity> {
        match self {
            RuleLevel::Error => Some(Severity::Error),
            RuleLevel::Warning => Some(Severity::Warning),
            RuleLevel::Info => Some(Severity::Info),
            RuleLevel::Off => None,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Rule id → severity or `off`.
    #[serde(default)]
    pub rules: BTreeMap<String, RuleLevel>,
    #[serde(default)]
    pub dictionaries: DictionaryFiles,
    #[serde(default)]
    pub paths: PathFilter,
    #[serde(default)]
    pub suppress: Vec<Suppression>,
    #[serde(default)]
    pub thresholds: Thresholds,
    #[serde(default)]
    pub align: AlignSettings,
}

/// `[align]`: how sentences are aligned.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlignSettings {
    /// The sentence encoder's model directory (made by `scripts/fetch-model.sh`), relative to
    /// the config file; the aligner then weighs how close in meaning each bead's sides are.
    /// `--embed DIR` and `BITEXT_MODEL` take precedence.
    pub model: Option<PathBuf>,
}

/// Numeric thresholds of the checks that have one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    /// `length-ratio`: report a sentence pair whose English/Chinese length ratio is this many
    /// times above or below the document's median ratio (at least 1).
    #[serde(default = "default_length_ratio")]
    pub length_ratio: f64,
}

fn default_length_ratio() -> f64 {
    crate::checks::length::DEFAULT_FACTOR
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            length_ratio: default_length_ratio(),
        }
    }
}

/// Extra dictionary files, in the formats of the built-in ones, paths relative to the config.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DictionaryFiles {
    /// Section labels (`dictionaries/sections.tsv` format).
    #[serde(default)]
    pub sections: Vec<PathBuf>,
    /// Page-line patterns (`dictionaries/page_lines.tsv` format).
    #[serde(default)]
    pub page_lines: Vec<PathBuf>,
    /// Glossary entries for alignment and term checks: `english<TAB>中文 译文` a line.
    #[serde(default)]
    pub glossary: Vec<PathBuf>,
    /// Identifiers that are never quantities (`WHO-5`, `Q-25`): one a line.
    #[serde(default)]
    pub identifiers: Vec<PathBuf>,
}

/// Which files found by walking directories are checked (globs on the path as found).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PathFilter {
    #[serde(default)]
    pub include: Vec<String>,
    #[serde(default)]
    pub exclude: Vec<String>,
}

/// Findings not to report: all fields given must match.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Suppression {
    pub rule: Option<String>,
    /// A glob on the document path.
    pub path: Option<String>,
    /// A finding's fingerprint, as in SARIF `partialFingerprints` (`bitext check --format sarif`).
    pub fingerprint: Option<String>,
}

impl Config {
    /// The config of `--config PATH`, else `./bitext.toml` if present, else the defaults.
    /// Returns the config and the directory its relative paths are taken from.
    pub fn discover(explicit: Option<&Path>) -> Result<(Config, PathBuf), ConfigError> {
        let path = match explicit {
            Some(p) => p.to_owned(),
            None => {
                let p = PathBuf::from(FILE_NAME);
                if !p.is_file() {
                    return Ok((Config::default(), PathBuf::from(".")));
                }
                p
            }
        };
        let text = crate::input::limits::read_to_string_capped(&path).map_err(|source| {
            ConfigError::Read {
                path: path.display().to_string(),
                source,
            }
        })?;
        let config = Config::parse(&path.display().to_string(), &text)?;
        let base = path
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_owned);
        Ok((config, base))
    }

    pub fn parse(path: &str, text: &str) -> Result<Config, ConfigError> {
        let config: Config = toml::from_str(text).map_err(|e| ConfigError::Invalid {
            path: path.to_owned(),
            message: e.message().to_owned()
                + &e.span()
                    .map(|s| format!(" (at byte {})", s.start))
                    .unwrap_or_default(),
        })?;
        config.validate(path)?;
        Ok(config)
    }

    fn validate(&self, path: &str) -> Result<(), ConfigError> {
        let invalid = |message: String| ConfigError::Invalid {
            path: path.to_owned(),
            message,
        };
        for rule in self.rules.keys() {
            if let Err(e) = rule.parse::<Rule>() {
                let known: Vec<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
                return Err(invalid(format!(
                    "unknown rule `{}` in [rules]; known rules: {}",
                    e.0,
                    known.join(", ")
                )));
            }
        }
        for s in &self.suppress {
            if let Some(rule) = &s.rule {
                if rule.parse::<Rule>().is_err() {
                    return Err(invalid(format!("unknown rule `{rule}` in [[suppress]]")));
                }
            }
            if s.rule.is_none() && s.path.is_none() && s.fingerprint.is_none() {
                return Err(invalid(
                    "a [[suppress]] entry needs `rule`, `path` or `fingerprint`".to_owned(),
                ));
            }
        }
        let ratio = self.thresholds.length_ratio;
        if !(ratio.is_finite() && ratio >= 1.0) {
            return Err(invalid(format!(
                "[thresholds] length_ratio must be a number of at least 1 (a factor), not {ratio}"
            )));
        }
        globs(&self.paths.include).map_err(&invalid)?;
        globs(&self.paths.exclude).map_err(&invalid)?;
        for s in &self.suppress {
            if let Some(p) = &s.path {
                globs(std::slice::from_ref(p)).map_err(&invalid)?;
            }
        }
        Ok(())
    }

    /// Use the sentence encoder in `dir`, a path relative to the working directory (as
    /// `--embed` and Python's `Engine(model=...)` give it), where `[align] model` in the file is
    /// relative to the file.
    pub fn set_model(&mut self, dir: &Path) -> Result<(), String> {
        let dir = std::path::absolute(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        self.align.model = Some(dir);
        Ok(())
    }

    /// The severity of `rule` under this config (`None`: off), given its default.
    pub fn severity(&self, rule: Rule, default: Severity) -> Option<Severity> {
        match self.rules.get(rule.id()) {
            Some(level) => level.severity(),
            None => Some(default),
        }
    }

    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_default()
    }
}

pub fn globs(patterns: &[String]) -> Result<GlobSet, String> {
    let mut builder = GlobSetBuilder::new();
    for p in patterns {
        builder.add(Glob::new(p).map_err(|e| format!("bad glob `{p}`: {e}"))?);
    }
    builder.build().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_full_config() {
        let c = Config::parse(
            "bitext.toml",
            r#"
[rules]
"number-extra" = "warning"
"no-translation" = "off"

[dictionaries]
sections = ["labels.tsv"]

[paths]
include = ["**/*.txt"]
exclude = ["drafts/**"]

[[suppress]]
rule = "number-missing"
path = "legacy/**"

[thresholds]
length_ratio = 3.0
"#,
        )
        .unwrap();
        assert_eq!(c.thresholds.length_ratio, 3.0);
        assert_eq!(
            c.severity(Rule::NumberExtra, Severity::Error),
            Some(Severity::Warning)
        );
        assert_eq!(c.severity(Rule::NoTranslation, Severity::Info), None);
        assert_eq!(
            c.severity(Rule::NumberMissing, Severity::Error),
            Some(Severity::Error)
        );
        let again = Config::parse("dump", &c.to_toml()).unwrap();
        assert_eq!(again, c);
    }

    #[test]
    fn unknown_keys_and_rules_are_named() {
        let e =
            Config::parse("bitext.toml", "[rules]\n\"number-missin\" = \"error\"\n").unwrap_err();
        assert!(e.to_string().contains("number-missin"), "{e}");
        let e = Config::parse("bitext.toml", "[paths]\nincluded = []\n").unwrap_err();
        assert!(e.to_string().contains("included"), "{e}");
        let e = Config::parse("bitext.toml", "colour = true\n").unwrap_err();
        assert!(e.to_string().contains("colour"), "{e}");
        let e = Config::parse("bitext.toml", "[thresholds]\nlength = 2.0\n").unwrap_err();
        assert!(e.to_string().contains("length"), "{e}");
        let e = Config::parse("bitext.toml", "[thresholds]\nlength_ratio = 0.5\n").unwrap_err();
        assert!(e.to_string().contains("at least 1"), "{e}");
        let c = Config::parse("bitext.toml", "[thresholds]\n").unwrap();
        assert_eq!(c.thresholds, Thresholds::default());
    }
}
