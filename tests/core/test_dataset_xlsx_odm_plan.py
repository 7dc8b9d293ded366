"""The Excel and ODM datasets written through the CSV dataset's row plans (issue 20,
``core.io.dataset_plan``) are what the cell-by-cell code wrote before: that code is kept here as
the reference (``tables.cell`` with ``dataset_xlsx.typed_value`` and ``dataset_rows.fill_kept``
as they were; ``odm.subject_element`` serialized by ElementTree). Workbooks are read back with
openpyxl and compared sheet by sheet, cell by cell (value, type, number format, font) with their
frozen panes; ODM files byte for byte. Reference, generated and odd cases, plain and under each
de-identification option."""

from __future__ import annotations

import datetime as dt
import functools
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from core.io import dataset_xlsx
from core.io.consent_notice import SHEET, ConsentCheck, case_notice, undocumented, xml_comment
from core.io.dataset_rows import KEPT_PART, fill_kept
from core.io.deident import Deidentifier, DeidOptions, Hit, shift_date
from core.io.dictionary import CASE_ID, HEADERS, dataset_columns, dictionary_rows
from core.io.odm import write_odm_dataset
from core.io.odm_metadata import EVENT_OID, Layout, odm_layout
from core.io.tables import Column, cell, records, tables
from core.model import Case, When
from core.services.demo import reference_cases
from core.synth.generator import generate_cases
from tests.core.derived_cells import derived_text
from tests.core.test_dataset_csv_plan import KEY, OPTIONS, odd_cases

IDS = ["plain", "hashed-shifted", "dropped"]


def awkward_cases() -> list[Case]:
    """Text an XML attribute or a workbook must escape or keep as text."""
    out = []
    for index, case in enumerate(generate_cases(3, seed=23)):
        doc = case.to_json_dict()
        doc["case_report"]["title"] = ['Tom & "Jerry" <b>', "=SUM(A1:A2)", "a\tb\r\nc"][index]
        for lab in doc.get("labs") or []:
            lab["note"] = "< 5 & > 2\n\"quoted\"\t'x'"
        out.append(Case.model_validate(doc))
    out.append(Case.model_validate({"case_id": "SYN-bare", "case_report": {}}))
    return out


# Of the 30 generated cases (seed 5), those that give, with the others, every column every kind
# of value the 30 give under each option (test_the_chosen_cases_hold_what_thirty_hold): the
# cell-by-cell comparison of 30 read back was most of this file's time.
CHOSEN = (0, 1, 2, 14, 18, 25)


def generated(chosen: bool = True) -> list[Case]:
    cases = list(generate_cases(30, seed=5))
    return [cases[i] for i in CHOSEN] if chosen else cases


@functools.cache
def _all_cases() -> tuple[Case, ...]:
    return (*reference_cases(), *generated(), *odd_cases(), *awkward_cases())


def all_cases() -> list[Case]:
    """Built once: the writers and the reference code only read the cases."""
    return list(_all_cases())


def cell_kinds(cases: list[Case]) -> set[tuple[Any, ...]]:
    """What the comparison is about, column by column under each option: whether a derived
    text fills the cell, and the kind of value the old Excel and ODM code write there."""
    seen = set()
    for options in OPTIONS:
        deid = Deidentifier(options, KEY)
        for case in cases:
            frame = deid.case_frame(case)
            for table in tables():
                columns = dataset_columns(table, options)
                for key, record in records(case, table):
                    for col in columns[1:]:
                        seen.add((repr(options), table.name, col.name,
                                  bool(derived_text(case, table, key, col)),
                                  type(old_typed_value(record, col, frame.day0,
                                                       frame.shift)).__name__,
                                  old_value(record, col, frame.day0, frame.shift) is None))
    return seen


def test_the_chosen_cases_hold_what_thirty_hold():
    others = [*reference_cases(), *odd_cases(), *awkward_cases()]
    assert cell_kinds([*others, *generated()]) == \
        cell_kinds([*others, *generated(chosen=False)])


# -- Excel -----------------------------------------------------------------------------------
def old_typed_value(record: Any, col: Column, day0: When | None, shift: int | None) -> Any:
    """dataset_xlsx.typed_value before issue 20."""
    if col.part == KEPT_PART:
        return None
    value = cell(record, col, day0)
    if value is None:
        return None
    if col.kind == "date":
        text = shift_date(str(value), shift) if shift is not None else str(value)
        return dt.date.fromisoformat(text) if len(text) == 10 else text
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)) and col.kind in ("integer", "number", "day", "yesno",
                                                         "row"):
        return value
    return str(value)


def old_workbook(path: Path, cases: list[Case], options: DeidOptions) -> None:
    """The workbook as write_xlsx_dataset wrote it cell by cell before issue 20."""
    deid = Deidentifier(options, KEY)
    from openpyxl.styles import Font
    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    layout = [(t, dataset_columns(t, options)) for t in tables()]
    sheets = []
    for table, columns in layout:
        sheet = dataset_xlsx._sheet(wb, table.name)
        sheet.append(dataset_xlsx._header(sheet, [CASE_ID, *(c.name for c in columns)], bold))
        sheets.append(sheet)
    for case in cases:
        frame = deid.case_frame(case)
        for (table, columns), sheet in zip(layout, sheets, strict=True):
            for key, record in records(case, table):
                values = [derived_text(case, table, key, col)
                          or old_typed_value(record, col, frame.day0, frame.shift)
                          for col in columns[1:]]
                fill_kept(case, table, columns, record, values)
                sheet.append(dataset_xlsx._typed(sheet, [frame.case_id, key, *values]))
    dictionary = dataset_xlsx._sheet(wb, dataset_xlsx.DICTIONARY_SHEET)
    dictionary.append(dataset_xlsx._header(dictionary, list(HEADERS), bold))
    for row in dictionary_rows(options):
        dictionary.append(row)
    wb.save(path)


def read_back(path: Path) -> dict[str, Any]:
    """Every sheet: its frozen panes and each cell's value, type, number format and boldness."""
    wb = load_workbook(path)
    return {ws.title: (ws.freeze_panes, [
        [(c.value, type(c.value).__name__, c.data_type, c.number_format, bool(c.font.b))
         for c in row] for row in ws.iter_rows()]) for ws in wb.worksheets}


@pytest.mark.parametrize("options", OPTIONS, ids=IDS)
def test_the_workbook_reads_back_as_the_cell_by_cell_writers(tmp_path, options):
    cases = all_cases()
    old_workbook(tmp_path / "old.xlsx", cases, options)
    dataset_xlsx.write_xlsx_dataset(tmp_path / "new.xlsx", cases, Deidentifier(options, KEY),
                                    confirm_all=True)
    old, new = read_back(tmp_path / "old.xlsx"), read_back(tmp_path / "new.xlsx")
    # the consent notice (test_export_consent_notice) is a sheet of its own, first
    assert list(new)[0] == SHEET and new.pop(SHEET)[1][0][0][0] == "Consent not documented"
    assert list(new) == list(old)
    for name in old:
        assert new[name] == old[name], name
    # the comparison saw what it is about: typed cells of every kind, kept cells, formulas kept
    kinds = {cell[1] for _, rows in old.values() for row in rows for cell in row}
    assert {"str", "int", "float"} <= kinds
    assert ("datetime" in kinds) == (options.dates != "drop")
    titles = [row[2][0] for row in old["case_report"][1][1:]]
    assert ("=SUM(A1:A2)" in titles) == (not options.drop_text)
    if not options.any:
        assert any('"~case":{' in str(row[-1][0]) for row in old["case_report"][1])


# -- ODM ---------------------------------------------------------------------------------------
def old_value(record: Any, col: Column, day0: When | None, shift: int | None) -> str | None:
    value = cell(record, col, day0)
    if value is None or value == "":
        return None
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if shift is not None and col.kind == "date":
        return shift_date(str(value), shift)
    return str(value)


def old_subject(case: Case, layout: Layout, deid: Deidentifier) -> str:
    """odm.subject_element before issue 20, as ElementTree serialized it."""
    frame = deid.case_frame(case)
    subject = ET.Element("SubjectData", SubjectKey=frame.case_id)
    if undocumented(case.consent.status):  # the consent notice, as ElementTree writes it
        note = ET.SubElement(subject, "Annotation", SeqNum="1")
        ET.SubElement(note, "Comment", SponsorOrSite="Site").text = \
            case_notice(case.consent.status)
    event = ET.SubElement(subject, "StudyEventData", StudyEventOID=EVENT_OID)
    for form in layout.forms:
        data: ET.Element | None = None
        for group in form.groups:
            for key, record in records(case, group.table):
                if data is None:
                    data = ET.SubElement(event, "FormData", FormOID=form.oid)
                attrs = {"ItemGroupOID": group.oid}
                if group.repeating:
                    attrs["ItemGroupRepeatKey"] = key
                element = ET.SubElement(data, "ItemGroupData", attrs)
                for item in group.items:
                    value = derived_text(case, group.table, key, item.column) \
                        or old_value(record, item.column, frame.day0, frame.shift)
                    if value is not None:
                        ET.SubElement(element, "ItemData", ItemOID=item.oid, Value=value)
    if not len(event):
        subject.remove(event)
    return ET.tostring(subject, encoding="unicode")


@pytest.mark.parametrize("options", OPTIONS, ids=IDS)
def test_the_odm_file_is_byte_for_byte_the_cell_by_cell_writers(tmp_path, options):
    cases = all_cases()
    deid = Deidentifier(options, KEY)
    path = tmp_path / "dataset.xml"
    write_odm_dataset(path, cases, deid, confirm_all=True)
    text = path.read_bytes().decode("utf-8")
    start = text.index("<ClinicalData ")
    head = text[:text.index("\n", start) + 1]  # the metadata: written as before
    subjects = [old_subject(case, odm_layout(options), deid) for case in cases]
    check = ConsentCheck()
    for case in cases:
        check.check(case.case_id, deid.case_id(case.case_id), case.consent.status)
    assert check.cases  # the comparison saw a consent notice (SYN-bare: on a subject alone)
    notice = xml_comment(check.notice_lines(len(cases), options.hash_ids)) + "\n"
    assert text == head + "".join(s + "\n" for s in subjects) + notice + \
        "</ClinicalData>\n</ODM>\n"
    ET.fromstring(text.encode("utf-8"))  # well-formed
    # the comparison saw escaped text, repeat keys, an item group with no item written
    assert 'ItemGroupRepeatKey="2"' in text
    assert re.search(r'<ItemGroupData ItemGroupOID="[^"]+" />', text)
    if not options.drop_text:
        assert "&lt; 5 &amp; &gt; 2&#10;&quot;quoted&quot;&#09;'x'" in text


@pytest.mark.parametrize("stop", ["cancelled", "identifiers found"])
def test_a_workbook_stopped_midway_leaves_no_sheet_in_the_temporary_folder(tmp_path, stop,
                                                                        monkeypatch):
    """openpyxl keeps each write-only sheet's rows (patient data) in a temporary file until
    the workbook is saved, and removes them only when the process ends: a Cancel (raised from
    the progress report) or a refusal left them there, 36 files for 6 cases."""
    import tempfile

    from openpyxl.worksheet import _writer

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "temp"))
    (tmp_path / "temp").mkdir()
    cases, options = all_cases()[:6], OPTIONS[-1]

    class Stop(BaseException):
        pass

    def on_case(case):
        if case is cases[2]:
            raise Stop

    def hits_in(self, case, deid, accepted):
        return [Hit(case.case_id, "case_report.discussion", "x", "name")] \
            if case is cases[3] else []

    with pytest.raises((Stop, dataset_xlsx.IdentifiersFound)):
        if stop == "cancelled":
            dataset_xlsx.write_xlsx_dataset(tmp_path / "out.xlsx", cases,
                                            Deidentifier(options, KEY), confirm_all=True,
                                            on_case=on_case)
        else:
            monkeypatch.setattr(dataset_xlsx.DatasetReport, "scan", hits_in)
            dataset_xlsx.write_xlsx_dataset(tmp_path / "out.xlsx", cases,
                                            Deidentifier(options, KEY))
    assert list((tmp_path / "temp").iterdir()) == []
    assert not [p for p in _writer.ALL_TEMP_FILES if p.startswith(str(tmp_path))]
    assert not (tmp_path / "out.xlsx").exists()
