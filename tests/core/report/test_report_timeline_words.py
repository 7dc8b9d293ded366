"""Wording of the PDF's timeline and Diagnoses tables (found by a stranger run, a hematologist
reading reference case 1): "unknown relapse"; "Response (MRD): complete MRD response" beside the
Type "response"; symptoms and exam findings typed "other"; "ABL1 KD mutation" alone for a test
with no result, as if a finding; "CR" in the timeline where the Responses table says "CR
(unconfirmed)". The kit's manuscript prints the same timeline."""

from __future__ import annotations

from tests.core.report.pdftext import all_text, table_rows


def _timeline(render, case) -> dict[str, list[str]]:
    """Each timeline row by its day and event: ``{"d30 Marrow response: ...": [type]}`` (the
    day without a placeholder mark beside it)."""
    rows = table_rows(render(case), "Timeline")
    return {f"{row[0].split()[0]} {row[1]}": row[2:] for row in rows if len(row) >= 3}


def test_timeline_names_types_and_says_what_was_found(case_1, render) -> None:
    rows = _timeline(render, case_1)
    assert rows["d0 Symptom: fatigue"] == ["symptom"]
    assert rows["d0 Exam: splenomegaly"] == ["exam finding"]
    assert rows["d194 Symptom: headache"] == ["symptom"]
    assert not any(kind == ["other"] for kind in rows.values())
    assert rows["d196 ABL1 KD mutation: tested, no result reported"] == ["assessment"]
    assert "d196 ABL1 KD mutation" not in rows


def test_timeline_responses_read_as_the_responses_table(case_1, render) -> None:
    rows = _timeline(render, case_1)
    # the Responses table gives the d30 and d229 marrow CR as "CR (unconfirmed)"
    assert rows["d30 Marrow response: CR (unconfirmed)"] == ["response"]
    assert rows["d229 Marrow response: CR (unconfirmed)"] == ["response"]
    assert rows["d229 MRD response: complete"] == ["response"]
    assert rows["d229 CNS response: CNS remission"] == ["response"]
    assert not any(event.startswith(("d30 Response", "d229 Response")) for event in rows)
    text = all_text(render(case_1))
    assert "CR (unconfirmed)" in text and "complete MRD response response" not in text


def test_relapse_of_unknown_timing(case_1, render) -> None:
    assert case_1.diagnoses[1].relapse_timing == "unknown"
    text = all_text(render(case_1))
    assert "relapse timing unknown" in text and "unknown relapse" not in text
    case = case_1.model_copy(deep=True)
    case.diagnoses[1].relapse_timing = "early"
    assert "early relapse" in all_text(render(case))
