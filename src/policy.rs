//! What is reported and what is read, beyond the rules: the config's path filter (which files
//! found by walking directories are checked), its suppressions, and a baseline (an earlier JSON
//! report: only new findings are reported). The engine applies the same [`Policy`] to every
//! document it checks, so the library and the CLI report the same findings.

use crate::config::{globs, Config, PathFilter, Suppression};
use crate::finding::{canonical_path, fingerprint_of};
use crate::model::DocumentReport;
use crate::rule::Rule;
use globset::GlobSet;
use std::collections::HashMap;
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    #[error("{0}")]
    Config(String),
    #[error("{path}: cannot read the baseline: {source}")]
    ReadBaseline {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{path}: not a bitext JSON report ({message}); make one with `bitext check --format json`"
    )]
    Baseline { path: String, message: String },
}

/// The path filter, built: globs on the path of a file as found by walking a directory.
#[derive(Debug, Clone)]
pub struct Paths {
    include: Option<GlobSet>,
    exclude: GlobSet,
}

impl Paths {
    pub fn new(filter: &PathFilter) -> Result<Paths, PolicyError> {
        let build = |patterns: &[String]| globs(patterns).map_err(PolicyError::Config);
        Ok(Paths {
            include: if filter.include.is_empty() {
                None
            } else {
                Some(build(&filter.include)?)
            },
            exclude: build(&filter.exclude)?,
        })
    }

    pub fn allows(&self, path: &Path) -> bool {
        self.include.as_ref().is_none_or(|g| g.is_match(path)) && !self.exclude.is_match(path)
    }
}

/// Suppressions, built: a finding is dropped when every field an entry gives matches it.
#[derive(Debug, Clone, Default)]
pub struct Suppressions {
    entries: Vec<(Option<Rule>, Option<GlobSet>, Option<String>)>,
}

impl Suppressions {
    pub fn new(list: &[Suppression]) -> Result<Suppressions, PolicyError> {
        let entries = list
            .iter()
            .map(|s| {
                let rule = s
                    .rule
                    .as_deref()
                    .map(str::parse::<Rule>)
                    .transpose()
                    .map_err(|e| PolicyError::Config(e.to_string()))?;
                let path = s
                    .path
                    .as_ref()
                    .map(|p| globs(std::slice::from_ref(p)))
                    .transpose()
                    .map_err(PolicyError::Config)?;
                Ok((rule, path, s.fingerprint.clone()))
            })
            .collect::<Result<_, PolicyError>>()?;
        Ok(Suppressions { entries })
    }

    /// Is a finding of `rule` in the document `path`, with `fingerprint`, suppressed? A path glob
    /// matches the path as given or as [`canonical_path`] spells it (`./x.txt` is `x.txt`).
    pub fn suppresses(&self, rule: Rule, path: &str, fingerprint: &str) -> bool {
        let canonical = canonical_path(path);
        self.entries.iter().any(|(r, p, f)| {
            r.is_none_or(|r| r == rule)
                && p.as_ref()
                    .is_none_or(|g| g.is_match(path) || g.is_match(&canonical))
                && f.as_deref().is_none_or(|f| f == fingerprint)
        })
    }
}

/// The findings of an earlier JSON report, counted by fingerprint.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Baseline {
    counts: HashMap<String, usize>,
}

impl Baseline {
    /// Read a report written by `bitext check --format json`.
    pub fn read(path: &Path) -> Result<Baseline, PolicyError> {
        let text = crate::input::limits::read_to_string_capped(path).map_err(|source| {
            PolicyError::ReadBaseline {
                path: path.display().to_string(),
                source,
            }
        })?;
        Baseline::parse(&path.display().to_string(), &text)
    }

    /// A baseline from the text of a JSON report (`name` says where it came from, in errors).
    /// Only what fingerprints need is read, so a report of another version still serves.
    pub fn parse(name: &str, text: &str) -> Result<Baseline, PolicyError> {
        #[derive(serde::Deserialize)]
        struct Report {
            documents: Vec<Doc>,
        }
        #[derive(serde::Deserialize)]
        struct Doc {
            path: String,
            findings: Vec<Finding>,
        }
        #[derive(serde::Deserialize)]
        struct Finding {
            rule: String,
            section: Option<String>,
            en: Option<Side>,
            zh: Option<Side>,
        }
        #[derive(serde::Deserialize)]
        struct Side {
            text: String,
            value: Option<String>,
        }
        let report: Report = serde_json::from_str(text).map_err(|e| PolicyError::Baseline {
            path: name.to_owned(),
            message: e.to_string(),
        })?;
        let key = |s: &Option<Side>| {
            s.as_ref().map_or(String::new(), |s| {
                s.value.clone().unwrap_or_else(|| s.text.clone())
            })
        };
        let mut counts = HashMap::new();
        for doc in report.documents {
            for f in doc.findings {
                let fp = fingerprint_of(
                    &doc.path,
                    &f.rule,
                    f.section.as_deref(),
                    &key(&f.en),
                    &key(&f.zh),
                );
                *counts.entry(fp).or_insert(0) += 1;
            }
        }
        Ok(Baseline { counts })
    }

    /// How many findings with this fingerprint the baseline holds.
    pub fn count(&self, fingerprint: &str) -> usize {
        self.counts.get(fingerprint).copied().unwrap_or(0)
    }
}

/// The config's path filter and suppressions, and a baseline, applied alike by the CLI and the
/// library.
#[derive(Debug, Clone)]
pub struct Policy {
    paths: Paths,
    suppressions: Suppressions,
    baseline: Option<Baseline>,
}

impl Policy {
    pub fn new(config: &Config) -> Result<Policy, PolicyError> {
        Ok(Policy {
            paths: Paths::new(&config.paths)?,
            suppressions: Suppressions::new(&config.suppress)?,
            baseline: None,
        })
    }

    /// Report only findings that are not in `baseline`.
    pub fn with_baseline(mut self, baseline: Baseline) -> Policy {
        self.baseline = Some(baseline);
        self
    }

    /// Is a file found by walking a directory to be checked? (Files named on the command line
    /// always are.)
    pub fn allows_walked(&self, path: &Path) -> bool {
        self.paths.allows(path)
    }

    /// Drop the suppressed findings of a report, then those the baseline already has. A
    /// document's findings are matched against the baseline by fingerprint and count: with two
    /// findings of one fingerprint in the baseline, the third in the document is new. Each
    /// document is matched on its own, so the result does not depend on the order of a batch.
    pub fn apply(&self, report: &mut DocumentReport) {
        let mut seen: HashMap<String, usize> = HashMap::new();
        let path = report.path.as_str();
        report.findings.retain(|f| {
            let fp = f.fingerprint(path);
            if self.suppressions.suppresses(f.rule, path, &fp) {
                return false;
            }
            let Some(baseline) = &self.baseline else {
                return true;
            };
            let known = baseline.count(&fp);
            if known == 0 {
                return true;
            }
            let n = seen.entry(fp).or_insert(0);
            *n += 1;
            *n > known
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Finding, Location, Severity};

    fn finding(rule: Rule, value: &str) -> Finding {
        let at = Location {
            line: 1,
            column: 1,
            text: value.to_owned(),
            value: Some(value.to_owned()),
            excerpt: None,
            range: None,
        };
        Finding {
            rule,
            severity: rule.default_severity(),
            pair: Some(0),
            section: Some("results".to_owned()),
            en: Some(at),
            zh: None,
            message: String::new(),
        }
    }

    fn report(path: &str, findings: Vec<Finding>) -> DocumentReport {
        DocumentReport {
            path: path.to_owned(),
            id: None,
            pairs: Vec::new(),
            findings,
            view: None,
        }
    }

    #[test]
    fn suppressions_match_rule_and_path_however_spelled() {
        let config = Config::parse(
            "bitext.toml",
            "[[suppress]]\nrule = \"number-missing\"\npath = \"legacy/**\"\n",
        )
        .unwrap();
        let policy = Policy::new(&config).unwrap();
        let mut r = report(
            "./legacy/x.txt",
            vec![
                finding(Rule::NumberMissing, "14"),
                finding(Rule::NumberExtra, "14"),
            ],
        );
        policy.apply(&mut r);
        assert_eq!(r.findings.len(), 1);
        assert_eq!(r.findings[0].rule, Rule::NumberExtra);
    }

    #[test]
    fn a_baseline_keeps_only_new_findings_and_counts_repeats() {
        let old = report(
            "x.txt",
            vec![
                finding(Rule::NumberMissing, "14"),
                finding(Rule::NumberMissing, "14"),
            ],
        );
        let json = format!(
            "{{\"version\":1,\"documents\":[{}]}}",
            serde_json::to_string(&old).unwrap()
        );
        let baseline = Baseline::parse("old.json", &json).unwrap();
        let policy = Policy::new(&Config::default())
            .unwrap()
            .with_baseline(baseline);
        // The same document spelled another way: two known, one new, one of another value.
        let mut r = report(
            "./x.txt",
            vec![
                finding(Rule::NumberMissing, "14"),
                finding(Rule::NumberMissing, "14"),
                finding(Rule::NumberMissing, "14"),
                finding(Rule::NumberMissing, "15"),
            ],
        );
        policy.apply(&mut r);
        let values: Vec<_> = r
            .findings
            .iter()
            .map(|f| f.en.as_ref().and_then(|l| l.value.clone()))
            .collect();
        assert_eq!(values, [Some("14".to_owned()), Some("15".to_owned())]);
        assert!(r.findings.iter().all(|f| f.severity == Severity::Error));
    }

    #[test]
    fn a_baseline_that_is_not_a_report_says_how_to_make_one() {
        let e = Baseline::parse("old.json", "[1, 2]").unwrap_err();
        assert!(e.to_string().contains("bitext check --format json"), "{e}");
    }
}
