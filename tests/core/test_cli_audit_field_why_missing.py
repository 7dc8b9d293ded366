"""`casebook audit show CASE --field PATH` lists the field's why-missing reason with its
values, as the app's Field history does (it left out case_report.anchor_year_nf)."""

from __future__ import annotations

from core.cli import main


def test_a_fields_history_lists_its_why_missing_reason(casebook, reference_cases, capsys):
    casebook.cases.import_cases(reference_cases[:1])
    case = casebook.cases.open_case(reference_cases[0].case_id)
    doc = case.model_dump(mode="json")
    assert doc["case_report"]["anchor_year_nf"] == "not_reported"
    doc["case_report"]["anchor_year"] = 2021
    del doc["case_report"]["anchor_year_nf"]
    casebook.cases.save_case(type(case).model_validate(doc))
    capsys.readouterr()
    assert main(["audit", "show", case.case_id, "--field", "case_report.anchor_year"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any("case_report.anchor_year: - -> 2021" in line for line in lines), lines
    assert any("case_report.anchor_year_nf: not reported -> -" in line for line in lines), lines
    # only that field: not another field whose path starts with the same letters
    assert all("case_report.anchor_year" in line for line in lines), lines


def test_the_service_lists_a_fields_why_missing_reason_as_the_app_does(casebook,
                                                                         reference_cases):
    from gui.history_model import matches

    casebook.cases.import_cases(reference_cases[:1])
    case_id = reference_cases[0].case_id
    case = casebook.cases.open_case(case_id)
    case.case_report.anchor_year = 2021
    case.case_report.nf.pop("anchor_year", None)
    casebook.cases.save_case(case)
    path = "case_report.anchor_year"
    every = casebook.audit.history(case_id)
    in_app = [r for r in every if matches(r, "", None, path)]
    assert [r.path for r in casebook.audit.history(case_id, path)] == [r.path for r in in_app]
    assert any(r.path == f"{path}_nf" for r in in_app)
