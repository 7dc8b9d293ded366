"""Room for the editor: the case list, the section list and the feedback panels give way when
the window is narrow, and come back when there is room again (issue 15).

Each panel has a View-menu toggle (the case list's is the window's "Case list", F9). When the
open case's form would get less than ``EDITOR_SHARE`` of the window, the panels are hidden in
the order of ``GIVE_WAY`` (the case list first: it is not needed while a case is edited; then the
feedback panels; then the section list, whose sections Ctrl+PgUp/PgDn and Ctrl+1…9 still
reach). A panel hidden that way comes back, in reverse order, once the window is wide enough
again, or (the case list) when the case is closed, and all of them at the next start. A panel
the user shows by hand (the case list by Ctrl+F or F9) stays until the window is next resized
or the app is started again; the others (also one shown by hand before) give way to it, in the
same order, while the form would get less than ``FORM_MIN_WIDTH`` (Ctrl+F at 1024x768 squeezed
the form behind a horizontal scroll bar), and come back when it is hidden again. What the user
hid by hand is remembered with the window (gui.window_state).

With no case open the case list is what the window is for: it takes the window's width but
for the empty page's least width, or the width the user dragged it to then (``browse``).
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMenu, QSplitter, QWidget

if TYPE_CHECKING:
    from gui.main_window import MainWindow

EDITOR_SHARE = 0.55  # the open case's form gets at least this share of the window
FORM_MIN_WIDTH = 560  # every section's form fits in this without a horizontal scroll bar
HANDLE = 8  # a splitter handle and frame, per shown panel
GIVE_WAY = ("case_list", "feedback", "sections")
TITLES = {"sections": ("&Section list", "Show or hide the list of sections"),
          "feedback": ("&Feedback panels", "Show or hide the problems, completeness and "
                       "timeline panels")}
MIN_SHOWN_WIDTH = {"case_list": 340, "sections": 150, "feedback": 240}
MAX_SHOWN_WIDTH = {"case_list": 440, "sections": 200, "feedback": 320}


@dataclass
class Panel:
    name: str
    widget: QWidget
    action: QAction


class PanelLayout(QObject):
    """Fits the panels of ``window`` (a MainWindow) to its width; see the module docstring."""

    def __init__(self, window: MainWindow, view_menu: QMenu | None,
                 case_open: Callable[[], bool]) -> None:
        super().__init__(window)
        self.window, self.case_open = window, case_open
        editor = window.editor
        self.panels: dict[str, Panel] = {
            "case_list": Panel("case_list", window.search_panel, window.commands.show_list)}
        for name, widget in (("sections", editor.section_list), ("feedback", editor.side_tabs)):
            text, tip = TITLES[name]
            action = QAction(text, window)
            action.setCheckable(True)
            action.setChecked(True)
            action.setStatusTip(tip)
            action.setObjectName(f"show_{name}")
            action.toggled.connect(widget.setVisible)
            if view_menu is not None:
                view_menu.addAction(action)
            self.panels[name] = Panel(name, widget, action)
        self.auto_hidden: list[str] = []  # hidden by the fit, most recent last
        self.pinned: set[str] = set()  # shown by hand: kept until the window is resized
        for panel in self.panels.values():
            panel.action.triggered.connect(lambda on, n=panel.name: self._by_hand(n, on))
        self._last_width = 0
        self._widths: dict[str, int] = {}  # a panel's width when the fit hid it
        self.browse_width: int | None = None  # the case list's, dragged with no case open
        self._spread = False  # the list has its width with no case open (spread or dragged)
        self._beside = MIN_SHOWN_WIDTH["case_list"]  # its width beside an open case
        window.splitter.splitterMoved.connect(lambda _pos, _index: self._list_dragged())
        offer = getattr(window, "demo_offer", None)
        if offer is not None:  # the empty page's offer gone: the list takes its room
            offer.filled.connect(lambda _message: self.browse())
            offer.dismissed.connect(self.browse)  # an import filled the empty casebook

    # -- what is shown -----------------------------------------------------------------------
    def shown(self, name: str) -> bool:
        return self.panels[name].action.isChecked()

    def set_shown(self, name: str, shown: bool) -> None:
        self.panels[name].action.setChecked(shown)

    def show_by_hand(self, name: str) -> None:
        """Show a panel as its View-menu toggle does (a key that focuses it asked for it)."""
        if not self.shown(name):
            self.panels[name].action.trigger()

    def _by_hand(self, name: str, shown: bool) -> None:
        if name in self.auto_hidden:
            self.auto_hidden.remove(name)
        if shown:
            self.pinned.add(name)
            self._give_width(name, self._expected_width(name))
        else:
            self.pinned.discard(name)
        if not self.case_open():
            self.browse()
            return
        if shown:  # the others give way (also one shown by hand before) until the form is not
            # squeezed behind a scroll bar (F9 at 1024x768, with the feedback panels shown by
            # hand, left it 436 px)
            self._hide_until(FORM_MIN_WIDTH, keep=name)
            self._room_soon(FORM_MIN_WIDTH, keep=name)  # a panel wider than reckoned gives way
        else:  # and come back into the room it leaves
            self._bring_back(EDITOR_SHARE * self.window.width())

    # -- fitting -----------------------------------------------------------------------------
    def window_resized(self) -> None:
        """Called from the window's resizeEvent (a restored window is not refitted)."""
        width = self.window.width()
        changed, self._last_width = width != self._last_width, width
        if changed and self.window.isVisible():
            self.pinned.clear()
            self.fit()
            self.browse()

    def form_width(self, hidden: AbstractSet[str] = frozenset()) -> int:
        """The width the open case's form gets with the panels now shown, less ``hidden``."""
        width = self.window.width()
        for name in self.panels:
            if self.shown(name) and name not in hidden:
                if name == "case_list" and not self.case_open():
                    continue
                width -= self._expected_width(name) + HANDLE
        return width

    def fit(self) -> None:
        """Hide panels until the form has its share; show auto-hidden ones that fit again."""
        target = EDITOR_SHARE * self.window.width()
        if self.case_open():
            self._hide_until(target)
        self._bring_back(target)

    def _hide_until(self, target: float, keep: str | None = None) -> None:
        """Hide panels in the order of ``GIVE_WAY`` until the form gets ``target``: those shown
        by hand stay, unless ``keep`` (the one just shown by hand) is given: then all but it
        give way."""
        hidden: set[str] = set()
        for name in GIVE_WAY:
            if self.form_width(hidden) >= target:
                break
            stays = name == keep if keep is not None else name in self.pinned
            if self.shown(name) and not stays:
                hidden.add(name)
        focus = QApplication.focusWidget()
        for name in GIVE_WAY:
            if name in hidden:
                had_focus = focus is not None and self.panels[name].widget.isAncestorOf(focus)
                self._widths[name] = self.panels[name].widget.width()
                self.pinned.discard(name)
                self.auto_hidden.append(name)
                self.set_shown(name, False)
                if had_focus:
                    self._focus_editor()

    def _focus_editor(self) -> None:
        """Focus stays with the case, not the next widget in the chain (a button, say)."""
        editor = self.window.editor
        page = editor.stack.currentWidget()
        if editor.section_list.isVisible():
            editor.section_list.setFocus()
        elif page is not None:
            page.setFocus()

    def _bring_back(self, target: float) -> None:
        for name in reversed(list(self.auto_hidden)):
            if name == "case_list" and not self.case_open():
                fits = True  # nothing to edit: the list is what the window is for
            else:
                need = self._expected_width(name) + HANDLE
                fits = self.form_width() - need >= target
            if not fits:
                break
            self.auto_hidden.remove(name)
            width = self._expected_width(name)
            self.set_shown(name, True)
            self._give_width(name, width)

    def _give_width(self, name: str, width: int) -> None:
        """A panel shown again gets its usual width back, taken from the form (a splitter gives
        a re-shown pane whatever is left: the case list came back 216 px wide at 1920)."""
        widget = self.panels[name].widget
        splitter = widget.parentWidget()
        if not isinstance(splitter, QSplitter):
            return
        sizes = splitter.sizes()
        index = splitter.indexOf(widget)
        stretch = 1  # the editor, or the form between the section list and the panels
        if index < 0 or len(sizes) <= stretch or sizes[index] >= width:
            return
        sizes[stretch] -= width - sizes[index]
        sizes[index] = width
        if sizes[stretch] > 0:
            splitter.setSizes(sizes)

    def _expected_width(self, name: str) -> int:
        widget = self.panels[name].widget
        width = widget.width() if widget.isVisible() else self._widths.get(name, widget.width())
        return min(max(width, MIN_SHOWN_WIDTH[name]), MAX_SHOWN_WIDTH[name])

    def case_opened(self) -> None:
        if self._spread and self.shown("case_list"):  # beside the case at its usual width
            self._set_list_width(self._beside)
        self._spread = False
        self.fit()
        self._room_soon(max(FORM_MIN_WIDTH, EDITOR_SHARE * self.window.width()))

    # -- the form's room, measured -------------------------------------------------------------
    def _room_soon(self, need: float, keep: str | None = None) -> None:
        """``make_room`` once the layout has placed the panels (their widths are known then)."""
        QTimer.singleShot(0, self, lambda: self.make_room(need, keep))

    def make_room(self, need: float, keep: str | None = None) -> None:
        """The form gets ``need`` px as laid out: the fit reckons with a panel's usual width,
        but a panel dragged wider keeps its width (the case list widened by hand to 760 px left
        the form about 320 px at 1024x768 after F9, its fields cut). Panels wider than their
        least width give it back first, in the order of ``GIVE_WAY``; then they give way
        (hidden), the one just shown by hand (``keep``) and those pinned excepted."""
        if not self.case_open():
            return
        for name in ("sections", "feedback"):  # one shown as a sliver (a splitter size of 0
            # restored with it at the next start) gets its least width: then room or give way
            widget = self.panels[name].widget
            if widget.isVisible() and widget.width() < MIN_SHOWN_WIDTH[name]:
                self._give_width(name, MIN_SHOWN_WIDTH[name])
        lack = int(need) - self.window.editor.stack.width()
        for name in GIVE_WAY:
            if lack > 0 and self.panels[name].widget.isVisible():
                lack -= self._narrow(name, lack)
        for name in GIVE_WAY:
            stays = name == keep if keep is not None else name in self.pinned
            if lack > 0 and self.panels[name].widget.isVisible() and not stays:
                lack -= self.panels[name].widget.width() + HANDLE
                self._widths[name] = MIN_SHOWN_WIDTH[name]
                self.pinned.discard(name)
                self.auto_hidden.append(name)
                self.set_shown(name, False)

    def _narrow(self, name: str, lack: int) -> int:
        """Narrow a panel by up to ``lack`` px, to no less than its least width, the form (or
        the editor holding it) getting the difference; what was taken."""
        widget = self.panels[name].widget
        splitter = widget.parentWidget()
        if not isinstance(splitter, QSplitter):
            return 0
        sizes, index = splitter.sizes(), splitter.indexOf(widget)
        take = min(lack, sizes[index] - MIN_SHOWN_WIDTH[name]) if index >= 0 else 0
        if take <= 0 or len(sizes) < 2:
            return 0
        sizes[index] -= take
        sizes[1] += take  # the editor, or the form between the section list and the panels
        splitter.setSizes(sizes)
        return take

    def case_closed(self) -> None:
        if self.shown("case_list"):
            self._beside = max(self.panels["case_list"].widget.width(),
                               MIN_SHOWN_WIDTH["case_list"])
        if "case_list" in self.auto_hidden:
            self.auto_hidden.remove("case_list")
            width = self._expected_width("case_list")
            self.set_shown("case_list", True)
            self._give_width("case_list", width)
        self.browse()

    # -- no case open: the list is what the window is for ---------------------------------
    def browse(self) -> None:
        """With no case open the case list takes the window's width but for the empty page's
        least width ("No case open", the demo offer), or the width the user dragged it to then
        (at 1024x768 it stayed 276-340 px, titles cut, beside an empty page)."""
        if self.case_open() or not self.shown("case_list"):
            return
        if self.browse_width is not None:
            self._set_list_width(self.browse_width)
            self._spread = True  # a case opened gets the list back at its width beside one
            return
        stack = self.window.editor_stack
        page = stack.currentWidget()
        least = max(stack.minimumSizeHint().width(), page.sizeHint().width() if page else 0)
        offer = getattr(self.window, "demo_offer", None)
        if offer is not None and offer.isVisible():  # an empty casebook: the offer has room
            least = max(least, offer.maximumWidth() + HANDLE * 4)
        self._set_list_width(sum(self.window.splitter.sizes()) - least)
        self._spread = True

    def _list_dragged(self) -> None:
        if not self.case_open() and self.shown("case_list"):
            self.browse_width = self.window.splitter.sizes()[0]
            self._spread = True  # dragged wide, it still goes back beside a case opened

    def _set_list_width(self, width: int) -> None:
        splitter = self.window.splitter
        total = sum(splitter.sizes())
        width = max(min(width, total - 1), 1)
        if total > 1 and splitter.sizes()[0] != width:
            splitter.setSizes([width, total - width])

    # -- remembered ----------------------------------------------------------------------------
    def save(self, store: QSettings) -> None:
        for name in ("sections", "feedback"):
            store.setValue(f"window/{name}_visible", self.shown(name))
        store.setValue("window/auto_hidden", ",".join(self.auto_hidden))
        store.setValue("window/list_browse", self.browse_width or 0)

    def restore(self, store: QSettings) -> None:
        """The user's own choices come back: a panel hidden by hand stays hidden. What the fit
        did for the case open then does not: a start opens no case, so a panel hidden to make
        room for it is shown again and nothing is pinned, as on a first start, and the next
        case opened is fitted afresh. (Closed with the case list shown by F9 over an open
        case at 1024x768, the next start restored the section list hidden for it and the
        list pinned, and every case opened then had no section list.)"""
        saved = str(store.value("window/auto_hidden", "") or "").split(",")
        for name in ("sections", "feedback"):
            shown = bool(store.value(f"window/{name}_visible", True, type=bool))
            self.set_shown(name, shown or name in saved)
        if "case_list" in saved:  # as at a case's close
            self.set_shown("case_list", True)
        self.auto_hidden = []
        self.pinned = set()
        browse = store.value("window/list_browse", 0, type=int)
        self.browse_width = browse if isinstance(browse, int) and browse > 0 else None
        QTimer.singleShot(0, self, self.browse)  # once the window is shown at its size
