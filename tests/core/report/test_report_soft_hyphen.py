"""Soft hyphens (U+00AD) pasted from a PDF or a drug's SmPC are invisible in the PDF summary
unless a line breaks there, where they show as a hyphen ('Pegaspar-' / 'gase')."""

from __future__ import annotations

import pytest

from core.report import warm_up
from core.report.blocks import cell, para
from core.report.fonts import fit, string_width
from core.report.styles import styles
from tests.core.report.pdftext import all_text, page_texts, read

PASTED = "Pegaspar\u00adgase"


@pytest.fixture(autouse=True, scope="module")
def _fonts() -> None:
    warm_up()


def test_a_case_with_soft_hyphens_renders_the_words_whole(render, case_1):
    case_1.case_report.title = f"CNS relapse after {PASTED} (患者)"  # a CJK title, the header
    case_1.case_report.take_away = f"Remission after {PASTED} and immuno\u00adphenotyping."
    case_1.treatment_lines[0].regimen_name = f"VDCP + {PASTED}"
    case_1.treatment_lines[0].administrations[0].drug_inn = PASTED
    case_1.diagnostic_reasoning[0].text = f"Treated with {PASTED}; 東京 Dauno\u00adrubicin."
    text = all_text(render(case_1))
    assert "\u00ad" not in text and "\ufffd" not in text  # before: in the header, CJK texts
    assert text.count("Pegaspargase") >= 6
    assert "immunophenotyping" in text and "東京 Daunorubicin" in text
    for page in page_texts(render(case_1, deidentified=True))[1:]:
        assert "CNS relapse after Pegaspargase (" in page  # the page header


def test_a_line_breaks_at_a_soft_hyphen_with_a_hyphen():
    out = cell(f"{PASTED} x", "cell", 50.0)
    assert not isinstance(out, str)
    out.wrap(50.0 - 7.0, 1e6)
    lines = [" ".join(str(w) for w in words) for _, words in out.blPara.lines]
    assert lines == ["Pegaspar-", "gase x"]
    wide = para(f"After {PASTED}.")
    wide.wrap(400, 1e6)
    assert [" ".join(map(str, words)) for _, words in wide.blPara.lines] \
        == ["After Pegaspargase."]


def _cjk_lines(text: str, width: float) -> list[str]:
    p = para(text)
    p.wrap(width, 1e6)
    return ["".join(f.text for f in line.words) for line in p.blPara.lines]


def test_a_cjk_paragraph_hides_it_or_breaks_there_with_a_hyphen():
    """Before, kinsoku line breaking drew it (DejaVu's glyph: a hyphen inside the word) and
    never broke there."""
    text = f"東京 {PASTED} 患者 immuno\u00adpheno\u00adtyping"
    assert _cjk_lines(text, 200) == ["東京 Pegaspargase 患者 immunopheno-", "typing"]
    assert _cjk_lines(text, 60) == ["東京 ", "Pegaspar-", "gase 患者 ", "immuno-", "phenotyping"]
    assert _cjk_lines(text, 400) == ["東京 Pegaspargase 患者 immunophenotyping"]
    # a word wider than the line is split as before, with no hyphen drawn inside it
    assert all("\u00ad" not in line for line in _cjk_lines(text, 40))


def test_a_canvas_line_hides_it():
    size = styles()["body"].fontSize
    assert string_width(PASTED, size) == string_width("Pegaspargase", size)
    assert "\u00ad" not in fit(f"{PASTED} " * 20, 100, size)


@pytest.mark.parametrize("deidentified", [False, True])
def test_the_document_metadata_has_no_soft_hyphen(render, case_1, deidentified):
    """The PDF's Title (and Keywords), shown by viewers in their title bar and searched by
    file managers, read 'Pegaspargase' as the page does, not with an invisible U+00AD."""
    case_1.case_report.title = f"CNS relapse after {PASTED}"
    case_1.case_report.keywords = [PASTED, "immuno\u00adphenotyping"]
    info = read(render(case_1, deidentified=deidentified)).metadata
    assert info["/Title"] == "CNS relapse after Pegaspargase"
    if not deidentified:
        assert info["/Keywords"] == "Pegaspargase; immunophenotyping"
    assert not any(("\u00ad" if isinstance(value, str) else b"\xad") in value
                   for value in info.values())
