//! `length-ratio`: sentence pairs whose English/Chinese length ratio is far from the document's.
//!
//! Length is counted in characters other than whitespace. Across a document the ratio is
//! steady: on the gold-aligned sets in `shared/eval/real` the median is 2.4–3.1 English
//! characters per Chinese one and half the pairs lie within a factor of 1.2 of it. A pair beyond
//! a factor of [`DEFAULT_FACTOR`] of the document's median (or, with too few pairs to take one,
//! of [`CALIBRATED_RATIO`]) usually lost or gained a clause in translation; on those gold sets
//! 1 pair in 400 of correct translations goes that far.

use super::{locate, LENGTH_RATIO};
use crate::finding::Finding;
use crate::lang::Lang;
use crate::model::AlignedSection;

/// The default threshold: how many times longer or shorter than the document's usual ratio.
pub const DEFAULT_FACTOR: f64 = 2.5;
/// English non-space characters per Chinese one, when a document has too few pairs.
pub const CALIBRATED_RATIO: f64 = 2.8;
/// Fewer measurable pairs than this: the document's median is not trusted.
const MIN_PAIRS_FOR_MEDIAN: usize = 5;
/// A pair shorter than this (in English characters, the Chinese side scaled by the ratio) is too
/// short for its ratio to mean anything.
const MIN_SIZE: f64 = 80.0;
/// The threshold widens in documents whose ratios spread widely: never tighter than this many
/// robust standard deviations (1.4826 × the median absolute deviation of the log ratios)...
const SPREAD_FLOOR: f64 = 5.0;
/// ...when the document has enough pairs to measure its spread (an abstract has 10 to 20).
const MIN_PAIRS_FOR_SPREAD: usize = 30;

/// Characters other than whitespace. Latin letters count a third: Chinese keeps acronyms and
/// names in Latin letters, and a Han character says about as much as three of them, so English
/// left in the Chinese (reported as `untranslated`) does not also skew the ratio.
pub(crate) fn chars(text: &str) -> f64 {
    let (mut other, mut latin) = (0usize, 0usize);
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        if c.is_ascii_alphabetic() {
            latin += 1;
        } else {
            other += 1;
        }
    }
    other as f64 + latin as f64 / 3.0
}

/// The length of an English text: its characters other than whitespace.
pub(crate) fn en_chars(text: &str) -> f64 {
    text.chars().filter(|c| !c.is_whitespace()).count() as f64
}

/// How far the length ratio of an English and a Chinese text is from the calibrated ratio, as a
/// natural log (0: as usual; ln 2: twice as long in English). `None` when a side is empty.
pub fn log_deviation(en: &str, zh: &str) -> Option<f64> {
    let (en, zh) = (en_chars(en), chars(zh));
    (en > 0.0 && zh > 0.0).then(|| (en / zh).ln() - CALIBRATED_RATIO.ln())
}

struct Measured {
    section: usize,
    bead: usize,
    en: f64,
    zh: f64,
}

/// Check every pair of a document's aligned sections against the document's median ratio.
/// `factor` is the threshold (`[thresholds] length_ratio` in the config).
pub fn check(sections: &[AlignedSection], factor: f64) -> Vec<Finding> {
    let mut measured = Vec::new();
    for (s, section) in sections.iter().enumerate() {
        for (b, bead) in section.beads.iter().enumerate() {
            let (Some((_, en)), Some((_, zh))) =
                (section.side(bead, Lang::En), section.side(bead, Lang::Zh))
            else {
                continue;
            };
            let (en, zh) = (en_chars(en), chars(zh));
            if en == 0.0 || zh == 0.0 {
                continue;
            }
            measured.push(Measured {
                section: s,
                bead: b,
                en,
                zh,
            });
        }
    }
    let log_ratio = |m: &Measured| (m.en / m.zh).ln();
    let sized = |m: &Measured, center: f64| m.en + center.exp() * m.zh >= MIN_SIZE;
    let calibrated = CALIBRATED_RATIO.ln();
    let mut logs: Vec<f64> = measured
        .iter()
        .filter(|m| sized(m, calibrated))
        .map(log_ratio)
        .collect();
    let (center, spread) = if logs.len() >= MIN_PAIRS_FOR_MEDIAN {
        let center = median(&mut logs);
        let mut deviations: Vec<f64> = logs.iter().map(|x| (x - center).abs()).collect();
        let spread = if logs.len() >= MIN_PAIRS_FOR_SPREAD {
            1.4826 * median(&mut deviations)
        } else {
            0.0
        };
        (center, spread)
    } else {
        (calibrated, 0.0)
    };
    let limit = factor.max(1.0).ln().max(SPREAD_FLOOR * spread);
    let mut findings = Vec::new();
    for m in &measured {
        let deviation = log_ratio(m) - center;
        if !sized(m, center) || deviation.abs() <= limit {
            continue;
        }
        let section = &sections[m.section];
        let bead = &section.beads[m.bead];
        // Measured beads have both sides; a bead without one is skipped, never a panic.
        let (Some((en_range, _)), Some((zh_range, _))) =
            (section.side(bead, Lang::En), section.side(bead, Lang::Zh))
        else {
            continue;
        };
        let times = deviation.abs().exp();
        let (longer, shorter) = if deviation > 0.0 {
            ("English", "Chinese")
        } else {
            ("Chinese", "English")
        };
        let message = format!(
            "this sentence pair of the {} is {times:.1} times as long in the {longer} as the \
             document's usual ratio ({:.1} English characters per Chinese one; here {:.1}): \
             part of the {shorter} may be missing or part of the {longer} added",
            section.section,
            center.exp(),
            m.en / m.zh,
        );
        findings.push(section.finding(
            LENGTH_RATIO,
            Some(locate(section.doc, en_range, None)),
            Some(locate(section.doc, zh_range, None)),
            message,
        ));
    }
    findings
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_unstable_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::tests::{aligned, section};

    const EN: [&str; 6] = [
        "We enrolled 120 patients with lung cancer in the study between 2015 and 2019.",
        "All of them were followed for five years after discharge from hospital.",
        "Mortality was lower in the treatment group than in the control group.",
        "The difference in mortality between the two groups was significant (p = 0.03).",
        "Quality of life improved in both groups during the first year of follow-up.",
        "Adverse events were rare, mild and evenly distributed between the two groups of patients.",
    ];

    #[test]
    fn a_truncated_translation_is_an_outlier_and_the_rest_are_not() {
        let zh = [
            "我们在2015年至2019年间招募了120名肺癌患者参与研究。",
            "所有患者出院后均随访五年。",
            "治疗组的死亡率低于对照组。",
            "两组之间死亡率的差异具有统计学意义(p=0.03)。",
            "两组患者在随访第一年的生活质量均有所改善。",
            "不良事件少。",
        ];
        let (doc, beads) = aligned(&EN, &zh);
        let sections = [section(&doc, &beads)];
        let findings = check(&sections, DEFAULT_FACTOR);
        assert_eq!(findings.len(), 1, "{findings:#?}");
        assert_eq!(findings[0].rule, LENGTH_RATIO);
        assert_eq!(findings[0].zh.as_ref().unwrap().text, zh[5]);
        assert!(check(&sections, 10.0).is_empty());
    }

    #[test]
    fn median_of_even_and_odd() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&mut [4.0, 1.0, 2.0, 3.0]), 2.5);
    }
}
