//! The word lists behind number extraction, kept as data in `dictionaries/numbers/` and parsed
//! once into [`NumberDictionaries`].

use std::collections::HashMap;

use super::value::Bound;

/// A builtin data file with a bad line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("dictionaries/numbers/{file}:{line}: {message}")]
pub struct DictionaryError {
    pub file: &'static str,
    pub line: usize,
    pub message: String,
}

/// What an English number word does in a compound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnWordKind {
    /// `one` … `nineteen`
    Cardinal,
    /// `twenty` … `ninety`
    Tens,
    Hundred,
    /// `thousand`, `million`, `billion`
    Scale,
    Dozen,
    Ordinal,
    /// `once`, `twice`
    Times,
    /// `half`, `thirds`, `quarter` after a cardinal: the denominator of a fraction.
    Denominator,
    /// `both`, `trivalent`, `no` (from `multiplier_words.tsv`): a count without a numeral.
    Multiplier,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnWord {
    pub value: u64,
    pub kind: EnWordKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZhNumeralKind {
    Digit,
    /// 十 百 千: multiply the digit before them.
    Multiplier,
    /// 万 亿: multiply everything before them.
    Scale,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ZhNumeral {
    pub value: u64,
    pub kind: ZhNumeralKind,
}

/// Whether a bound word comes before the number (`over 300`, `超过300`) or after it (`300多`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoundPosition {
    Before,
    After,
}

#[derive(Debug, Clone)]
pub struct BoundWord {
    pub phrase: &'static str,
    pub bound: Bound,
    pub position: BoundPosition,
}

/// All number word lists, parsed once; build with [`NumberDictionaries::builtin`] and share.
#[derive(Debug, Clone)]
pub struct NumberDictionaries {
    pub(crate) en_words: HashMap<&'static str, EnWord>,
    pub(crate) zh_numerals: HashMap<char, ZhNumeral>,
    /// Surface form → canonical unit, grouped by first character, longest surface first so
    /// matching takes the longest; lookups run once per number.
    units_by_first: HashMap<char, Vec<(&'static str, &'static str)>>,
    pub(crate) months: HashMap<&'static str, u8>,
    /// Words in which a Chinese numeral is not a number (`一致`, `进一步`, `万古霉素`), indexed by
    /// each numeral they contain: (phrase, byte offset of that numeral in the phrase).
    pub(crate) zh_idioms: HashMap<char, Vec<(&'static str, usize)>>,
    pub(crate) bounds_before: Vec<BoundWord>,
    pub(crate) bounds_after: Vec<BoundWord>,
    pub(crate) zh_measure_words: Vec<&'static str>,
    /// A user's identifiers (`bitext.toml` `[dictionaries] identifiers`): never quantities.
    pub(crate) extra_identifiers: Vec<String>,
    /// English words PDF text glues to the number after them (`identified185`).
    glue_words: std::collections::HashSet<&'static str>,
    /// Words that make a number a label (`type 2`, `2型`), by position.
    labels: WordsAround,
    /// Words that make `2/3` beside them two categories, not a fraction (`grade 2/3`, `2/3级`).
    slash_or: WordsAround,
    /// `双`, `三价`: Chinese words that stand for a count, longest first.
    pub(crate) zh_multipliers: Vec<(&'static str, u64)>,
    /// First characters of those words that are no numerals.
    zh_multiplier_firsts: Vec<char>,
    /// `all`, `both`, `各`, `上述`: words that refer to a set without counting it.
    set_words_en: Vec<&'static str>,
    set_words_zh: Vec<&'static str>,
    /// `上述`, `these`: words before a count that point back to a set named earlier.
    back_words_en: Vec<&'static str>,
    back_words_zh: Vec<&'static str>,
}

struct DataFile {
    name: &'static str,
    text: &'static str,
}

const EN_WORDS: DataFile = DataFile {
    name: "en_words.tsv",
    text: include_str!("../../dictionaries/numbers/en_words.tsv"),
};
const ZH_NUMERALS: DataFile = DataFile {
    name: "zh_numerals.tsv",
    text: include_str!("../../dictionaries/numbers/zh_numerals.tsv"),
};
const UNITS: DataFile = DataFile {
    name: "units.tsv",
    text: include_str!("../../dictionaries/numbers/units.tsv"),
};
const MONTHS: DataFile = DataFile {
    name: "months.tsv",
    text: include_str!("../../dictionaries/numbers/months.tsv"),
};
const ZH_IDIOMS: DataFile = DataFile {
    name: "zh_numeral_idioms.txt",
    text: include_str!("../../dictionaries/numbers/zh_numeral_idioms.txt"),
};
const BOUNDS: DataFile = DataFile {
    name: "bounds.tsv",
    text: include_str!("../../dictionaries/numbers/bounds.tsv"),
};
const NOT_QUANTITIES: DataFile = DataFile {
    name: "not_quantities.txt",
    text: include_str!("../../dictionaries/numbers/not_quantities.txt"),
};
const GLUE_WORDS: DataFile = DataFile {
    name: "glue_words.txt",
    text: include_str!("../../dictionaries/numbers/glue_words.txt"),
};
const LABELS: DataFile = DataFile {
    name: "labels.tsv",
    text: include_str!("../../dictionaries/numbers/labels.tsv"),
};
const SLASH_OR: DataFile = DataFile {
    name: "slash_or.tsv",
    text: include_str!("../../dictionaries/numbers/slash_or.tsv"),
};
const MULTIPLIER_WORDS: DataFile = DataFile {
    name: "multiplier_words.tsv",
    text: include_str!("../../dictionaries/numbers/multiplier_words.tsv"),
};
const SET_REFERENCES: DataFile = DataFile {
    name: "set_references.tsv",
    text: include_str!("../../dictionaries/numbers/set_references.tsv"),
};
const BACK_REFERENCES: DataFile = DataFile {
    name: "back_references.tsv",
    text: include_str!("../../dictionaries/numbers/back_references.tsv"),
};
const ZH_MEASURE_WORDS: DataFile = DataFile {
    name: "zh_measure_words.txt",
    text: include_str!("../../dictionaries/numbers/zh_measure_words.txt"),
};

impl DataFile {
    fn error(&self, line: usize, message: impl Into<String>) -> DictionaryError {
        DictionaryError {
            file: self.name,
            line,
            message: message.into(),
        }
    }

    /// Non-empty lines with their 1-based numbers, split on tabs into exactly `columns` fields,
    /// checked to be sorted by the first field without duplicates (the file is the review unit;
    /// sorted data makes duplicates and conflicts visible in diffs).
    fn rows(&self, columns: usize) -> Result<Vec<(usize, Vec<&'static str>)>, DictionaryError> {
        let mut rows: Vec<(usize, Vec<&'static str>)> = Vec::new();
        for (i, line) in self.text.lines().enumerate() {
            let n = i + 1;
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&'static str> = line.split('\t').collect();
            if fields.len() != columns {
                return Err(self.error(n, format!("expected {columns} tab-separated fields")));
            }
            if fields.iter().any(|f| f.is_empty() || f.trim() != *f) {
                return Err(self.error(n, "empty field or stray whitespace"));
            }
            if let Some((_, prev)) = rows.last() {
                match prev[0].cmp(fields[0]) {
                    std::cmp::Ordering::Less => {}
                    std::cmp::Ordering::Equal => {
                        return Err(self.error(n, format!("duplicate entry `{}`", fields[0])))
                    }
                    std::cmp::Ordering::Greater => {
                        return Err(self.error(n, format!("`{}` is out of sorted order", fields[0])))
                    }
                }
            }
            rows.push((n, fields));
        }
        Ok(rows)
    }
}

impl NumberDictionaries {
    /// Parses the data files compiled into the binary.
    pub fn builtin() -> Result<NumberDictionaries, DictionaryError> {
        let mut en_words = HashMap::new();
        for (n, f) in EN_WORDS.rows(3)? {
            let value = f[1]
                .parse()
                .map_err(|_| EN_WORDS.error(n, "value is not an integer"))?;
            let kind = match f[2] {
                "cardinal" => EnWordKind::Cardinal,
                "tens" => EnWordKind::Tens,
                "hundred" => EnWordKind::Hundred,
                "scale" => EnWordKind::Scale,
                "dozen" => EnWordKind::Dozen,
                "ordinal" => EnWordKind::Ordinal,
                "times" => EnWordKind::Times,
                "denominator" => EnWordKind::Denominator,
                other => return Err(EN_WORDS.error(n, format!("unknown kind `{other}`"))),
            };
            en_words.insert(f[0], EnWord { value, kind });
        }

        let mut zh_numerals = HashMap::new();
        for (n, f) in ZH_NUMERALS.rows(3)? {
            let mut chars = f[0].chars();
            let (Some(c), None) = (chars.next(), chars.next()) else {
                return Err(ZH_NUMERALS.error(n, "numeral must be one character"));
            };
            let value = f[1]
                .parse()
                .map_err(|_| ZH_NUMERALS.error(n, "value is not an integer"))?;
            let kind = match f[2] {
                "digit" => ZhNumeralKind::Digit,
                "multiplier" => ZhNumeralKind::Multiplier,
                "scale" => ZhNumeralKind::Scale,
                other => return Err(ZH_NUMERALS.error(n, format!("unknown kind `{other}`"))),
            };
            zh_numerals.insert(c, ZhNumeral { value, kind });
        }

        let mut units: Vec<(&'static str, &'static str)> = UNITS
            .rows(2)?
            .into_iter()
            .map(|(_, f)| (f[0], f[1]))
            .collect();
        units.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(b.0)));

        let mut units_by_first: HashMap<char, Vec<(&'static str, &'static str)>> = HashMap::new();
        for &(surface, canonical) in &units {
            if let Some(c) = surface.chars().next() {
                units_by_first
                    .entry(c)
                    .or_default()
                    .push((surface, canonical));
            }
        }

        let mut months = HashMap::new();
        for (n, f) in MONTHS.rows(2)? {
            let m: u8 = f[1]
                .parse()
                .map_err(|_| MONTHS.error(n, "month is not a number"))?;
            if !(1..=12).contains(&m) {
                return Err(MONTHS.error(n, "month must be 1 to 12"));
            }
            months.insert(f[0], m);
        }

        let mut zh_idioms: HashMap<char, Vec<(&'static str, usize)>> = HashMap::new();
        for (n, f) in ZH_IDIOMS.rows(1)? {
            let phrase = f[0];
            let mut any = false;
            for (offset, c) in phrase.char_indices() {
                if zh_numerals.contains_key(&c) {
                    any = true;
                    zh_idioms.entry(c).or_default().push((phrase, offset));
                }
            }
            if !any {
                return Err(ZH_IDIOMS.error(n, format!("`{phrase}` contains no numeral")));
            }
        }
        // Longest phrase first, so `一定程度` wins over `一定` when both cover a numeral.
        for list in zh_idioms.values_mut() {
            list.sort_by_key(|e| std::cmp::Reverse(e.0.len()));
        }

        let mut bounds_before = Vec::new();
        let mut bounds_after = Vec::new();
        for (n, f) in BOUNDS.rows(3)? {
            let bound = Bound::parse(f[1])
                .ok_or_else(|| BOUNDS.error(n, format!("unknown operator `{}`", f[1])))?;
            let word = BoundWord {
                phrase: f[0],
                bound,
                position: match f[2] {
                    "before" => BoundPosition::Before,
                    "after" => BoundPosition::After,
                    other => return Err(BOUNDS.error(n, format!("unknown position `{other}`"))),
                },
            };
            match word.position {
                BoundPosition::Before => bounds_before.push(word),
                BoundPosition::After => bounds_after.push(word),
            }
        }
        bounds_before.sort_by_key(|w| std::cmp::Reverse(w.phrase.len()));
        bounds_after.sort_by_key(|w| std::cmp::Reverse(w.phrase.len()));

        let mut zh_measure_words: Vec<&'static str> = ZH_MEASURE_WORDS
            .rows(1)?
            .into_iter()
            .map(|(_, f)| f[0])
            .collect();
        zh_measure_words.sort_by_key(|w| std::cmp::Reverse(w.len()));

        let glue_words = GLUE_WORDS.rows(1)?.into_iter().map(|(_, f)| f[0]).collect();

        let labels = WordsAround::read(&LABELS)?;
        let slash_or = WordsAround::read(&SLASH_OR)?;

        let mut zh_multipliers = Vec::new();
        for (n, f) in MULTIPLIER_WORDS.rows(3)? {
            let value: u64 = f[1]
                .parse()
                .map_err(|_| MULTIPLIER_WORDS.error(n, "value is not an integer"))?;
            match f[2] {
                "en" => {
                    let word = EnWord {
                        value,
                        kind: EnWordKind::Multiplier,
                    };
                    if en_words.insert(f[0], word).is_some() {
                        return Err(MULTIPLIER_WORDS.error(n, "already a number word"));
                    }
                }
                "zh" => zh_multipliers.push((f[0], value)),
                other => {
                    return Err(MULTIPLIER_WORDS.error(n, format!("unknown language `{other}`")))
                }
            }
        }
        zh_multipliers.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        let mut zh_multiplier_firsts: Vec<char> = zh_multipliers
            .iter()
            .filter_map(|(w, _)| w.chars().next())
            .filter(|c| !zh_numerals.contains_key(c))
            .collect();
        zh_multiplier_firsts.sort_unstable();
        zh_multiplier_firsts.dedup();

        let mut set_words_en = Vec::new();
        let mut set_words_zh = Vec::new();
        for (n, f) in SET_REFERENCES.rows(2)? {
            match f[1] {
                "en" => set_words_en.push(f[0]),
                "zh" => set_words_zh.push(f[0]),
                other => return Err(SET_REFERENCES.error(n, format!("unknown language `{other}`"))),
            }
        }

        let mut back_words_en = Vec::new();
        let mut back_words_zh = Vec::new();
        for (n, f) in BACK_REFERENCES.rows(2)? {
            match f[1] {
                "en" => back_words_en.push(f[0]),
                "zh" => back_words_zh.push(f[0]),
                other => {
                    return Err(BACK_REFERENCES.error(n, format!("unknown language `{other}`")))
                }
            }
        }

        Ok(NumberDictionaries {
            en_words,
            zh_numerals,
            units_by_first,
            months,
            zh_idioms,
            bounds_before,
            bounds_after,
            zh_measure_words,
            extra_identifiers: Vec::new(),
            glue_words,
            labels,
            slash_or,
            zh_multipliers,
            zh_multiplier_firsts,
            set_words_en,
            set_words_zh,
            back_words_en,
            back_words_zh,
        })
        .and_then(|mut dict| {
            // Validated like every data file: sorted, unique.
            NOT_QUANTITIES.rows(1)?;
            dict.add_identifiers(NOT_QUANTITIES.text);
            Ok(dict)
        })
    }

    /// Add identifiers (one a line, `#` comments) that must never be read as quantities, as a
    /// project's own codes (`WHO-5`, `Q-25`). Matching ignores full-width forms.
    pub fn add_identifiers(&mut self, text: &str) {
        for line in text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
        {
            let folded = crate::text::Folded::new(line).text;
            // "three-dimensional" also at the start of a sentence.
            let mut chars = folded.chars();
            let capitalized: Option<String> = chars
                .next()
                .filter(char::is_ascii_lowercase)
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str());
            self.extra_identifiers.push(folded);
            self.extra_identifiers.extend(capitalized);
        }
    }

    pub(crate) fn en_word(&self, word: &str) -> Option<EnWord> {
        self.en_words.get(word).copied()
    }

    pub(crate) fn zh_numeral(&self, c: char) -> Option<ZhNumeral> {
        self.zh_numerals.get(&c).copied()
    }

    pub(crate) fn month(&self, word: &str) -> Option<u8> {
        self.months.get(word).copied()
    }

    /// The canonical unit whose surface form starts `text`, and the surface length in bytes.
    /// ASCII surfaces must end at a word boundary, so `m` does not match `mice`.
    pub(crate) fn unit_at(&self, text: &str) -> Option<(&'static str, usize)> {
        let first = text.chars().next()?;
        self.units_by_first
            .get(&first)?
            .iter()
            .find_map(|&(surface, canonical)| {
                if !text.starts_with(surface) {
                    return None;
                }
                let last_ascii_letter = surface
                    .as_bytes()
                    .last()
                    .is_some_and(u8::is_ascii_alphabetic);
                let boundary_ok = !last_ascii_letter
                    || !text[surface.len()..]
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_alphanumeric());
                boundary_ok.then_some((canonical, surface.len()))
            })
    }

    /// Is the numeral at byte `at` of `text` part of a set phrase such as `一致` or `进一步`?
    pub(crate) fn in_zh_idiom(
        &self,
        text: &str,
        at: usize,
        c: char,
    ) -> Option<std::ops::Range<usize>> {
        let list = self.zh_idioms.get(&c)?;
        list.iter().find_map(|&(phrase, offset)| {
            let start = at.checked_sub(offset)?;
            text.get(start..)
                .filter(|rest| rest.starts_with(phrase))
                .map(|_| start..start + phrase.len())
        })
    }

    /// Where a word PDF text glued to what follows starts, when `before` ends with one
    /// (`…were identified` before `185`).
    pub(crate) fn glue_word_before(&self, before: &str) -> Option<usize> {
        let letters = before
            .bytes()
            .rev()
            .take_while(u8::is_ascii_lowercase)
            .count();
        let start = before.len() - letters;
        let word_start = !before[..start]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
        (letters >= 2 && word_start && self.glue_words.contains(&before[start..])).then_some(start)
    }

    /// Is the number at `start..end` of `t` a label (`type 2`, `2型`, `1.5版`)?
    pub(crate) fn is_label_number(&self, t: &str, start: usize, end: usize) -> bool {
        self.labels.beside(t, start, end)
    }

    /// Is the slash at `start..end` (`2/3`) an `or` between categories (`grade 2/3`, `2/3级`)?
    pub(crate) fn is_slash_or(&self, t: &str, start: usize, end: usize) -> bool {
        self.slash_or.beside(t, start, end)
    }

    /// Does `before` end with a word that points back to a set named earlier (`上述`, `these`)?
    pub(crate) fn points_back(&self, before: &str) -> bool {
        if self.back_words_zh.iter().any(|w| before.ends_with(w)) {
            return true;
        }
        let before = before.trim_end_matches(' ');
        self.back_words_en.iter().any(|w| {
            before.len() >= w.len()
                && before.is_char_boundary(before.len() - w.len())
                && before[before.len() - w.len()..].eq_ignore_ascii_case(w)
                && !before[..before.len() - w.len()].ends_with(|c: char| c.is_ascii_alphanumeric())
        })
    }

    /// Does `text` refer to a set without counting it (`all patients`, `both groups`, `各因子`)?
    pub(crate) fn refers_to_set(&self, text: &str) -> bool {
        if self.set_words_zh.iter().any(|w| text.contains(w)) {
            return true;
        }
        let lower = text.to_ascii_lowercase();
        self.set_words_en.iter().any(|w| {
            lower.match_indices(w).any(|(i, _)| {
                let before = lower[..i].chars().next_back();
                let after = lower[i + w.len()..].chars().next();
                !before.is_some_and(|c| c.is_ascii_alphanumeric())
                    && !after.is_some_and(|c| c.is_ascii_alphanumeric())
            })
        })
    }

    /// Can a word for a count start with `c`, a character that is no numeral (`双`)?
    #[inline]
    pub(crate) fn starts_zh_multiplier(&self, c: char) -> bool {
        self.zh_multiplier_firsts.contains(&c)
    }

    /// The Chinese word for a count without a numeral (`双`, `三价`) starting `text`.
    pub(crate) fn zh_multiplier_at(&self, text: &str) -> Option<(&'static str, u64)> {
        self.zh_multipliers
            .iter()
            .copied()
            .find(|(w, _)| text.starts_with(w))
    }

    /// The Chinese measure word starting `text`, if any.
    pub(crate) fn zh_measure_word_at(&self, text: &str) -> Option<&'static str> {
        let first = *text.as_bytes().first()?;
        self.zh_measure_words
            .iter()
            .copied()
            .find(|w| w.as_bytes().first() == Some(&first) && text.starts_with(w))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_data_is_valid_sorted_and_unique() {
        let d = NumberDictionaries::builtin().expect("builtin dictionaries parse");
        assert_eq!(d.en_word("twenty").map(|w| w.value), Some(20));
        assert_eq!(
            d.zh_numeral('万').map(|n| n.kind),
            Some(ZhNumeralKind::Scale)
        );
        assert_eq!(d.month("Sept"), Some(9));
        // Surfaces mapping to one canonical unit never conflict: every surface appears once.
        let all: Vec<_> = d.units_by_first.values().flatten().map(|u| u.0).collect();
        let mut surfaces = all.clone();
        surfaces.sort_unstable();
        surfaces.dedup();
        assert_eq!(surfaces.len(), all.len());
    }

    #[test]
    fn bad_data_names_file_and_line() {
        let f = DataFile {
            name: "x.tsv",
            text: "b\t1\na\t2\n",
        };
        let err = f.rows(2).unwrap_err();
        assert_eq!(err.line, 2);
        assert_eq!(
            err.to_string(),
            "dictionaries/numbers/x.tsv:2: `a` is out of sorted order"
        );
        let dup = DataFile {
            name: "x.tsv",
            text: "a\t1\na\t2\n",
        };
        assert!(dup.rows(2).unwrap_err().message.contains("duplicate"));
        let short = DataFile {
            name: "x.tsv",
            text: "a\n",
        };
        assert_eq!(short.rows(2).unwrap_err().line, 1);
    }

    #[test]
    fn units_take_the_longest_surface_at_a_word_boundary() {
        let d = NumberDictionaries::builtin().unwrap();
        assert_eq!(d.unit_at("mg/kg"), Some(("mg", 2)));
        assert_eq!(d.unit_at("mice"), None);
        assert_eq!(d.unit_at("个月后"), Some(("month", "个月".len())));
        assert_eq!(d.unit_at("years old."), Some(("year", "years old".len())));
    }

    #[test]
    fn idioms_cover_their_numerals() {
        let d = NumberDictionaries::builtin().unwrap();
        let text = "需要进一步评价";
        let at = text.find('一').unwrap();
        assert!(d.in_zh_idiom(text, at, '一').is_some());
        assert!(d.in_zh_idiom("一个", 0, '一').is_none());
    }
}

/// Words that give the number beside them a role, by where they stand: `type 2` (before),
/// `2型`, `2018 version` (after).
#[derive(Debug, Clone, Default)]
struct WordsAround {
    before: Vec<&'static str>,
    after: Vec<&'static str>,
}

impl WordsAround {
    /// Rows of `word<TAB>before|after|either`.
    fn read(file: &DataFile) -> Result<Self, DictionaryError> {
        let mut words = Self::default();
        for (n, f) in file.rows(2)? {
            match f[1] {
                "before" => words.before.push(f[0]),
                "after" => words.after.push(f[0]),
                "either" => {
                    words.before.push(f[0]);
                    words.after.push(f[0]);
                }
                other => return Err(file.error(n, format!("unknown position `{other}`"))),
            }
        }
        Ok(words)
    }

    /// Does one of the words stand right before `start` or right after `end` in `t`?
    fn beside(&self, t: &str, start: usize, end: usize) -> bool {
        let (Some(before), Some(after)) = (t.get(..start), t.get(end..)) else {
            return false;
        };
        let before = before.strip_suffix(' ').unwrap_or(before);
        let letters = before
            .bytes()
            .rev()
            .take_while(u8::is_ascii_alphabetic)
            .count();
        let word = &before[before.len() - letters..];
        let after_word = |w: &&str| {
            if w.is_ascii() {
                after.strip_prefix(' ').is_some_and(|r| {
                    r.starts_with(*w)
                        && !r[w.len()..].starts_with(|c: char| c.is_ascii_alphanumeric())
                })
            } else {
                after.starts_with(*w)
            }
        };
        (letters > 0 && self.before.contains(&word))
            || (after
                .as_bytes()
                .first()
                .is_some_and(|b| !b.is_ascii() || *b == b' ')
                && self.after.iter().any(after_word))
    }
}
