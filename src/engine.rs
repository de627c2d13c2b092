//! The engine: what is costly to build (language detector, dictionaries, aligner, segmenter),
//! built once and shared by reference across threads, and the pipeline run on one document:
//! detect the abstracts, pair their sections, align the sentences, run the checks. It returns
//! data (the [`crate::model`]), never text.

use crate::align::embed::{ModelError, PendingEncoder};
use crate::align::{Aligner, WindowVectors};
use crate::checks::{self, numbers::SectionSide, NO_TRANSLATION, SECTION_MISSING};
use crate::config::{Config, ConfigError};
use crate::detect::{self, Block, Candidate, Detection, Detector};
use crate::dictionaries::{Dictionaries, DictionaryError};
use crate::finding::Finding;
use crate::input::{Document, InputError, Layout};
use crate::lang::Lang;
use crate::model::{
    AlignedBead, AlignedSection, DetectReport, DetectedPair, DocumentReport, DocumentView,
    LineSpan, Lines, PairReport, PairView, PairedText, SectionLabel, SectionPair, SectionReport,
    SectionView, SentenceBead, TranslationSpan, TITLE,
};
use crate::numbers::{self, NumberDictionaries, NumberMention};
use crate::policy::{Baseline, Policy, PolicyError};
use crate::rule::Rule;
use crate::sections::{self, Section, BODY};
use crate::segment;
use rayon::prelude::*;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// What one abstract pair adds to its document's report (see `Engine::pair_parts`).
/// Its paired sections come with the beads the aligner made for them, for `align` to reuse.
type PairParts = (
    Vec<(SectionPair, Option<Vec<SentenceBead>>)>,
    PairReport,
    Vec<Finding>,
    Option<PairView>,
);

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
    #[error("{0}")]
    Model(#[from] ModelError),
    #[error("{0}")]
    Config(#[from] ConfigError),
    #[error("{0}")]
    Policy(#[from] PolicyError),
}

/// How documents are read, for a whole run or one call ([`Engine::check_with`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// The original side: "missing" means in it and not in the other. `None` decides per pair
    /// from the page's evidence (`--source auto`).
    pub source: Option<Lang>,
}

/// The checker: build it once, then check or align any number of documents, from any number of
/// threads (`Engine` is `Sync`).
///
/// ```
/// use bitext::{Engine, Options};
///
/// let engine = Engine::new(Options::default())?;
/// let page = std::fs::read_to_string("examples/pages/000_a2465f15cc8c9f35.txt")?;
/// let report = engine.check_page("000.txt", &page);
/// assert_eq!(report.pairs[0].sections[0].id, "background");
/// for finding in &report.findings {
///     println!("{}: {} {}", finding.severity, finding.rule, finding.message);
/// }
/// // The contract's JSON, as `bitext check --format json` writes each document:
/// let json = serde_json::to_string(&report)?;
/// # assert!(json.starts_with("{\"path\":\"000.txt\""));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Engine {
    aligner: Aligner,
    /// Chinese word segmentation (jieba, its dictionary looked up rather than loaded).
    chinese_words: segment::ChineseWords,
    dictionaries: Dictionaries,
    numbers: NumberDictionaries,
    detector: Detector,
    options: Options,
    config: Config,
    policy: Policy,
}

/// What the checks of a document computed that `align` reuses: per abstract pair, its paired
/// sections (not the title), each with the beads the checks read when the aligner made them.
type Analyzed = Vec<Vec<(SectionPair, Option<Vec<SentenceBead>>)>>;

/// The sentences of a paired section's two sides: English, Chinese.
type SectionSentences = (Vec<Range<usize>>, Vec<Range<usize>>);

/// Number extraction asks jieba whether a numeral is inside a word (`三甲医院`).
impl numbers::WordCutter for segment::ChineseWords {
    fn words(&self, text: &str) -> Vec<Range<usize>> {
        segment::ChineseWords::words(self, text)
    }
}

/// Sentences in order whose length ratios all lie within this factor of the calibrated ratio
/// are taken as aligned 1-1 without running the aligner (see [`Engine::beads_for_check`]).
const DIAGONAL_LENGTH_FACTOR: f64 = 2.0;

/// The numbers of both sides of a paired section (offsets relative to each body) and which
/// matched which: (English index, Chinese index).
struct SectionNumbers {
    en: Vec<NumberMention>,
    zh: Vec<NumberMention>,
    links: Vec<(usize, usize)>,
}

impl Engine {
    /// An engine with the built-in dictionaries and default rules.
    pub fn new(options: Options) -> Result<Engine, EngineError> {
        Engine::with_config(options, Config::default(), Path::new("."))
    }

    /// An engine with the config of `path` (a `bitext.toml`), or of `./bitext.toml` when `None`
    /// and that file exists, else the defaults: what the CLI's `--config` does.
    pub fn from_config_file(options: Options, path: Option<&Path>) -> Result<Engine, EngineError> {
        let (config, base) = Config::discover(path)?;
        Engine::with_config(options, config, &base)
    }

    /// Report only the findings that `baseline` (an earlier JSON report) does not hold, as the
    /// CLI's `--baseline` does.
    pub fn with_baseline(mut self, baseline: Baseline) -> Engine {
        self.policy = self.policy.with_baseline(baseline);
        self
    }

    /// The configuration the engine was built with.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The options documents are read with unless a call gives others.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// The path filter, suppressions and baseline applied to every report.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// An engine with the rules and extra dictionaries of `config` (its relative paths taken
    /// from `base`).
    pub fn with_config(
        options: Options,
        config: Config,
        base: &Path,
    ) -> Result<Engine, EngineError> {
        // The sentence encoder takes longest to load: it loads beside the rest.
        let mut engine = Engine::with_config_loading(options, config, base)?;
        engine.aligner.finish_loading()?;
        Ok(engine)
    }

    /// [`Engine::with_config`], returning before the sentence encoder has loaded: documents are
    /// read and detected while it loads, and their first alignment waits for it. Nothing the
    /// engine gives is to be used before [`Engine::model_ready`] says the model loaded.
    pub(crate) fn with_config_loading(
        options: Options,
        config: Config,
        base: &Path,
    ) -> Result<Engine, EngineError> {
        let model = Engine::start_model(&config, base);
        let mut engine = Engine::without_encoder(options, config, base)?;
        if let Some(model) = model {
            engine.aligner.set_pending_encoder(model);
        }
        Ok(engine)
    }

    /// Starts loading the configured model, if any.
    fn start_model(config: &Config, base: &Path) -> Option<PendingEncoder> {
        let dir = base.join(config.align.model.as_ref()?);
        Some(PendingEncoder::load(dir))
    }

    /// Waits for the sentence encoder to load, when a model is configured: its error if it
    /// could not be (only an engine from `with_config_loading` can still be loading).
    pub fn model_ready(&self) -> Result<(), &ModelError> {
        self.aligner.model_ready()
    }

    fn without_encoder(
        options: Options,
        config: Config,
        base: &Path,
    ) -> Result<Engine, EngineError> {
        // What the first page would otherwise set up on its way (regular expressions, the
        // Chinese dictionary's index: about ten milliseconds) is set up beside the rest, when a
        // thread can be had.
        let _ = std::thread::Builder::new().spawn(|| {
            detect::warm_up();
            numbers::warm_up();
            segment::ChineseWords::warm_up();
        });
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
        let policy = Policy::new(&config)?;
        Ok(Engine {
            policy,
            aligner,
            chinese_words: segment::ChineseWords::new(),
            dictionaries,
            numbers,
            detector,
            options,
            config,
        })
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

    fn detection(&self, doc: &Document) -> Detection {
        self.detector.detect(&doc.text, &self.dictionaries)
    }

    /// The abstract pairs of a document and, for pages, what detection found.
    fn pairs(&self, doc: &Document, source: Option<Lang>) -> (Vec<PairedText>, Option<Detection>) {
        match &doc.layout {
            Layout::Paired { en, zh, .. } => {
                let has_text = |r: &Range<usize>| {
                    doc.text
                        .get(r.clone())
                        .is_some_and(|t| !t.trim().is_empty())
                };
                let (source, source_reason) = match source {
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
                let detection = self.detection(doc);
                let pairs = detection
                    .pairs
                    .iter()
                    .map(|p| {
                        let (source, source_reason) = match source {
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
    fn section_pairs(&self, doc: &Document, pair: &PairedText) -> Vec<SectionPair> {
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
    fn title_pair(&self, pair: &PairedText) -> Option<SectionPair> {
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
    fn sentences(&self, doc: &Document, body: &Range<usize>, lang: Lang) -> Vec<Range<usize>> {
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
    fn section_sentences(&self, doc: &Document, sp: &SectionPair) -> SectionSentences {
        let side = |s: &Option<Section>, lang| {
            s.as_ref()
                .map(|s| self.sentences(doc, &s.body, lang))
                .unwrap_or_default()
        };
        (side(&sp.en, Lang::En), side(&sp.zh, Lang::Zh))
    }

    /// Align the sentences of a paired section. A side that is absent gives beads with one side.
    fn align_section(&self, doc: &Document, sp: &SectionPair) -> Vec<SentenceBead> {
        let (en, zh) = self.section_sentences(doc, sp);
        self.align_sentences(doc, &en, &zh, None)
    }

    /// `vectors`: both sides' window vectors, if the sentence encoder has made them.
    fn align_sentences(
        &self,
        doc: &Document,
        en: &[Range<usize>],
        zh: &[Range<usize>],
        vectors: Option<(&WindowVectors, &WindowVectors)>,
    ) -> Vec<SentenceBead> {
        let text = |r: &Range<usize>| doc.text.get(r.clone()).unwrap_or("");
        let en_text: Vec<&str> = en.iter().map(text).collect();
        let zh_text: Vec<&str> = zh.iter().map(text).collect();
        match vectors {
            Some(vectors) => self.aligner.align_with(&en_text, &zh_text, Some(vectors)),
            None => self.aligner.align(&en_text, &zh_text),
        }
        .into_iter()
        .map(|b| SentenceBead {
            en: en[b.en.clone()].to_vec(),
            zh: zh[b.zh.clone()].to_vec(),
            score: b.score,
        })
        .collect()
    }

    /// The aligned sentences of every paired section of a document, in order, each with the
    /// rules of the findings that fall in it: what `bitext align` writes.
    ///
    /// ```
    /// # let engine = bitext::Engine::new(bitext::Options::default())?;
    /// let doc = bitext::Document::sentences(
    ///     "pair".into(),
    ///     None,
    ///     vec!["We enrolled 14 patients.".into(), "All recovered.".into()],
    ///     vec!["我们纳入了14名患者。".into(), "所有患者均康复。".into()],
    /// );
    /// let beads = engine.align(&doc);
    /// assert_eq!(beads.len(), 2);
    /// assert_eq!((beads[0].en.as_str(), beads[0].zh.as_str()), ("We enrolled 14 patients.", "我们纳入了14名患者。"));
    /// assert_eq!((beads[1].en_lines.clone(), beads[1].zh_lines.clone()), (vec![2], vec![2]));
    /// # Ok::<(), bitext::EngineError>(())
    /// ```
    pub fn align(&self, doc: &Document) -> Vec<AlignedBead> {
        self.align_with(doc, &self.options)
    }

    /// [`Engine::align`] with other options for this document.
    pub fn align_with(&self, doc: &Document, options: &Options) -> Vec<AlignedBead> {
        let (report, analyzed) = self.analyze(doc, false, options.source);
        let overlaps = |loc: &Option<crate::finding::Location>, span: &Option<Range<usize>>| matches!((loc.as_ref().and_then(|l| l.range.clone()), span), (Some(r), Some(s)) if r.start < s.end && s.start < r.end);
        let mut beads = Vec::new();
        for (index, section_pairs) in analyzed.into_iter().enumerate() {
            for (sp, checked) in section_pairs {
                let aligned = checked.unwrap_or_else(|| self.align_section(doc, &sp));
                for b in aligned {
                    let (en_span, zh_span) = (SentenceBead::span(&b.en), SentenceBead::span(&b.zh));
                    let mut findings: Vec<Rule> = report
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
    /// The second value says whether the aligner made them (so `align` can reuse them).
    /// `en`, `zh`: the section's sentences; `vectors` as for [`Engine::align_sentences`].
    fn beads_for_check(
        &self,
        doc: &Document,
        (en, zh): &SectionSentences,
        vectors: Option<(&WindowVectors, &WindowVectors)>,
    ) -> (Vec<SentenceBead>, bool) {
        // With a sentence encoder the aligner has the better evidence: always ask it.
        if en.len() == zh.len() && !en.is_empty() && self.aligner.encoder().is_none() {
            let gate = self
                .config
                .thresholds
                .length_ratio
                .min(DIAGONAL_LENGTH_FACTOR)
                .ln();
            let text = |r: &Range<usize>| doc.text.get(r.clone()).unwrap_or("");
            let fits: Option<Vec<f32>> = en
                .iter()
                .zip(zh)
                .map(|(e, z)| {
                    let deviation = checks::length::log_deviation(text(e), text(z))?;
                    (deviation.abs() <= gate).then(|| 1.0 - 0.5 * (deviation.abs() / gate) as f32)
                })
                .collect();
            if let Some(scores) = fits {
                let diagonal = en
                    .iter()
                    .zip(zh)
                    .zip(scores)
                    .map(|((e, z), score)| SentenceBead {
                        en: vec![e.clone()],
                        zh: vec![z.clone()],
                        score,
                    })
                    .collect();
                return (diagonal, false);
            }
        }
        (self.align_sentences(doc, en, zh, vectors), true)
    }

    /// With a sentence encoder, the window vectors of every section with both sides (`None`
    /// for the others), made in one pass ([`SentenceEncoder::embed_runs`]); one entry for each
    /// of `sections`, given by their sentences.
    fn embed_sections(
        &self,
        doc: &Document,
        sections: &[Option<SectionSentences>],
    ) -> Option<Vec<Option<(WindowVectors, WindowVectors)>>> {
        let encoder = self.aligner.encoder()?;
        let text = |r: &Range<usize>| doc.text.get(r.clone()).unwrap_or("");
        let both: Vec<Option<(Vec<&str>, Vec<&str>)>> = sections
            .iter()
            .map(|sides| {
                let (en, zh) = sides.as_ref()?;
                Some((en.iter().map(text).collect(), zh.iter().map(text).collect()))
            })
            .collect();
        let runs: Vec<&[&str]> = both
            .iter()
            .flatten()
            .flat_map(|(en, zh)| [en.as_slice(), zh.as_slice()])
            .collect();
        let mut vectors = encoder.embed_runs(&runs).into_iter();
        Some(
            both.iter()
                .map(|sides| {
                    sides.as_ref()?;
                    Some((vectors.next()?, vectors.next()?))
                })
                .collect(),
        )
    }

    /// Numbers of a section body; offsets are relative to the body.
    fn numbers_of(&self, doc: &Document, body: &Range<usize>, lang: Lang) -> Vec<NumberMention> {
        doc.text
            .get(body.clone())
            .map(|text| {
                numbers::extract_with_words(text, lang, &self.numbers, Some(&self.chinese_words))
            })
            .unwrap_or_default()
    }

    /// Run every check on one document: the contract's document report, with the config's
    /// severities, suppressions and the baseline applied (as `bitext check` reports it).
    pub fn check(&self, doc: &Document) -> DocumentReport {
        self.check_with(doc, &self.options)
    }

    /// [`Engine::check`] with other options for this document (e.g. which side is the original).
    pub fn check_with(&self, doc: &Document, options: &Options) -> DocumentReport {
        let mut report = self.analyze(doc, false, options.source).0;
        self.policy.apply(&mut report);
        report
    }

    /// Check a page (plain text: the abstracts are found in it). `path` names it in the report.
    pub fn check_page(&self, path: &str, text: &str) -> DocumentReport {
        self.check(&Document::page(path.to_owned(), text.to_owned()))
    }

    /// Check an English abstract against its Chinese translation (each split into sentences).
    ///
    /// ```
    /// # let engine = bitext::Engine::new(bitext::Options::default())?;
    /// let report = engine.check_pair(
    ///     "pair.en",
    ///     "Interviews (n = 14) were held in 2021.",
    ///     "2021年进行了访谈(n=41)。",
    /// );
    /// let finding = &report.findings[0];
    /// assert_eq!(finding.rule, bitext::Rule::NumberMismatch);
    /// assert_eq!(finding.en.as_ref().unwrap().value.as_deref(), Some("14"));
    /// # Ok::<(), bitext::EngineError>(())
    /// ```
    pub fn check_pair(&self, path: &str, en: &str, zh: &str) -> DocumentReport {
        self.check(&Document::pair(
            path.to_owned(),
            None,
            en.to_owned(),
            zh.to_owned(),
        ))
    }

    /// Check one JSONL record (`{"id", "en", "zh"}` or `{"id", "page"}`), as `--jsonl` reads it;
    /// `source` names the input (`-` for standard input), so the report's path is `source#id`.
    ///
    /// ```
    /// # let engine = bitext::Engine::new(bitext::Options::default())?;
    /// let report = engine.check_record("-", r#"{"id": "r1", "en": ["Five died."], "zh": ["五人死亡。"]}"#)?;
    /// assert_eq!(report.path, "-#r1");
    /// assert!(report.findings.is_empty());
    /// let error = engine.check_record("-", r#"{"id": "r2", "en": "text"}"#).unwrap_err();
    /// assert!(error.to_string().contains("has \"en\" but no \"zh\""), "{error}");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn check_record(&self, source: &str, line: &str) -> Result<DocumentReport, InputError> {
        Ok(self.check(&Document::from_record(source, 1, line)?))
    }

    /// The documents of files and directories, read as `bitext check PATH...` reads them, one
    /// at a time: a directory walked recursively in sorted path order (hidden files skipped), the
    /// config's path filter applied to the files found by walking, files found by walking that
    /// are not text skipped; `-` is standard input. An input that cannot be read is an error
    /// naming it, and the next one follows.
    ///
    /// ```
    /// # let engine = bitext::Engine::new(bitext::Options::default())?;
    /// let reports: Vec<_> = engine
    ///     .read_paths(&["examples/pages".into()])
    ///     .map(|doc| doc.map(|doc| engine.check(&doc)))
    ///     .collect::<Result<_, _>>()?;
    /// assert_eq!(reports.len(), 5);
    /// assert!(reports[0].path.starts_with("examples/pages/000_"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn read_paths<'a>(
        &'a self,
        inputs: &[PathBuf],
    ) -> impl Iterator<Item = Result<Document, InputError>> + 'a {
        crate::input::expand(inputs)
            .into_iter()
            .filter_map(move |source| {
                let source = match source {
                    Ok(source) => source,
                    Err(e) => return Some(Err(e)),
                };
                let walked = matches!(
                    &source,
                    crate::input::Source::File {
                        explicit: false,
                        ..
                    }
                );
                if let crate::input::Source::File {
                    path,
                    explicit: false,
                } = &source
                {
                    if !self.policy.allows_walked(path) {
                        return None;
                    }
                }
                match crate::input::read_document(&source) {
                    Err(e) if walked && e.is_not_text() => None,
                    read => Some(read),
                }
            })
    }

    /// What `bitext detect` shows of a document: blocks, abstracts weighed, pairs found.
    pub fn detect(&self, doc: &Document) -> DetectReport {
        self.detect_with(doc, &self.options)
    }

    /// [`Engine::detect`] with other options for this document.
    pub fn detect_with(&self, doc: &Document, options: &Options) -> DetectReport {
        let (pairs, detection) = self.pairs(doc, options.source);
        detect_report(doc, &pairs, detection.as_ref())
    }

    /// [`Engine::check_with`], with the view of the aligned text (sentences, beads, numbers and
    /// their matches) a side-by-side report shows.
    #[doc(hidden)]
    pub fn check_with_view(&self, doc: &Document, options: &Options) -> DocumentReport {
        let mut report = self.analyze(doc, true, options.source).0;
        self.policy.apply(&mut report);
        report
    }

    /// The report of one document with the view `bitext align` writes: the aligner's beads of
    /// every paired section (not the title), each with its score. The findings are the checks'
    /// (no suppressions: `align` reports none).
    #[doc(hidden)]
    pub fn aligned_view(&self, doc: &Document, options: &Options) -> DocumentReport {
        let (mut report, analyzed) = self.analyze(doc, true, options.source);
        if let Some(view) = report.view.as_mut() {
            for (pair, section_pairs) in view.pairs.iter_mut().zip(analyzed) {
                pair.sections.retain(|s| s.id != TITLE);
                for (section, (sp, checked)) in pair.sections.iter_mut().zip(section_pairs) {
                    let (en, zh) = self.section_sentences(doc, &sp);
                    let beads =
                        checked.unwrap_or_else(|| self.align_sentences(doc, &en, &zh, None));
                    section.beads = crate::view::bead_indices(&beads, &en, &zh);
                }
            }
        }
        report
    }

    /// The report of one document and what it was built on: the paired sections of each abstract
    /// pair (so `align` reuses them instead of detecting the page again). With `view`, the report
    /// also holds the aligned text.
    fn analyze(
        &self,
        doc: &Document,
        view: bool,
        source: Option<Lang>,
    ) -> (DocumentReport, Analyzed) {
        let (pairs, detection) = self.pairs(doc, source);
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
                .push(self.no_translation(detection.as_ref()));
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
        let (findings, beads) = self.check_abstract_pair(doc, index, pair, &section_pairs, view_of);
        let section_pairs = section_pairs.into_iter().zip(beads).collect();
        (section_pairs, pair_report, findings, pair_view)
    }

    /// The checks of one abstract pair: each section (the title pair first) aligned once, the
    /// section checks on each, then the checks that compare sections (document-wide length
    /// ratios, terms, acronyms). With `view`, each section's view is pushed to it (link ids
    /// counted by the `usize`). Returns the findings and, for each of `section_pairs`, the
    /// beads when the aligner made them.
    fn check_abstract_pair(
        &self,
        doc: &Document,
        index: usize,
        pair: &PairedText,
        section_pairs: &[SectionPair],
        mut view: Option<(&mut Vec<SectionView>, &mut usize)>,
    ) -> (Vec<Finding>, Vec<Option<Vec<SentenceBead>>>) {
        let title = self.title_pair(pair);
        let all: Vec<&SectionPair> = title.iter().chain(section_pairs).collect();
        let mut findings = Vec::new();
        // The sections align in parallel (with a sentence encoder, most of a page's time).
        // Each section's sentences, when it has both sides.
        let sentences: Vec<Option<SectionSentences>> = all
            .iter()
            .map(|sp| (sp.en.is_some() && sp.zh.is_some()).then(|| self.section_sentences(doc, sp)))
            .collect();
        let vectors = self.embed_sections(doc, &sentences);
        let (beads, by_aligner): (Vec<Vec<SentenceBead>>, Vec<bool>) = sentences
            .par_iter()
            .enumerate()
            .map(|(k, sides)| match sides {
                Some(sides) => {
                    let vectors = vectors
                        .as_ref()
                        .and_then(|v| v.get(k)?.as_ref())
                        .map(|(en, zh)| (en, zh));
                    self.beads_for_check(doc, sides, vectors)
                }
                None => (Vec::new(), false),
            })
            .unzip();
        // Each section's checks, and those of the pair's aligned text as a whole, in parallel.
        let (by_section, whole) = rayon::join(
            || {
                all.par_iter()
                    .zip(&beads)
                    .map(|(sp, beads)| self.check_section(doc, index, pair.source, sp, beads))
                    .collect::<Vec<_>>()
            },
            || {
                let aligned: Vec<AlignedSection> = all
                    .iter()
                    .zip(&beads)
                    .filter(|(sp, _)| sp.en.is_some() && sp.zh.is_some())
                    .map(|(sp, beads)| self.aligned(doc, index, pair.source, sp, beads))
                    .collect();
                let mut found = checks::acronyms::check(&aligned);
                found.extend(checks::length::check(
                    &aligned,
                    self.config.thresholds.length_ratio,
                ));
                found.extend(checks::terms::check(
                    &aligned,
                    self.aligner.glossary(),
                    self.aligner.stemmer(),
                    &self.chinese_words,
                ));
                found
            },
        );
        for ((sp, beads), (found, numbers)) in all.iter().zip(&beads).zip(by_section) {
            findings.extend(found);
            if let Some((sections, next_link)) = view.as_mut() {
                sections.push(self.section_view(doc, sp, beads, numbers, next_link));
            }
        }
        findings.extend(whole);
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
            finding.severity = finding.rule.default_severity();
            findings.push(finding);
        }
        let reusable = beads
            .into_iter()
            .zip(by_aligner)
            .skip(usize::from(title.is_some()))
            .map(|(beads, aligner)| aligner.then_some(beads))
            .collect();
        (findings, reusable)
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
                    severity: SECTION_MISSING.default_severity(),
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

    fn no_translation(&self, detection: Option<&Detection>) -> Finding {
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
        Finding {
            rule: NO_TRANSLATION,
            severity: NO_TRANSLATION.default_severity(),
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

/// The report of `bitext detect` from what detection found, lines counted in the input.
fn detect_report(
    doc: &Document,
    pairs: &[PairedText],
    detection: Option<&Detection>,
) -> DetectReport {
    let line = |offset: usize| doc.locator.position(offset).line;
    let lines = |r: &Range<usize>, title: Option<&Range<usize>>| Lines {
        start_line: line(r.start),
        end_line: line(r.end.saturating_sub(1).max(r.start)),
        title_line: title.map(|t| line(t.start)),
    };
    // Block lines as in the input (for HTML, the markup), like every other line bitext reports.
    let source_lines = |b: &Block| Block {
        start_line: line(b.range.start),
        end_line: line(b.range.end.saturating_sub(1).max(b.range.start)),
        ..b.clone()
    };
    let candidate_lines = |c: &Candidate| Candidate {
        start_line: line(c.range.start),
        end_line: line(c.range.end.saturating_sub(1).max(c.range.start)),
        ..c.clone()
    };
    let detected_pairs = pairs
        .iter()
        .map(|p| DetectedPair {
            en: lines(&p.en, p.en_title.as_ref()),
            zh: lines(&p.zh, p.zh_title.as_ref()),
            source: p.source,
            source_reason: p.source_reason.clone(),
        })
        .collect();
    let (blocks, candidates, doi, mt) = match detection {
        Some(d) => (
            d.blocks.iter().map(source_lines).collect(),
            d.candidates.iter().map(candidate_lines).collect(),
            d.doi.clone(),
            d.machine_translated,
        ),
        None => (Vec::new(), Vec::new(), None, false),
    };
    DetectReport {
        path: doc.path.clone(),
        id: doc.id.clone().or(doi),
        machine_translated: mt.then_some(true),
        blocks,
        candidates,
        pairs: detected_pairs,
    }
}
