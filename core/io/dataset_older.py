"""A dataset exported by an older Casebook, before some of today's tables existed (the case
report's authors, references and statements came on Dec 6 2026, 43e02ef): read without them.

Every export writes every table it knows, with its header row when empty, so a table file or
sheet left out of a dataset would lose its records (and with ``--replace`` empty that table in
every stored case): it is refused. But the export also writes its data dictionary, one row per
column with its table as the Form Name, and that says which tables its exporter knew: a table
missing whose form the dictionary does not name at all did not exist then. Such a dataset is
read with no rows for it, said in the import's report; a case it replaces keeps the rows it
has stored for those tables (the dataset says nothing of them: keeping is what loses
nothing). A table the dictionary names, or any table of a dataset without a dictionary, is
still refused when missing. No version mark is needed: the dictionary's forms are one, in
every export since the first.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.io.tables import tables
from core.model import Case

FORM = "Form Name"  # the dictionary's column naming each field's table (dictionary.HEADERS)
OLDER = "not in this dataset (exported before Casebook had them)"


def dictionary_forms(header: Sequence[str], rows: Sequence[Sequence[str]]) -> set[str] | None:
    """The tables a dataset's dictionary names (its Form Name column); None when it cannot
    tell (no such column, or no row naming one of Casebook's tables: not a dictionary of
    ours, or emptied)."""
    if FORM not in header:
        return None
    at = header.index(FORM)
    known = {t.name for t in tables()}
    forms = {row[at] for row in rows if len(row) > at}
    return forms if forms & known else None


def kept_fields(names: Sequence[str]) -> list[str]:
    """The case's fields a replaced case keeps as stored for the tables ``names`` a dataset
    predates: those of the top-level tables among them (a nested table's rows are part of
    its parent's records, which the dataset holds)."""
    return [t.location[0] for t in tables() if t.name in names and len(t.location) == 1]


def keep_stored(case: Case, stored: Case, fields: Sequence[str]) -> tuple[Case, bool]:
    """``case`` with ``stored``'s values of ``fields`` (True when the stored case has some)."""
    kept = {f: getattr(stored, f) for f in fields}
    if not kept:
        return case, False
    return case.model_copy(update=kept), any(v for v in kept.values())


def older_text(source: str, names: Sequence[str], kept: int = 0, *,
               validating: bool = False) -> str:
    """What the import (or validate, ``validating``) says of a dataset without the tables
    ``names``; ``kept``: the cases it replaced that keep their stored rows of them."""
    text = f"{source}: {', '.join(names)}: {OLDER}; "
    if validating:
        return text + ("its cases are read without them (import --replace keeps those of the "
                       "stored cases it replaces)")
    if kept:
        return text + f"{kept} stored case(s) keep theirs, unchanged; any other case has none"
    return text + "the cases have none"
