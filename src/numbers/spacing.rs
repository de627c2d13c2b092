//! Spaces that do not separate quantities, dropped before numbers are read: Chinese typesetting
//! puts spaces between digits and characters (`2014 年 6 月`, `1048 亿`, `20 世纪90 年代`,
//! `3 . 5`), PDF text breaks codes after a hyphen (`C/T- 13910`), and TeX formulas space every
//! token (`$3 . 5 5 \times 1 0 ^ { - 9 }$`). The squeezed text keeps, for each of its bytes, the
//! byte of the text it came from, so spans map back.

use std::ops::Range;

use crate::lang::{is_han, Lang};

/// `text` with insignificant spaces dropped and TeX operators written as signs.
pub(crate) struct Squeezed {
    pub text: String,
    /// For each byte of `text`, the byte of the input it came from.
    origin: Vec<usize>,
    input_len: usize,
}

impl Squeezed {
    /// Byte range in the input of a range of the squeezed text: from the first byte's origin to
    /// just after the last byte's, so dropped spaces at either end stay outside.
    pub fn input_range(&self, range: Range<usize>) -> Range<usize> {
        let start = self
            .origin
            .get(range.start)
            .copied()
            .unwrap_or(self.input_len);
        if range.end <= range.start {
            return start..start;
        }
        let end = self
            .origin
            .get(range.end - 1)
            .map_or(self.input_len, |&o| o + 1);
        start..end.max(start)
    }

    pub fn input_offset(&self, offset: usize) -> usize {
        self.origin.get(offset).copied().unwrap_or(self.input_len)
    }
}

/// TeX commands inside `$…$` and the sign each stands for.
const TEX_SIGNS: &[(&str, char)] = &[
    ("\\times", '×'),
    ("\\cdot", '×'),
    ("\\pm", '±'),
    ("\\leq", '≤'),
    ("\\geq", '≥'),
    ("\\le", '≤'),
    ("\\ge", '≥'),
    ("\\%", '%'),
];

/// The squeezed form of `text` (already folded), or `None` when there is nothing to drop: the
/// common case costs one scan.
pub(crate) fn squeeze(text: &str, lang: Lang) -> Option<Squeezed> {
    let maths = tex_maths(text);
    let b = text.as_bytes();
    let needed = !maths.is_empty() || {
        let mut runs = SpaceRuns::default();
        text.match_indices(' ')
            .any(|(i, _)| droppable(text, i, runs.at(b, i), lang))
    };
    if !needed {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len());
    let mut maths = maths.into_iter().peekable();
    let mut runs = SpaceRuns::default();
    let mut i = 0;
    while i < text.len() {
        while maths.peek().is_some_and(|m| m.end <= i) {
            maths.next();
        }
        let in_maths = maths.peek().is_some_and(|m| m.start < i && i < m.end - 1);
        let rest = &text[i..];
        if in_maths {
            if rest.starts_with([' ', '{', '}']) {
                i += 1;
                continue;
            }
            if let Some(&(cmd, sign)) = TEX_SIGNS.iter().find(|(cmd, _)| {
                rest.starts_with(cmd)
                    && !rest[cmd.len()..].starts_with(|c: char| c.is_ascii_alphabetic())
            }) {
                // The sign's last byte stands for the command's last, so spans end after it.
                let len = sign.len_utf8();
                out.push(sign);
                origin.extend(std::iter::repeat_n(i, len - 1));
                origin.push(i + cmd.len() - 1);
                i += cmd.len();
                continue;
            }
        } else if b[i] == b' ' && droppable(text, i, runs.at(b, i), lang) {
            i += 1;
            continue;
        }
        let Some(c) = rest.chars().next() else { break };
        out.push(c);
        origin.extend(i..i + c.len_utf8());
        i += c.len_utf8();
    }
    Some(Squeezed {
        text: out,
        origin,
        input_len: text.len(),
    })
}

/// Is the space at byte `i` (one of a run) a typesetting space?
fn droppable(text: &str, i: usize, run: Range<usize>, lang: Lang) -> bool {
    // English text keeps its spaces but after a hyphen: look no further for the rest.
    if lang == Lang::En && (i == 0 || text.as_bytes()[i - 1] != b'-') {
        return false;
    }
    let before = &text[..run.start];
    let after = &text[run.end..];
    let (Some(x), Some(y)) = (before.chars().next_back(), after.chars().next()) else {
        return false;
    };
    if lang == Lang::Zh {
        let joinable = |c: char| c.is_ascii_digit() || is_han(c) || c == '%';
        if joinable(x) && joinable(y) && (is_han(x) || is_han(y)) {
            return true;
        }
        // `3 . 5`: a decimal point spaced from its digits.
        let digit_before_point = x == '.'
            && y.is_ascii_digit()
            && before[..before.len() - 1]
                .trim_end_matches(' ')
                .ends_with(|c: char| c.is_ascii_digit());
        let digit_after_point = x.is_ascii_digit()
            && y == '.'
            && after[1..]
                .trim_start_matches(' ')
                .starts_with(|c: char| c.is_ascii_digit());
        if digit_before_point || digit_after_point {
            return true;
        }
    }
    // `C/T- 13910`: a code broken after its hyphen.
    x == '-'
        && y.is_ascii_digit()
        && before[..before.len() - 1].ends_with(|c: char| c.is_ascii_alphabetic())
        && before.len() == i
}

/// The run of spaces around a space, found once for the whole run: each space of a run of
/// thousands is decided without looking at the others again.
#[derive(Default)]
struct SpaceRuns {
    run: Range<usize>,
}

impl SpaceRuns {
    fn at(&mut self, b: &[u8], i: usize) -> Range<usize> {
        if !self.run.contains(&i) {
            let start = i - b[..i].iter().rev().take_while(|&&c| c == b' ').count();
            let end = i + b[i..].iter().take_while(|&&c| c == b' ').count();
            self.run = start..end;
        }
        self.run.clone()
    }
}

/// `$…$` spans on one line holding a digit: TeX formulas, whose spaces mean nothing.
fn tex_maths(text: &str) -> Vec<Range<usize>> {
    if !text.contains('$') {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (i, c) in text.char_indices() {
        match c {
            '$' => match open.take() {
                Some(s) if text[s..i].bytes().any(|b| b.is_ascii_digit()) => out.push(s..i + 1),
                Some(_) => {}
                None => open = Some(i),
            },
            '\n' => open = None,
            _ => {}
        }
        if open.is_some_and(|s| i - s > 200) {
            open = None;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sq(text: &str, lang: Lang) -> String {
        squeeze(text, lang).map_or_else(|| text.to_owned(), |s| s.text)
    }

    #[test]
    fn chinese_typesetting_spaces_go() {
        assert_eq!(
            sq("2014 年 6 月—2019 年 12 月", Lang::Zh),
            "2014年6月—2019年12月"
        );
        assert_eq!(sq("达 1048 亿元", Lang::Zh), "达1048亿元");
        assert_eq!(sq("在20 世纪90 年代全", Lang::Zh), "在20世纪90年代全");
        assert_eq!(sq("均值 3 . 5 分", Lang::Zh), "均值3.5分");
        assert_eq!(sq("C/T- 13910", Lang::Zh), "C/T-13910");
        // Between letters and digits a space separates.
        assert!(squeeze("pPIC9K 载体, 95% CI 1.2", Lang::Zh).is_none());
        assert!(squeeze("in 2014 and 6 months", Lang::En).is_none());
    }

    #[test]
    fn tex_formulas_lose_spaces_and_commands() {
        let s = squeeze("p = $3 . 5 5 \\times 1 0 ^ { - 9 }$ here", Lang::En).unwrap();
        assert_eq!(s.text, "p = $3.55×10^-9$ here");
        let at = s.text.find('×').unwrap();
        assert_eq!(s.input_range(at..at + '×'.len_utf8()), 13..19);
    }

    #[test]
    fn ranges_map_back_without_dropped_spaces() {
        let text = "于2014 年 6 月入组";
        let s = squeeze(text, Lang::Zh).unwrap();
        let start = s.text.find("2014").unwrap();
        let end = s.text.find("月").unwrap() + "月".len();
        let r = s.input_range(start..end);
        assert_eq!(&text[r], "2014 年 6 月");
    }
}
