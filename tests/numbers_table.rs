//! Table of sentence pairs written like the abstracts bitext audits. Each row is a correct
//! translation (must be silent) and one edit that injects exactly one error (must be flagged
//! with the right kind and normalized values). An edit whose `from` starts with `EN:` changes
//! the English side.

use bitext::lang::Lang;
use bitext::numbers::{compare_aligned, extract_with_words, NumberDictionaries, NumberDiff, Side};
use bitext::segment::ChineseWords;
use std::sync::LazyLock;

static WORDS: LazyLock<ChineseWords> = LazyLock::new(ChineseWords::new);

fn extract(text: &str, lang: Lang, d: &NumberDictionaries) -> Vec<bitext::numbers::NumberMention> {
    extract_with_words(text, lang, d, Some(&*WORDS))
}

struct Row {
    en: &'static str,
    zh: &'static str,
    from: &'static str,
    to: &'static str,
    expected: &'static str,
}

const fn row(
    en: &'static str,
    zh: &'static str,
    from: &'static str,
    to: &'static str,
    expected: &'static str,
) -> Row {
    Row {
        en,
        zh,
        from,
        to,
        expected,
    }
}

const ROWS: &[Row] = &[
    row("A total of 200 participants with diabetes were selected randomly.", "随机挑选200位糖尿病患者为研究对象。", "200位", "300位", "Changed 200 300"),
    row("The mean HEI score was 58.8.", "HEI平均分数为58.8分。", "58.8", "5.88", "Scale 58.8 5.88"),
    row("Of the adults, 12.2% had diabetes and 90% of patients with cardiovascular disease had diabetes.", "成人中12.2%患有糖尿病;心血管疾病患者中90%亦患有糖尿病。", "12.2%", "21.2%", "Changed 12.2% 21.2%"),
    row("Scores for saturated fat were less than 5.", "饱和脂肪的分数皆低于5分。", "低于5分", "低于6分", "Changed <5 <6"),
    row("We studied 226 working adults (109 men and 117 women) aged 20 to 55 years.", "研究对象为226名在职成人(109名男性及117名女性),年龄介于20至55岁。", "117名", "171名", "Changed 117 171"),
    row("Subjects were normal weight (36.3%) or overweight (63.7%).", "研究对象分为正常体重(36.3%)或超重(63.7%)。", "63.7%", "67.3%", "Changed 63.7% 67.3%"),
    row("Among the 69 shelters, 53 (79.1%) had food shortages.", "69间避难所中,53间(79.1%)有粮食短缺。", "53间", "35间", "Changed 53 35"),
    row("The survey recruited 58 pregnant, 66 lactating and 242 women of child-bearing age.", "该调查招募了孕妇58例、乳母66例和育龄妇女242例。", "乳母66例", "乳母56例", "Changed 66 56"),
    row("The prevalence of anaemia was 29.1%, 25.5% and 28.8%, respectively.", "贫血率分别为29.1%、25.5%和28.8%。", "、25.5%", "", "missing 25.5%"),
    row("In the past 25 years, nutrition has changed.", "过去25年中营养发生了变化。", "25年", "20年", "Changed 25 20"),
    row("In 1992, 159 countries agreed to develop national plans.", "1992年,159个国家同意制定国家计划。", "1992年", "1993年", "Changed 1992 1993"),
    row("In 2014, 22 years later, FAO invited countries to review their plans.", "在2014年,22年之后,FAO邀请各国复审计划。", "22年之后", "20年之后", "Changed 22 20"),
    row("HbA1c of less than 6.5% increased the risk of death.", "使HbA1c低于6.5%增加死亡风险。", "6.5%", "7.5%", "Changed <6.5% <7.5%"),
    row("IQ of 97 children was assessed at 5 years of age.", "测量了97名5岁儿童的智商。", "97名", "79名", "Changed 97 79"),
    row("Vitamin A was associated with FSIQ (p=0.041).", "维生素A与全量表智商正相关(p=0.041)。", "p=0.041", "p=0.014", "Changed 0.041 0.014"),
    row("Up to 25 g of lactose can be consumed at one time.", "最多可消化25克乳糖。", "25克", "25毫克", "Unit <=25 25"),
    row("Clinical data of 126 episodes in 104 patients from January 2013 to June 2016 were analysed.", "回顾性分析2013年1月至2016年6月104人126例次的临床资料。", "2016年6月", "2016年7月", "Changed 2013-01..2016-06 2013-01..2016-07"),
    row("Fever occurred in 56 (44.44%) and diarrhea in 49 (38.89%).", "发热56例次(44.44%),腹泻49例次(38.89%)。", "38.89%", "39.88%", "Changed 38.89% 39.88%"),
    row("Peritoneal fluids from 103 cases were cultured, and 64 were positive, a rate of 62.14%.", "103例腹水标本中,培养阳性64例次,阳性率达62.14%。", "64例次", "46例次", "Changed 64 46"),
    row("A total of 70 strains were isolated, including 42 gram-positive and 21 gram-negative strains and 7 fungi.", "共分离出致病菌70株,其中革兰阳性菌42株,革兰阴性菌21株,真菌7株。", "真菌7株", "真菌9株", "Changed 7 9"),
    row("Resistance rates were 20.00%, 36.11% and 5%.", "耐药率分别为20.00%,36.11%,5.00%。", "36.11%", "36.1%", "Changed 36.11% 36.1%"),
    row("We summarize the research on EGFR-targeted drugs in 2016.", "本综述概述2016年EGFR-TKI药物研究进展。", "2016年", "2017年", "Changed 2016 2017"),
    row("The rats were divided into 5 groups (12 rats in each group).", "大鼠分为5组,每组12只。", "每组12只", "每组10只", "Changed 12 10"),
    row("Data from 270 recipients from January 2010 to January 2015 were analysed.", "分析2010年1月至2015年1月完成的270例受者的数据。", "270例", "207例", "Changed 270 207"),
    row("The incidence rate of ureteral fistula was 3.3%.", "输尿管瘘发生率为3.3%。", "3.3%", "33%", "Scale 3.3% 33%"),
    row("Shunting surgery was analysed in 5 patients.", "回顾性分析5例分流手术患者。", "EN:in 5 patients", "in five patients", ""),
    row("One patient died 2 months later.", "1例患者2个月后死亡。", "2个月", "2周", "Unit 2 2"),
    row("This was discussed at the Summit held in Beijing in October 2015.", "2015年10月在北京举行的峰会上进行了讨论。", "2015年10月", "2015年11月", "Changed 2015-10 2015-11"),
    row("We amplified 10-fold diluted HIV RNA standards.", "扩增一组10倍梯度稀释的HIV RNA标准品。", "10倍", "100倍", "Scale 10 100"),
    row("A total of 60 plasma samples of HIV-1 patients were measured.", "收集60例HIV-1感染患者的血浆进行检测。", "60例", "50例", "Changed 60 50"),
    row("Standards at 10 copies/mL could be detected.", "可以检测低至10 copies/mL的标准品。", "10 copies", "100 copies", "Scale 10 100"),
    row("Of 60 samples, 46 were positive and 12 negative; the concordance rate was 97.1%.", "60份样本中,阳性46份,阴性12份,一致率为97.1%。", "97.1%", "96.7%", "Changed 97.1% 96.7%"),
    row("The animals were randomly divided into two groups (n=8 in each group).", "动物随机分为两组,每组8只。", "每组8只", "每组6只", "Changed 8 6"),
    row("Mice received 5 mg/kg of the drug daily for 14 days.", "小鼠每日接受5 mg/kg药物,持续14天。", "14天", "14周", "Unit 14 14"),
    row("Patients received 5mg/kg intravenously.", "患者静脉注射5毫克/千克。", "5毫克", "50毫克", "Scale 5 50"),
    row("The trial enrolled 1,248 patients at 36 centres.", "该试验在36个中心纳入1248例患者。", "1248例", "1284例", "Changed 1248 1284"),
    row("A population of 36,000 residents was surveyed.", "调查了3.6万居民。", "3.6万", "36万", "Scale 36000 360000"),
    row("The cohort included 1.5 million adults.", "该队列纳入150万成人。", "150万", "15万", "Scale 1500000 150000"),
    row("The region has 1.2 billion inhabitants.", "该地区有12亿居民。", "12亿", "1.2亿", "Scale 1200000000 120000000"),
    row("Over 300 hospitals took part.", "300多家医院参与了研究。", "300多家", "200多家", "Changed >300 >200"),
    row("More than 300 hospitals took part.", "超过300家医院参与了研究。", "超过300家", "超过3000家", "Scale >300 >3000"),
    row("More than 60% of participants were women.", "60%以上的参与者为女性。", "60%以上", "50%以上", "Changed >60% >=50%"),
    row("At least 3 visits were required.", "需要3次及以上的访视。", "3次", "4次", "Changed >=3 >=4"),
    row("The difference was significant (P<0.05).", "差异有统计学意义(P＜0.05)。", "0.05", "0.01", "Changed <0.05 <0.01"),
    row("The difference was significant (P<0.001).", "差异有统计学意义(P<0.001)。", "0.001", "0.01", "Scale <0.001 <0.01"),
    row("Between 1 January 2022 and 31 July 2023, 43 plans were published.", "2022年1月1日至2023年7月31日期间共发布了43份计划。", "43份", "34份", "Changed 43 34"),
    row("Data were collected in June 2023.", "数据于2023年6月收集。", "2023年6月", "2023年9月", "Changed 2023-06 2023-09"),
    row("Data were collected from early June to the end of August 2023.", "数据收集从6月初到2023年8月底进行。", "8月底", "9月底", "Changed 2023-08 2023-06..2023-09"),
    row("The study ran from 2000 to 2020.", "研究时间为2000—2020年。", "2020年", "2021年", "Changed 2000..2020 2000..2021"),
    row("The study ran from 2000-2020.", "研究时间为2000至2020年。", "2000至", "2001至", "Changed 2000..2020 2001..2020"),
    row("Coverage rose from 12% to 35%.", "覆盖率从12%升至35%。", "35%", "53%", "Changed 12%..35% 53%"),
    row("Coverage ranged between 12% and 35%.", "覆盖率在12%~35%之间。", "35%", "45%", "Changed 12%..35% 12%..45%"),
    row("The SII was 35% (95% CI 22% to 48%).", "SII为35%(95% CI 22%~48%)。", "48%", "84%", "Changed 22%..48% 22%..84%"),
    row("Five national priority areas were considered.", "考虑了五个国家优先领域。", "五个", "六个", "Changed 5 6"),
    row("We found four building blocks.", "我们发现了四个组成部分。", "EN:four", "three", "Changed 3 4"),
    row("Twenty-one sites took part.", "共有二十一个地点参与。", "二十一", "十二", "Changed 21 12"),
    row("A hundred and five children were enrolled.", "共纳入一百零五名儿童。", "一百零五", "一百五十", "Changed 105 150"),
    row("Three thousand five hundred questionnaires were returned.", "共收回三千五百份问卷。", "三千五百", "三千", "Changed 3500 3000"),
    row("Twenty thousand people were screened.", "共筛查了两万人。", "两万", "三万", "Changed 20000 30000"),
    row("We interviewed fourteen staff members.", "我们访谈了十四名工作人员。", "十四", "十五", "Changed 14 15"),
    row("Forty-three strategy documents were analysed.", "分析了四十三份战略文件。", "四十三", "三十四", "Changed 43 34"),
    row("Twenty per cent of women had anaemia.", "百分之二十的妇女贫血。", "二十", "三十", "Changed 20% 30%"),
    row("One-third of patients relapsed.", "三分之一的患者复发。", "三分之一", "四分之一", "Changed 1/3 0.25"),
    row("Half of the patients improved, and 20 patients were discharged.", "一半的患者好转,20名患者出院。", "20名", "30名", "Changed 20 30"),
    row("Risk was twice as high in smokers.", "吸烟者的风险高出两倍。", "两倍", "三倍", "Changed 2 3"),
    row("Expression increased 2-fold.", "表达增加了2倍。", "2倍", "3倍", "Changed 2 3"),
    row("Patients were followed up for 3 months.", "患者随访3个月。", "3个月", "3年", "Unit 3 3"),
    row("Patients were followed up for 12 months.", "患者随访12个月。", "12个月", "6个月", "Changed 12 6"),
    row("Each session lasted 2hr.", "每次持续2小时。", "2小时", "3小时", "Changed 2 3"),
    row("Blood was drawn 24 h after dosing.", "给药后24小时采血。", "24小时", "48小时", "Changed 24 48"),
    row("The 5-year survival rate was 68.4%.", "5年生存率为68.4%。", "68.4%", "64.8%", "Changed 68.4% 64.8%"),
    row("The 5-year survival rate was 68.4%.", "五年生存率为68.4%。", "五年", "三年", "Changed 5 3"),
    row("Participants were aged 18–65 years.", "参与者年龄为18~65岁。", "65岁", "60岁", "Changed 18..65 18..60"),
    row("Median age was 62 years (range 45-79).", "中位年龄62岁(范围45~79)。", "62岁", "26岁", "Changed 62 26"),
    row("Mean BMI was 24.3 kg/m2 in women.", "女性平均BMI为24.3。", "24.3", "23.4", "Changed 24.3 23.4"),
    row("The OR was 1.5 (95% CI 1.2-1.9).", "OR为1.5(95%CI 1.2~1.9)。", "1.9", "2.9", "Changed 1.2..1.9 1.2..2.9"),
    row("Interviews (n = 14) and documents (n = 75) were included.", "纳入访谈(n=14)和文件(n=75)。", "n=75", "n=57", "Changed 75 57"),
    row("Interviews (ｎ＝１４) were transcribed.", "访谈(n=14)被转录。", "n=14", "n=15", "Changed 14 15"),
    row("Of 120 staff, 91% had seen a patient with oral health concerns.", "120名员工中,91%曾接诊口腔健康问题患者。", "91%", "19%", "Changed 91% 19%"),
    row("In total, 68% (n = 90) had never received training.", "共有68%(n=90)从未接受培训。", "n=90", "n=80", "Changed 90 80"),
    row("We interviewed 32 senior leaders in three ICSs.", "我们访谈了3个ICS的32名高级领导。", "32名", "23名", "Changed 32 23"),
    row("Reforms in 2022 established 42 integrated care systems.", "2022年的改革建立了42个综合护理系统。", "42个", "44个", "Changed 42 44"),
    row("The cluster of 11 practices serves over 74,000 people.", "该集群由11家诊所组成,服务超过7.4万人。", "7.4万", "74万", "Scale >74000 >740000"),
    row("Over 2,500 patients were reviewed, and 80% reported better wellbeing.", "超过2500名患者接受了审查,80%报告幸福感改善。", "80%", "90%", "Changed 80% 90%"),
    row("Admissions in the over 75 age group decreased.", "75岁以上年龄组的入院人数下降。", "75岁", "65岁", "Changed >75 >=65"),
    row("The Core20PLUS5 approach targets the most deprived 20% of the population ('Core 20').", "Core20PLUS5方法针对最贫困的20%人口(“Core20”)。", "20%人口", "10%人口", "Changed 20% 10%"),
    row("IL-6 levels in COVID-19 patients were 12.5 pg/mL.", "COVID-19患者的IL-6水平为12.5 pg/mL。", "12.5", "15.2", "Changed 12.5 15.2"),
    row("Caspase-3 and BRCA1 expression was measured in 48 samples.", "在48份样本中检测caspase-3和BRCA1表达。", "48份", "84份", "Changed 48 84"),
    row("The SDG 3.4.1 indicator fell by 15%.", "SDG 3.4.1指标下降了15%。", "15%", "5%", "Changed 15% 5%"),
    row("Rural coverage of 8 or more visits was 34% in D1 and 68% in D10.", "农村地区8次及以上产检覆盖率在D1为34%,在D10为68%。", "68%", "86%", "Changed 68% 86%"),
    row("Cervical screening was 29% (urban) and 24% (rural) in 2018.", "2018年宫颈癌筛查率城市为29%,农村为24%。", "2018年", "2019年", "Changed 2018 2019"),
    row("Medication rates were relatively high (>70%).", "服药率相对较高(>70%)。", "70%", "80%", "Changed >70% >80%"),
    row("Data were gathered in three phases between 2017 and 2019.", "在2017年至2019年间分三个阶段收集数据。", "2019年", "2018年", "Changed 2017..2019 2017..2018"),
    row("Interviews were conducted between August and December 2022.", "访谈于2022年8月至12月进行。", "12月", "11月", "Changed 2022-08..2022-12 2022-08..2022-11"),
    row("Nineteen senior professionals were interviewed.", "访谈了19名高级专业人员。", "19名", "18名", "Changed 19 18"),
    row("The four master themes were identified from 19 interviews.", "从19次访谈中确定了四个主题。", "四个", "五个", "Changed 4 5"),
    row("Dose was 0.5 mg per day for 7 days.", "剂量为每天0.5 mg,持续7天。", "0.5 mg", "0.05 mg", "Scale 0.5 0.05"),
    row("Systolic pressure fell by 10 mmHg.", "收缩压下降了10 mmHg。", "10 mmHg", "10 mg", "Unit 10 10"),
    row("About 40% of children were stunted in 1990.", "1990年约40%的儿童发育迟缓。", "约40%", "约30%", "Changed ~40% ~30%"),
    row("The response rate was 85.2% (431/506).", "应答率为85.2%(431/506)。", "85.2%", "82.5%", "Changed 85.2% 82.5%"),
    row("On 31 July 2023 the programme ended.", "该项目于2023年7月31日结束。", "31日", "30日", "Changed 2023-07-31 2023-07-30"),
];

/// Sentence pairs modelled on real human translations of Medline abstracts (issue 9): each class
/// of false alarm seen there, written anew. Silent when correct; one edit, one finding.
const REAL_TEXT_ROWS: &[Row] = &[
    // Chinese typesetting spaces.
    row("Patients treated between June 2014 and December 2019 were included.", "纳入2014 年 6 月—2019 年 12 月收治的患者。", "12 月", "11 月", "Changed 2014-06..2019-12 2014-06..2019-11"),
    row("The market reached 104.8 billion yuan in 2020.", "2020 年市场规模达 1048 亿元。", "1048 亿", "1084 亿", "Changed 104800000000 108400000000"),
    row("The mean pain score was 3.5 after surgery.", "术后平均疼痛评分为 3 . 5 分。", "3 . 5", "3 . 6", "Changed 3.5 3.6"),
    row("A total of 1,798 papers were received.", "共收到论文1 798篇。", "1 798", "1 789", "Changed 1798 1789"),
    row("A total of 1, 798 submissions and 1, 060 registrations were received.", "共收到投稿1 798篇，注册1 060人。", "1 060", "1 600", "Changed 1060 1600"),
    row("More than 2, 000 delegates from 9 countries attended.", "来自9个国家的2 000余名代表出席。", "9个", "8个", "Changed 9 8"),
    row("In the 1990s, the programme was expanded to 12 provinces.", "20 世纪 90 年代，该项目扩展到 12 个省。", "12 个", "13 个", "Changed 12 13"),
    row("It was held in Beijing in October 2015.", "2015 年 10 月在北京举行。", "10 月", "11 月", "Changed 2015-10 2015-11"),
    row("It was held in Beijing in October 2015.", "2015 十月在北京举行。", "十月", "九月", "Changed 2015-10 2015-09"),
    row("The 5-year survival was 68.4%.", "5 年生存率为 68.4%。", "68.4%", "64.8%", "Changed 68.4% 64.8%"),
    row("The fund totalled 2.5 billion yuan.", "基金总额为 25 亿元。", "25 亿", "2.5 亿", "Scale 2500000000 250000000"),
    row("The variant was known as C/T-13910 in 16 studies.", "该变异在16项研究中被称为C/T- 13910。", "16项", "15项", "Changed 16 15"),
    // Numerals inside words.
    row("Fishermen along the Straits of Malacca ate fish 3 times a week.", "马六甲海峡沿岸的渔民每周吃3次鱼。", "3次", "4次", "Changed 3 4"),
    row("Sevoflurane anaesthesia was given to 40 children.", "40例患儿接受七氟烷麻醉。", "40例", "45例", "Changed 40 45"),
    row("ATP levels fell by 20%.", "三磷酸腺苷水平下降了20%。", "20%", "25%", "Changed 20% 25%"),
    row("Sodium dodecyl sulfate was added at 0.1%.", "加入0.1%的十二烷基硫酸钠。", "0.1%", "1%", "Scale 0.1% 1%"),
    row("Retail pharmacies sold 25% of the antibiotics.", "零售药店销售了25%的抗生素。", "25%", "52%", "Changed 25% 52%"),
    row("This is very important for the 120 patients.", "这对120例患者十分重要。", "120例", "102例", "Changed 120 102"),
    row("The percentage error was below 5%.", "百分误差低于5%。", "5%", "6%", "Changed <5% <6%"),
    row("Patients of a tertiary hospital (n=56) were enrolled.", "纳入某三甲医院患者(n=56)。", "n=56", "n=65", "Changed 56 65"),
    row("The triad was present in 12 cases.", "12例出现三联征。", "12例", "21例", "Changed 12 21"),
    row("Progress towards the Millennium Development Goals was slow in 5 regions.", "5个地区实现千年发展目标的进展缓慢。", "5个", "6个", "Changed 5 6"),
    row("Zero Shot learning reached an accuracy of 85.2%.", "零样本学习的准确率达到85.2%。", "85.2%", "82.5%", "Changed 85.2% 82.5%"),
    row("First-line therapy was given to 30 patients.", "30例患者接受一线治疗。", "30例", "3例", "Scale 30 3"),
    row("Data came from the Third Hospital, where 48 infants were born.", "数据来自第三医院，48名婴儿在该院出生。", "48名", "84名", "Changed 48 84"),
    row("Zero-energy beverages were consumed by 35% of children.", "35%的儿童饮用无能量饮料。", "35%", "53%", "Changed 35% 53%"),
    row("The clean ward reached hundred level in the past 58 years.", "58年来，病房达到百级层流标准。", "58年", "48年", "Changed 58 48"),
    // Decades and centuries.
    row("Cancer registration started in the 1950s.", "肿瘤登记工作起步于20世纪50年代。", "50年代", "60年代", "Changed 1950s 1960s"),
    row("Vascular surgery developed rapidly by the late 1980s.", "至20世纪80年代后期，血管外科发展迅速。", "80年代", "70年代", "Changed 1980s 1970s"),
    row("Within two decades, obesity doubled in 8 provinces.", "在过去的二十年，8个省的肥胖率翻了一番。", "二十年", "三十年", "Changed 20 30"),
    row("Screening will expand in the next decade.", "未来十年内筛查将扩大。", "十年", "五年", "Changed 10 5"),
    row("Tuberculosis declined in the 20th century.", "20世纪结核病发病下降。", "20世纪", "19世纪", "Changed 20th century 19th century"),
    // Fractions and halves.
    row("One in five adults had hypertension.", "五分之一的成人患有高血压。", "五分之一", "四分之一", "Changed 0.2 0.25"),
    row("Only 1 in 20 children was affected.", "仅二十分之一的儿童受到影响。", "二十分之一", "十分之一", "Changed 0.05 0.1"),
    row("Median follow-up was 3.5 years.", "中位随访3年半。", "3年半", "4年半", "Changed 3.5 4.5"),
    row("Half a million people were screened.", "共筛查了五十万人。", "五十万", "五万", "Scale 500000 50000"),
    row("Two and a half years later, 12 patients relapsed.", "两年半后，12例患者复发。", "12例", "13例", "Changed 12 13"),
    row("The infant was 3.5 months old.", "患儿3个半月大。", "3个半月", "4个半月", "Changed 3.5 4.5"),
    row("Mortality fell by one third.", "死亡率下降了三分之一。", "三分之一", "四分之一", "Changed 1/3 0.25"),
    // Scientific notation.
    row("The mutation rate was 2.0E-4.", "突变率为2.0×10^-4。", "10^-4", "10^-5", "Scale 0.0002 0.00002"),
    row("Viral load fell below 1.5×10^6 copies/mL.", "病毒载量降至1.5×10⁶ copies/mL以下。", "10⁶", "10⁵", "Scale <1500000 <=150000"),
    row("The association was significant (P = 3.9 × 10−7).", "关联有统计学意义(P=3.9×10-7)。", "3.9×", "9.3×", "Changed 0.00000039 0.00000093"),
    row("The genome-wide P value was $3.55 \\times 10^{-9}$.", "全基因组P值为$3 . 5 5 \\times 1 0 ^ { - 9 }$。", "- 9", "- 8", "Scale 0.00000000355 0.0000000355"),
    row("The threshold was 10^-9.", "阈值为10⁻⁹。", "⁻⁹", "⁻⁸", "Scale 0.000000001 0.00000001"),
    // Compound ages and durations, integer bounds.
    row("The child, aged 21 months, was admitted.", "患儿，1 岁 9 个月，入院。", "9 个月", "8 个月", "Changed 21 20"),
    row("The infant was 1 year and 9 months old.", "患儿1岁9个月。", "9个月", "10个月", "Changed 21 22"),
    row("Children aged 6–59 months were vaccinated.", "为6月龄至5岁儿童接种疫苗。", "6月龄", "9月龄", "Changed 6..59 9..5"),
    row("People more than 8 years old require 1 dose.", "9岁及以上人群仅需接种1剂。", "9岁", "10岁", "Changed >8 >=10"),
    row("Patients younger than 18 years were excluded.", "排除17岁及以下的患者。", "17岁", "16岁", "Changed <18 <=16"),
    row("Infants from birth to 2 months were studied.", "研究对象为0~2月龄婴儿。", "2月龄", "3月龄", "Changed 0..2 0..3"),
    // Ranges with one scale word.
    row("Between 3 and 5 million people are infected each year.", "每年有300万~500万人感染。", "500万", "600万", "Changed 3000000..5000000 3000000..6000000"),
    row("The cost was 3 to 5 thousand yuan.", "费用为3~5千元。", "5千", "6千", "Changed 3000..5000 3000..6000"),
    row("Coverage reached 3–5 million households.", "覆盖300万~500万户。", "300万", "200万", "Changed 3000000..5000000 2000000..5000000"),
    // Day and month order.
    row("The trial began on 01/07/2019.", "试验于2019年7月1日开始。", "7月1日", "7月2日", "Changed 2019-01-07 2019-07-02"),
    row("The trial began on 01/07/2019.", "试验于2019年1月7日开始。", "1月7日", "1月8日", "Changed 2019-01-07 2019-01-08"),
    row("The meeting was held from November 16th to 18th, 2018.", "会议于2018年11月16—18日召开。", "18日", "19日", "Changed 2018-11-16..2018-11-18 2018-11-16..2018-11-19"),
    row("The meeting was held from October 24th to 27th.", "会议于10月24—27日召开。", "24", "25", "Changed --10-24..--10-27 --10-25..--10-27"),
    row("Interviews ran from January to April 2019.", "访谈于2019年1月至4月进行。", "4月", "5月", "Changed 2019-01..2019-04 2019-01..2019-05"),
    row("The study started on 7 January 2019.", "研究于2019 年 1 月 7 日开始。", "7 日", "8 日", "Changed 2019-01-07 2019-01-08"),
    // Multiplier words and a case.
    row("A trivalent vaccine was given to 200 children.", "200名儿童接种了三价疫苗。", "200名", "20名", "Scale 200 20"),
    row("Two canals were found in the mesiobuccal root.", "近颊根发现双根管。", "EN:Two canals", "Three canals", "missing 3"),
    row("Both patients recovered within 10 days.", "2例患者均在10天内康复。", "2例", "3例", "extra 3"),
    row("A case of portal hypertension was analysed.", "分析了1例门脉高压患者。", "1例", "2例", "extra 2"),
    row("A child with Marfan syndrome was admitted in June 2015.", "2015年6月收治1例马方综合征患儿。", "6月", "7月", "Changed 2015-06 2015-07"),
    row("Six case-control studies and one cohort study were included.", "纳入6个病例对照研究和1个队列研究。", "6个", "7个", "Changed 6 7"),
    row("The two reagents correlated well, both detecting 46 samples (r=0.997).", "两种试剂均检出46份样本，相关性好(r=0.997)。", "46份", "64份", "Changed 46 64"),
    row("There were no resistant strains; resistance was 5% to gentamicin.", "对庆大霉素的耐药率为5%，未发现耐药株（0%）。", "5%", "15%", "Changed 5% 15%"),
    // A minus after a Chinese character or a glued word.
    row("The score changed by -0.5 points.", "评分变化为-0.5分。", "-0.5", "0.5", "Changed -0.5 0.5"),
    row("The WMD was -4.94 (95% CI -7.41 to -2.46).", "WMD为-4.94(95% CI -7.41~-2.46)。", "-4.94", "-4.49", "Changed -4.94 -4.49"),
    row("Velocity was lower, with WMDs of-4.94 for median nerves.", "正中神经传导速度较低[WMD=-4.94]。", "-4.94", "-4.84", "Changed -4.94 -4.84"),
    row("We identified185 studies, of which 42 were included.", "共检索到185项研究，纳入42项。", "185项", "158项", "Changed 185 158"),
    // Counts against a listed or referred-to group.
    row("Five amino acids (tryptophan, glycine, citrulline, ornithine and proline) decreased by 12%.", "色氨酸、甘氨酸、瓜氨酸、鸟氨酸和脯氨酸下降了12%。", "12%", "21%", "Changed 12% 21%"),
    row("The patients were divided into 2 groups, and the 2 groups were compared.", "患者分为两组，并对两组进行比较。", "EN:into 2 groups", "into 3 groups", "missing 3"),
    row("Eight factors of SF-36 were negatively correlated with SDS (P<0.05).", "SF-36各因子与SDS呈负相关(P<0.05)。", "0.05", "0.01", "Changed <0.05 <0.01"),
    row("Among them, 88 were men and 38 were women.", "在126例患者中，男性88例，女性38例。", "88例", "89例", "Changed 88 89"),
    row("Tumour tissue (n=27), adjacent tissue (n=27) and plasma (n=27) were analysed.", "分析了27位患者的肿瘤组织、癌旁组织和血浆。", "27位", "28位", "Changed 27 28"),
    // Names, codes, labels, locants.
    row("Type 2 diabetic mice (n=10) were studied.", "研究糖尿病小鼠(n=10)。", "n=10", "n=12", "Changed 10 12"),
    row("Samples (n=60) were tested with the Monitor assay.", "60份样本采用Monitor 1.5版试剂检测。", "60份", "50份", "Changed 60 50"),
    row("RUNX2 expression rose in 14 samples.", "在14份样本中Runt相关转录因子2(RUNX2)表达升高。", "14份", "41份", "Changed 14 41"),
    row("The prostaglandin E receptor (EP) 4 agonist reduced HMGB1 by 35%.", "EP4受体激动剂使HMGB1降低35%。", "35%", "30%", "Changed 35% 30%"),
    row("The 3' end was cut at 12 sites.", "3′端在12个位点被切割。", "12个", "21个", "Changed 12 21"),
    row("Inulin comprises β-(2,1)-linked fructans of 3 kinds.", "菊粉包括β- (2,1)线性果聚糖3种。", "3种", "4种", "Changed 3 4"),
    // Ordinals, times, percentages derived from counts.
    row("At the end of the 20th week, 8 mice died.", "第20周末，8只小鼠死亡。", "8只", "9只", "Changed 8 9"),
    row("Mice were fed for 20 weeks; at the end of the 20th week, hearts were examined.", "小鼠喂养20周，第20周末检测心脏。", "喂养20周", "喂养", "missing 20"),
    row("Mean bedtime was 23:30 in 40 children.", "40名儿童平均就寝时间为23:30。", "23:30", "23:45", "Changed 23:30 23:45"),
    row("Of 60 samples, 58 were concordant (96.7%).", "60份样本中58份一致(96.7%)。", "96.7%", "97.1%", "Changed 96.7% 97.1%"),
    row("The lesions were larger than 5 cm in 23 patients.", "23例患者病灶>5 cm。", "5 cm", "3 cm", "Changed >5 >3"),
    row("Stays ranged from 3 to 14 days.", "住院时间3~14天。", "14天", "15天", "Changed 3..14 3..15"),
    row("The cohort grew from 1,200 to 3,400 members.", "队列人数从1 200增至3 400。", "3 400", "4 300", "Changed 1200..3400 4300"),
    row("The rate of 2 or more doses of influenza vaccine was 35%.", "接种≥2剂次流感疫苗的比例为35%。", "≥2剂次", "≥3剂次", "Changed >=2 >=3"),
    row("Adults aged 65 and over made up 18% of the sample.", "65岁及以上成人占样本的18%。", "65岁", "60岁", "Changed >=65 >=60"),
    row("The mice were divided into 4 groups: a control group, a transgenic group, a diabetic group and a treated group.", "小鼠分为对照组、转基因组、糖尿病组和治疗组。", "EN:divided into 4 groups", "divided into 5 groups", "missing 5"),
    row("The three targets were validated in 12 strains.", "在12株菌中验证了上述3类关键靶点。", "12株", "13株", "Changed 12 13"),
    row("Among the patients, 38 were women.", "在126例次患者中，女性38例。", "38例", "83例", "Changed 38 83"),
    // Categories joined by a slash, PDF spaces in compounds and names, vague amounts, lists summed up.
    row("Patients at risk of grade 2-3 neuropathy were followed for 12 months.", "随访有2/3级神经病变风险的患者12个月。", "2/3级", "3/4级", "Changed 2..3 3..4"),
    row("Stage I/II tumours were seen in 14 patients.", "14例患者为I/II期肿瘤。", "14例", "15例", "Changed 14 15"),
    row("Diet was recorded with a 33- item questionnaire.", "采用含33 个条目的问卷记录饮食。", "33 个", "32 个", "Changed 33 32"),
    row("Levels of 5-hydroxytryptamine rose by 18%.", "5 - 羟色胺水平升高了18%。", "18%", "8%", "Changed 18% 8%"),
    row("Millions of people lack access to 12 essential drugs.", "数百万人无法获得12种基本药物。", "12种", "15种", "Changed 12 15"),
    row("Dozens of clinics joined within 3 years.", "几十家诊所在3年内加入。", "3年", "4年", "Changed 3 4"),
    row("We compared surgery, radiotherapy, chemotherapy and immunotherapy in 120 patients.", "比较了120例患者手术、放疗、化疗和免疫治疗等四种疗法。", "120例", "110例", "Changed 120 110"),
    row("Sampling covered Beijing, Shanghai and Guangzhou in 2019.", "2019年在北京、上海和广州等3个城市采样。", "2019年", "2018年", "Changed 2019 2018"),
    row("A protein encoded by open reading frame 4 (ORF4) binds 5 partners.", "ORF4编码的蛋白结合5个伴侣蛋白。", "5个", "6个", "Changed 5 6"),
    row("Runt-related transcription factor 2 (RUNX2) rose 2.5-fold.", "RUNX2升高2.5倍。", "2.5倍", "3.5倍", "Changed 2.5 3.5"),
];

fn describe(d: &NumberDictionaries, en: &str, zh: &str) -> Vec<String> {
    let s = extract(en, Lang::En, d);
    let t = extract(zh, Lang::Zh, d);
    compare_aligned(&s, &t, en, zh, None, Some(d))
        .into_iter()
        .map(|diff| match diff {
            NumberDiff::Missing { source } => format!("missing {}", s[source].value),
            NumberDiff::Extra { target } => format!("extra {}", t[target].value),
            NumberDiff::Mismatch {
                source,
                target,
                kind,
            } => format!("{kind:?} {} {}", s[source].value, t[target].value),
            NumberDiff::Derived { side, mention, .. } => match side {
                Side::Source => format!("derived {}", s[mention].value),
                Side::Target => format!("derived {}", t[mention].value),
            },
        })
        .collect()
}

fn shown(d: &NumberDictionaries, text: &str, lang: Lang) -> String {
    extract(text, lang, d)
        .iter()
        .map(|m| format!("{}[{}]", m.value, &text[m.span.clone()]))
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn table_has_two_hundred_cases() {
    assert!(ROWS.len() * 2 >= 200, "{} cases", ROWS.len() * 2);
}

#[test]
fn real_text_table_has_at_least_150_cases() {
    assert!(
        REAL_TEXT_ROWS.len() * 2 >= 150,
        "{} cases",
        REAL_TEXT_ROWS.len() * 2
    );
}

#[test]
fn correct_translations_are_silent_and_single_errors_are_flagged() {
    check_rows(ROWS);
}

#[test]
fn real_text_forms_are_silent_and_single_errors_are_flagged() {
    check_rows(REAL_TEXT_ROWS);
}

fn check_rows(rows: &[Row]) {
    let d = NumberDictionaries::builtin().expect("builtin dictionaries");
    let mut failures = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let got = describe(&d, r.en, r.zh);
        if !got.is_empty() {
            failures.push(format!(
                "row {i} correct pair flagged {got:?}\n  EN: {}\n  ZH: {}",
                shown(&d, r.en, Lang::En),
                shown(&d, r.zh, Lang::Zh)
            ));
        }
        let (en, zh) = match r.from.strip_prefix("EN:") {
            Some(from) => {
                assert!(r.en.contains(from), "row {i}: `{from}` not in English");
                (r.en.replacen(from, r.to, 1), r.zh.to_owned())
            }
            None => {
                assert!(
                    r.zh.contains(r.from),
                    "row {i}: `{}` not in Chinese",
                    r.from
                );
                (r.en.to_owned(), r.zh.replacen(r.from, r.to, 1))
            }
        };
        let got = describe(&d, &en, &zh);
        let expected: Vec<String> = if r.expected.is_empty() {
            Vec::new()
        } else {
            vec![r.expected.to_owned()]
        };
        if got != expected {
            failures.push(format!(
                "row {i} edit {} -> {}: got {got:?}, want {expected:?}\n  EN: {}\n  ZH: {}",
                r.from,
                r.to,
                shown(&d, &en, Lang::En),
                shown(&d, &zh, Lang::Zh)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
