"""A non-modal bar at the top of the main window for what the background checks found:
a database that failed its quick check (with the offer to restore the newest good backup), or
an automatic backup that could not be made."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, SignalInstance
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from gui.style_flags import restyle

if TYPE_CHECKING:
    from core.services import Casebook

STYLE = """
HealthBanner { background: #fdecea; border-bottom: 1px solid #e0a8a0; }
HealthBanner[level="warning"] { background: #fff4e0; border-bottom: 1px solid #e8c98a; }
HealthBanner QLabel { color: #3b1f1b; }
"""


class HealthBanner(QFrame):
    """Hidden until ``show_problem``; ``restore_requested`` when its restore button is clicked."""

    restore_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("HealthBanner")
        self.setStyleSheet(STYLE)
        self.setAccessibleName("Database health")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.restore_button = QPushButton("&Restore the newest good backup…")
        self.restore_button.clicked.connect(self.restore_requested)
        self.dismiss_button = QPushButton("&Dismiss")
        self.dismiss_button.setToolTip("Hide this message (it comes back at the next start "
                                       "while the problem lasts)")
        self.dismiss_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.restore_button)
        layout.addWidget(self.dismiss_button)
        self.hide()

    def show_problem(self, text: str, can_restore: bool, level: str = "error") -> None:
        self.message.setText(text)
        self.restore_button.setVisible(can_restore)
        restyle(self, "level", level)
        self.show()

    def show_refused(self, reason: str | None) -> None:
        """Saves are refused (an import's undo failed): say why; nothing when ``reason`` is
        None."""
        if reason:
            self.show_problem(reason, can_restore=False)


def with_banner(banner: QWidget, body: QWidget) -> QWidget:
    """The main window's central widget: the banner above ``body``."""
    central = QWidget()
    layout = QVBoxLayout(central)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    layout.addWidget(banner)
    layout.addWidget(body, 1)
    return central


def show_folder_state(banner: HealthBanner, casebook: Casebook, checked: SignalInstance) -> None:
    """A folder whose audit key is missing or another one opens read-only: say so and how
    to put the key back (saving shows the same message; the edit is kept as a draft).
    ``checked``: the automatic backup check's signal (its report)."""
    if casebook.ctx.writes_refused:  # an import's undo failed: saves are refused
        banner.show_refused(casebook.ctx.writes_refused)
        return
    problem = casebook.ctx.audit.problem
    if not (casebook.ctx.read_only and problem):
        return
    banner.show_problem(problem, can_restore=False)
    # the automatic backup fails for the same reason: the cause stays what the banner says
    # (a damaged database found by the start-up check is shown instead, with its offer)
    checked.connect(lambda report: None if report.problems
                    else banner.show_problem(problem, can_restore=False))
