"""Search around the case list: the filter box searches every case as you type.

Under the box: the number of matches, the sort, a collapsible filter panel and the CSV
export and cohort summary buttons, then the bad part of a malformed query (below them, so
that nothing above moves when it comes and goes); under the list, the saved searches. The box's text is the one query; everything else reads or edits it.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QListView,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from core.services.search import SearchService
from core.services.values import CohortSummary, QueryError, QueryProblem, SearchResult
from gui.background import BackgroundRunner
from gui.case_list import COL_TITLE, COLUMNS, CaseListPanel
from gui.cohort_view import CohortDialog
from gui.count_label import CountLabel
from gui.dialogs.prompter import Prompter
from gui.filter_scroll import FilterScroll
from gui.flow_layout import FlowLayout, WrapLabel
from gui.no_wheel import no_wheel
from gui.save_target import choose_save_target
from gui.saved_searches import SavedSearchList
from gui.search_filters import FilterPanel, with_filter
from gui.search_keys import ResultKeys
from gui.search_model import COL_SNIPPET, SEARCH_SORTS, SNIPPET_WIDTH, SearchCaseModel
from gui.search_texts import count_text, has_words, problem_html
from gui.snippet_delegate import SnippetDelegate
from gui.trash_note import TrashNote

CSV_FILTER = "CSV files (*.csv);;All files (*)"
# Relevance only while searching; the rest always (a search pages by every column of the
# list). Every column of the list is here, so the box always names the sort applied,
# whichever header was clicked. "Diagnosis", not the column's "Main
# diagnosis": the box stays as wide as "Last change" makes it (wider, it pushed the CSV…
# button onto a third line in a list of 216 px).
SORTS = (("Relevance", "relevance"), ("Day 0", "day0"), ("Last change", "updated"),
         ("Title", "title"), ("Case id", "case_id"), ("Status", "status"),
         ("Diagnosis", "main_dx"))
PLACEHOLDER = "Search every case, e.g. cns:CNS3 drug:blinatumomab (Ctrl+F)"
LINK_STYLE = "QPushButton{color:palette(link);text-decoration:underline;border:none;padding:0}"
def tool_button(text: str, tip: str) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.setAccessibleName(tip)
    return button


class SearchPanel(QWidget):
    """``open_requested(case_id)``: Enter in the box; ``message(text)``: for the status bar."""

    open_requested = Signal(str)
    message = Signal(str)

    def __init__(self, case_list: CaseListPanel, model: SearchCaseModel,
                 runner: BackgroundRunner, prompter: Prompter, parent: QWidget | None = None):
        super().__init__(parent)
        self.case_list, self.model, self.runner, self.prompter = case_list, model, runner, prompter
        self.search: SearchService = model.search_service
        self.box = case_list.filter_box
        self._problem: QueryProblem | None = None
        self.cohort_dialog: CohortDialog | None = None
        self._cohort_asked = 0  # the latest summary asked for: an older one's answer is dropped
        self._make_widgets()
        self._set_up_table()
        self._lay_out()
        self._tab_order()
        self._connect()
        self.keys = ResultKeys(case_list, model, self.open_requested.emit)  # Enter, Down
        self._show_count()
        self._show_sort()  # the list's own sort until a query is typed (not Relevance)

    # -- composition -----------------------------------------------------------------------
    def _make_widgets(self) -> None:
        self.box.setPlaceholderText(PLACEHOLDER)
        self.box.setAccessibleName("Search cases")
        self.problem_label = QLabel()
        self.problem_label.setWordWrap(True)
        self.problem_label.setVisible(False)
        self.problem_label.setTextFormat(Qt.TextFormat.RichText)
        self.problem_label.setAccessibleName("Search problem")
        # wrapped: a filter's hint is longer than a narrow list is wide
        self.suggestion_label = WrapLabel("No cases match. Did you mean:")
        self.suggestion_button = QPushButton()
        self.suggestion_button.setFlat(True)
        self.suggestion_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.suggestion_button.setStyleSheet(LINK_STYLE)
        self.suggestion_button.setAccessibleName("Search for the suggested words")
        self.suggestion_button.clicked.connect(self.run_suggestion)
        self.suggestion_bar = QWidget(visible=False)
        row = FlowLayout(self.suggestion_bar, spacing=4)
        row.addWidget(self.suggestion_label)
        row.addWidget(self.suggestion_button)
        self._suggestion: str | None = None
        self.count_label = CountLabel()
        self.sort_combo = QComboBox()
        self.sort_combo.setToolTip("Sort the results")
        self.sort_combo.setAccessibleName("Sort results by")
        for label, key in SORTS:
            self.sort_combo.addItem(label, key)
        no_wheel(self.sort_combo)  # scrolling past never changes the view
        self.filters_button = tool_button("Filters", "Show the filter panel")
        self.filters_button.setCheckable(True)
        self.export_button = tool_button("CSV…", "Export the results to CSV")
        self.summary_button = tool_button("Summary", "Cohort summary of the results")
        self._filters: tuple[FilterPanel, FilterScroll] | None = None  # built when first wanted
        self.date_format: Callable[[], str | None] = lambda: None  # the user's (Preferences)
        self.trash_note = TrashNote(self.model, self.case_list.trash_toggle, self.filters_button)
        self.saved = SavedSearchList(self.search, self.prompter, self.box.text)

    def _set_up_table(self) -> None:
        table = self.case_list.table
        table.setItemDelegateForColumn(COL_SNIPPET, SnippetDelegate(table))
        header = table.horizontalHeader()
        header.resizeSection(COL_SNIPPET, SNIPPET_WIDTH)
        header.moveSection(header.visualIndex(COL_SNIPPET), header.visualIndex(COL_TITLE) + 1)
        table.setColumnHidden(COL_SNIPPET, not self.model.searching)

    def _lay_out(self) -> None:
        bar = FlowLayout()  # wraps rather than cut the count, the sort or a button short
        bar.addWidget(self.count_label)
        for widget in (self.sort_combo, self.filters_button, self.export_button,
                       self.summary_button):
            bar.addWidget(widget)
        area = QWidget()
        column = self._column = QVBoxLayout(area)
        column.setContentsMargins(0, 0, 0, 0)
        # The lines that come and go (a problem, a suggestion) go below the bar and the open
        # panel: above them they pushed the panel's fields ~34 px down under the pointer as
        # the user left a field, and the next click landed in another one (a stranger run).
        column.addLayout(bar)  # the filters' scroll area goes below it when built
        column.addWidget(self.problem_label)
        column.addWidget(self.suggestion_bar)
        column.addWidget(self.trash_note)
        # The list may be narrower than the bar's buttons: clip them rather than widen the list.
        area.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.case_list.add_below_filter(area)
        self.splitter = QSplitter(Qt.Orientation.Vertical, childrenCollapsible=False)
        self.splitter.addWidget(self.case_list)
        self.splitter.addWidget(self.saved)
        self.splitter.setStretchFactor(0, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

    def _tab_order(self, fields: list[QWidget] | None = None) -> None:
        """Tab from the search bar: sort, Filters, the filter fields (when shown), CSV…,
        Summary: the fields follow their button rather than come after the bar."""
        chain: list[QWidget] = [self.sort_combo, self.filters_button, *(fields or []),
                                self.export_button, self.summary_button]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    # -- the filter panel, built when first shown or read (a quarter of the window's build) -
    @property
    def filter_panel(self) -> FilterPanel:
        return self._built_filters()[0]

    @property
    def filter_scroll(self) -> FilterScroll:
        return self._built_filters()[1]

    def _built_filters(self) -> tuple[FilterPanel, FilterScroll]:
        if self._filters is not None:
            return self._filters
        panel = FilterPanel()
        panel.date_format = lambda: self.date_format()
        fields = panel.tab_fields()  # read before the window's chain joins in
        scroll = FilterScroll(panel, self)
        scroll.setVisible(False)
        self._filters = (panel, scroll)
        self._column.insertWidget(1, scroll)  # under the bar, above the lines that come and go
        panel.show_query(self.box.text())
        panel.filter_edited.connect(self._on_filter_edited)
        self._tab_order(fields)
        return self._filters

    def _show_filters(self, shown: bool) -> None:
        if shown or self._filters is not None:
            self.filter_scroll.setVisible(shown)

    def _on_box_text(self, text: str) -> None:
        if self._filters is not None:
            self._filters[0].show_query(text)

    def _connect(self) -> None:
        self.model.search_applied.connect(self._on_search_applied)
        self.model.search_failed.connect(self._on_search_failed)
        self.model.modelReset.connect(self._on_rows_reset)
        self.model.total_changed.connect(lambda _total: self._show_count())
        self.box.textChanged.connect(self._on_box_text)
        self.filters_button.toggled.connect(self._show_filters)
        self.sort_combo.currentIndexChanged.connect(self._on_sort_chosen)
        self.case_list.table.horizontalHeader().sortIndicatorChanged.connect(
            lambda *_: self._show_sort())
        self.export_button.clicked.connect(self.export_csv)
        self.summary_button.clicked.connect(lambda: self.show_cohort())
        self.saved.run_requested.connect(self.run_query)

    # -- the query -------------------------------------------------------------------------
    def query_text(self) -> str:
        """What is searched: the box's text ("" in the trash, which is filtered, not searched)."""
        return self.model.query.text if self.model.searching else ""

    def run_query(self, text: str) -> None:
        self.box.setText(text)
        self.case_list.apply_filter()

    def _on_filter_edited(self, field: str, new: object) -> None:
        self.box.setText(with_filter(self.box.text(), field, new))  # type: ignore[arg-type]

    # -- results ---------------------------------------------------------------------------
    def _on_search_applied(self, result: SearchResult) -> None:
        self._show_problem(None)
        hints = [*result.filter_hints, *([result.word_hint] if result.word_hint else [])]
        self._show_suggestion(result.suggestion if not result.total else None,
                              hints if not result.total else [])
        if result.over_cap:
            self.message.emit(f"More than {result.total:,} cases match: add words or filters "
                              f"to narrow the search (the {result.total:,} most recent shown; "
                              "the count's tooltip says more)")  # the advice first: a
            # message wider than the status bar is cut at its end (status_message)
        self._follow_search()  # here, not at the rows' reset: the problem is cleared now

    def _on_search_failed(self, problem: QueryProblem) -> None:
        self._show_suggestion(None)
        self._show_problem(problem)
        self._follow_search()

    def _on_rows_reset(self) -> None:
        if not self.model.searching:
            self._show_problem(None)
            self._show_suggestion(None)
        self._show_sort()
        self._show_indicator()
        words = self.model.searching and has_words(self.model.query.text)
        self.case_list.table.setColumnHidden(COL_SNIPPET, not words)  # filters show no words
        self._show_count()
        if not self.model.searching:  # the whole list or the trash (a search follows once
            self._follow_search()  # applied: the reset comes before the search's result)

    def _show_problem(self, problem: QueryProblem | None) -> None:
        self._problem = problem
        self.problem_label.setVisible(problem is not None)
        self.problem_label.setText(problem_html(self.model.query.text, problem) if problem else "")

    def _show_suggestion(self, suggestion: str | None, hints: list[str] | None = None) -> None:
        """Under the box, for a query without hits whose words are close to known ones: "No
        cases match. Did you mean: blinatumomab?"; the link runs the corrected query. A filter
        whose value no case holds (``hints``): "drug:blina matches no drug in this casebook.
        Did you mean drug:blinatumomab?", the link searching for it."""
        self._suggestion = suggestion
        self.suggestion_bar.setVisible(suggestion is not None or bool(hints))
        self.suggestion_label.setText("\n".join(hints) if hints
                                      else "No cases match. Did you mean:")
        self.suggestion_button.setVisible(suggestion is not None)
        self.suggestion_button.setText((f"Search {suggestion}" if hints else f"{suggestion}?")
                                       if suggestion else "")
        self.suggestion_button.setToolTip(f"Search for: {suggestion}" if suggestion else "")

    def run_suggestion(self) -> None:
        if self._suggestion:
            self.run_query(self._suggestion)

    def _show_count(self) -> None:
        note = self.model.over_cap_note if self.model.searching else None
        self.count_label.setText(count_text(self.model.total, self.model.searching, bool(note)))
        self.count_label.setToolTip(f"More than {self.model.total:,} cases match: {note}"
                                    if note else "")

    # -- sort ------------------------------------------------------------------------------
    def _on_sort_chosen(self, index: int) -> None:
        self.model.set_search_sort(self.sort_combo.itemData(index))
        self._show_indicator()

    def _show_indicator(self) -> None:
        """The header's sort arrow on the column the rows are sorted by (Matches: relevance)."""
        model = self.model
        key = model.search_sort if model.searching else model.query.sort
        column = next((i for i, c in enumerate(COLUMNS) if c[0] == key), COL_SNIPPET)
        descending = key == "relevance" or model.query.descending
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        header = self.case_list.table.horizontalHeader()
        header.blockSignals(True)  # the model is sorted already
        header.setSortIndicator(column, order)
        header.blockSignals(False)
        header.viewport().update()

    def _show_sort(self) -> None:
        """The box names the sort applied and offers only the ones that can apply now: no
        greyed Relevance without a query to rank by (a stranger took it for the list's sort).
        A sort left out is hidden from the list and disabled, so the arrow keys step over it
        too."""
        combo, searching = self.sort_combo, self.model.searching
        items, view = combo.model(), combo.view()  # a combo box's own QStandardItemModel
        for row in range(combo.count()):
            key = combo.itemData(row)
            usable = (key in SEARCH_SORTS) if searching else key != "relevance"
            if isinstance(items, QStandardItemModel):
                items.item(row).setEnabled(usable)
            if isinstance(view, QListView):
                view.setRowHidden(row, not usable)
        combo.blockSignals(True)
        combo.setCurrentIndex(combo.findData(self.model.search_sort))
        combo.blockSignals(False)

    # -- export and summary (in the background) --------------------------------------------
    def _cannot_run(self, what: str) -> bool:
        """A query the box marks: ``what`` says so in words before a file is asked for or a
        summary made (the terminal's carets under the query do not line up in a dialog)."""
        try:
            self.search.parse(self.query_text(), as_you_type=True)
        except QueryError as exc:
            self.prompter.error(f"{what} needs a search that can run: "
                                f"{exc.message.rstrip('.')}.\n\nCorrect it in the search box.")
            return True
        return False

    def export_csv(self) -> None:
        if self._cannot_run("Exporting the search results"):
            return
        path = choose_save_target(self.prompter, "Export search results to CSV",
                                  "casebook-search.csv", self.search.ctx.paths.root, CSV_FILTER)
        if path is None:
            return
        service, text, sort = self.search, self.query_text(), self.model.search_sort

        def work(_progress: object) -> int:  # the dialog asked about replacing the file
            return service.export_csv(service.parse(text, as_you_type=True), path, sort,  # type: ignore[arg-type]
                                      force=True)

        self.runner.start(work, on_done=lambda n: self._on_exported(n, path),
                          on_failed=self.prompter.error)

    def _on_exported(self, count: int, path: Path) -> None:
        if not isValid(self):
            return  # the window closed while the file was written
        self.message.emit(f"Exported {count} case{'s' if count != 1 else ''} to {path}.")

    def show_cohort(self, follow: bool = False) -> None:
        """Summary: the cohort summary of the search, in its window. ``follow``: the search
        changed while the window was open (updated in place, not raised; no error dialog)."""
        if not follow and self._cannot_run("The summary"):
            return
        service, text = self.search, self.query_text()
        self._cohort_asked += 1
        asked = self._cohort_asked

        def work(_progress: object) -> CohortSummary:
            return service.cohort_summary(service.parse(text, as_you_type=True))

        self.runner.start(work, on_done=lambda s: self._on_cohort(s, text, asked, follow),
                          on_failed=self.prompter.error)

    def _on_cohort(self, summary: CohortSummary, text: str, asked: int, follow: bool) -> None:
        if not isValid(self) or asked != self._cohort_asked:
            return  # an older summary: the newer one is shown
        dialog = self.cohort_dialog
        if summary.error is not None:
            if follow and dialog is not None:
                dialog.show_out_of_date(text, f"it cannot be summarised: "
                                              f"{summary.error.message}")
            else:
                self.prompter.error(summary.error.message)
            return
        if dialog is None:
            dialog = self.cohort_dialog = CohortDialog(self)
        dialog.show_summary(summary, text)
        if not follow:
            dialog.show()
            dialog.raise_()

    def _follow_search(self) -> None:
        """An open Summary window follows the search: out of date at once, updated when the
        new summary arrives (a search that cannot be run leaves it marked out of date)."""
        dialog = self.cohort_dialog
        if dialog is None or not dialog.isVisible():
            return
        if self._problem is not None:
            self._cohort_asked += 1  # a summary still on its way is out of date too
            dialog.show_out_of_date(self.box.text().strip(),
                                    "correct the search to update this summary")
            return
        text = self.query_text()
        if text != dialog.query or dialog.out_of_date:  # out of date: a failed search put
            dialog.show_out_of_date(text, "updating…")  # back as it was asks again
            self.show_cohort(follow=True)
