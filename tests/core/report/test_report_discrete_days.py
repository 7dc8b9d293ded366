"""A drug given on separate days reads as such in the treatment tables (a stranger's run: the
blinatumomab cycle dialog's dexamethasone premedication, once on days 5 and 12, printed as
Schedule "once; days 5, 12" and Days "d5 to d12", which reads like 8 days of dexamethasone).
The row keeps its start d5 and end d12 (the record model's span of the administration, as the
reference cases store IT doses); the Days cell lists the days given instead of that span. A
continuous infusion still prints as a range."""

from __future__ import annotations

from core.model import Case
from core.report import ReportOptions
from core.report.chart_events import drug_lanes
from core.report.document import make_context, set_up_reportlab
from core.report.sections_treatment import days_given, on_days
from tests.core.report.pdftext import all_text, table_rows

BLINA = {"drug_inn": "blinatumomab", "atc": "L01FX07", "role": "antineoplastic",
         "route": "CIV", "frequency": "continuous_infusion"}
# what the cycle dialog stores for cycle day 1 = d5 (gui/editor/blinatumomab.cycle_rows)
CYCLE_FROM_DAY_5 = [
    dict(BLINA, line_no=1, dose=9.0, dose_unit="ug/d", cycle_no=1, cycle_day_start=1,
         cycle_day_end=7, start_day=5, end_day=11),
    dict(BLINA, line_no=1, dose=28.0, dose_unit="ug/d", cycle_no=1, cycle_day_start=8,
         cycle_day_end=28, start_day=12, end_day=32),
    {"line_no": 1, "drug_inn": "dexamethasone", "atc": "H02AB02", "role": "premedication",
     "route": "IV", "dose": 20.0, "dose_unit": "mg", "frequency": "once", "start_day": 5,
     "end_day": 12, "day_list": [5, 12]},
    {"line_no": 1, "drug_inn": "methotrexate", "atc": "L01BA01", "role": "cns_prophylaxis",
     "route": "IT", "dose": 12.0, "dose_unit": "mg", "frequency": "once", "start_day": 5,
     "end_day": 12, "day_list": [12, 5]},
]
SECOND_CYCLE = [dict(BLINA, line_no=2, dose=28.0, dose_unit="ug/d", cycle_no=2,
                     cycle_day_start=1, cycle_day_end=28, start_day=47, end_day=74)]


def _case(reference_docs) -> Case:
    doc = reference_docs[1]
    doc["treatment_lines"] = [
        {"line_no": 1, "intent": "salvage_reinduction", "regimen_name": "blinatumomab",
         "start_day": 5, "end_day": 32, "administrations": CYCLE_FROM_DAY_5},
        {"line_no": 2, "intent": "consolidation", "regimen_name": "blinatumomab cycle 2",
         "start_day": 47, "end_day": 74, "administrations": SECOND_CYCLE}]
    return Case.model_validate(doc)


def test_days_given_are_listed_never_a_range():
    assert days_given([5, 12]) == "d5, d12"
    assert days_given([12, 5, 12]) == "d5, d12"  # in order, each day once
    assert days_given([-3]) == "d-3"
    assert on_days("once", [5, 12]) == "once on each of days 5 and 12"
    assert on_days("once", [5]) == "once on day 5"
    assert on_days("weekly", [2, 9, 16, 23]) == "weekly on days 2, 9, 16 and 23"
    assert on_days("", [12, 5]) == "on days 5 and 12"  # no frequency recorded


def test_the_pdf_prints_the_premedication_on_its_days(reference_docs, render):
    case = _case(reference_docs)
    for deidentified in (False, True):
        pdf = render(case, deidentified=deidentified)
        rows = table_rows(pdf, "Line 1: blinatumomab (salvage re-induction)")
        dexamethasone = next(r for r in rows if r[0] == "dexamethasone")
        # the schedule wraps in its cell: its first line, then the rest in the text
        assert dexamethasone[4:] == ["once on each of", "d5, d12"]
        text = all_text(pdf)
        assert "once on each of days 5 and 12" in text and "days 5, 12" not in text
        assert "d5 to d12" not in text and text.count("d5, d12") == 2  # with methotrexate IT
        blinatumomab = [r[-1] for r in rows if r[0] == "blinatumomab"]
        assert blinatumomab == ["d5 to d11", "d12 to d32"]  # continuous infusions: ranges
        (cycle_2,) = [r for r in table_rows(pdf, "Line 2: blinatumomab cycle 2 (consolidation)")
                      if r[0] == "blinatumomab"]
        assert cycle_2[-1] == "d47 to d74"


def test_the_figure_draws_separate_days_as_ticks(reference_docs):
    set_up_reportlab()
    lanes = {lane.name: lane.spans
             for lane in drug_lanes(make_context(_case(reference_docs), ReportOptions()))}
    assert lanes["methotrexate IT"] == ((5, 5), (12, 12))  # a tick a day, no bar d5 to d12
    assert lanes["blinatumomab"] == ((5, 11), (12, 32), (47, 74))
    assert "dexamethasone" not in lanes  # premedication is left out of the strip
