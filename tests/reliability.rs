//! Hostile input and hostile command lines: bounded reading, inputs never touched, one bad
//! document never stops a batch, one reading of a page whatever the route. Regression tests for
//! the cases of the reliability issue, named after them.

mod common;

use common::*;
use std::path::Path;

fn run(args: &[&str], stdin: Option<&[u8]>) -> (i32, String, String) {
    let mut cmd = bitext();
    cmd.args(args);
    if let Some(bytes) = stdin {
        cmd.write_stdin(bytes.to_vec());
    }
    let out = cmd.output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[cfg(unix)]
#[test]
fn dev_zero_as_a_path_as_jsonl_and_on_stdin_ends_with_a_message() {
    let (code, _, err) = run(&["check", "/dev/zero"], None);
    assert_eq!(code, 2);
    assert!(
        err.contains("/dev/zero") && err.contains("larger than 64 MiB"),
        "{err}"
    );
    let (code, _, err) = run(&["check", "--jsonl", "/dev/zero"], None);
    assert_eq!(code, 2);
    assert!(err.contains("never ends"), "{err}");
    for args in [&["check", "-"][..], &["check", "--jsonl", "-"][..]] {
        let zeros = std::fs::File::open("/dev/zero").expect("/dev/zero");
        let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("bitext"))
            .args(args)
            .stdin(zeros)
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn the_limit_on_one_input_can_be_set() {
    let page = example("000");
    let (code, _, err) = run(
        &["check", "--max-filesize", "1k", page.to_str().unwrap()],
        None,
    );
    assert_eq!(code, 2);
    assert!(err.contains("larger than 1 KiB"), "{err}");
    let (code, _, err) = run(&["check", "--max-filesize", "lots", "x"], None);
    assert_eq!(code, 2);
    assert!(err.contains("give a size"), "{err}");
}

#[test]
fn a_baseline_or_dictionary_is_read_with_the_same_bound() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("baseline.json");
    std::fs::write(&big, vec![b' '; 4096]).unwrap();
    let page = example("000");
    let (code, _, err) = run(
        &[
            "check",
            "--max-filesize",
            "1k",
            "--baseline",
            big.to_str().unwrap(),
            page.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(code, 2);
    assert!(err.contains("baseline"), "{err}");
}

/// Copy an example page into a temp dir; the file's bytes, to compare after the run.
fn scratch_page(dir: &Path, name: &str) -> (std::path::PathBuf, Vec<u8>) {
    let path = dir.join(name);
    std::fs::copy(example("000"), &path).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    (path, bytes)
}

#[test]
fn an_output_that_is_an_input_is_refused_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    let (page, before) = scratch_page(dir.path(), "in.txt");
    let p = page.to_str().unwrap();
    for args in [
        vec!["align", p, "--out", p],
        vec!["check", p, "--report", &format!("json={p}")],
    ] {
        let (code, _, err) = run(&args, None);
        assert_eq!(code, 2, "{args:?}");
        assert!(err.contains("refusing to overwrite an input"), "{err}");
        assert_eq!(
            std::fs::read(&page).unwrap(),
            before,
            "{args:?} changed the input"
        );
    }
    // Moses writes PREFIX.en and PREFIX.zh: `--out p` with an input `p.en`.
    let (moses_in, before) = scratch_page(dir.path(), "p.en");
    let prefix = dir.path().join("p");
    let (code, _, err) = run(
        &[
            "align",
            "--format",
            "moses",
            moses_in.to_str().unwrap(),
            "--out",
            prefix.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(code, 2);
    assert!(err.contains("refusing to overwrite an input"), "{err}");
    assert_eq!(std::fs::read(&moses_in).unwrap(), before);
    // A symbolic link to an input is the input.
    #[cfg(unix)]
    {
        let link = dir.path().join("link.jsonl");
        std::os::unix::fs::symlink(&page, &link).unwrap();
        let (code, _, _) = run(&["align", p, "--out", link.to_str().unwrap()], None);
        assert_eq!(code, 2);
        assert_eq!(
            std::fs::read(&page).unwrap(),
            std::fs::read(example("000")).unwrap()
        );
    }
}

#[test]
fn an_output_that_is_a_directory_is_refused_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    let page = example("000");
    let (code, _, err) = run(
        &[
            "align",
            page.to_str().unwrap(),
            "--out",
            dir.path().to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(code, 2);
    assert!(err.contains("is a directory"), "{err}");
}

#[cfg(unix)]
#[test]
fn an_interrupted_run_leaves_no_temp_file() {
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.jsonl");
    // Standard input held open: the run waits with its output's temp file created.
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("bitext"))
        .args(["align", "--jsonl", "-", "--out"])
        .arg(&out)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("starts");
    let temp_exists = || {
        std::fs::read_dir(dir.path())
            .unwrap()
            .any(|e| e.unwrap().file_name().to_string_lossy().ends_with(".tmp"))
    };
    for _ in 0..100 {
        if temp_exists() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(temp_exists(), "the run created its temp file");
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    let code = child.wait().expect("ends");
    assert_eq!(code.code(), Some(130));
    assert!(!temp_exists(), "the temp file is gone");
    assert!(!out.exists());
}

#[test]
fn a_panic_in_one_document_does_not_stop_the_batch() {
    if !cfg!(debug_assertions) {
        return; // the test hook exists in debug builds only
    }
    let out = bitext()
        .env("BITEXT_TEST_PANIC", "001_")
        .args(["check", "--format", "json"])
        .arg(root().join("examples/pages"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let report: Report = serde_json::from_slice(&out.stdout).expect("a whole JSON report");
    assert_eq!(report.documents.len(), 4);
    assert_eq!(report.summary.unreadable, 1);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("internal error") && err.contains("please report"),
        "{err}"
    );
}

#[test]
fn jobs_is_capped_and_zero_means_all_cores() {
    let page = example("000");
    let (code, _, err) = run(&["check", "-j", "20000", page.to_str().unwrap()], None);
    assert_eq!(code, 0);
    assert!(
        err.contains("-j 20000 is more than this machine can use"),
        "{err}"
    );
    let (code, _, _) = run(&["check", "-j", "0", page.to_str().unwrap()], None);
    assert_eq!(code, 0);
}

#[test]
fn a_lone_surrogate_in_jsonl_is_named() {
    let (code, _, err) = run(
        &["check", "--jsonl", "-"],
        Some(b"{\"id\": \"a\", \"en\": \"x\\ud800 y\", \"zh\": \"z\"}\n"),
    );
    assert_eq!(code, 2);
    assert!(err.contains("half of a UTF-16 surrogate pair"), "{err}");
}

/// The report of a route, with the paths taken out.
fn pairs_and_findings(args: &[&str], stdin: Option<&[u8]>) -> String {
    let mut full = vec!["check", "--format", "json", "--fail-on", "never"];
    full.extend_from_slice(args);
    let (_, out, _) = run(&full, stdin);
    let report: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let doc = &report["documents"][0];
    let findings: Vec<serde_json::Value> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let mut f = f.clone();
            f.as_object_mut().unwrap().remove("message");
            f
        })
        .collect();
    format!("{} {:?}", doc["pairs"], findings)
}

#[test]
fn one_reading_of_a_page_whatever_the_route() {
    for name in ["000", "002", "003"] {
        let path = example(name);
        let text = std::fs::read_to_string(&path).unwrap();
        // Old Mac line ends too: every route reads them as line breaks.
        for text in [text.clone(), text.replace('\n', "\r")] {
            let dir = tempfile::tempdir().unwrap();
            let file = dir.path().join("page.txt");
            std::fs::write(&file, &text).unwrap();
            let record = serde_json::json!({"id": "p", "page": text}).to_string() + "\n";
            let by_file = pairs_and_findings(&[file.to_str().unwrap()], None);
            let by_stdin = pairs_and_findings(&["-"], Some(text.as_bytes()));
            let by_jsonl = pairs_and_findings(&["--jsonl", "-"], Some(record.as_bytes()));
            assert_eq!(by_file, by_stdin, "{name}: stdin");
            assert_eq!(by_file, by_jsonl, "{name}: JSONL page record");
            assert!(by_file.contains("start_line"), "{name}: {by_file}");
        }
    }
}

#[test]
fn control_characters_from_the_page_keep_junit_and_tmx_valid() {
    let text = std::fs::read_to_string(example("000"))
        .unwrap()
        .replace("METHODS:", "\u{c}METHODS:\u{1b}[0m");
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.txt");
    std::fs::write(&page, text).unwrap();
    let p = page.to_str().unwrap();
    for args in [
        vec!["check", "--format", "junit", "--fail-on", "never", p],
        vec!["align", "--format", "tmx", p],
    ] {
        let (_, out, _) = run(&args, None);
        let mut reader = quick_xml::Reader::from_str(&out);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("{args:?}: not XML: {e}"),
            }
        }
        assert!(
            !out.contains('\u{c}') && !out.contains('\u{1b}'),
            "{args:?}"
        );
    }
}
