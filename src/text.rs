//! Positions in the input: byte offsets in the text bitext works on, mapped back to the line and
//! column of the input as decoded (for HTML, of the source file), and a matching form of the text
//! in which full-width digits and punctuation, thin and no-break spaces are folded to ASCII.

use serde::Serialize;
use std::ops::Range;

/// A 1-based line and column; columns count Unicode scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Line starts of one source text, to turn byte offsets into positions.
#[derive(Debug, Clone)]
pub struct LineIndex {
    text: String,
    line_starts: Vec<usize>,
    /// (byte offset, chars before it) every few KiB, so a column on a very long line costs a
    /// bounded count, not a count from the start of the line.
    char_marks: Vec<(usize, usize)>,
}

/// Bytes between two `char_marks`.
const CHAR_MARK_STRIDE: usize = 4096;

impl LineIndex {
    /// Lines end at `\n`; a `\r` before it belongs to the line break, so CRLF text counts lines
    /// as LF text does.
    pub fn new(text: String) -> LineIndex {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let mut char_marks = vec![(0, 0)];
        let mut next_mark = CHAR_MARK_STRIDE;
        for (chars, (i, _)) in text.char_indices().enumerate() {
            if i >= next_mark {
                char_marks.push((i, chars));
                next_mark = i + CHAR_MARK_STRIDE;
            }
        }
        LineIndex {
            text,
            line_starts,
            char_marks,
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The position of byte `offset` (clamped to the text, moved back to a char boundary).
    pub fn position(&self, offset: usize) -> Position {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = self.line_starts[line - 1];
        let column = self.chars_before(offset) - self.chars_before(start) + 1;
        Position { line, column }
    }

    /// Chars in the text before byte `offset` (a char boundary).
    fn chars_before(&self, offset: usize) -> usize {
        let i = self.char_marks.partition_point(|&(b, _)| b <= offset) - 1;
        let (mark, chars) = self.char_marks[i];
        chars + self.text[mark..offset].chars().count()
    }

    /// Byte range of 1-based `line`, without its line break.
    pub fn line_range(&self, line: usize) -> Range<usize> {
        let start = self
            .line_starts
            .get(line.wrapping_sub(1))
            .copied()
            .unwrap_or(self.text.len());
        let end = self
            .line_starts
            .get(line)
            .map(|&s| s - 1)
            .unwrap_or(self.text.len());
        let end = if end > start && self.text.as_bytes()[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        start..end.max(start)
    }
}

/// Where a stretch of the working text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    /// Byte range start in the working text.
    pub text_start: usize,
    pub text_end: usize,
    /// Which source (index into `Locator::sources`).
    pub source: usize,
    /// Byte offset in that source where the run starts.
    pub source_start: usize,
    /// Byte length of the run in the source; differs from the text's when entities were decoded.
    pub source_len: usize,
}

/// Maps byte offsets of the working text to positions in the input sources.
///
/// Plain text is one source with one identity run. HTML keeps one run per text node, pointing into
/// the markup. Paired inputs (`--en/--zh`, JSONL records) have one source per side.
#[derive(Debug, Clone)]
pub struct Locator {
    sources: Vec<LineIndex>,
    runs: Vec<Run>,
}

impl Locator {
    /// The working text is the source itself.
    pub fn identity(text: &str) -> Locator {
        Locator {
            sources: vec![LineIndex::new(text.to_owned())],
            runs: vec![Run {
                text_start: 0,
                text_end: text.len(),
                source: 0,
                source_start: 0,
                source_len: text.len(),
            }],
        }
    }

    /// Runs must be sorted by `text_start` and not overlap.
    pub fn new(sources: Vec<LineIndex>, runs: Vec<Run>) -> Locator {
        debug_assert!(runs.windows(2).all(|w| w[0].text_end <= w[1].text_start));
        Locator { sources, runs }
    }

    pub fn sources(&self) -> &[LineIndex] {
        &self.sources
    }

    pub fn runs(&self) -> &[Run] {
        &self.runs
    }

    /// One locator for a working text made of parts laid end to end: each part is the byte
    /// offset where it starts in the new text and its own locator. Sources are kept in order
    /// (part 0's first), so a paired document has the English sources before the Chinese.
    pub fn concat(parts: Vec<(usize, Locator)>) -> Locator {
        let mut sources = Vec::new();
        let mut runs = Vec::new();
        for (offset, part) in parts {
            let base = sources.len();
            runs.extend(part.runs.iter().map(|r| Run {
                text_start: r.text_start + offset,
                text_end: r.text_end + offset,
                source: r.source + base,
                ..*r
            }));
            sources.extend(part.sources);
        }
        Locator::new(sources, runs)
    }

    /// Position in its source of byte `offset` of the working text.
    pub fn position(&self, offset: usize) -> Position {
        self.locate(offset).1
    }

    /// Source index and position of byte `offset` of the working text.
    pub fn locate(&self, offset: usize) -> (usize, Position) {
        let Some(run) = self.run_at(offset) else {
            return (0, Position { line: 1, column: 1 });
        };
        let source = &self.sources[run.source];
        let within = offset.saturating_sub(run.text_start);
        let source_offset = if run.source_len == run.text_end - run.text_start {
            run.source_start + within
        } else {
            // Entities were decoded: keep the offset inside the run's source bytes.
            run.source_start + within.min(run.source_len.saturating_sub(1))
        };
        (run.source, source.position(source_offset))
    }

    fn run_at(&self, offset: usize) -> Option<&Run> {
        if self.runs.is_empty() {
            return None;
        }
        let i = self.runs.partition_point(|r| r.text_start <= offset);
        Some(&self.runs[i.saturating_sub(1)])
    }
}

pub fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Is `c` allowed in an XML 1.0 document? Form feeds, escapes and other C0 controls (real
/// scraped pages carry them) are not, nor are U+FFFE and U+FFFF.
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// `s` with every character XML 1.0 forbids replaced by U+FFFD, so an XML report always parses.
pub fn xml_text(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().all(is_xml_char) {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(
            s.chars()
                .map(|c| if is_xml_char(c) { c } else { '\u{FFFD}' })
                .collect(),
        )
    }
}

/// Fold one character to the form used for matching: full-width ASCII to ASCII, ideographic and
/// no-break spaces to a space, Chinese punctuation with an ASCII counterpart to it.
pub fn fold_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' | '\u{00A0}' | '\u{2002}'..='\u{200A}' | '\u{202F}' | '\u{205F}' => ' ',
        '\u{2212}' | '\u{2010}' | '\u{2011}' => '-',
        _ => c,
    }
}

/// The matching form of `text` and, for each of its bytes, the byte offset in `text` it came from.
///
/// Folding maps one char to one char, so the map is only needed because widths in UTF-8 differ.
pub struct Folded {
    pub text: String,
    origin: Vec<usize>,
    original_len: usize,
}

impl Folded {
    pub fn new(text: &str) -> Folded {
        let mut folded = String::with_capacity(text.len());
        let mut origin = Vec::with_capacity(text.len());
        for (i, c) in text.char_indices() {
            let f = fold_char(c);
            let before = folded.len();
            folded.push(f);
            origin.extend(std::iter::repeat_n(i, folded.len() - before));
        }
        Folded {
            text: folded,
            origin,
            original_len: text.len(),
        }
    }

    /// Byte offset in the original text of byte `offset` of the folded text.
    pub fn original(&self, offset: usize) -> usize {
        self.origin
            .get(offset)
            .copied()
            .unwrap_or(self.original_len)
    }

    /// Byte range in the original text of a range of the folded text.
    pub fn original_range(&self, range: Range<usize>) -> Range<usize> {
        let start = self.original(range.start);
        let end = if range.end >= self.text.len() {
            self.original_len
        } else {
            self.original(range.end)
        };
        start..end.max(start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_chars_and_crlf_lines() {
        let idx = LineIndex::new("ab\r\n背景:x\r\nlast".to_owned());
        assert_eq!(idx.position(0), Position { line: 1, column: 1 });
        let x = idx.text().find('x').unwrap();
        assert_eq!(idx.position(x), Position { line: 2, column: 4 });
        assert_eq!(idx.line_range(2), 4..(4 + "背景:x".len()));
        assert_eq!(idx.line_count(), 3);
    }

    #[test]
    fn columns_on_very_long_lines() {
        let text = format!("x\n{}背景{}", "é".repeat(10_000), "a".repeat(9_000));
        let idx = LineIndex::new(text.clone());
        let at = text.find('背').unwrap();
        assert_eq!(
            idx.position(at),
            Position {
                line: 2,
                column: 10_001
            }
        );
        assert_eq!(
            idx.position(text.len()),
            Position {
                line: 2,
                column: 19_003
            }
        );
    }

    #[test]
    fn folding_keeps_offsets() {
        let f = Folded::new("ｎ＝１４，p＜0.05");
        assert_eq!(f.text, "n=14,p<0.05");
        let one = f.text.find('1').unwrap();
        assert_eq!(f.original(one), "ｎ＝".len());
        assert_eq!(
            f.original_range(0..f.text.len()),
            0.."ｎ＝１４，p＜0.05".len()
        );
    }

    #[test]
    fn locator_maps_runs_to_sources() {
        let en = LineIndex::new("one\ntwo".to_owned());
        let zh = LineIndex::new("一\n二".to_owned());
        // working text: "one\ntwo\n\n一\n二"
        let runs = vec![
            Run {
                text_start: 0,
                text_end: 7,
                source: 0,
                source_start: 0,
                source_len: 7,
            },
            Run {
                text_start: 9,
                text_end: 9 + "一\n二".len(),
                source: 1,
                source_start: 0,
                source_len: "一\n二".len(),
            },
        ];
        let loc = Locator::new(vec![en, zh], runs);
        assert_eq!(loc.locate(4), (0, Position { line: 2, column: 1 }));
        assert_eq!(
            loc.locate(9 + "一\n".len()),
            (1, Position { line: 2, column: 1 })
        );
    }
}
