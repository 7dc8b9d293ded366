"""The CDISC ODM 1.3.2 dataset export (issue 18): one XML file holding the study metadata
generated from the model (``core.io.odm_metadata``) and the clinical data of every case.

Each case is a ``SubjectData`` (its id, or the keyed hash, as ``SubjectKey``) with one
``StudyEventData`` whose ``FormData`` hold an ``ItemGroupData`` per record (the row key of the
dataset as ``ItemGroupRepeatKey`` in a repeating group) and an ``ItemData`` per value written.
Values are those of the CSV dataset (``core.io.tables.cell``): codes as codes, yes/no as 1/0,
days relative to Day 0, calendar dates (shifted back by the case's offset, or left out, as the
de-identification options say). The file is written case by case (memory does not grow with
the number of cases) through a temporary file renamed into place, so a refused or failed export
leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any

from core.io.dataset_csv import Accepted, DatasetReport
from core.io.deident import Deidentifier, Hit, IdentifiersFound, shift_date
from core.io.odm_metadata import (
    EVENT_OID,
    MDV_OID,
    NS,
    STUDY_OID,
    Layout,
    odm_layout,
    study_element,
)
from core.io.outputs import atomic_open
from core.io.tables import Column, cell, records
from core.model import Case, When


class _Refused(Exception):
    """Leaves ``atomic_open`` so that the temporary file is removed."""


def write_odm_dataset(path: Path, cases: Iterable[Case], deid: Deidentifier, *,
                      force: bool = False, confirmed: Iterable[Hit] = (),
                      confirm_all: bool = False,
                      on_case: Callable[[Case], None] | None = None) -> DatasetReport:
    """Write the ODM file ``path``, de-identified as ``deid`` says. With any option the free
    text is scanned first, case by case: identifiers not confirmed (none with
    ``confirm_all``) raise ``IdentifiersFound`` and nothing is written."""
    accepted = Accepted(list(confirmed), confirm_all)
    hits: list[Hit] = []
    report = DatasetReport(files=[path.name])
    layout = odm_layout(deid.options)
    try:
        with atomic_open(path, "w", force=force, encoding="utf-8") as fh:
            _start(fh, path, layout, deid)
            for case in cases:
                hits += report.scan(case, deid, accepted)
                if not hits:
                    fh.write(ET.tostring(subject_element(case, layout, deid),
                                         encoding="unicode"))
                    fh.write("\n")
                report.wrote(case, on_case)
            if hits:
                raise _Refused
            fh.write("</ClinicalData>\n</ODM>\n")
    except _Refused:
        raise IdentifiersFound(hits) from None
    return report


def _start(fh: IO[Any], path: Path, layout: Layout, deid: Deidentifier) -> None:
    now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    fh.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    fh.write(f'<ODM xmlns="{NS}" ODMVersion="1.3.2" FileType="Snapshot" '
             f'FileOID="{_escape("F." + path.stem)}" CreationDateTime="{now}" '
             'Granularity="All" SourceSystem="Casebook">\n')
    description = "Case records exported from Casebook; " + deid.options.describe()
    fh.write(ET.tostring(study_element(layout, description), encoding="unicode"))
    fh.write(f'\n<ClinicalData StudyOID="{STUDY_OID}" MetaDataVersionOID="{MDV_OID}">\n')


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def subject_element(case: Case, layout: Layout, deid: Deidentifier) -> ET.Element:
    """``<SubjectData>`` of ``case``: its records as item groups of their forms."""
    frame = deid.case_frame(case)
    subject = ET.Element("SubjectData", SubjectKey=frame.case_id)
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
                    value = _value(record, item.column, frame.day0, frame.shift)
                    if value is not None:
                        ET.SubElement(element, "ItemData", ItemOID=item.oid, Value=value)
    if not len(event):
        subject.remove(event)
    return subject


def _value(record: Any, col: Column, day0: When | None, shift: int | None) -> str | None:
    value = cell(record, col, day0)
    if value is None or value == "":
        return None
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if shift is not None and col.kind == "date":
        return shift_date(str(value), shift)
    return str(value)
