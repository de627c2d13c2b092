//! Every output format stays valid for any text a page can hold: control characters, form feeds,
//! lone line separators, markup, quotes. Each output is parsed back with a real parser.

use bitext::finding::{Finding, Location, Severity};
use bitext::lang::Lang;
use bitext::model::AlignedBead;
use bitext::model::Unreadable;
use bitext::model::{
    DocumentReport, LineSpan, PairReport, SectionLabel, SectionReport, Summary, TranslationSpan,
};
use bitext::report::aligned::{BeadWriter, JsonlBeads, MosesBeads, TmxBeads, TsvBeads};
use bitext::report::json::{JsonReporter, JsonlReporter};
use bitext::report::junit::JunitReporter;
use bitext::report::sarif::SarifReporter;
use bitext::report::Reporter;
use proptest::prelude::*;

/// Any text, with the characters that break formats made likely.
fn text() -> impl Strategy<Value = String> {
    let nasty = prop::sample::select(vec![
        '\u{0}',
        '\u{7}',
        '\u{8}',
        '\u{b}',
        '\u{c}',
        '\u{1b}',
        '\u{7f}',
        '\u{85}',
        '\u{2028}',
        '\u{2029}',
        '\u{fffe}',
        '\u{ffff}',
        '\t',
        '\n',
        '\r',
        '<',
        '>',
        '&',
        '"',
        '\'',
        ']',
        '摘',
        '要',
        '\u{1F600}',
    ]);
    prop::collection::vec(prop_oneof![any::<char>(), nasty], 0..40)
        .prop_map(|cs| cs.into_iter().collect())
}

fn location(text: String) -> Location {
    Location {
        line: 3,
        column: 7,
        text,
        value: Some("14".to_owned()),
        excerpt: None,
        range: None,
    }
}

fn document(path: String, label: String, message: String, quoted: String) -> DocumentReport {
    DocumentReport {
        path,
        id: Some(label.clone()),
        pairs: vec![PairReport {
            en: LineSpan {
                start_line: 1,
                end_line: 2,
            },
            zh: TranslationSpan {
                start_line: 3,
                end_line: 4,
                machine_translated: None,
            },
            sections: vec![SectionReport {
                id: "results".to_owned(),
                en: Some(SectionLabel {
                    label: Some(label.clone()),
                    line: 1,
                }),
                zh: None,
            }],
            source: Lang::Zh,
            source_reason: label,
        }],
        findings: vec![Finding {
            rule: bitext::Rule::NumberMissing,
            severity: Severity::Error,
            pair: Some(0),
            section: Some("results".to_owned()),
            en: Some(location(quoted)),
            zh: None,
            message,
        }],
        view: None,
    }
}

fn summary() -> Summary {
    Summary {
        documents: 1,
        pairs: 1,
        errors: 1,
        ..Summary::default()
    }
}

fn report_with(reporter: &mut dyn Reporter, doc: &DocumentReport, unreadable: &Unreadable) {
    reporter.document(doc).expect("document");
    reporter.unreadable(unreadable).expect("unreadable");
    reporter.finish(&summary()).expect("finish");
}

/// Read XML to its end; the text of its elements, concatenated.
fn parse_xml(xml: &[u8]) -> Result<String, String> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut text = String::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(quick_xml::events::Event::Eof) => return Ok(text),
            Ok(quick_xml::events::Event::Text(t)) => {
                let decoded = t.decode().map_err(|e| e.to_string())?;
                let unescaped = quick_xml::escape::unescape(&decoded).map_err(|e| e.to_string())?;
                if let Some(bad) = unescaped.chars().find(|&c| !bitext::text::is_xml_char(c)) {
                    return Err(format!("character U+{:04X} in XML text", bad as u32));
                }
                text.push_str(&unescaped);
            }
            Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)) => {
                for a in e.attributes() {
                    let a = a.map_err(|e| e.to_string())?;
                    let v = a.unescape_value().map_err(|e| e.to_string())?;
                    if let Some(bad) = v.chars().find(|&c| !bitext::text::is_xml_char(c)) {
                        return Err(format!("character U+{:04X} in an attribute", bad as u32));
                    }
                }
            }
            Ok(_) => {}
            Err(e) => return Err(e.to_string()),
        }
        buf.clear();
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn check_reports_parse_back(path in text(), label in text(), message in text(), quoted in text()) {
        let doc = document(path.clone(), label, message.clone(), quoted);
        let unreadable = Unreadable { path: path.clone(), message: message.clone() };

        let mut out = Vec::new();
        report_with(&mut JsonReporter::new(&mut out), &doc, &unreadable);
        let v: serde_json::Value = serde_json::from_slice(&out).expect("JSON parses");
        prop_assert_eq!(v["documents"][0]["path"].as_str(), Some(path.as_str()));
        prop_assert_eq!(v["documents"][0]["findings"][0]["message"].as_str(), Some(message.as_str()));

        let mut out = Vec::new();
        report_with(&mut JsonlReporter::new(&mut out), &doc, &unreadable);
        for line in out.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
            serde_json::from_slice::<serde_json::Value>(line).expect("each JSONL line parses");
        }

        let mut out = Vec::new();
        report_with(&mut SarifReporter::new(&mut out), &doc, &unreadable);
        serde_json::from_slice::<serde_json::Value>(&out).expect("SARIF parses");

        let mut out = Vec::new();
        report_with(
            &mut bitext::report::html::HtmlReporter::to_stream(&mut out, bitext::report::html::Mode::Check).expect("HTML reporter"),
            &doc,
            &unreadable,
        );
        let html = scraper::Html::parse_document(&String::from_utf8(out).expect("UTF-8"));
        let select = |s: &str| scraper::Selector::parse(s).expect("selector");
        prop_assert_eq!(html.select(&select("script")).count(), 1);
        prop_assert_eq!(html.select(&select("main img, main script, main style")).count(), 0);
        // As the HTML parser reads text: line breaks normalized, NUL dropped.
        let parsed = |s: &str| s.replace("\r\n", "\n").replace('\r', "\n").replace('\0', "");
        let link: String = html.select(&select("#docs .rows a")).next().map(|a| a.text().collect()).unwrap_or_default();
        prop_assert_eq!(link, parsed(&path));
        let listed: String = html.select(&select("article .f p")).next().map(|p| p.text().collect()).unwrap_or_default();
        prop_assert_eq!(listed, parsed(&message));

        let mut out = Vec::new();
        report_with(&mut JunitReporter::new(&mut out, Some(Severity::Error)), &doc, &unreadable);
        let parsed = parse_xml(&out);
        prop_assert!(parsed.is_ok(), "JUnit: {:?}\n{}", parsed, String::from_utf8_lossy(&out));
    }

    #[test]
    fn aligned_outputs_parse_back(doc in text(), en in text(), zh in text()) {
        let bead = AlignedBead {
            doc: doc.clone(),
            pair: 0,
            section: "results".to_owned(),
            en: format!("a{en}"),
            zh: format!("b{zh}"),
            en_lines: vec![1],
            zh_lines: vec![2],
            score: 0.9,
            findings: vec![],
        };
        let beads = [bead.clone(), bead.clone()];

        let mut out = Vec::new();
        let mut w = JsonlBeads(&mut out);
        for b in &beads { w.bead(b).expect("bead"); }
        w.finish().expect("finish");
        for line in out.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
            let back: serde_json::Value = serde_json::from_slice(line).expect("JSONL bead parses");
            prop_assert_eq!(back["en"].as_str(), Some(bead.en.as_str()));
        }

        let mut out = Vec::new();
        let mut w = TsvBeads(&mut out);
        for b in &beads { w.bead(b).expect("bead"); }
        w.finish().expect("finish");
        let text = String::from_utf8(out).expect("UTF-8");
        let rows: Vec<&str> = text.lines().collect();
        prop_assert_eq!(rows.len(), 2, "{:?}", text);
        for row in rows {
            prop_assert_eq!(row.split('\t').count(), 5, "{:?}", row);
        }

        let (mut en_out, mut zh_out) = (Vec::new(), Vec::new());
        let mut w = MosesBeads { en: &mut en_out, zh: &mut zh_out };
        for b in &beads { w.bead(b).expect("bead"); }
        w.finish().expect("finish");
        for side in [en_out, zh_out] {
            let s = String::from_utf8(side).expect("UTF-8");
            // Line-parallel for any reader: no line separator of any kind inside a line.
            let lines: Vec<&str> = s.split(['\n', '\r', '\u{b}', '\u{c}', '\u{85}', '\u{2028}', '\u{2029}']).collect();
            prop_assert_eq!(lines.len(), 3, "{:?}", s);
        }

        let mut out = Vec::new();
        let mut w = TmxBeads::new(&mut out);
        for b in &beads { w.bead(b).expect("bead"); }
        w.finish().expect("finish");
        let parsed = parse_xml(&out);
        prop_assert!(parsed.is_ok(), "TMX: {:?}\n{}", parsed, String::from_utf8_lossy(&out));
    }
}
