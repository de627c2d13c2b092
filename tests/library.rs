//! The library gives what the command line gives: the same document reports (as JSON, and read
//! back into the same structs), the same beads, the same config, suppressions and baseline.

use bitext::{Baseline, Config, Document, DocumentReport, Engine, Options, Rule};
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn example_pages() -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = std::fs::read_dir(repo().join("examples/pages"))
        .expect("the example pages")
        .map(|e| e.expect("an entry").path())
        .collect();
    pages.sort();
    pages
}

/// `bitext ARGS` run in the repository; its standard output.
fn cli(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_bitext"))
        .args(args)
        .current_dir(repo())
        .env("NO_COLOR", "1")
        .output()
        .expect("bitext runs");
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

fn relative(path: &Path) -> String {
    path.strip_prefix(repo())
        .expect("under the repository")
        .display()
        .to_string()
}

#[test]
fn a_checked_page_is_the_document_of_check_format_json_and_reads_back() {
    let engine = Engine::new(Options::default()).expect("the engine builds");
    for page in example_pages() {
        let path = relative(&page);
        let json = cli(&["check", "--format", "json", "--fail-on", "never", &path]);
        let report: serde_json::Value = serde_json::from_str(&json).expect("a JSON report");
        let text = std::fs::read_to_string(&page).expect("the page");
        let mine = engine.check_page(&path, &text);
        assert_eq!(
            serde_json::to_value(&mine).expect("serialises"),
            report["documents"][0],
            "{path}"
        );
        // The CLI's document deserialises into the same report.
        let back: DocumentReport =
            serde_json::from_value(report["documents"][0].clone()).expect("deserialises");
        assert_eq!(back.findings, strip(&mine).findings, "{path}");
        assert_eq!(back.pairs, mine.pairs, "{path}");
        // Reading the file as the CLI does gives the same.
        let read = Document::read(&page).expect("readable");
        let mut same = engine.check(&read);
        same.path = path.clone();
        assert_eq!(
            serde_json::to_string(&same).unwrap(),
            serde_json::to_string(&mine).unwrap()
        );
    }
}

/// A report as it reads back from JSON: what JSON does not carry (excerpts, byte ranges) gone.
fn strip(report: &DocumentReport) -> DocumentReport {
    let mut r = report.clone();
    for f in &mut r.findings {
        for loc in [f.en.as_mut(), f.zh.as_mut()].into_iter().flatten() {
            loc.excerpt = None;
            loc.range = None;
        }
    }
    r
}

#[test]
fn aligned_beads_are_those_of_align_format_jsonl() {
    let engine = Engine::new(Options::default()).expect("the engine builds");
    let page = &example_pages()[0];
    let path = relative(page);
    let expected: Vec<serde_json::Value> = cli(&["align", "--format", "jsonl", "--quiet", &path])
        .lines()
        .map(|l| serde_json::from_str(l).expect("a bead"))
        .collect();
    let doc = Document::page(path, std::fs::read_to_string(page).expect("the page"));
    // Through JSON text, as the CLI writes it: a score is an f32, which `to_value` would widen.
    let beads: Vec<serde_json::Value> = engine
        .align(&doc)
        .iter()
        .map(|b| serde_json::from_str(&serde_json::to_string(b).unwrap()).unwrap())
        .collect();
    assert!(expected.len() > 3);
    assert_eq!(beads, expected);
}

#[test]
fn config_suppressions_and_baseline_apply_as_on_the_command_line() {
    let page = repo().join("tests/fixtures/pages/changed_digits_zh.txt");
    let path = relative(&page);
    let text = std::fs::read_to_string(&page).expect("the page");
    let plain = Engine::new(Options::default())
        .unwrap()
        .check_page(&path, &text);
    assert!(plain
        .findings
        .iter()
        .any(|f| f.rule == Rule::NumberMismatch));

    let config = Config::parse(
        "bitext.toml",
        "[rules]\n\"number-mismatch\" = \"warning\"\n[[suppress]]\nrule = \"number-missing\"\n",
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bitext.toml");
    std::fs::write(&file, config.to_toml()).unwrap();
    let configured = Engine::with_config(Options::default(), config, Path::new("."))
        .unwrap()
        .check_page(&path, &text);
    let json = cli(&[
        "check",
        "--format",
        "json",
        "--fail-on",
        "never",
        "--config",
        file.to_str().unwrap(),
        &path,
    ]);
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        serde_json::to_value(&configured).unwrap(),
        report["documents"][0]
    );
    assert!(configured
        .findings
        .iter()
        .all(|f| f.rule != Rule::NumberMissing));

    // A baseline of the plain run: nothing is new, however the path is spelled.
    let old = cli(&["check", "--format", "json", "--fail-on", "never", &path]);
    let baseline = Baseline::parse("old.json", &old).unwrap();
    let engine = Engine::new(Options::default())
        .unwrap()
        .with_baseline(baseline);
    assert!(engine
        .check_page(&format!("./{path}"), &text)
        .findings
        .is_empty());
}

#[test]
fn directories_are_read_with_the_config_path_filter() {
    let config = Config::parse("bitext.toml", "[paths]\nexclude = [\"**/001_*\"]\n").unwrap();
    let engine = Engine::with_config(Options::default(), config, Path::new(".")).unwrap();
    let folder = repo().join("examples/pages");
    let paths: Vec<String> = engine
        .read_paths(std::slice::from_ref(&folder))
        .map(|doc| doc.expect("readable").path)
        .collect();
    assert_eq!(paths.len(), example_pages().len() - 1);
    assert!(paths.iter().all(|p| !p.contains("/001_")), "{paths:?}");
    // A file named explicitly is read whatever the filter says, as on the command line.
    let named = example_pages()[1].clone();
    assert_eq!(engine.read_paths(&[named]).count(), 1);
    // A missing file is an error naming it; the next input still comes.
    let missing = repo().join("no-such-page.txt");
    let got: Vec<_> = engine.read_paths(&[missing, folder]).collect();
    let error = got[0].as_ref().expect_err("missing").to_string();
    assert!(error.contains("no-such-page.txt"), "{error}");
    assert_eq!(got.len(), example_pages().len());
}

#[test]
fn an_engine_returns_once_its_model_has_loaded_or_with_its_error() {
    let dir = tempfile::tempdir().unwrap();
    let config = Config::parse("bitext.toml", "[align]\nmodel = \"no-such-model\"\n").unwrap();
    let error = Engine::with_config(Options::default(), config, dir.path())
        .err()
        .expect("a missing model is an error")
        .to_string();
    assert!(error.contains("no-such-model/sp.model"), "{error}");

    let engine = Engine::new(Options::default()).unwrap();
    assert!(engine.model_ready().is_ok());
}
