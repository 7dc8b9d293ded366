"""The Figures section: the case's figures as cards (``figure_card``), added from a file dialog,
by dropping files on the page or by pasting an image, each replaceable, removable and movable.

Every change goes through the undo stack as one step (Ctrl+Z); the files themselves are stored
off the UI thread (``figure_files``) before the row is added, so saving the case records it
(and its audit) like any other edit.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import (
    QAction,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
    QPixmap,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.services.figures import file_fields
from gui.background import BackgroundRunner
from gui.dialogs.prompter import remember_folder, start_in
from gui.editor.context import EditContext
from gui.editor.figure_card import FigureCard
from gui.editor.figure_files import (
    FILE_FILTER,
    NO_STORE,
    Outcome,
    Source,
    Storer,
    Thumbnails,
    new_row,
    png_bytes,
)
from gui.editor.mnemonics import Mnemonics
from gui.focus_follow import follow_focus

LIST = "attachments"
# name, button text, shortcut (panel-wide; the card ones act on the card holding the cursor)
PAGE_ACTIONS = (("add", "&Add figure…", "Ctrl+Shift+N"), ("paste", "Paste &image", "Ctrl+V"),
                ("renumber", "&Number in order", "Ctrl+Shift+G"))
CARD_ACTIONS = (("replace", "Replace file…", "Ctrl+Shift+R"), ("up", "Move up", "Ctrl+Shift+Up"),
                ("down", "Move down", "Ctrl+Shift+Down"), ("remove", "Remove", "Ctrl+Delete"))
WINDOW_WIDE = ("add", "renumber")
HINT = ("PNG, JPEG, TIFF or PDF. Drop files here, paste an image (Ctrl+V), or Add figure… "
        "(Ctrl+Shift+N). Files are stored without their metadata.")


class FiguresPanel(QGroupBox):
    def __init__(self, ctx: EditContext, title: str, mnemonics: Mnemonics,
                 parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.ctx = ctx
        self.setObjectName("FiguresPanel")
        self.setAcceptDrops(True)
        runner = BackgroundRunner(self)
        self.storer = Storer(runner, self)
        self.thumbnails = Thumbnails(runner, self)
        self.thumbnails.ready.connect(self._on_thumbnail)
        self.cards: list[FigureCard] = []
        self.current: FigureCard | None = None
        self.actions_: dict[str, QAction] = {}
        self.buttons: dict[str, QPushButton] = {}
        self._generation = 0  # bumped when another case is loaded: late results are dropped
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_buttons(mnemonics))
        self.hint = QLabel(HINT, self)
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.status = QLabel(self)
        self.status.setObjectName("FiguresStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.hide()
        layout.addWidget(self.status)
        self.card_box = QVBoxLayout()
        layout.addLayout(self.card_box)
        layout.addStretch(1)
        self._card_letters = frozenset(mnemonics.used)  # each card: the same free letters
        ctx.doc.reset.connect(self._on_reset)
        ctx.doc.rows_inserted.connect(self._on_rows)
        ctx.doc.rows_removed.connect(self._on_rows)
        ctx.doc.value_changed.connect(self._on_value_changed)
        follow_focus(self, self._on_focus_changed)
        self.sync_cards()

    # -- building --------------------------------------------------------------------------
    def _build_buttons(self, mnemonics: Mnemonics) -> QHBoxLayout:
        row = QHBoxLayout()
        for name, text, key in (*PAGE_ACTIONS, *CARD_ACTIONS):
            action = QAction(text.replace("&", ""), self)
            action.setShortcut(QKeySequence(key))
            # Add figure… and Number in order work from anywhere in the window while the
            # Figures page is shown (the hint names Ctrl+Shift+N; the keyboard is often still
            # in the section list); a hidden page's shortcuts are off
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut if name in WINDOW_WIDE
                                      else Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _=False, n=name: self.run(n))
            self.addAction(action)
            self.actions_[name] = action
        for name, text, key in PAGE_ACTIONS:
            mnemonics.used.add(text[text.index("&") + 1].lower())
            button = QPushButton(text, self)
            button.setToolTip(f"{text.replace('&', '')} ({key})")
            button.setAccessibleName(text.replace("&", ""))
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.clicked.connect(self.actions_[name].trigger)
            row.addWidget(button)
            self.buttons[name] = button
        row.addStretch(1)
        return row

    def run(self, name: str, card: FigureCard | None = None) -> None:
        """An action by name; the card ones act on ``card`` (default: the current card)."""
        if name == "add":
            self.add_from_dialog()
        elif name == "paste":
            self.paste()
        elif name == "renumber":
            self.renumber()
        else:
            card = card or self.current
            if card is None:
                self.show_status("Choose a figure first (Tab to it, or click it).")
                return
            {"replace": self.replace_from_dialog, "up": lambda i: self.move_figure(i, -1),
             "down": lambda i: self.move_figure(i, 1), "remove": self.remove}[name](card.index)

    # -- cards -----------------------------------------------------------------------------
    def rows(self) -> list[dict[str, Any]]:
        return self.ctx.doc.rows(LIST)

    def sync_cards(self) -> None:
        """One card per row, in order (cards are reused; each shows its row's index)."""
        rows = self.rows()
        while len(self.cards) > len(rows):
            card = self.cards.pop()
            if card is self.current:
                self.current = None
            card.form.set_record_path(None)
            card.hide()
            card.deleteLater()
        for i in range(len(rows)):
            if i < len(self.cards):
                self.cards[i].set_index(i)
            else:
                card = FigureCard(self.ctx, i, Mnemonics(self._card_letters),
                                  list(CARD_ACTIONS), lambda n, c: self.run(n, c), self)
                self.card_box.addWidget(card)
                self.cards.append(card)
            self._show_thumbnail(self.cards[i])
            self.cards[i].buttons["up"].setEnabled(i > 0)
            self.cards[i].buttons["down"].setEnabled(i < len(rows) - 1)
        self._mark_current()

    def _show_thumbnail(self, card: FigureCard) -> None:
        row = card.record()
        sha = row.get("file_sha256")
        if not sha:
            card.show_thumbnail(None, "No file")
            return
        image = self.thumbnails.get(self.ctx.files, sha, row.get("media_type"))
        if image is not None:
            card.show_thumbnail(QPixmap.fromImage(image))
        else:
            card.show_thumbnail(None, self.thumbnails.failures.get(sha, ""))

    def _on_thumbnail(self, sha: str) -> None:
        for card in self.cards:
            if card.record().get("file_sha256") == sha:
                self._show_thumbnail(card)

    def _on_reset(self) -> None:
        self._generation += 1
        self.status.hide()
        self.sync_cards()

    def _on_rows(self, path: str, *_args: object) -> None:
        if path == LIST:
            self.sync_cards()

    def _on_value_changed(self, path: str) -> None:
        if not path.startswith(LIST + "["):
            return
        index = int(path[len(LIST) + 1:path.index("]")])
        if index < len(self.cards):
            self.cards[index].refresh()
            if path.endswith(".file_sha256"):
                self._show_thumbnail(self.cards[index])

    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        for card in self.cards:
            if new is not None and (new is card or card.isAncestorOf(new)):
                self.current = card
                self._mark_current()
                return

    def _mark_current(self) -> None:
        if self.current is None and self.cards:
            self.current = self.cards[-1]
        for card in self.cards:
            card.set_current(card is self.current)

    def focus_card(self, index: int, field: str | None = None) -> bool:
        if not 0 <= index < len(self.cards):
            return False
        card = self.cards[index]
        self.current = card
        self._mark_current()
        if field is None or not card.form.focus_field(field):
            if field == "no_full_face_attested":
                card.attested.setFocus(Qt.FocusReason.OtherFocusReason)
            else:
                card.focus_first()
        return True

    def focus_first(self) -> None:
        """The first figure's first field; Add figure… when there is none."""
        if not self.focus_card(0):
            self.buttons["add"].setFocus(Qt.FocusReason.ShortcutFocusReason)

    def show_status(self, text: str, *, error: bool = False) -> None:
        self.status.setStyleSheet("color: #b71c1c;" if error else "")
        self.status.setText(text)
        self.status.setVisible(bool(text))

    # -- adding, replacing -----------------------------------------------------------------
    def add_from_dialog(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "Add figure", start_in(), FILE_FILTER)
        if names:
            remember_folder(Path(names[0]))
            self.add_paths([Path(n) for n in names])

    def add_paths(self, paths: list[Path]) -> None:
        """Store the files (on a worker thread), then add a figure for each one stored."""
        self._store([(p.name, p) for p in paths], self._add_stored)

    def paste(self) -> None:
        """Ctrl+V on the page: the clipboard's image, or the files copied in a file manager."""
        mime = QGuiApplication.clipboard().mimeData()
        paths = _local_paths(mime)
        if paths:
            self.add_paths(paths)
        elif mime is not None and mime.hasImage():
            image = QGuiApplication.clipboard().image()
            self._store([("pasted image", png_bytes(image))], self._add_stored)
        else:
            self.show_status("The clipboard holds no image: copy an image (or image files) "
                             "first.", error=True)

    def replace_from_dialog(self, index: int) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Replace the figure's file", start_in(),
                                              FILE_FILTER)
        if name:
            remember_folder(Path(name))
            self.replace_path(index, Path(name))

    def replace_path(self, index: int, path: Path) -> None:
        self._store([(path.name, path)], lambda outcomes: self._replace_stored(index, outcomes))

    def _store(self, sources: list[Source], then: Any) -> None:
        files = self.ctx.files
        if files is None:
            self.show_status(NO_STORE, error=True)
            return
        generation = self._generation
        names = ", ".join(name for name, _ in sources)
        self.show_status(f"Storing {names}…")

        def done(outcomes: list[Outcome]) -> None:
            if generation == self._generation:  # still the same case
                then(outcomes)

        self.storer.store(self.ctx.session_files or files, sources, done,
                          lambda message: self.show_status(message, error=True))

    def _add_stored(self, outcomes: list[Outcome]) -> None:
        stored = [o for o in outcomes if o.stored is not None]
        numbers = [r.get("figure_number") or 0 for r in self.rows()]
        next_number = max(numbers, default=0) + 1
        rows = [new_row(o.stored, o.name, next_number + i)
                for i, o in enumerate(stored) if o.stored is not None]
        if rows:
            first = len(self.rows())
            text = "Add figure" if len(rows) == 1 else f"Add {len(rows)} figures"
            self.ctx.insert_rows(LIST, first, rows, text)
            self.focus_card(first)
        self._report(outcomes, "added")

    def _replace_stored(self, index: int, outcomes: list[Outcome]) -> None:
        outcome = outcomes[0]
        if outcome.stored is not None and index < len(self.rows()):
            stack = self.ctx.undo_stack
            stack.beginMacro(f"Replace the file of figure {index + 1}")
            try:  # a new image is not yet attested
                fields = {**file_fields(outcome.stored, outcome.name),
                          "no_full_face_attested": None}
                for name, value in fields.items():
                    self.ctx.set_field(f"{LIST}[{index}].{name}", value)
            finally:
                stack.endMacro()
            self.focus_card(index)
        self._report(outcomes, "replaced")

    def _report(self, outcomes: list[Outcome], verb: str) -> None:
        refused = [o.message for o in outcomes if o.stored is None]
        done = [o.name for o in outcomes if o.stored is not None]
        lines = [f"{', '.join(done)}: {verb}." if done else "", *refused]
        self.show_status("\n".join(line for line in lines if line), error=bool(refused))

    # -- removing, moving, numbering -------------------------------------------------------
    def remove(self, index: int) -> None:
        if not 0 <= index < len(self.rows()):
            return
        number = self.rows()[index].get("figure_number")
        self.ctx.remove_rows(LIST, index)
        self.show_status(f"Figure {number or index + 1} removed (Ctrl+Z brings it back).")
        if self.cards:
            self.focus_card(min(index, len(self.cards) - 1))

    def move_figure(self, index: int, step: int) -> None:
        target = index + step
        if not (0 <= index < len(self.rows()) and 0 <= target < len(self.rows())):
            return
        stack = self.ctx.undo_stack
        stack.beginMacro("Move figure up" if step < 0 else "Move figure down")
        try:
            row = self.rows()[index]
            self.ctx.remove_rows(LIST, index)
            self.ctx.insert_rows(LIST, target, [row])
        finally:
            stack.endMacro()
        self.focus_card(target)

    def renumber(self) -> None:
        """Figure numbers 1, 2, 3… in the order shown."""
        stack = self.ctx.undo_stack
        stack.beginMacro("Number the figures in order")
        try:
            for i, _row in enumerate(self.rows()):
                self.ctx.set_field(f"{LIST}[{i}].figure_number", i + 1)
        finally:
            stack.endMacro()

    # -- drag and drop ---------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        mime = event.mimeData()
        if (_local_paths(mime) or mime.hasImage()) and not self.ctx.read_only:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        mime = event.mimeData()
        paths = _local_paths(mime)
        if paths:
            self.add_paths(paths)
        elif mime.hasImage():
            image = mime.imageData()
            self._store([("dropped image", png_bytes(image))], self._add_stored)
        event.acceptProposedAction()


def _local_paths(mime: QObject | None) -> list[Path]:
    urls = mime.urls() if mime is not None and hasattr(mime, "urls") else []
    return [Path(u.toLocalFile()) for u in urls if u.isLocalFile()]
