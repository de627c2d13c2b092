use super::*;

fn run(text: &str) -> Detection {
    let dict = Dictionaries::builtin().unwrap();
    Detector::new(&dict).unwrap().detect(text, &dict)
}

const PAGE: &str = "关键词: health equity\n\nMesh : Humans England\n\n来  源:   DOI:10.1136/bmjopen-2024-085398   PDF(Pubmed)\n\nAbstract:\nOBJECTIVE: We looked at how hospitals act as anchor institutions in their local areas and what they do.\nMETHODS: We conducted case studies with interviews with 14 people and synthesised the findings.\nRESULTS: We found four building blocks for effective anchor activity including employment and spending.\n摘要:\n目标:我们研究了医院如何作为当地的锚定机构以及它们做了什么。\n方法:我们对14人进行了访谈的案例研究,并综合了研究结果。\n结果:我们发现了有效锚定活动的四个组成部分,包括就业和消费。\n公众号";

#[test]
fn finds_one_pair_and_classifies_noise() {
    let d = run(PAGE);
    assert_eq!(d.pairs.len(), 1, "{:#?}", d.blocks);
    let p = &d.pairs[0];
    assert!(PAGE[p.en.range.clone()].starts_with("OBJECTIVE:"));
    assert!(PAGE[p.zh.range.clone()].starts_with("目标:"));
    assert!(PAGE[p.zh.range.clone()].ends_with("消费。"));
    assert_eq!(d.doi.as_deref(), Some("10.1136/bmjopen-2024-085398"));
    let roles: Vec<Role> = d.blocks.iter().map(|b| b.role).collect();
    assert_eq!(roles[..3], [Role::Keywords, Role::Keywords, Role::Metadata]);
    assert!(roles.contains(&Role::Heading));
    assert_eq!(roles.last(), Some(&Role::Boilerplate));
    assert!(!d.machine_translated);
}

#[test]
fn english_only_page_has_no_pair() {
    let en_only: String = PAGE
        .lines()
        .filter(|l| !l.contains(['目', '方', '结', '摘']))
        .collect::<Vec<_>>()
        .join("\n");
    let d = run(&en_only);
    assert!(d.pairs.is_empty());
    assert_eq!(d.unpaired.len(), 1);
}

#[test]
fn chinese_before_english_still_pairs() {
    let zh_first = "目标:我们研究了医院如何作为当地的锚定机构以及它们做了什么。方法:我们对14人进行了访谈的案例研究。\n\nOBJECTIVE: We looked at how hospitals act as anchor institutions in their local areas and what they do. METHODS: We conducted case studies with interviews with 14 people.\n本文章由计算机程序翻译,如有差异,请以英文原文为准。";
    let d = run(zh_first);
    assert_eq!(d.pairs.len(), 1);
    assert!(d.machine_translated);
    let (side, why) = source::original_side(&d.evidence, &d.pairs[0]);
    assert_eq!(side, Lang::En, "{why}");
}

/// A Chinese journal page: title, authors, 摘要 with the keywords glued on, the Chinese body, then
/// the English title, authors, Abstract and Key words at the end.
const JOURNAL: &str = "# 一种测试用的图像检索方法\n\n张三1,2，李四1，王五2\n\n(1.某某大学 信息学院，上海 200000；2.某某研究所，北京 100000)\n\n摘要：为了提高图像检索的准确率，提出一种新的方法。该方法在三个数据集上进行了实验，准确率提高了5%。关键词：图像检索；深度学习\n\n中图分类号：TP391 文献标识码：A\n\n# 0 引言\n\n图像检索是计算机视觉中的重要问题，近年来受到广泛关注。许多研究者提出了不同的方法，取得了很好的效果。\n\n本文的方法分为三个步骤。首先提取特征，然后建立索引，最后进行检索。实验表明该方法有效。\n\n# An image retrieval method for testing\n\nZHANG San1,2, LI Si1, WANG Wu2\n\n(1. School of Information, Some University, Shanghai 200000, China)\n\nAbstract: To improve the accuracy of image retrieval, a new method is proposed. The method was tested on three data sets, and the accuracy improved by 5%.\n\nKey words: image retrieval; deep learning\n";

#[test]
fn journal_page_pairs_the_marked_abstracts_only() {
    let d = run(JOURNAL);
    assert_eq!(d.pairs.len(), 1, "{:#?}", d.candidates);
    let p = &d.pairs[0];
    assert!(JOURNAL[p.zh.range.clone()].starts_with("为了提高"));
    assert!(JOURNAL[p.zh.range.clone()].ends_with("5%。"));
    assert!(JOURNAL[p.en.range.clone()].starts_with("To improve"));
    assert!(JOURNAL[p.en.range.clone()].ends_with("5%."));
    assert_eq!(
        &JOURNAL[p.zh.title.clone().unwrap()],
        "# 一种测试用的图像检索方法"
    );
    assert_eq!(
        &JOURNAL[p.en.title.clone().unwrap()],
        "# An image retrieval method for testing"
    );
    // The body paragraphs were considered and rejected, with the reason.
    let body: Vec<&Candidate> = d.candidates.iter().filter(|c| !c.accepted).collect();
    assert!(
        body.iter().any(|c| c.why.starts_with("body text")),
        "{body:#?}"
    );
    let (side, why) = source::original_side(&d.evidence, p);
    assert_eq!(side, Lang::Zh);
    assert!(why.contains("中图分类号"), "{why}");
}

#[test]
fn a_page_with_a_chinese_abstract_only_has_no_pair() {
    let zh_only: String = JOURNAL.split("# An image").next().unwrap().to_owned();
    let d = run(&zh_only);
    assert!(d.pairs.is_empty());
    assert_eq!(d.unpaired.len(), 1);
    assert_eq!(d.unpaired[0].lang, Lang::Zh);
}
