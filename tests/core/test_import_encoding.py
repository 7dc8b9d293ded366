"""An import file saved as UTF-16 (Excel's "Unicode Text", some Windows tools) is named with
what it is and what to do, not Python's "'utf-8' codec can't decode byte 0xff": a CSV file of
a dataset folder or zip, and a JSON file, by the command line and the service."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest

from core.cli import main
from core.errors import InvalidData
from core.model import Case
from core.services import Casebook
from core.services.datasets import DatasetService

FIX = "is UTF-16 text; save it as UTF-8"


def to_utf16(path: Path, bom: bool = True) -> None:
    text = path.read_bytes().decode("utf-8-sig")
    path.write_bytes(text.encode("utf-16") if bom else text.encode("utf-16-le"))


@pytest.mark.parametrize("bom", [True, False], ids=["with-bom", "without-bom"])
def test_a_utf16_csv_in_a_dataset_folder(capsys: pytest.CaptureFixture[str], casebook: Casebook,
                                         reference_cases: list[Case], tmp_path: Path,
                                         monkeypatch: Any, bom: bool) -> None:
    casebook.cases.import_cases(reference_cases)
    DatasetService(casebook.interchange).export(tmp_path / "folder", "csv")
    casebook.close()
    to_utf16(tmp_path / "folder" / "labs.csv", bom)
    monkeypatch.setenv("CASEBOOK_HOME", str(tmp_path / "empty"))
    assert main(["import", str(tmp_path / "folder")]) != 0
    err = capsys.readouterr().err
    assert f"labs.csv {FIX} (CSV UTF-8 in Excel) and import again" in err
    assert "codec" not in err and "0xff" not in err


def test_a_utf16_csv_in_a_dataset_zip(casebook: Casebook, reference_cases: list[Case],
                                      tmp_path: Path) -> None:
    casebook.cases.import_cases(reference_cases)
    DatasetService(casebook.interchange).export(tmp_path / "folder", "csv")
    to_utf16(tmp_path / "folder" / "patient.csv")
    with zipfile.ZipFile(tmp_path / "d.zip", "w") as zf:
        for file in (tmp_path / "folder").iterdir():
            zf.write(file, file.name)
    with pytest.raises(InvalidData) as caught:
        casebook.interchange.import_files([tmp_path / "d.zip"], "replace")
    assert f"d.zip:patient.csv {FIX} (CSV UTF-8 in Excel) and import again" in str(caught.value)


def test_a_utf16_json_file(capsys: pytest.CaptureFixture[str], casebook: Casebook,
                           reference_cases: list[Case], tmp_path: Path,
                           monkeypatch: Any) -> None:
    casebook.cases.import_cases(reference_cases)
    casebook.interchange.export_cases(tmp_path / "cases.json")
    casebook.close()
    to_utf16(tmp_path / "cases.json")
    monkeypatch.setenv("CASEBOOK_HOME", str(tmp_path / "empty"))
    assert main(["import", str(tmp_path / "cases.json")]) != 0
    err = capsys.readouterr().err
    assert f"cases.json {FIX} and import again" in err
    assert "not a text file" not in err


def test_what_is_utf16() -> None:
    from core.io.text_encoding import is_utf16

    assert is_utf16("case_id,title".encode("utf-16"))
    assert is_utf16("case_id,title".encode("utf-16-be"))
    assert not is_utf16("case_id,title,Zürich".encode())
    assert not is_utf16("Zürich".encode("latin-1"))
