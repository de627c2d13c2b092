//! `--format junit`: one test case per document; a document with findings at or above the
//! `--fail-on` severity fails, and the failure carries its findings.

use super::Reporter;
use crate::finding::Severity;
use crate::model::{DocumentReport, Summary, Unreadable};
use crate::text::xml_text;
use quick_xml::events::{BytesDecl, Event};
use quick_xml::Writer;
use std::io::{self, Write};

struct Case {
    name: String,
    failure: Option<(String, String)>,
    error: Option<String>,
    system_out: String,
}

pub struct JunitReporter<W: Write> {
    out: W,
    fail_on: Option<Severity>,
    cases: Vec<Case>,
}

impl<W: Write> JunitReporter<W> {
    pub fn new(out: W, fail_on: Option<Severity>) -> Self {
        JunitReporter {
            out,
            fail_on,
            cases: Vec::new(),
        }
    }
}

impl<W: Write> Reporter for JunitReporter<W> {
    fn document(&mut self, doc: &DocumentReport) -> io::Result<()> {
        let lines: Vec<String> = doc
            .findings
            .iter()
            .map(|f| {
                let (line, col) = f.primary().map_or((1, 1), |l| (l.line, l.column));
                format!(
                    "{}:{line}:{col}: {}[{}] {}",
                    doc.path, f.severity, f.rule, f.message
                )
            })
            .collect();
        let failing = self
            .fail_on
            .is_some_and(|t| doc.findings.iter().any(|f| f.severity >= t));
        let failure = failing.then(|| {
            let count = doc
                .findings
                .iter()
                .filter(|f| self.fail_on.is_some_and(|t| f.severity >= t))
                .count();
            (
                format!("{count} finding(s) at or above the failing severity"),
                lines.join("\n"),
            )
        });
        // Page text goes into XML: characters XML forbids are replaced.
        let xml = |s: &str| xml_text(s).into_owned();
        self.cases.push(Case {
            name: xml(&doc.path),
            system_out: if failing {
                String::new()
            } else {
                xml(&lines.join("\n"))
            },
            failure: failure.map(|(m, body)| (xml(&m), xml(&body))),
            error: None,
        });
        Ok(())
    }

    fn unreadable(&mut self, input: &Unreadable) -> io::Result<()> {
        self.cases.push(Case {
            name: xml_text(&input.path).into_owned(),
            failure: None,
            error: Some(xml_text(&input.message).into_owned()),
            system_out: String::new(),
        });
        Ok(())
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        let failures = self
            .cases
            .iter()
            .filter(|c| c.failure.is_some())
            .count()
            .to_string();
        let errors = self
            .cases
            .iter()
            .filter(|c| c.error.is_some())
            .count()
            .to_string();
        let tests = self.cases.len().to_string();
        let time = format!("{:.3}", summary.elapsed.as_secs_f64());
        let mut w = Writer::new_with_indent(&mut self.out, b' ', 2);
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        let cases = &self.cases;
        w.create_element("testsuites")
            .with_attributes([
                ("name", "bitext"),
                ("tests", tests.as_str()),
                ("failures", failures.as_str()),
                ("errors", errors.as_str()),
                ("time", time.as_str()),
            ])
            .write_inner_content(|w| {
                w.create_element("testsuite")
                    .with_attributes([
                        ("name", "bitext check"),
                        ("tests", tests.as_str()),
                        ("failures", failures.as_str()),
                        ("errors", errors.as_str()),
                        ("time", time.as_str()),
                    ])
                    .write_inner_content(|w| {
                        for case in cases {
                            let el = w.create_element("testcase").with_attributes([
                                ("classname", "bitext.check"),
                                ("name", case.name.as_str()),
                            ]);
                            if case.failure.is_none()
                                && case.error.is_none()
                                && case.system_out.is_empty()
                            {
                                el.write_empty()?;
                                continue;
                            }
                            el.write_inner_content(|w| {
                                if let Some((message, body)) = &case.failure {
                                    w.create_element("failure")
                                        .with_attributes([
                                            ("message", message.as_str()),
                                            ("type", "translation"),
                                        ])
                                        .write_text_content(quick_xml::events::BytesText::new(
                                            body,
                                        ))?;
                                }
                                if let Some(message) = &case.error {
                                    w.create_element("error")
                                        .with_attributes([
                                            ("message", message.as_str()),
                                            ("type", "unreadable"),
                                        ])
                                        .write_empty()?;
                                }
                                if !case.system_out.is_empty() {
                                    w.create_element("system-out").write_text_content(
                                        quick_xml::events::BytesText::new(&case.system_out),
                                    )?;
                                }
                                Ok(())
                            })?;
                        }
                        Ok(())
                    })?;
                Ok(())
            })?;
        self.out.write_all(b"\n")?;
        self.out.flush()
    }
}
