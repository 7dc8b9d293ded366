"""The reason check reads the patient's identifiers from the stored JSON (the document parsed
once, the model's legacy keys read as the model reads them) instead of validating each whole
case: it gives exactly the answers it gave, on the reference cases, generated cases
(core.synth) and a document stored in the reference format's legacy form, for reasons
made of each identifier value (whole, inside a word, in other case, a year alone)."""

from __future__ import annotations

import json
import re
import sqlite3

import pytest

from core.model import Case
from core.model.fieldpath import flatten, is_identifier_path
from core.services.reason_rules import (
    case_identifiers,
    stored_identifiers,
    stored_reason_problem,
)
from core.store import repository as repo
from core.synth import generate_cases

YEAR = re.compile(r"\d{4}")
NAMES = ["Jane Placeholder", "José Núñez", "STRASSE Groß", "王小明", "Ö'Brien-Li", "Al",
         "Max"]
BIRTHS = ["1989-04-18", "1989", "1975-11", -12000, None]


def old_identifiers(doc: dict) -> list[str]:
    """The identifier values as the check read them before: the whole case flattened."""
    return [str(v) for path, v in flatten(doc).items()
            if v is not None and is_identifier_path(path)
            and not (path == "patient.birth_date" and YEAR.fullmatch(str(v)))]


def old_values(casebook, case_ids: list[str]) -> dict[str, list[str]]:
    """Each case's identifier values as the check before read them: the case loaded whole.
    Read once: the test changes no stored case, so every reason is asked of the same values
    (the loads, not the check, were most of the test's time)."""
    with casebook.ctx.db.read() as conn:
        return {case_id: old_identifiers(repo.load_case(conn, case_id).to_json_dict())
                for case_id in case_ids}


def old_problem(values: dict[str, list[str]], reason: str, case_ids: list[str]) -> bool:
    """Whether the check before found an identifier among these cases' values."""
    folded = reason.casefold()
    return any(re.search(rf"(?<!\w){re.escape(v.casefold())}(?!\w)", folded)
               for case_id in case_ids for v in values[case_id] if len(v) >= 3)


def with_identifiers(doc: dict, index: int) -> dict:
    doc = json.loads(json.dumps(doc))
    if index % 6 == 5:
        return doc  # some cases have none
    patient = doc.setdefault("patient", {})
    patient["name"] = NAMES[index % len(NAMES)] + (f" {index}" if index % 3 else "")
    if index % 2:
        patient["record_number"] = f"mrn-{index:04d}"
    if BIRTHS[index % len(BIRTHS)] is not None:
        patient["birth_date"] = BIRTHS[index % len(BIRTHS)]
    if index % 4 == 1:
        doc.setdefault("attachments", []).extend([
            {"kind": "photo", "caption": "Smear", "file_name": f"IMG_{index}.PNG"},
            {"kind": "chart", "caption": "Counts"}])
    return doc


@pytest.fixture
def stored_ids(casebook, reference_docs):
    docs = reference_docs + [c.to_json_dict() for c in generate_cases(24, seed=3)]
    cases = [Case.model_validate(with_identifiers(d, i)) for i, d in enumerate(docs)]
    casebook.cases.import_cases(cases)
    # one stored in the reference format's legacy form (record_status, automatic timeline)
    legacy = cases[0].to_json_dict()
    del legacy["status"]
    legacy["case_report"]["record_status"] = "final"
    legacy.setdefault("timeline", []).append({"day": 0, "event_type": "diagnosis",
                                              "label": "Diagnosis", "auto": True})
    with sqlite3.connect(casebook.paths.database) as con:
        con.execute("UPDATE cases SET document = ? WHERE id = ?",
                    (json.dumps(legacy), cases[0].case_id))
    return [c.case_id for c in cases]


def reasons(values: list[str]) -> list[str]:
    out = ["Entered twice", "the 1989 chart", "maximum dose"]
    for v in values:
        out += [f"duplicate of {v}", f"see {v.upper()}.", f"x{v}", f"{v}s record",
                v.split()[0] if " " in v else v[:-1]]
    return out


def test_the_stored_identifiers_are_those_the_whole_case_gave(casebook, stored_ids):
    with casebook.ctx.db.read() as conn:
        for case_id in stored_ids:
            case = repo.load_case(conn, case_id)
            old = set(old_identifiers(case.to_json_dict()))
            assert stored_identifiers(conn, [case_id]) == old
            assert case_identifiers([case]) == old
        assert any(old_identifiers(repo.load_case(conn, i).to_json_dict()) for i in stored_ids)


def test_the_answers_are_the_same(casebook, stored_ids):
    by_case = old_values(casebook, stored_ids)
    values = sorted({v for case_values in by_case.values() for v in case_values})
    answers = []
    for reason in reasons(values):
        for ids in ([stored_ids[0]], stored_ids[1:7], stored_ids):
            old = old_problem(by_case, reason, ids)
            assert (stored_reason_problem(casebook.ctx, reason, ids) is not None) == old, \
                (reason, ids)
            answers.append(old)
    assert True in answers and False in answers  # both answers were given


def test_a_case_not_stored_is_said_as_before(casebook, stored_ids):
    from core.errors import NotFound

    with pytest.raises(NotFound, match="There is no case HC-NOTHERE"):
        stored_reason_problem(casebook.ctx, "Entered twice", [stored_ids[0], "HC-NOTHERE"])
