"""A choice from a fixed list (enums, yes/no, missing-value reasons): type the first letters
(inline completion) or open the list with F4 / Alt+Down. Only the listed values can be typed: a
keystroke that leads to no listed value is refused with a tooltip naming the choices. A
part-typed value left behind becomes the only value it starts; one that several values start, or
that had a keystroke refused on the way (the first one too: "CNS1" or "CN" is no "no", though N
alone starts only it), stays in the field as typed, refused keys too, for the field to mark as
not stored (never dropped silently; Backspace or Delete in the emptied field starts afresh).
A value may have abbreviations, typed for it: "LP" (proposed as "LP — lumbar puncture")."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QFocusEvent, QHelpEvent, QKeyEvent, QValidator
from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit, QToolTip, QWidget

from gui.editor.values import MISSING_TEXT, SEPARATOR
from gui.editor.widgets.line_field import apply_problem, read_only_look


class ChoiceBox(QComboBox):
    text_edited = Signal(str)
    editingFinished = Signal()  # noqa: N815 - same name as QLineEdit's

    def __init__(self, labels: list[str], parent: QWidget | None = None, name: str = "",
                 abbreviations: dict[str, tuple[str, ...]] | None = None) -> None:
        super().__init__(parent)
        self.base_tip = ""
        self.name = name  # the field's label, for messages
        # what may be typed for a value ("LP" for "lumbar puncture"), and as it is proposed
        self.abbreviated = {f"{a}{SEPARATOR}{label}": label
                            for label, short in (abbreviations or {}).items() for a in short}
        self._abbreviations = {_key(a): label for label, short in (abbreviations or {}).items()
                               for a in short}
        self._shown_text = ""  # the field's value as last shown: what a part-typed text reverts to
        self._keys = ""  # the text keys typed since the line was empty, refused ones too
        self._refused = False  # one was refused since the field was empty: the user typed
        # something else (cleared when the text is emptied, by Backspace/Delete, on focus)
        self._typed_before = ""  # what was typed before the key being taken
        self._kept = ""  # typed text that is no value, left in the field on leaving it
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.addItems(["", *labels])
        self.setMaxVisibleItems(20)
        completer = NoEmptyProposal([*labels, *self.abbreviated], self)  # "LP — lumbar puncture"
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.InlineCompletion)
        self.setCompleter(completer)
        self.setValidator(ListedOnly(self))
        read_only_look(self)  # and so its line edit ('if missing: why')
        self.line_edit().inputRejected.connect(self._hint_choices)
        self.line_edit().textEdited.connect(self.text_edited)
        self.line_edit().textChanged.connect(self._forget_keys_when_empty)
        self.line_edit().installEventFilter(self)
        self.line_edit().editingFinished.connect(self.editingFinished)
        self.activated.connect(lambda _i: self.text_edited.emit(self.currentText()))
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(min(28, max((len(t) for t in labels), default=6) + 2))

    def showPopup(self) -> None:  # noqa: N802 - Qt override
        """The list at least as wide as its longest value, within the screen (Qt moves it
        back onto the screen): it was only as wide as the box, so in a table cell or beside a
        short field a long value was cut off."""
        if self.line_edit().isReadOnly():
            return  # a locked case (gui.editor.read_only): no list to choose from
        view = self.view()
        if view is not None:
            needed = (view.sizeHintForColumn(0) + 2 * view.frameWidth()
                      + view.verticalScrollBar().sizeHint().width() + 4)
            view.setMinimumWidth(min(needed, self.screen().availableGeometry().width() - 8))
        super().showPopup()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # a style sheet sets a combo's palette
            read_only_look(self)
            read_only_look(self.line_edit())

    def line_edit(self) -> QLineEdit:
        """The box's line edit (the box is editable from the start: there always is one)."""
        line = self.lineEdit()
        assert line is not None
        return line

    def value_text(self) -> str:
        """The text, preferring what was typed when it is itself a whole option (so "CR"
        stays "CR" even if inline completion proposes "CR1"). A start several values share,
        left with the completion still only proposed (Tab, a click elsewhere), is no choice:
        the field's value as shown before ("CR" must not become "CR, MRD negative")."""
        line = self.line_edit()
        text = line.text()
        typed = self._proposed_after()
        if typed is not None:
            if self.findText(typed, Qt.MatchFlag.MatchFixedString) > 0:
                return typed
            if whole := self._whole(typed):
                return whole  # a code typed alone ("IV" of "IV — intravenous")
            if len(self._starting(typed)) > 1 or self._refused:
                return self._as_typed(typed)
        elif self._refused_start(text):
            return self._as_typed(text)
        return self.abbreviated.get(text, text)

    def _as_typed(self, text: str) -> str:
        """What was typed that is no value, as typed: with the keys refused on the way ("cur"
        though only "c" could be typed), so the field shows and marks what the user meant."""
        return self._keys if self._refused and self._keys else text

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        self._note_key(event)  # (the box hands its keys to its line edit, past its filters)
        super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.lineEdit() and isinstance(event, QKeyEvent) \
                and event.type() == QEvent.Type.KeyPress:
            self._note_key(event)  # a key sent to the line edit itself
        return super().eventFilter(watched, event)

    def _note_key(self, event: QKeyEvent) -> None:
        """Before the line edit takes the key: what was typed so far (none when all of the text
        is selected, to be replaced), and the key, for a message."""
        line = self.line_edit()
        typed = self._proposed_after()
        self._typed_before = "" if line.selectedText() == line.text() else (
            line.text() if typed is None else typed)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._refused = False  # Enter takes the value shown, on purpose
        elif event.key() in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete) and not self._typed_before:
            self._keys, self._refused = "", False  # erasing in an emptied field: start afresh
        text = event.text()
        mods = event.modifiers()  # Ctrl+A types nothing (Ctrl+Alt is AltGr on Windows: it does)
        shortcut = bool(mods & Qt.KeyboardModifier.ControlModifier) and not (
            mods & Qt.KeyboardModifier.AltModifier)
        if text and text.isprintable() and not shortcut:
            self._keys += text
            self._kept = ""

    def _forget_keys_when_empty(self, text: str) -> None:
        if not text:
            self._keys, self._refused = "", False

    def _refused_start(self, typed: str) -> bool:
        """A start of a value, left after a keystroke was refused: no choice ("CNS1" left "N");
        or nothing, when every key typed into the empty field was refused ("9" in Sex)."""
        if not typed:
            return self._refused and bool(self._keys)
        return self._refused and self._whole(typed) is None and self.findText(
            typed, Qt.MatchFlag.MatchFixedString) <= 0

    def _proposed_after(self) -> str | None:
        """What was typed, when the rest of the text is an inline completion still selected."""
        line = self.line_edit()
        text = line.text()
        if (line.hasSelectedText() and line.selectionStart() > 0
                and line.selectionStart() + len(line.selectedText()) == len(text)):
            return text[:line.selectionStart()]
        return None  # (all of it selected is no proposal: a cell opened, Ctrl+A)

    def _whole(self, typed: str) -> str | None:
        """The listed value typed whole, or whose code ("IV" of "IV — intravenous") was."""
        key = _key(typed)
        return next((c for c in self.choices()
                     if key in (_key(c), _key(c).split(SEPARATOR)[0].strip())), None) or (
            self._abbreviations.get(key) or self._abbreviations.get(key.split(SEPARATOR)[0]))

    def _starting(self, typed: str) -> list[str]:
        key = _key(typed)  # a reason box lists the reasons twice (its items, the reasons)
        shortened = (label for text, label in self.abbreviated.items()
                     if _key(text).startswith(key))
        return list(dict.fromkeys([*(c for c in self.choices() if _key(c).startswith(key)),
                                   *shortened]))

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        """Leaving on a start several values share, or one a keystroke was refused on the way
        to, keeps what was typed (not the proposed rest, which the line edit would make look
        typed when it deselects it): the validator takes it once, so the field's binding gets
        it and marks it not stored; a tooltip says why. A start only one value has becomes it
        (the validator's fixup)."""
        if self.line_edit().isReadOnly():  # a locked case: a selection to copy, nothing typed
            super().focusOutEvent(event)
            return
        typed = self._proposed_after()
        text = self.line_edit().text()
        whole = self._whole(typed) if typed is not None else None
        kept = ""
        if whole is not None:
            self.line_edit().setText(whole)  # "IV" typed whole, even if "IVT" was proposed
        elif typed is not None and (self._refused or len(self._starting(typed)) > 1):
            kept = self._as_typed(typed)
        elif typed is None and self._refused_start(text):
            kept = self._as_typed(text)
        if kept:
            self._kept = kept
            self.line_edit().setText(kept)
            if self._refused or not self._starting(kept):
                self._tell_not_a_value()
            else:
                field = f"{self.name}: " if self.name else ""
                QToolTip.showText(self.mapToGlobal(QPoint(0, self.height())),
                                  f"{field}'{kept}' could be "
                                  f"{', '.join(self._starting(kept)[:8])}: not stored. Type"
                                  " more of it, or Enter to take the value proposed (F4 opens"
                                  " the list)", self)
        super().focusOutEvent(event)
        self._keys, self._refused = "", False
        if event.reason() != Qt.FocusReason.PopupFocusReason:  # (its list, a context menu)
            self.line_edit().setCursorPosition(0)  # the start in view, not the end

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        self._keys, self._refused = "", False
        super().focusInEvent(event)

    def _tell_not_a_value(self) -> None:
        """What was typed (refused keys too) is no value: say so, naming field and values."""
        field = f"{self.name}: " if self.name else ""
        QToolTip.showText(self.mapToGlobal(QPoint(0, self.height())),
                          f"{field}'{self._keys}' is not one of the values "
                          f"({', '.join(self.choices()[:12])}): not stored. Type one of them"
                          " (F4 opens the list)", self)

    def choices(self) -> list[str]:
        """What can be typed: the listed values and the missing-value reasons."""
        return [*(self.itemText(i) for i in range(1, self.count())), *MISSING_TEXT.values()]

    def _hint_choices(self) -> None:
        self._refused = True  # after a start ("CNS") or the first key ("CN": C, then N is no no)
        QToolTip.showText(self.mapToGlobal(QPoint(0, self.height())),
                          "Only a listed value: " + ", ".join(self.choices()[:12])
                          + " (F4 opens the list)", self)

    def set_value_text(self, text: str) -> None:
        self._shown_text, self._kept = text, ""
        if text == self.currentText():
            return
        index = self.findText(text, Qt.MatchFlag.MatchFixedString)
        if index >= 0:
            self.setCurrentIndex(index)
        self.setEditText(text)
        if not self.hasFocus():  # a narrow box shows the value's start ("low-flow ≤6…"), not
            self.line_edit().setCursorPosition(0)  # its end ("-flow ≤6 L/min or blow-by")

    def event(self, event: QEvent) -> bool:
        """The tooltip starts with the whole value when the box is too narrow to show it."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            line, text = self.line_edit(), self.currentText()
            if line.fontMetrics().horizontalAdvance(text) > line.contentsRect().width() - 4:
                tip = "\n".join(t for t in (text, self.toolTip()) if t)
                QToolTip.showText(event.globalPos(), tip, self)
                return True
        return super().event(event)

    def set_problem(self, level: str, message: str = "") -> None:
        apply_problem(self, level, message, self.base_tip)


def is_open_list_key(event: QKeyEvent) -> bool:
    """F4 or Alt+Down: "open this list", as everywhere on the desktop."""
    mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return (event.key() == Qt.Key.Key_F4 and mods == Qt.KeyboardModifier.NoModifier) or (
        event.key() == Qt.Key.Key_Down and mods == Qt.KeyboardModifier.AltModifier)


def _key(text: str) -> str:
    return " ".join(text.lower().replace("_", " ").split())


class NoEmptyProposal(QCompleter):
    """Inline completion that proposes nothing for an empty line. The line edit completes
    after every typed key, a refused one too: in an empty field "9" (refused) left the text
    empty, and the first value of the list ("female") was proposed over it, all of it
    selected, so that Tab stored it."""

    def splitPath(self, path: str) -> list[str]:  # noqa: N802 - Qt override
        return [path] if path else ["\0"]  # (no listed value starts with a NUL)


class ListedOnly(QValidator):
    """Accepts a listed value (any case; for "code — label" the code alone too), an abbreviation
    of one ("LP", "LP — lumbar puncture"), a start of either while typing, and empty."""

    def __init__(self, box: ChoiceBox, parent: QObject | None = None) -> None:
        super().__init__(parent or box)
        self.box = box

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        key = _key(text)
        keys = [_key(c) for c in (*self.box.choices(), *self.box.abbreviated)]
        if self.box._kept and text == self.box._kept:
            return QValidator.State.Acceptable, text, pos  # left so on purpose: to be marked
        if not key or key in keys or key in (k.split(SEPARATOR)[0].strip() for k in keys):
            return QValidator.State.Acceptable, text, pos
        if any(k.startswith(key) for k in keys):
            return QValidator.State.Intermediate, text, pos
        return QValidator.State.Invalid, text, pos

    def fixup(self, text: str) -> str:
        """Left part-typed: the only value it starts (if no keystroke was refused on the way;
        other starts are kept by ``focusOutEvent`` before this is asked), else back to the
        value shown before."""
        starting = self.box._starting(text)
        if len(starting) == 1 and not self.box._refused:
            return starting[0]
        return self.box._shown_text
