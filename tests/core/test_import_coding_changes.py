"""Import reads a drug named where no ATC code is (an adverse event's attribution, 'On
treatment at relapse') as it reads the case's treatments, a drug given with its own ATC code by
its dictionary name, an ambiguous abbreviation (CTX) without an ATC code as written, a
category of another Scope as written (V64's hint naming none of that Scope's), and EGIL's own
'Not applicable' as NA; the case's import audit entry and casebook validate list each change
(core.io.import_coding)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.cli import main
from core.clinical import evaluate
from core.io.import_coding import ImportCoding
from core.model import Case
from core.services import Casebook
from tests.core.test_import_coding import C1, LINE, mapped_doc, write


def with_events(doc: dict[str, Any]) -> dict[str, Any]:
    """``mapped_doc`` with adverse events attributed to MTX (given from d3, as 'MTX' without
    an ATC code) and Ara-C, and a relapse on MTX."""
    case = doc["cases"][0]
    case["adverse_events"] = [
        {"ae_id": 901, "term": "Nausea", "grading_system": "CTCAE-5.0", "grade": 2,
         "onset_day": 10, "attribution": [{"drug_inn": "MTX", "level": "probable"},
                                          {"drug_inn": "ARA-C", "level": "possible"}]},
        {"ae_id": 902, "term": "Vomiting", "grading_system": "CTCAE-5.0", "grade": 1,
         "onset_day": 1, "attribution": [{"drug_inn": "mtx", "level": "possible"}]}]
    case["diagnoses"][1]["on_treatment_at_relapse"] = "Mtx"
    return doc


def v_findings(case: Case, rule_id: str) -> dict[str, str]:
    return {f.path: f.message for f in evaluate(case).findings if f.rule_id == rule_id}


def test_attributions_follow_the_treatments(casebook: Casebook, tmp_path: Path):
    casebook.interchange.import_files([write(tmp_path, with_events(mapped_doc()))])
    case = casebook.cases.open_case(C1)
    assert [[a.drug_inn for a in ae.attribution] for ae in case.adverse_events] == [
        ["methotrexate", "cytarabine"], ["methotrexate"]]
    assert case.diagnoses[1].on_treatment_at_relapse == "methotrexate"
    # no "Attributed to MTX, which is not recorded among the treatments"; the onset check is
    # made: the second event began before the first methotrexate
    assert v_findings(case, "V49") == {
        "adverse_events[1].attribution[0].drug_inn":
            "Onset (d1) is before the first methotrexate (d3), yet the event is attributed to it"}
    [entry] = [e for e in casebook.audit.history(C1) if e.action == "import"]
    assert entry.reason is not None and entry.reason.endswith(
        "; Mtx → methotrexate at Diagnoses & reasoning › Diagnoses › row 2 › On treatment at "
        "relapse; "  # the events as the editor lists them: the one of d10, stored first, is row 2
        "MTX → methotrexate at Adverse events › row 2 › Attribution › row 1 › Drug; "
        "ARA-C → cytarabine at Adverse events › row 2 › Attribution › row 2 › Drug; "
        "mtx → methotrexate at Adverse events › row 1 › Attribution › row 1 › Drug")


def test_a_name_the_treatments_keep_is_kept_in_attributions():
    """'MTX' given with another drug's ATC code is kept as written (V38 says which): the
    attribution to MTX is kept too, so V49 finds it among the treatments."""
    case = Case.model_validate(with_events(mapped_doc())["cases"][0])
    admin = case.treatment_lines[0].administrations[5]
    admin.atc = "L01DB02"  # daunorubicin's
    ImportCoding().apply(case)
    assert (admin.drug_inn, admin.atc) == ("MTX", "L01DB02")
    assert [a.drug_inn for a in case.adverse_events[0].attribution] == ["MTX", "cytarabine"]
    assert (case.adverse_events[1].attribution[0].drug_inn,
            case.diagnoses[1].on_treatment_at_relapse) == ("mtx", "Mtx")
    assert v_findings(case, "V38")[f"{LINE}[5].atc"] == "ATC L01DB02 is daunorubicin, not 'MTX'"
    assert not any("not recorded" in m for m in v_findings(case, "V49").values())


def test_a_drug_with_its_own_atc_code_takes_its_name(casebook: Casebook, tmp_path: Path):
    doc = mapped_doc()
    admins = doc["cases"][0]["treatment_lines"][0]["administrations"]
    admins[5]["atc"] = "L01BA01"  # MTX with methotrexate's own ATC code
    admins[2]["drug_inn"] = "CTX"  # with cyclophosphamide's L01AA01: the code says which
    casebook.interchange.import_files([write(tmp_path, doc)])
    case = casebook.cases.open_case(C1)
    stored = case.treatment_lines[0].administrations
    assert [(stored[i].drug_inn, stored[i].atc) for i in (2, 5)] == [
        ("cyclophosphamide", "L01AA01"), ("methotrexate", "L01BA01")]
    assert not {f"{LINE}[2].atc", f"{LINE}[5].atc"} & set(v_findings(case, "V38"))


def test_an_ambiguous_abbreviation_is_kept_for_v38():
    """CTX (also chemotherapy, or cetuximab to some) and DNR (do not resuscitate) without an
    ATC code, as search does not expand them: kept, V38 asks; an attribution to CTX too."""
    case = Case.model_validate(with_events(mapped_doc())["cases"][0])
    admins = case.treatment_lines[0].administrations
    admins[1].drug_inn, admins[1].atc = "DNR", None
    admins[2].drug_inn, admins[2].atc = "CTX", None
    case.adverse_events[0].attribution[1].drug_inn = "ctx"
    case.diagnoses[1].on_treatment_at_relapse = "DNR"
    changes = ImportCoding().apply(case)
    assert [(a.drug_inn, a.atc) for a in admins[1:3]] == [("DNR", None), ("CTX", None)]
    assert (case.adverse_events[0].attribution[1].drug_inn,
            case.diagnoses[1].on_treatment_at_relapse) == ("ctx", "DNR")
    assert not [c for c in changes if "CTX" in c.upper() or "DNR" in c]
    assert {f"{LINE}[1].atc", f"{LINE}[2].atc"} <= set(v_findings(case, "V38"))


def test_a_category_of_another_scope_is_kept(casebook: Casebook, tmp_path: Path):
    doc = mapped_doc()
    responses = doc["cases"][0]["response_assessments"]
    assert responses[5]["scope"] == "cns"
    responses[5]["category"] = "complete remission"  # CR: not a CNS category
    casebook.interchange.import_files([write(tmp_path, doc)])
    case = casebook.cases.open_case(C1)
    assert case.response_assessments[5].category == "complete remission"
    assert v_findings(case, "V64")["response_assessments[5].category"] == (
        "'complete remission' is not one of the response categories: choose one from the "
        "list (Ctrl+Space lists them)")  # not "did you mean 'CR'" on a CNS row


def test_v64_hint_reads_the_scope():
    case = Case.model_validate(mapped_doc()["cases"][0])
    case.response_assessments[5].category = "CNS rem"  # a start of CNS remission
    case.response_assessments[4].category = "Complete remissio"  # marrow: CR
    case.response_assessments[2].scope = "cns"
    case.response_assessments[2].category = "complete remission"
    found = v_findings(case, "V64")
    assert "did you mean 'CNS remission'" in found["response_assessments[5].category"]
    assert "did you mean 'CR'" in found["response_assessments[4].category"]
    assert "did you mean" not in found["response_assessments[2].category"]


def test_egil_not_applicable_is_its_entry():
    """'Not applicable' and 'na' are EGIL's own NA entry (label and code), not a blank cell;
    'None' for a response category stays as written (V64)."""
    doc = mapped_doc()
    case = Case.model_validate(doc["cases"][0])
    panels = case.immunophenotype_panels
    panel = panels[0].model_copy()
    case.immunophenotype_panels = [panels[0], panel]
    panels = case.immunophenotype_panels
    panels[0].egil_subgroup, panels[1].egil_subgroup = "Not applicable", "na"
    case.response_assessments[7].category = "None"  # molecular_cml scope
    changes = ImportCoding().apply(case)
    assert [p.egil_subgroup for p in panels] == ["NA", "NA"]
    assert case.response_assessments[7].category == "None"
    panel = "Immunophenotype › Immunophenotype panels"
    assert f"'Not applicable' → NA at {panel} › row 1 › EGIL subgroup" in changes
    assert f"'na' → NA at {panel} › row 2 › EGIL subgroup" in changes


def test_validate_lists_the_changes(capsys, tmp_path: Path):
    path = write(tmp_path, with_events(mapped_doc()))
    main(["validate", str(path)])
    notes = [line for line in capsys.readouterr().out.splitlines() if line.startswith("note")]
    assert notes[0].startswith("note   as import stores them: 7 drug names matched")
    assert notes[1].startswith(f"note   {C1}: 'b-ii' → B-II_common at Immunophenotype › "
                               "Immunophenotype panels › row 1 › EGIL subgroup;")
    assert notes[1].endswith("; mtx → methotrexate at Adverse events › row 1 › Attribution › "
                             "row 1 › Drug")  # stored second, dated d1: the editor's row 1
