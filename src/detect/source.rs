//! Which side of a pair is the original: the page's own word (a machine-translation notice), then
//! the layout (Chinese journals print the Chinese abstract first, with 中图分类号 and kin;
//! English-first pages put the English first).

use super::lines::{Line, Role};
use super::AbstractPair;
use crate::lang::Lang;

/// What a page says about where its text came from.
#[derive(Debug, Clone, Default)]
pub struct PageEvidence {
    pub machine_translated: bool,
    /// The first Chinese metadata line (中图分类号, 文献标识码, 收稿日期 …), shortened.
    pub chinese_metadata: Option<String>,
}

impl PageEvidence {
    pub(super) fn of(text: &str, lines: &[Line], machine_translated: bool) -> PageEvidence {
        let chinese_metadata = lines
            .iter()
            .find(|l| l.role == Role::Metadata && l.lang.as_lang() == Some(Lang::Zh))
            .map(|l| l.text(text).trim().chars().take(8).collect());
        PageEvidence {
            machine_translated,
            chinese_metadata,
        }
    }
}

/// The original side of `pair` and why.
pub fn original_side(evidence: &PageEvidence, pair: &AbstractPair) -> (Lang, String) {
    if evidence.machine_translated {
        return (
            Lang::En,
            "the page says its Chinese is a machine translation".to_owned(),
        );
    }
    let metadata = evidence
        .chinese_metadata
        .as_ref()
        .map(|m| format!(", and the page carries Chinese journal metadata ({m}…)"))
        .unwrap_or_default();
    if pair.zh.range.start < pair.en.range.start {
        (
            Lang::Zh,
            format!("the Chinese abstract comes first, as in a Chinese journal{metadata}"),
        )
    } else {
        (Lang::En, "the English abstract comes first".to_owned())
    }
}
