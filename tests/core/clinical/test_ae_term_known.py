"""V63: an adverse-event term not in the CTCAE v5.0 / ASTCT vocabulary is a warning offering the
close terms (a research nurse's stranger run, item 5): a truncated 'Peripheral sensory neuro'
was accepted silently, so V45 could not hold its grade to the term's maximum."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from clinical_refcases import build_case, setp

from core.clinical import evaluate
from core.io.interchange import export_document

AE = "adverse_events[1]"  # reference case 2: Neutrophil count decreased, grade 3
ROOT = Path(__file__).resolve().parents[3]


def v63(term: str) -> list[tuple[str, str, str]]:
    return [(f.path, f.severity, f.message) for f in evaluate(build_case(2, setp(
        f"{AE}.term", term))).findings if f.rule_id == "V63"]


def test_a_truncated_term_is_a_warning_offering_the_term():
    assert v63("Peripheral sensory neuro") == [(f"{AE}.term", "warning", (
        "'Peripheral sensory neuro' is not a CTCAE v5.0 term: did you mean 'Peripheral sensory "
        "neuropathy'? If not, its grade cannot be checked against the term's maximum"))]


def test_a_word_clinicians_use_is_offered_the_ctcae_terms():
    [(_, _, message)] = v63("neutropenia")
    assert "did you mean 'Neutrophil count decreased' or 'Febrile neutropenia'?" in message


def test_a_term_nothing_is_close_to_is_still_listed():
    assert v63("Zygomycosis") == [(f"{AE}.term", "warning", (
        "'Zygomycosis' is not a CTCAE v5.0 term: its grade cannot be checked against the "
        "term's maximum"))]


@pytest.mark.parametrize("term", [
    "Peripheral sensory neuropathy", "peripheral  sensory neuropathy", "CRS", "ICANS",
    "Immune effector cell-associated neurotoxicity syndrome",
    "Infections and infestations - Other, specify: mucormycosis"])
def test_a_known_term_or_other_specify_is_quiet(term):
    assert v63(term) == []


def test_casebook_validate_lists_it(tmp_path):
    doc = export_document([build_case(2, setp(f"{AE}.term", "Peripheral sensory neuro"))])
    src = tmp_path / "case.json"
    src.write_text(json.dumps(doc), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "core.cli", "validate", str(src)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert "V63" in done.stdout + done.stderr, done.stdout + done.stderr
    assert "did you mean 'Peripheral sensory neuropathy'?" in done.stdout + done.stderr
