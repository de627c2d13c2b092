//! Language identification of a line: script statistics first, then English function words,
//! then lingua (only for Latin text the cheap tests leave open).

use crate::lang::{Lang, ScriptCounts};
use lingua::{Language, LanguageDetector, LanguageDetectorBuilder};
use serde::Serialize;
use std::collections::HashSet;

const FUNCTION_WORDS: &str = include_str!("../../dictionaries/english_function_words.txt");

/// The language of a line, as far as bitext cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BlockLang {
    En,
    Zh,
    /// Japanese (kana), Korean (Hangul), or a Latin-script language other than English.
    Other,
    /// Too little text to tell.
    None,
}

impl BlockLang {
    pub fn as_lang(self) -> Option<Lang> {
        match self {
            BlockLang::En => Some(Lang::En),
            BlockLang::Zh => Some(Lang::Zh),
            _ => None,
        }
    }

    pub fn of(lang: Lang) -> BlockLang {
        match lang {
            Lang::En => BlockLang::En,
            Lang::Zh => BlockLang::Zh,
        }
    }
}

pub struct LanguageId {
    lingua: LanguageDetector,
    function_words: HashSet<&'static str>,
}

impl Default for LanguageId {
    fn default() -> Self {
        Self::new()
    }
}

impl LanguageId {
    pub fn new() -> LanguageId {
        // French, German and Spanish are compiled in only so that "not English" can be said.
        let lingua = LanguageDetectorBuilder::from_languages(&[
            Language::English,
            Language::Chinese,
            Language::French,
            Language::German,
            Language::Spanish,
        ])
        .with_low_accuracy_mode()
        .build();
        let function_words = FUNCTION_WORDS
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        LanguageId {
            lingua,
            function_words,
        }
    }

    /// The language of `text`, with the reason.
    pub fn identify(&self, text: &str) -> (BlockLang, &'static str) {
        let counts = ScriptCounts::of(text);
        match script_lang(&counts) {
            (BlockLang::En, _) => {}
            decided => return decided,
        }
        let words: Vec<String> = text
            .split(|c: char| !c.is_alphabetic() && c != '\'')
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        let function = words
            .iter()
            .filter(|w| self.function_words.contains(w.as_str()))
            .count();
        if words.len() >= 6 && function * 100 >= words.len() * 15 {
            return (BlockLang::En, "English function words");
        }
        if words.len() < 6 {
            return (BlockLang::En, "Latin letters");
        }
        // A few hundred characters decide the language; the rest only costs time.
        let sample = &text[..crate::text::floor_char_boundary(text, 400)];
        match self.lingua.detect_language_of(sample) {
            Some(Language::English) => (BlockLang::En, "language model: English"),
            Some(_) => (BlockLang::Other, "language model: not English"),
            None => (BlockLang::En, "Latin letters"),
        }
    }
}

/// The language as far as scripts tell: kana, Hangul, Han, else Latin taken as English (which
/// [`LanguageId::identify`] then checks).
pub fn script_lang(counts: &ScriptCounts) -> (BlockLang, &'static str) {
    if counts.kana > 0 && counts.kana * 10 >= counts.han {
        return (BlockLang::Other, "kana: Japanese");
    }
    if counts.hangul > counts.han && counts.hangul > counts.latin / 4 {
        return (BlockLang::Other, "Hangul: Korean");
    }
    // A Han character carries about a word; Latin words average five letters.
    if counts.han >= 2 && counts.han * 5 >= counts.latin {
        return (BlockLang::Zh, "Han characters");
    }
    if counts.latin < 2 {
        return (BlockLang::None, "no letters");
    }
    (BlockLang::En, "Latin letters")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifies_languages_by_script_first() {
        let id = LanguageId::new();
        assert_eq!(
            id.identify("これは日本語の文章です。漢字も含む").0,
            BlockLang::Other
        );
        assert_eq!(id.identify("这是中文句子,含有COVID-19。").0, BlockLang::Zh);
        assert_eq!(
            id.identify("This is an English sentence with the usual words in it.")
                .0,
            BlockLang::En
        );
        assert_eq!(
            id.identify("Ceci est une phrase française avec des mots ordinaires dedans, vraiment.")
                .0,
            BlockLang::Other
        );
        assert_eq!(id.identify("한국어 문장입니다").0, BlockLang::Other);
    }

    #[test]
    fn english_with_glued_words_is_english() {
        let id = LanguageId::new();
        let glued = "Theelectron-pairingmechanisminunconventional superconductors hasnotbeenresolved.Inthispaper wepropose amodelofthepairinginteraction andtheresultsagreewiththeexperiments.";
        assert_eq!(id.identify(glued).0, BlockLang::En);
    }
}
