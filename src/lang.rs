//! The two languages bitext audits, and the script statistics used to tell them apart.

use serde::{Deserialize, Serialize};

/// A side of a translation pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    En,
    Zh,
}

impl Lang {
    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Zh,
            Lang::Zh => Lang::En,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// The adjective used in messages: "the English results".
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Zh => "Chinese",
        }
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl std::str::FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "en" | "english" => Ok(Lang::En),
            "zh" | "chinese" | "zh-cn" | "zh-hans" | "zh-hant" => Ok(Lang::Zh),
            _ => Err(format!("unknown language `{s}`: use `en` or `zh`")),
        }
    }
}

/// Is `c` a Han ideograph (CJK unified ideographs and extensions, compatibility ideographs)?
pub fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}'
        | '〇')
}

pub fn is_kana(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' | '\u{FF66}'..='\u{FF9D}')
}

pub fn is_hangul(c: char) -> bool {
    matches!(c, '\u{AC00}'..='\u{D7AF}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}')
}

/// Counts of letters by script in a piece of text.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ScriptCounts {
    pub han: usize,
    pub kana: usize,
    pub hangul: usize,
    pub latin: usize,
    pub other_letters: usize,
    pub digits: usize,
}

impl ScriptCounts {
    pub fn of(text: &str) -> ScriptCounts {
        let mut counts = ScriptCounts::default();
        for c in text.chars() {
            if is_han(c) {
                counts.han += 1;
            } else if is_kana(c) {
                counts.kana += 1;
            } else if is_hangul(c) {
                counts.hangul += 1;
            } else if c.is_ascii_alphabetic() || ('\u{C0}'..='\u{24F}').contains(&c) {
                counts.latin += 1;
            } else if c.is_numeric() {
                counts.digits += 1;
            } else if c.is_alphabetic() {
                counts.other_letters += 1;
            }
        }
        counts
    }

    /// Letters of any script (digits excluded).
    pub fn letters(&self) -> usize {
        self.han + self.kana + self.hangul + self.latin + self.other_letters
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_scripts() {
        let c = ScriptCounts::of("背景:Health 2024 ひらがな 한국");
        assert_eq!(c.han, 2);
        assert_eq!(c.latin, 6);
        assert_eq!(c.kana, 4);
        assert_eq!(c.hangul, 2);
        assert_eq!(c.digits, 4);
    }
}
