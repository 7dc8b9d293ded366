"""What a de-identified export or PDF finds in the free text is named by its field in words,
its row numbered as the editor's table shows it (by date), the text in quotes: "SEED-C1-CAO2023,
Labs › Laboratory results › row 22 › Note: phone “030 4501 2345”" for a lab stored first but
dated last (it said "SEED-C1-CAO2023 labs[0].note: phone '030 4501 2345'", and the PDF's list
"labs[0].note: '030 4501 2345' (phone)", a Python repr). Nothing is written by the export."""

from __future__ import annotations

import json

from core.cli import main
from tests.conftest import REFERENCE_CASEBOOK

C1 = "SEED-C1-CAO2023"
PHONE = "030 4501 2345"


def _folder(tmp_path, capsys):
    doc = json.loads(REFERENCE_CASEBOOK.read_text())
    labs = doc["cases"][0]["labs"]
    assert all(isinstance(lab.get("day"), int) and lab["day"] < 900 for lab in labs)
    labs[0].update(day=900, note=f"Results phoned to {PHONE}")
    path = tmp_path / "phone.json"
    path.write_text(json.dumps(doc))
    folder = tmp_path / "data"
    assert main(["--data-dir", str(folder), "import", str(path)]) == 0
    capsys.readouterr()
    return folder, len(labs)


def test_the_export_names_the_row_the_editor_shows(tmp_path, capsys):
    folder, rows = _folder(tmp_path, capsys)
    out = tmp_path / "csv"
    assert main(["--data-dir", str(folder), "export", "--format", "csv", "--drop-identifiers",
                 C1, "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"  {C1}, Labs › Laboratory results › row {rows} › Note: phone “{PHONE}”" in err
    assert "labs[0]" not in err and "row 1 › Note" not in err
    assert "Nothing was written." in err and not out.exists()


def test_the_deidentified_pdf_lists_the_masked_text_in_words(tmp_path, capsys):
    folder, rows = _folder(tmp_path, capsys)
    assert main(["--data-dir", str(folder), "report", C1, "--deidentified",
                 "-o", str(tmp_path / "c.pdf")]) == 0
    err = capsys.readouterr().err
    assert f"  {C1}, Labs › Laboratory results › row {rows} › Note: phone “{PHONE}”" in err
    assert "labs[0]" not in err and f"'{PHONE}'" not in err


def test_the_pdf_written_is_named_as_typed(tmp_path, capsys, monkeypatch):
    folder, _ = _folder(tmp_path, capsys)
    monkeypatch.chdir(tmp_path)
    assert main(["--data-dir", str(folder), "report", C1, "-o", "summary.pdf"]) == 0
    err = capsys.readouterr().err
    assert err.endswith("Wrote summary.pdf.\n"), err  # not the whole path it resolved to
    assert (tmp_path / "summary.pdf").read_bytes().startswith(b"%PDF-")
