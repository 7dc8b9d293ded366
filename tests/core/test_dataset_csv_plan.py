"""The CSV dataset's rows (issue 20: the per-column work decided once per export,
``core.io.dataset_plan``) are byte for byte what the cell-by-cell code wrote before: that code is
kept here as the reference (``tables.cell``, ``dataset_csv._text`` as it was, and
``dataset_rows.fill_kept``), and both write the reference cases, generated cases and cases with
odd values (whole and huge floats, missing-value reasons, partial dates, a locked case with
overrides), plain and under each de-identification option."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from core.io.dataset_csv import write_csv_dataset
from core.io.dataset_rows import KEPT_PART, fill_kept
from core.io.deident import Deidentifier, DeidOptions, shift_date
from core.io.dictionary import CASE_ID, dataset_columns
from core.io.spreadsheet_text import safe
from core.io.tables import Column, cell, records, tables
from core.model import Case, When
from core.services.demo import reference_cases
from core.synth.generator import generate_cases
from tests.core.derived_cells import derived_text

KEY = b"k" * 32
NUMERIC = {"integer", "number", "day", "yesno", "row"}  # cells never given an apostrophe
OPTIONS = [DeidOptions(), DeidOptions(hash_ids=True, dates="shift"),
           DeidOptions(drop_identifiers=True, drop_text=True, dates="drop")]


def old_text(record: Any, col: Column, day0: When | None, shift: int | None) -> str:
    """dataset_csv._text before issue 20."""
    if col.part == KEPT_PART:
        return ""
    value = cell(record, col, day0)
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if shift is not None and col.kind == "date":
        return shift_date(value, shift)
    return str(value)


def old_files(cases: list[Case], options: DeidOptions) -> dict[str, str]:
    """Each table's CSV text as the cell-by-cell writer wrote it."""
    deid = Deidentifier(options, KEY)
    out = {}
    for table in tables():
        columns = dataset_columns(table, options)
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer)
        writer.writerow([CASE_ID, *(c.name for c in columns)])
        for case in cases:
            frame = deid.case_frame(case)
            for key, record in records(case, table):
                values = [old_text(record, col, frame.day0, frame.shift) for col in columns[1:]]
                values = [derived_text(case, table, key, col) or value
                          for col, value in zip(columns[1:], values, strict=True)]
                fill_kept(case, table, columns, record, values)
                row = [frame.case_id, key, *values]  # a would-be formula in a text cell: 'safe'
                writer.writerow([safe(v) if i == 0 or columns[i - 1].kind not in NUMERIC else v
                                 for i, v in enumerate(row)])
        out[f"{table.name}.csv"] = buffer.getvalue()
    return out


def odd_cases() -> list[Case]:
    """Generated cases changed to hold what a cell-by-cell writer had to handle case by case."""
    out = []
    for index, case in enumerate(generate_cases(6, seed=11)):
        doc = case.to_json_dict()
        labs = doc.get("labs") or []
        floats = [3.0, 1e16, 2.5e-7, -0.0, 1234567.125, 7]
        for lab, number in zip(labs, floats, strict=False):
            lab["value_entered"] = number
        if labs:
            labs[-1].pop("value_entered", None)
            labs[-1]["value_entered_nf"] = "not_done"
        report = doc["case_report"]
        if index % 3 == 0:
            report["day0"] = "2019-05-17"
        elif index % 3 == 1:
            report["day0"] = "2019-05"
        else:
            report.pop("day0", None)
        if index % 2:
            doc.update(status="complete", version=4, locked_by="dr. x",
                       locked_at="2024-01-02T03:04:05Z",
                       overrides=[{"rule_id": "V57", "path": "case_report.title",
                                   "reason": "not an identifier"}])
        out.append(Case.model_validate(doc))
    return out


def new_files(tmp_path: Path, cases: list[Case], options: DeidOptions) -> dict[str, str]:
    folder = tmp_path / "dataset"
    write_csv_dataset(folder, cases, Deidentifier(options, KEY), confirm_all=True)
    return {f"{t.name}.csv": (folder / f"{t.name}.csv").read_bytes().decode("utf-8-sig")
            for t in tables()}


@pytest.mark.parametrize("options", OPTIONS, ids=["plain", "hashed-shifted", "dropped"])
def test_the_rows_are_byte_for_byte_the_cell_by_cell_writers(tmp_path, options):
    cases = [*reference_cases(), *generate_cases(40, seed=5), *odd_cases()]
    old = old_files(cases, options)
    new = new_files(tmp_path, cases, options)
    assert list(new) == list(old)
    for name in old:
        assert new[name] == old[name], name
    # the comparison saw what it is about: rows in most tables, kept cells, odd floats
    filled = [name for name, text in old.items() if text.count("\r\n") > 1]
    assert len(filled) >= len(old) // 2
    if not options.any:
        assert '"~case":{' in old["case_report.csv"].replace('""', '"')
        assert "_nf" in old["labs.csv"]
    assert "10000000000000000.0" not in old["labs.csv"]
    assert "1e+16" in old["labs.csv"] and "2.5e-07" in old["labs.csv"]
