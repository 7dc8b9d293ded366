"""The Outcome's days and a treatment's Days spans give each day with its date under it in
the identified PDF and the kit's manuscript, as every table's When does (stranger test: with
Day 0 2023-03-15, a last follow-up typed as 05/10/2023 printed "Last follow-up d204" alone,
and a line's or a drug's Days "d175 to d202", while `casebook show` gave the date). The
de-identified PDF keeps the day numbers only, on one line as before."""

from __future__ import annotations

from core.model import Case
from tests.core.kit.manuscript_text import manuscript_text
from tests.core.report.pdftext import all_text, page_texts, table_rows

DOC = {
    "case_id": "SYN-FU", "case_report": {"title": "A follow-up", "day0": "2023-03-15"},
    "treatment_lines": [{
        "line_no": 3, "intent": "salvage_reinduction", "regimen_name": "blinatumomab",
        "start_day": 175, "end_day": "2023-10-03",
        "administrations": [{
            "drug_inn": "blinatumomab", "atc": "L01FX07", "role": "antineoplastic",
            "route": "CIV", "dose": 9, "dose_unit": "ug/d", "frequency": "continuous_infusion",
            "start_day": 175, "end_day": 181}]}],
    "radiotherapy": [{"line_no": 3, "field": "cranial", "total_dose_Gy": 18, "fractions": 10,
                      "start_day": 190}],
    "outcome": {"vital_status": "alive", "last_follow_up_day": "2023-10-05",
                "last_known_alive_day": 204},
}


def _outcome_text(pdf: bytes) -> str:
    text = " ".join(" ".join(page_texts(pdf)).split())
    return text[text.index("Outcome Vital status"):]


def test_the_outcome_and_the_days_give_their_dates(render):
    pdf = render(Case.model_validate(DOC))
    outcome = _outcome_text(pdf)
    assert "Last follow-up d204 2023-10-05" in outcome  # the day, its date under it
    assert "Last known alive d204 2023-10-05" in outcome
    lines = table_rows(pdf, "Treatment lines")
    days = [cells[3] for cells in lines if len(cells) > 3]  # the Days column's first lines
    assert "d175" in days
    text = all_text(pdf)
    assert "d175 2023-09-06 to d202 2023-10-03" in text
    assert "d175 2023-09-06 to d181 2023-09-12" in text
    assert [r[-1] for r in table_rows(pdf, "Radiotherapy")] == ["d190"]
    assert "d190 2023-09-21" in text
    kit = manuscript_text(Case.model_validate(DOC))
    assert kit.tables["Treatment lines."][1][3] == "d175\n2023-09-06\nto d202\n2023-10-03"
    assert kit.tables["Radiotherapy."][1][-1] == "d190\n2023-09-21"
    assert "last follow-up: d204 (2023-10-05)" in kit.all


def test_deidentified_keeps_day_numbers_only(render):
    case = Case.model_validate(DOC)
    text = all_text(render(case, deidentified=True))
    assert "2023-" not in text
    assert "Last follow-up d204" in text and "d175 to d202" in text and "d175 to d181" in text
    kit = manuscript_text(case, deidentified=True)
    assert "2023-" not in kit.all
    assert kit.tables["Treatment lines."][1][3] == "d175 to d202"
    assert "last follow-up: d204;" in kit.all


def test_an_ended_line_without_end_marks_its_last_dose_not_an_end_date(render):
    """Its Days cell gave "d175 2023-09-06 to d181 2023-09-12 (end date not given)": the day
    and date from the last administration read as an End entered."""
    doc = {**DOC, "treatment_lines": [{**DOC["treatment_lines"][0], "end_day": None,
                                       "reason_end": "completed"}]}
    case = Case.model_validate(doc)
    cell = "d175\n2023-09-06\nto d181 (last dose)\n2023-09-12\nend date not given"
    assert cell in "\n".join(page_texts(render(case)))
    assert manuscript_text(case).tables["Treatment lines."][1][3] == cell
    assert manuscript_text(case, deidentified=True).tables["Treatment lines."][1][3] == (
        "d175\nto d181 (last dose)\nend date not given")
