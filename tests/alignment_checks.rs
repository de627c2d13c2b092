//! CLI tests of the checks that read the sentence alignment: one injected fault a page (made by
//! tests/fixtures/make_pages.py), each flagged once with its rule and section; the seed pages
//! raise nothing but the infos that are true of them.

mod common;

use assert_cmd::Command;
use common::*;
use std::path::Path;

/// What a finding is: rule, section, English span, Chinese span.
type Expected<'a> = (&'a str, &'a str, Option<&'a str>, Option<&'a str>);

fn findings(path: &Path, extra: &[&str]) -> Vec<Finding> {
    let out = Command::cargo_bin("bitext")
        .expect("binary built")
        .args(["check", "--format", "json", "--fail-on", "never"])
        .args(extra)
        .arg(path)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut report: Report = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("JSON report: {e}\n{}", String::from_utf8_lossy(&out.stdout)));
    report.documents.remove(0).findings
}

#[test]
fn each_injected_fault_is_flagged_once_in_its_section() {
    let cases: [(&str, Expected); 6] = [
        (
            "dropped_sentence_zh.txt",
            (
            "sentence-omitted",
            "methods",
            Some("Interviewees were identified using snowball sampling."),
            None,
        ),
        ),
        (
            "added_sentence_zh.txt",
            (
            "sentence-added",
            "results",
            None,
            Some("此外,研究人员还收集了患者对医院服务满意度的问卷数据。"),
        ),
        ),
        (
            "untranslated_zh.txt",
            (
            "untranslated",
            "conclusions",
            Some("Other areas were around the resilience of the system including the recruitment and retention of the workforce."),
            Some("Other areas were around the resilience of the system including the recruitment and retention of the workforce."),
        ),
        ),
        (
            "dropped_acronym.txt",
            (
            "acronym-dropped",
            "methods",
            Some("local authority (LA)"),
            None,
        ),
        ),
        (
            "inconsistent_term_zh.txt",
            (
            "term-inconsistent",
            "methods",
            Some("local authority"),
            Some("市政当局"),
        ),
        ),
        (
            "title_number_zh.txt",
            (
            "number-extra",
            "title",
            None,
            Some("42个"),
        ),
        ),
    ];
    for (page, (rule, section, en, zh)) in cases {
        let all = findings(&fixture(page), &[]);
        let flagged: Vec<&Finding> = all.iter().filter(|f| f.rule == rule).collect();
        assert_eq!(flagged.len(), 1, "{page}: {all:#?}");
        let f = flagged[0];
        assert_eq!(f.section.as_deref(), Some(section), "{page}");
        assert_eq!(f.pair, Some(0), "{page}");
        assert_eq!(f.en.as_ref().map(|l| l.text.as_str()), en, "{page}");
        assert_eq!(f.zh.as_ref().map(|l| l.text.as_str()), zh, "{page}");
        for loc in [&f.en, &f.zh].into_iter().flatten() {
            assert!(loc.line > 0 && loc.column > 0, "{page}: {loc:?}");
        }
        assert!(!f.message.is_empty());
        // Nothing else at warning or above: one fault, one report. (002, the title page, has
        // its own true info: the dropped `(ICSs)`.)
        let others: Vec<&Finding> = all
            .iter()
            .filter(|g| g.rule != rule && g.severity != "info")
            .collect();
        assert!(others.is_empty(), "{page}: {others:#?}");
    }
}

#[test]
fn severities_follow_the_contract() {
    for (page, rule, severity) in [
        ("dropped_sentence_zh.txt", "sentence-omitted", "warning"),
        ("added_sentence_zh.txt", "sentence-added", "warning"),
        ("untranslated_zh.txt", "untranslated", "warning"),
        ("dropped_acronym.txt", "acronym-dropped", "info"),
        ("inconsistent_term_zh.txt", "term-inconsistent", "info"),
    ] {
        let all = findings(&fixture(page), &[]);
        let f = all.iter().find(|f| f.rule == rule).expect(rule);
        assert_eq!(f.severity, severity, "{page}");
    }
}

#[test]
fn seed_pages_raise_only_their_true_infos() {
    let expected: [(&str, &[Expected]); 3] = [
        ("000", &[]),
        (
            "002",
            &[(
                "acronym-dropped",
                "design",
                Some("Integrated Care Systems (ICSs)"),
                None,
            )],
        ),
        (
            "003",
            &[(
                "term-inconsistent",
                "methods",
                Some("anchor institutions"),
                Some("主要机构"),
            )],
        ),
    ];
    for (seed, wanted) in expected {
        let all = findings(&example(seed), &[]);
        let got: Vec<Expected> = all
            .iter()
            .map(|f| {
                (
                    f.rule.as_str(),
                    f.section.as_deref().unwrap_or(""),
                    f.en.as_ref().map(|l| l.text.as_str()),
                    f.zh.as_ref().map(|l| l.text.as_str()),
                )
            })
            .collect();
        assert_eq!(got, wanted, "seed {seed}: {all:#?}");
        assert!(all.iter().all(|f| f.severity == "info"), "seed {seed}");
    }
    let term = &findings(&example("003"), &[])[0];
    assert!(
        term.message.contains("锚定机构") && term.message.contains("主要机构"),
        "{}",
        term.message
    );
}

#[test]
fn with_chinese_as_the_original_an_unmatched_english_sentence_is_added() {
    let all = findings(&fixture("dropped_sentence_zh.txt"), &["--source", "zh"]);
    let rules: Vec<&str> = all.iter().map(|f| f.rule.as_str()).collect();
    assert!(rules.contains(&"sentence-added"), "{all:#?}");
    assert!(!rules.contains(&"sentence-omitted"), "{all:#?}");
}

#[test]
fn number_findings_quote_the_aligned_sentence() {
    let all = findings(&fixture("removed_digits_zh.txt"), &[]);
    let f = all
        .iter()
        .find(|f| f.rule == "number-missing")
        .expect("number-missing");
    assert!(f.zh.is_none());
    assert!(
        f.message.contains("its Chinese sentence: “访谈(n=14)"),
        "{}",
        f.message
    );
}

#[test]
fn the_length_ratio_threshold_comes_from_the_config() {
    assert!(findings(&example("000"), &[])
        .iter()
        .all(|f| f.rule != "length-ratio"));
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("bitext.toml");
    std::fs::write(&config, "[thresholds]\nlength_ratio = 1.1\n").unwrap();
    let strict = findings(&example("000"), &["--config", config.to_str().unwrap()]);
    assert!(
        strict.iter().any(|f| f.rule == "length-ratio"),
        "{strict:#?}"
    );
    std::fs::write(&config, "[thresholds]\nlength_ratios = 2.0\n").unwrap();
    let out = Command::cargo_bin("bitext")
        .unwrap()
        .args(["check", "--config", config.to_str().unwrap()])
        .arg(example("000"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("length_ratios"));
}
