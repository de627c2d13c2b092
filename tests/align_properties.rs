//! Laws of sentence splitting and alignment, on generated input.

use bitext::align::{Aligner, Bead};
use bitext::lang::Lang;
use bitext::segment::split_sentences;
use proptest::prelude::*;
use std::sync::OnceLock;

fn aligner() -> &'static Aligner {
    static ALIGNER: OnceLock<Aligner> = OnceLock::new();
    ALIGNER.get_or_init(|| Aligner::new().expect("shipped glossary"))
}

/// Beads are in order, never both sides empty, and cover every sentence exactly once.
fn assert_covers(beads: &[Bead], n: usize, m: usize) {
    let (mut i, mut j) = (0, 0);
    for b in beads {
        assert_eq!(
            (b.en.start, b.zh.start),
            (i, j),
            "beads must continue where the last ended: {beads:?}"
        );
        assert!(!(b.en.is_empty() && b.zh.is_empty()), "empty bead");
        assert!((0.0..=1.0).contains(&b.score), "score {}", b.score);
        i = b.en.end;
        j = b.zh.end;
    }
    assert_eq!((i, j), (n, m));
}

fn text_strategy() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "Smith et al.",
        " ",
        "\n",
        "\n\n",
        "e.g.",
        "0.05",
        "95% CI",
        "。",
        "！",
        "？",
        "；",
        ".",
        "!",
        "?",
        "(",
        ")",
        "（",
        "）",
        "“",
        "”",
        "\"",
        "「",
        "」",
        "...",
        "…",
        "背景",
        "患者",
        "The",
        "patients",
        "Fig.",
        "No.",
        "J.",
        "A",
        "b",
        "14",
        "，",
        ",",
        ":",
        "：",
        "\t",
        "【",
        "】",
        "[",
        "]",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn split_spans_cover_non_whitespace_in_order(text in text_strategy(), zh in any::<bool>()) {
        let lang = if zh { Lang::Zh } else { Lang::En };
        let spans = split_sentences(&text, lang);
        let mut last = 0;
        let mut covered = vec![false; text.len()];
        for r in &spans {
            prop_assert!(r.start >= last && r.start < r.end, "{spans:?}");
            prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
            let s = &text[r.clone()];
            prop_assert_eq!(s, s.trim());
            covered[r.clone()].iter_mut().for_each(|c| *c = true);
            last = r.end;
        }
        for (i, c) in text.char_indices() {
            if !c.is_whitespace() {
                prop_assert!(covered[i], "char {c:?} at {i} not in any sentence of {text:?}: {spans:?}");
            }
        }
    }

    #[test]
    fn split_arbitrary_text_never_panics(text in any::<String>()) {
        let _ = split_sentences(&text, Lang::En);
        let _ = split_sentences(&text, Lang::Zh);
    }

    #[test]
    fn alignment_moves_forward_and_covers_everything(
        en in prop::collection::vec(text_strategy(), 0..12),
        zh in prop::collection::vec(text_strategy(), 0..12),
    ) {
        let en: Vec<&str> = en.iter().map(String::as_str).collect();
        let zh: Vec<&str> = zh.iter().map(String::as_str).collect();
        assert_covers(&aligner().align(&en, &zh), en.len(), zh.len());
    }
}

#[test]
fn long_documents_and_lopsided_sides() {
    let en_text: Vec<String> = (0..10_000)
        .map(|i| format!("Group {i} was treated for {} days.", i % 30))
        .collect();
    let zh_text: Vec<String> = (0..10_000)
        .map(|i| format!("第{i}组治疗{}天。", i % 30))
        .collect();
    let en: Vec<&str> = en_text.iter().map(String::as_str).collect();
    let zh: Vec<&str> = zh_text.iter().map(String::as_str).collect();
    assert_covers(&aligner().align(&en, &zh), en.len(), zh.len());
    assert_covers(&aligner().align(&en[..3], &zh[..500]), 3, 500);
    assert_covers(&aligner().align(&en[..500], &zh[..1]), 500, 1);
    // Near-identical sentences make every path look alike: the band widens, but stays bounded.
    let same_en = vec!["Patients were treated."; 1_000];
    let same_zh = vec!["患者接受了治疗。"; 700];
    assert_covers(&aligner().align(&same_en, &same_zh), 1_000, 700);
    assert_covers(&aligner().align(&["", " "], &["", "。"]), 2, 2);
}

#[test]
fn numbers_anchor_a_two_to_one_merge() {
    let en = [
        "A total of 6528 patients underwent randomization.",
        "Of these, 4495 could be evaluated, 2211 in the apixaban group and 2284 in the enoxaparin group.",
        "Major bleeding occurred in 0.47% of the patients.",
    ];
    let zh = [
        "共6,528名受试者经历了随机分组，其中4,495名能够评估，阿哌沙班组2,211名，依诺肝素组2,284名。",
        "0.47%的患者发生大出血。",
    ];
    let beads: Vec<_> = aligner()
        .align(&en, &zh)
        .into_iter()
        .map(|b| (b.en, b.zh))
        .collect();
    assert_eq!(beads, [(0..2, 0..1), (2..3, 1..2)]);
}
