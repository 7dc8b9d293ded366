"""Korean '90세 초과' ('over 90') covers only ages of 91 or more, like Japanese 90歳超: it is
an identifier, found and masked with its 초과. Before, the scan took it for the Safe Harbor
category ('90 or older', 90세 이상) and let it through while 90歳超 was flagged. 90세 이상
and 89세 초과 (the same as that category) still stay."""

from __future__ import annotations

import pytest
from phi_ages import ages, v57_messages

from core.clinical import mask_text, scan_text


@pytest.mark.parametrize("text, age", [
    ("90세 초과", "90세 초과"), ("90세초과 환자", "90세초과"), ("95세 초과", "95세 초과"),
    ("90살 초과", "90살 초과"), ("나이: 90세 초과", "90세 초과"),
    ("90歳超", "90歳超"),  # the Japanese 'over 90', flagged the same way
])
def test_over_90_in_korean_and_japanese_is_found_and_masked_whole(text, age):
    assert ages(text) == [age]
    assert mask_text(text, scan_text(text)) == text.replace(age, "[removed]")


@pytest.mark.parametrize("text", [
    "90세 이상", "90세 이상 환자", "89세 초과", "89살 초과", "90歳以上", "89歳超",
])
def test_the_category_in_both_languages_stays(text):
    assert ages(text) == []


def test_v57_names_a_korean_over_90():
    v57 = v57_messages("90세 초과 남자")
    assert v57["90세 초과"].startswith("'90세 초과' looks like an age of 90 or over")
