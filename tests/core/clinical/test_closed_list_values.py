"""V64: a response category or an EGIL subgroup is one of its list (stranger run, a hematology
fellow): 'complete MRD' typed as an MRD response's category was stored as that text with no
finding, so the response counted as none (search, PDF). A case stored or imported with such text
still opens and the text is kept; V64 lists it as an error with the value it can only mean."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from clinical_refcases import build_case, setp

from core.clinical import evaluate
from core.io.interchange import export_document
from core.model.closed_lists import listed_code

MRD = "response_assessments[6]"  # reference case 1: an MRD response, complete MRD response
PANEL = "immunophenotype_panels[0]"  # reference case 1: B-II (common)
ROOT = Path(__file__).resolve().parents[3]


def v64(path: str, value: str) -> list[tuple[str, str, str]]:
    return [(f.path, f.severity, f.message) for f in evaluate(build_case(1, setp(
        path, value))).findings if f.rule_id == "V64"]


def test_free_text_category_is_an_error_naming_the_category_meant():
    assert v64(f"{MRD}.category", "complete MRD") == [(f"{MRD}.category", "error", (
        "'complete MRD' is not one of the response categories: did you mean 'complete MRD "
        "response'? Choose one from the list (Ctrl+Space lists them)"))]


def test_a_code_in_another_case_or_a_name_is_listed_too():
    # the engine, search and the PDF compare codes: 'cr' is not CR to them
    [(_, _, message)] = v64("response_assessments[0].category", "cr")
    assert "did you mean 'CR'?" in message
    [(_, _, message)] = v64(f"{MRD}.category", "nonsense")
    assert message == ("'nonsense' is not one of the response categories: choose one from the "
                       "list (Ctrl+Space lists them)")


def test_an_egil_subgroup_out_of_its_list_is_listed():
    [(path, severity, message)] = v64(f"{PANEL}.egil_subgroup", "common B")
    assert (path, severity) == (f"{PANEL}.egil_subgroup", "error")
    assert message.startswith("'common B' is not one of the EGIL subgroups")


@pytest.mark.parametrize("number", [1, 2])
def test_the_reference_cases_are_quiet(number):
    assert [f for f in evaluate(build_case(number)).findings if f.rule_id == "V64"] == []


@pytest.mark.parametrize(("typed", "code"), [
    ("complete MRD", "complete_MRD_response"), ("Complete MRD response", "complete_MRD_response"),
    ("SD/NR", "SD_NR"), ("cns remission", "CNS_remission"), ("MR4.5", "MR4.5"),
    ("Partial cytogenetic response", "PCyR"), ("complete", None), ("xyz", None)])
def test_what_a_typed_category_stands_for(typed, code):
    assert listed_code("response_category", typed) == code


def test_casebook_validate_lists_it(tmp_path):
    doc = export_document([build_case(1, setp(f"{MRD}.category", "complete MRD"))])
    src = tmp_path / "case.json"
    src.write_text(json.dumps(doc), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "core.cli", "validate", str(src)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    out = done.stdout + done.stderr
    assert "V64" in out and "did you mean 'complete MRD response'?" in out, out


def test_a_category_of_another_scope_is_a_warning_naming_the_scopes_categories():
    """Reference §4.19: a response's category is by its scope (§5.7). A CR with the Scope CNS
    (the Scope changed after the Category, or imported so) is kept and warned of: the editor
    lists only the scope's categories."""
    case = build_case(1, setp(f"{MRD}.category", "CR"))
    assert [(f.path, f.severity, f.message) for f in evaluate(case).findings
            if f.rule_id == "V64"] == [(f"{MRD}.category", "warning", (
                "'CR' is not a category of the MRD scope (complete MRD response, MRD "
                "intermediate, MRD failure): choose one of these (Ctrl+Space lists them) or "
                "correct the Scope"))]
    no_scope = build_case(1, setp(f"{MRD}.category", "CR"), setp(f"{MRD}.scope", None))
    assert [f for f in evaluate(no_scope).findings if f.rule_id == "V64"] == []  # any fits


@pytest.mark.parametrize(("typed", "scope", "code"), [
    ("complete", "mrd", "complete_MRD_response"), ("complete", "cytogenetic_cml", "CCyR"),
    ("complete", None, None), ("complete", "overall", None),  # CR or CHR
    ("CR", "cns", "CR"),  # a whole name is that value, of any scope (V64 warns)
    ("rel", "cns", "relapse")])  # no CNS value starts so: the one value that does
def test_a_start_is_read_among_the_scopes_values_first(typed, scope, code):
    assert listed_code("response_category", typed, scope) == code
