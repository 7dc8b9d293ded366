"""Chinese text and symbols: in the text layer, each character drawn with a font that has it."""

from __future__ import annotations

import pytest

from core.model import Case
from tests.core.report.pdftext import all_text, read

TITLE = "中枢神经系统白血病：贝林妥欧单抗治疗一例病例报告"
NARRATIVE = ("患者接受贝林妥欧单抗治疗，脑脊液白细胞 48/µL，"
             "骨髓原始细胞 ≥ 20%，血小板 ≤ 50 ×10⁹/L，"
             "体温 38.6 ± 0.4 °C；α, β, γ, Δ, μ.")
SYMBOLS = "µ≥≤±°×⁹αβγΔμ"


@pytest.fixture
def chinese_case(case_1) -> Case:
    doc = case_1.to_json_dict()
    doc["case_report"].update(title=TITLE, discussion=NARRATIVE,
                              keywords=["病例报告", "CNS ≥ CNS2"])
    doc["patient_perspective"] = {"collected": "yes", "text": "我现在感觉很好。", "src": "entered"}
    return Case.model_validate(doc)


def _face_by_base_font():
    from core.report.fonts import FALLBACKS, face

    return {face(name).name.decode(): face(name) for name in FALLBACKS}


def _runs_by_font(pdf: bytes) -> list[tuple[str, str]]:
    """(font's PostScript name, text) of every text-showing operation of every page."""
    runs: list[tuple[str, str]] = []

    def visit(text, cm, tm, font, size):
        if text.strip() and font is not None:
            runs.append((str(font["/BaseFont"]).lstrip("/").split("+")[-1], text))

    for page in read(pdf).pages:
        page.extract_text(visitor_text=visit)
    return runs


@pytest.mark.parametrize("deidentified", [False, True])
def test_chinese_and_symbols_are_in_the_text_layer(chinese_case, render, deidentified):
    text = all_text(render(chinese_case, deidentified))
    assert TITLE in text
    assert "患者接受贝林妥欧单抗治疗" in text and "我现在感觉很好。" in text
    for char in SYMBOLS:
        assert char in text, char
    assert "48/µL" in text and "×10⁹/L" in text


def test_every_character_is_drawn_in_a_font_that_has_it(chinese_case, render):
    faces = _face_by_base_font()
    runs = _runs_by_font(render(chinese_case))
    used = {font for font, _ in runs}
    assert used == {"DejaVuSans", "DejaVuSans-Bold", "DroidSansFallback",
                    "DroidSansFallback-Bold"}  # the bold title's Chinese
    for font, text in runs:
        missing = {c for c in text if not c.isspace() and ord(c) not in faces[font].charToGlyph}
        assert not missing, (font, text, missing)
    chinese = "".join(t for f, t in runs if f == "DroidSansFallback")
    assert "贝林妥欧单抗" in chinese


def test_split_runs_gives_each_character_a_font_that_has_it():
    from core.report.fonts import BOLD, CJK, CJK_BOLD, REPLACEMENT, SANS, face, split_runs

    text = TITLE + NARRATIVE + " 한국어 क"
    for base in (SANS, BOLD):
        runs = split_runs(text, base)
        assert {name for name, _ in runs} <= {SANS, BOLD, CJK if base == SANS else CJK_BOLD}
        for name, run in runs:
            assert all(ord(c) in face(name).charToGlyph for c in run), (name, run)
        assert "".join(run for _, run in runs).endswith(REPLACEMENT)   # Devanagari: no font


def test_markup_escapes_clinician_text():
    from core.report.fonts import markup

    assert markup("CSF <5/µL & blasts > 0") == "CSF &lt;5/µL &amp; blasts &gt; 0"
    assert markup("a\nb") == "a<br/>b"


def test_text_with_markup_characters_renders_literally(case_1, render):
    doc = case_1.to_json_dict()
    doc["case_report"]["discussion"] = "Blasts <5% & CSF WBC > 5/µL; <b>not bold</b> <font name=x>"
    text = all_text(render(Case.model_validate(doc)))
    assert "Blasts <5% & CSF WBC > 5/µL; <b>not bold</b> <font name=x>" in text
