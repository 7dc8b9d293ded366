"""A column left out of a dataset's table (deleted in a spreadsheet before the dataset is
imported back): refused, as an unknown column is, naming the file or sheet and the column.

Before, the table's rows were read without it: a case imported came in without the column's
values, and a stored case it replaced (``--replace``, the app's Replace) had them cleared, with
no word said. Which columns a table's file should hold comes from the dataset's data
dictionary, one row per column the export wrote (its Form Name the table): a column it lists
that the file's header row lacks was taken out after the export. A column it does not list was
not exported (a de-identified export leaves out identifiers, free text or dates; an older
Casebook had fewer columns): not asked for (a case replaced keeps its stored values of them:
``dataset_absent``). Without a dictionary, the columns an export with the dataset's options
writes (``dataset_mark``: identified, else every de-identification option, the strictest) are
asked for; an identified dataset's cases that all replace stored ones keep their values of the
columns missing (nothing tells a column deleted from one never exported), so only a case it
would store new is refused. A code's label column and the engine's derived values
are never read back (the code is; the engine derives again): one left out loses nothing and is
not asked for.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.io.dataset_derived import DERIVED_PART
from core.io.dataset_older import FORM
from core.io.dataset_rows import KEPT_PART, kept_column
from core.io.deident import DeidOptions
from core.io.dictionary import HEADERS, dataset_columns
from core.io.tables import Column, Table, tables

FIELD = HEADERS[0]  # the dictionary's column naming each variable ("Variable / Field Name")
_STRICTEST = DeidOptions(drop_identifiers=True, drop_text=True, dates="drop")


def listed_columns(header: Sequence[str],
                   rows: Sequence[Sequence[str]]) -> dict[str, set[str]] | None:
    """The variables a dataset's dictionary lists, by table (its Form Name); None when it
    cannot tell (no such columns, or no row naming one of Casebook's tables)."""
    if FIELD not in header or FORM not in header:
        return None
    name_at, form_at = header.index(FIELD), header.index(FORM)
    out: dict[str, set[str]] = {}
    for row in rows:
        if len(row) > max(name_at, form_at):
            out.setdefault(row[form_at], set()).add(row[name_at])
    return out if out.keys() & {t.name for t in tables()} else None


def missing_columns(table: Table, header: Sequence[str], listed: set[str] | None,
                    marks: Sequence[str]) -> list[Column]:
    """The columns of ``table`` whose values the file (header row ``header``) should hold and
    does not: those the dictionary lists (``listed``; None without one: those an export with
    the options ``marks`` writes)."""
    if listed is None:
        expected = dataset_columns(table, _STRICTEST if marks else DeidOptions())
    else:
        expected = [c for c in [*table.columns, kept_column(table)] if c.name in listed]
    have = set(header)
    has_kept = any(h.endswith(f"_{KEPT_PART}") for h in header)  # as the reader finds it
    return [c for c in expected[1:]
            if c.kind != "label" and c.part != DERIVED_PART and c.name not in have
            and not (c.part == KEPT_PART and has_kept)]


def missing_text(columns: Sequence[Column], workbook: bool, dictionary: bool, *,
                 kept: bool = False) -> str:
    """What the import says of ``columns`` left out of a table's file (``workbook``: of a
    sheet), and what to do; ``dictionary``: the dataset has one (it says the export wrote
    them); ``kept``: a dataset without one whose cases, when they replace stored ones, keep
    the stored values (``dataset_absent``): refused for a case it would store new."""
    names = ", ".join(f"{c.name} ({c.label})" for c in columns)
    one = len(columns) == 1
    place = "sheet" if workbook else "file"
    head = (f"the column {names} is missing from this {place}'s header row" if one else
            f"the columns {names} are missing from this {place}'s header row")
    why = (f"; the dataset's data dictionary lists {'it' if one else 'them'}, so the export "
           "wrote " + ("it" if one else "them")) if dictionary else ""
    its, it = ("its", "it") if one else ("their", "them")
    where = ("in every case imported new (a stored case it replaces keeps its own: the "
             f"dataset has no data dictionary to tell whether the export wrote {it})") \
        if kept else "in every case imported and cleared from every stored case replaced"
    return (f"{head}{why}. Imported without {it}, {its} values would be empty {where}, so "
            f"nothing is imported: put {'the column' if one else 'the columns'} back from the "
            f"export (with {its} header{'' if one else 's'} as exported) and import again; to "
            "clear values on purpose, keep the column and empty its cells")
