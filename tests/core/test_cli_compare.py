"""casebook compare: the reference cases side by side, as the Compare window shows them."""

from __future__ import annotations

import subprocess
import sys

from core.cli import main
from core.services.compare import compare
from tests.conftest import REFERENCE_CASEBOOK

C1, C2 = "SEED-C1-CAO2023", "SEED-C2-CAO2023"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main([*args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_compare_prints_the_table(capsys, data_home, reference_cases):
    assert run(capsys, "import", str(REFERENCE_CASEBOOK))[0] == 0
    code, out, _ = run(capsys, "compare", C1, C2)
    assert code == 0
    assert out == compare(reference_cases).text()  # the rows the app shows
    assert f"* Sex\n    {C1}  male\n    {C2}  female\n" in out
    assert (f"* Worst CNS status\n    {C1}  CNS3 (CNS3a)\n    {C2}  CNS3 (CNS3a, CNS3c)\n"
            in out)
    code, out, _ = run(capsys, "compare", C2, C1, "--tsv")
    assert code == 0
    assert out.splitlines()[2] == "Sex\tfemale\tmale"


def test_compare_refuses_a_wrong_count_or_an_unknown_id(capsys, data_home):
    assert run(capsys, "import", str(REFERENCE_CASEBOOK))[0] == 0
    code, out, err = run(capsys, "compare", C1, C1)
    assert code == 2 and "2 to 6 different case ids, not 1" in err and not out
    code, out, err = run(capsys, "compare", C1, "HC-NOPE0000")
    assert code == 1 and "no case" in err and "HC-NOPE0000" in err and not out
    assert "Traceback" not in err


def test_compare_help_names_what_it_takes():
    done = subprocess.run([sys.executable, "-m", "core.cli", "compare", "--help"],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0
    assert "2 to 6" in done.stdout and "--tsv" in done.stdout


def test_compare_says_a_case_is_in_the_trash(capsys, data_home, casebook, reference_cases):
    casebook.cases.import_cases(reference_cases)
    casebook.cases.trash_case(C2)  # in the app; the command line has no trash command
    code, out, err = run(capsys, "compare", C1, C2)
    assert code == 0, err
    assert f"* Case status\n    {C1}  complete\n    {C2}  complete, in the trash\n" in out
