//! Extraction and comparison on whole sentences, including the seed pages.

use super::*;

fn dict() -> NumberDictionaries {
    NumberDictionaries::builtin().expect("builtin dictionaries")
}

fn values(text: &str, lang: Lang) -> Vec<String> {
    extract(text, lang, &dict())
        .iter()
        .map(|m| m.value.to_string())
        .collect()
}

#[test]
fn smoke() {
    assert_eq!(
        values("Interviews (n = 14) with 75 documents", Lang::En),
        ["14", "75"]
    );
}

fn diffs(en: &str, zh: &str) -> Vec<String> {
    let d = dict();
    let s = extract(en, Lang::En, &d);
    let t = extract(zh, Lang::Zh, &d);
    compare(&s, &t, en, zh)
        .into_iter()
        .map(|diff| match diff {
            NumberDiff::Missing { source } => format!("missing {}", s[source].value),
            NumberDiff::Extra { target } => format!("extra {}", t[target].value),
            NumberDiff::Mismatch {
                source,
                target,
                kind,
            } => {
                format!("{kind:?} {} {}", s[source].value, t[target].value)
            }
            NumberDiff::Derived { side, mention, .. } => match side {
                Side::Source => format!("derived {}", s[mention].value),
                Side::Target => format!("derived {}", t[mention].value),
            },
        })
        .collect()
}

fn show(text: &str, lang: Lang) -> String {
    extract(text, lang, &dict())
        .iter()
        .map(|m| {
            format!(
                "{}[{}|{}]{:?}",
                m.value,
                &text[m.span.clone()],
                &text[m.context.clone()],
                m.strength
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

const SEED_000_RESULTS_EN: &str = "Interviews (n = 14) with wide representation from local authority (n = 8), NHS (n = 5) and voluntary, community and social enterprise (VCSE) sector (n = 1) with 75 documents (including from NHS, local authority, VCSE) were included. Cross-referenced themes were understanding the local context, facilitators of how to tackle health inequalities: the assets, and emerging risks and concerns. Addressing health inequalities in avoidable admissions per se was not often explicitly linked by either the interviews or documents and is not yet embedded into practice. However, a strong coherent strategic integrated population health management plan with a system\\'s approach to reducing health inequalities was evident as was collective action and involving people, with links to a \\\"strong third sector\\\". Challenges reported include structural barriers and threats, the analysis and accessibility of data as well as ongoing pressures on the health and care system.";
const SEED_000_RESULTS_ZH: &str = "访谈(n=14),来自地方当局的广泛代表(n=8),NHS(n=5)和自愿,社区和社会企业(VCSE)部门(n=1),有75份文件(包括来自NHS,地方当局,包括VCSE)。相互参照的主题是了解当地情况,如何解决健康不平等的促进者:资产,以及新出现的风险和担忧。解决可避免入院中的健康不平等问题本身通常没有通过访谈或文件明确联系起来,也没有付诸实践。然而,一个强有力的连贯的战略性综合人口健康管理计划与一个系统的方法来减少健康不平等是显而易见的集体行动和涉及人,链接到“强大的第三部门”。报告的挑战包括结构性障碍和威胁,数据的分析和可获取性,以及对医疗保健系统的持续压力。";

const SEED_002_OBJ_EN: &str = "This analysis aimed to explore how local health system strategies and plans seek to tackle health and care inequalities and address national policies. Specifically, the analysis considered alignment with five national priority areas: restoring services inclusively, mitigating digital exclusion, ensuring the completeness and timeliness of datasets, accelerating preventative programmes and strengthening leadership and accountability. In addition, the analysis explored the extent to which systems are engaging with the Core20PLUS5 approach, which targets the most deprived 20% of the population ('Core 20') and population groups experiencing disproportionately poor access, outcomes or experiences of care ('PLUS').";
const SEED_002_OBJ_ZH: &str = "本分析旨在探讨地方卫生系统战略和计划如何寻求解决卫生和保健不平等问题并解决国家政策。具体而言,该分析考虑了与五个国家优先领域的一致性:包容性地恢复服务、减轻数字排斥、确保数据集的完整性和及时性、加快预防性规划以及加强领导和问责制。此外,该分析还探讨了系统与Core20PLUS5方法的合作程度,该方法针对最贫困的20%人口(“Core20”)和人口群体,他们的机会、结果或护理经历(“PLUS”)不成比例地差。";

const SEED_002_DESIGN_EN: &str = "Integrated Care Systems (ICSs) are statutory partnerships that bring together healthcare, social care, local government and wider system organisations to collaboratively address the root causes of ill health and health inequalities. We conducted a document analysis of available ICS strategies, 5-year plans and health inequalities plans published in England between 1 January 2022 and 31 July 2023. A total of 43 strategy documents, 38 5-year plans and 7 health inequalities plans were analysed. A data extraction framework was used to guide reviewers and independent quality assurance was completed to ensure internal validity, intrarater reliability, and reproducibility of the project.";
const SEED_002_DESIGN_ZH: &str = "综合保健系统是法定伙伴关系,汇集了卫生保健、社会保健、地方政府和更广泛的系统组织,共同解决健康不良和卫生不平等的根本原因。我们对2022年1月1日至2023年7月31日期间在英格兰发布的可用ICS战略、5年计划和健康不平等计划进行了文件分析。总共分析了43个战略文件、38个五年计划和7个保健不平等计划。使用数据提取框架来指导审稿人,并完成独立的质量保证,以确保项目的内部有效性、内部可靠性和可重复性。";

const SEED_002_CONCL_EN: &str = "The review highlights the need for further evaluations at both national and local levels, allowing for further development of the systems.";
const SEED_002_CONCL_ZH: &str =
    "审查强调需要在国家和地方两级进行进一步评价,以便进一步发展这些系统。";

const SEED_003_SETTING_EN: &str = "Secondary healthcare organisations in England, including mental health and community services.";
const SEED_003_SETTING_ZH: &str = "英格兰的二级医疗机构,包括心理健康和社区服务。";

const SEED_003_PARTICIPANTS_EN: &str = "Staff from case study sites which were directly employed or actively engaged in the organisation\\'s anchor institution strategy. Data collection took place from early June to the end of August 2023.";
const SEED_003_PARTICIPANTS_ZH: &str = "来自案例研究网站的工作人员直接受雇或积极参与组织的锚定机构战略。数据收集从6月初到2023年8月底进行。";

const SEED_003_RESULTS_EN: &str = "We found four building blocks for effective anchor activity including employment, spending, estates and sustainability. Healthcare organisations-as anchor institutions-can improve the social determinants of health for their local communities through enabling accessible paths for local community recruitment and career progression.";
const SEED_003_RESULTS_ZH: &str = "我们发现了有效的锚定活动的四个组成部分,包括就业,消费,地产和可持续性。作为主要机构的医疗保健组织可以通过为当地社区招聘和职业发展提供便利的途径来改善当地社区健康的社会决定因素。";

const SEED_003_METHODS_EN: &str = "We conducted case studies with interviews and synthesised the findings using a realist approach to produce a set of explanations (programme theory) of how healthcare organisations can have a positive impact on the overall well-being of local communities by operating as anchor institutions.";
const SEED_003_METHODS_ZH: &str = "我们通过访谈进行了案例研究,并使用现实主义方法综合了研究结果,以提供一套解释(程序理论),说明医疗机构如何通过作为主要机构运营对当地社区的整体福祉产生积极影响。";

const SEEDS: &[(&str, &str)] = &[
    (SEED_000_RESULTS_EN, SEED_000_RESULTS_ZH),
    (SEED_002_OBJ_EN, SEED_002_OBJ_ZH),
    (SEED_002_DESIGN_EN, SEED_002_DESIGN_ZH),
    (SEED_002_CONCL_EN, SEED_002_CONCL_ZH),
    (SEED_003_SETTING_EN, SEED_003_SETTING_ZH),
    (SEED_003_PARTICIPANTS_EN, SEED_003_PARTICIPANTS_ZH),
    (SEED_003_RESULTS_EN, SEED_003_RESULTS_ZH),
    (SEED_003_METHODS_EN, SEED_003_METHODS_ZH),
];

#[test]
fn seed_translations_are_silent() {
    for (en, zh) in SEEDS {
        assert_eq!(
            diffs(en, zh),
            Vec::<String>::new(),
            "\nEN: {}\nZH: {}",
            show(en, Lang::En),
            show(zh, Lang::Zh)
        );
    }
}

#[test]
#[ignore = "prints extractions for eyeballing"]
fn print_seed_extractions() {
    for (en, zh) in SEEDS {
        println!("EN: {}\nZH: {}\n", show(en, Lang::En), show(zh, Lang::Zh));
    }
}

/// Replaces the first `from` in `text` by `to`, failing loudly if the seed text changed.
fn mutate(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "`{from}` not in text");
    text.replacen(from, to, 1)
}

#[test]
fn changed_numbers_in_seeds_are_flagged() {
    // (english, chinese, mutate the English side?, from, to, expected diffs)
    type Case<'a> = (&'a str, &'a str, bool, &'a str, &'a str, &'a [&'a str]);
    let cases: &[Case] = &[
        (
            SEED_000_RESULTS_EN,
            SEED_000_RESULTS_ZH,
            false,
            "75份",
            "57份",
            &["Changed 75 57"],
        ),
        (
            SEED_000_RESULTS_EN,
            SEED_000_RESULTS_ZH,
            true,
            "(n = 5)",
            "(n = 6)",
            &["Changed 6 5"],
        ),
        (
            SEED_000_RESULTS_EN,
            SEED_000_RESULTS_ZH,
            false,
            "(n=14)",
            "(n=41)",
            &["Changed 14 41"],
        ),
        (
            SEED_002_OBJ_EN,
            SEED_002_OBJ_ZH,
            false,
            "五个",
            "四个",
            &["Changed 5 4"],
        ),
        (
            SEED_002_OBJ_EN,
            SEED_002_OBJ_ZH,
            true,
            "five national",
            "six national",
            &["Changed 6 5"],
        ),
        (
            SEED_002_OBJ_EN,
            SEED_002_OBJ_ZH,
            false,
            "20%人口",
            "25%人口",
            &["Changed 20% 25%"],
        ),
        (
            SEED_002_DESIGN_EN,
            SEED_002_DESIGN_ZH,
            false,
            "2023年7月31日",
            "2023年7月13日",
            &["Changed 2022-01-01..2023-07-31 2022-01-01..2023-07-13"],
        ),
        (
            SEED_002_DESIGN_EN,
            SEED_002_DESIGN_ZH,
            true,
            "1 January 2022",
            "1 June 2022",
            &["Changed 2022-06-01..2023-07-31 2022-01-01..2023-07-31"],
        ),
        (
            SEED_002_DESIGN_EN,
            SEED_002_DESIGN_ZH,
            false,
            "38个五年计划",
            "38个三年计划",
            &["Changed 5 3"],
        ),
        (
            SEED_002_DESIGN_EN,
            SEED_002_DESIGN_ZH,
            false,
            "43个",
            "34个",
            &["Changed 43 34"],
        ),
        (
            SEED_002_DESIGN_EN,
            SEED_002_DESIGN_ZH,
            true,
            "7 health",
            "seven health",
            &[],
        ),
        (
            SEED_002_DESIGN_EN,
            SEED_002_DESIGN_ZH,
            false,
            "、38个五年计划",
            "",
            &["missing 38", "missing 5"],
        ),
        (
            SEED_003_PARTICIPANTS_EN,
            SEED_003_PARTICIPANTS_ZH,
            false,
            "6月初",
            "7月初",
            &["Changed --06 2023-07..2023-08"],
        ),
        (
            SEED_003_PARTICIPANTS_EN,
            SEED_003_PARTICIPANTS_ZH,
            false,
            "2023年8月底",
            "2022年8月底",
            &["Changed 2023-08 2022-06..2022-08"],
        ),
        (
            SEED_003_RESULTS_EN,
            SEED_003_RESULTS_ZH,
            false,
            "四个",
            "五个",
            &["Changed 4 5"],
        ),
        (
            SEED_003_RESULTS_EN,
            SEED_003_RESULTS_ZH,
            true,
            "four building",
            "three building",
            &["Changed 3 4"],
        ),
    ];
    for (en, zh, on_en, from, to, expected) in cases {
        let (en, zh) = if *on_en {
            (mutate(en, from, to), zh.to_string())
        } else {
            (en.to_string(), mutate(zh, from, to))
        };
        let got = diffs(&en, &zh);
        assert_eq!(
            got,
            *expected,
            "{from} -> {to}\nEN: {}\nZH: {}",
            show(&en, Lang::En),
            show(&zh, Lang::Zh)
        );
    }
}

#[test]
fn forms_normalize_to_the_same_value() {
    let same = |en: &str, zh: &str| {
        assert_eq!(
            diffs(en, zh),
            Vec::<String>::new(),
            "\nEN: {}\nZH: {}",
            show(en, Lang::En),
            show(zh, Lang::Zh)
        );
    };
    same("A population of 36,000 people", "3.6万人口");
    same("A population of 36 000 people", "3.6万人口");
    same("about 1.5 million adults", "约150万成人");
    same("1.2 billion", "12亿");
    same("3500 patients", "三千五百名患者");
    same("twenty-one sites", "二十一个地点");
    same("a hundred and five children", "一百零五名儿童");
    same("in 105 children", "１０５名儿童");
    same("20 per cent of women", "百分之二十的妇女");
    same("from 12% to 35%", "12%~35%");
    same("between 12% and 35%", "12%至35%");
    same("12%-35%", "12%和35%之间");
    same("over 300 hospitals", "300多家医院");
    same("more than 300 hospitals", "超过300家医院");
    same("more than 60% of them", "60%以上");
    same("p<0.05", "P＜0.05");
    same("p = .05", "P=0.05");
    same("on 1 January 2022", "2022年1月1日");
    same("on January 1, 2022", "2022年1月1日");
    same("in June 2023", "2023年6月");
    same("from 2000 to 2020", "2000—2020年");
    same("2000-2020", "2000至2020年");
    same("in 2022", "2022年");
    same("from June to August 2023", "2023年6月至8月");
    same("between August and December 2022", "2022年8月至12月");
    same("for 3 months", "3个月");
    same("a 2hr visit", "2小时的访问");
    same("5mg/kg", "5 mg/kg");
    same("5 mg/kg", "5毫克/千克");
    same("2-fold higher", "高出两倍");
    same("twice as high", "高出两倍");
    same("aged 18–65 years", "18~65岁");
    same("one-third of patients", "三分之一的患者");
    same(
        "IL-6 and COVID-19 in BRCA1 carriers",
        "BRCA1携带者的IL-6与COVID-19",
    );
    same(
        "DOI 10.1136/bmjopen-2025-102163",
        "DOI 10.1136/bmjopen-2025-102163",
    );
    same("as reported [12]", "如前所述[12]");
    same("(i) first, (ii) second", "①首先,②其次");
    same("by 1) cooking, and 2) limiting", "(1)烹调;(2)限制");
    same("In 1988-89 I helped", "1988-89 我帮助");
    same("in 2005, 2010 and 2015", "在2005年、2010年和2015年");
    same("the 95% CI 1.2-1.9", "95%CI 1.2~1.9");
    same("in 74,000 people", "7.4万人");
    same("twenty patients", "二十名患者");
}

#[test]
fn chinese_percent_of_a_hundred() {
    assert_eq!(values("百分之一百的妇女", Lang::Zh), ["100%"]);
    assert_eq!(values("百分之一的妇女", Lang::Zh), ["1%"]);
}

#[test]
fn chinese_month_counts_match_english_months() {
    assert!(diffs("One patient died 2 months later.", "1例患者2月后死亡。").is_empty());
    assert!(diffs("infants aged 3 to 5 months", "3-5月婴儿").is_empty());
    assert!(!diffs("One patient died 3 months later.", "1例患者2月后死亡。").is_empty());
    // A month of the year with a year stays a date.
    assert!(!diffs("in 5 months", "2023年5月").is_empty());
}

/// Past the size searched whole, a section is matched through bounded windows: the same
/// findings as a short one, each in its place.
#[test]
fn long_sections_match_like_short_ones() {
    let n = 1500;
    let en: String = (0..n)
        .map(|i| format!("Group {i} had {} patients. ", 1000 + i))
        .collect();
    let mut zh: String = (0..n)
        .map(|i| format!("第{i}组有{}名患者。", 1000 + i))
        .collect();
    zh = zh.replacen("有1700名", "有1710名", 1);
    zh = zh.replacen("有2400名", "有", 1);
    assert_eq!(diffs(&en, &zh), ["Changed 1700 1710", "missing 2400"]);
}

/// The matched pairs a view links, as (English value, Chinese value).
fn links(en: &str, zh: &str) -> Vec<(String, String)> {
    let d = dict();
    let s = extract(en, Lang::En, &d);
    let t = extract(zh, Lang::Zh, &d);
    let found = compare_linked(&s, &t, en, zh, None, Some(&d));
    assert_eq!(found.diffs, compare_aligned(&s, &t, en, zh, None, Some(&d)));
    found
        .matched
        .into_iter()
        .map(|(a, b)| (s[a].value.to_string(), t[b].value.to_string()))
        .collect()
}

#[test]
fn matched_numbers_name_their_partners() {
    assert_eq!(
        links(
            "Interviews (n = 14) with 75 documents",
            "访谈(n=14),有75份文件"
        ),
        [("14".into(), "14".into()), ("75".into(), "75".into())]
    );
    // A changed number is a difference, not a link.
    assert_eq!(
        links(
            "with 75 documents and 14 interviews",
            "有57份文件和14次访谈"
        ),
        [("14".into(), "14".into())]
    );
    // A range matched by its two ends written apart links to both.
    let ends = links("rates of 12% to 35%", "比例为12%，最高35%");
    assert_eq!(ends.len(), 2, "{ends:?}");
}
