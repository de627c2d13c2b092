//! The HTML report, parsed back (html5ever, through `scraper`): its structure on the example
//! pages and a batch, numbers linked across the two sides, findings beside their sentences, the
//! folder a large batch becomes, and a page of markup that must render as text.

mod common;

use common::*;
use scraper::{ElementRef, Html, Selector};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap_or_else(|e| panic!("selector {s}: {e:?}"))
}

fn check_html(args: &[&std::ffi::OsStr]) -> Html {
    let out = bitext()
        .args(["check", "--format", "html", "--fail-on", "never"])
        .args(args)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    Html::parse_document(&text)
}

fn text_of(e: ElementRef) -> String {
    e.text().collect()
}

/// Nothing that could load or run: one script (ours), one style sheet, no handlers, no links
/// out of the file.
fn assert_inert(html: &Html) {
    assert_eq!(html.select(&sel("script")).count(), 1, "one script");
    let script = html.select(&sel("script")).next().expect("script");
    assert_eq!(
        text_of(script),
        bitext::report::html::JS,
        "the script is ours"
    );
    assert_eq!(html.select(&sel("style")).count(), 1, "one style sheet");
    for bad in [
        "img", "svg", "iframe", "noscript", "object", "embed", "link",
    ] {
        assert_eq!(
            html.select(&sel(&format!("main {bad}"))).count(),
            0,
            "a <{bad}> element"
        );
    }
    for e in html.select(&sel("*")) {
        for (name, value) in e.value().attrs() {
            assert!(!name.starts_with("on"), "handler {name}={value}");
            if name == "href" || name == "src" {
                assert!(
                    value.starts_with('#') || value.starts_with("docs/"),
                    "link {name}={value}"
                );
            }
        }
    }
    let csp = html
        .select(&sel(r#"meta[http-equiv="Content-Security-Policy"]"#))
        .next()
        .and_then(|m| m.value().attr("content"))
        .expect("a Content-Security-Policy");
    assert!(csp.contains("default-src 'none'") && csp.contains(bitext::report::html::JS_SHA256));
}

#[test]
fn example_pages_side_by_side_with_numbers_linked() {
    let dir = root().join("examples/pages");
    let html = check_html(&[dir.as_os_str()]);
    assert_inert(&html);
    // The summary first: a row a document, each linking to its document.
    let rows: Vec<ElementRef> = html.select(&sel("#summary #docs .rows .r")).collect();
    let articles: Vec<ElementRef> = html.select(&sel("article.doc")).collect();
    assert_eq!(rows.len(), 5);
    assert_eq!(articles.len(), 5);
    let summary_pos = html
        .root_element()
        .html()
        .find("id=\"summary\"")
        .expect("summary");
    let first_doc = html
        .root_element()
        .html()
        .find("class=\"doc\"")
        .expect("document");
    assert!(summary_pos < first_doc, "the summary comes first");
    for (row, article) in rows.iter().zip(&articles) {
        let href = row
            .select(&sel("a"))
            .next()
            .and_then(|a| a.value().attr("href"));
        let id = article.value().attr("id").expect("id");
        assert_eq!(href, Some(format!("#{id}").as_str()));
    }
    // 000: four sections, labels of both sides in the heading, sentence beads in rows.
    let doc = articles[0];
    assert!(text_of(doc.select(&sel("h2")).next().expect("h2")).contains("000_"));
    let headings: Vec<String> = doc.select(&sel(".sec h4")).map(text_of).collect();
    assert_eq!(headings.len(), 4, "{headings:?}");
    assert!(
        headings[0].contains("BACKGROUND") && headings[0].contains("背景"),
        "{headings:?}"
    );
    assert!(doc
        .select(&sel(".meta"))
        .next()
        .is_some_and(|m| text_of(m).contains("10.1186/")));
    assert!(text_of(doc.select(&sel(".dir")).next().expect("direction")).contains("English"));
    let beads: Vec<ElementRef> = doc.select(&sel(".bead")).collect();
    assert!(beads.len() >= 10, "{} beads", beads.len());
    for bead in &beads {
        assert_eq!(bead.select(&sel(".side.en")).count(), 1);
        assert_eq!(bead.select(&sel(".side.zh")).count(), 1);
    }
    // Every number highlighted; a matched one shares its link with one on the other side.
    let mut sides: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    for side in ["en", "zh"] {
        for n in doc.select(&sel(&format!(".side.{side} .n.m"))) {
            let link = n
                .value()
                .attr("data-l")
                .expect("a matched number has a link");
            sides.entry(link.to_owned()).or_default().insert(side);
        }
    }
    assert!(sides.len() >= 5, "{} links", sides.len());
    for (link, on) in &sides {
        assert_eq!(on.len(), 2, "link {link} on one side only");
    }
    let fourteen: Vec<String> = doc
        .select(&sel(".side.en .n.m"))
        .map(text_of)
        .filter(|t| t == "14")
        .collect();
    assert!(!fourteen.is_empty(), "n = 14 is highlighted");
    // 002 is machine-translated: the notice is shown.
    let mt = articles[2]
        .select(&sel(".mt"))
        .next()
        .map(text_of)
        .unwrap_or_default();
    assert!(mt.contains("Machine translation"), "{mt}");
    // Pages without a pair say so, beside the document.
    let lone = articles[1]
        .select(&sel(".loose .f code"))
        .map(text_of)
        .collect::<Vec<_>>();
    assert_eq!(lone, ["no-translation"]);
}

#[test]
fn changed_number_is_marked_and_listed_beside_its_sentence() {
    let page = fixture("changed_digits_zh.txt");
    let html = check_html(&[page.as_os_str()]);
    let finding = html
        .select(&sel(".bead .f.s-error"))
        .find(|f| {
            f.select(&sel("code"))
                .any(|c| text_of(c) == "number-mismatch")
        })
        .expect("the mismatch is listed in a bead");
    let at = text_of(finding.select(&sel(".at")).next().expect("location"));
    assert!(
        at.contains("changed_digits_zh.txt:10:171") && at.contains("zh 15:64"),
        "{at}"
    );
    assert!(text_of(finding).contains("75 in the English results is 57 in the Chinese"));
    let fid = finding.value().attr("id").expect("id");
    // In the same bead: 75 on the English side and 57 on the Chinese, marked as errors.
    let bead = finding
        .ancestors()
        .filter_map(ElementRef::wrap)
        .find(|e| e.value().classes().any(|c| c == "bead"))
        .expect("bead");
    assert!(bead.value().classes().any(|c| c == "b-error"));
    let marked = |side: &str| -> Vec<String> {
        bead.select(&sel(&format!(".side.{side} .n.s-error")))
            .filter(|n| {
                n.value()
                    .attr("data-f")
                    .is_some_and(|f| f.split(' ').any(|x| x == fid))
            })
            .map(text_of)
            .collect()
    };
    assert_eq!(marked("en"), ["75"]);
    assert_eq!(marked("zh"), ["57"]);
    // Findings can be reached by keyboard.
    assert_eq!(finding.value().attr("tabindex"), Some("-1"));
}

#[test]
fn omitted_sentence_is_marked_beside_its_finding() {
    let page = fixture("dropped_sentence_zh.txt");
    let html = check_html(&[page.as_os_str()]);
    let finding = html
        .select(&sel(".bead .f.s-warning"))
        .find(|f| text_of(*f).contains("sentence-omitted"))
        .expect("the omission is listed in a bead");
    let bead = finding
        .ancestors()
        .filter_map(ElementRef::wrap)
        .find(|e| e.value().classes().any(|c| c == "bead"))
        .expect("bead");
    let marked: Vec<String> = bead
        .select(&sel(".side.en .k.s-warning"))
        .map(text_of)
        .collect();
    assert_eq!(
        marked,
        ["Interviewees were identified using snowball sampling."]
    );
}

#[test]
fn page_markup_renders_as_text_and_runs_nothing() {
    let page = root().join("tests/fixtures/xss/page.txt");
    let html = check_html(&[page.as_os_str()]);
    assert_inert(&html);
    let main = text_of(html.select(&sel("main")).next().expect("main"));
    for shown in [
        "<script>alert('en')</script>",
        "<img src=x onerror=\"alert(2)\">",
        "<a href=\"javascript:alert(3)\">",
        "</style><style>body{display:none}</style>",
        "<svg onload=alert(10)>",
        "<script>alert('zh')</script>",
        "--> <!-- 注释和]]>",
        "\"quoted\" & 'apostrophes'",
    ] {
        assert!(main.contains(shown), "{shown} is not shown as text");
    }
    // The page's own tags are no elements.
    assert!(html.select(&sel("main b")).all(|b| text_of(b) != "bold"));
    assert!(html
        .select(&sel("main a"))
        .all(|a| text_of(a) != "this one"));
    // The page's id (a DOI with markup in it) and its numbers are there too, as text.
    assert!(main.contains("id 10.1000/xss&amp"), "the id");
    assert!(html.select(&sel(".bead .n")).count() > 10);
}

#[test]
fn record_ids_and_paths_are_text_too() {
    let records = r#"{"id": "<script>alert(1)</script>", "en": ["There were 5 <b>cases</b>."], "zh": ["共有6例</title><img src=x onerror=alert(1)>。"]}"#;
    let out = bitext()
        .args([
            "check",
            "--format",
            "html",
            "--fail-on",
            "never",
            "--jsonl",
            "-",
        ])
        .write_stdin(records)
        .output()
        .expect("runs");
    let html = Html::parse_document(&String::from_utf8(out.stdout).expect("UTF-8"));
    assert_inert(&html);
    let title = text_of(html.select(&sel("title")).next().expect("title"));
    assert!(title.contains("<script>alert(1)</script>"), "{title}");
    let main = text_of(html.select(&sel("main")).next().expect("main"));
    assert!(main.contains("</title><img src=x onerror=alert(1)>"));
}

#[test]
fn batch_summary_counts_rules_and_severities() {
    let dir = root().join("tests/fixtures/pages");
    let html = check_html(&[dir.as_os_str()]);
    let json = bitext()
        .args(["check", "--format", "json", "--fail-on", "never"])
        .arg(&dir)
        .output()
        .expect("runs");
    let report: Report = serde_json::from_slice(&json.stdout).expect("JSON");
    let rows: Vec<ElementRef> = html.select(&sel("#docs .rows .r")).collect();
    assert_eq!(rows.len(), report.documents.len());
    // Rule columns: the rules of the batch, each counted per document.
    let heads: Vec<String> = html.select(&sel("#docs .h > span")).map(text_of).collect();
    let options: Vec<String> = html
        .select(&sel("#f-rule option"))
        .filter_map(|o| o.value().attr("value").map(str::to_owned))
        .filter(|v| !v.is_empty())
        .collect();
    let rules: BTreeSet<&str> = report
        .documents
        .iter()
        .flat_map(|d| d.findings.iter().map(|f| f.rule.as_str()))
        .collect();
    assert_eq!(
        options.iter().map(String::as_str).collect::<BTreeSet<_>>(),
        rules
    );
    for (row, doc) in rows.iter().zip(&report.documents) {
        let cells: Vec<String> = row.select(&sel("span")).map(text_of).collect();
        assert_eq!(cells[1], doc.path);
        let count = |s: &str| doc.findings.iter().filter(|f| f.severity == s).count();
        let at = |name: &str| heads.iter().position(|h| h == name).expect(name);
        assert_eq!(
            cells[at("errors")],
            count("error").to_string(),
            "{}",
            doc.path
        );
        assert_eq!(cells[at("warnings")], count("warning").to_string());
        for rule in &rules {
            let n = doc.findings.iter().filter(|f| f.rule == *rule).count();
            assert_eq!(cells[at(rule)], n.to_string(), "{rule} in {}", doc.path);
        }
        // What the filters read: the worst severity and the rules.
        let worst = if count("error") > 0 {
            "3"
        } else if count("warning") > 0 {
            "2"
        } else if count("info") > 0 {
            "1"
        } else {
            "0"
        };
        assert_eq!(row.value().attr("data-w"), Some(worst), "{}", doc.path);
        let listed: BTreeSet<&str> = row
            .value()
            .attr("data-r")
            .unwrap_or("")
            .split_whitespace()
            .collect();
        let has: BTreeSet<&str> = doc.findings.iter().map(|f| f.rule.as_str()).collect();
        assert_eq!(listed, has);
    }
    // Every finding of the batch is listed once.
    let total: usize = report.documents.iter().map(|d| d.findings.len()).sum();
    assert_eq!(html.select(&sel("article .f")).count(), total);
}

/// JSONL records, `n` of them, each a small sentence pair with one changed number.
fn records(n: usize) -> String {
    (0..n)
        .map(|i| {
            format!(
                "{{\"id\": \"r{i}\", \"en\": [\"We enrolled {} patients in 3 centres.\"], \"zh\": [\"我们在3个中心纳入了{}名患者。\"]}}\n",
                100 + i,
                100 + i + usize::from(i % 7 == 0)
            )
        })
        .collect()
}

fn list(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_large_batch_becomes_a_folder_written_whole() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let target = tmp.path().join("report.html");
    let n = bitext::report::html::SINGLE_FILE_DOCUMENTS + 1;
    let out = bitext()
        .args([
            "check",
            "--format",
            "json",
            "--fail-on",
            "never",
            "--jsonl",
            "-",
        ])
        .arg("--report")
        .arg(format!("html={}", target.display()))
        .write_stdin(records(n))
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("is a folder"), "{stderr}");
    let folder = tmp.path().join("report");
    // Only the folder and the page that leads to it: no temporary files left.
    assert_eq!(
        list(tmp.path()),
        BTreeSet::from(["report".to_owned(), "report.html".to_owned()])
    );
    let lead = std::fs::read_to_string(&target).expect("report.html");
    assert!(lead.contains("url=report/index.html"), "{lead}");
    for asset in ["index.html", "bitext.css", "bitext.js", "docs"] {
        assert!(folder.join(asset).exists(), "{asset}");
    }
    assert_eq!(list(&folder.join("docs")).len(), n);
    let index =
        Html::parse_document(&std::fs::read_to_string(folder.join("index.html")).expect("index"));
    let rows: Vec<ElementRef> = index.select(&sel("#docs .rows .r")).collect();
    assert_eq!(rows.len(), n);
    assert_eq!(index.select(&sel("script[src='bitext.js']")).count(), 1);
    for row in &rows {
        let href = row
            .select(&sel("a"))
            .next()
            .and_then(|a| a.value().attr("href"))
            .expect("link");
        assert!(folder.join(href).is_file(), "{href}");
    }
    let errors = rows
        .iter()
        .filter(|r| r.value().attr("data-w") == Some("3"))
        .count();
    assert_eq!(errors, n.div_ceil(7));
    // A document page: its findings, and links to its neighbours and the summary.
    let page = Html::parse_document(
        &std::fs::read_to_string(folder.join("docs/000001.html")).expect("page"),
    );
    assert_eq!(page.select(&sel("article.doc")).count(), 1);
    assert_eq!(page.select(&sel(".f.s-error")).count(), 1);
    let links: Vec<&str> = page
        .select(&sel(".nav a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(links, ["../index.html", "000002.html"]);
    assert_eq!(page.select(&sel("script[src='../bitext.js']")).count(), 1);

    // Run again: the folder is replaced whole.
    let again = bitext()
        .args([
            "check",
            "--format",
            "json",
            "--fail-on",
            "never",
            "--jsonl",
            "-",
        ])
        .arg("--report")
        .arg(format!("html={}", target.display()))
        .write_stdin(records(n + 1))
        .output()
        .expect("runs");
    assert!(again.status.success());
    assert_eq!(list(&folder.join("docs")).len(), n + 1);
    assert_eq!(list(tmp.path()).len(), 2);
}

#[test]
fn a_folder_when_asked_and_never_over_a_folder_of_the_users() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let target = format!("{}/", tmp.path().join("out").display());
    let page = fixture("changed_digits_zh.txt");
    let out = bitext()
        .args(["check", "--quiet", "--fail-on", "never", "--report"])
        .arg(format!("html={target}"))
        .arg(&page)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let folder = tmp.path().join("out");
    assert!(folder.join("index.html").is_file() && folder.join("docs/000001.html").is_file());

    let mine = tmp.path().join("mine");
    std::fs::create_dir(&mine).expect("mkdir");
    std::fs::write(mine.join("notes.txt"), "keep me").expect("write");
    let out = bitext()
        .args(["check", "--quiet", "--fail-on", "never", "--report"])
        .arg(format!("html={}", mine.display()))
        .arg(&page)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("mine") && stderr.contains("other files"),
        "{stderr}"
    );
    assert_eq!(list(&mine), BTreeSet::from(["notes.txt".to_owned()]));
}

#[test]
fn align_view_shows_each_beads_score_and_marks_low_ones() {
    let page = example("000");
    let jsonl = bitext().arg("align").arg(&page).output().expect("runs");
    let scores: Vec<f64> = String::from_utf8_lossy(&jsonl.stdout)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).expect("bead")["score"]
                .as_f64()
                .expect("score")
        })
        .collect();
    let out = bitext()
        .args(["align", "--format", "html", "--min-score", "0.9"])
        .arg(&page)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = Html::parse_document(&String::from_utf8(out.stdout).expect("UTF-8"));
    assert_inert(&html);
    let beads: Vec<ElementRef> = html.select(&sel(".bead")).collect();
    assert_eq!(beads.len(), scores.len());
    for (bead, score) in beads.iter().zip(&scores) {
        let shown = text_of(bead.select(&sel(".sc")).next().expect("score"));
        assert!(shown.contains(&format!("{score:.2}")), "{shown} vs {score}");
        let low = bead.value().classes().any(|c| c == "low");
        assert_eq!(low, (*score as f32) < 0.9, "{shown}");
    }
    let headings: Vec<String> = html.select(&sel(".sec h4 code")).map(text_of).collect();
    assert_eq!(
        headings,
        ["background", "methods", "results", "conclusions"]
    );
}
