"""The command line: exit codes, messages on stderr, never a traceback, the folder lock."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from core.cli import main
from tests.conftest import REFERENCE_CASEBOOK


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main([*args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_import_list_show_export(capsys, tmp_path, data_home):
    assert run(capsys, "import", str(REFERENCE_CASEBOOK))[0] == 0
    code, out, _ = run(capsys, "list", "--json")
    assert code == 0
    assert {r["case_id"] for r in json.loads(out)} == {"SEED-C1-CAO2023", "SEED-C2-CAO2023"}
    code, out, _ = run(capsys, "show", "SEED-C2-CAO2023", "--json")
    assert json.loads(out)["cases"][0]["patient"]["sex"] == "female"
    target = tmp_path / "out.json"
    assert run(capsys, "export", "SEED-C1-CAO2023", "-o", str(target))[0] == 0
    assert [c["case_id"] for c in json.loads(target.read_text())["cases"]] == ["SEED-C1-CAO2023"]


def test_exit_codes(capsys, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    code, _, err = run(capsys, "import", str(bad))
    assert code == 1 and "bad.json" in err and "not valid JSON" in err
    assert run(capsys, "import", str(REFERENCE_CASEBOOK))[0] == 0  # a casebook to look in
    code, _, err = run(capsys, "import", str(tmp_path / "missing.json"))
    assert code == 2 and "No such file" in err
    code, _, err = run(capsys, "frobnicate")
    assert code == 2
    code, _, err = run(capsys, "show", "HC-NOPE0000")
    assert code == 1 and "no case" in err
    code, _, err = run(capsys, "export", "-o", str(tmp_path / "no" / "dir.json"))
    assert code == 2 and "does not exist" in err
    assert "Traceback" not in err


def test_validate_reports_and_exits(capsys, tmp_path):
    code, out, _ = run(capsys, "validate", str(REFERENCE_CASEBOOK), "--json")
    assert code == 0 and json.loads(out)["ok"] is True
    doc = json.loads(REFERENCE_CASEBOOK.read_text())
    doc["cases"][0]["patient"]["sex"] = "x"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc))
    code, out, _ = run(capsys, "validate", str(bad))
    assert code == 1 and "Patient › Sex: should be" in out


def test_schema_and_check(capsys):
    code, out, _ = run(capsys, "schema")
    assert code == 0 and json.loads(out)["title"] == "Case"
    run(capsys, "import", str(REFERENCE_CASEBOOK))
    code, out, _ = run(capsys, "check")
    assert code == 0 and "integrity: ok" in out and "audit chain: OK" in out


HOLDER = textwrap.dedent("""
    import sys, time
    from core.lock import DataFolderLock
    from core.paths import DataPaths
    from pathlib import Path
    lock = DataFolderLock(DataPaths(Path(sys.argv[1])), "Casebook").acquire()
    print("held", flush=True)
    time.sleep(60)
""")


def test_import_refused_while_another_process_holds_the_folder(data_home):
    assert main(["import", str(REFERENCE_CASEBOOK)]) == 0  # a casebook to read
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(data_home)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        result = subprocess.run([sys.executable, "-m", "core.cli", "--data-dir", str(data_home),
                                 "import", str(REFERENCE_CASEBOOK)],
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 3
        assert "in use by Casebook" in result.stderr and "Traceback" not in result.stderr
        listing = subprocess.run([sys.executable, "-m", "core.cli", "--data-dir", str(data_home),
                                  "list"], capture_output=True, text=True, timeout=60)
        assert listing.returncode == 0  # read-only commands always work
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.parametrize("args", [["--help"], ["import", "--help"]])
def test_help(capsys, args):
    with pytest.raises(SystemExit) as info:
        main(args)
    assert info.value.code == 0
