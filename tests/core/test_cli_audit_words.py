"""`casebook audit show` prints values in the words the history window shows, not as codes."""

from __future__ import annotations

from core.cli import main


def _changed_case(casebook, reference_cases):
    casebook.cases.import_cases(reference_cases[:1])
    case = casebook.cases.open_case(reference_cases[0].case_id)
    case.patient.pregnancy_status = "not_pregnant"
    case.patient.weight_kg = 70.0
    case.treatment_lines[0].intent = "cns_directed"
    case.treatment_lines[0].administrations[0].dose_unit = "ug/d"
    case.diagnoses[1].relapse_sites = ["bone_marrow", "cns"]
    case.diagnoses[1].relapse_sites = []
    casebook.cases.save_case(case)
    return case


def test_audit_show_prints_the_words_the_history_window_shows(casebook, reference_cases,
                                                                capsys):
    case = _changed_case(casebook, reference_cases)
    capsys.readouterr()
    assert main(["audit", "show", case.case_id, "--field", "patient"]) == 0
    out = capsys.readouterr().out
    assert "patient.pregnancy_status: - -> not pregnant" in out
    assert "not_pregnant" not in out
    assert "patient.weight_kg: 68 -> 70" in out  # as the field shows it, not 68.0
    assert main(["audit", "show", case.case_id, "--field", "treatment_lines[0]"]) == 0
    out = capsys.readouterr().out
    assert "treatment_lines[0].intent: induction -> CNS-directed" in out
    assert "treatment_lines[0].administrations[0].dose_unit: mg -> µg/day" in out
    assert "cns_directed" not in out and "ug/d" not in out
    assert main(["audit", "show", case.case_id, "--field", "diagnoses[1].relapse_sites"]) == 0
    out = capsys.readouterr().out
    assert "diagnoses[1].relapse_sites[0]: bone marrow -> -" in out  # an item of the list
    assert "diagnoses[1].relapse_sites[1]: CNS -> -" in out
    assert "bone_marrow" not in out


def test_audit_show_and_the_history_window_share_their_words(casebook, reference_cases,
                                                              capsys):
    from gui.history_model import value_words as history_words

    case = _changed_case(casebook, reference_cases)
    capsys.readouterr()
    assert main(["audit", "show", case.case_id]) == 0
    lines = capsys.readouterr().out.splitlines()
    for row in casebook.audit.history(case.case_id):
        if row.path is None or row.old is None or row.new is None:
            continue
        shown = f"{row.path}: {history_words(row.path, row.old)} -> " \
                f"{history_words(row.path, row.new)}"
        assert any(shown in line for line in lines), shown


def test_audit_show_prints_why_a_field_was_missing_in_words(casebook, reference_cases, capsys):
    """A field's why-missing reason (case_report.anchor_year_nf) as its menu says it: the
    history window showed 'not_reported → —' when a year was typed."""
    casebook.cases.import_cases(reference_cases[:1])
    case = casebook.cases.open_case(reference_cases[0].case_id)
    doc = case.model_dump(mode="json")
    assert doc["case_report"]["anchor_year_nf"] == "not_reported"
    doc["case_report"]["anchor_year"] = 2021
    del doc["case_report"]["anchor_year_nf"]
    casebook.cases.save_case(type(case).model_validate(doc))
    capsys.readouterr()
    assert main(["audit", "show", case.case_id, "--field", "case_report.anchor_year_nf"]) == 0
    out = capsys.readouterr().out
    assert "case_report.anchor_year_nf: not reported -> -" in out, out
    assert "not_reported" not in out
