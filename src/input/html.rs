//! HTML to text blocks, one block a line, every character traced back to the markup.
//!
//! A real tokenizer (html5gum) reads the decoded page; we keep no element tree, only a stack of the
//! open elements whose content is dropped, so deep nesting costs nothing and nothing recurses.

use crate::text::Run;
use html5gum::{DefaultEmitter, Token, Tokenizer};

/// Elements that end a line where they start and where they end.
const BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "br",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "main",
    "menu",
    "nav",
    "ol",
    "option",
    "p",
    "pre",
    "search",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "ul",
];

/// Elements whose content is not page text: code, navigation and page chrome, controls.
///
/// `form` is not among them although it is chrome most of the time: ASP.NET pages wrap the whole
/// body in one `<form>`, and dropping it would drop the page. Its controls are dropped instead.
const DROPPED: &[&str] = &[
    "aside", "button", "canvas", "footer", "header", "iframe", "math", "nav", "noembed",
    "noscript", "object", "script", "select", "style", "svg", "template", "textarea", "xmp",
];

/// Elements the tokenizer reads as raw text whatever their self-closing flag, so their content is
/// dropped even when written `<script/>`.
const RAW_TEXT: &[&str] = &[
    "iframe", "noembed", "noscript", "script", "style", "textarea", "xmp",
];

/// The text blocks of `src` (one a line, whitespace collapsed, entities decoded) and the runs that
/// map them back to byte offsets of `src` (source index 0).
pub fn html_to_text(src: &str) -> (String, Vec<Run>) {
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    // Script, style and title content must be tokenized as raw text, or `a<b` in a script opens a
    // tag and the page's text is lost or polluted.
    emitter.naively_switch_states(true);
    let tokenizer = Tokenizer::new_with_emitter(src, emitter);

    let mut out = Builder::default();
    let mut dropped = DropStack::default();
    let mut pre_depth = 0usize;
    for token in tokenizer {
        let Ok(token) = token;
        match token {
            Token::StartTag(tag) => {
                let name = tag.name.as_slice();
                if is_in(name, BLOCK) {
                    out.end_line();
                }
                if let Some(i) = index_in(name, DROPPED) {
                    if !tag.self_closing || is_in(name, RAW_TEXT) {
                        dropped.push(i);
                    }
                }
                if name == b"pre" && !tag.self_closing {
                    pre_depth += 1;
                }
            }
            Token::EndTag(tag) => {
                let name = tag.name.as_slice();
                if let Some(i) = index_in(name, DROPPED) {
                    dropped.close(i);
                } else if name == b"body" || name == b"html" {
                    // Whatever chrome was left open ends with the page.
                    dropped.clear();
                }
                if name == b"pre" {
                    pre_depth = pre_depth.saturating_sub(1);
                }
                if is_in(name, BLOCK) {
                    out.end_line();
                }
            }
            Token::String(s) if dropped.is_empty() => {
                let Ok(value) = std::str::from_utf8(&s.value) else {
                    continue;
                };
                out.push_text(src, s.span.start..s.span.end, value, pre_depth > 0);
            }
            // Comments, doctypes and parse errors carry no page text; a comment between two words
            // does not separate them (it is inline).
            _ => {}
        }
    }
    out.end_line();
    (out.text, out.runs)
}

fn index_in(name: &[u8], list: &[&str]) -> Option<usize> {
    list.iter().position(|n| n.as_bytes() == name)
}

fn is_in(name: &[u8], list: &[&str]) -> bool {
    index_in(name, list).is_some()
}

/// Open dropped elements, innermost last. A count per name makes an end tag with no open match
/// O(1), so a flood of stray end tags cannot make this quadratic.
#[derive(Default)]
struct DropStack {
    open: Vec<usize>,
    counts: [usize; DROPPED.len()],
}

impl DropStack {
    fn push(&mut self, i: usize) {
        self.open.push(i);
        self.counts[i] += 1;
    }

    /// An end tag closes the nearest open element of its name and, as in browsers, whatever was
    /// left open inside it.
    fn close(&mut self, i: usize) {
        if self.counts[i] == 0 {
            return;
        }
        if let Some(at) = self.open.iter().rposition(|&o| o == i) {
            for &o in &self.open[at..] {
                self.counts[o] -= 1;
            }
            self.open.truncate(at);
        }
    }

    fn clear(&mut self) {
        self.open.clear();
        self.counts = [0; DROPPED.len()];
    }

    fn is_empty(&self) -> bool {
        self.open.is_empty()
    }
}

fn is_html_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0C')
}

/// Builds the working text and its runs, collapsing whitespace as it goes.
#[derive(Default)]
struct Builder {
    text: String,
    runs: Vec<Run>,
    /// Source offset and length (0 or 1) of the first whitespace after the last character of the
    /// line, if any.
    pending_space: Option<(usize, usize)>,
    line_open: bool,
}

impl Builder {
    fn end_line(&mut self) {
        if self.line_open {
            // The line break has no run: it lies between blocks, and a position just past the
            // line's last character is right for it.
            self.text.push('\n');
        }
        self.line_open = false;
        self.pending_space = None;
    }

    /// One character of the page text, decoded from `src_len` bytes at `src` in the markup.
    fn piece(&mut self, c: char, src: usize, src_len: usize, pre: bool) {
        if is_html_space(c) {
            if pre && c == '\n' {
                self.end_line();
            } else if self.line_open && self.pending_space.is_none() {
                self.pending_space = Some((src, src_len.min(1)));
            }
            return;
        }
        if let Some((ws, ws_len)) = self.pending_space.take() {
            self.emit(' ', ws, ws_len);
        }
        self.emit(c, src, src_len);
        self.line_open = true;
    }

    fn emit(&mut self, c: char, src: usize, src_len: usize) {
        let start = self.text.len();
        self.text.push(c);
        let end = self.text.len();
        if src_len == end - start {
            if let Some(last) = self.runs.last_mut() {
                let last_identity = last.source_len == last.text_end - last.text_start;
                if last_identity
                    && last.text_end == start
                    && last.source_start + last.source_len == src
                {
                    last.text_end = end;
                    last.source_len += src_len;
                    return;
                }
            }
        }
        self.runs.push(Run {
            text_start: start,
            text_end: end,
            source: 0,
            source_start: src,
            source_len: src_len,
        });
    }

    /// A text token: `value` is what the tokenizer made of the markup `src[span]` (entities
    /// decoded, CRLF turned into LF). Walk both to give each character its own source bytes.
    fn push_text(&mut self, src: &str, span: std::ops::Range<usize>, value: &str, pre: bool) {
        let start = crate::text::floor_char_boundary(src, span.start.min(src.len()));
        let end = crate::text::floor_char_boundary(src, span.end.min(src.len())).max(start);
        let s = &src[start..end];
        if s == value {
            for (i, c) in value.char_indices() {
                self.piece(c, start + i, c.len_utf8(), pre);
            }
            return;
        }
        let mut i = 0; // in s
        let mut j = 0; // in value
        while let Some(c) = value[j..].chars().next() {
            let rest = &s[i..];
            let Some(sc) = rest.chars().next() else {
                // The source ran out before the value: point what is left at the token's end.
                self.piece(c, end, 0, pre);
                j += c.len_utf8();
                continue;
            };
            if sc == '&' {
                if let Some((ent_len, decoded_len)) = match_entity(rest, &value[j..]) {
                    for ch in value[j..j + decoded_len].chars() {
                        self.piece(ch, start + i, ent_len, pre);
                    }
                    i += ent_len;
                    j += decoded_len;
                    continue;
                }
            }
            if c == '\n' && rest.starts_with("\r\n") {
                self.piece(c, start + i, 2, pre);
                i += 2;
            } else {
                // Equal characters, or a replaced one (a NUL became U+FFFD): one for one.
                self.piece(c, start + i, sc.len_utf8(), pre);
                i += sc.len_utf8();
            }
            j += c.len_utf8();
        }
    }
}

/// If the markup `rest` (starting with `&`) holds a character reference that the tokenizer turned
/// into the start of `value`, its length in the markup and the decoded length in `value`.
///
/// References end at `;` or, for legacy names, anywhere (`&notit;` is `¬it;`), and a name decodes
/// to one or two characters; the right split is the one after which markup and value agree again.
fn match_entity(rest: &str, value: &str) -> Option<(usize, usize)> {
    let b = rest.as_bytes();
    let mut n = 1;
    if b.get(1) == Some(&b'#') {
        n = 2;
        if matches!(b.get(2), Some(b'x' | b'X')) {
            n = 3;
        }
        while n < b.len() && b[n].is_ascii_hexdigit() {
            n += 1;
        }
    } else {
        while n < b.len() && n < 40 && b[n].is_ascii_alphanumeric() {
            n += 1;
        }
    }
    if b.get(n) == Some(&b';') {
        n += 1;
    }
    if n == 1 || value.starts_with(&rest[..n]) {
        // A bare `&`, or a reference the tokenizer left as written.
        return None;
    }
    // Try every split: one or two decoded characters (`&NotEqualTilde;` gives two), any prefix of
    // the name (legacy names need no `;`). Keep the split after which markup and value agree the
    // longest; on a tie the first, i.e. one character and the longest reference.
    let mut best: Option<(usize, (usize, usize))> = None;
    for decoded_chars in 1..=2 {
        let decoded_len = match value.char_indices().nth(decoded_chars) {
            Some((i, _)) => i,
            None if value.chars().count() == decoded_chars => value.len(),
            None => continue,
        };
        for ent_len in (2..=n).rev() {
            if let Some(score) = agreement(&rest[ent_len..], &value[decoded_len..]) {
                if best.is_none() || best.is_some_and(|(s, _)| score > s) {
                    best = Some((score, (ent_len, decoded_len)));
                }
            }
        }
    }
    best.map(|(_, split)| split)
}

/// How many characters the markup after a reference and the value after its decoded characters
/// agree on, up to the end, the next `&` (maybe the next reference), the next CR (the tokenizer
/// rewrites it) or a few characters; `None` when they disagree.
fn agreement(markup: &str, value: &str) -> Option<usize> {
    const ENOUGH: usize = 8;
    let mut markup = markup.chars();
    let mut value = value.chars();
    for agreed in 0..ENOUGH {
        match (markup.next(), value.next()) {
            (None, None) => return Some(ENOUGH),
            (Some('&' | '\r'), _) => return Some(agreed),
            (Some(a), Some(v)) if a == v => {}
            _ => return None,
        }
    }
    Some(ENOUGH)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{LineIndex, Locator, Position};

    fn locate(src: &str, text: &str, runs: Vec<Run>, needle: &str) -> Position {
        let loc = Locator::new(vec![LineIndex::new(src.to_owned())], runs);
        let at = text
            .find(needle)
            .unwrap_or_else(|| panic!("{needle:?} not in {text:?}"));
        loc.position(at)
    }

    #[test]
    fn blocks_become_lines() {
        let src = "<html><head><title>T</title><style>p{}</style></head><body>\n<p>One <b>bold</b>\n  word.</p><div>Two<br>three</div><ul><li>a</li><li>b</li></ul></body></html>";
        let (text, _) = html_to_text(src);
        assert_eq!(text, "T\nOne bold word.\nTwo\nthree\na\nb\n");
    }

    #[test]
    fn dropped_elements() {
        let src = "<nav>Home | About</nav><script>if (a<b) { x = '</p>' }</script><p>Kept</p><footer>© 2024</footer><svg><text>no</text></svg><p>Also</p><select><option>opt</option></select>";
        let (text, _) = html_to_text(src);
        assert_eq!(text, "Kept\nAlso\n");
    }

    #[test]
    fn unclosed_script_drops_rest_without_hanging() {
        let (text, _) = html_to_text("<p>Before</p><script>var x = 1; <p>never");
        assert_eq!(text, "Before\n");
    }

    #[test]
    fn entities_map_to_their_markup() {
        let src = "<p>a &lt; b&amp;c &notit; d&nbsp;e &#x4E2D;文 AT&T x</p>";
        let (text, runs) = html_to_text(src);
        assert_eq!(text, "a < b&c ¬it; d\u{a0}e 中文 AT&T x\n");
        let column = |byte: usize| src[..byte].chars().count() + 1;
        let p = locate(src, &text, runs.clone(), "文");
        assert_eq!(p.column, column(src.find('文').unwrap()));
        let p = locate(src, &text, runs.clone(), "x\n");
        assert_eq!(p.column, column(src.rfind(" x").unwrap() + 1));
        let p = locate(src, &text, runs.clone(), "c ¬");
        assert_eq!(p.column, column(src.find("c &not").unwrap()));
        let p = locate(src, &text, runs.clone(), "中");
        assert_eq!(p.column, column(src.find("&#x4E2D;").unwrap()));
        let p = locate(src, &text, runs, "it;");
        assert_eq!(p.column, column(src.find("it;").unwrap()));
    }

    #[test]
    fn positions_point_into_markup_across_lines() {
        let src = "<html>\r\n<body>\r\n<div class=\"abs\">\r\n  <p>RESULTS: Interviews (n = 14)\r\n   with 75 documents.</p>\r\n</div></body></html>";
        let (text, runs) = html_to_text(src);
        assert_eq!(text, "RESULTS: Interviews (n = 14) with 75 documents.\n");
        let p = locate(src, &text, runs.clone(), "75");
        assert_eq!(p, Position { line: 5, column: 9 });
        let p = locate(src, &text, runs, "RESULTS");
        assert_eq!(p, Position { line: 4, column: 6 });
    }

    proptest::proptest! {
        /// Any markup, however broken, gives runs inside the source on char boundaries, in order.
        #[test]
        fn runs_stay_inside_the_source(src in "(<|>|&|;|#|x|4|E|amp|lt|not|nbsp|p|div|/|script|pre|\\r|\\n| |中|文|a|=|\"){0,60}") {
            let (text, runs) = html_to_text(&src);
            let mut last_end = 0;
            for r in &runs {
                proptest::prop_assert!(r.text_start >= last_end && r.text_end <= text.len());
                proptest::prop_assert!(r.source_start + r.source_len <= src.len());
                proptest::prop_assert!(src.is_char_boundary(r.source_start));
                last_end = r.text_end;
            }
        }
    }

    /// Found by the property test: a legacy reference (`&amp` without `;`) followed by letters, a
    /// literal `&` and a CR must not push runs past the end of the source.
    #[test]
    fn legacy_reference_then_literal_ampersand() {
        let src = "&ampamp&\r<";
        let (text, runs) = html_to_text(src);
        assert_eq!(text, "&amp& <\n");
        assert!(
            runs.iter()
                .all(|r| r.source_start + r.source_len <= src.len()),
            "{runs:?}"
        );
        assert_eq!(locate(src, &text, runs, "amp&").column, 5);
    }

    #[test]
    fn pre_keeps_lines() {
        let (text, _) = html_to_text("<pre>one  two\nthree</pre>");
        assert_eq!(text, "one two\nthree\n");
    }

    #[test]
    fn stray_end_tags_and_deep_nesting() {
        let mut src = String::from("<aside>");
        src.push_str(&"<nav>".repeat(5000));
        src.push_str(&"</header>".repeat(5000));
        src.push_str("</aside><p>after</p>");
        let (text, _) = html_to_text(&src);
        assert_eq!(text, "after\n");
    }
}
