//! Real page layouts (Chinese journals, theses, PDF text, bracketed and glued markers …), one
//! page of each written for the tests: the pair's line ranges, its sections and its original
//! side; which lines are cut from the abstracts; and what a page without a pair says.

mod common;

use common::*;
use serde_json::Value;
use std::path::Path;

fn check(path: &Path) -> Doc {
    let out = bitext()
        .args(["check", "--format", "json", "--fail-on", "never"])
        .arg(path)
        .output()
        .expect("runs");
    let mut report: Report = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("JSON report: {e}\n{}", String::from_utf8_lossy(&out.stdout)));
    report.documents.remove(0)
}

/// The pair's (en lines, zh lines), its section ids, its original side.
fn pair_of(doc: &Doc) -> ((usize, usize), (usize, usize), Vec<&str>, &str) {
    assert_eq!(doc.pairs.len(), 1, "{}: {:#?}", doc.path, doc.pairs);
    let p = &doc.pairs[0];
    (
        (p.en.start_line, p.en.end_line),
        (p.zh.start_line, p.zh.end_line),
        p.sections.iter().map(|s| s.id.as_str()).collect(),
        p.source.as_str(),
    )
}

fn rules(doc: &Doc) -> Vec<&str> {
    doc.findings.iter().map(|f| f.rule.as_str()).collect()
}

const STRUCTURED: [&str; 4] = ["objective", "methods", "results", "conclusions"];

#[test]
fn chinese_journal_with_metadata_between_the_abstracts() {
    let doc = check(&layout("journal_zh_first.md"));
    assert_eq!(pair_of(&doc), ((25, 25), (7, 7), vec!["body"], "zh"));
    let reason = &doc.pairs[0].source_reason;
    assert!(reason.contains("Chinese abstract comes first"), "{reason}");
    assert!(
        rules(&doc).iter().all(|r| !r.starts_with("number-")),
        "{:#?}",
        doc.findings
    );
}

#[test]
fn english_abstract_after_the_body_and_references() {
    let doc = check(&layout("journal_en_at_end.md"));
    assert_eq!(pair_of(&doc), ((34, 34), (7, 7), vec!["body"], "zh"));
    assert!(
        rules(&doc).iter().all(|r| !r.starts_with("number-")),
        "{:#?}",
        doc.findings
    );
}

#[test]
fn thesis_abstracts_of_several_paragraphs_under_headings() {
    let doc = check(&layout("thesis.md"));
    assert_eq!(pair_of(&doc), ((17, 21), (7, 11), vec!["body"], "zh"));
}

#[test]
fn marker_glued_to_the_author_and_affiliation_line() {
    let doc = check(&layout("glued_marker.md"));
    assert_eq!(pair_of(&doc), ((11, 11), (5, 5), STRUCTURED.to_vec(), "zh"));
    // The affiliation's postcode before the marker is not abstract text.
    assert!(
        rules(&doc).iter().all(|r| !r.starts_with("number-")),
        "{:#?}",
        doc.findings
    );
}

#[test]
fn hard_wrapped_pdf_text_with_glued_labels() {
    let doc = check(&layout("pdf_wrapped.txt"));
    assert_eq!(
        pair_of(&doc),
        ((18, 23), (9, 12), STRUCTURED.to_vec(), "zh")
    );
    assert!(
        rules(&doc).iter().all(|r| !r.starts_with("number-")),
        "{:#?}",
        doc.findings
    );
}

#[test]
fn bracketed_markers_mixed_brackets_and_ocr_labels() {
    let doc = check(&layout("brackets_ocr.md"));
    assert_eq!(pair_of(&doc), ((15, 15), (5, 5), STRUCTURED.to_vec(), "zh"));
    let labels: Vec<Option<&str>> = doc.pairs[0]
        .sections
        .iter()
        .map(|s| s.en.as_ref().and_then(|l| l.label.as_deref()))
        .collect();
    assert_eq!(labels[0], Some("0bjective"));
}

#[test]
fn keywords_glued_after_the_last_sentence_are_not_abstract() {
    let doc = check(&layout("keywords_glued.md"));
    assert_eq!(pair_of(&doc), ((11, 11), (5, 5), vec!["body"], "zh"));
    assert!(
        rules(&doc).iter().all(|r| !r.starts_with("number-")),
        "{:#?}",
        doc.findings
    );
}

#[test]
fn heading_marker_with_authors_before_the_text() {
    let doc = check(&layout("heading_then_authors.md"));
    assert_eq!(pair_of(&doc), ((15, 17), (3, 3), vec!["body"], "zh"));
}

#[test]
fn a_chinese_abstract_alone_says_which_side_is_missing() {
    let doc = check(&layout("chinese_only.md"));
    assert!(doc.pairs.is_empty(), "{:#?}", doc.pairs);
    assert_eq!(rules(&doc), ["no-translation"]);
    assert_eq!(
        doc.findings[0].message,
        "no English abstract found: the page has 1 Chinese abstract and no English one"
    );
}

#[test]
fn a_cut_off_side_is_one_warning_not_a_flood() {
    let doc = check(&layout("truncated_zh.txt"));
    assert_eq!(pair_of(&doc).3, "en");
    assert_eq!(rules(&doc), ["truncated"], "{:#?}", doc.findings);
    let f = &doc.findings[0];
    assert_eq!(f.severity, "warning");
    assert!(
        f.message
            .starts_with("the Chinese abstract stops mid-sentence"),
        "{}",
        f.message
    );
    assert_eq!(f.zh.as_ref().map(|l| l.line), Some(9));
}

#[test]
fn source_can_still_be_given() {
    let out = bitext()
        .args([
            "check",
            "--format",
            "json",
            "--fail-on",
            "never",
            "--source",
            "en",
        ])
        .arg(layout("journal_zh_first.md"))
        .output()
        .expect("runs");
    let report: Report = serde_json::from_slice(&out.stdout).expect("JSON");
    let p = &report.documents[0].pairs[0];
    assert_eq!(
        (p.source.as_str(), p.source_reason.as_str()),
        ("en", "given with --source")
    );
}

/// The roles `bitext detect --format json` gives the lines of a page.
fn roles(path: &Path) -> Vec<(usize, String)> {
    let out = bitext()
        .args(["detect", "--format", "json"])
        .arg(path)
        .output()
        .expect("runs");
    let v: Value = serde_json::from_slice(&out.stdout).expect("detect JSON");
    v["documents"][0]["blocks"]
        .as_array()
        .expect("blocks")
        .iter()
        .flat_map(|b| {
            let role = b["role"].as_str().unwrap_or_default().to_owned();
            let (s, e) = (b["start_line"].as_u64(), b["end_line"].as_u64());
            (s.unwrap_or(0)..=e.unwrap_or(0)).map(move |l| (l as usize, role.clone()))
        })
        .collect()
}

fn role_of(roles: &[(usize, String)], line: usize) -> &str {
    roles
        .iter()
        .find(|(l, _)| *l == line)
        .map_or("", |(_, r)| r.as_str())
}

#[test]
fn titles_are_cut_from_the_abstracts() {
    let r = roles(&layout("journal_zh_first.md"));
    assert_eq!(role_of(&r, 1), "title");
    assert_eq!(role_of(&r, 19), "title");
}

#[test]
fn author_lists_are_cut() {
    let r = roles(&layout("journal_zh_first.md"));
    assert_eq!(role_of(&r, 3), "author");
    assert_eq!(role_of(&r, 21), "author");
}

#[test]
fn affiliations_are_cut() {
    let r = roles(&layout("journal_zh_first.md"));
    assert_eq!(role_of(&r, 5), "author");
    assert_eq!(role_of(&r, 23), "author");
}

#[test]
fn keyword_lines_are_cut() {
    let r = roles(&layout("journal_zh_first.md"));
    assert_eq!(role_of(&r, 9), "keywords");
    assert_eq!(role_of(&r, 27), "keywords");
}

#[test]
fn classification_lines_are_cut() {
    assert_eq!(
        role_of(&roles(&layout("journal_zh_first.md")), 11),
        "metadata"
    );
}

#[test]
fn date_lines_are_cut() {
    assert_eq!(
        role_of(&roles(&layout("journal_zh_first.md")), 13),
        "metadata"
    );
}

#[test]
fn funding_lines_are_cut() {
    assert_eq!(
        role_of(&roles(&layout("journal_zh_first.md")), 15),
        "metadata"
    );
}

#[test]
fn citation_lines_are_cut() {
    assert_eq!(
        role_of(&roles(&layout("journal_zh_first.md")), 17),
        "metadata"
    );
}

#[test]
fn body_paragraphs_and_references_are_never_abstracts() {
    let r = roles(&layout("journal_zh_first.md"));
    assert_eq!(role_of(&r, 29), "body-heading");
    assert_eq!(role_of(&r, 31), "prose");
    assert_eq!(role_of(&r, 33), "prose");
    assert_eq!(role_of(&r, 35), "body-heading");
    assert_eq!(role_of(&r, 37), "citation");
    assert_eq!(role_of(&r, 38), "citation");
}

/// Pages built to be hard: one 5 MB line, 50,000 short lines, 10,000 markers. They must give a
/// valid report (speed is measured by `scripts/bench_check.py`, not here).
#[test]
fn pathological_pages_give_a_report() {
    let dir = tempfile::tempdir().expect("temp dir");
    let en = "Abstract: The results showed that the rate was 35% in 120 patients (P<0.05). ";
    let zh = "摘要：结果显示120例患者的发生率为35%（P<0.05）。";
    let one_line = (en.to_owned() + zh).repeat(5_000_000 / (en.len() + zh.len()));
    let short: Vec<&str> = [
        "短行",
        "Key words: a; b",
        "1",
        "# 1 引言",
        "(某大学 北京 100000)",
    ]
    .into_iter()
    .cycle()
    .take(50_000)
    .collect();
    let markers: Vec<String> = (0..10_000)
        .map(|i| {
            if i % 2 == 0 {
                format!("Abstract: We tested sample {i}, and the results were good; the effect was significant, and the method deserves wider use in practice.")
            } else {
                format!("摘要：本研究测试了第{}个样本，结果良好，效果显著，该方法值得在实践中更广泛地使用。", i - 1)
            }
        })
        .collect();
    let pages = [
        ("one_line.txt", one_line),
        ("short_lines.txt", short.join("\n")),
        ("markers.txt", markers.join("\n")),
    ];
    for (name, text) in &pages {
        std::fs::write(dir.path().join(name), text).expect("write page");
    }
    let out = bitext()
        .args(["check", "--format", "json", "--fail-on", "never"])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Report = serde_json::from_slice(&out.stdout).expect("JSON report");
    assert_eq!(report.documents.len(), 3);
    let markers = report
        .documents
        .iter()
        .find(|d| d.path.ends_with("markers.txt"))
        .expect("markers page");
    assert_eq!(markers.pairs.len(), 5_000);
}
