"""The identifier scan finds Japanese ages of 90 and over written with the informal 才 (93才,
年齢：95才) and 'over N' written N歳超 / N才超 with N 90 or more (90歳超: every age it covers
is above 90, narrower than the Safe Harbor category): '93才' and '90才超' passed the scan
unmasked, and '90歳超' was masked only up to 歳, leaving 超. Younger ages, the 90歳以上 /
90才以上 category, 89歳超 (the same as that category) and 才能 ('talent') are not ages."""

from __future__ import annotations

import pytest
from phi_ages import ages, v57_messages

from core.clinical import mask_text, scan_text


@pytest.mark.parametrize("text, age", [
    ("93才", "93才"), ("男性、93才", "93才"), ("93 才の女性", "93 才"), ("年齢：95才", "95才"),
    ("90歳超", "90歳超"), ("90歳超の患者", "90歳超"), ("95歳超", "95歳超"), ("90才超", "90才超"),
    ("101才", "101才"),
])
def test_informal_and_over_90_japanese_ages_are_found_and_masked(text, age):
    assert ages(text) == [age]
    assert mask_text(text, scan_text(text)) == text.replace(age, "[removed]")  # 超 too


@pytest.mark.parametrize("text", [
    "89才", "男性、45才", "年齢：89才", "90才以上", "90歳以上", "90才以上の患者", "89歳超",
    "89才超", "≥90才", "193才", "93才能", "血小板93,000",
])
def test_younger_ages_the_category_and_other_words_are_not(text):
    assert ages(text) == []


def test_v57_names_an_informal_japanese_age():
    text = "93才の女性。90歳超の男性。"
    v57 = v57_messages(text)
    assert v57["93才"].startswith("'93才' looks like an age of 90 or over")
    assert v57["90歳超"].startswith("'90歳超' looks like an age of 90 or over")
