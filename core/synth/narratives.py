"""Narrative text of synthetic cases, in English or Chinese, from templates.

Texts never contain dates, long digit runs or patient names (they pass the PHI scan); author
names with diacritics appear only as literature citations.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

AUTHORS = (
    "Müller",
    "Sørensen",
    "Núñez",
    "Çelik",
    "Dvořák",
    "Åberg",
    "Łukasiewicz",
    "García-Peña",
    "Nguyễn",
    "Ødegård",
    "Schäfer",
    "François",
    "Jiménez",
    "Kovačević",
    "Björnsson",
)
THERAPY_ZH = {
    "blinatumomab": "贝林妥欧单抗",
    "inotuzumab": "奥加伊妥珠单抗",
    "CAR-T": "CAR-T细胞治疗",
    "nelarabine": "奈拉滨",
    "dasatinib": "达沙替尼",
    "imatinib": "伊马替尼",
    "nilotinib": "尼洛替尼",
    "bosutinib": "博舒替尼",
    "ponatinib": "泊那替尼",
    "asciminib": "阿思尼布",
    "allogeneic HSCT": "异基因造血干细胞移植",
    "chemotherapy": "联合化疗",
}


@dataclass
class Story:
    """The facts a narrative is written from."""

    entity_en: str
    entity_zh: str
    short: str
    age: int
    sex: str
    therapy: str
    feature_en: str = ""
    feature_zh: str = ""
    keywords: list[str] = field(default_factory=list)
    relapsed: bool = False
    refractory: bool = False
    cns: bool = False
    p210_lymphoid: bool = False
    traumatic_tap: bool = False
    parenchymal: bool = False
    chinese: bool = False


def _cap(text: str) -> str:
    """First letter upper-case, the rest untouched (``str.capitalize`` lowers 'B-cell')."""
    return text[:1].upper() + text[1:]


def _therapy_zh(therapy: str) -> str:
    return THERAPY_ZH.get(therapy, f"{therapy}方案")


def _person(story: Story) -> str:
    noun = (
        ("boy" if story.sex == "male" else "girl")
        if story.age < 18
        else ("man" if story.sex == "male" else "woman")
    )
    age = "90-year-old or older" if story.age >= 90 else f"{story.age}-year-old"
    return f"a {age} {noun}"


def _person_zh(story: Story) -> str:
    sex = "男" if story.sex == "male" else "女"
    age = "90岁及以上" if story.age >= 90 else f"{story.age}岁"
    return f"{age}{sex}性患者"


def title(rng: random.Random, s: Story) -> str:
    feature = f" {s.feature_en}" if s.feature_en else ""
    if s.chinese:
        zh = _therapy_zh(s.therapy)
        return rng.choice(
            (
                f"{zh}治疗{s.entity_zh}{s.feature_zh}一例（case report）",
                f"{s.entity_zh}{s.feature_zh}：病例报告（a case report）",
            )
        )
    options = (
        f"{_cap(s.entity_en)}{feature} treated with {s.therapy}: a case report",
        f"{_cap(s.therapy)} for {s.entity_en}{feature}: a case report",
        f"A case report of {s.entity_en}{feature}",
        f"Lessons from {s.entity_en}{feature}: a case report and review of the literature",
    )
    return rng.choice(options)


def keywords(rng: random.Random, s: Story) -> list[str]:
    pool = [s.entity_en, s.therapy] + s.keywords
    if s.chinese and rng.random() < 0.5:
        pool = [s.entity_zh, _therapy_zh(s.therapy)] + s.keywords
    unique = list(dict.fromkeys(k for k in pool if k))
    chosen = unique[: rng.randint(2, min(4, len(unique)))]
    return (["case report"] + chosen)[:5] if rng.random() < 0.6 else chosen


def introduction(rng: random.Random, s: Story) -> str:
    if s.chinese:
        return rng.choice(
            (
                f"{s.entity_zh}的治疗近年来进展迅速，但复发和中枢神经系统受累仍是主要挑战。",
                f"本文报告一例{s.entity_zh}患者的诊治经过，并复习相关文献。",
            )
        )
    return rng.choice(
        (
            f"Outcomes of {s.entity_en} have improved, yet relapse and CNS disease remain hard.",
            f"We describe the course of {_person(s)} with {s.entity_en} and review the literature.",
            f"Targeted and immune therapies have changed the management of {s.entity_en}.",
        )
    )


def presentation(rng: random.Random, s: Story) -> str:
    if s.chinese:
        return rng.choice(
            (
                f"{_person_zh(s)}因发热就诊，骨髓检查提示{s.entity_zh}。",
                f"{_person_zh(s)}因乏力、面色苍白入院，经骨髓形态学、免疫分型及分子检测确诊为{s.entity_zh}。",
            )
        )
    who = _cap(_person(s))
    return rng.choice(
        (
            f"{who} presented with fatigue and fever; marrow studies showed {s.entity_en}.",
            f"{who} was referred with abnormal blood counts and was diagnosed with {s.short}.",
            f"{who} was admitted with bleeding and pallor; the work-up confirmed {s.short}.",
        )
    )


def _course_sentence(rng: random.Random, s: Story) -> str:
    if s.chinese:
        if s.refractory:
            return "患者对治疗反应不佳，疾病持续进展。"
        if s.relapsed:
            return f"患者复发后接受{_therapy_zh(s.therapy)}治疗，再次获得缓解。"
        return f"经{_therapy_zh(s.therapy)}治疗后达到完全缓解。"
    if s.refractory:
        return "Despite treatment the disease remained refractory."
    if s.relapsed:
        return rng.choice(
            (
                f"After relapse, {s.therapy} induced a second remission.",
                f"The relapse responded to {s.therapy}.",
            )
        )
    return rng.choice(
        (f"Remission was achieved with {s.therapy}.", f"The patient responded well to {s.therapy}.")
    )


def conclusion(rng: random.Random, s: Story) -> str:
    return _course_sentence(rng, s)


def discussion(rng: random.Random, s: Story) -> str:
    author = rng.choice(AUTHORS)
    if s.chinese:
        parts = [f"本例提示{s.entity_zh}的个体化治疗十分重要。"]
        if s.cns:
            parts.append("中枢神经系统受累需要鞘内注射及全身治疗联合控制。")
        parts.append(f"{author}等的研究亦支持这一观点。")
        return "".join(parts)
    parts = [
        rng.choice(
            (
                f"This case illustrates the management of {s.entity_en}.",
                f"Our patient's course adds to the limited data on {s.entity_en}.",
                f"The present case highlights several practical points in {s.short}.",
            )
        )
    ]
    if s.cns:
        parts.append(
            rng.choice(
                (
                    "CNS involvement required intrathecal therapy alongside systemic treatment.",
                    "The CNS disease cleared with combined intrathecal and systemic therapy.",
                )
            )
        )
    if s.parenchymal:
        parts.append("Parenchymal lesions resolved completely on follow-up MRI.")
    if rng.random() < 0.6:
        parts.append(
            rng.choice(
                (
                    f"Similar observations were reported by {author} et al.",
                    f"This agrees with the series of {author} et al.",
                    f"{author} et al. described a comparable course.",
                )
            )
        )
    parts.append(_course_sentence(rng, s))
    return " ".join(parts)


def take_away(rng: random.Random, s: Story) -> str:
    if s.chinese:
        return rng.choice(
            (
                "早期识别中枢神经系统受累并及时治疗可改善预后。"
                if s.cns
                else "规范的分子监测有助于及时调整治疗。",
                f"{_therapy_zh(s.therapy)}是该类患者的有效选择。",
            )
        )
    options = [
        f"{_cap(s.therapy)} can be an effective option in {s.short}.",
        "Careful monitoring guides timely changes of therapy.",
    ]
    if s.cns:
        options.append(
            "Assess the CNS at diagnosis and at relapse; imaging helps when lesions are suspected."
        )
    return rng.choice(options)


def reasoning(rng: random.Random, s: Story) -> list[dict[str, Any]]:
    """Diagnostic reasoning entries: a differential, and a challenge or prognosis note."""
    entries = [_differential(s)]
    if s.traumatic_tap:
        entries.append({"kind": "challenge", "text": "A traumatic lumbar puncture complicated the "
                        "CNS classification; the Steinherz-Bleyer ratio was used."})
    elif s.parenchymal:
        entries.append({"kind": "challenge", "text": "Leukemic infiltration had to be told apart "
                        "from infection and haemorrhage on MRI."})
    elif rng.random() < 0.4:
        text = ("Early molecular response predicted a favourable course." if s.short == "CML"
                else "Genetic risk factors and MRD response guided the choice of consolidation.")
        entries.append({"kind": "prognosis", "text": text})
    for entry in entries:
        entry["src"] = "synthetic"
    return entries


def _differential(s: Story) -> dict[str, Any]:
    if s.p210_lymphoid and s.short == "CML":
        return {"kind": "differential",
                "candidate_entity": "B-ALL with BCR::ABL1 fusion (de novo Ph+ B-ALL)",
                "text": "Ph+ lymphoblastic leukemia: CML in lymphoid blast phase versus de novo "
                        "Ph+ B-ALL. The p210 transcript, splenomegaly and basophilia favour CML."}
    if s.p210_lymphoid:
        return {"kind": "differential", "candidate_entity": "CML in lymphoid blast phase",
                "text": "A p210 transcript raised the question of CML in lymphoid blast phase; "
                        "no basophilia or splenomegaly, and BCR::ABL1 cleared with the blasts."}
    if s.chinese:
        text = {"CML": "需与BCR::ABL1阴性的不典型慢性髓系白血病鉴别，t(9;22)及BCR::ABL1转录本可资鉴别。",
                "T-ALL": "需与T淋巴母细胞淋巴瘤鉴别。"}.get(s.short, "需与淋巴母细胞淋巴瘤及其他急性白血病鉴别。")
        return {"kind": "differential", "text": text}
    return {"kind": "differential", "text": _differential_en(s)}


def _differential_en(s: Story) -> str:
    if s.short == "CML":
        return ("Atypical CML (BCR::ABL1-negative, ICD-10 C92.2) was excluded by the t(9;22) "
                "and the BCR::ABL1 transcript.")
    if s.short == "T-ALL":
        return "T-lymphoblastic lymphoma was considered; marrow infiltration established leukemia."
    return "Lymphoblastic lymphoma and reactive lymphocytosis were considered and excluded."


def perspective(rng: random.Random, s: Story) -> str:
    if s.chinese:
        return rng.choice(
            ("确诊时非常害怕，医护团队耐心解释了每一步治疗。", "感谢家人和医护人员的支持。")
        )
    return rng.choice(
        (
            "I was frightened at first, but the team explained every step.",
            "The long treatment was hard, but I am glad to be back to normal life.",
            "Support from my family helped me through the treatment.",
        )
    )


def event_label(rng: random.Random, s: Story) -> str:
    if s.chinese:
        return rng.choice(("诱导治疗后出院", "恢复日常活动"))
    return rng.choice(
        (
            "Discharged home",
            "Returned to school" if s.age < 18 else "Returned to work",
            "Outpatient follow-up started",
        )
    )


def write_report(rng: random.Random, s: Story) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Case-report narrative fields and diagnostic reasoning entries."""
    report = {
        "title": title(rng, s),
        "keywords": keywords(rng, s),
        "abstract_introduction": introduction(rng, s),
        "abstract_presentation": presentation(rng, s),
        "abstract_conclusion": conclusion(rng, s),
        "introduction": introduction(rng, s),
        "discussion": discussion(rng, s),
        "take_away": take_away(rng, s),
    }
    return report, reasoning(rng, s)
