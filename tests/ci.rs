//! What CI relies on: machine-readable reports, baselines, configuration errors, atomic report
//! files, and output that does not depend on the number of threads.

mod common;

use assert_cmd::Command;
use common::root;
use std::path::{Path, PathBuf};

fn bitext(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("bitext").expect("binary built");
    c.current_dir(dir);
    c
}

fn page(dir: &Path, name: &str, from: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::copy(root().join(from), &path).expect("copy page");
    path
}

#[test]
fn a_bad_config_key_fails_naming_the_key() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bitext.toml"),
        "[rules]\n\"number-missing\" = \"error\"\n[paths]\nexcludes = [\"x\"]\n",
    )
    .unwrap();
    page(
        dir.path(),
        "a.txt",
        "examples/pages/000_a2465f15cc8c9f35.txt",
    );
    let out = bitext(dir.path())
        .args(["check", "a.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("excludes") && stderr.contains("bitext.toml"),
        "{stderr}"
    );
}

#[test]
fn config_turns_rules_off_and_dump_config_shows_it() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("strict.toml");
    std::fs::write(&cfg, "[rules]\n\"number-mismatch\" = \"warning\"\n\"number-missing\" = \"off\"\n\"number-extra\" = \"off\"\n").unwrap();
    page(
        dir.path(),
        "a.txt",
        "tests/fixtures/pages/changed_digits_zh.txt",
    );
    let out = bitext(dir.path())
        .args([
            "check",
            "--config",
            "strict.toml",
            "--format",
            "json",
            "a.txt",
        ])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = report["documents"][0]["findings"].as_array().unwrap();
    assert!(!findings.is_empty(), "the changed number is still reported");
    assert!(
        findings
            .iter()
            .all(|f| f["severity"] == "warning" && f["rule"] == "number-mismatch"),
        "{findings:?}"
    );
    assert_eq!(out.status.code(), Some(0));
    let dump = bitext(dir.path())
        .args(["check", "--config", "strict.toml", "--dump-config", "a.txt"])
        .output()
        .unwrap();
    let text = String::from_utf8(dump.stdout).unwrap();
    assert!(text.contains("number-missing = \"off\""), "{text}");
}

#[test]
fn a_baseline_run_reports_only_the_new_finding() {
    let dir = tempfile::tempdir().unwrap();
    let p = page(
        dir.path(),
        "a.txt",
        "tests/fixtures/pages/changed_digits_zh.txt",
    );
    let base = bitext(dir.path())
        .args(["check", "--format", "json", "a.txt"])
        .output()
        .unwrap();
    std::fs::write(dir.path().join("base.json"), &base.stdout).unwrap();
    let before: serde_json::Value = serde_json::from_slice(&base.stdout).unwrap();
    assert!(!before["documents"][0]["findings"]
        .as_array()
        .unwrap()
        .is_empty());
    let text = std::fs::read_to_string(&p)
        .unwrap()
        .replacen("NHS(n=5)", "NHS(n=6)", 1);
    std::fs::write(&p, text).unwrap();
    let out = bitext(dir.path())
        .args([
            "check",
            "--format",
            "json",
            "--baseline",
            "base.json",
            "a.txt",
        ])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = report["documents"][0]["findings"].as_array().unwrap();
    let values: Vec<String> = findings
        .iter()
        .flat_map(|f| [&f["en"]["value"], &f["zh"]["value"]])
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect();
    assert!(
        !findings.is_empty() && values.iter().any(|v| v == "6"),
        "{findings:#?}"
    );
    assert!(
        !values.iter().any(|v| v == "57"),
        "the old finding is in the baseline: {findings:#?}"
    );
}

#[test]
fn junit_parses_with_an_xml_parser() {
    let dir = tempfile::tempdir().unwrap();
    page(
        dir.path(),
        "bad.txt",
        "tests/fixtures/pages/changed_digits_zh.txt",
    );
    page(
        dir.path(),
        "good.txt",
        "examples/pages/000_a2465f15cc8c9f35.txt",
    );
    let out = bitext(dir.path())
        .args(["check", "--format", "junit", "bad.txt", "good.txt"])
        .output()
        .unwrap();
    let mut reader = quick_xml::Reader::from_reader(out.stdout.as_slice());
    let mut buf = Vec::new();
    let (mut cases, mut failures) = (0, 0);
    loop {
        match reader.read_event_into(&mut buf).expect("well-formed XML") {
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => {
                match e.name().as_ref() {
                    b"testcase" => cases += 1,
                    b"failure" => failures += 1,
                    _ => {}
                }
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    assert_eq!((cases, failures), (2, 1));
}

#[test]
fn sarif_has_rules_locations_and_stable_fingerprints() {
    let dir = tempfile::tempdir().unwrap();
    page(
        dir.path(),
        "bad.txt",
        "tests/fixtures/pages/changed_digits_zh.txt",
    );
    let run = || {
        let out = bitext(dir.path())
            .args(["check", "--format", "sarif", "bad.txt"])
            .output()
            .unwrap();
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let (a, b) = (run(), run());
    assert_eq!(a["version"], "2.1.0");
    let driver = &a["runs"][0]["tool"]["driver"];
    let rules = driver["rules"].as_array().unwrap();
    let results = a["runs"][0]["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], r["ruleId"]);
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert!(
            region["startLine"].as_u64().unwrap() >= 1
                && region["startColumn"].as_u64().unwrap() >= 1
        );
        assert_eq!(
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "bad.txt"
        );
        assert!(r["partialFingerprints"]["bitextFinding/v1"].is_string());
    }
    assert_eq!(a["runs"][0]["results"], b["runs"][0]["results"]);

    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/schemas/sarif-2.1.0-rtm.5.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the SARIF schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&a)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF output does not validate: {errors:#?}"
    );
    let mut broken = a.clone();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(
        !validator.is_valid(&broken),
        "the schema check must be able to fail"
    );
}

#[test]
fn reports_to_files_appear_whole_beside_terminal_output() {
    let dir = tempfile::tempdir().unwrap();
    page(
        dir.path(),
        "a.txt",
        "tests/fixtures/pages/changed_digits_zh.txt",
    );
    let out = bitext(dir.path())
        .args([
            "check",
            "--color",
            "never",
            "--report",
            "sarif=out.sarif",
            "--report",
            "junit=out.xml",
            "a.txt",
        ])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("a.txt"));
    let sarif: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out.sarif")).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert!(std::fs::read_to_string(dir.path().join("out.xml"))
        .unwrap()
        .contains("<testsuites"));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
    // A report into a directory that does not exist fails before anything is written.
    let out = bitext(dir.path())
        .args(["check", "--report", "json=missing/out.json", "a.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn output_is_the_same_whatever_the_number_of_threads() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..12 {
        let from = [
            "examples/pages/000_a2465f15cc8c9f35.txt",
            "tests/fixtures/pages/changed_digits_zh.txt",
            "examples/pages/004_430c1226b5724794.txt",
        ][i % 3];
        page(dir.path(), &format!("p{i:02}.txt"), from);
    }
    let run = |jobs: &str| {
        bitext(dir.path())
            .args(["check", "--format", "jsonl", "-j", jobs, "."])
            .output()
            .unwrap()
            .stdout
    };
    let one = run("1");
    assert_eq!(one, run("2"));
    assert_eq!(one, run("4"));
    assert_eq!(String::from_utf8(one).unwrap().lines().count(), 12);
}

#[test]
fn jsonl_input_streams_one_record_at_a_time() {
    use std::io::{BufRead, BufReader, Write};
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("bitext"))
        .args(["check", "--jsonl", "-", "--format", "jsonl"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    for (i, (en, zh)) in [
        ("We enrolled 120 patients.", "我们招募了120名患者。"),
        ("Of these, 45 improved.", "其中54人病情改善。"),
    ]
    .iter()
    .enumerate()
    {
        writeln!(
            stdin,
            "{}",
            serde_json::json!({"id": format!("r{i}"), "en": en, "zh": zh})
        )
        .unwrap();
        stdin.flush().unwrap();
        // The result arrives before the next record is sent.
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        let doc: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(doc["id"], format!("r{i}"));
    }
    drop(stdin);
    assert_eq!(child.wait().unwrap().code(), Some(1));
}

#[test]
fn config_adds_identifiers_and_glossary_entries() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("a.en"),
        "BACKGROUND: Quality of life was measured with the SF 36 questionnaire in 120 patients.\n",
    )
    .unwrap();
    std::fs::write(
        d.join("a.zh"),
        "背景:采用健康调查简表对120例患者的生活质量进行评估。\n",
    )
    .unwrap();
    let run = || {
        bitext(d)
            .args(["check", "--format", "json", "--en", "a.en", "--zh", "a.zh"])
            .output()
            .unwrap()
    };
    let before: serde_json::Value = serde_json::from_slice(&run().stdout).unwrap();
    assert_eq!(
        before["summary"]["errors"], 1,
        "SF 36 reads as a number without the config"
    );

    std::fs::write(d.join("ids.txt"), "# instruments\nSF 36\n").unwrap();
    std::fs::write(d.join("terms.tsv"), "questionnaire\t健康调查简表\n").unwrap();
    std::fs::write(
        d.join("bitext.toml"),
        "[dictionaries]\nidentifiers = [\"ids.txt\"]\nglossary = [\"terms.tsv\"]\n",
    )
    .unwrap();
    let out = run();
    let after: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(after["summary"]["errors"], 0, "{after}");
    assert_eq!(out.status.code(), Some(0));

    std::fs::write(
        d.join("terms.tsv"),
        "questionnaire\t健康调查简表\ntwo words\t两个词\n",
    )
    .unwrap();
    let out = run();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("terms.tsv:2") && stderr.contains("two words"),
        "{stderr}"
    );
}
