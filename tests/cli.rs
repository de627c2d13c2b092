//! CLI tests on the example (seed) pages and the fixture pages: what a user sees and what a
//! pipeline parses. JSON output is parsed back into typed structs.

mod common;

use common::*;
use std::path::{Path, PathBuf};

fn check_json(paths: &[&Path]) -> (Report, i32) {
    let out = bitext()
        .arg("check")
        .arg("--format")
        .arg("json")
        .args(paths)
        .output()
        .expect("runs");
    let report: Report = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("JSON report: {e}\n{}", String::from_utf8_lossy(&out.stdout)));
    assert_eq!(report.version, 1);
    (report, out.status.code().unwrap_or(-1))
}

fn section_ids(doc: &Doc) -> Vec<&str> {
    doc.pairs[0]
        .sections
        .iter()
        .map(|s| s.id.as_str())
        .collect()
}

fn errors(doc: &Doc) -> Vec<&Finding> {
    doc.findings
        .iter()
        .filter(|f| f.severity == "error")
        .collect()
}

#[test]
fn seed_pages_pair_their_sections_without_false_alarms() {
    let cases: [(&str, &[&str]); 3] = [
        ("000", &["background", "methods", "results", "conclusions"]),
        ("002", &["objective", "design", "results", "conclusions"]),
        (
            "003",
            &[
                "objective",
                "methods",
                "methods",
                "methods",
                "results",
                "conclusions",
            ],
        ),
    ];
    for (seed, expected) in cases {
        let (report, code) = check_json(&[&example(seed)]);
        let doc = &report.documents[0];
        assert_eq!(doc.pairs.len(), 1, "seed {seed}");
        assert_eq!(section_ids(doc), expected, "seed {seed}");
        for s in &doc.pairs[0].sections {
            assert!(
                s.en.is_some() && s.zh.is_some(),
                "seed {seed}: section {} lacks a side",
                s.id
            );
        }
        assert!(errors(doc).is_empty(), "seed {seed}: {:#?}", errors(doc));
        assert_eq!(code, 0, "seed {seed}");
        let s = &report.summary;
        assert_eq!(
            (s.documents, s.pairs, s.unreadable, s.errors),
            (1, 1, 0, 0),
            "seed {seed}"
        );
        assert_eq!(s.warnings + s.infos, doc.findings.len(), "seed {seed}");
    }
}

#[test]
fn seed_reports_name_the_doi_lines_and_machine_translation() {
    let (report, _) = check_json(&[&example("000")]);
    let doc = &report.documents[0];
    assert_eq!(doc.id.as_deref(), Some("10.1186/s12889-024-19531-5"));
    let pair = &doc.pairs[0];
    assert_eq!((pair.en.start_line, pair.en.end_line), (8, 11));
    assert_eq!((pair.zh.start_line, pair.zh.end_line), (13, 16));
    assert_eq!(pair.zh.machine_translated, None);
    let results = &pair.sections[2];
    assert_eq!(
        results.en.as_ref().map(|l| (l.label.as_deref(), l.line)),
        Some((Some("RESULTS"), 10))
    );
    assert_eq!(
        results.zh.as_ref().map(|l| (l.label.as_deref(), l.line)),
        Some((Some("结果"), 15))
    );

    let (report, _) = check_json(&[&example("002")]);
    assert_eq!(
        report.documents[0].pairs[0].zh.machine_translated,
        Some(true)
    );
    assert_eq!(
        report.documents[0].id.as_deref(),
        Some("10.1136/bmjopen-2025-102163")
    );
}

#[test]
fn pages_without_chinese_say_so_plainly() {
    for seed in ["001", "004"] {
        let (report, code) = check_json(&[&example(seed)]);
        let doc = &report.documents[0];
        assert!(doc.pairs.is_empty(), "seed {seed}");
        assert_eq!(doc.findings.len(), 1, "seed {seed}: {:#?}", doc.findings);
        let f = &doc.findings[0];
        assert_eq!(
            (f.rule.as_str(), f.severity.as_str()),
            ("no-translation", "info")
        );
        assert!(f.pair.is_none() && f.section.is_none());
        assert!(
            f.message.contains("no Chinese translation"),
            "{}",
            f.message
        );
        assert_eq!(code, 0);
    }
}

#[test]
fn layout_variants_give_the_same_sections_and_no_false_alarm() {
    for name in [
        "labels_own_line.txt",
        "bracketed_labels.txt",
        "fullwidth.txt",
        "traditional.txt",
        "chinese_first.txt",
        "crlf.txt",
        "gb18030.txt",
        "page.html",
    ] {
        let (report, code) = check_json(&[&fixture(name)]);
        assert_eq!(report.summary.unreadable, 0, "{name}");
        let doc = &report.documents[0];
        assert_eq!(doc.pairs.len(), 1, "{name}");
        assert_eq!(
            section_ids(doc),
            ["background", "methods", "results", "conclusions"],
            "{name}"
        );
        assert!(errors(doc).is_empty(), "{name}: {:#?}", errors(doc));
        assert_eq!(code, 0, "{name}");
    }
}

#[test]
fn injected_number_errors_are_flagged_in_their_section() {
    // (page, section, rule, English value, Chinese value)
    let cases = [
        (
            "changed_digits_zh.txt",
            "results",
            "number-mismatch",
            Some("75"),
            Some("57"),
        ),
        (
            "removed_digits_zh.txt",
            "results",
            "number-missing",
            Some("5"),
            None,
        ),
        (
            "added_digits_zh.txt",
            "methods",
            "number-extra",
            None,
            Some("30"),
        ),
        (
            "changed_digits_en.txt",
            "results",
            "number-mismatch",
            Some("76"),
            Some("75"),
        ),
        (
            "changed_numeral_zh.txt",
            "results",
            "number-mismatch",
            Some("4"),
            Some("5"),
        ),
        (
            "changed_word_en.txt",
            "results",
            "number-mismatch",
            Some("6"),
            Some("4"),
        ),
        (
            "changed_date_zh.txt",
            "methods",
            "number-mismatch",
            None,
            None,
        ),
        (
            "changed_month_zh.txt",
            "methods",
            "number-mismatch",
            None,
            None,
        ),
    ];
    for (name, section, rule, en_value, zh_value) in cases {
        let (report, code) = check_json(&[&fixture(name)]);
        let doc = &report.documents[0];
        let errs = errors(doc);
        assert_eq!(code, 1, "{name}");
        assert!(!errs.is_empty(), "{name}: nothing flagged");
        assert!(
            errs.iter().all(|f| f.section.as_deref() == Some(section)),
            "{name}: {errs:#?}"
        );
        let flagged = errs.iter().any(|f| {
            (f.rule == rule || (rule == "number-mismatch" && f.rule.starts_with("number-")))
                && en_value
                    .is_none_or(|v| f.en.as_ref().and_then(|l| l.value.as_deref()) == Some(v))
                && zh_value
                    .is_none_or(|v| f.zh.as_ref().and_then(|l| l.value.as_deref()) == Some(v))
        });
        assert!(
            flagged,
            "{name}: expected {rule} {en_value:?}/{zh_value:?}, got {errs:#?}"
        );
        for f in &errs {
            for loc in [&f.en, &f.zh].into_iter().flatten() {
                assert!(
                    loc.line > 0 && loc.column > 0 && !loc.text.is_empty(),
                    "{name}: {loc:?}"
                );
            }
            assert!(!f.message.is_empty());
        }
    }
}

#[test]
fn batch_with_bad_inputs_reports_them_and_checks_the_rest() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    std::fs::write(d.join("a_empty.txt"), b"").unwrap();
    let random: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    std::fs::write(d.join("b_random.bin"), &random).unwrap();
    std::fs::write(
        d.join("c_latin1.txt"),
        b"Caf\xe9 cr\xe8me br\xfbl\xe9e, na\xefve r\xe9sum\xe9 of the d\xe9j\xe0 vu.\n",
    )
    .unwrap();
    // One 4 MB line of labeled prose: thousands of sections and numbers on one line.
    let prose = "BACKGROUND: We enrolled 120 patients in the study and followed them for years. ";
    std::fs::write(
        d.join("d_long_line.txt"),
        prose.repeat(4_000_000 / prose.len()),
    )
    .unwrap();
    let zh = "背景:我们招募了120名患者,并对他们进行了多年随访。";
    std::fs::write(
        d.join("h_long_pair.txt"),
        format!("{}\n{}\n", prose.repeat(20_000), zh.repeat(30_000)),
    )
    .unwrap();
    std::fs::write(
        d.join("e_nested.html"),
        format!(
            "<html><body>{}deep{}</body></html>",
            "<div>".repeat(20_000),
            "</div>".repeat(20_000)
        ),
    )
    .unwrap();
    std::fs::copy(example("000"), d.join("f_good.txt")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(d.join("missing-target"), d.join("g_dangling.txt")).unwrap();
    let before: Vec<(PathBuf, Vec<u8>)> = [
        "a_empty.txt",
        "b_random.bin",
        "c_latin1.txt",
        "d_long_line.txt",
        "e_nested.html",
        "f_good.txt",
    ]
    .iter()
    .map(|n| (d.join(n), std::fs::read(d.join(n)).unwrap()))
    .collect();

    let mut args: Vec<PathBuf> = before.iter().map(|(p, _)| p.clone()).collect();
    args.push(d.join("h_long_pair.txt"));
    args.push(d.join("g_dangling.txt"));
    let started = std::time::Instant::now();
    let out = bitext()
        .arg("check")
        .arg("--format")
        .arg("json")
        .args(&args)
        .output()
        .expect("runs");
    assert!(
        started.elapsed().as_secs() < 60,
        "bad inputs must not take minutes"
    );
    assert_eq!(out.status.code(), Some(2));
    let report: Report = serde_json::from_slice(&out.stdout).expect("JSON report");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("b_random.bin"), "{stderr}");
    assert!(stderr.contains("g_dangling.txt"), "{stderr}");
    assert_eq!(report.summary.unreadable, 2, "{stderr}");
    let good = report
        .documents
        .iter()
        .find(|d| d.path.ends_with("f_good.txt"))
        .expect("good page checked");
    assert_eq!(good.pairs.len(), 1);
    for name in [
        "a_empty.txt",
        "c_latin1.txt",
        "d_long_line.txt",
        "e_nested.html",
    ] {
        let doc = report
            .documents
            .iter()
            .find(|d| d.path.ends_with(name))
            .unwrap_or_else(|| panic!("{name} is a document"));
        assert!(doc.pairs.is_empty(), "{name}");
    }
    for (path, bytes) in before {
        assert_eq!(
            std::fs::read(&path).unwrap(),
            bytes,
            "{} was modified",
            path.display()
        );
    }
}

#[test]
fn directories_are_walked_in_order_and_non_text_files_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("sub")).unwrap();
    std::fs::copy(example("003"), d.join("sub/b.txt")).unwrap();
    std::fs::copy(example("001"), d.join("a.txt")).unwrap();
    std::fs::write(d.join(".hidden.txt"), "hidden").unwrap();
    std::fs::write(
        d.join("image.png"),
        [0x89, b'P', b'N', b'G', 0, 0, 0, 0x0d, 0, 1, 2, 3],
    )
    .unwrap();
    let out = bitext()
        .arg("check")
        .arg("--format")
        .arg("json")
        .arg(d)
        .output()
        .unwrap();
    let report: Report = serde_json::from_slice(&out.stdout).unwrap();
    let paths: Vec<&str> = report.documents.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(paths.len(), 2, "{paths:?}");
    assert!(
        paths[0].ends_with("a.txt") && paths[1].ends_with("b.txt"),
        "{paths:?}"
    );
    assert_eq!(report.summary.unreadable, 0);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("image.png"));
}

#[test]
fn standard_input_and_jsonl_output() {
    let page = std::fs::read(example("000")).unwrap();
    let out = bitext()
        .args(["check", "--format", "jsonl", "-"])
        .write_stdin(page)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1);
    let doc: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["path"], "-");
    assert_eq!(doc["pairs"].as_array().map(Vec::len), Some(1));
}

#[test]
fn fail_on_sets_the_exit_status() {
    let page = fixture("changed_digits_zh.txt");
    bitext().arg("check").arg(&page).assert().code(1);
    bitext()
        .arg("check")
        .arg("--fail-on")
        .arg("never")
        .arg(&page)
        .assert()
        .code(0);
    bitext()
        .arg("check")
        .arg("--fail-on")
        .arg("info")
        .arg(example("001"))
        .assert()
        .code(1);
    bitext().arg("check").arg(example("001")).assert().code(0);
}

#[test]
fn paired_files() {
    let dir = tempfile::tempdir().unwrap();
    let en = dir.path().join("a.en");
    let zh = dir.path().join("a.zh");
    std::fs::write(
        &en,
        "BACKGROUND: We enrolled 120 patients.\nRESULTS: Of these, 45 improved.\n",
    )
    .unwrap();
    std::fs::write(&zh, "背景:我们招募了120名患者。\n结果:其中54人病情改善。\n").unwrap();
    let out = bitext()
        .arg("check")
        .arg("--format")
        .arg("json")
        .arg("--en")
        .arg(&en)
        .arg("--zh")
        .arg(&zh)
        .output()
        .unwrap();
    let report: Report = serde_json::from_slice(&out.stdout).unwrap();
    let doc = &report.documents[0];
    assert_eq!(doc.path, en.display().to_string());
    assert_eq!(section_ids(doc), ["background", "results"]);
    let f = errors(doc);
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].section.as_deref(), Some("results"));
    assert_eq!(f[0].zh.as_ref().map(|l| (l.line, l.column)), Some((2, 6)));
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn text_report_snapshot() {
    let out = bitext()
        .args(["check", "--color", "never"])
        .arg(fixture("changed_digits_zh.txt"))
        .current_dir(root())
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let text = text.replace(&root().display().to_string(), "[ROOT]");
    let text = regex::Regex::new(r"in \d+\.\d+s")
        .unwrap()
        .replace_all(&text, "in [TIME]");
    insta::assert_snapshot!(text);
}

#[test]
fn json_report_snapshot() {
    let out = bitext()
        .args([
            "check",
            "--format",
            "json",
            "tests/fixtures/pages/changed_digits_zh.txt",
            "examples/pages/001_4d9e998fb4647bbe.txt",
        ])
        .current_dir(root())
        .output()
        .unwrap();
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    insta::assert_json_snapshot!(value);
}

#[test]
fn detect_explains_blocks() {
    let out = bitext().arg("detect").arg(example("002")).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("mt-notice"), "{text}");
    assert!(text.contains("JSON data"), "{text}");
    assert!(
        text.contains("pair 0: en lines 10-16 ↔ zh lines 19-19"),
        "{text}"
    );
}

#[test]
fn pages_with_two_abstracts_pair_each_english_with_its_chinese() {
    for name in ["two_pairs.txt", "two_pairs_interleaved.txt"] {
        let (report, code) = check_json(&[&fixture(name)]);
        let doc = &report.documents[0];
        assert_eq!(doc.pairs.len(), 2, "{name}");
        let ids = |p: &Pair| p.sections.iter().map(|s| s.id.clone()).collect::<Vec<_>>();
        assert_eq!(
            ids(&doc.pairs[0]),
            ["background", "methods", "results", "conclusions"],
            "{name}"
        );
        assert_eq!(ids(&doc.pairs[1])[0], "objective", "{name}");
        assert!(
            doc.pairs[0].en.start_line < doc.pairs[1].en.start_line,
            "{name}"
        );
        assert!(errors(doc).is_empty(), "{name}: {:#?}", errors(doc));
        assert_eq!(code, 0, "{name}");
    }
}
