"""The identifier scan finds ages of 90 and over written in Korean (93세, 만 93세, 93살,
나이: 93) and Japanese (93歳, 年齢：93), as it did in English and Chinese; before, '93세'
and '年齢：93' passed the scan unmasked. Younger ages, the '90 or older' category (90세 이상,
90歳以上) and Korean words that start with the same syllable (세포 'cell', 세대, 세기) are
not identifiers."""

from __future__ import annotations

import pytest
from phi_ages import ages, v57_messages

from core.clinical import mask_text, scan_text


@pytest.mark.parametrize("text, age", [
    ("93세", "93세"), ("남, 93 세", "93 세"), ("만 93세 남자", "93세"), ("93세의 여성 환자", "93세"),
    ("93살 할머니", "93살"), ("나이: 93", "93"), ("나이: 95세,", "95세"), ("연령 101세", "101세"),
    ("93歳", "93歳"), ("男性、93歳", "93歳"), ("年齢：93", "93"), ("年齢：92歳", "92歳"),
    ("九十三歳", "九十三歳"),
])
def test_korean_and_japanese_ages_of_90_and_over_are_found(text, age):
    assert ages(text) == [age]
    assert age not in mask_text(text, scan_text(text))


@pytest.mark.parametrize("text", [
    "89세", "남, 89세", "만 45세", "89살", "나이: 89", "90세 이상", "90세 이상 환자", "90 세 이상",
    "≥90세", "193세", "CD19 양성 93세포", "93세대", "20세기", "골수 모세포 93%", "89歳",
    "年齢：89", "90歳以上", "血小板93,000",
])
def test_younger_ages_the_category_and_other_words_are_not(text):
    assert ages(text) == []


def test_v57_names_a_korean_age():
    text = "93세 남자 환자가 발열로 내원하였다. 年齢：95歳。"
    v57 = v57_messages(text)
    assert v57["93세"].startswith("'93세' looks like an age of 90 or over")
    assert v57["95歳"].startswith("'95歳' looks like an age of 90 or over")
