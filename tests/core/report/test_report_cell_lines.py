"""Table cells that wrap are drawn as plain lines only when those are a Paragraph's own lines."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from reportlab.platypus import Paragraph, Table, TableStyle

from core.report import warm_up
from core.report.blocks import cell
from core.report.fonts import markup
from core.report.lines import CellTable, plain_lines, plain_paragraph
from core.report.styles import styles

TEXTS = [
    "Induction phase 1A with dexamethasone, vincristine, daunorubicin and PEG-asparaginase",
    "bone marrow aspirate, flow cytometry MRD 0.01% (1 × 10⁻⁴) µg/m²",
    "a\u00a0b c\u00a0d   e  f g h i j k l m n o p q r s t u v w x y z",
    "short",
    "word " * 30,
]
WIDTHS = [40.0, 55.5, 72.3, 90.0, 140.0, 260.0]


@pytest.fixture(autouse=True, scope="module")
def _fonts() -> None:
    warm_up()


def paragraph_lines(text: str, style: str, width: float) -> list[str] | None:
    st = styles()[style]
    p = Paragraph(markup(text, st.fontName), st)
    p.wrap(width, 1e6)
    if any(extra <= -1e-8 for extra, _ in p.blPara.lines):
        return None  # spaces squeezed: only a Paragraph draws that line
    return [" ".join(words) for _, words in p.blPara.lines]


@pytest.mark.parametrize("style", ["cell", "cell_head"])
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("text", TEXTS)
def test_plain_lines_are_the_paragraphs_lines(text: str, style: str, width: float) -> None:
    st = styles()[style]
    mine = plain_lines(text, st.fontName, st.fontSize, width, st.spaceShrinkage)
    if mine is not None:
        assert mine == paragraph_lines(text, style, width)


def test_a_word_longer_than_the_column_or_a_soft_hyphen_stays_a_paragraph() -> None:
    st = styles()["cell"]
    assert plain_lines("immunophenotyping", st.fontName, st.fontSize, 20, 0.05) is None
    assert plain_lines("immuno\xadphenotyping x", st.fontName, st.fontSize, 200, 0.05) is None
    assert isinstance(cell("immunophenotyping", "cell", 27.0), Paragraph)


def test_a_wrapping_plain_cell_is_its_lines_and_other_cells_stay_paragraphs() -> None:
    text = TEXTS[0]
    out = cell(text, "cell", 90.0)
    assert isinstance(out, str)
    assert out.split("\n") == paragraph_lines(text, "cell", 90.0 - 7.0)
    assert len(out.split("\n")) > 1
    assert isinstance(cell("Zürich 東京 clinic", "cell", 90.0), Paragraph)  # two fonts
    assert isinstance(cell("line one\n\nline three", "cell", 90.0), Paragraph)  # a blank line


@pytest.mark.parametrize("style", ["cell", "cell_head"])
def test_a_cell_of_short_plain_lines_is_a_string_of_the_paragraphs_lines(style: str) -> None:
    text = "ICD-10 C92.1\nICD-10-CM C92.10\n40 mg/m² = 72 mg"
    out = cell(text, style, 101.5)
    assert out == text
    st = styles()[style]
    p = Paragraph(markup(text, st.fontName), st)
    p.wrap(101.5 - 7.0, 1e6)
    assert ["".join(w.text for w in line.words).strip() for line in p.blPara.lines] \
        == text.split("\n")
    # the same row height as the paragraph's cell
    with_string, with_paragraph = CellTable([[out]], colWidths=[101.5]), \
        CellTable([[p]], colWidths=[101.5])
    for table in (with_string, with_paragraph):
        table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), st.fontName, st.fontSize,
                                    st.leading)]))
        table.wrap(101.5, 1e6)
    assert with_string._rowHeights == with_paragraph._rowHeights


@pytest.mark.parametrize("text", ["one\n", "one\n\ntwo", "one \ntwo", "one\n  two",
                                  "one\nZürich 東京", "one\n" + "long words " * 6])
def test_other_cells_with_line_breaks_stay_paragraphs(text: str) -> None:
    assert isinstance(cell(text, "cell", 101.5), Paragraph)


@pytest.mark.parametrize("text", ["Pegaspar\xadgase\nDauno\xadrubicin", "Dauno\xadrubicin",
                                  "Peg\xadaspar\xadgase\nOncaspar"])
@pytest.mark.parametrize("style", ["cell", "cell_head"])
def test_a_cell_with_a_soft_hyphen_stays_a_paragraph(text: str, style: str) -> None:
    """Review: a string cell drew the soft hyphen of a pasted drug name ('Pegaspar-gase'); a
    Paragraph hides it."""
    assert isinstance(cell(text, style, 100), Paragraph)


@pytest.mark.parametrize("style", ["body", "h1", "h2", "note", "missing", "meta", "cell"])
@pytest.mark.parametrize("body", ["Induction  phase\u00a01A ", "x", "µg/m² — d197\u00a0†",
                                  "Outcome", "  spaced   out  text  "])
def test_a_plain_paragraph_is_the_parsers_paragraph(body: str, style: str) -> None:
    st = styles()[style]
    made, parsed = plain_paragraph(body, st), Paragraph(body, st)
    assert made.text == parsed.text
    assert [f.__dict__ for f in made.frags] == [f.__dict__ for f in parsed.frags]
    assert made.wrap(120, 1000) == parsed.wrap(120, 1000)
    assert made.blPara.lines == parsed.blPara.lines


def test_markup_is_still_parsed() -> None:
    st = styles()["body"]
    for body in ["a &amp; b", 'a <font name="CB-CJK">東京</font>', "one<br/>two"]:
        made = plain_paragraph(body, st)
        assert [f.__dict__ for f in made.frags] == [f.__dict__ for f in Paragraph(body, st).frags]
    # a cell that wraps and holds "&" stays a Paragraph (the parser makes several fragments)
    assert isinstance(cell("Tom & Jerry " * 6, "cell", 60.0), Paragraph)


def test_a_cell_table_keeps_a_complete_layout_and_lays_out_again_when_it_no_longer_fits(
        monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [[f"row {r}", "value"] for r in range(20)]
    table, plain = CellTable(rows, colWidths=[80, 80]), Table(rows, colWidths=[80, 80])
    calcs: list[float] = []
    real = Table._calc
    monkeypatch.setattr(Table, "_calc", lambda self, w, h: (calcs.append(h), real(self, w, h)))
    size = table.wrap(160, 1e6)
    assert table.wrap(160, size[1] + 1) == size == plain.wrap(160, size[1] + 1)
    assert len(calcs) == 2  # the table's first layout, and the plain Table's
    table.wrap(160, size[1] / 2)  # no longer fits: laid out again (to be split)
    plain.wrap(160, size[1] / 2)
    assert len(calcs) == 4
    assert table._rowpositions == plain._rowpositions
    assert [len(t._cellvalues) for t in table.split(160, size[1] / 2)] == \
        [len(t._cellvalues) for t in plain.split(160, size[1] / 2)]


def test_a_paragraph_breaks_its_lines_once_per_width(monkeypatch: pytest.MonkeyPatch) -> None:
    st = styles()["body"]
    made = plain_paragraph("Induction phase 1A with dexamethasone and vincristine " * 8, st)
    breaks: list[object] = []
    real = Paragraph.breakLines
    monkeypatch.setattr(Paragraph, "breakLines",
                        lambda self, w: (breaks.append(w), real(self, w))[1])
    first = made.wrap(200, 1000)
    assert made.wrap(200, 50) == first == Paragraph(made.text, st).wrap(200, 1000)
    assert len(breaks) == 2  # this paragraph once, the plain Paragraph once
    assert made.wrap(150, 1000)[1] > first[1]
    assert len(breaks) == 3
    del made.blPara  # as Paragraph.split does when nothing fits
    assert made.wrap(150, 1000)[1] > first[1] and len(breaks) == 4
    assert len(made.split(150, 60)) == 2


WHITE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2005\u200a\u200b\u2028\u2029\u202f\u205f\u3000"


@given(st.text(alphabet=st.sampled_from(WHITE + "ab.é中"), max_size=40))
def test_clean_text_is_reportlabs_cleaning(text: str) -> None:
    from reportlab.platypus.paragraph import cleanBlockQuotedText

    from core.report.lines import clean_text

    assert clean_text(text) == cleanBlockQuotedText(text)


def test_a_cell_tables_data_is_reportlabs() -> None:
    data = [["a", None, Paragraph("p", styles()["cell"])], ["", "b\nc", "d"]]
    ours, theirs = CellTable(data), Table(data)
    assert ours._cellvalues == theirs._cellvalues
    assert ours._cellvalues[0][1] == ""
    assert ours._cellvalues is not data and ours._cellvalues[0] is not data[0]


NOTES = [
    "† placeholder values (synthetic, not patient data).\n¹ ABL1 kinase-domain mutation status "
    "is not given in the abstract.",
    "† placeholder values (synthetic, not patient data).\n¹ Dose reduced for grade 3 "
    "neutropenia; the second course was delayed by 7 days because of infection.\n² "
    + "further words " * 25 + "end.",
    "one\ntwo\nthree\nfour\nfive six seven eight nine ten eleven twelve thirteen fourteen",
]


def _line_texts(p: Paragraph) -> list[str]:
    if p.blPara.kind == 0:
        return [" ".join(words) for _, words in p.blPara.lines]
    return ["".join(w.text for w in line.words).strip() for line in p.blPara.lines]


@pytest.mark.parametrize("width", [70.0, 133.3, 250.0, 493.2])
@pytest.mark.parametrize("text", NOTES)
def test_a_paragraph_of_plain_lines_breaks_as_reportlabs_br_paragraph(text: str,
                                                                       width: float) -> None:
    from core.report.blocks import para
    from core.report.lines import LinesParagraph

    ours = para(text, "note")
    assert isinstance(ours, LinesParagraph)
    theirs = Paragraph(markup(text), styles()["note"])
    assert ours.wrap(width, 1e6) == theirs.wrap(width, 1e6)
    assert _line_texts(ours) == _line_texts(theirs)
    assert len(_line_texts(ours)) >= text.count("\n") + 1


@pytest.mark.parametrize("lines_room", [0.5, 1.5, 2.2, 3.9, 5.0, 100.0])
@pytest.mark.parametrize("text", NOTES)
def test_a_paragraph_of_plain_lines_splits_as_reportlabs(text: str, lines_room: float) -> None:
    from core.report.blocks import para
    from core.report.lines import LinesParagraph

    width, st = 133.3, styles()["note"]
    ours, theirs = para(text, "note"), Paragraph(markup(text), st)
    ours.wrap(width, 1e6)
    theirs.wrap(width, 1e6)
    ours_parts = ours.split(width, lines_room * st.leading)
    theirs_parts = theirs.split(width, lines_room * st.leading)
    assert len(ours_parts) == len(theirs_parts)
    assert not ours_parts or isinstance(ours_parts[0], LinesParagraph)
    for a, b in zip(ours_parts, theirs_parts, strict=True):
        assert a.wrap(width, 1e6) == b.wrap(width, 1e6)
        assert _line_texts(a) == _line_texts(b)


@pytest.mark.parametrize("text", ["one\n\nthree", "one \ntwo", "a &amp; b\nc", "one\nZürich 東京"])
def test_other_texts_with_line_breaks_are_ordinary_paragraphs(text: str) -> None:
    from core.report.blocks import para
    from core.report.lines import LinesParagraph

    assert not isinstance(para(text, "note"), LinesParagraph)
    assert not isinstance(para("one\ntwo", "reference"), LinesParagraph)  # a first-line indent
