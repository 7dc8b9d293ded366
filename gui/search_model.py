"""The case list model with search: the plain SQL-paged list for an empty query (or the trash),
search hits for anything typed.

The first page of a search and every further page are fetched by ``SearchService.search`` on a
BackgroundRunner thread (ARCHITECTURE decision 9); each search has a generation number and only
the latest one's result is applied, so a slow answer to an old query never overwrites a newer
one. A malformed query keeps the rows shown and reports ``search_failed(QueryProblem)``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, TypeGuard, get_args

from PySide6.QtCore import QModelIndex, Qt, Signal
from shiboken6 import isValid

from core.services.cases import CaseService
from core.services.listing import SortKey
from core.services.search import SearchService
from core.services.trash_text import trash_query
from core.services.values import QueryProblem, SearchResult, Span
from gui.background import BackgroundRunner
from gui.case_list import COLUMNS, PAGE_SIZE, CaseTableModel, Index

COL_SNIPPET = len(COLUMNS)
SNIPPET_WIDTH = 260
SPANS_ROLE = Qt.ItemDataRole.UserRole + 1


def spans_text(spans: list[Span]) -> str:
    return "".join(span.text for span in spans)


# The sorts a search can page by (core.search.results.SortKey): relevance and every column of
# the list, each read through the list's own index (core.search.run.SORT_COLUMNS)
SEARCH_SORTS = ("relevance", "day0", "updated", "title", "case_id", "status", "main_dx")


def is_list_sort(key: str) -> TypeGuard[SortKey]:
    """A sort the plain case list knows (each of the sort combo's keys but Relevance)."""
    return key in get_args(SortKey)


class SearchCaseModel(CaseTableModel):
    """``CaseTableModel`` plus a "Matches" column; the filter text is a search query."""

    search_applied = Signal(object)  # SearchResult: its rows are shown
    search_failed = Signal(object)  # QueryProblem: the previous rows stay

    def __init__(self, cases: CaseService, search: SearchService, runner: BackgroundRunner,
                 parent: Any = None):
        self.search_service = search
        self._runner = runner
        self._generation = 0
        self._busy = False
        self._failed = False  # the latest search could not run: the rows are an older one's
        self._fetching = False
        self._relevance = True  # sort hits by relevance (else by the list's sort column)
        self.over_cap_note: str | None = None  # more hits than the cap: which ones are shown
        # the trash is listed by the box's words, its filters left out (trash_text)
        super().__init__(lambda q: cases.list_cases(trash_query(q)),
                         lambda q: cases.count_cases(trash_query(q)), parent)

    # -- state -----------------------------------------------------------------------------
    @property
    def searching(self) -> bool:
        """True when the rows are (or are about to be) search hits."""
        return bool(self.query.text.strip()) and not self.query.trashed

    @property
    def busy(self) -> bool:
        """A search was started and its result has not arrived yet."""
        return self._busy

    @property
    def stale(self) -> bool:
        """The rows shown are not the answer to the query: its search is on its way, or it
        could not run (the rows of the one before stay)."""
        return self.searching and (self._busy or self._failed)

    @property
    def search_sort(self) -> str:
        """What the rows are sorted by: relevance only while there is a query to rank by (a
        cleared box shows the list's own sort again, the one the user had before); hits are
        ranked too while the list's sort is one a search cannot page by (none of the list's
        columns now)."""
        return "relevance" if self._ranked else self.query.sort

    @property
    def _ranked(self) -> bool:
        return self.searching and (self._relevance or self.query.sort not in SEARCH_SORTS)

    def set_filter_text(self, text: str) -> None:
        """A query typed into an empty box (or after the trash) is ranked by relevance, whatever
        the plain list was sorted by; refining it keeps the sort the user chose."""
        if text.strip() and not self.searching and not self.query.trashed:
            self._relevance = True
        super().set_filter_text(text)

    def set_search_sort(self, key: str) -> None:
        """Relevance or a column of the list (the sort combo)."""
        if key == self.search_sort:
            return
        self._relevance = key == "relevance"
        if not self._relevance and is_list_sort(key):  # dates newest first, the rest A to Z
            self._query = replace(self.query, sort=key, descending=key in ("day0", "updated"))
        self.reload()

    # -- loading ---------------------------------------------------------------------------
    def reload(self) -> None:
        """Re-query what is shown: the plain list at once, a search in the background."""
        if self.searching:
            self._start_search()
            return
        self._generation += 1  # drop any search still running
        self._busy = self._fetching = self._failed = False
        self.over_cap_note = None
        super().reload()

    def _start_search(self) -> None:
        self._generation += 1
        self._busy, self._fetching, self._failed = True, False, False
        generation, work = self._generation, self._page_work(0)
        self._runner.start(work, on_done=lambda result: self._on_searched(generation, result),
                           on_failed=lambda message: self._on_failed(generation, message))

    def _page_work(self, offset: int) -> Any:
        """The worker's job: only the service and plain values, never this model."""
        service, text, sort = self.search_service, self.query.text, self.search_sort
        descending = None if self._ranked else self.query.descending
        return lambda _progress: service.search(text, offset, PAGE_SIZE, sort,  # type: ignore[arg-type]
                                                descending=descending, as_you_type=True)

    def _is_latest(self, generation: int) -> bool:
        """False for an older search's answer, or one arriving after the model was deleted."""
        return generation == self._generation and isValid(self)

    def _on_searched(self, generation: int, result: SearchResult) -> None:
        if not self._is_latest(generation):
            return
        self._busy = False
        self._failed = result.error is not None
        if result.error is not None:
            self.search_failed.emit(result.error)
            return
        self.beginResetModel()
        self._rows = list(result.hits)  # type: ignore[arg-type]
        self._total = result.total
        self.over_cap_note = result.over_cap_note() if result.over_cap else None
        self.endResetModel()
        self.total_changed.emit(self._total)
        self.search_applied.emit(result)

    def _on_failed(self, generation: int, message: str) -> None:
        if self._is_latest(generation):
            self._failed = self._failed or self._busy  # the first page: no rows of its own
            self._busy = self._fetching = False
            self.search_failed.emit(QueryProblem(message=message))

    # -- paging ----------------------------------------------------------------------------
    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        if self.searching and (self._busy or self._fetching):
            return False
        return super().canFetchMore(parent)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.searching:
            super().fetchMore(parent)
            return
        if not self.canFetchMore(parent):
            return
        self._fetching = True
        generation, offset = self._generation, len(self._rows)
        self._runner.start(self._page_work(offset),
                           on_done=lambda result: self._on_page(generation, offset, result),
                           on_failed=lambda message: self._on_failed(generation, message))

    def _on_page(self, generation: int, offset: int, result: SearchResult) -> None:
        if not self._is_latest(generation) or offset != len(self._rows):
            return
        self._fetching = False
        if result.error is not None or not result.hits:
            self._total = len(self._rows)  # the hits shrank since the count
            return
        self.beginInsertRows(QModelIndex(), offset, offset + len(result.hits) - 1)
        self._rows.extend(result.hits)  # type: ignore[arg-type]
        self.endInsertRows()

    # -- the Matches column ----------------------------------------------------------------
    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COL_SNIPPET + 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.column() == COL_SNIPPET:
            return self._snippet_data(index.row(), role)
        return super().data(index, role)

    def _snippet_data(self, row: int, role: int) -> Any:
        if not 0 <= row < len(self._rows):
            return None
        spans = getattr(self._rows[row], "snippet", [])
        if role == SPANS_ROLE:
            return spans
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return spans_text(spans)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if section == COL_SNIPPET and orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole:
                return "Matches"
            if role == Qt.ItemDataRole.TextAlignmentRole:  # seen when the column runs past
                return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter  # the list
        return super().headerData(section, orientation, role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """A header click: the Matches column sorts by relevance, the others as the list does
        (a search sorts by every column of the list)."""
        if column == COL_SNIPPET:
            self.set_search_sort("relevance")
            return
        was_relevance, self._relevance = self._relevance, False
        before = (self.query.sort, self.query.descending)
        super().sort(column, order)
        if was_relevance and self.searching and before == (self.query.sort,
                                                           self.query.descending):
            self.reload()  # same column as before, but no longer by relevance (the plain
            # list is not ranked: enabling the table's sorting at start-up loads it once)
