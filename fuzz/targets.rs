//! The fuzz targets, shared by the `cargo fuzz` targets in `fuzz_targets/` (nightly, libFuzzer)
//! and the stable driver `tests/fuzz.rs` (any toolchain, a fixed number of generated cases).
//! Each takes raw bytes, may not panic, and checks what must hold of its output.

use std::io::Cursor;
use std::sync::OnceLock;

use bitext::lang::Lang;
use bitext::numbers::{self, NumberDictionaries};
use bitext::{Engine, Options};

/// What each target exercises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Encoding detection and decoding, as text and as HTML.
    Decode,
    /// Finding and pairing the abstracts of a page.
    Detect,
    NumbersEn,
    NumbersZh,
    /// The whole check of a page, its report serialised to JSON and read back.
    CheckPage,
    /// Sentence alignment of an English and a Chinese text (split at the first 0xFF byte).
    Align,
    /// The JSONL reader, and the check of every record it yields.
    Jsonl,
}

impl Target {
    pub const ALL: [Target; 7] = [
        Target::Decode,
        Target::Detect,
        Target::NumbersEn,
        Target::NumbersZh,
        Target::CheckPage,
        Target::Align,
        Target::Jsonl,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Target::Decode => "decode",
            Target::Detect => "detect",
            Target::NumbersEn => "numbers_en",
            Target::NumbersZh => "numbers_zh",
            Target::CheckPage => "check_page",
            Target::Align => "align",
            Target::Jsonl => "jsonl",
        }
    }

    pub fn run(self, data: &[u8]) {
        match self {
            Target::Decode => decode(data),
            Target::Detect => detect(data),
            Target::NumbersEn => numbers_of(data, Lang::En),
            Target::NumbersZh => numbers_of(data, Lang::Zh),
            Target::CheckPage => check_page(data),
            Target::Align => align(data),
            Target::Jsonl => jsonl(data),
        }
    }
}

/// One engine for every case: building it is the costly part.
pub fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(Options::default()).expect("the built-in engine builds"))
}

fn dictionaries() -> &'static NumberDictionaries {
    static DICTIONARIES: OnceLock<NumberDictionaries> = OnceLock::new();
    DICTIONARIES.get_or_init(|| NumberDictionaries::builtin().expect("the built-in numbers load"))
}

fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

pub fn decode(data: &[u8]) {
    for html in [false, true] {
        if let Ok(decoded) = bitext::input::decode::decode(data, html) {
            // Decoded text is text: no byte order mark left, valid UTF-8 by construction.
            assert!(!decoded.text.starts_with('\u{feff}'), "BOM kept");
        }
    }
}

pub fn detect(data: &[u8]) {
    let doc = bitext::input::page("fuzz".into(), text(data));
    let report = engine().detect(&doc);
    // An upper bound on the lines however they end (\n, \r\n, a lone \r).
    let lines = doc.text.split(['\n', '\r']).count();
    for pair in &report.pairs {
        for side in [&pair.en, &pair.zh] {
            assert!(side.start_line >= 1 && side.start_line <= side.end_line);
            assert!(side.end_line <= lines, "a pair ends past the last line");
        }
    }
}

pub fn numbers_of(data: &[u8], lang: Lang) {
    let t = text(data);
    let mentions = numbers::extract(&t, lang, dictionaries());
    for m in &mentions {
        assert!(
            m.span.start <= m.span.end && m.span.end <= t.len(),
            "span out of the text"
        );
        assert!(t.is_char_boundary(m.span.start) && t.is_char_boundary(m.span.end));
        assert!(!m.value.to_string().is_empty(), "every value prints");
    }
}

pub fn check_page(data: &[u8]) {
    let doc = bitext::input::page("fuzz".into(), text(data));
    report_round_trips(&doc);
}

pub fn align(data: &[u8]) {
    let (en, zh) = match data.iter().position(|&b| b == 0xFF) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => data.split_at(data.len() / 2),
    };
    let doc = bitext::input::paired("fuzz".into(), None, text(en), text(zh));
    for bead in engine().align(&doc) {
        assert!(!bead.score.is_nan(), "a bead's score is a number");
    }
    report_round_trips(&doc);
}

pub fn jsonl(data: &[u8]) {
    let reader = bitext::input::JsonlReader::new(Cursor::new(data), "fuzz.jsonl");
    // A bad record is an error for that record; the reader goes on to the next.
    for doc in reader.take(64).flatten() {
        report_round_trips(&doc);
    }
}

/// The document report serialises to JSON that reads back to the same report.
fn report_round_trips(doc: &bitext::input::Document) {
    let report = engine().check(doc);
    let json = serde_json::to_string(&report).expect("a report serialises");
    let back: serde_json::Value = serde_json::from_str(&json).expect("the JSON parses");
    assert_eq!(back["path"], serde_json::Value::from(report.path.clone()));
}
