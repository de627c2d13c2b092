//! What the HTML templates are given: the report model laid out as the page shows it. Findings
//! are placed beside the bead whose sentence holds them and marked in the text by their byte
//! ranges; numbers come with their links from the view. Every string from the page goes through
//! the templates' HTML escaping.

use crate::finding::{Finding, Severity};
use crate::lang::Lang;
use crate::model::{BeadView, DocumentReport, NumberView, SectionView, SentenceView};
use crate::model::{Summary, Unreadable};
use askama::Template;
use std::ops::Range;

/// The style sheet and script: written once per file (inline) or once per folder.
pub const CSS: &str = include_str!("../../../templates/html/report.css");
pub const JS: &str = include_str!("../../../templates/html/report.js");

/// SHA-256 of [`JS`], base64: the single file's Content-Security-Policy runs only that script,
/// so nothing injected into the page could run even if it escaped escaping. A test keeps it in
/// step with the script.
pub const JS_SHA256: &str = "sha256-biOWYSimpYwwrkuZ/u2cRY4mXcP/gLiELfnEK1xwchk=";

/// Run nothing but our own script; load nothing from the network.
pub fn inline_csp() -> String {
    format!(
        "default-src 'none'; style-src 'unsafe-inline'; script-src '{JS_SHA256}'; img-src data:; \
         base-uri 'none'; form-action 'none'"
    )
}

/// Pages of a folder report load the style sheet and script beside them.
pub const FOLDER_CSP: &str =
    "default-src 'none'; style-src 'self'; script-src 'self'; img-src data:; base-uri 'none'; form-action 'none'";

/// What the view is for: auditing findings, or reading the alignment (scores marked).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Mode {
    Check,
    /// `bitext align`: each bead's score shown, those below `low` marked.
    Align {
        low: f32,
    },
}

#[derive(Template)]
#[template(path = "html/head.html")]
pub struct Head<'a> {
    pub title: &'a str,
    pub heading: &'a str,
    pub csp: &'a str,
    pub version: &'a str,
    pub inline: bool,
    pub css: &'a str,
    /// Prefix of the folder's root from this page (`""` or `"../"`).
    pub root: &'a str,
    /// The summary page, from a document page of a folder.
    pub index: Option<&'a str>,
}

#[derive(Template)]
#[template(path = "html/tail.html")]
pub struct Tail<'a> {
    pub inline: bool,
    pub js: &'a str,
    pub root: &'a str,
}

/// One row of the summary: a document and its findings by severity and rule.
#[derive(Debug, Clone)]
pub struct Row {
    pub number: usize,
    pub path: String,
    pub id: String,
    pub href: String,
    pub pairs: usize,
    pub beads: usize,
    pub low: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// 0 nothing, 1 info, 2 warning, 3 error: the filter's scale.
    pub worst: u8,
    /// The rules of its findings, space-separated, for the rule filter.
    pub rule_list: String,
    /// Findings per rule, counted.
    pub by_rule: Vec<(&'static str, usize)>,
    pub error_class: &'static str,
    pub warning_class: &'static str,
    pub info_class: &'static str,
    /// Filled in when the batch's rules are known.
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone)]
pub struct Cell {
    pub count: usize,
    pub class: &'static str,
}

fn count_class(n: usize, class: &'static str) -> &'static str {
    if n == 0 {
        "z"
    } else {
        class
    }
}

impl Row {
    pub fn new(number: usize, doc: &DocumentReport, href: String, mode: Mode) -> Row {
        let mut by_rule: Vec<(&'static str, usize)> = Vec::new();
        for f in &doc.findings {
            match by_rule.iter_mut().find(|(r, _)| f.rule == *r) {
                Some((_, n)) => *n += 1,
                None => by_rule.push((f.rule.id(), 1)),
            }
        }
        let (errors, warnings, infos) = (
            doc.count(Severity::Error),
            doc.count(Severity::Warning),
            doc.count(Severity::Info),
        );
        let (beads, low) = match (mode, &doc.view) {
            (Mode::Align { low }, Some(view)) => {
                let all = view
                    .pairs
                    .iter()
                    .flat_map(|p| &p.sections)
                    .flat_map(|s| &s.beads);
                all.fold((0, 0), |(n, l), b| (n + 1, l + usize::from(is_low(b, low))))
            }
            _ => (0, 0),
        };
        Row {
            number,
            path: doc.path.clone(),
            id: doc.id.clone().unwrap_or_default(),
            href,
            pairs: doc.pairs.len(),
            beads,
            low,
            errors,
            warnings,
            infos,
            worst: match doc.worst() {
                None => 0,
                Some(Severity::Info) => 1,
                Some(Severity::Warning) => 2,
                Some(Severity::Error) => 3,
            },
            rule_list: by_rule
                .iter()
                .map(|(r, _)| *r)
                .collect::<Vec<_>>()
                .join(" "),
            by_rule,
            error_class: count_class(errors, "e"),
            warning_class: count_class(warnings, "w"),
            info_class: count_class(infos, ""),
            cells: Vec::new(),
        }
    }
}

#[derive(Template)]
#[template(path = "html/summary.html")]
pub struct SummaryPart<'a> {
    pub heading: &'a str,
    pub summary: &'a Summary,
    pub unreadable: &'a [Unreadable],
    /// The rules found in the batch, in the order of `Rule::ALL`.
    pub rules: &'a [&'static str],
    pub rows: &'a [Row],
    /// The rows in chunks: the browser lays out a chunk only when it is on screen, so a summary
    /// of 10,000 documents opens at once.
    pub chunks: Vec<&'a [Row]>,
    pub align: bool,
}

/// Rows in a chunk of the summary.
pub const CHUNK_ROWS: usize = 250;

/// A finding as listed.
pub struct FindingItem<'a> {
    pub fid: String,
    pub severity: &'static str,
    pub rule: &'static str,
    pub message: &'a str,
    /// `path:line:col`, and the other side's `line:col`.
    pub at: String,
}

/// A run of a sentence's text: plain, a number, or text a finding points at.
pub struct Piece<'a> {
    pub text: &'a str,
    /// Empty for plain text.
    pub class: String,
    pub link: Option<usize>,
    /// The ids of the findings it belongs to, space-separated.
    pub fids: String,
    pub title: String,
}

pub struct SentencePart<'a> {
    /// The input line it starts on, when not the line of the sentence before it in the bead.
    pub line: Option<usize>,
    pub pieces: Vec<Piece<'a>>,
}

pub struct BeadPart<'a> {
    pub en: Vec<SentencePart<'a>>,
    pub zh: Vec<SentencePart<'a>>,
    /// ` b-error` etc. and ` low`.
    pub class: String,
    pub score: Option<String>,
    pub low: bool,
    pub findings: Vec<FindingItem<'a>>,
}

pub struct SectionPart<'a> {
    pub id: &'a str,
    pub en_label: String,
    pub zh_label: String,
    pub loose: Vec<FindingItem<'a>>,
    pub beads: Vec<BeadPart<'a>>,
}

pub struct PairPart<'a> {
    pub number: usize,
    pub en_lines: String,
    pub zh_lines: String,
    pub original: &'static str,
    pub translation: &'static str,
    pub source_reason: &'a str,
    pub machine_translated: bool,
    pub notice: Option<(usize, &'a str)>,
    pub loose: Vec<FindingItem<'a>>,
    pub sections: Vec<SectionPart<'a>>,
}

#[derive(Template)]
#[template(path = "html/document.html")]
pub struct DocumentPart<'a> {
    pub anchor: String,
    pub path: &'a str,
    pub id: Option<&'a str>,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub loose: Vec<FindingItem<'a>>,
    pub pairs: Vec<PairPart<'a>>,
}

fn is_low(bead: &BeadView, low: f32) -> bool {
    bead.score < low
}

/// Where a finding is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Document,
    Pair(usize),
    Section(usize, usize),
    Bead(usize, usize, usize),
}

/// A stretch of a sentence a finding points at.
struct Mark {
    /// Index of the finding in the document.
    finding: usize,
    range: Range<usize>,
    severity: Severity,
    /// Number rules point at numbers: they colour the numbers they overlap, not the words
    /// around them.
    numeric: bool,
}

/// The side, section and sentence holding document offset `at` in a pair's view.
fn sentence_at(sections: &[SectionView], lang: Lang, at: usize) -> Option<(usize, usize)> {
    sections.iter().enumerate().find_map(|(s, sec)| {
        let sentences = if lang == Lang::En { &sec.en } else { &sec.zh };
        let k = sentences
            .partition_point(|x| x.range.start <= at)
            .checked_sub(1)?;
        (at < sentences[k].range.end).then_some((s, k))
    })
}

fn bead_of(sec: &SectionView, lang: Lang, sentence: usize) -> Option<usize> {
    sec.beads.iter().position(|b| {
        let side = if lang == Lang::En { &b.en } else { &b.zh };
        side.contains(&sentence)
    })
}

fn lines(start: usize, end: usize) -> String {
    if start == end {
        start.to_string()
    } else {
        format!("{start}–{end}")
    }
}

impl<'a> DocumentPart<'a> {
    /// Lay out document `k` of the run.
    pub fn new(k: usize, doc: &'a DocumentReport, mode: Mode) -> DocumentPart<'a> {
        let anchor = format!("d{k}");
        static NO_VIEW: crate::model::DocumentView =
            crate::model::DocumentView { pairs: Vec::new() };
        let view = doc.view.as_ref().unwrap_or(&NO_VIEW);
        // Where each finding goes, and the marks it leaves in the text: keyed by
        // (pair, section, side, sentence).
        let mut places = Vec::with_capacity(doc.findings.len());
        let mut marks: Vec<((usize, usize, Lang, usize), Mark)> = Vec::new();
        for (i, f) in doc.findings.iter().enumerate() {
            let pair = f.pair.and_then(|p| view.pairs.get(p).map(|v| (p, v)));
            let mut place = match (f.pair, pair) {
                (None, _) => Place::Document,
                (Some(_), None) => Place::Document,
                (Some(p), Some(_)) => Place::Pair(p),
            };
            if let Some((p, pv)) = pair {
                for (lang, loc) in [(Lang::En, &f.en), (Lang::Zh, &f.zh)] {
                    let Some(range) = loc.as_ref().and_then(|l| l.range.clone()) else {
                        continue;
                    };
                    let Some((s, k)) = sentence_at(&pv.sections, lang, range.start) else {
                        continue;
                    };
                    marks.push((
                        (p, s, lang, k),
                        Mark {
                            finding: i,
                            range,
                            severity: f.severity,
                            numeric: f.rule.is_numeric(),
                        },
                    ));
                    if !matches!(place, Place::Bead(..)) {
                        place = match bead_of(&pv.sections[s], lang, k) {
                            Some(b) => Place::Bead(p, s, b),
                            None => Place::Section(p, s),
                        };
                    }
                }
                if place == Place::Pair(p) {
                    if let Some(s) = pv
                        .sections
                        .iter()
                        .position(|s| Some(&s.id) == f.section.as_ref())
                    {
                        place = Place::Section(p, s);
                    }
                }
            }
            places.push(place);
        }
        let item = |i: usize| finding_item(&anchor, i, &doc.findings[i], &doc.path);
        let at = |want: Place| -> Vec<FindingItem<'a>> {
            (0..doc.findings.len())
                .filter(|&i| places[i] == want)
                .map(item)
                .collect()
        };
        let pairs = doc
            .pairs
            .iter()
            .enumerate()
            .map(|(p, pr)| {
                let pv = view.pairs.get(p);
                let sections = pv.map_or(&[][..], |v| v.sections.as_slice());
                let (original, translation) = match pr.source {
                    Lang::En => ("English", "Chinese"),
                    Lang::Zh => ("Chinese", "English"),
                };
                PairPart {
                    number: p + 1,
                    en_lines: lines(pr.en.start_line, pr.en.end_line),
                    zh_lines: lines(pr.zh.start_line, pr.zh.end_line),
                    original,
                    translation,
                    source_reason: &pr.source_reason,
                    machine_translated: pr.zh.machine_translated == Some(true),
                    notice: pv
                        .and_then(|v| v.machine_translation_notice.as_ref())
                        .map(|(line, text)| (*line, text.as_str())),
                    loose: at(Place::Pair(p)),
                    sections: sections
                        .iter()
                        .enumerate()
                        .map(|(s, sec)| {
                            let beads = sec
                                .beads
                                .iter()
                                .enumerate()
                                .map(|(b, bead)| {
                                    let findings = at(Place::Bead(p, s, b));
                                    let sentences = |lang: Lang, range: &Range<usize>| {
                                        let all = if lang == Lang::En { &sec.en } else { &sec.zh };
                                        let mut last_line = None;
                                        range
                                            .clone()
                                            .filter_map(|k| {
                                                let sentence = all.get(k)?;
                                                let here: Vec<&Mark> = marks
                                                    .iter()
                                                    .filter(|(key, _)| *key == (p, s, lang, k))
                                                    .map(|(_, m)| m)
                                                    .collect();
                                                let mut part =
                                                    sentence_part(&anchor, sentence, &here);
                                                if last_line == part.line {
                                                    part.line = None;
                                                } else {
                                                    last_line = part.line;
                                                }
                                                Some(part)
                                            })
                                            .collect()
                                    };
                                    bead_part(
                                        sentences(Lang::En, &bead.en),
                                        sentences(Lang::Zh, &bead.zh),
                                        bead,
                                        findings,
                                        mode,
                                        &doc.findings,
                                        &places,
                                        Place::Bead(p, s, b),
                                    )
                                })
                                .collect();
                            SectionPart {
                                id: &sec.id,
                                en_label: section_label(
                                    sec.en_label.as_deref(),
                                    sec.has_en,
                                    &sec.id,
                                ),
                                zh_label: section_label(
                                    sec.zh_label.as_deref(),
                                    sec.has_zh,
                                    &sec.id,
                                ),
                                loose: at(Place::Section(p, s)),
                                beads,
                            }
                        })
                        .collect(),
                }
            })
            .collect();
        DocumentPart {
            loose: at(Place::Document),
            anchor,
            path: &doc.path,
            id: doc.id.as_deref(),
            errors: doc.count(Severity::Error),
            warnings: doc.count(Severity::Warning),
            infos: doc.count(Severity::Info),
            pairs,
        }
    }
}

fn section_label(label: Option<&str>, present: bool, id: &str) -> String {
    match (label, present) {
        (_, false) => "(none)".to_owned(),
        (Some(l), true) => l.trim().trim_end_matches([':', '：']).to_owned(),
        (None, true) if id == crate::model::TITLE => "Title".to_owned(),
        (None, true) => "(no label)".to_owned(),
    }
}

#[allow(clippy::too_many_arguments)]
fn bead_part<'a>(
    en: Vec<SentencePart<'a>>,
    zh: Vec<SentencePart<'a>>,
    bead: &BeadView,
    findings: Vec<FindingItem<'a>>,
    mode: Mode,
    all: &[Finding],
    places: &[Place],
    here: Place,
) -> BeadPart<'a> {
    let worst = all
        .iter()
        .zip(places)
        .filter(|(_, p)| **p == here)
        .map(|(f, _)| f.severity)
        .max();
    let mut class = match worst {
        Some(s) => format!(" b-{}", s.as_str()),
        None => String::new(),
    };
    let (score, low) = match mode {
        Mode::Check => (None, false),
        Mode::Align { low } => (Some(format!("{:.2}", bead.score)), is_low(bead, low)),
    };
    if low {
        class.push_str(" low");
    }
    BeadPart {
        en,
        zh,
        class,
        score,
        low,
        findings,
    }
}

fn finding_item<'a>(anchor: &str, i: usize, f: &'a Finding, path: &str) -> FindingItem<'a> {
    let side = |name: &str, l: &crate::finding::Location| format!("{name} {}:{}", l.line, l.column);
    let at = match (&f.en, &f.zh) {
        (Some(e), Some(z)) => format!("{path}:{}:{} · {}", e.line, e.column, side("zh", z)),
        (Some(l), None) | (None, Some(l)) => format!("{path}:{}:{}", l.line, l.column),
        (None, None) => path.to_owned(),
    };
    FindingItem {
        fid: format!("{anchor}-f{i}"),
        severity: f.severity.as_str(),
        rule: f.rule.id(),
        message: &f.message,
        at,
    }
}

/// The sentence's text cut at every number and mark boundary, each run with what covers it.
fn sentence_part<'a>(anchor: &str, s: &'a SentenceView, marks: &[&Mark]) -> SentencePart<'a> {
    let text = s.text.as_str();
    let len = text.len();
    // Marks as ranges of the sentence text (on char boundaries), with what they say.
    let local: Vec<(Range<usize>, &Mark)> = marks
        .iter()
        .filter_map(|m| {
            let start = m.range.start.checked_sub(s.range.start)?.min(len);
            let end = m.range.end.saturating_sub(s.range.start).min(len);
            (start < end && text.is_char_boundary(start) && text.is_char_boundary(end))
                .then_some((start..end, *m))
        })
        .collect();
    let overlaps = |a: &Range<usize>, b: &Range<usize>| a.start < b.end && b.start < a.end;
    // A number finding that overlaps a number belongs to the number; one that overlaps none
    // marks its words.
    let on_number = |r: &Range<usize>| s.numbers.iter().any(|n| overlaps(&n.span, r));
    let mut cuts: Vec<usize> = vec![0, len];
    for n in &s.numbers {
        cuts.extend([n.span.start, n.span.end]);
    }
    for (r, m) in &local {
        if !(m.numeric && on_number(r)) {
            cuts.extend([r.start, r.end]);
        }
    }
    cuts.retain(|&c| c <= len && text.is_char_boundary(c));
    cuts.sort_unstable();
    cuts.dedup();
    let mut pieces = Vec::with_capacity(cuts.len());
    for w in cuts.windows(2) {
        let run = w[0]..w[1];
        let Some(piece_text) = text.get(run.clone()) else {
            continue;
        };
        let number: Option<&NumberView> = s
            .numbers
            .iter()
            .find(|n| n.span.start <= run.start && run.end <= n.span.end);
        let covering: Vec<&Mark> = local
            .iter()
            .filter(|(r, m)| {
                if m.numeric && on_number(r) {
                    number.is_some_and(|n| overlaps(&n.span, r))
                } else {
                    r.start <= run.start && run.end <= r.end
                }
            })
            .map(|(_, m)| *m)
            .collect();
        if number.is_none() && covering.is_empty() {
            pieces.push(Piece {
                text: piece_text,
                class: String::new(),
                link: None,
                fids: String::new(),
                title: String::new(),
            });
            continue;
        }
        let worst = covering.iter().map(|m| m.severity).max();
        let mut class = String::from(if number.is_some() { "n" } else { "k" });
        if let Some(n) = number {
            if n.link.is_some() {
                class.push_str(" m");
            }
            if n.weak {
                class.push_str(" w");
            }
        }
        if let Some(w) = worst {
            class.push_str(" s-");
            class.push_str(w.as_str());
        }
        let fids = covering
            .iter()
            .map(|m| format!("{anchor}-f{}", m.finding))
            .collect::<Vec<_>>()
            .join(" ");
        let title = match number {
            Some(n) if n.link.is_some() => format!("{}: matched", n.value),
            Some(n) if worst.is_some() => n.value.clone(),
            Some(n) if n.weak => format!("{}: may be added or dropped", n.value),
            Some(n) => format!("{}: no counterpart, not reported", n.value),
            None => String::new(),
        };
        pieces.push(Piece {
            text: piece_text,
            class,
            link: number.and_then(|n| n.link),
            fids,
            title,
        });
    }
    SentencePart {
        line: Some(s.line),
        pieces,
    }
}

/// Rules found in a batch, in the order of the rule table.
pub fn rules_of(rows: &[Row]) -> Vec<&'static str> {
    crate::rule::Rule::ALL
        .iter()
        .map(|r| r.id())
        .filter(|id| {
            rows.iter()
                .any(|row| row.by_rule.iter().any(|(r, _)| r == id))
        })
        .collect()
}

/// Give each row a count per batch rule.
pub fn fill_cells(rows: &mut [Row], rules: &[&'static str]) {
    for row in rows {
        row.cells = rules
            .iter()
            .map(|rule| {
                let count = row
                    .by_rule
                    .iter()
                    .find(|(r, _)| r == rule)
                    .map_or(0, |(_, n)| *n);
                Cell {
                    count,
                    class: count_class(count, ""),
                }
            })
            .collect();
    }
}

#[derive(Template)]
#[template(path = "html/nav.html")]
pub struct Nav<'a> {
    pub prev: Option<&'a str>,
    pub next: Option<&'a str>,
}

/// The file a batch outgrew: it leads to the folder's index.
#[derive(Template)]
#[template(path = "html/redirect.html")]
pub struct Redirect<'a> {
    pub href: &'a str,
}

/// The last component of `path`, percent-encoded for a relative link.
pub fn href_segment(path: &std::path::Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut out = String::with_capacity(name.len());
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    fn base64(bytes: &[u8]) -> String {
        const ABC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let b = [
                chunk[0],
                *chunk.get(1).unwrap_or(&0),
                *chunk.get(2).unwrap_or(&0),
            ];
            let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
            for i in 0..4 {
                if i <= chunk.len() {
                    out.push(ABC[(n >> (18 - 6 * i) & 63) as usize] as char);
                } else {
                    out.push('=');
                }
            }
        }
        out
    }

    #[test]
    fn the_policy_allows_exactly_our_script() {
        let hash = format!("sha256-{}", base64(&Sha256::digest(JS.as_bytes())));
        assert_eq!(
            JS_SHA256, hash,
            "templates/html/report.js changed: update JS_SHA256"
        );
    }

    #[test]
    fn links_to_a_folder_are_percent_encoded() {
        let p = std::path::Path::new("/x/my report#1");
        assert_eq!(href_segment(p), "my%20report%231");
    }
}
