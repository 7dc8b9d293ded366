"""A field coded from a vocabulary. Typing proposes a code in place ("L01CA" -> "L01CA02 —
vincristine", the rest selected); Ctrl+Space, Down, Alt+Down or F4 opens a search list matching
any part of code or label. A proposal is only a proposal: Tab, Enter or a click elsewhere keeps
what was typed ("C92" stays "C92", not "C92.0"), with a tooltip when it is no listed code; End
or Right takes it, as does a row chosen in the list (arrows, then Enter or Tab, or a click).
Only the code is stored; a name typed in full stores its code ("China" -> "CN"). Free text
stays allowed (rules flag unknown codes), but in a closed list's field (a response category,
an EGIL subgroup: core.model.closed_lists) a start only one value has is that value and other
text is refused. A picker with a ``scope`` (the case's country for
Patient › Subdivision) lists and takes by name only the entries whose code starts with it; a
response's Category (its row's Scope) lists the categories of that scope and reads a start
among them first ('complete' in the MRD scope), all of them when no Scope is entered.
Escape with the list open closes the list only, putting back what was typed (Qt had left the
entry last arrowed over in its place); the next Escape is the field's or cell's own."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeGuard

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QStringListModel, Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QCompleter, QListView, QToolTip, QWidget

from core.model.closed_lists import CLOSED_VOCABS, listed_code
from gui.editor import vocab_source
from gui.editor.values import code_of
from gui.editor.widgets.choice_box import is_open_list_key
from gui.editor.widgets.line_field import FieldLine


class VocabPicker(FieldLine):
    def __init__(self, vocab: str, parent: QWidget | None = None, name: str = "") -> None:
        super().__init__("text", parent)
        self.vocab = vocab
        self.name = name  # the field's label, for messages
        self.texts = [s.text for s in vocab_source.search(vocab, "", limit=5000)]
        self._codes = {code_of(t).casefold() for t in self.texts}
        completer = QCompleter(QStringListModel(self.texts, self), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setMaxVisibleItems(12)
        self.setCompleter(completer)
        # one list for the picker's life: Qt deletes its completer's list on each switch back to
        # proposals in place, and the list lends the focus to the field, so its deletion took
        # the focus away (keys went nowhere after a pick; a cell closed)
        self._list = QListView()
        self._list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        completer.setPopup(self._list)
        # whether the completer has it (not since a switch to proposals): then the completer
        # deletes it with itself; else the picker's going does (a list, read after it went)
        self._list_lent = [True]
        self._list.installEventFilter(self)  # eats the deletion the switch asks for
        view, lent = self._list, self._list_lent
        self.destroyed.connect(lambda: _free(view, lent))
        self._inline()
        # the text overload (not the index one); PySide6's stubs do not type a signal's [str]
        completer.activated[str].connect(self._on_picked)  # type: ignore[index]
        self.textChanged.connect(self._show_label)
        self.hint = f"Vocabulary: {vocab}"
        # the code the entries' codes start with ("DE" for DE-BY), when it narrows the list
        self.scope: Callable[[], str | None] | None = None
        self._list_width: int | None = None  # the longest entry's, measured once
        self._typed_under_list = ""  # what was typed, while the list shows its entries here
        self.textEdited.connect(self._note_typed_under_list)
        if self.texts:
            self.setPlaceholderText("type a code; Ctrl+Space to search")

    def set_hint(self, placeholder: str, hint: str) -> None:
        """What to type, in the empty field (kept wide enough to show it whole: a form at
        1024 px narrowed Ethnicity's to 140 px, "East Asian, White… or own" cut) and its
        tooltip."""
        self.setPlaceholderText(placeholder)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance(placeholder) + 16)
        self.hint = hint
        self._show_label(self.text())

    def _within(self) -> str | None:
        return self.scope() if self.scope is not None else None

    def _scoped_texts(self) -> list[str]:
        """The entries listed: those of the scope ("DE-…", a response Scope's categories), or
        all when it has none."""
        within = self._within()
        scoped = [t for t in self.texts
                  if vocab_source.in_scope(self.vocab, code_of(t), within)] if within else []
        return scoped or self.texts

    def _narrow_list(self) -> None:
        model = self.completer().model()
        if isinstance(model, QStringListModel) and self.scope is not None:
            model.setStringList(self._scoped_texts())

    def value_text(self) -> str:
        """The code; what was typed, never a completion only proposed after it (a cell is
        stored before its editor loses the focus), and a typed name, in full, stands for its
        code ("china" -> "CN"); a listed code typed in another case is that code ("de" ->
        "DE", as the list would have put it: "de" was stored and shown, a code that is no
        ISO country)."""
        typed = self._typed_before_proposal()
        text = self.text() if typed is None else typed.strip()
        code = code_of(text)
        if self.vocab in CLOSED_VOCABS:  # "complete MRD": complete_MRD_response; other text
            return listed_code(self.vocab, code, self._within()) or text  # as typed, for the
            # field to refuse
        named = vocab_source.code_named(self.vocab, code, self._within() or "") \
            if self.scope is not None else vocab_source.code_named(self.vocab, code)
        return named or self._listed_as(code)

    def _listed_as(self, code: str) -> str:
        """``code`` as the vocabulary spells it when it is a listed code in another case
        ("de": "DE", "c92.0": "C92.0"), else as it is."""
        entry = vocab_source.entry_of(self.vocab, code)
        listed = getattr(entry, "code", None)
        if isinstance(listed, str) and listed != code and listed.casefold() == code.casefold():
            return listed
        return code

    def _typed_before_proposal(self) -> str | None:
        """What was typed, when the rest of the text is an inline completion still selected
        (only proposed); None when there is none."""
        text = self.text()
        start = self.selectionStart()
        if (self.hasSelectedText() and start > 0
                and start + len(self.selectedText()) == len(text)):
            return text[:start]
        return None  # (all of it selected is no proposal: a cell opened, Ctrl+A)

    def _drop_proposal(self) -> None:
        """Tab, Enter or a click elsewhere keep what was typed: Qt's line edit took the
        proposed rest as typed when it deselected it (focus out) or on Enter, so "C92" was
        stored as C92.0 without a word. A text that is no listed code says so."""
        typed = self._typed_before_proposal()
        if typed is None or self.isReadOnly():  # read-only: a selection to copy, not typing
            return
        self.setText(typed)
        if self.vocab in CLOSED_VOCABS:  # a closed list's field refuses what it cannot take,
            return  # saying why where it is marked ("kept as typed" would not be so)
        if typed.strip().casefold() in self._codes or vocab_source.entry_of(
                self.vocab, typed.strip()) is not None or vocab_source.code_named(
                self.vocab, typed.strip(), self._within()) is not None:
            return
        key = typed.strip().casefold()
        starting = [code_of(t) for t in self._scoped_texts() if t.casefold().startswith(key)]
        field = f"{self.name}: " if self.name else ""
        listed = ", ".join(starting[:8]) + (", …" if len(starting) > 8 else "")
        QToolTip.showText(self.mapToGlobal(QPoint(0, self.height())),
                          f"{field}'{typed.strip()}' kept as typed: not one of the listed codes"
                          f" ({listed} start so). Type the whole code, End to take the one"
                          " proposed, or Ctrl+Space to choose from the list", self)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if closes_list(self, event):  # the open list lends its keys here (QCompleter)
            self._put_back_typed()
            event.ignore()  # so the completer closes its list, as Qt does
            return
        space = event.key() == Qt.Key.Key_Space and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        down = (event.key() == Qt.Key.Key_Down or is_open_list_key(event)) \
            and not self._popup_visible()
        if (space or down) and self.texts and not self.isReadOnly():  # (a locked case)
            self.open_search()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self._popup_visible():
            self._drop_proposal()  # Qt's Enter takes an inline proposal: no explicit choice
        super().keyPressEvent(event)

    def open_search(self) -> None:
        """A list of every entry whose code or label contains the text typed so far."""
        completer = self.completer()
        typed = self._typed_before_proposal()
        if typed is not None:  # search what was typed ("C92": all of C92.x), not the proposal
            self.setText(typed)
        self._typed_under_list = self.text()
        self._narrow_list()
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self._lend_list()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionPrefix(code_of(self.text()) if self.text() else "")
        completer.complete(self._list_rect())

    def _lend_list(self) -> None:
        """Gives the completer its list back (it let go of it when switched to proposals in
        place), without the connections it makes on each setPopup doubling (a click would
        pick twice)."""
        completer = self.completer()
        if self._list_lent[0]:  # (asking the completer for its list would make it a new one)
            return
        QObject.disconnect(self._list, None, completer, None)  # type: ignore[call-overload]
        QObject.disconnect(self._list.selectionModel(), None, completer, None)  # type: ignore[call-overload]
        QObject.disconnect(completer, None, self._list, None)  # type: ignore[call-overload]
        delegate = self._list.itemDelegate()  # setPopup gives it a new one
        completer.setPopup(self._list)
        if delegate is not None and delegate is not self._list.itemDelegate():
            delegate.deleteLater()
        self._list_lent[0] = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self._list and event.type() == QEvent.Type.DeferredDelete:
            return True  # the list stays (see __init__); it goes with the picker
        if watched is self._list and event.type() in (QEvent.Type.Show, QEvent.Type.Move,
                                                      QEvent.Type.Resize):
            self._keep_on_screen()
        return super().eventFilter(watched, event)

    def _list_rect(self) -> QRect:
        """Room for the longest entry, within the screen: in a narrow column two WHO-HAEM5
        types both read "B-ALL with BCR:…". The minimum width keeps it so when typing
        refilters the list (Qt then sizes it to the field); Qt moves a list that would pass
        the screen's edge back onto it."""
        popup = self.completer().popup()
        assert popup is not None  # a completer always has its list
        if self._list_width is None:
            metrics = popup.fontMetrics()
            self._list_width = (max((metrics.horizontalAdvance(t) for t in self.texts),
                                    default=0) + 2 * popup.frameWidth()
                                + popup.verticalScrollBar().sizeHint().width() + 12)
        width = min(max(self.width(), self._list_width), self.screen().availableGeometry().width())
        popup.setMinimumWidth(width)
        return QRect(0, 0, width, self.height())

    def _keep_on_screen(self) -> None:
        """Typing refilters the list and Qt shows it again at the field's left edge, sized to
        the field, which its minimum width widens past the screen's right edge: moved back."""
        screen = self.screen().availableGeometry()
        place = self._list.geometry()
        if place.right() > screen.right():
            self._list.move(max(screen.left(), screen.right() + 1 - place.width()), place.y())

    def _inline(self) -> None:
        self.completer().setCompletionMode(QCompleter.CompletionMode.InlineCompletion)
        self._list_lent[0] = False  # Qt let go of it (and asked for its deletion)
        self.completer().setFilterMode(Qt.MatchFlag.MatchStartsWith)

    def close_list(self) -> None:
        """Escape in the open list: the list closes and the field shows what was typed again
        (arrowing through the list shows each entry in the field; none was chosen). Typing
        on filters the list again, as after Qt's own Escape: switching back to proposals in
        place would delete the list, and its deletion takes the focus from the field."""
        self._put_back_typed()
        popup = self.completer().popup()
        if popup is not None:
            popup.hide()

    def _put_back_typed(self) -> None:
        if self.text() != self._typed_under_list:
            self.setText(self._typed_under_list)  # no edit: what was stored stays as it is

    def _note_typed_under_list(self, text: str) -> None:
        if self._popup_visible():  # typed on with the list open (it lends the keys here)
            self._typed_under_list = text

    def _on_picked(self, text: str) -> None:
        code = code_of(text)  # a worded entry ("SD/NR") stands for its code (SD_NR)
        code = vocab_source.code_named(self.vocab, code) or code
        self._inline()
        self.setText(vocab_source.shown(self.vocab, code))
        self.text_edited.emit(code)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        if event.reason() not in (Qt.FocusReason.ActiveWindowFocusReason,
                                  Qt.FocusReason.PopupFocusReason):
            self._drop_proposal()  # before the line edit deselects it, leaving it as if typed
        super().focusOutEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        super().focusInEvent(event)
        # the line edit connects the list's choice to its setText on each focus in, which
        # puts the whole entry ("DE — Germany") in the field now that the list stays: the
        # pick is handled after it, so that the code is what stays
        picked = self.completer().activated[str]  # type: ignore[index]
        picked.disconnect(self._on_picked)
        picked.connect(self._on_picked)
        if not self._popup_visible():
            self._narrow_list()
            self._inline()

    def _popup_visible(self) -> bool:
        popup = self.completer().popup()
        return popup is not None and popup.isVisible()

    def list_open(self) -> bool:
        return self._popup_visible()

    def _show_label(self, text: str) -> None:
        code = code_of(text).strip()
        label = vocab_source.label_of(self.vocab, code)
        self.base_tip = f"{code}: {label}" if label and label != code else ""
        if self.property("problem") in (None, ""):
            self.setToolTip(self.base_tip or self.hint)


def _free(view: QWidget, lent: list[bool]) -> None:
    """A picker's list, deleted with the picker (it has no parent: a popup) unless its
    completer has it (which deletes it: twice would crash)."""
    if not lent[0] and shiboken6.isValid(view):
        shiboken6.delete(view)


def closes_list(widget: QObject, event: QEvent) -> TypeGuard[VocabPicker]:
    """Escape pressed in a vocabulary field whose list is open: it closes the list only, not
    the field's or cell's own Escape (which takes the typing back). The window system hands
    the keys to the open list, which lends them to the field past these filters; a key sent
    to the field itself meets them first (they call ``close_list``)."""
    return (isinstance(widget, VocabPicker) and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            and widget.list_open())
