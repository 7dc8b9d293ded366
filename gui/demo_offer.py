"""The empty-state offer: on a start with no cases and no drafts, "Open demo data" fills the
folder with the two reference cases plus ``DEMO_COUNT`` synthetic ones, in the background.
Adding them is all or nothing; when a run stopped before it finished (the app or `casebook
demo` was stopped), the next start's offer says that none of its cases were kept."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from core.errors import CasebookError
from core.logs import get_logger
from core.services import Casebook
from core.services.demo import DemoReport, fill_demo, forget_unfinished, unfinished
from core.services.values import ListQuery
from gui.background import BackgroundRunner, Progress
from gui.dialogs.prompter import Prompter
from gui.progress import run_with_progress

log = get_logger("gui.demo")

DEMO_COUNT = 200  # synthetic cases; tests lower it
OFFER_WIDTH = 480
OFFER_MIN_WIDTH = 240


def is_empty_start(casebook: Casebook) -> bool:
    """No case (in the list or the trash) and no autosaved draft."""
    try:
        cases = casebook.cases  # one row is enough to know (no count of 100k at start-up)
        stored = any(cases.list_cases(ListQuery(limit=1, trashed=trashed))
                     for trashed in (False, True))
        return not stored and not casebook.drafts.list_drafts()
    except CasebookError:
        return False


def stopped_run(casebook: Casebook) -> int | None:
    """The demo cases of a run that stopped before it finished (none kept), said once: its
    note goes as the offer says it. None when there was no such run."""
    try:
        count = unfinished(casebook.cases)
        if count is not None:
            forget_unfinished(casebook.cases)
        return count
    except CasebookError as exc:  # the offer is still made, in its usual words
        log.warning("the note of a demo run that stopped could not be read or removed: %s",
                    exc)
        return None


def offer_words(stopped: int | None) -> tuple[str, str]:
    """The offer's title and text; ``stopped``: the cases of a run that did not finish."""
    what = (f"the two reference cases from the literature and {DEMO_COUNT} made-up "
            "(synthetic) cases")
    if stopped is None:
        return ("Your casebook is empty.",
                f"To look around first, open demo data: {what}. Move them to the trash "
                "when you no longer need them.")
    return ("Demo data was not added.",
            f"Adding it last time stopped before it finished, so none of its {stopped} "
            f"case(s) were kept. Open demo data to add {what}.")


class DemoOffer(QFrame):
    """Shown only on an empty start; ``filled(message)`` once the demo cases are stored,
    ``dismissed`` when cases came some other way (an import, a new case) and it hid."""

    filled = Signal(str)
    dismissed = Signal()

    def __init__(self, casebook: Casebook, runner: BackgroundRunner, prompter: Prompter,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.casebook = casebook
        self.runner = runner
        self.prompter = prompter
        self.setObjectName("DemoOffer")
        empty = is_empty_start(casebook)
        self.stopped = stopped_run(casebook) if empty else None
        self.button = QPushButton("Open &demo data")
        self.button.setDefault(True)
        self.button.clicked.connect(self.open_demo_data)
        self._lay_out()
        self.setVisible(empty)

    def _lay_out(self) -> None:
        words = offer_words(self.stopped)
        self.title = QLabel(f"<b>{words[0]}</b>")
        self.text = QLabel(words[1])
        self.text.setWordWrap(True)
        layout = QVBoxLayout(self)
        for widget in (self.title, self.text):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(widget)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignCenter)
        layout.setContentsMargins(20, 16, 20, 16)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMaximumWidth(OFFER_WIDTH)
        self.setMinimumWidth(OFFER_MIN_WIDTH)  # small: the page sits in the editor's stack

    def open_demo_data(self) -> None:
        self.button.setEnabled(False)
        count = DEMO_COUNT

        def work(progress: Progress) -> DemoReport:
            return fill_demo(self.casebook.cases, count, on_progress=progress)

        run_with_progress(self.runner, self.window(), "Adding demo cases…", work,
                          self._on_filled, self._on_failed)

    def _on_filled(self, report: DemoReport) -> None:
        self.hide()
        self.filled.emit(f"Added {report.added} demo case(s).")

    def _on_failed(self, message: str) -> None:
        self.button.setEnabled(True)
        self.prompter.error(f"Demo data was not added: {message}\n\nNothing of it was kept "
                            "(it is all or nothing); Open demo data tries again.")

    def on_total_changed(self, total: int) -> None:
        """A case was made or imported some other way: the offer has served its purpose."""
        if total and not self.isHidden():
            self.hide()
            self.dismissed.emit()


def placeholder_text(list_key: str | None = None) -> str:
    """The "no case open" words; ``list_key`` (the case list's shortcut, F9) when the list is
    hidden: "Choose a case in the list" pointed at a list that was not there."""
    choose = ("Choose a case in the list and press Enter," if list_key is None else
              f"Press {list_key} to show the case list, choose a case and press Enter,")
    return f"No case open.\n\n{choose}\nor press Ctrl+N to start a new case."


def placeholder_page() -> QLabel:
    label = QLabel(placeholder_text())
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setEnabled(False)
    return label


def start_page(placeholder: QWidget, offer: DemoOffer) -> QWidget:
    """The "no case open" page with the demo offer below its text."""
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.addStretch(1)
    layout.addWidget(placeholder)
    layout.addSpacing(16)
    row = QHBoxLayout()  # centred by stretches, not alignment: the wrapped text keeps its height
    row.addStretch(1)
    row.addWidget(offer)
    row.addStretch(1)
    layout.addLayout(row)
    layout.addStretch(1)
    return page
