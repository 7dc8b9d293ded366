"""The trash is filtered by the box's plain words; its filters are left out (trash_text)."""

from __future__ import annotations

import pytest

from core.services.listing import ListQuery
from core.services.trash_text import TrashText, trash_query, trash_text


@pytest.mark.parametrize(("typed", "words", "filters"), [
    ("cns:CNS3 drug:blinatumomab", "", ("cns:CNS3", "drug:blinatumomab")),
    ("leukemia cns:CNS3 relapse", "leukemia relapse", ("cns:CNS3",)),
    ('dx:"acute leukemia" B-ALL', "B-ALL", ('dx:"acute leukemia"',)),
    ("-cns:CNS3 OR dasatinib", "dasatinib", ("-cns:CNS3",)),
    ("NOT sex:f case", "case", ("NOT sex:f",)),
    ("age:>=90", "", ("age:>=90",)),
    ("foo:bar leukemia", "leukemia", ("foo:bar",)),  # the parser refuses it as a filter
    ("cns:CNS3 drug:", "", ("cns:CNS3", "drug:")),  # one still being typed
    ("BCR::ABL1 HLA-A2:01", "BCR::ABL1 HLA-A2:01", ()),  # text the parser searches as text
    ("a OR b", "a OR b", ()),
])
def test_filters_are_left_out_and_the_words_kept(typed, words, filters):
    assert trash_text(typed) == TrashText(words, filters)


def test_only_the_trash_query_changes():
    assert trash_query(ListQuery(text="cns:CNS3 x", trashed=True)).text == "x"
    assert trash_query(ListQuery(text="cns:CNS3 x")).text == "cns:CNS3 x"
