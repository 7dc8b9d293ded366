"""The "Figure N" typed in the case's texts follow the kit's figure numbers in manuscript.docx:
a de-identified kit that leaves out an un-attested figure, and an identified kit that closes a
gap in the figure numbers; the kit's report says the references were changed."""

from __future__ import annotations

import io
import json

from docx import Document
from pypdf import PdfReader

from core.publication.figure_refs import LEFT_OUT
from tests.conftest import REFERENCE_CASEBOOK
from tests.core.kit.conftest import add_figures, paper_case

DISCUSSION = ("The smear (Figure 1) and the MRI (Figure 2) were typical; Figures 1\u20133 show "
              "the course, and the response is in Figure 3B.")


def _kit(root, *, deidentified: bool, attested=(True, False, True), numbers=None,
         discussion=DISCUSSION):
    """Reference case 1 with three figures (the middle one not attested), the discussion
    citing them; the kit of it, and the manuscript's paragraphs."""
    from core.kit import build_kit
    from core.model import Case
    from core.services import open_casebook

    doc = json.loads(REFERENCE_CASEBOOK.read_text(encoding="utf-8"))["cases"][0]
    cb = open_casebook(root / "data", user="dr.kit")
    try:
        case = Case.model_validate(doc).model_copy(update={"version": 0, "status": "draft"})
        case = paper_case(case)
        case.case_report.discussion = discussion
        case = cb.cases.save_case(case)
        case = add_figures(cb, case, [("red", "Smear.", attested[0]),
                                      ("blue", "MRI; compare Figure 1.", attested[1]),
                                      ("lime", "Response, as in Fig. 3A.", attested[2])])
        if numbers:
            for attachment, number in zip(case.attachments, numbers, strict=True):
                attachment.figure_number = number
            case = cb.cases.save_case(case)
        report = build_kit(cb, case.case_id, root / "kit", deidentified=deidentified)
    finally:
        cb.close()
    manuscript = Document(io.BytesIO((root / "kit" / "manuscript.docx").read_bytes()))
    return report, [p.text for p in manuscript.paragraphs]


def _discussion(paragraphs: list[str]) -> str:
    return next(p for p in paragraphs if p.startswith("The smear"))


def _summary(root) -> str:
    """The text of the kit's case-summary.pdf, its whitespace made single spaces."""
    pdf = PdfReader(io.BytesIO((root / "kit" / "case-summary.pdf").read_bytes()))
    return " ".join(" ".join(page.extract_text() for page in pdf.pages).split())


def test_the_deidentified_kits_case_summary_numbers_the_figures_as_the_kit(tmp_path):
    """Three figures, the middle one not attested: the TIFF files, the manuscript and the
    kit's case-summary.pdf all read Figure 1, Figure 2 and the chart Figure 3 (the PDF used
    the case's numbers: 1, 3 and the chart 4)."""
    report, paragraphs = _kit(tmp_path, deidentified=True)
    tiffs = sorted(n for n in report.written if n.endswith(".tiff"))
    assert tiffs == ["Figure1.tiff", "Figure2.tiff", "Figure3.tiff"]  # the chart is the last
    assert {"Figure 1. Smear.", "Figure 2. Response, as in Fig. 2A."} <= set(paragraphs)
    assert any(p.startswith("Figure 3. Course of the disease") for p in paragraphs)
    pdf = _summary(tmp_path)
    assert "Figure 1. Smear." in pdf and "Figure 2. Response, as in Fig. 2A." in pdf
    assert "Figure 3. Course of disease by day relative to Day 0" in pdf  # the chart
    assert "Figure 3. Response" not in pdf and "Figure 4" not in pdf
    assert "A figure is left out of this de-identified summary: it is not attested" in pdf
    assert "Figure 2 is left out" not in pdf and "compare Figure 1" not in pdf
    # the texts' references as in the manuscript
    assert _discussion(paragraphs) in pdf
    assert "Figures 1 and 2 show the course, and the response is in Figure 2B." in pdf
    assert not any("case-summary.pdf" in line for line in report.renumbered)


def test_the_identified_kits_case_summary_closes_the_gap_in_the_figure_numbers(tmp_path):
    # figures numbered 1, 3 and 4 in the case: 1, 2 and 3 in every file of the kit
    report, paragraphs = _kit(tmp_path, deidentified=False, numbers=(1, 3, 4))
    pdf = _summary(tmp_path)
    assert "Figure 1. Smear." in pdf and "Figure 2. MRI; compare Figure 1." in pdf
    assert "Figure 3. Response, as in Fig. 2A." in pdf  # "Fig. 3A" was the case's Figure 3
    assert "Figure 4. Course of disease by day relative to Day 0" in pdf
    assert "Figure 5" not in pdf and "Figure4.tiff" in report.written
    assert _discussion(paragraphs) in pdf


def test_deidentified_kit_renumbers_the_figures_cited_in_the_text(tmp_path):
    report, paragraphs = _kit(tmp_path, deidentified=True)
    assert _discussion(paragraphs) == (
        f"The smear (Figure 1) and the MRI {LEFT_OUT} were typical; Figures 1 and 2 show the "
        "course, and the response is in Figure 2B.")
    # the legends are texts too: the kept third figure is Figure 2 and cites itself as such
    assert "Figure 2. Response, as in Fig. 2A." in paragraphs
    assert {"Figure1.tiff", "Figure2.tiff"} <= set(report.written)
    assert "Figure4.tiff" not in report.written  # two figures and the chart
    renumbered = "\n".join(report.renumbered)
    assert "Figure 3 is Figure 2" in renumbered
    # three in the discussion, one in the third figure's legend
    assert "4 figure reference(s) in the manuscript's text were changed" in renumbered
    assert "Renumbered: 4 figure reference(s)" in report.summary()
    assert any(why.startswith("Figure 2: left out of the de-identified kit")
               for why in report.left_out)


def test_identified_kit_closes_a_gap_in_the_figure_numbers_and_the_text_follows(tmp_path):
    # figures numbered 1, 3 and 4 in the case: in the kit 1, 2 and 3
    report, paragraphs = _kit(tmp_path, deidentified=False, numbers=(1, 3, 4))
    assert _discussion(paragraphs) == (
        "The smear (Figure 1) and the MRI (Figure 2) were typical; Figures 1 and 2 show the "
        "course, and the response is in Figure 2B.")  # "Figure 2" is not one of the case's
    assert "Figure 3. Response, as in Fig. 2A." in paragraphs  # it was Figure 4; 3 is now 2
    assert "Figure 3 is Figure 2, Figure 4 is Figure 3" in "\n".join(report.renumbered)
    assert "the timeline chart, Figure 5 in the case's own PDF summary, is Figure 4 in the " \
        "kit" in report.renumbered


def test_a_kit_whose_numbers_do_not_change_leaves_the_text_as_typed(tmp_path):
    report, paragraphs = _kit(tmp_path, deidentified=False)  # identified: all three kept
    assert _discussion(paragraphs) == DISCUSSION
    assert "Figure 3. Response, as in Fig. 3A." in paragraphs
    assert report.renumbered == []
    assert "Renumbered" not in report.summary()


def test_the_chart_numbered_as_in_the_case_summary_follows_the_kit(tmp_path):
    # the case's own PDF summary captions the chart after the case's highest figure: Figure
    # 4; the de-identified kit leaves Figure 2 out, so its chart is Figure 3 (in its
    # case-summary.pdf too)
    report, paragraphs = _kit(tmp_path, deidentified=True,
                              discussion="The smear (Figure 1); the course is in Figure 4.")
    assert "Figure3.tiff" in report.written and "Figure4.tiff" not in report.written
    assert _discussion(paragraphs) == "The smear (Figure 1); the course is in Figure 3."
    assert not any("not a figure of the case" in line for line in report.renumbered)
    assert "the timeline chart, Figure 4 in the case's own PDF summary, is Figure 3 in the " \
        "kit" in report.renumbered
    pdf = _summary(tmp_path)
    assert "Figure 3. Course of disease" in pdf and "the course is in Figure 3." in pdf


def test_a_doubtful_reference_is_left_as_typed_and_the_report_asks_for_a_check(tmp_path):
    text = ("The smear (Figures 1 and 3, 2 wards later) and Figures 1 and 3, 2 days later; "
            "Figure 9 is elsewhere.")
    report, paragraphs = _kit(tmp_path, deidentified=True, discussion=text)
    assert _discussion(paragraphs) == (
        "The smear (Figures 1 and 3, 2 wards later) and Figures 1 and 2, 2 days later; "
        "Figure 9 is elsewhere.")
    checks = [line for line in report.renumbered if line.startswith("check:")]
    assert len(checks) == 1 and "Figures 1 and 3, 2 wards later" in checks[0]
    assert "Figure 9 cited in the text is not a figure of the case" in report.renumbered
    summary = report.summary()
    assert "Renumbered: check: the number 2 after the figure reference" in summary
    assert "Renumbered: Figure 9 cited in the text is not a figure of the case" in summary
