"""A JSON syntax error in an import names the case it is in and shows the text around it: an
export is one line, so "line 1, column 313677" alone could not be found in an editor."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from core.cli import main
from core.io.jsonstream import CHUNK
from core.model import Case
from core.services import Casebook
from core.synth.generator import generate_cases


def broken_export(casebook: Casebook, cases: list[Case], path: Path, case_id: str) -> int:
    """Export ``cases`` to ``path`` with a comma doubled after the first lab value of
    ``case_id``; the column of the error (1-based)."""
    casebook.cases.import_cases(cases)
    casebook.interchange.export_cases(path)
    text = path.read_text(encoding="utf-8")
    assert "\n" not in text.strip()  # one line, as the stranger found
    start = text.index(f'"case_id":"{case_id}"')
    at = text.index('"value_entered":', start)
    comma = text.index(",", at)
    path.write_text(text[:comma + 1] + "," + text[comma + 1:], encoding="utf-8")
    return comma + 2


def test_the_case_and_the_text_around_it_are_named(capsys: pytest.CaptureFixture[str],
                                                   casebook: Casebook, tmp_path: Path,
                                                   reference_cases: list[Case],
                                                   monkeypatch: Any) -> None:
    column = broken_export(casebook, reference_cases, tmp_path / "cases.json",
                           "SEED-C2-CAO2023")
    casebook.close()
    monkeypatch.setenv("CASEBOOK_HOME", str(tmp_path / "empty"))
    assert main(["import", str(tmp_path / "cases.json")]) != 0
    err = capsys.readouterr().err
    assert f"at line 1, column {column}, in case SEED-C2-CAO2023, near: ..." in err
    near = err.split("near: ", 1)[1]
    assert '"value_entered":' in near and ",[here]," in near
    assert len(near.split(")", 1)[0]) < 100


def test_far_into_a_large_file(capsys: pytest.CaptureFixture[str], casebook: Casebook,
                               tmp_path: Path, monkeypatch: Any) -> None:
    """Past the first chunks read (the reader keeps only the current case's text)."""
    cases = list(generate_cases(400, seed=3))
    path = tmp_path / "many.json"
    casebook.cases.import_cases(cases)
    casebook.interchange.export_cases(path)
    size = path.stat().st_size
    assert size > 2 * CHUNK
    text = path.read_text(encoding="utf-8")
    late = next(c.case_id for c in cases if text.index(f'"case_id":"{c.case_id}"') > 2 * CHUNK
                and any(lab.value_entered is not None for lab in c.labs))
    casebook.close()
    start = text.index(f'"case_id":"{late}"')
    comma = text.index(",", text.index('"value_entered":', start))
    path.write_text(text[:comma + 1] + "," + text[comma + 1:], encoding="utf-8")
    monkeypatch.setenv("CASEBOOK_HOME", str(tmp_path / "empty"))
    assert main(["import", str(path)]) != 0
    assert f"in case {late}, near: " in capsys.readouterr().err
