//! `bitext align`: every output format on the example pages and on pairs written here.

mod common;

use assert_cmd::Command;
use common::{example as seed, root};
use std::path::Path;

fn bitext(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("bitext").unwrap();
    c.current_dir(dir);
    c
}

fn beads(out: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON bead a line"))
        .collect()
}

#[test]
fn seed_pages_align_one_to_one_with_their_lines() {
    for (prefix, sections) in [("000", 4), ("002", 4), ("003", 6)] {
        let out = bitext(&root())
            .args(["align", "-q"])
            .arg(seed(prefix))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        let beads = beads(&out.stdout);
        assert!(beads.len() >= sections, "{prefix}");
        for b in &beads {
            assert_eq!(b["en_lines"].as_array().unwrap().len(), 1, "{prefix}: {b}");
            assert_eq!(b["zh_lines"].as_array().unwrap().len(), 1, "{prefix}: {b}");
            assert!(b["score"].as_f64().unwrap() > 0.5, "{prefix}: {b}");
            for side in ["en", "zh"] {
                let text = b[side].as_str().unwrap();
                assert!(
                    !text.is_empty() && !text.contains("RESULTS:") && !text.starts_with("结果"),
                    "labels are not bead text: {text}"
                );
            }
        }
    }
    // Seed 000: the RESULTS sentences start on line 10, their Chinese on line 15.
    let out = bitext(&root())
        .args(["align", "-q"])
        .arg(seed("000"))
        .output()
        .unwrap();
    let results: Vec<_> = beads(&out.stdout)
        .into_iter()
        .filter(|b| b["section"] == "results")
        .collect();
    assert_eq!(results.len(), 5);
    assert!(results
        .iter()
        .all(|b| b["en_lines"][0] == 10 && b["zh_lines"][0] == 15));
    let first = results[0]["en"].as_str().unwrap();
    assert!(first.starts_with("Interviews (n"), "{first}");
}

#[test]
fn sentences_per_line_gives_indices_and_one_sided_beads() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.en"),
        "We enrolled 120 patients.\n\nAll were followed for five years.\nFunding came from the National Institute for Health Research (grant 17/49/02), which had no role in the design of the study or in the writing of this report.\nMortality fell by 12%.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("a.zh"),
        "我们招募了120名患者。\n所有患者均随访五年。\n死亡率下降了12%。\n",
    )
    .unwrap();
    let out = bitext(dir.path())
        .args([
            "align",
            "--en",
            "a.en",
            "--zh",
            "a.zh",
            "--sentences-per-line",
            "-q",
        ])
        .output()
        .unwrap();
    let beads = beads(&out.stdout);
    let lines: Vec<(Vec<u64>, Vec<u64>)> = beads
        .iter()
        .map(|b| {
            let l = |k: &str| {
                b[k].as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_u64().unwrap())
                    .collect()
            };
            (l("en_lines"), l("zh_lines"))
        })
        .collect();
    // Line 2 is blank: skipped but counted.
    assert_eq!(
        lines,
        vec![
            (vec![1], vec![1]),
            (vec![3], vec![2]),
            (vec![4], vec![]),
            (vec![5], vec![3])
        ]
    );
    let omitted = &beads[2];
    assert_eq!(omitted["zh"], "");
    assert_eq!(omitted["score"], 0.0);
}

#[test]
fn tsv_moses_and_min_score() {
    let dir = tempfile::tempdir().unwrap();
    let tsv = bitext(dir.path())
        .args(["align", "--format", "tsv", "-q"])
        .arg(seed("003"))
        .output()
        .unwrap();
    let rows: Vec<Vec<String>> = String::from_utf8(tsv.stdout)
        .unwrap()
        .lines()
        .map(|l| l.split('\t').map(str::to_owned).collect())
        .collect();
    assert!(rows.len() >= 6);
    assert!(rows
        .iter()
        .all(|r| r.len() == 5 && r[2].parse::<f32>().is_ok() && r[3].ends_with(".txt")));
    assert_eq!(rows[0][4], "objective");

    let out = bitext(dir.path())
        .args(["align", "--format", "moses", "--out", "corpus", "-q"])
        .arg(seed("000"))
        .arg(seed("003"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let en = std::fs::read_to_string(dir.path().join("corpus.en")).unwrap();
    let zh = std::fs::read_to_string(dir.path().join("corpus.zh")).unwrap();
    assert_eq!(en.lines().count(), zh.lines().count());
    assert_eq!(en.lines().count(), rows.len() + 17);

    let all = bitext(dir.path())
        .args(["align", "--format", "tsv", "--min-score", "0.99", "-q"])
        .arg(seed("003"))
        .output()
        .unwrap();
    let kept = String::from_utf8(all.stdout).unwrap().lines().count();
    assert!(kept < rows.len() && kept > 0, "{kept} of {}", rows.len());
}

#[test]
fn tmx_round_trips_through_an_xml_parser() {
    let dir = tempfile::tempdir().unwrap();
    let out = bitext(dir.path())
        .args(["align", "--format", "tmx", "--out", "out.tmx"])
        .arg(seed("000"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("kept 17"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let xml = std::fs::read_to_string(dir.path().join("out.tmx")).unwrap();
    let mut reader = quick_xml::Reader::from_str(&xml);
    let (mut tus, mut langs, mut segs) = (0, Vec::new(), Vec::<String>::new());
    let mut in_seg = false;
    loop {
        match reader.read_event().expect("well-formed TMX") {
            quick_xml::events::Event::Start(e) => match e.name().as_ref() {
                b"tu" => tus += 1,
                b"tuv" => {
                    let lang = e.try_get_attribute("xml:lang").unwrap().unwrap();
                    langs.push(String::from_utf8(lang.value.to_vec()).unwrap());
                }
                b"seg" => {
                    in_seg = true;
                    segs.push(String::new());
                }
                _ => {}
            },
            quick_xml::events::Event::Text(t) if in_seg => {
                segs.last_mut().unwrap().push_str(&t.decode().unwrap())
            }
            quick_xml::events::Event::End(e) if e.name().as_ref() == b"seg" => in_seg = false,
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(tus, 17);
    assert_eq!(langs.iter().filter(|l| *l == "en").count(), 17);
    assert_eq!(langs.iter().filter(|l| *l == "zh-CN").count(), 17);
    assert!(segs[1].starts_with("解决卫生和医疗保健领域的社会经济不平等"));
}

#[test]
fn dedupe_drops_pairs_already_written() {
    let dir = tempfile::tempdir().unwrap();
    let once = bitext(dir.path())
        .args(["align", "--format", "tsv", "-q"])
        .arg(seed("000"))
        .output()
        .unwrap();
    let twice = bitext(dir.path())
        .args(["align", "--format", "tsv", "--dedupe"])
        .arg(seed("000"))
        .arg(seed("000"))
        .output()
        .unwrap();
    assert_eq!(once.stdout, twice.stdout);
    assert!(String::from_utf8_lossy(&twice.stderr).contains("duplicates 17"));
}

#[test]
fn jsonl_records_with_sentence_arrays() {
    let dir = tempfile::tempdir().unwrap();
    let rec = serde_json::json!({"id": "r1", "en": ["One sentence here.", "Another one with 5 numbers."], "zh": ["这里有一句话。", "另一个有5个数字。"]});
    std::fs::write(dir.path().join("in.jsonl"), format!("{rec}\n")).unwrap();
    let out = bitext(dir.path())
        .args(["align", "--jsonl", "in.jsonl", "-q"])
        .output()
        .unwrap();
    let beads = beads(&out.stdout);
    assert_eq!(beads.len(), 2);
    assert_eq!(beads[1]["doc"], "in.jsonl#r1");
    assert_eq!(beads[1]["en_lines"], serde_json::json!([2]));
    assert_eq!(beads[1]["zh_lines"], serde_json::json!([2]));
}
