"""Citation numbering: order of first [@key] in reading order, [1,2] and [1-3]."""

from __future__ import annotations

from core.model import Case
from core.model.report import Attachment, HistoryItem, Reference, Statements
from core.publication import (
    citation_keys,
    cited_texts,
    duplicate_keys,
    number_citations,
    render_citations,
    uncited,
    unknown_keys,
)


def _case() -> Case:
    case = Case()
    case.case_report.introduction = "CNS relapse is rare [@lee2020; @cao2023]."
    case.case_report.discussion = "As before [@cao2023], and see [@pui2013, @topp2015]."
    case.case_report.abstract_conclusion = None
    case.history_items = [HistoryItem(description="Prior therapy as in [@topp2015].",
                                      note="my note [@never]")]
    case.attachments = [Attachment(figure_number=2, caption="Second [@late]"),
                        Attachment(figure_number=1, caption="First [@pui2013]")]
    case.statements = Statements(acknowledgements="Thanks [@ghost].")
    case.references = [Reference(key=k) for k in
                       ("cao2023", "lee2020", "pui2013", "topp2015", "late", "spare")]
    return case


def test_keys_in_text() -> None:
    assert citation_keys("a [@x; @y.z] b [@x] [not] @free [ @w ]") == ["x", "y.z", "x", "w"]
    assert citation_keys(None) == []


def test_reading_order_and_numbers() -> None:
    case = _case()
    paths = [path for path, _ in cited_texts(case)]
    assert paths == ["case_report.introduction", "history_items[0].description",
                     "case_report.discussion", "statements.acknowledgements",
                     "attachments[1].caption", "attachments[0].caption"]
    assert number_citations(case) == {"lee2020": 1, "cao2023": 2, "topp2015": 3,
                                      "pui2013": 4, "late": 5}


def test_render() -> None:
    numbers = {"a": 1, "b": 2, "c": 3, "e": 5}
    assert render_citations("x [@a; @b] y", numbers) == "x [1,2] y"
    assert render_citations("[@c;@a;@b;@e]", numbers) == "[1-3,5]"
    assert render_citations("[@A]", numbers) == "[1]"
    assert render_citations("[@a; @zz]", numbers) == "[1,@zz]"
    assert render_citations("no brackets", numbers) == "no brackets"
    assert render_citations("email a@b.c [x]", numbers) == "email a@b.c [x]"


def test_unknown_uncited_and_duplicates() -> None:
    case = _case()
    assert unknown_keys(case) == {"ghost": "statements.acknowledgements"}  # notes are not read
    assert [ref.key for _i, ref in uncited(case)] == ["spare"]
    case.references.append(Reference(key="Cao2023"))
    assert duplicate_keys(case) == [(6, "Cao2023")]
