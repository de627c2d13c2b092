//! Aligned output of `bitext align`: one bead a record, for corpus builders. JSONL (every bead),
//! TSV, Moses (two line-parallel files) and TMX 1.4 (beads with both sides at or above
//! `--min-score`).

use crate::model::AlignedBead;
use crate::text::xml_text;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;
use std::io::{self, Write};

/// Writes beads in one format. Filtering (score, duplicates) is the caller's.
pub trait BeadWriter {
    /// Does this format take beads with one side empty?
    fn takes_one_sided(&self) -> bool {
        false
    }
    fn bead(&mut self, bead: &AlignedBead) -> io::Result<()>;
    fn finish(&mut self) -> io::Result<()>;
}

pub struct JsonlBeads<W: Write>(pub W);

impl<W: Write> BeadWriter for JsonlBeads<W> {
    fn takes_one_sided(&self) -> bool {
        true
    }
    fn bead(&mut self, bead: &AlignedBead) -> io::Result<()> {
        serde_json::to_writer(&mut self.0, bead)?;
        self.0.write_all(b"\n")
    }
    fn finish(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// Tabs and line breaks would break the columns: they become spaces.
fn one_field(s: &str) -> String {
    // Tabs and every line separator a reader may split on (form feed, NEL, U+2028 …).
    s.chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

pub struct TsvBeads<W: Write>(pub W);

impl<W: Write> BeadWriter for TsvBeads<W> {
    fn bead(&mut self, b: &AlignedBead) -> io::Result<()> {
        writeln!(
            self.0,
            "{}\t{}\t{:.3}\t{}\t{}",
            one_field(&b.en),
            one_field(&b.zh),
            b.score,
            one_field(&b.doc),
            b.section
        )
    }
    fn finish(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// Moses: line i of the English file translates line i of the Chinese file.
pub struct MosesBeads<W: Write> {
    pub en: W,
    pub zh: W,
}

impl<W: Write> BeadWriter for MosesBeads<W> {
    fn bead(&mut self, b: &AlignedBead) -> io::Result<()> {
        writeln!(self.en, "{}", one_field(&b.en))?;
        writeln!(self.zh, "{}", one_field(&b.zh))
    }
    fn finish(&mut self) -> io::Result<()> {
        self.en.flush()?;
        self.zh.flush()
    }
}

/// TMX 1.4, as CAT tools import it: `xml:lang` `en` and `zh-CN`, the document and section as
/// properties of each unit.
pub struct TmxBeads<W: Write> {
    writer: Writer<W>,
    started: bool,
}

impl<W: Write> TmxBeads<W> {
    pub fn new(out: W) -> Self {
        TmxBeads {
            writer: Writer::new_with_indent(out, b' ', 2),
            started: false,
        }
    }

    fn start(&mut self) -> io::Result<()> {
        if self.started {
            return Ok(());
        }
        self.started = true;
        let w = &mut self.writer;
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        w.write_event(Event::Start(
            BytesStart::new("tmx").with_attributes([("version", "1.4")]),
        ))?;
        w.write_event(Event::Empty(BytesStart::new("header").with_attributes([
            ("creationtool", "bitext"),
            ("creationtoolversion", env!("CARGO_PKG_VERSION")),
            ("segtype", "sentence"),
            ("o-tmf", "bitext"),
            ("adminlang", "en"),
            ("srclang", "en"),
            ("datatype", "plaintext"),
        ])))?;
        w.write_event(Event::Start(BytesStart::new("body")))?;
        Ok(())
    }
}

impl<W: Write> BeadWriter for TmxBeads<W> {
    fn bead(&mut self, b: &AlignedBead) -> io::Result<()> {
        self.start()?;
        let score = format!("{:.3}", b.score);
        let w = &mut self.writer;
        w.write_event(Event::Start(BytesStart::new("tu")))?;
        for (kind, value) in [
            ("x-doc", b.doc.as_str()),
            ("x-section", b.section.as_str()),
            ("x-score", score.as_str()),
        ] {
            w.create_element("prop")
                .with_attribute(("type", kind))
                .write_text_content(BytesText::new(&xml_text(value)))?;
        }
        for (lang, text) in [("en", &b.en), ("zh-CN", &b.zh)] {
            w.write_event(Event::Start(
                BytesStart::new("tuv").with_attributes([("xml:lang", lang)]),
            ))?;
            // Page text: characters XML forbids (form feeds, escapes) are replaced.
            w.create_element("seg")
                .write_text_content(BytesText::new(&xml_text(text)))?;
            w.write_event(Event::End(BytesEnd::new("tuv")))?;
        }
        w.write_event(Event::End(BytesEnd::new("tu")))?;
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        self.start()?;
        self.writer.write_event(Event::End(BytesEnd::new("body")))?;
        self.writer.write_event(Event::End(BytesEnd::new("tmx")))?;
        self.writer.get_mut().write_all(b"\n")?;
        self.writer.get_mut().flush()
    }
}

/// Counts for the closing line of `bitext align`.
#[derive(Debug, Default, Clone)]
pub struct CorpusStats {
    pub by_kind: std::collections::BTreeMap<String, usize>,
    pub kept: usize,
    pub one_sided: usize,
    pub below_score: usize,
    pub duplicates: usize,
}

impl std::fmt::Display for CorpusStats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kinds: Vec<String> = self
            .by_kind
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect();
        write!(
            f,
            "beads: {} ({}); kept {}, one-sided {}, dropped by score {}, duplicates {}",
            self.by_kind.values().sum::<usize>(),
            kinds.join(", "),
            self.kept,
            self.one_sided,
            self.below_score,
            self.duplicates
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bead(en: &str, zh: &str) -> AlignedBead {
        AlignedBead {
            doc: "d.txt".into(),
            pair: 0,
            section: "results".into(),
            en: en.into(),
            zh: zh.into(),
            en_lines: vec![3],
            zh_lines: vec![9],
            score: 0.9,
            findings: vec![],
        }
    }

    #[test]
    fn tmx_escapes_and_round_trips() {
        let mut out = Vec::new();
        let mut w = TmxBeads::new(&mut out);
        w.bead(&bead("p < 0.05 & n = 14", "P＜0.05且n=14")).unwrap();
        w.finish().unwrap();
        let xml = String::from_utf8(out).unwrap();
        assert!(xml.contains("p &lt; 0.05 &amp; n = 14"), "{xml}");
        let mut reader = quick_xml::Reader::from_str(&xml);
        let mut segs: Vec<String> = Vec::new();
        let mut in_seg = false;
        loop {
            match reader.read_event().unwrap() {
                Event::Start(e) if e.name().as_ref() == b"seg" => {
                    in_seg = true;
                    segs.push(String::new());
                }
                Event::Text(t) if in_seg => segs.last_mut().unwrap().push_str(&t.decode().unwrap()),
                Event::GeneralRef(r) if in_seg => {
                    let c = match &*r {
                        b"lt" => '<',
                        b"gt" => '>',
                        b"amp" => '&',
                        other => panic!("unexpected entity {other:?}"),
                    };
                    segs.last_mut().unwrap().push(c);
                }
                Event::End(e) if e.name().as_ref() == b"seg" => in_seg = false,
                Event::Eof => break,
                _ => {}
            }
        }
        assert_eq!(segs, ["p < 0.05 & n = 14", "P＜0.05且n=14"]);
    }

    #[test]
    fn tsv_keeps_one_bead_a_line() {
        let mut out = Vec::new();
        let mut w = TsvBeads(&mut out);
        w.bead(&bead("a\tb\nc", "中文")).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "a b c\t中文\t0.900\td.txt\tresults\n"
        );
    }
}
