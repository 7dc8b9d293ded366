"""The identifier scan finds ages of 90 and over written in text, Chinese postal addresses and a
Chinese surname with a title (reference §9.1 A-C). A reviewer's de-identified PDF printed
"男，91岁 … 住址：北京市东城区帅府园1号", "A 91-year-old man" and "张先生" unmasked, and
`casebook validate` raised no V57/V58 for them (the English "Dongcheng District" was caught).
Clinical words that share a character with an address (基底节区, 消化道, 信号通路, 9号染色体,
镇静) or the category '90 or older' itself are not identifiers."""

from __future__ import annotations

import json

import pytest
from clinical_refcases import build_case, setp

from core.cli import main
from core.clinical import evaluate, scan_text
from tests.conftest import REFERENCE_CASEBOOK

ZH = "男，91岁，因乏力就诊。住址：北京市东城区帅府园1号。由其子张先生陪同。"
EN = "A 91-year-old man from Dongcheng District, Beijing, lives at 5 Dongdan North Street."


def found(text: str) -> list[tuple[str, str]]:
    return [(h.kind, h.text) for h in scan_text(text)]


@pytest.mark.parametrize("text, age", [
    ("A 91-year-old man", "91-year-old"), ("she was 93 years old", "93 years old"),
    ("aged 93, he", "aged 93"), ("93 y/o male", "93 y/o"), ("a 95yo woman", "95yo"),
    ("Age: 99", "Age: 99"), ("94 years of age", "94 years of age"),
    ("100-year-old", "100-year-old"), ("男，93岁", "93岁"), ("女，93歲", "93歲"),
    ("91周岁", "91周岁"), ("九十三岁", "九十三岁"), ("年龄：92岁，", "92岁"),
])
def test_ages_of_90_and_over_are_found(text, age):
    assert found(text) == [("age", age)]


@pytest.mark.parametrize("text", [
    "A 89-year-old man", "aged 45", "男，45岁", "a 90-year-old or older man",
    "patients aged 90 years or older", "aged 90 or over", "90岁及以上男性患者", "≥90岁",
    "年龄：90岁以上", "an infant aged 92 days", "age-adjusted 95%", "on day 91, CD19 95%",
    "血红蛋白93 g/L，第91天出院", "dosage 90 mg", "page 93",
])
def test_younger_ages_and_the_90_or_older_category_are_not(text):
    assert [k for k, _ in found(text) if k == "age"] == []


@pytest.mark.parametrize("text, address", [
    ("住址：北京市东城区帅府园1号。", "北京市东城区帅府园1号"),
    ("家住江苏省苏州市姑苏区十梓街188号3栋501室，", "江苏省苏州市姑苏区十梓街188号3栋501室"),
    ("患者来自上海市浦东新区张江镇", "上海市浦东新区张江镇"),
    ("来自苏州市吴中区", "苏州市吴中区"),
    ("地址：朝阳区建国路88号", "朝阳区建国路88号"),
    ("住在中山路100号", "中山路100号"),
    ("臺北市大安區居民", "臺北市大安區"),
    ("香港九龍彌敦道123號", "香港九龍彌敦道123號"),
    ("内蒙古自治区呼和浩特市", "内蒙古自治区呼和浩特市"),
])
def test_chinese_addresses_are_found(text, address):
    assert found(text) == [("address", address)]


CLINICAL_ZH = [
    "患者因发热就诊，骨髓检查提示急性B淋巴细胞白血病。",
    "头颅MRI示左侧基底节区及右侧颞叶多发异常信号，鞍区未见异常。",
    "JAK-STAT信号通路持续激活；静脉通路建立后给药。",
    "9号染色体与22号染色体易位，t(9;22)(q34;q11)。",
    "患者出现消化道出血，经呼吸道传播的病毒感染，胆道梗阻。",
    "合并社区获得性肺炎；转入血液科层流病区，予镇痛、镇静处理。",
    "肝区疼痛，心前区不适，腹股沟区淋巴结肿大，淋巴结副皮质区增生。",
    "该药在中国上市，市售剂型为片剂；患者来自农村地区，家乡医疗条件有限。",
    "患者在北京协和医院血液科行异基因造血干细胞移植，上海交通大学医学院附属瑞金医院会诊。",
    "广东省人民医院血液科收治；患者户籍江苏省；北京市某三甲医院。",
    "向患者及其先生交代病情，其先生表示理解；由于女士年龄较大，未行移植；该女士既往体健。",
    "1周后先生陪同复诊；王教授查房；张某，男，45岁；地址不详。",
    "患者接受贝林妥欧单抗治疗，脑脊液白细胞增多，骨髓原始细胞（形态学）增多，血小板减少。",
]


@pytest.mark.parametrize("text", CLINICAL_ZH)
def test_chinese_clinical_text_is_not_flagged(text):
    assert found(text) == []


@pytest.mark.parametrize("text, name", [
    ("由其子张先生陪同", "张先生"), ("李女士诉头痛", "李女士"), ("王小姐", "王小姐"),
    ("陈太太", "陈太太"), ("张伟先生入院", "张伟先生"), ("欧阳女士", "欧阳女士"),
    ("陳先生", "陳先生"),
])
def test_a_surname_with_a_title_is_a_name(text, name):
    assert found(text) == [("name", name)]


def test_v57_and_v58_name_the_reviewers_hits():
    findings = evaluate(build_case(1, setp("case_report.discussion", f"{ZH} {EN}"))).findings
    v57 = {f.match: f.message for f in findings if f.rule_id == "V57"}
    v58 = {f.match for f in findings if f.rule_id == "V58"}
    assert v57["91岁"].startswith("'91岁' looks like an age of 90 or over")
    assert v57["91-year-old"].startswith("'91-year-old' looks like an age of 90 or over")
    assert v57["张先生"].startswith("'张先生' looks like a person's name")
    assert {"北京市东城区帅府园1号", "Dongcheng District", "5 Dongdan North Street"} <= v58


def test_validate_on_the_command_line_reports_them(capsys, tmp_path):
    doc = json.loads(REFERENCE_CASEBOOK.read_text(encoding="utf-8"))
    doc["cases"][0]["case_report"]["discussion"] = f"{ZH} {EN}"
    target = tmp_path / "case.json"
    target.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    code = main(["validate", str(target)])
    out = capsys.readouterr().out
    assert code == 1
    for rule, text in [("V57", "'91岁'"), ("V57", "'91-year-old'"), ("V57", "'张先生'"),
                       ("V58", "'北京市东城区帅府园1号'")]:
        assert any(rule in line and text in line for line in out.splitlines()), (rule, text)
