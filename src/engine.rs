//! The engine: what is costly to build (language detector, dictionaries), built once per run and
//! shared by reference across threads, and the pipeline run on one document.

use crate::align::Aligner;
use crate::checks::{self, numbers::SectionSide, AlignedSection, NO_TRANSLATION, SECTION_MISSING};
use crate::config::Config;
use crate::detect::{self, Detection, Detector};
use crate::dictionaries::{Dictionaries, DictionaryError};
use crate::finding::{Finding, Severity};
use crate::input::{Document, Layout};
use crate::lang::Lang;
use crate::numbers::{self, NumberDictionaries, NumberMention};
use crate::report::aligned::AlignedBead;
use crate::report::model::{
    DocumentReport, DocumentView, LineSpan, PairReport, PairView, SectionLabel, SectionReport,
    SectionView, TranslationSpan,
};
use crate::sections::{self, Section, BODY};
use crate::segment;
use rayon::prelude::*;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// What one abstract pair adds to its document's report (see `Engine::pair_parts`).
type PairParts = (Vec<SectionPair>, PairReport, Vec<Finding>, Option<PairView>);

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("bad dictionary data: {0}")]
    Dictionary(#[from] DictionaryError),
    #[error("cannot read the dictionary file {path}: {source}")]
    DictionaryFile {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("bad number dictionary data: {0}")]
    Numbers(#[from] numbers::DictionaryError),
    #[error("bad glossary data: {0}")]
    Glossary(#[from] crate::align::GlossaryError),
}

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The original side: "missing" means in it and not in the other. `None` decides per pair
    /// from the page's evidence (`--source auto`).
    pub source: Option<Lang>,
}

pub struct Engine {
    pub aligner: Aligner,
    /// Chinese word segmentation (jieba), loaded on first use.
    pub chinese_words: segment::ChineseWords,
    pub dictionaries: Dictionaries,
    pub numbers: NumberDictionaries,
    pub detector: Detector,
    pub options: Options,
    pub config: Config,
}

/// The abstracts of a document paired, whichever way they were found.
#[derive(Debug, Clone)]
pub struct PairedText {
    pub en: Range<usize>,
    pub zh: Range<usize>,
    pub machine_translated: bool,
    /// The line that says so, when the page has one.
    pub machine_translation_notice: Option<Range<usize>>,
    /// The title lines, when detection found them (pages only).
    pub en_title: Option<Range<usize>>,
    pub zh_title: Option<Range<usize>>,
    /// The original side, and why it was taken to be.
    pub source: Lang,
    pub source_reason: String,
}

/// Number extraction asks jieba whether a numeral is inside a word (`三甲医院`).
impl numbers::WordCutter for segment::ChineseWords {
    fn words(&self, text: &str) -> Vec<Range<usize>> {
        segment::ChineseWords::words(self, text)
    }
}

/// The section id of the title pair.
pub const TITLE: &str = "title";

/// Sentences in order whose length ratios all lie within this factor of the calibrated ratio
/// are taken as aligned 1-1 without running the aligner (see [`Engine::beads_for_check`]).
const DIAGONAL_LENGTH_FACTOR: f64 = 2.0;

/// Aligned sentences: byte ranges of the document text on each side (one side empty for a
/// sentence with no counterpart) and the aligner's confidence.
#[derive(Debug, Clone, PartialEq)]
pub struct SentenceBead {
    pub en: Vec<Range<usize>>,
    pub zh: Vec<Range<usize>>,
    pub score: f32,
}

impl SentenceBead {
    /// The text range of a side, from its first sentence to its last.
    pub fn span(side: &[Range<usize>]) -> Option<Range<usize>> {
        Some(side.first()?.start..side.last()?.end)
    }
}

/// The numbers of both sides of a paired section (offsets relative to each body) and which
/// matched which: (English index, Chinese index).
struct SectionNumbers {
    en: Vec<NumberMention>,
    zh: Vec<NumberMention>,
    links: Vec<(usize, usize)>,
}

/// One paired section: the sections of each side (absent when one side lacks it).
#[derive(Debug, Clone)]
pub struct SectionPair {
    pub id: String,
    pub en: Option<Section>,
    pub zh: Option<Section>,
}

impl Engine {
    pub fn new(options: Options) -> Result<Engine, EngineError> {
        Engine::with_config(options, Config::default(), Path::new("."))
    }

    /// An engine with the rules and extra dictionaries of `config` (its relative paths taken
    /// from `base`).
    pub fn with_config(
        options: Options,
        config: Config,
        base: &Path,
    ) -> Result<Engine, EngineError> {
        let mut dictionaries = Dictionaries::builtin()?;
        let read = |p: &PathBuf| {
            let path = base.join(p);
            crate::input::limits::read_to_string_capped(&path)
                .map(|text| (path.display().to_string(), text))
                .map_err(|source| EngineError::DictionaryFile {
                    path: path.display().to_string(),
                    source,
                })
        };
        for p in &config.dictionaries.sections {
            let (path, text) = read(p)?;
            dictionaries.extend_sections(&path, &text)?;
        }
        for p in &config.dictionaries.page_lines {
            let (path, text) = read(p)?;
            dictionaries.extend_page_lines(&path, &text)?;
        }
        let mut aligner = Aligner::new()?;
        for p in &config.dictionaries.glossary {
            let (path, text) = read(p)?;
            aligner.extend_glossary(&path, &text)?;
        }
        let mut numbers = NumberDictionaries::builtin()?;
        for p in &config.dictionaries.identifiers {
            let (_, text) = read(p)?;
            numbers.add_identifiers(&text);
        }
        let detector = Detector::new(&dictionaries)?;
        Ok(Engine {
            aligner,
            chinese_words: segment::ChineseWords::new(),
            dictionaries,
            numbers,
            detector,
            options,
            config,
        })
    }

    fn severity(&self, rule: &str) -> Severity {
        checks::default_severity(rule)
    }

    /// Apply the config's severities; drop findings of rules that are off.
    fn configure(&self, findings: &mut Vec<Finding>) {
        findings.retain_mut(|f| match self.config.severity(f.rule, f.severity) {
            Some(s) => {
                f.severity = s;
                true
            }
            None => false,
        });
    }

    pub fn detect(&self, doc: &Document) -> Detection {
        self.detector.detect(&doc.text, &self.dictionaries)
    }

    /// The abstract pairs of a document and, for pages, what detection found.
    pub fn pairs(&self, doc: &Document) -> (Vec<PairedText>, Option<Detection>) {
        match &doc.layout {
            Layout::Paired { en, zh, .. } => {
                let has_text = |r: &Range<usize>| {
                    doc.text
                        .get(r.clone())
                        .is_some_and(|t| !t.trim().is_empty())
                };
                let (source, source_reason) = match self.options.source {
                    Some(lang) => (lang, "given with --source".to_owned()),
                    None => (
                        Lang::En,
                        "paired text says nothing of its origin: English taken as the original"
                            .to_owned(),
                    ),
                };
                let pairs = if has_text(en) && has_text(zh) {
                    vec![PairedText {
                        en: en.clone(),
                        zh: zh.clone(),
                        machine_translated: false,
                        machine_translation_notice: None,
                        en_title: None,
                        zh_title: None,
                        source,
                        source_reason,
                    }]
                } else {
                    Vec::new()
                };
                (pairs, None)
            }
            Layout::Page => {
                let detection = self.detect(doc);
                let pairs = detection
                    .pairs
                    .iter()
                    .map(|p| {
                        let (source, source_reason) = match self.options.source {
                            Some(lang) => (lang, "given with --source".to_owned()),
                            None => detect::source::original_side(&detection.evidence, p),
                        };
                        PairedText {
                            en: p.en.range.clone(),
                            zh: p.zh.range.clone(),
                            machine_translated: detection.machine_translated,
                            machine_translation_notice: detection
                                .machine_translation_notice
                                .clone(),
                            en_title: p.en.title.clone(),
                            zh_title: p.zh.title.clone(),
                            source,
                            source_reason,
                        }
                    })
                    .collect();
                (pairs, Some(detection))
            }
        }
    }

    /// The sections of both sides of a pair, paired. When only one side has labels, both are
    /// taken as one unlabeled section: there is nothing to pair them by. Text given already split
    /// into sentences is one section: its sentences are the unit, labels included.
    pub fn section_pairs(&self, doc: &Document, pair: &PairedText) -> Vec<SectionPair> {
        let d = &self.dictionaries;
        if let Layout::Paired {
            sentences: Some(_), ..
        } = &doc.layout
        {
            let whole = |r: &Range<usize>| Section {
                id: BODY.to_owned(),
                label: None,
                label_range: None,
                body: r.clone(),
            };
            return vec![SectionPair {
                id: BODY.to_owned(),
                en: Some(whole(&pair.en)),
                zh: Some(whole(&pair.zh)),
            }];
        }
        let mut en = sections::find_sections(&doc.text, pair.en.clone(), Lang::En, d);
        let mut zh = sections::find_sections(&doc.text, pair.zh.clone(), Lang::Zh, d);
        if sections::is_labeled(&en) != sections::is_labeled(&zh) {
            let whole = |r: &Range<usize>| Section {
                id: BODY.to_owned(),
                label: None,
                label_range: None,
                body: r.clone(),
            };
            en = vec![whole(&pair.en)];
            zh = vec![whole(&pair.zh)];
        }
        sections::pair_sections(&en, &zh, d)
            .into_iter()
            .map(|(e, z)| {
                let en = e.map(|i| en[i].clone());
                let zh = z.map(|i| zh[i].clone());
                // The English id, unless it is the text before an unread label.
                let id = [en.as_ref(), zh.as_ref()]
                    .into_iter()
                    .flatten()
                    .map(|s| s.id.as_str())
                    .find(|id| *id != BODY)
                    .unwrap_or(BODY)
                    .to_owned();
                SectionPair { id, en, zh }
            })
            .collect()
    }

    /// The title pair as a section (id `title`), when both sides have a title.
    pub fn title_pair(&self, pair: &PairedText) -> Option<SectionPair> {
        let section = |r: &Range<usize>| Section {
            id: TITLE.to_owned(),
            label: None,
            label_range: None,
            body: r.clone(),
        };
        Some(SectionPair {
            id: TITLE.to_owned(),
            en: Some(section(pair.en_title.as_ref()?)),
            zh: Some(section(pair.zh_title.as_ref()?)),
        })
    }

    /// The sentences of one side of a section: the given ones for pre-split input, else split.
    pub fn sentences(&self, doc: &Document, body: &Range<usize>, lang: Lang) -> Vec<Range<usize>> {
        if let Layout::Paired {
            sentences: Some(given),
            ..
        } = &doc.layout
        {
            let side = if lang == Lang::En {
                &given.en
            } else {
                &given.zh
            };
            return side
                .iter()
                .filter(|r| r.start >= body.start && r.end <= body.end)
                .cloned()
                .collect();
        }
        let Some(text) = doc.text.get(body.clone()) else {
            return Vec::new();
        };
        segment::split_sentences(text, lang)
            .into_iter()
            .map(|r| r.start + body.start..r.end + body.start)
            .collect()
    }

    /// The sentences of both sides of a paired section (none for an absent side).
    fn section_sentences(
        &self,
        doc: &Document,
        sp: &SectionPair,
    ) -> (Vec<Range<usize>>, Vec<Range<usize>>) {
        let side = |s: &Option<Section>, lang| {
            s.as_ref()
                .map(|s| self.sentences(doc, &s.body, lang))
                .unwrap_or_default()
        };
        (side(&sp.en, Lang::En), side(&sp.zh, Lang::Zh))
    }

    /// Align the sentences of a paired section. A side that is absent gives beads with one side.
    pub fn align_section(&self, doc: &Document, sp: &SectionPair) -> Vec<SentenceBead> {
        let (en, zh) = self.section_sentences(doc, sp);
        self.align_sentences(doc, &en, &zh)
    }

    fn align_sentences(
        &self,
        doc: &Document,
        en: &[Range<usize>],
        zh: &[Range<usize>],
    ) -> Vec<SentenceBead> {
        let text = |r: &Range<usize>| doc.text.get(r.clone()).unwrap_or("");
        let en_text: Vec<&str> = en.iter().map(text).collect();
        let zh_text: Vec<&str> = zh.iter().map(text).collect();
        self.aligner
            .align(&en_text, &zh_text)
            .into_iter()
            .map(|b| SentenceBead {
                en: en[b.en.clone()].to_vec(),
                zh: zh[b.zh.clone()].to_vec(),
                score: b.score,
            })
            .collect()
    }

    /// The aligned sentences of every paired section, for corpus output, each with the rules of
    /// the findings that fall in it.
    pub fn aligned_beads(&self, doc: &Document) -> Vec<AlignedBead> {
        let (report, analyzed) = self.analyze(doc, false);
        let overlaps = |loc: &Option<crate::finding::Location>, span: &Option<Range<usize>>| matches!((loc.as_ref().and_then(|l| l.range.clone()), span), (Some(r), Some(s)) if r.start < s.end && s.start < r.end);
        let mut beads = Vec::new();
        for (index, section_pairs) in analyzed.iter().enumerate() {
            for sp in section_pairs {
                for b in self.align_section(doc, sp) {
                    let (en_span, zh_span) = (SentenceBead::span(&b.en), SentenceBead::span(&b.zh));
                    let mut findings: Vec<&'static str> = report
                        .findings
                        .iter()
                        .filter(|f| {
                            f.pair == Some(index) && f.section.as_deref() == Some(sp.id.as_str())
                        })
                        .filter(|f| overlaps(&f.en, &en_span) || overlaps(&f.zh, &zh_span))
                        .map(|f| f.rule)
                        .collect();
                    findings.dedup();
                    let text = |side: &[Range<usize>], sep: &str| {
                        side.iter()
                            .map(|r| doc.text.get(r.clone()).unwrap_or("").trim())
                            .collect::<Vec<_>>()
                            .join(sep)
                    };
                    let lines = |side: &[Range<usize>]| {
                        side.iter()
                            .map(|r| doc.locator.position(r.start).line)
                            .collect()
                    };
                    beads.push(AlignedBead {
                        doc: doc.path.clone(),
                        pair: index,
                        section: sp.id.clone(),
                        en: text(&b.en, " "),
                        zh: text(&b.zh, ""),
                        en_lines: lines(&b.en),
                        zh_lines: lines(&b.zh),
                        score: b.score,
                        findings,
                    });
                }
            }
        }
        beads
    }

    /// The sentence beads the checks read. When both sides have as many sentences and each
    /// sentence in order has a plausible length beside its counterpart, the alignment is
    /// evidently 1-1 and the aligner (most of the cost of `check`) is not run: the beads are the
    /// diagonal, scored by length fit alone. Otherwise the aligner decides.
    pub fn beads_for_check(&self, doc: &Document, sp: &SectionPair) -> Vec<SentenceBead> {
        let (en, zh) = self.section_sentences(doc, sp);
        if en.len() == zh.len() && !en.is_empty() {
            let gate = self
                .config
                .thresholds
                .length_ratio
                .min(DIAGONAL_LENGTH_FACTOR)
                .ln();
            let text = |r: &Range<usize>| doc.text.get(r.clone()).unwrap_or("");
            let fits: Option<Vec<f32>> = en
                .iter()
                .zip(&zh)
                .map(|(e, z)| {
                    let deviation = checks::length::log_deviation(text(e), text(z))?;
                    (deviation.abs() <= gate).then(|| 1.0 - 0.5 * (deviation.abs() / gate) as f32)
                })
                .collect();
            if let Some(scores) = fits {
                return en
                    .iter()
                    .zip(&zh)
                    .zip(scores)
                    .map(|((e, z), score)| SentenceBead {
                        en: vec![e.clone()],
                        zh: vec![z.clone()],
                        score,
                    })
                    .collect();
            }
        }
        self.align_sentences(doc, &en, &zh)
    }

    /// Numbers of a section body; offsets are relative to the body.
    pub fn numbers_of(
        &self,
        doc: &Document,
        body: &Range<usize>,
        lang: Lang,
    ) -> Vec<NumberMention> {
        doc.text
            .get(body.clone())
            .map(|text| {
                numbers::extract_with_words(text, lang, &self.numbers, Some(&self.chinese_words))
            })
            .unwrap_or_default()
    }

    /// Run every check on one document.
    pub fn check(&self, doc: &Document) -> DocumentReport {
        self.analyze(doc, false).0
    }

    /// [`Engine::check`], with the view of the aligned text (sentences, beads, numbers and
    /// their matches) a side-by-side report shows.
    pub fn check_with_view(&self, doc: &Document) -> DocumentReport {
        self.analyze(doc, true).0
    }

    /// The report of one document with the view `bitext align` writes: the aligner's beads of
    /// every paired section (not the title), each with its score.
    pub fn aligned_view(&self, doc: &Document) -> DocumentReport {
        let (mut report, analyzed) = self.analyze(doc, true);
        if let Some(view) = report.view.as_mut() {
            for (pair, section_pairs) in view.pairs.iter_mut().zip(&analyzed) {
                pair.sections.retain(|s| s.id != TITLE);
                for (section, sp) in pair.sections.iter_mut().zip(section_pairs) {
                    let (en, zh) = self.section_sentences(doc, sp);
                    let beads = self.align_sentences(doc, &en, &zh);
                    section.beads = crate::view::bead_indices(&beads, &en, &zh);
                }
            }
        }
        report
    }

    /// The report of one document and what it was built on: the paired sections of each abstract
    /// pair (so `align` reuses them instead of detecting the page again). With `view`, the report
    /// also holds the aligned text.
    fn analyze(&self, doc: &Document, view: bool) -> (DocumentReport, Vec<Vec<SectionPair>>) {
        let (pairs, detection) = self.pairs(doc);
        let mut report = DocumentReport {
            path: doc.path.clone(),
            id: doc
                .id
                .clone()
                .or_else(|| detection.as_ref().and_then(|d| d.doi.clone())),
            pairs: Vec::with_capacity(pairs.len()),
            findings: Vec::new(),
            view: view.then(DocumentView::default),
        };
        if pairs.is_empty() {
            report
                .findings
                .push(self.no_translation(doc, detection.as_ref()));
        }
        let mut analyzed = Vec::with_capacity(pairs.len());
        let mut add = |(section_pairs, pair_report, findings, pair_view): PairParts| {
            report.pairs.push(pair_report);
            report.findings.extend(findings);
            if let (Some(view), Some(pair_view)) = (report.view.as_mut(), pair_view) {
                view.pairs.push(pair_view);
            }
            analyzed.push(section_pairs);
        };
        if view {
            // The view numbers its links across the whole document: one pair after another.
            let mut next_link = 0;
            for (index, pair) in pairs.iter().enumerate() {
                add(self.pair_parts(doc, index, pair, Some(&mut next_link)));
            }
        } else {
            // A page may hold thousands of pairs: they are checked in parallel, on the pool the
            // batch runs in (so `-j` holds), and kept in page order.
            let parts: Vec<PairParts> = pairs
                .par_iter()
                .enumerate()
                .map(|(index, pair)| self.pair_parts(doc, index, pair, None))
                .collect();
            parts.into_iter().for_each(&mut add);
        }
        self.configure(&mut report.findings);
        // In reading order: page-level findings first, then each pair's by position.
        report.findings.sort_by_key(|f| {
            let at = f.primary().map_or((0, 0), |l| (l.line, l.column));
            (f.pair.map_or(0, |p| p + 1), at)
        });
        (report, analyzed)
    }

    /// Everything one abstract pair adds to its document's report: its paired sections, its
    /// report entry, its findings and, when `next_link` is given, its view.
    fn pair_parts(
        &self,
        doc: &Document,
        index: usize,
        pair: &PairedText,
        next_link: Option<&mut usize>,
    ) -> PairParts {
        let section_pairs = self.section_pairs(doc, pair);
        let pair_report = self.pair_report(doc, pair, &section_pairs);
        let mut pair_view = next_link.is_some().then(|| PairView {
            machine_translation_notice: pair.machine_translation_notice.as_ref().map(|r| {
                let line = doc.locator.position(r.start).line;
                (
                    line,
                    doc.text.get(r.clone()).unwrap_or("").trim().to_owned(),
                )
            }),
            sections: Vec::new(),
        });
        let view_of = pair_view
            .as_mut()
            .zip(next_link)
            .map(|(p, next_link)| (&mut p.sections, next_link));
        let findings = self.check_pair(doc, index, pair, &section_pairs, view_of);
        (section_pairs, pair_report, findings, pair_view)
    }

    /// The checks of one abstract pair: each section (the title pair first) aligned once, the
    /// section checks on each, then the checks that compare sections (document-wide length
    /// ratios, terms, acronyms). With `view`, each section's view is pushed to it (link ids
    /// counted by the `usize`).
    fn check_pair(
        &self,
        doc: &Document,
        index: usize,
        pair: &PairedText,
        section_pairs: &[SectionPair],
        mut view: Option<(&mut Vec<SectionView>, &mut usize)>,
    ) -> Vec<Finding> {
        let title = self.title_pair(pair);
        let all: Vec<&SectionPair> = title.iter().chain(section_pairs).collect();
        let mut findings = Vec::new();
        let mut beads: Vec<Vec<SentenceBead>> = Vec::with_capacity(all.len());
        for sp in &all {
            if sp.en.is_some() && sp.zh.is_some() {
                beads.push(self.beads_for_check(doc, sp));
            } else {
                beads.push(Vec::new());
            }
            let beads = beads.last().map_or(&[][..], Vec::as_slice);
            let (found, numbers) = self.check_section(doc, index, pair.source, sp, beads);
            findings.extend(found);
            if let Some((sections, next_link)) = view.as_mut() {
                sections.push(self.section_view(doc, sp, beads, numbers, next_link));
            }
        }
        let aligned: Vec<AlignedSection> = all
            .iter()
            .zip(&beads)
            .filter(|(sp, _)| sp.en.is_some() && sp.zh.is_some())
            .map(|(sp, beads)| self.aligned(doc, index, pair.source, sp, beads))
            .collect();
        findings.extend(checks::acronyms::check(&aligned));
        findings.extend(checks::length::check(
            &aligned,
            self.config.thresholds.length_ratio,
        ));
        findings.extend(checks::terms::check(
            &aligned,
            self.aligner.glossary(),
            self.aligner.stemmer(),
            &self.chinese_words,
        ));
        let sections: Vec<checks::truncated::SectionSides> = all
            .iter()
            .zip(&beads)
            .filter(|(sp, _)| sp.id != TITLE)
            .map(|(sp, beads)| checks::truncated::SectionSides {
                id: &sp.id,
                en: sp.en.as_ref().map(|s| s.body.clone()),
                zh: sp.zh.as_ref().map(|s| s.body.clone()),
                beads: (sp.en.is_some() && sp.zh.is_some()).then_some(beads.as_slice()),
            })
            .collect();
        if let Some(cut) = checks::truncated::find(doc, index, &pair.en, &pair.zh, &sections) {
            findings.retain(|f| !cut.explains(f));
            let mut finding = cut.finding;
            finding.severity = self.severity(finding.rule);
            findings.push(finding);
        }
        findings
    }

    fn aligned<'a>(
        &self,
        doc: &'a Document,
        pair: usize,
        source: Lang,
        sp: &'a SectionPair,
        beads: &'a [SentenceBead],
    ) -> AlignedSection<'a> {
        AlignedSection {
            doc,
            pair,
            section: &sp.id,
            source,
            beads,
        }
    }

    /// The view of one section from what its checks computed; the numbers of a section with one
    /// side only (not compared) are read here.
    fn section_view(
        &self,
        doc: &Document,
        sp: &SectionPair,
        beads: &[SentenceBead],
        numbers: Option<SectionNumbers>,
        next_link: &mut usize,
    ) -> SectionView {
        let (en, zh) = self.section_sentences(doc, sp);
        let numbers = numbers.unwrap_or_else(|| {
            let side = |s: &Option<Section>, lang| {
                s.as_ref()
                    .map(|s| self.numbers_of(doc, &s.body, lang))
                    .unwrap_or_default()
            };
            SectionNumbers {
                en: side(&sp.en, Lang::En),
                zh: side(&sp.zh, Lang::Zh),
                links: Vec::new(),
            }
        });
        let base = |s: &Option<Section>| s.as_ref().map_or(0, |s| s.body.start);
        fn label(s: &Option<Section>) -> Option<&str> {
            s.as_ref().and_then(|s| s.label.as_deref())
        }
        crate::view::section_view(
            doc,
            &crate::view::SectionParts {
                id: &sp.id,
                en_label: label(&sp.en),
                zh_label: label(&sp.zh),
                has_en: sp.en.is_some(),
                has_zh: sp.zh.is_some(),
                en: &en,
                zh: &zh,
                beads,
                en_numbers: crate::view::SideNumbers {
                    base: base(&sp.en),
                    mentions: &numbers.en,
                },
                zh_numbers: crate::view::SideNumbers {
                    base: base(&sp.zh),
                    mentions: &numbers.zh,
                },
                links: &numbers.links,
            },
            next_link,
        )
    }

    /// The checks of one section, and the numbers they compared (none when a side is absent).
    fn check_section(
        &self,
        doc: &Document,
        pair: usize,
        source: Lang,
        sp: &SectionPair,
        beads: &[SentenceBead],
    ) -> (Vec<Finding>, Option<SectionNumbers>) {
        let (en, zh) = match (&sp.en, &sp.zh) {
            (Some(en), Some(zh)) => (en, zh),
            (one_en, one_zh) => {
                let (present, lang) = match (one_en, one_zh) {
                    (Some(s), None) => (s, Lang::En),
                    (None, Some(s)) => (s, Lang::Zh),
                    _ => return (Vec::new(), None),
                };
                let at = present.label_range.clone().unwrap_or(present.body.clone());
                let loc = checks::locate(doc, at, None);
                let label = present.label.as_deref().unwrap_or(BODY);
                let message = format!(
                    "the {} {} section ({label}) has no counterpart in the {}",
                    lang.name(),
                    sp.id,
                    lang.other().name()
                );
                let (en_loc, zh_loc) = if lang == Lang::En {
                    (Some(loc), None)
                } else {
                    (None, Some(loc))
                };
                let finding = Finding {
                    rule: SECTION_MISSING,
                    severity: self.severity(SECTION_MISSING),
                    pair: Some(pair),
                    section: Some(sp.id.clone()),
                    en: en_loc,
                    zh: zh_loc,
                    message,
                };
                return (vec![finding], None);
            }
        };
        let en_numbers = self.numbers_of(doc, &en.body, Lang::En);
        let zh_numbers = self.numbers_of(doc, &zh.body, Lang::Zh);
        let identifiers_of = |body: &Range<usize>| {
            doc.text
                .get(body.clone())
                .map(|text| numbers::identifiers(text, &self.numbers))
                .unwrap_or_default()
        };
        let (en_ids, zh_ids) = (identifiers_of(&en.body), identifiers_of(&zh.body));
        let aligned = self.aligned(doc, pair, source, sp, beads);
        let (mut findings, links) = checks::numbers::check_section_linked(
            &aligned,
            &SectionSide {
                lang: Lang::En,
                range: en.body.clone(),
                mentions: &en_numbers,
                identifiers: &en_ids,
            },
            &SectionSide {
                lang: Lang::Zh,
                range: zh.body.clone(),
                mentions: &zh_numbers,
                identifiers: &zh_ids,
            },
            &self.numbers,
        );
        findings.extend(checks::omissions::check(
            &aligned,
            self.aligner.glossary(),
            self.aligner.stemmer(),
        ));
        findings.extend(checks::untranslated::check(&aligned));
        let numbers = SectionNumbers {
            en: en_numbers,
            zh: zh_numbers,
            links,
        };
        (findings, Some(numbers))
    }

    fn no_translation(&self, doc: &Document, detection: Option<&Detection>) -> Finding {
        let message = match detection {
            Some(d) => {
                let count = |lang: Lang| d.unpaired.iter().filter(|a| a.lang == lang).count();
                match (count(Lang::En), count(Lang::Zh)) {
                    (0, 0) => "no abstract found on this page".to_owned(),
                    (en, 0) => format!(
                        "no Chinese translation found: the page has {en} English abstract{} and no Chinese one",
                        if en == 1 { "" } else { "s" }
                    ),
                    (0, zh) => format!(
                        "no English abstract found: the page has {zh} Chinese abstract{} and no English one",
                        if zh == 1 { "" } else { "s" }
                    ),
                    (en, zh) => format!("{en} English and {zh} Chinese abstracts, but none translates another"),
                }
            }
            None => "one side is empty: nothing to compare".to_owned(),
        };
        let _ = doc;
        Finding {
            rule: NO_TRANSLATION,
            severity: self.severity(NO_TRANSLATION),
            pair: None,
            section: None,
            en: None,
            zh: None,
            message,
        }
    }

    fn pair_report(
        &self,
        doc: &Document,
        pair: &PairedText,
        sections: &[SectionPair],
    ) -> PairReport {
        let lines = |r: &Range<usize>| {
            let start = doc.locator.position(r.start).line;
            let end = doc
                .locator
                .position(r.end.saturating_sub(1).max(r.start))
                .line;
            (start, end)
        };
        let (es, ee) = lines(&pair.en);
        let (zs, ze) = lines(&pair.zh);
        let label = |s: &Option<Section>| {
            s.as_ref().map(|s| SectionLabel {
                label: s.label.clone(),
                line: doc.locator.position(s.start()).line,
            })
        };
        PairReport {
            en: LineSpan {
                start_line: es,
                end_line: ee,
            },
            zh: TranslationSpan {
                start_line: zs,
                end_line: ze,
                machine_translated: pair.machine_translated.then_some(true),
            },
            sections: sections
                .iter()
                .map(|sp| SectionReport {
                    id: sp.id.clone(),
                    en: label(&sp.en),
                    zh: label(&sp.zh),
                })
                .collect(),
            source: pair.source,
            source_reason: pair.source_reason.clone(),
        }
    }
}
