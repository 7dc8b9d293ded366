"""An -o name that does not fit what the command writes is refused (exit 2), nothing written:
`export --format csv -o foo.csv` made a folder named foo.csv, `export --format xlsx -o
foo.docx` a workbook named .docx (a name meaning another format: test_cli_export_format.py),
`report -o r1.docx` a PDF named .docx. And Ctrl+C during `export` or `kit` says what became
of the output, as `report --all` does."""

from __future__ import annotations

import pytest

from core.cli import main
from core.cli import progress as cli_progress
from tests.conftest import REFERENCE_CASEBOOK

CASE = "SEED-C1-CAO2023"
REFUSED = [  # the command, the name -> the message after "-o PATH: "
    (["export", "--format", "csv"], "foo.csv",
     "a CSV dataset is a folder or a .zip: give a folder name or a name ending in .zip."),
    (["export", "--format", "xlsx"], "foo.docx",
     "--format xlsx writes an Excel workbook: give a name ending in .xlsx."),
    (["export", "--format", "fhir"], "foo.txt",
     "--format fhir writes a FHIR Bundle (JSON): give a name ending in .json."),
    (["export", "--format", "odm"], "foo.pdf",
     "--format odm writes a CDISC ODM XML file: give a name ending in .xml."),
    (["export"], "cases.csv",  # the format from the name: csv, whose dataset is not a .csv
     "a CSV dataset is a folder or a .zip: give a folder name or a name ending in .zip."),
    (["report", CASE], "r1.docx", "report writes a PDF: give a name ending in .pdf."),
    (["report", "--all"], "pdfs.zip",
     "report --all writes a folder of PDFs: give a folder name."),
    (["kit", CASE], "kit.pdf", "kit writes a folder: give a folder name."),
    (["audit", "export"], "audit.xlsx",
     "audit export writes a CSV file: give a name ending in .csv."),
    (["schema"], "schema.txt", "schema writes a JSON Schema: give a name ending in .json."),
    (["backup"], "copy.tar",
     "a backup is a folder or a .zip: give a folder name or a name ending in .zip."),
]


def _written(tmp_path) -> list[str]:
    return sorted(p.name for p in tmp_path.iterdir()
                  if p.name not in ("casebook-home", "xdg-data", "xdg-config"))


@pytest.fixture
def stored(data_home):
    assert main(["import", str(REFERENCE_CASEBOOK)]) == 0


@pytest.mark.parametrize(("command", "name", "words"), REFUSED,
                         ids=[f"{' '.join(c)} {n}" for c, n, _ in REFUSED])
def test_a_name_not_fitting_the_output_is_refused(capsys, tmp_path, stored, command, name,
                                                  words):
    target = tmp_path / name
    capsys.readouterr()
    assert main([*command, "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert err == f"-o {target}: {words}\n"
    assert _written(tmp_path) == []  # nothing written


@pytest.mark.parametrize(("command", "name"), [
    (["export", "--format", "csv"], "dataset.v2"), (["export", "--format", "csv"], "d.ZIP"),
    (["export", "--format", "xlsx"], "cases.XLSX"), (["export", "--format", "odm"], "c.xml"),
    (["export", "--format", "fhir"], "bundle.json"), (["export"], "all.casebook.json"),
    (["report", CASE], "R1.PDF"), (["report", "--all"], "pdfs-2023.12"),
    (["audit", "export"], "audit.csv"), (["schema"], "case.schema.json"),
    (["backup"], "copy.zip")])
def test_a_fitting_name_is_written(tmp_path, stored, command, name):
    assert main([*command, "-o", str(tmp_path / name)]) == 0
    assert (tmp_path / name).exists()


def _ctrl_c_at(monkeypatch, when: int) -> None:
    real_show = cli_progress.ProgressBar.show

    def show(self, done, total):
        real_show(self, done, total)
        if done == when:  # as Ctrl+C would, part way through
            raise KeyboardInterrupt

    monkeypatch.setattr(cli_progress.ProgressBar, "show", show)


@pytest.mark.parametrize("command", [["export", "--format", "csv"], ["export"],
                                     ["export", "--format", "xlsx"], ["kit", CASE]],
                         ids=["csv", "json", "xlsx", "kit"])
def test_ctrl_c_says_nothing_was_written(capsys, monkeypatch, tmp_path, stored, command):
    name = {"csv": "foo.zip", "xlsx": "foo.xlsx", "kit": "kit"}.get(
        command[-1] if command[0] == "export" else "kit", "foo.json")
    _ctrl_c_at(monkeypatch, 1)
    target = tmp_path / name
    capsys.readouterr()
    assert main([*command, "-o", str(target)]) == 130
    err = capsys.readouterr().err
    assert err.endswith(f"Interrupted: nothing was written; {target} was not made.\n")
    assert "Traceback" not in err
    assert _written(tmp_path) == []  # no temporary file


def test_ctrl_c_leaves_a_file_replaced_with_force_as_it_was(capsys, monkeypatch, tmp_path,
                                                             stored):
    target = tmp_path / "foo.zip"
    target.write_bytes(b"the old one")
    _ctrl_c_at(monkeypatch, 1)
    capsys.readouterr()
    assert main(["export", "--format", "csv", "-o", str(target), "--force"]) == 130
    assert capsys.readouterr().err.endswith(
        f"Interrupted: nothing was written; {target} is as it was.\n")
    assert target.read_bytes() == b"the old one"
