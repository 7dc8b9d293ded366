"""Cases side by side (core.services.compare): the rows of the two reference cases."""

from __future__ import annotations

import copy
from types import SimpleNamespace

import pytest

from core.services.compare import Comparison, age_text, compare


def _rows(comparison: Comparison) -> dict[str, tuple[str, ...]]:
    return {r.label: r.values for r in comparison.rows}


def test_reference_cases_side_by_side(reference_cases):
    result = compare(reference_cases)
    rows = _rows(result)
    assert result.case_ids == ("SEED-C1-CAO2023", "SEED-C2-CAO2023")
    assert rows["Age at Day 0"] == ("34 years", "24 years")
    assert rows["Sex"] == ("male", "female")
    assert rows["Main diagnosis"][0].startswith("C92.1 Chronic myeloid")
    assert rows["Main diagnosis"][1].startswith("C91.0 Acute lymphoblastic")
    # the PDF: case 1 CNS3a, case 2 at relapse CNS3a and parenchymal CNS3c
    assert rows["Worst CNS status"] == ("CNS3 (CNS3a)", "CNS3 (CNS3a, CNS3c)")
    assert rows["Blinatumomab cycles"] == ("1 (of 1 planned)", "1 (of 1 planned)")
    assert rows["Best response"] == ("CR", "CR")
    assert rows["Worst CRS grade"] == ("none recorded", "grade 1")
    assert rows["Worst ICANS grade"] == ("none recorded", "none recorded")
    assert rows["Case status"] == ("complete", "complete")
    assert rows["MRD (latest / best)"][0].startswith("latest d229: negative")
    assert "blinatumomab" in rows["Treatment lines"][1]
    assert "e14a2" in rows["Key molecular findings"][0]
    assert rows["Outcome"][0].endswith("last known alive d229")
    differing = {r.label for r in result.rows if r.differs}
    assert {"Sex", "Main diagnosis", "Worst CRS grade", "Worst CNS status"} <= differing
    assert not {"Best response", "Case status"} & differing


def test_cns_values_are_the_index_values(reference_cases):
    """The CNS rows are the search index's values (core.search.derived), not our own."""
    from core.search.derived import CNS_RANK, clinical_values

    rows = _rows(compare(reference_cases))
    for i, case in enumerate(reference_cases):
        values = clinical_values(case)
        assert rows["CNS status at diagnosis"][i].startswith(values.cns_at_diagnosis or "—")
        assert rows["Worst CNS status"][i].startswith(max(
            (s for s in values.cns if s in CNS_RANK), key=CNS_RANK.__getitem__))


AGES = [  # age typed, top-coded, months typed, birth date, de-identified -> the text printed
    (34, False, None, None, False, "34 years"),
    (93, False, None, None, True, "≥90 years"),
    (93, False, None, None, False, "93 years"),
    (91, True, None, None, False, "≥90 years"),
    (1, False, 14, None, False, "14 months"),
    (1, False, None, None, False, "1 year"),  # one: singular ("1 years" before)
    (0, False, 1, None, False, "1 month"),
    (0, False, 0, None, False, "0 months"),
    (None, False, None, "2023-03-10", False, "1 month (from the birth date)"),
    (-1, False, None, None, False, "not valid (the age entered is below 0; see rule V01)"),
    (None, False, None, "1961-07-23", False, "61 years (from the birth date)"),
    (None, False, None, "2022-01-10", True, "15 months (from the birth date)"),
    (None, False, None, "1920", False, "≥90 years (from the birth date)"),
    (None, False, None, "2023-04-20", False, None),  # born after Day 0: not derived
    (None, False, None, None, False, None)]


@pytest.mark.parametrize(("age", "top", "months", "born", "deid", "text"), AGES)
def test_age_one_text_for_the_pdf_and_compare(reference_docs, age, top, months, born, deid,
                                              text):
    """The PDF and Compare print the age through one function (age_at_day0_text): the PDF
    renders a missing age as any missing field, Compare as "" (shown "—"), and Compare prints
    it as a de-identified PDF does (top-coded at 90)."""
    from core.clinical.dosing import age_at_day0_text
    from core.model import Case
    from core.report.format import Formatter
    from core.report.sections_intro import age_text as pdf_age_text

    doc = copy.deepcopy(reference_docs[0])
    doc["case_report"]["day0"] = "2023-04-18"
    doc["patient"].update(age_at_day0=age, age_top_coded=top, age_at_day0_months=months,
                          birth_date=born)
    case = Case.model_validate(doc)
    p, day0 = case.patient, case.case_report.day0
    assert age_at_day0_text(p, day0, deidentified=deid) == text
    fmt = Formatter(day0, deid, str)
    ctx = SimpleNamespace(case=case, options=SimpleNamespace(deidentified=deid), fmt=fmt)
    shown = text if text is not None else fmt.field(p, "age_at_day0")
    assert pdf_age_text(ctx) == shown  # type: ignore[arg-type]
    assert age_text(case) == (age_at_day0_text(p, day0, deidentified=True) or "")


def test_tsv_and_text(reference_cases):
    result = compare(reference_cases)
    lines = result.tsv().splitlines()
    assert lines[0].split("\t")[:2] == ["Item", lines[0].split("\t")[1]]
    assert lines[0].split("\t")[1].startswith("SEED-C1-CAO2023 Blinatumomab")
    assert lines[2].split("\t") == ["Sex", "male", "female"]
    assert all(len(line.split("\t")) == 3 for line in lines)
    text = result.text()
    assert "* Sex\n    SEED-C1-CAO2023  male\n    SEED-C2-CAO2023  female" in text
    assert "  Best response\n" in text


@pytest.mark.parametrize("count", [1, 7])
def test_two_to_six_cases(reference_cases, count):
    cases = (reference_cases * 4)[:count]
    with pytest.raises(ValueError, match=f"2 to 6 cases, not {count}"):
        compare(cases)


@pytest.mark.expected_errors("the clinical engine is made to fail")
def test_an_engine_error_is_said_never_replaced(reference_cases, monkeypatch):
    from core.clinical import cns

    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(cns, "episode_status", broken)
    rows = _rows(compare(reference_cases))
    for label in ("CNS status at diagnosis", "Worst CNS status", "MRD (latest / best)"):
        assert rows[label] == ("not derived: clinical engine error",) * 2
    assert rows["Sex"] == ("male", "female")  # what is entered is still shown


def _one(reference_docs, change) -> dict[str, str]:
    """The rows of reference case 1 changed by ``change`` (compared with case 2)."""
    from core.model import Case

    doc = copy.deepcopy(reference_docs[0])
    change(doc)
    rows = _rows(compare([Case.model_validate(doc), Case.model_validate(reference_docs[1])]))
    return {label: values[0] for label, values in rows.items()}


def test_mrd_best_ranks_a_sufficient_negative_over_an_insufficient_one(reference_docs):
    """Undetectable with a LoD above 10⁻⁴ (MRD_intermediate) is no better than undetectable
    with LoD ≤10⁻⁴: the d30 sufficient negative is the best, not the later insufficient one."""
    def change(doc):
        first, last = doc["mrd_assessments"][0], doc["mrd_assessments"][-1]
        first.update(value_fraction=None, lod_fraction=0.0001)
        first.pop("result", None)
        last.update(value_fraction=None, lod_fraction=0.001)

    mrd = _one(reference_docs, change)["MRD (latest / best)"]
    assert mrd == "latest d229: negative (LoD >10⁻⁴)\nbest d30: negative (LoD ≤10⁻⁴)"


def test_mrd_best_positive_by_level(reference_docs):
    def change(doc):
        doc["mrd_assessments"][0].update(value_fraction=0.00005, lod_fraction=0.00001)
        doc["mrd_assessments"][-1].update(value_fraction=0.0032, lod_fraction=0.0001)

    mrd = _one(reference_docs, change)["MRD (latest / best)"]
    assert mrd.splitlines()[1].startswith("best d30: positive")


def _blinatumomab_line(doc) -> dict:
    return doc["treatment_lines"][2]


@pytest.mark.parametrize(("given", "planned", "only_planned", "text"), [
    (2, 2, False, "2 (of 2 planned)"),  # the line's count, not the administrations' cycle_no
    (0, 1, True, "0 (of 1 planned)"),  # only planned: no cycle given, 0 stays 0
    (None, None, False, "not recorded"),
    (3, None, False, "3")])
def test_blinatumomab_cycles_are_the_lines_cycles_given(reference_docs, given, planned,
                                                        only_planned, text):
    def change(doc):
        line = _blinatumomab_line(doc)
        line.update(cycles_given=given, cycles_planned=planned)
        for a in line["administrations"]:
            if only_planned and a["drug_inn"] == "blinatumomab":
                a["planned_vs_actual"] = "planned"

    assert _one(reference_docs, change)["Blinatumomab cycles"] == text


def test_blinatumomab_cycles_none_given(reference_docs):
    def change(doc):
        for line in doc["treatment_lines"]:
            line["administrations"] = [a for a in line["administrations"]
                                       if a["drug_inn"] != "blinatumomab"]

    assert _one(reference_docs, change)["Blinatumomab cycles"] == "0"


def test_blinatumomab_cycles_of_two_lines_each_named(reference_docs):
    def change(doc):
        doc["treatment_lines"][1]["administrations"].append(
            {"drug_inn": "blinatumomab", "role": "antineoplastic"})
        doc["treatment_lines"][1].update(cycles_given=2, cycles_planned=None)

    assert _one(reference_docs, change)["Blinatumomab cycles"] == "L2: 2\nL3: 1 (of 1 planned)"


def test_molecular_findings_show_the_latest_value_and_a_missing_result(reference_docs):
    """Five BCR::ABL1 % IS results are the latest with its day (as the PDF prints the value),
    and the KD mutation test without a result says "not reported", not a finding."""
    rows = _one(reference_docs, lambda doc: None)
    assert rows["Key molecular findings"] == ("BCR::ABL1 e14a2: 0.009% IS (d229)\n"
                                              "ABL1 KD mutation: not reported")

    def found(doc):
        kd = next(t for t in doc["molecular_tests"] if t["test"] == "ABL1_KD_mutation")
        kd["variants"] = [{"gene": "ABL1", "short": "T315I"}]
        doc["molecular_tests"][-1]["day"] = 120  # the latest is now d196's 48% IS
        doc["molecular_tests"][2]["day"] = 30

    rows = _one(reference_docs, found)
    assert rows["Key molecular findings"] == ("BCR::ABL1 e14a2: 48% IS (d196)\n"
                                              "ABL1 KD mutation T315I")


def test_outcome_says_last_known_alive_not_last_follow_up(reference_docs):
    rows = _one(reference_docs, lambda doc: None)
    assert rows["Outcome"].endswith(", last known alive d229")
    assert "follow-up" not in rows["Outcome"]

    def followed(doc):
        doc["outcome"]["last_follow_up_day"] = 240

    assert _one(reference_docs, followed)["Outcome"].endswith(
        ", last follow-up d240")


def test_a_case_in_the_trash_says_so_in_its_status(reference_cases):
    """The document does not know it is in the trash: the caller says which are."""
    rows = _rows(compare(reference_cases, {"SEED-C2-CAO2023"}))
    assert rows["Case status"] == ("complete", "complete, in the trash")
    assert "Case status" in {r.label for r in compare(reference_cases, {"SEED-C2-CAO2023"}).rows
                             if r.differs}


def test_main_diagnosis_says_the_cml_phase_as_the_case_list_does(reference_cases):
    """Case 1 is CML in lymphoid blast phase: the case list says "CML, blast phase"; the
    ICD label alone ("Chronic myeloid leukaemia") under-stated it."""
    rows = _rows(compare(reference_cases))
    assert rows["Main diagnosis"][0].endswith(", blast phase")
    assert "phase" not in rows["Main diagnosis"][1]  # an ALL has none


def test_a_drug_given_by_two_routes_is_named_with_them(reference_cases):
    """IV high-dose and intrathecal methotrexate are two treatments: a line giving one drug
    by two routes names them ("methotrexate (IV, IT)"); a drug given one way is named alone."""
    case = copy.deepcopy(reference_cases[0])
    line = next(ln for ln in case.treatment_lines
                if any(a.drug_inn == "methotrexate" for a in ln.administrations))
    given = next(a for a in line.administrations if a.drug_inn == "methotrexate")
    other = given.model_copy(update={"route": "IV" if given.route != "IV" else "IT"})
    line.administrations.append(other)
    lines = _rows(compare([case, reference_cases[1]]))["Treatment lines"][0]
    assert f"methotrexate ({given.route}, {other.route})" in lines
    assert "blinatumomab (" not in lines
