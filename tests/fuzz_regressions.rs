//! Inputs the fuzzer found (tests/fuzz.rs), kept as tests: each asserts the behaviour the input
//! exposed, so that a regression fails here rather than in the next long run.

use bitext::lang::Lang;
use bitext::numbers::{extract, NumberDictionaries};

fn values(text: &str, lang: Lang) -> Vec<String> {
    let d = NumberDictionaries::builtin().expect("builtin dictionaries");
    extract(text, lang, &d)
        .iter()
        .map(|m| m.value.to_string())
        .collect()
}

/// A page of 32 KB that was almost all spaces: every space of a run was decided by looking at
/// the whole run again (3.3 s). Spaces between a number and its scale word still join them, and
/// a long run decides once.
#[test]
fn long_runs_of_spaces_are_read_once() {
    let spaces = " ".repeat(100_000);
    assert_eq!(values(&format!("达3.6{spaces}万人"), Lang::Zh), ["36000"]);
    assert_eq!(
        values(&format!("共{spaces}12例{spaces}。"), Lang::Zh),
        ["12"]
    );
    assert_eq!(
        values(&format!("n ={spaces}14 and{spaces}5"), Lang::En),
        ["14", "5"]
    );
}
