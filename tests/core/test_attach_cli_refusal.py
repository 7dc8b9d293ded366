"""`casebook attach --reason` on a locked case refused by the amendment check says the command
line's way out: `--attest` for the attestation (rule V59), and that an override (V57) is given
in the app; not the app's "Tick 'Attested…'" / "confirm it in Problems" alone (a review)."""

from __future__ import annotations

from pathlib import Path

from core.services.amend_check import OVERRIDE_HINT
from tests.core.test_figure_cli import CASE, jpeg_with_gps, run


def locked_reference(casebook, reference_cases) -> None:
    casebook.cases.import_cases(reference_cases)
    case = casebook.cases.open_case(CASE)
    casebook.cases.set_status(CASE, "locked", case.version)
    casebook.close()


def test_an_unattested_figure_names_attest(capsys, tmp_path: Path, casebook,
                                           reference_cases) -> None:
    locked_reference(casebook, reference_cases)
    picture = str(jpeg_with_gps(tmp_path / "s.jpg"))
    code, _, err = run(capsys, "attach", CASE, picture, "--figure", "3",
                       "--reason", "Figure added from chart")
    assert code == 1
    assert "then run the command again:" in err
    assert "run the command again with --attest" in err
    assert "Tick" not in err
    code, _, err = run(capsys, "attach", CASE, picture, "--figure", "3", "--attest",
                       "--reason", "Figure added from chart")
    assert code == 0, err


def test_an_overridable_error_says_the_override_is_given_in_the_app(
        capsys, tmp_path: Path, casebook, reference_cases) -> None:
    locked_reference(casebook, reference_cases)
    code, _, err = run(capsys, "attach", CASE, str(jpeg_with_gps(tmp_path / "s.jpg")),
                       "--figure", "3", "--attest", "--legend", "Smear of 12/03/2023",
                       "--reason", "Figure added from chart")
    assert code == 1
    assert "given in the app only" in err and "the command line has no option" in err
    assert OVERRIDE_HINT not in err
