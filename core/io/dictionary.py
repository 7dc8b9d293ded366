"""The data dictionary of a dataset export, in REDCap's format (its 18 standard headers), so
that it uploads into REDCap as it is: one row per column of the dataset, generated from the
model (``core.io.tables``). The record id ``case_id`` comes first; the form of a column is its
table (the file it is in); units go in the field note; a closed list of codes is a dropdown
with its choices as ``code, label | code, label`` (a list whose codes hold other
characters than letters, digits and underscores, ``WHO-HAEM5-2022``, is a text field with its
codes in the field note); numbers carry REDCap's validation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from core.io.dataset_derived import DERIVED_NOTE, DERIVED_PART
from core.io.dataset_mark import HASHED_NOTE, NOTE, mark
from core.io.deident import DeidOptions
from core.io.tables import Column, Table, tables
from core.model.base import MISSING_REASONS
from core.model.codes import code_label

HEADERS = ("Variable / Field Name", "Form Name", "Section Header", "Field Type", "Field Label",
           "Choices, Calculations, OR Slider Labels", "Field Note",
           "Text Validation Type OR Show Slider Number", "Text Validation Min",
           "Text Validation Max", "Identifier?", "Branching Logic (Show field only if...)",
           "Required Field?", "Custom Alignment", "Question Number (surveys only)",
           "Matrix Group Name", "Matrix Ranking?", "Field Annotation")
CASE_ID = "case_id"
_RAW = re.compile(r"^[A-Za-z0-9_]+$")  # a dropdown's raw values: letters, digits, underscores
FILE_NAME = "data_dictionary.csv"


def exported_columns(table: Table, options: DeidOptions) -> list[Column]:
    """The columns of ``table`` that an export with ``options`` holds (row key first)."""
    return [c for c in table.columns if options.keeps(c)]


def dataset_columns(table: Table, options: DeidOptions) -> list[Column]:
    """The columns of a CSV or Excel dataset: ``exported_columns``; an export that is not
    de-identified ends with the kept column (``core.io.dataset_rows``), for the import back."""
    from core.io.dataset_rows import kept_column

    kept = [] if options.any else [kept_column(table)]
    return exported_columns(table, options) + kept


# an export's age (core.io.deident.exported_age), said on its column: an identified export's
# derived age is left out again on import (its kept column), a de-identified one is top-coded
AGE_PATH = ("patient", "age_at_day0")
DERIVED_AGE_NOTE = ("without an age entered, the age derived from the birth date (casebook "
                    "import leaves it out again: the case comes back with no age entered)")
TOP_CODED_NOTE = ("de-identified: 90 means 90 or over (top-coded, pt_age_top_coded 1); "
                  "without an age entered, the age derived from the birth date")

# a field whose column says nothing by its kind alone (a list of day numbers is a text column)
FIELD_NOTES: dict[tuple[str, ...], str] = {
    ("treatment_lines", "administrations", "day_list"): (
        "the days on which the drug was given, each relative to Day 0, ` | ` between them "
        "(176 | 179 | 183): given on those days only, Start and End then the span of those "
        "days (not a course from Start to End)"),
}

SEVERAL_NOTE = "several values in one cell, ` | ` between them"
# a required field's own column: its day, not the calendar date beside it (empty where only
# the day is known), nor a code's label (written from the code)
REQUIRED_PARTS = ("value", "code", "day")

# the CSV dataset's guard against formulas (core.io.spreadsheet_text), said where it applies
APOSTROPHE_NOTE = ("a text starting with =, +, -, @, a tab or a carriage return is written "
                   "with an apostrophe before it ('=x), so that a spreadsheet does not run it "
                   "as a formula; casebook import takes it off again")


def dictionary_rows(options: DeidOptions, *, apostrophe: bool = False) -> Iterator[list[str]]:
    """The dictionary's rows (without the header row) for an export with ``options``;
    ``apostrophe``: the CSV dataset's, whose text columns say how a would-be formula is
    written (an Excel workbook's text cells need no apostrophe)."""
    first = tables()[0]
    hashed = options.hash_ids
    # a de-identified export says so on this row (its annotation read back by the import,
    # ``dataset_mark``): it must never replace the stored cases
    yield _row(CASE_ID, first.name, "text", "Case id" + (" (keyed hash)" if hashed else ""),
               note="the case's id in every file" + (
                   "; a keyed hash of the Casebook id" if hashed else "") + (
                   "; " + (HASHED_NOTE if hashed else NOTE).format(
                       options=options.describe()) if options.any else ""),
               section=first.label, identifier=not hashed, annotation=mark(options))
    for table in tables():
        for col in dataset_columns(table, options):
            row = _column_row(table, col, apostrophe)
            if table.location + col.path == AGE_PATH:
                row[HEADERS.index("Field Note")] += "; " + (
                    TOP_CODED_NOTE if options.any else DERIVED_AGE_NOTE)
            yield row


def _column_row(table: Table, col: Column, apostrophe: bool = False) -> list[str]:
    field_type, validation, choices = "text", "", ""
    notes: list[str] = []
    if col.kind == "notes":
        field_type = "notes"
    elif col.kind == "yesno":
        field_type = "yesno"
    elif col.kind in ("integer", "day"):
        validation = "integer"
    elif col.kind == "number":
        validation = "number"
    elif col.kind == "code" and col.choices and not col.several \
            and all(_RAW.match(c) for c, _ in col.choices):
        field_type = "dropdown"
        choices = " | ".join(f"{code}, {label}" for code, label in col.choices)
    if col.unit:
        notes.append(col.unit)
    if col.choices and field_type != "dropdown":  # codes REDCap takes in no dropdown, or
        # several in one cell (which a REDCap dropdown refuses on import)
        notes.append(("one or more of: " if col.several else "one of: ")
                     + ", ".join(code for code, _ in col.choices))
    if col.kind == "day":
        notes.append("days relative to Day 0 (empty when only the month or year is known)")
    elif col.kind == "date":
        notes.append("YYYY-MM-DD (YYYY-MM or YYYY when only partly known)")
    elif col.kind == "label" and col.of:
        notes.append(f"the label of {col.of}")
    elif col.kind == "row":
        notes.append("the record's position in the case (2.1: the first of the second)")
    elif col.part == "nf":
        notes.append("why a field of the row has no value: field=reason, ` | ` between them "
                     "(lab_value_entered empty: value_entered=not_done); reasons: "
                     + ", ".join(f"{c} ({code_label(c).lower()})" for c in MISSING_REASONS))
    elif col.part == "value" and table.location + col.path in FIELD_NOTES:
        notes.append(FIELD_NOTES[table.location + col.path])
    elif col.part == "value":  # what the form's help says of the field, in the same words
        if col.help:
            notes.append(col.help.rstrip("."))
        if col.several:
            notes.append(SEVERAL_NOTE)
    elif col.part == DERIVED_PART:
        notes.append(DERIVED_NOTE)
    elif col.part == "kept":
        notes.append("what the other columns cannot carry (missing-value reasons, provenance, "
                     "how a date was entered), as JSON, for the import back: leave it as it is")
    if apostrophe and col.kind in ("text", "notes", "code") \
            and field_type != "dropdown" and col.part not in ("nf", "kept"):
        notes.append(APOSTROPHE_NOTE)
    section = table.label if col.kind == "row" else ""
    annotation = ".".join(table.location + col.path)
    bounds = ("", "")
    if validation and col.kind != "day":
        bounds = (_number(col.minimum), _number(col.maximum))
    return _row(col.name, table.name, field_type, col.label, choices=choices,
                note="; ".join(notes), validation=validation, bounds=bounds, section=section,
                identifier=col.identifier, required=col.required and col.part in REQUIRED_PARTS,
                annotation=annotation)


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def _row(name: str, form: str, field_type: str, label: str, *, choices: str = "",
         note: str = "", validation: str = "", bounds: tuple[str, str] = ("", ""),
         section: str = "", identifier: bool = False,
         required: bool = False, annotation: str = "") -> list[str]:
    row = [name, form, section, field_type, label, choices, note, validation, *bounds,
           "y" if identifier else "", "", "y" if required else "", "", "", "", "", annotation]
    assert len(row) == len(HEADERS)
    return row
