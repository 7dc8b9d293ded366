"""CJK in the PDF: line breaks by the kinsoku rules, and the Chinese of a bold title in bold."""

from __future__ import annotations

import pytest

from core.model import Case
from core.report.blocks import para
from core.report.cjk import CANNOT_END, CANNOT_START, CJKParagraph, can_break
from core.report.document import set_up_reportlab
from core.report.fonts import BOLD, CJK, CJK_BOLD
from tests.core.report.pdftext import read

TEXT = ("患者接受贝林妥欧单抗治疗，脑脊液白细胞增多，骨髓原始细胞（形态学）增多，血小板减少，"
        "体温升高，诊断为中枢神经系统白血病（CNS3），给予鞘内注射（三联），随后病情缓解，"
        "复查脑脊液（第229天）阴性，骨髓（流式）阴性。")
TITLE = "急性淋巴细胞白血病（B-ALL）复发：CD19 CAR-T 治疗后，中枢神经系统受累"


def _lines(paragraph, width: float) -> list[str]:
    paragraph.wrap(width, 10_000)
    return ["".join(f.text for f in line.words) for line in paragraph.blPara.lines]


@pytest.fixture(autouse=True)
def _fonts():
    set_up_reportlab()


@pytest.mark.parametrize("style", ["body", "cell", "title"])
def test_no_line_starts_with_closing_or_ends_with_opening_punctuation(style):
    for width in range(30, 320, 2):
        lines = _lines(para(TEXT, style), width)
        assert "".join(lines) == TEXT, width  # nothing lost or doubled
        for line in lines:
            assert line[0] not in CANNOT_START, (width, line, lines)
            assert line[-1] not in CANNOT_END, (width, line, lines)


def test_the_rules_name_the_chinese_marks():
    for mark in "，。、；：！？）》」』】":
        assert mark in CANNOT_START and not can_break("字", mark)
    for mark in "（《「『【":
        assert mark in CANNOT_END and not can_break(mark, "字")
    assert can_break("字", "字") and can_break("字", "A") and can_break("A", " ")
    assert not can_break("C", "D")  # inside a Latin word


def test_latin_words_in_chinese_text_are_not_split():
    text = "复发病例：blinatumomab 治疗后，CD19 阴性复发，再次 inotuzumab 治疗。"
    for width in range(70, 200, 3):
        for line in _lines(para(text), width):
            for word in ("blinatumomab", "inotuzumab", "CD19"):
                for cut in range(1, len(word)):
                    assert not line.endswith(word[:cut]) or line.endswith(word), (width, line)


def test_chinese_paragraphs_use_the_kinsoku_paragraph_and_latin_ones_do_not():
    assert isinstance(para(TEXT), CJKParagraph)
    assert not isinstance(para("Plain English text, (bracketed)."), CJKParagraph)


def test_the_chinese_part_of_a_bold_title_is_in_the_bold_cjk_font():
    title = para(TITLE, "title")
    assert isinstance(title, CJKParagraph)
    fonts: dict[str, str] = {}
    for f in title.frags:
        fonts[f.fontName] = fonts.get(f.fontName, "") + f.text
    assert set(fonts) == {BOLD, CJK_BOLD}
    assert "急性淋巴细胞白血病" in fonts[CJK_BOLD] and "CD19 CAR-T" in fonts[BOLD]
    body = {f.fontName for f in para(TITLE).frags}
    assert CJK in body and CJK_BOLD not in body


@pytest.fixture
def chinese_title_case(case_1) -> Case:
    doc = case_1.to_json_dict()
    doc["case_report"].update(title=TITLE, discussion=TEXT)
    return Case.model_validate(doc)


def _font_of_each_run(pdf: bytes, page: int) -> list[tuple[str, str]]:
    runs: list[tuple[str, str]] = []

    def visit(text, cm, tm, font, size):
        if text.strip() and font is not None:
            runs.append((str(font["/BaseFont"]).split("+")[-1], text))

    read(pdf).pages[page].extract_text(visitor_text=visit)
    return runs


def test_the_pdf_draws_the_bold_title_chinese_in_a_stroked_bold_face(chinese_title_case, render):
    pdf = render(chinese_title_case)
    runs = _font_of_each_run(pdf, 0)
    bold_cjk = "".join(t.strip() for f, t in runs if f == "DroidSansFallback-Bold")
    assert "急性淋巴细胞白血病" in bold_cjk and "中枢神经系统受累" in bold_cjk
    assert "CD19" in "".join(t for f, t in runs if f == "DejaVuSans-Bold")
    # synthesized bold: fill and stroke (render mode 2), then back to fill only
    content = read(pdf).pages[0].get_contents().get_data().decode("latin-1")
    assert content.count("2 Tr") >= 2 and content.count("2 Tr") == content.count("0 Tr")
    discussion = next(i for i, p in enumerate(read(pdf).pages)
                      if "患者接受" in p.extract_text())
    plain = "".join(t.strip() for f, t in _font_of_each_run(pdf, discussion)
                    if f == "DroidSansFallback")
    assert "患者接受贝林妥欧单抗治疗" in plain  # the body text stays regular
