"""casebook show without --json: the case's key facts in plain text (demographics, main
diagnosis with its day, CNS status, treatment lines with their agents, best response, MRD,
adverse events, outcome), from the values the PDF summary and Compare take."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from core.cli import main
from core.io.interchange import export_document
from core.model import Case
from tests.conftest import REFERENCE_CASEBOOK

ROOT = Path(__file__).resolve().parents[2]
C1, C2 = "SEED-C1-CAO2023", "SEED-C2-CAO2023"


def show(capsys, case_id: str) -> tuple[int, str, str]:
    code = main(["show", case_id])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_show_prints_the_key_facts(capsys, data_home):
    assert main(["import", str(REFERENCE_CASEBOOK)]) == 0
    capsys.readouterr()
    code, out, err = show(capsys, C2)
    assert code == 0, err
    lines = out.splitlines()
    for expected in (
            "  Day 0: diagnosis of B-ALL (index diagnosis)",
            "  Age at Day 0: 24 years",
            "  Sex: female",
            "  Main diagnosis: C91.0 Acute lymphoblastic leukaemia [ALL]; diagnosed d0",
            "  CNS status at diagnosis: CNS1",
            "  Worst CNS status: CNS3 (CNS3a, CNS3c)",
            "  MRD (latest / best): latest d204: negative (LoD ≤10⁻⁴)",
            "  Best response: CR",
            "  Adverse events: Cytokine release syndrome, grade 1, onset d175",
            "  Outcome: vital status unknown, CR, MRD negative, last known alive d204"):
        assert expected in lines, (expected, out)
    # a value of several items: one a line, under the first
    at = lines.index("  Adverse events: Cytokine release syndrome, grade 1, onset d175")
    assert lines[at + 1] == " " * 18 + "Neutrophil count decreased, grade 3, onset d186"
    treatment = next(i for i, x in enumerate(lines) if x.startswith("  Treatment lines: "))
    assert lines[treatment].startswith("  Treatment lines: L1 induction: vincristine, ")
    assert lines[treatment + 2].endswith("L3 salvage re-induction: blinatumomab, methotrexate, "
                                         "cytarabine, dexamethasone")
    # the head lines stay: title, status and version, the diagnosis with its codes
    assert lines[0].startswith(f"{C2}  Blinatumomab for early hematologic relapse")
    assert "  status complete, version 1" in lines and "  diagnosis: B-ALL (C91.0, 9811/3)" in lines


def test_show_dates_the_diagnosis_and_says_what_is_not_recorded(capsys, data_home, tmp_path,
                                                              reference_docs):
    doc = reference_docs[0]
    doc["case_report"]["day0"] = "2024-03-05"
    dx = next(d for d in doc["diagnoses"] if d["role"] == "initial")
    dx["day"] = "2024-03-01"
    for key in ("adverse_events", "response_assessments", "mrd_assessments"):
        doc[key] = []
    case = Case.model_validate(doc)
    path = tmp_path / "case.json"
    path.write_text(json.dumps(export_document([case])), encoding="utf-8")
    assert main(["import", str(path)]) == 0
    capsys.readouterr()
    code, out, err = show(capsys, case.case_id)
    assert code == 0, err
    lines = out.splitlines()
    assert any(x.startswith("  Main diagnosis: C92.1 ") and x.endswith("; diagnosed d-4 (2024-03-01)")
               for x in lines), out
    for label in ("Best response", "MRD (latest / best)", "Adverse events"):
        assert f"  {label}: —" in lines, (label, out)


def test_show_an_unknown_case_says_so_without_a_traceback(data_home):
    assert main(["import", str(REFERENCE_CASEBOOK)]) == 0
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-m", "core.cli", "show", "HC-NOPE0000"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1
    assert "There is no case HC-NOPE0000." in done.stderr
    assert "Traceback" not in done.stderr and not done.stdout
