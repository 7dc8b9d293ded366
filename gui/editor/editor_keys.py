"""The case editor's own keys: section keys and focus keys, and the feedback tabs' Alt+letters
while the window hides those tabs."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from gui.editor.editor import CaseEditor

PROBLEMS_KEY = "Ctrl+Shift+P"  # the Problems list, its panel shown (messages name it)


def add_section_keys(editor: CaseEditor) -> dict[str, QShortcut]:
    """Section keys, Ctrl+L (the section list) and Ctrl+Shift+P (Problems) work from anywhere
    in the window (the case list, the search box too) once the editor shows, i.e. a case is
    open (a hidden widget's shortcut never fires); no other key of the window is either. Alt+Down
    is left to dropdowns (it opens a choice list, as F4 does); undo and redo stay the editor's.
    The shortcuts, by key."""
    window_keys: dict[str, Callable[[], object]] = {
        "Ctrl+PgDown": lambda: editor._step_section(1),
        "Ctrl+PgUp": lambda: editor._step_section(-1),
        "Ctrl+L": editor.focus_section_list,
        PROBLEMS_KEY: editor.focus_problems,
    }
    for i in range(9):
        window_keys[f"Ctrl+{i + 1}"] = partial(editor._go_to_section, i)
    keys = {
        "Ctrl+Z": editor.undo,
        "Ctrl+Y": editor.redo,
        "Ctrl+Shift+Z": editor.redo,
    }
    made: dict[str, QShortcut] = {}
    for table, context in ((window_keys, Qt.ShortcutContext.WindowShortcut),
                           (keys, Qt.ShortcutContext.WidgetWithChildrenShortcut)):
        for key, slot in table.items():
            shortcut = made[key] = QShortcut(QKeySequence(key), editor)
            shortcut.setContext(context)
            shortcut.activated.connect(slot)
    return made


def leave_section(editor: CaseEditor, index: int, forward: bool) -> bool:
    """Tab past section ``index``'s last field: the next section at its first Tab stop;
    Shift+Tab before its first: the previous one at its last, as if the sections were one
    long form (False at the form's end or start, where the cursor stays)."""
    target = index + (1 if forward else -1)
    if not 0 <= target < editor.stack.count():
        return False
    editor._show_index(target)
    editor._pages[target].focus_edge(first=forward)  # the page built by _show_index
    return True


class HiddenTabKeys(QObject):
    """The feedback tabs' Alt+letters (Alt+P, Alt+O, Alt+L) are the tab bar's, dead while the
    window hides the panels: these stand in then, showing the panels at that tab (enabled only
    while the tabs are hidden: two at once would be ambiguous)."""

    def __init__(self, editor: CaseEditor) -> None:
        super().__init__(editor)
        self.editor = editor
        tabs = editor.side_tabs
        self.keys: list[QShortcut] = []
        for index in range(tabs.count()):
            shortcut = QShortcut(QKeySequence.mnemonic(tabs.tabText(index)), editor)
            shortcut.activated.connect(partial(self._show_tab, index))
            self.keys.append(shortcut)
        tabs.installEventFilter(self)
        self._follow_tabs()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.editor.side_tabs and event.type() in (QEvent.Type.Show,
                                                                 QEvent.Type.Hide):
            self._follow_tabs()
        return super().eventFilter(watched, event)

    def _follow_tabs(self) -> None:
        for shortcut in self.keys:
            shortcut.setEnabled(self.editor.side_tabs.isHidden())

    def _show_tab(self, index: int) -> None:
        self.editor.panel_wanted.emit("feedback")
        self.editor.side_tabs.setCurrentIndex(index)


class ShownWatch(QObject):
    """Calls ``changed`` when ``widget`` is shown or hidden (its tab brought forward or left,
    its panel shown or hidden by the window), not when the window is minimized or restored:
    what names the Problems key while the panel is hidden follows it."""

    def __init__(self, widget: QWidget, changed: Callable[[], object]) -> None:
        super().__init__(widget)
        self.changed = changed
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.Show, QEvent.Type.Hide) and not event.spontaneous():
            self.changed()
        return super().eventFilter(watched, event)
