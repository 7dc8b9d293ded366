"""A figure whose stored image is gone from the data folder's files/ store: casebook kit refuses
naming the case and the figure (its number and legend, not only a file hash) and what to do,
writes nothing, and casebook check names the figure the same way."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.cli import main
from tests.conftest import REFERENCE_CASEBOOK
from tests.core.kit.conftest import add_figures, paper_case

CASE_1 = "SEED-C1-CAO2023"
SMEAR = "Bone marrow smear"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main([*args])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def lost_figure(capsys, data_home) -> str:
    """Reference case 1 with two attested figures; Figure 2's file deleted from files/.
    Returns that file's SHA-256."""
    from core.services import open_casebook

    assert run(capsys, "import", str(REFERENCE_CASEBOOK))[0] == 0
    cb = open_casebook(data_home, user="dr.kit")
    try:
        case = add_figures(cb, paper_case(cb.cases.open_case(CASE_1)),
                           [("red", "Peripheral blood film.", True), ("blue", SMEAR, True)])
    finally:
        cb.close()
    sha = case.attachments[1].file_sha256
    (data_home / "files" / sha[:2] / sha).unlink()
    return sha


@pytest.mark.parametrize("deidentified", [False, True])
def test_kit_names_the_figure_whose_file_is_missing_and_writes_nothing(
        capsys, lost_figure, tmp_path: Path, data_home: Path, deidentified: bool) -> None:
    from core.services import open_casebook

    outputs = tmp_path / "outputs"
    outputs.mkdir()
    target = outputs / "kit"
    code, out, err = run(capsys, "kit", CASE_1, "-o", str(target),
                         *(["--deidentified"] if deidentified else []))
    assert code != 0
    assert (f"Figure 2 ('{SMEAR}') of case {CASE_1}: its image file {lost_figure[:12]}… is "
            "missing from the data folder. No kit was written.") in err
    assert "restore a backup that holds it" in err.lower()
    assert "Replace file… or Remove on the figure in the case's Figures section" in err
    assert "The attached file" not in err and "Traceback" not in err and "Wrote" not in err
    # nothing written: no kit folder, no temporary folder left beside it
    assert list(outputs.iterdir()) == []
    cb = open_casebook(data_home)
    try:  # an identified kit that was not written leaves no audit entry
        assert not [r for r in cb.audit.history(CASE_1) if r.action == "pdf-save"]
    finally:
        cb.close()


def test_check_names_the_figure_as_the_kit_does(capsys, lost_figure) -> None:
    code, out, _ = run(capsys, "check")
    assert code == 1
    assert (f"Figure 2 ('{SMEAR}') of case {CASE_1}: its image file {lost_figure[:12]}… is "
            "missing from the data folder; restore a backup that holds it") in out
