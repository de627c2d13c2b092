//! Find the English and Chinese abstracts in a page.
//!
//! Each line is classified (language and role, with the reason). Abstracts are then found two
//! ways: from their markers (摘要, 【摘要】, Abstract, `# ABSTRACT` …, see [`markers`]), running
//! on through the paragraphs that follow until keywords, metadata, a heading or the other
//! language; and, where no marker opens them, as runs of prose of one language. Each candidate
//! carries its evidence (marker, section labels, keywords after it, neighbours); on a page that
//! marks its abstracts, unmarked prose needs labels, keywords or a place right beside the other
//! language's abstract to count, so body paragraphs and reference lists never do. The accepted
//! candidates are paired by their evidence ([`pairing`]), and the original side decided
//! ([`source`]).

mod language;
mod lines;
pub mod markers;
mod pairing;
pub mod source;

pub use language::{BlockLang, LanguageId};
pub(crate) use lines::warm_up;
pub use lines::{first_doi, Role};

use crate::dictionaries::{Dictionaries, DictionaryError};
use crate::lang::{Lang, ScriptCounts};
use crate::sections;
use lines::{classify_line, ends_sentence, sentence_ends, Line};
use markers::{Marker, Markers};
use serde::Serialize;
use std::ops::Range;

/// A run of lines with one language and role.
#[derive(Debug, Clone, Serialize)]
pub struct Block {
    #[serde(skip)]
    pub range: Range<usize>,
    pub start_line: usize,
    pub end_line: usize,
    pub lang: BlockLang,
    pub role: Role,
    pub reason: String,
}

/// A piece of text that may be an abstract, with the evidence for and against it.
#[derive(Debug, Clone, Serialize)]
pub struct Candidate {
    #[serde(skip)]
    pub range: Range<usize>,
    #[serde(skip)]
    pub title: Option<Range<usize>>,
    pub lang: Lang,
    pub start_line: usize,
    pub end_line: usize,
    /// The marker that opens it, as written (`摘要：`, `# Abstract`).
    pub marker: Option<String>,
    /// Section ids of its labels, in order.
    pub labels: Vec<String>,
    /// A keywords line (or keywords glued to its end) follows it.
    pub keywords_after: bool,
    /// Letters of its own script: Han characters or Latin letters.
    pub letters: usize,
    pub sentences: usize,
    pub accepted: bool,
    /// Why it was taken as an abstract, or why not.
    pub why: String,
}

impl Candidate {
    fn distinct_labels(&self) -> usize {
        let mut ids: Vec<&str> = self.labels.iter().map(String::as_str).collect();
        ids.sort_unstable();
        ids.dedup();
        ids.len()
    }
}

/// An abstract on one side: its text range and, if found, its title line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AbstractText {
    pub lang: Lang,
    pub range: Range<usize>,
    pub title: Option<Range<usize>>,
    /// Opened by a marker (摘要, Abstract).
    pub marked: bool,
}

/// An English abstract and its Chinese translation (or the Chinese original and its English).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AbstractPair {
    pub en: AbstractText,
    pub zh: AbstractText,
}

#[derive(Debug, Clone)]
pub struct Detection {
    pub blocks: Vec<Block>,
    /// Every piece of text considered, accepted or not, in page order.
    pub candidates: Vec<Candidate>,
    pub pairs: Vec<AbstractPair>,
    /// Abstracts with no counterpart on the other side.
    pub unpaired: Vec<AbstractText>,
    /// The page says its Chinese is a machine translation.
    pub machine_translated: bool,
    /// The first line that says so (本文章由计算机程序翻译 …).
    pub machine_translation_notice: Option<Range<usize>>,
    /// What the page says about its origin, for [`source::original_side`].
    pub evidence: source::PageEvidence,
    /// The first DOI on the page.
    pub doi: Option<String>,
}

/// What detection needs, built once: language identification and the marker patterns.
pub struct Detector {
    pub language: LanguageId,
    markers: Markers,
}

/// Most lines an abstract runs on for after its marker (a thesis abstract has a dozen
/// paragraphs; a page that never closes one is not read to its end).
const MAX_ABSTRACT_LINES: usize = 80;

/// A line longer than this is never a section label alone on its line.
pub(crate) const MAX_LABEL_LINE_BYTES: usize = 160;

impl Detector {
    pub fn new(dict: &Dictionaries) -> Result<Detector, DictionaryError> {
        Ok(Detector {
            language: LanguageId::new(),
            markers: Markers::new(dict)?,
        })
    }

    /// Find the blocks and abstract pairs of a page.
    pub fn detect(&self, text: &str, dict: &Dictionaries) -> Detection {
        // A line that opens something of its own never continues a wrapped paragraph.
        let starts_unit = |r: &Range<usize>| {
            let s = text[r.clone()].trim();
            s.starts_with('#')
                || dict.page_line_role(s).is_some()
                || self.markers.find(text, r.clone()).is_some()
                || (s.len() <= MAX_LABEL_LINE_BYTES
                    && [Lang::En, Lang::Zh].into_iter().any(|lang| {
                        sections::resolve_label(dict, lang, s.trim_end_matches([':', '：']))
                            .is_some()
                    }))
        };
        let units = lines::units(text, starts_unit, |r: &Range<usize>| {
            self.markers.find(text, r.clone()).is_some()
        });
        let mut lines: Vec<Line> = units
            .iter()
            .map(|u| {
                classify_line(
                    text,
                    u.range.clone(),
                    (u.first, u.last),
                    dict,
                    &self.language,
                )
            })
            .collect();
        let found: Vec<Option<Marker>> = lines
            .iter()
            .zip(&units)
            .map(|(l, u)| match l.role {
                Role::Citation
                | Role::Boilerplate
                | Role::MtNotice
                | Role::Keywords
                | Role::Metadata => None,
                _ => self
                    .markers
                    .find_in(text, u.first_line.clone(), u.range.end),
            })
            .collect();

        let mut page = Page {
            text,
            dict,
            markers: &self.markers,
            lines: &mut lines,
            found: &found,
            in_candidate: Vec::new(),
        };
        page.in_candidate = vec![false; page.lines.len()];
        let mut candidates = page.marked_candidates();
        candidates.extend(page.unmarked_candidates());
        candidates.sort_by_key(|c| c.range.start);
        page.weigh(&mut candidates);
        page.find_titles(&mut candidates);

        let abstracts: Vec<(usize, AbstractText)> = candidates
            .iter()
            .enumerate()
            .filter(|(_, c)| c.accepted)
            .map(|(i, c)| {
                (
                    i,
                    AbstractText {
                        lang: c.lang,
                        range: c.range.clone(),
                        title: c.title.clone(),
                        marked: c.marker.is_some(),
                    },
                )
            })
            .collect();
        let (pairs, unpaired) = pairing::pair(text, &candidates, abstracts, dict, page.lines);
        page.mark_roles(&candidates, &pairs);

        let machine_translation_notice = lines
            .iter()
            .find(|l| l.role == Role::MtNotice)
            .map(|l| l.range.clone());
        let machine_translated = machine_translation_notice.is_some();
        let evidence = source::PageEvidence::of(text, &lines, machine_translated);
        let line_starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let line = |offset: usize| line_starts.partition_point(|&s| s <= offset);
        for c in &mut candidates {
            c.start_line = line(c.range.start);
            c.end_line = line(c.range.end.saturating_sub(1).max(c.range.start));
        }
        Detection {
            blocks: merge_lines(&lines),
            candidates,
            pairs,
            unpaired,
            machine_translated,
            machine_translation_notice,
            evidence,
            doi: first_doi(text),
        }
    }
}

/// The page being read: its lines, the markers on them, and which lines candidates took.
struct Page<'a> {
    text: &'a str,
    dict: &'a Dictionaries,
    markers: &'a Markers,
    lines: &'a mut Vec<Line>,
    found: &'a [Option<Marker>],
    /// Lines inside a marked candidate.
    in_candidate: Vec<bool>,
}

/// Roles that end an abstract: what comes after it on a journal page.
fn closes_abstract(role: Role) -> bool {
    matches!(
        role,
        Role::Keywords
            | Role::Metadata
            | Role::Boilerplate
            | Role::MtNotice
            | Role::Citation
            | Role::Heading
            | Role::BodyHeading
    )
}

impl Page<'_> {
    fn letters(&self, range: &Range<usize>, lang: Lang) -> usize {
        let counts = ScriptCounts::of(&self.text[range.clone()]);
        match lang {
            Lang::En => counts.latin,
            Lang::Zh => counts.han,
        }
    }

    fn labels(&self, range: &Range<usize>, lang: Lang) -> Vec<String> {
        sections::find_sections(self.text, range.clone(), lang, self.dict)
            .into_iter()
            .filter(|s| s.label.is_some())
            .map(|s| s.id)
            .collect()
    }

    fn same_lang(&self, i: usize, lang: Lang) -> bool {
        self.lines[i].lang.as_lang() == Some(lang)
    }

    /// Is line `i` the next line of a paragraph that was hard-wrapped before it?
    fn continues(&self, i: usize, before: usize, lang: Lang) -> bool {
        let prev = &self.text[self.lines[before].range.clone()];
        if ends_sentence(prev) {
            return false;
        }
        let t = self.lines[i]
            .text(self.text)
            .trim()
            .trim_start_matches(['#', ' ']);
        match lang {
            Lang::En => t.starts_with(|c: char| c.is_lowercase() || c == '('),
            Lang::Zh => self.same_lang(i, lang),
        }
    }

    /// The abstracts that markers open.
    fn marked_candidates(&mut self) -> Vec<Candidate> {
        let mut out: Vec<Candidate> = Vec::new();
        for i in 0..self.lines.len() {
            let Some(marker) = self.found[i].clone() else {
                continue;
            };
            if self.in_candidate[i] {
                continue;
            }
            let written = self.text[marker.range.clone()].trim().to_owned();
            let first = match marker.text_start {
                Some(at) => Some((i, at)),
                None => self.first_text_line(i, marker.lang),
            };
            let Some((first, start)) = first else {
                out.push(self.rejected_marker(i, &marker, written));
                continue;
            };
            let (end, last, keywords_after) = self.extend(first, start, marker.lang);
            let range = start..end;
            // From the marker: a repeated heading between it and the text is taken too.
            for taken in &mut self.in_candidate[i.min(first)..=last] {
                *taken = true;
            }
            let letters = self.letters(&range, marker.lang);
            let enough = match marker.lang {
                Lang::En => letters >= 80,
                Lang::Zh => letters >= 25,
            };
            let why = if enough {
                format!(
                    "opened by the marker `{written}`{}",
                    if keywords_after {
                        ", closed by keywords"
                    } else {
                        ""
                    }
                )
            } else {
                format!("the marker `{written}` is followed by too little text")
            };
            out.push(Candidate {
                labels: self.labels(&range, marker.lang),
                sentences: sentence_ends(&self.text[range.clone()]),
                range,
                title: None,
                lang: marker.lang,
                start_line: 0,
                end_line: 0,
                marker: Some(written),
                keywords_after,
                letters,
                accepted: enough,
                why,
            });
        }
        out
    }

    fn rejected_marker(&self, i: usize, marker: &Marker, written: String) -> Candidate {
        Candidate {
            range: self.lines[i].range.clone(),
            title: None,
            lang: marker.lang,
            start_line: 0,
            end_line: 0,
            marker: Some(written.clone()),
            labels: Vec::new(),
            keywords_after: false,
            letters: 0,
            sentences: 0,
            accepted: false,
            why: format!("no text follows the marker `{written}`"),
        }
    }

    /// After a marker on a line of its own: the first line of the abstract's text, past a
    /// repeated marker, author names and affiliations.
    fn first_text_line(&self, marker: usize, lang: Lang) -> Option<(usize, usize)> {
        let mut j = marker + 1;
        let mut skipped = 0;
        while j < self.lines.len() && skipped <= 6 {
            let l = &self.lines[j];
            if let Some(m) = &self.found[j] {
                // "Abstract\nAbstract": the same heading twice.
                if m.lang == lang && m.text_start.is_none() {
                    j += 1;
                    continue;
                }
                return None;
            }
            if closes_abstract(l.role) {
                return None;
            }
            let is_text = matches!(l.role, Role::Prose | Role::SectionLabel)
                && l.lang.as_lang() == Some(lang)
                && !l.markdown_heading;
            if is_text {
                return Some((j, l.range.start));
            }
            if l.role == Role::Prose && l.lang.as_lang().is_some() {
                // The other language's prose: this marker heads nothing.
                return None;
            }
            skipped += 1;
            j += 1;
        }
        None
    }

    /// Run on from line `first` (text from `start`) while the abstract goes on. Returns the end
    /// offset, the last line taken, and whether keywords close it.
    fn extend(&self, first: usize, start: usize, lang: Lang) -> (usize, usize, bool) {
        let first_range = start..self.lines[first].range.end;
        if let Some(cut) = self.markers.keywords_cut(self.text, first_range.clone()) {
            return (trim_end(self.text, start, cut), first, true);
        }
        let mut end = first_range.end;
        let mut last = first;
        let mut j = first + 1;
        let mut taken = 1;
        while j < self.lines.len() && taken < MAX_ABSTRACT_LINES {
            let l = &self.lines[j];
            if self.found[j].is_some() {
                break;
            }
            if closes_abstract(l.role) {
                return (end, last, l.role == Role::Keywords);
            }
            let same = self.same_lang(j, lang);
            // Mid-sentence, a short piece of another script (a wrapped formula, an English
            // term) is the sentence going on.
            let mid_sentence = !ends_sentence(&self.text[self.lines[last].range.clone()])
                && !l.markdown_heading
                && l.text(self.text).chars().count() <= 120
                && (matches!(l.role, Role::Short | Role::Author)
                    || l.text(self.text).contains(['$', '\\']));
            let take = match l.role {
                Role::SectionLabel => same,
                _ if l.markdown_heading => {
                    // A numbered heading (# 1 Introduction) starts the body; a "heading" that
                    // continues the last sentence is text the converter marked up.
                    same && self.continues(j, last, lang)
                }
                Role::Prose | Role::Abstract => same,
                _ => (same && self.continues(j, last, lang)) || mid_sentence,
            };
            if take {
                end = l.range.end;
                last = j;
                taken += 1;
                if let Some(cut) = self.markers.keywords_cut(self.text, l.range.clone()) {
                    return (trim_end(self.text, start, cut), last, true);
                }
                j += 1;
                continue;
            }
            // A page header or a stray short line inside a hard-wrapped paragraph.
            let next = j + 1;
            let stray = matches!(l.role, Role::Short | Role::Author)
                && !l.markdown_heading
                && next < self.lines.len()
                && self.found[next].is_none()
                && matches!(self.lines[next].role, Role::Prose)
                && self.same_lang(next, lang)
                && self.continues(next, last, lang);
            if stray {
                j += 1;
                continue;
            }
            break;
        }
        let keywords_after = self
            .lines
            .get(last + 1)
            .is_some_and(|l| l.role == Role::Keywords);
        (end, last, keywords_after)
    }

    /// Runs of prose of one language that no marker opened.
    fn unmarked_candidates(&mut self) -> Vec<Candidate> {
        struct Group {
            lang: Lang,
            lines: Vec<usize>,
        }
        let mut groups: Vec<Group> = Vec::new();
        let mut current: Option<Group> = None;
        for (i, line) in self.lines.iter().enumerate() {
            let lang = match line.role {
                Role::Prose | Role::SectionLabel if !self.in_candidate[i] => line.lang.as_lang(),
                _ => None,
            };
            match (lang, current.as_mut()) {
                (Some(l), Some(g)) if g.lang == l => g.lines.push(i),
                (Some(l), _) => {
                    groups.extend(current.take());
                    current = Some(Group {
                        lang: l,
                        lines: vec![i],
                    });
                }
                (None, _) => groups.extend(current.take()),
            }
        }
        groups.extend(current.take());

        let mut out = Vec::new();
        for group in &groups {
            let labels_at: Vec<bool> = group
                .lines
                .iter()
                .map(|&i| {
                    sections::opens_with_label(
                        self.text,
                        self.lines[i].range.clone(),
                        group.lang,
                        self.dict,
                    )
                })
                .collect();
            let mut first = 0;
            // A one-sentence line right before a labeled line is the abstract's title.
            let mut title = None;
            if group.lines.len() >= 2 && !labels_at[0] && labels_at[1] {
                let l = &self.lines[group.lines[0]];
                if sentence_ends(l.text(self.text)) <= 1 {
                    title = Some(group.lines[0]);
                    first = 1;
                }
            }
            let body = &group.lines[first..];
            let (Some(&b0), Some(&bn)) = (body.first(), body.last()) else {
                continue;
            };
            let range = self.lines[b0].range.start..self.lines[bn].range.end;
            let content = &self.text[range.clone()];
            let labels = self.labels(&range, group.lang);
            let has_label = labels_at[first..].iter().any(|&b| b) || !labels.is_empty();
            let letters = self.letters(&range, group.lang);
            let sentences = sentence_ends(content);
            // Labeled text needs less to count as an abstract than unlabeled prose.
            // Glued PDF text may hide its sentence ends: long text counts as several sentences.
            let (labeled_min, unlabeled_min, long) = match group.lang {
                Lang::En => (letters >= 80, letters >= 250, letters >= 800),
                Lang::Zh => (letters >= 25, letters >= 60, letters >= 250),
            };
            let is_abstract =
                (has_label && labeled_min) || (unlabeled_min && (sentences >= 2 || long));
            // Keywords right after, or after a line or two the paragraph broke off ("…for
            // prevention of ESCC." alone on a line): those lines are the abstract's too.
            let mut range = range;
            let mut keywords_after = false;
            for k in bn + 1..(bn + 4).min(self.lines.len()) {
                let l = &self.lines[k];
                if l.role == Role::Keywords {
                    keywords_after = true;
                    range.end = self.lines[k - 1].range.end;
                    break;
                }
                let piece = l.role == Role::Short
                    && self.same_lang(k, group.lang)
                    && !l.markdown_heading
                    && l.text(self.text).chars().count() <= 150;
                if !piece {
                    break;
                }
            }
            let (title_range, why) = if is_abstract {
                (
                    title.map(|t| self.lines[t].range.clone()),
                    format!(
                        "{}{}",
                        if has_label {
                            "prose with section labels"
                        } else {
                            "prose of several sentences"
                        },
                        if keywords_after {
                            ", keywords after it"
                        } else {
                            ""
                        }
                    ),
                )
            } else {
                (None, "too short for an abstract".to_owned())
            };
            if !(is_abstract || group.lines.len() == 1 && sentences <= 1) {
                continue;
            }
            out.push(Candidate {
                range,
                title: title_range,
                lang: group.lang,
                start_line: 0,
                end_line: 0,
                marker: None,
                labels,
                keywords_after,
                letters,
                sentences,
                accepted: is_abstract,
                why,
            });
        }
        out
    }

    /// Weigh the unmarked candidates against the page: where the page marks its abstracts,
    /// unmarked prose is body text unless it has section labels, keywords after it, or sits
    /// right beside the other language's marked abstract.
    fn weigh(&self, candidates: &mut [Candidate]) {
        // Anchors: abstracts the page marks, by a marker or by keywords after them.
        let marked: Vec<(Lang, Range<usize>)> = candidates
            .iter()
            .filter(|c| c.accepted && (c.marker.is_some() || c.keywords_after))
            .map(|c| (c.lang, c.range.clone()))
            .collect();
        if marked.is_empty() {
            return;
        }
        let of_lang = |lang: Lang| -> Vec<Range<usize>> {
            marked
                .iter()
                .filter(|(l, _)| *l == lang)
                .map(|(_, r)| r.clone())
                .collect()
        };
        let (marked_en, marked_zh) = (of_lang(Lang::En), of_lang(Lang::Zh));
        // Offsets of prose lines and body headings, to tell neighbours apart: nothing but
        // titles, authors, keywords and metadata lies between neighbours.
        let prose: Vec<Range<usize>> = self
            .lines
            .iter()
            .filter(|l| {
                (l.role == Role::Prose && l.lang.as_lang().is_some()) || l.role == Role::BodyHeading
            })
            .map(|l| l.range.clone())
            .collect();
        // Is a whole prose line between the two (not one they start or end inside)?
        let between = |a: &Range<usize>, b: &Range<usize>| {
            let (lo, hi) = if a.end <= b.start {
                (a.end, b.start)
            } else {
                (b.end, a.start)
            };
            let from = prose.partition_point(|p| p.start < lo);
            prose[from..]
                .iter()
                .take_while(|p| p.start < hi)
                .any(|p| p.end <= hi)
        };
        for c in candidates.iter_mut() {
            if c.marker.is_some() || c.keywords_after || !c.accepted {
                continue;
            }
            // Beside the other language's marked abstract, when its own language has none: the
            // translation a site printed without a heading.
            let other: &[Range<usize>] = if c.lang == Lang::En {
                &marked_zh
            } else {
                &marked_en
            };
            let own_marked = !(if c.lang == Lang::En {
                &marked_en
            } else {
                &marked_zh
            })
            .is_empty();
            // The nearest on each side is enough: farther ones have at least as much between.
            let at = other.partition_point(|r| r.start < c.range.start);
            let beside = !own_marked
                && [at.checked_sub(1), Some(at)]
                    .into_iter()
                    .flatten()
                    .filter_map(|k| other.get(k))
                    .any(|r| !between(&c.range, r));
            if c.distinct_labels() >= 2 {
                c.why = format!("{}; unmarked, but a structured abstract", c.why);
            } else if beside {
                c.why = format!(
                    "{}; unmarked, right beside the other language's abstract",
                    c.why
                );
            } else {
                c.accepted = false;
                c.why = "body text: the page marks its abstracts (摘要, Abstract, keywords after \
                         them) and this prose has no marker, no section labels and no keywords"
                    .to_owned();
            }
        }
    }

    /// Titles of marked abstracts: the nearest heading of the same language before the marker,
    /// past author names and affiliations (two heading lines in a row are one wrapped title).
    fn find_titles(&self, candidates: &mut [Candidate]) {
        // Candidates are in page order and do not overlap: one binary search tells whether an
        // offset is inside one.
        let starts: Vec<Range<usize>> = candidates.iter().map(|c| c.range.clone()).collect();
        let inside = |offset: usize| {
            let k = starts.partition_point(|r| r.start <= offset);
            k > 0 && starts[k - 1].end > offset
        };
        for c in candidates.iter_mut() {
            if c.marker.is_none() || !c.accepted || c.title.is_some() {
                continue;
            }
            let at = self.lines.partition_point(|l| l.range.end < c.range.start);
            let mut j = at;
            let mut looked = 0;
            let mut title: Option<Range<usize>> = None;
            while j > 0 && looked < 8 {
                j -= 1;
                looked += 1;
                let l = &self.lines[j];
                if inside(l.range.start) {
                    break;
                }
                let same = l.lang.as_lang() == Some(c.lang);
                if same && l.role == Role::Keywords {
                    break;
                }
                if same && l.role == Role::Prose && !l.markdown_heading {
                    break;
                }
                let t = l.text(self.text).trim().trim_start_matches(['#', ' ']);
                let numbered = t.starts_with(|ch: char| ch.is_ascii_digit());
                if same
                    && l.markdown_heading
                    && !numbered
                    && self.found[j].is_none()
                    && matches!(l.role, Role::Prose | Role::Short | Role::Title)
                    && sentence_ends(t) <= 1
                {
                    let mut range = l.range.clone();
                    // "# The All-Sky Information …\n\n# Antarctic ZhongShan Station"
                    if let Some(prev) = j.checked_sub(1).map(|k| &self.lines[k]) {
                        if prev.markdown_heading
                            && prev.lang.as_lang() == Some(c.lang)
                            && !ends_sentence(prev.text(self.text))
                        {
                            range.start = prev.range.start;
                        }
                    }
                    title = Some(range);
                    break;
                }
            }
            c.title = title;
        }
        // Otherwise a lone one-sentence line before the abstract, with no prose of its language
        // between, is its title (the English title at the top of an aggregator page).
        let lone: Vec<(Lang, Range<usize>)> = candidates
            .iter()
            .filter(|c| !c.accepted && c.marker.is_none() && c.sentences <= 1)
            .map(|c| (c.lang, c.range.clone()))
            .collect();
        let mut used = vec![false; lone.len()];
        let prose_starts = |lang: Lang| -> Vec<usize> {
            self.lines
                .iter()
                .filter(|l| l.lang.as_lang() == Some(lang) && l.role == Role::Prose)
                .map(|l| l.range.start)
                .collect()
        };
        let (en_prose, zh_prose) = (prose_starts(Lang::En), prose_starts(Lang::Zh));
        let any_in = |sorted: &[usize], gap: &Range<usize>| {
            sorted
                .get(sorted.partition_point(|&p| p < gap.start))
                .is_some_and(|&p| p < gap.end)
        };
        let candidate_starts: Vec<usize> = starts.iter().map(|r| r.start).collect();
        for c in candidates.iter_mut() {
            if !c.accepted || c.title.is_some() {
                continue;
            }
            // The nearest unused lone line of the language before it (a few back at most).
            let before = lone.partition_point(|(_, r)| r.end <= c.range.start);
            let Some(k) = (before.saturating_sub(8)..before)
                .rev()
                .find(|&k| !used[k] && lone[k].0 == c.lang)
            else {
                continue;
            };
            let gap = lone[k].1.end..c.range.start;
            let prose = if c.lang == Lang::En {
                &en_prose
            } else {
                &zh_prose
            };
            if !any_in(prose, &gap) && !any_in(&candidate_starts, &gap) {
                used[k] = true;
                c.title = Some(lone[k].1.clone());
            }
        }
    }

    /// Show on each line what it became: abstract text or a title.
    fn mark_roles(&mut self, candidates: &[Candidate], pairs: &[AbstractPair]) {
        for c in candidates.iter().filter(|c| c.accepted) {
            let paired = pairs
                .iter()
                .any(|p| p.en.range == c.range || p.zh.range == c.range);
            let first = self.lines.partition_point(|l| l.range.end <= c.range.start);
            let title_first = c.title.as_ref().map_or(first, |t| {
                self.lines.partition_point(|l| l.range.end <= t.start)
            });
            let last = self.lines.partition_point(|l| l.range.start < c.range.end);
            for l in &mut self.lines[title_first.min(first)..last] {
                if l.range.end > c.range.start && l.range.start < c.range.end {
                    if matches!(l.role, Role::Prose | Role::Short | Role::Author) {
                        l.role = Role::Abstract;
                        l.reason = format!(
                            "{}; {}{}",
                            l.reason,
                            c.why,
                            if paired { "" } else { " (unpaired)" }
                        );
                    }
                } else if c
                    .title
                    .as_ref()
                    .is_some_and(|t| l.range.start >= t.start && l.range.end <= t.end)
                {
                    l.role = Role::Title;
                    l.reason = "title of the abstract after it".to_owned();
                }
            }
        }
    }
}

/// `cut` moved back over spaces, never before `start`.
fn trim_end(text: &str, start: usize, cut: usize) -> usize {
    start + text[start..cut].trim_end().len()
}

/// Consecutive lines of one language and role make one block.
fn merge_lines(lines: &[Line]) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    for l in lines {
        if let Some(b) = blocks.last_mut() {
            if b.lang == l.lang
                && b.role == l.role
                && b.reason == l.reason
                && b.end_line + 1 == l.line
            {
                b.range.end = l.range.end;
                b.end_line = l.last_line;
                continue;
            }
        }
        blocks.push(Block {
            range: l.range.clone(),
            start_line: l.line,
            end_line: l.last_line,
            lang: l.lang,
            role: l.role,
            reason: l.reason.clone(),
        });
    }
    blocks
}

#[cfg(test)]
mod tests;
