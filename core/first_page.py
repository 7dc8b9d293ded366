"""The case list's first page for the GUI's first paint (issue 20): read with the standard
sqlite3 module alone (``core.store.summaries``: read-only, never writing, never removing the
WAL), so the window shows its list before SQLAlchemy, the case model and the services load.

None for anything but an ordinary folder at this Casebook's schema revision: the GUI then opens
the services first, which say what is wrong and offer what can be done.
"""

from __future__ import annotations

from typing import NamedTuple

from core.paths import DataPaths
from core.store.summaries import import_under_way, read_first_page


class ListedCase(NamedTuple):
    """One row of the list, with the fields of ``core.services.values.CaseSummary``."""

    case_id: str
    version: int
    status: str
    title: str
    day0: str | None
    main_dx: str | None
    provenance: str
    created_at: str
    updated_at: str
    trashed_at: str | None


class FirstPage(NamedTuple):
    rows: list[ListedCase]
    total: int  # the cases the list holds (not in the trash)


def first_page(paths: DataPaths, *, sort: str, descending: bool, limit: int) -> FirstPage | None:
    """The first ``limit`` cases of the list (not the trash) in the ``sort`` order; None
    beside an import that stopped before it finished: the services undo it when they open, so
    its cases would be shown (and could be asked for) only to go."""
    if import_under_way(paths.database) is not None:
        return None
    page = read_first_page(paths.database, sort=sort, descending=descending, trashed=False,
                           limit=limit)
    if page is None:
        return None
    rows, total = page
    return FirstPage([ListedCase(**row) for row in rows], total)  # type: ignore[arg-type]
