"""`casebook validate` checks each embedded figure file's real type against its figure's
media_type, as `casebook import` does (the same check), and names what is wrong."""

from __future__ import annotations

import json
from pathlib import Path

from core.cli import main
from tests.core.test_import_figure_files import _embed, _pdf, exported  # noqa: F401

MISMATCH = ("the embedded file of Figure 1 is a PDF file (application/pdf) but its "
            "media_type says image/png: the export file is damaged")


def _validate(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["validate", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_sound_export_with_its_figure_validates(exported, capsys) -> None:  # noqa: F811
    code, out, err = _validate(capsys, str(exported))
    assert code == 0, out + err
    assert "1 case(s) read, 0 error(s)." in err


def test_validate_names_a_figure_file_of_another_type(exported, casebook, capsys) -> None:  # noqa: F811
    sha = _embed(exported, _pdf(), "image/png")
    before = exported.read_bytes()
    cases_before = casebook.cases.count_cases()
    code, out, err = _validate(capsys, str(exported))
    assert code == 1
    assert f"error  {exported}, case SEED-C1-CAO2023, Figures › row 1 › file content: " \
        f"{MISMATCH}" in out
    assert "1 error(s)" in err and "Traceback" not in out + err
    # nothing was changed: neither the file nor the data folder, which has no such file
    assert exported.read_bytes() == before
    assert casebook.cases.count_cases() == cases_before
    assert not casebook.ctx.files.exists(sha)


def test_validate_json_lists_the_type_problem(exported, capsys) -> None:  # noqa: F811
    _embed(exported, _pdf(), "image/png")
    code, out, _ = _validate(capsys, str(exported), "--json")
    assert code == 1
    report = json.loads(out)
    assert report["ok"] is False
    assert report["problems"] == [{"file": str(exported), "case": "SEED-C1-CAO2023",
                                   "path": "attachments[0].file_content",
                                   "message": MISMATCH,
                                   "place": "Figures › row 1 › file content"}]


def test_validate_names_an_embedded_file_of_no_accepted_type(exported, tmp_path: Path,  # noqa: F811
                                                             capsys) -> None:
    data = b"GIF89a" + bytes(100)
    _embed(exported, data, "image/png")
    code, out, _ = _validate(capsys, str(exported))
    assert code == 1
    assert ("case SEED-C1-CAO2023, Figures › row 1 › file content: the embedded file of Figure 1 "
            "is not a PNG, JPEG, TIFF or PDF file") in out
