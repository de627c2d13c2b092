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
