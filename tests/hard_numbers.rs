//! A page written like the seeds, with harder numbers (万 scale, approximations, fractions,
//! ranges, p-values, units, identifiers): silent when correct; each injected error flagged in
//! its section.

use assert_cmd::Command;
use std::path::PathBuf;

fn page() -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hard/correct.txt");
    std::fs::read_to_string(path).unwrap()
}

fn check(text: &str) -> (serde_json::Value, Option<i32>) {
    let out = Command::cargo_bin("bitext")
        .unwrap()
        .args(["check", "--format", "json", "-"])
        .write_stdin(text.as_bytes().to_vec())
        .output()
        .unwrap();
    (
        serde_json::from_slice(&out.stdout).unwrap(),
        out.status.code(),
    )
}

#[test]
fn the_correct_translation_is_silent() {
    let (report, code) = check(&page());
    let doc = &report["documents"][0];
    assert_eq!(doc["pairs"].as_array().unwrap().len(), 1);
    assert_eq!(doc["pairs"][0]["zh"]["machine_translated"], true);
    let errors: Vec<_> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(code, Some(0));
}

#[test]
fn every_injected_error_is_flagged_in_its_section() {
    // (find, replace, section, a value the findings must name)
    let cases = [
        ("共纳入3.6万名", "共纳入36万名", "methods", "360000"),
        ("约三分之一", "约四分之一", "background", "~0.25"),
        ("P＜0.001", "P＜0.01", "results", "<0.01"),
        ("12%~35%", "12%~25%", "results", "12%..25%"),
        ("超过60%", "超过50%", "results", ">50%"),
        ("四个村庄", "三个村庄", "results", "3"),
        (
            "2021年12月31日",
            "2021年12月30日",
            "methods",
            "2019-03-01..2021-12-30",
        ),
        ("40~75岁", "40~70岁", "methods", "40..70"),
        (
            "A total of 36,000 participants",
            "A total of 3,600 participants",
            "methods",
            "3600",
        ),
        ("(HR 0.82,95% CI 0.71~0.94)", "", "results", "0.82"),
        (
            "共纳入3.6万名",
            "共纳入3.6万名(其中女性2.1万名)",
            "methods",
            "21000",
        ),
        ("约300万人", "约30万人", "conclusions", "~300000"),
        (
            "平均每日盐摄入量为10.5克",
            "平均每日盐摄入量为10.5毫克",
            "background",
            "10.5",
        ),
    ];
    let base = page();
    for (find, replace, section, value) in cases {
        assert_eq!(base.matches(find).count(), 1, "{find}");
        let (report, code) = check(&base.replacen(find, replace, 1));
        let findings = report["documents"][0]["findings"]
            .as_array()
            .unwrap()
            .clone();
        let errors: Vec<_> = findings
            .iter()
            .filter(|f| f["severity"] == "error")
            .collect();
        assert_eq!(code, Some(1), "{find} → {replace}: {findings:#?}");
        assert!(
            errors.iter().all(|f| f["section"] == section),
            "{find} → {replace}: {errors:#?}"
        );
        let named = errors
            .iter()
            .any(|f| f["en"]["value"] == value || f["zh"]["value"] == value);
        assert!(
            named,
            "{find} → {replace}: no finding names {value}: {errors:#?}"
        );
    }
}

/// Runs `bitext check` on one English and one Chinese text; returns the report's findings.
fn check_pair(en: &str, zh: &str) -> (Vec<serde_json::Value>, Option<i32>) {
    let dir = tempfile::tempdir().unwrap();
    let (en_path, zh_path) = (dir.path().join("en.txt"), dir.path().join("zh.txt"));
    std::fs::write(&en_path, en).unwrap();
    std::fs::write(&zh_path, zh).unwrap();
    let out = Command::cargo_bin("bitext")
        .unwrap()
        .args(["check", "--format", "json", "--en"])
        .arg(&en_path)
        .arg("--zh")
        .arg(&zh_path)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = report["documents"][0]["findings"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    (findings, out.status.code())
}

#[test]
fn a_code_with_other_digits_is_an_identifier_mismatch_warning() {
    let (findings, code) = check_pair(
        "IL-6 levels rose in 11 patients. The V130-S137 region was deleted.",
        "11例患者IL-8水平升高。V132S139区域缺失。",
    );
    let codes: Vec<(&str, &str)> = findings
        .iter()
        .filter(|f| f["rule"] == "identifier-mismatch")
        .map(|f| {
            assert_eq!(f["severity"], "warning");
            (
                f["en"]["text"].as_str().unwrap_or(""),
                f["zh"]["text"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(codes, [("IL-6", "IL-8"), ("V130-S137", "V132S139")]);
    assert!(
        findings.iter().all(|f| f["severity"] != "error"),
        "{findings:#?}"
    );
    assert_eq!(code, Some(0));
}

#[test]
fn a_value_that_follows_from_its_sentence_pair_is_a_derived_number_warning() {
    let (findings, code) = check_pair("Of 11 patients, 6 responded.", "11例患者中6例（54%）有效。");
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0]["rule"], "derived-number");
    assert_eq!(findings[0]["severity"], "warning");
    assert_eq!(findings[0]["zh"]["value"], "54%");
    assert!(
        findings[0]["message"]
            .as_str()
            .unwrap()
            .contains("derivable from 6 of 11"),
        "{findings:#?}"
    );
    assert_eq!(code, Some(0));
    // A percentage that does not follow from the counts is still an error.
    let (findings, code) = check_pair("Of 11 patients, 6 responded.", "11例患者中6例（45%）有效。");
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0]["rule"], "number-extra");
    assert_eq!(code, Some(1));
}

#[test]
fn numbers_in_sentences_that_do_not_translate_each_other_are_two_findings() {
    let (findings, _) = check_pair(
        "We enrolled 120 patients. Treatment lasted a long time.",
        "我们纳入了患者。治疗持续了45天。",
    );
    let rules: Vec<&str> = findings.iter().filter_map(|f| f["rule"].as_str()).collect();
    assert_eq!(rules, ["number-missing", "number-extra"], "{findings:#?}");
}
