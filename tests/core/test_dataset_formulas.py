"""Dataset exports are safe to open in a spreadsheet: a text that a spreadsheet would run as a
formula (=, +, -, @, tab, carriage return) is written with a leading apostrophe in the CSV
files, which ``casebook import`` takes off again, so the round trip stays exact; numbers
(negative ones too) stay numbers. The Excel workbook holds such texts as plain strings.
The search-hits CSV follows the same rule."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

from openpyxl import load_workbook

from core.model import Case
from core.services import Casebook, open_casebook
from core.services.datasets import DatasetService

RISKY = {
    "title": '=HYPERLINK("http://evil.example","click")',
    "discussion": "-2 points lower than before",
    "take_away": "+1 for early marrow",
    "introduction": "@SUM(A1:A2)",
    "abstract_conclusion": "'=already quoted",
    "abstract_introduction": "'plain apostrophe",
}


def risky_case(case: Case) -> Case:
    """``case`` with the risky texts and its first lab on day -2 (a negative number), as a
    draft: its title's web address is an identifier finding (V57) that blocks 'complete', so
    an import (4e29a8a) would store a complete one as a draft and the round trip would differ
    by its status, not by a cell."""
    doc = case.model_dump(mode="json")
    doc["status"] = "draft"
    doc["case_report"].update(RISKY)
    doc["labs"][0]["day"] = -2
    return Case.model_validate(doc)


def rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def json_of(casebook: Casebook, path: Path) -> bytes:
    casebook.interchange.export_cases(path)
    return path.read_bytes()


def test_csv_cells_are_safe_and_import_back_exactly(casebook: Casebook, tmp_path: Path,
                                                     reference_cases: list[Case]) -> None:
    casebook.cases.import_cases([risky_case(reference_cases[0]), *reference_cases[1:]])
    original = json_of(casebook, tmp_path / "original.json")
    DatasetService(casebook.interchange).export(tmp_path / "d", "csv")
    report = {k.removeprefix("rep_"): v for k, v in rows(tmp_path / "d" / "case_report.csv")[0].items()}
    assert report["title"] == "'" + RISKY["title"]
    assert report["discussion"] == "'" + RISKY["discussion"]
    assert report["take_away"] == "'" + RISKY["take_away"]
    assert report["introduction"] == "'" + RISKY["introduction"]
    assert report["abstract_conclusion"] == "''=already quoted"
    assert report["abstract_introduction"] == "'plain apostrophe"  # nothing to take off
    numbers = [v for file in (tmp_path / "d").glob("*.csv") for row in rows(file)
               for k, v in row.items() if k.endswith("_day_day") and v.startswith(("-", "'-"))]
    assert numbers and all(v.startswith("-") for v in numbers)  # negative days stay numbers
    other = open_casebook(tmp_path / "empty", user="dr.test")
    try:
        assert other.interchange.import_files([tmp_path / "d"]).imported == len(reference_cases)
        assert json_of(other, tmp_path / "back.json") == original
    finally:
        other.close()


def test_excel_holds_them_as_plain_strings(casebook: Casebook, tmp_path: Path,
                                           reference_cases: list[Case]) -> None:
    casebook.cases.import_cases([risky_case(reference_cases[0])])
    DatasetService(casebook.interchange).export(tmp_path / "d.xlsx", "xlsx")
    sheet = load_workbook(tmp_path / "d.xlsx")["case_report"]
    header = [str(c.value).removeprefix("rep_") for c in sheet[1]]
    cells = {name: cell for name, cell in zip(header, sheet[2], strict=False)}
    for name, text in RISKY.items():
        assert cells[name].data_type == "s" and cells[name].value == text, name


def test_search_hits_csv_follows_the_same_rule() -> None:
    from core.io.spreadsheet_text import plain
    from core.search.cohort import _safe

    titles = ["-abc", "+1 day", "=SUM(A1)", "@x", "\tx", "'=quoted", "''", "'plain", "plain"]
    written = [_safe(t) for t in titles]
    assert written[5] == "''=quoted" and written[7] == "'plain" and written[0] == "'-abc"
    assert [plain(str(w)) for w in written] == titles  # as the dataset import reads them back
    assert _safe(-3) == -3 and _safe(None) == ""  # numbers stay numbers


def test_csv_files_have_a_byte_order_mark_and_import_without_one(
        casebook: Casebook, tmp_path: Path, reference_cases: list[Case]) -> None:
    """Excel on Windows reads a CSV file as UTF-8 only with the mark; a file saved by another
    tool without it imports all the same."""
    doc = reference_cases[0].model_dump(mode="json")
    doc["case_report"]["discussion"] = "Zürich, naïve, 北京"
    casebook.cases.import_cases([Case.model_validate(doc), *reference_cases[1:]])
    original = json_of(casebook, tmp_path / "original.json")
    service = DatasetService(casebook.interchange)
    service.export(tmp_path / "d", "csv")
    service.export(tmp_path / "d.zip", "csv")
    files = sorted((tmp_path / "d").glob("*.csv"))
    assert len(files) > 30 and all(f.read_bytes().startswith(b"\xef\xbb\xbf") for f in files)
    with zipfile.ZipFile(tmp_path / "d.zip") as zf:
        assert all(zf.read(n).startswith(b"\xef\xbb\xbf") for n in zf.namelist())
    for file in files:  # as saved by a tool that writes no mark
        file.write_bytes(file.read_bytes().removeprefix(b"\xef\xbb\xbf"))
    for source, name in ((tmp_path / "d", "folder"), (tmp_path / "d.zip", "zip")):
        other = open_casebook(tmp_path / f"empty-{name}", user="dr.test")
        try:
            assert other.interchange.import_files([source]).imported == len(reference_cases)
            assert json_of(other, tmp_path / f"back-{name}.json") == original
        finally:
            other.close()


def test_the_csv_dictionary_says_how_a_formula_is_written(casebook: Casebook, tmp_path: Path,
                                                          reference_cases: list[Case]) -> None:
    """The rule was in the README only: the dictionary a statistician gets says it on every
    text and code column of the CSV dataset (not on numbers, dates, dropdowns, labels), and
    the workbook's
    dictionary, whose text cells need no apostrophe, does not."""
    casebook.cases.import_cases(reference_cases)
    service = DatasetService(casebook.interchange)
    service.export(tmp_path / "d", "csv")
    service.export(tmp_path / "d.xlsx", "xlsx")
    notes = {r["Variable / Field Name"]: r["Field Note"]
             for r in rows(tmp_path / "d" / "data_dictionary.csv")}
    rule = ("a text starting with =, +, -, @, a tab or a carriage return is written with an "
            "apostrophe before it ('=x), so that a spreadsheet does not run it as a formula; "
            "casebook import takes it off again")
    for name in ("rep_title", "rep_discussion", "lab_analyte"):
        assert rule in notes[name], name
    for name in ("lab_value_entered", "lab_day_day", "lab_day_date", "pt_sex", "lab_kept",
                 "lab_nf", "case_id", "lab_analyte_label"):  # a label is Casebook's own
        assert "apostrophe" not in notes[name], name
    sheet = load_workbook(tmp_path / "d.xlsx")["data_dictionary"]
    assert not [row for row in sheet.iter_rows(values_only=True)
                if "apostrophe" in str(row[6] or "")]
