"""Journey 2: Ctrl+N -> a small case typed by keyboard (title, age, sex, diagnosis, one CSF
row with blasts, a blinatumomab cycle) -> Ctrl+S -> quit -> start again -> every value there."""

from __future__ import annotations

from tests.gui.editor.test_enter_reference_case import CaseTypist, fixture_case_1
from tests.journeys.conftest import audit_rows, stored_case
from tests.journeys.steps import open_from_list, press

TITLE = "Journey: CNS relapse of B-ALL treated with blinatumomab"


def small_case() -> dict:
    """Parts of reference case 1, as a clinician would type a short case."""
    ref = fixture_case_1()
    diagnosis, csf, line = ref["diagnoses"][0], ref["csf_assessments"][2], ref["treatment_lines"][2]
    keep = lambda row, keys: {k: row[k] for k in keys}  # noqa: E731
    return {
        "case_report": {"title": TITLE},
        "patient": {"age_at_day0": 34, "sex": "male"},
        "diagnoses": [keep(diagnosis, ["diagnosis_id", "role", "day", "entity", "cml_phase"])],
        "csf_assessments": [keep(csf, ["csf_assessment_id", "day", "sample_route", "wbc_per_uL",
                                       "blasts_present_cytospin", "blast_pct_cytospin"])],
        "treatment_lines": [{**keep(line, ["intent", "regimen_name", "start_day"]), "line_no": 1,
                             "administrations": line["administrations"][:3]}],
    }


def assert_has(stored: dict, typed: dict, where: str) -> None:
    for key, value in typed.items():
        assert stored.get(key) == value, f"{where}.{key}: stored {stored.get(key)!r}, typed {value!r}"


def test_a_new_case_typed_saved_and_found_after_a_restart(journey, qtbot):
    doc = small_case()
    seen = {}

    def type_and_save(window):
        press(qtbot, window, "Ctrl+N")
        qtbot.waitUntil(lambda: window.session.is_open())
        CaseTypist(qtbot, window.editor).enter_case(doc)
        assert window.session.is_dirty()
        press(qtbot, window, "Ctrl+S")
        qtbot.waitUntil(lambda: not window.session.is_dirty())
        seen["case_id"] = window.session.case_id()
        seen["status"] = window.save_state_label.text()
        journey.screenshot("typed-and-saved")
        press(qtbot, window, "Ctrl+Q")
        qtbot.waitUntil(lambda: not window.isVisible())

    assert journey.start(type_and_save) == 0
    case_id = seen["case_id"]
    assert seen["status"].endswith("v1 · Saved"), seen["status"]

    def reopen(window):
        open_from_list(qtbot, window, case_id)
        qtbot.waitUntil(lambda: window.session.case_id() == case_id)
        seen["reopened"] = window.editor.current_case()
        seen["title_shown"] = window.windowTitle()
        journey.screenshot("after-restart")

    assert journey.start(reopen) == 0
    assert seen["title_shown"].startswith(TITLE)
    for case in (seen["reopened"], stored_case(journey.data_dir, case_id)):
        stored = case.to_json_dict()
        for part in ("case_report", "patient"):
            assert_has(stored[part], doc[part], part)
        for part in ("diagnoses", "csf_assessments"):
            assert len(stored[part]) == 1, stored[part]
            assert_has(stored[part][0], doc[part][0], part)
        line = stored["treatment_lines"][0]
        assert_has(line, {k: v for k, v in doc["treatment_lines"][0].items()
                          if k != "administrations"}, "treatment line")
        typed = [{k: a.get(k) for k in ("drug_inn", "dose", "dose_unit", "start_day", "route")}
                 for a in line["administrations"]]
        expected = [{k: a.get(k) for k in ("drug_inn", "dose", "dose_unit", "start_day", "route")}
                    for a in doc["treatment_lines"][0]["administrations"]]
        assert typed == expected
    trail = audit_rows(journey.data_dir, case_id)
    assert [r["action"] for r in trail] == ["create"]  # one save; opening it again wrote nothing
    assert '"document":"sha256:' in trail[0]["new"]
