"""The CDISC ODM 1.3.2 dataset export (issue 18): one XML file holding the study metadata
generated from the model (``core.io.odm_metadata``) and the clinical data of every case.

Each case is a ``SubjectData`` (its id, or the keyed hash, as ``SubjectKey``) with one
``StudyEventData`` whose ``FormData`` hold an ``ItemGroupData`` per record (the row key of the
dataset as ``ItemGroupRepeatKey`` in a repeating group) and an ``ItemData`` per value written.
Values are those of the CSV dataset (``core.io.tables.cell``): codes as codes, yes/no as 1/0,
days relative to Day 0, calendar dates (shifted back by the case's offset, or left out, as the
de-identification options say). A case whose consent is not documented has an ``Annotation``
with its notice, and a comment closing the clinical data lists them all
(``core.io.consent_notice``). The file is written case by case (memory does not grow with
the number of cases) through a temporary file renamed into place, so a refused or failed export
leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any

from core.io.consent_notice import case_notice, undocumented, xml_comment
from core.io.dataset_csv import Accepted, DatasetReport
from core.io.dataset_derived import case_derived
from core.io.dataset_plan import RowPlan
from core.io.deident import Deidentifier, Hit, IdentifiersFound
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
from core.model import Case


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
            forms = form_plans(layout)
            for case in cases:
                hits += report.scan(case, deid, accepted)
                if not hits:
                    fh.write(subject_xml(case, forms, deid))
                    fh.write("\n")
                report.wrote(case, on_case, deid.case_id(case.case_id))
            if hits:
                raise _Refused
            notice = report.consent.notice_lines(report.cases, deid.options.hash_ids)
            if notice:  # the whole list once, beside each subject's own annotation
                fh.write(xml_comment(notice) + "\n")
            fh.write("</ClinicalData>\n</ODM>\n")
    except _Refused:
        raise IdentifiersFound(hits, deid.options) from None
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


# (FormData start tag, [(ItemGroupData start tag without its end, its plan, ItemOIDs,
# repeating)]) of each form: the per-column work decided once per export (issue 20)
FormPlan = tuple[str, list[tuple[str, RowPlan, list[str], bool]]]


def form_plans(layout: Layout) -> list[FormPlan]:
    """How each form's item groups are written: the dataset's row plan of each group (its
    items' columns: the same text as the CSV dataset's cells, an empty one not written)."""
    out: list[FormPlan] = []
    for form in layout.forms:
        groups = []
        for group in form.groups:
            plan = RowPlan(group.table, [group.table.columns[0],
                                         *(item.column for item in group.items)])
            groups.append((f'<ItemGroupData ItemGroupOID="{_attr(group.oid)}"', plan,
                           [_attr(item.oid) for item in group.items], group.repeating))
        out.append((f'<FormData FormOID="{_attr(form.oid)}">', groups))
    return out


def subject_xml(case: Case, forms: list[FormPlan], deid: Deidentifier) -> str:
    """``<SubjectData>`` of ``case``: its records as item groups of their forms; the text
    ElementTree wrote for it (``ET.tostring``), byte for byte."""
    frame = deid.case_frame(case)
    day0, shift = frame.day0, frame.shift
    found = case_derived(case)  # the engine's values, of the case as stored
    case = deid.exported(case)  # its age derived; de-identified, top-coded
    parts: list[str] = []
    add = parts.append
    for form_tag, groups in forms:
        start = len(parts)
        for group_tag, plan, oids, repeating in groups:
            for key, record in plan.rows(case):
                if len(parts) == start:
                    add(form_tag)
                head = f'{group_tag} ItemGroupRepeatKey="{_attr(key)}"' if repeating \
                    else group_tag
                texts = plan.texts(record, day0, shift)
                plan.derived(texts, key, found)
                items = [f'<ItemData ItemOID="{oid}" Value="{_attr(text)}" />'
                         for oid, text in zip(oids, texts, strict=True) if text]
                add(f'{head}>{"".join(items)}</ItemGroupData>' if items else f"{head} />")
        if len(parts) > start:
            add("</FormData>")
    subject = f'<SubjectData SubjectKey="{_attr(frame.case_id)}"'
    # consent not documented: ODM's place for a note on a subject, before its events
    note = (f'<Annotation SeqNum="1"><Comment SponsorOrSite="Site">'
            f"{_text(case_notice(case.consent.status))}</Comment></Annotation>"
            if undocumented(case.consent.status) else "")
    if not parts:
        return f"{subject}>{note}</SubjectData>" if note else subject + " />"
    return (f'{subject}>{note}<StudyEventData StudyEventOID="{EVENT_OID}">{"".join(parts)}'
            "</StudyEventData></SubjectData>")


_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("\r", "&#13;"),
            ("\n", "&#10;"), ("\t", "&#09;"))  # "&" first: the others bring their own


def _text(text: str) -> str:
    """An element's text escaped."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(text: str) -> str:
    """An attribute's value escaped as ElementTree escapes it."""
    for char, escaped in _ESCAPES:
        if char in text:
            text = text.replace(char, escaped)
    return text
