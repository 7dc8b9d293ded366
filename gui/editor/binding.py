"""Binds one form field editor to one field of the document: shows the stored value, commits
typed text (live while typing, merged into one undo step), reports bad text and rule findings,
and offers the missing-value reasons (Ctrl+M or the context menu)."""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QMenu, QPlainTextEdit, QWidget

from core.model import MISSING_REASONS
from core.model.closed_lists import CLOSED_VOCABS, exact_code
from gui.editor.context import EditContext
from gui.editor.field_history import add_history_action
from gui.editor.fields import FieldSpec
from gui.editor.rule_words import with_rule
from gui.editor.typed_dose import set_with_unit
from gui.editor.values import MISSING_TEXT, InputError, Missing, format_value, parse_text
from gui.editor.widgets import FieldEditor
from gui.editor.widgets.vocab_picker import closes_list
from gui.style_flags import restyle

REASON_MENU_TEXT = {"not_reported": "&Not reported", "unknown": "&Unknown",
                    "not_done": "Not &done", "not_applicable": "Not &applicable",
                    "pending": "&Pending"}
LIVE_KINDS = ("text", "narrative", "int", "float", "text_list", "int_list", "coded", "bool",
              "enum", "enum_list")



def join_path(record: str, name: str) -> str:
    """The path of field ``name`` of the record at ``record`` ("" is the case itself)."""
    return f"{record}.{name}" if record else name

class FieldBinding(QObject):
    """``unit_spec``: the record's field holding this number's unit (Dose given unit for Dose
    given), so '28 µg/day' typed here fills both, as in a table cell."""

    def __init__(self, ctx: EditContext, spec: FieldSpec, editor: FieldEditor,
                 record_path: Callable[[], str | None],
                 unit_spec: FieldSpec | None = None) -> None:
        super().__init__(editor)
        self.ctx, self.spec, self.editor = ctx, spec, editor
        self.unit_spec = unit_spec
        self._record_path = record_path
        self.input_error: str | None = None
        self._unstored_at: str | None = None  # the path this field's bad text is listed at
        self._keep_typed_text = False
        self.shows_elsewhere = False  # shows text refused in a table cell (typed_elsewhere)
        self._shown: str | None = None  # the text shown for the stored value
        self._edited = False  # typed in since the field was last stored or shown afresh
        # the missing-value reason this typing replaced ("not_reported"): erased again before
        # the field is left, the field is back to that reason, not plainly empty
        self._typed_over: str | None = None
        editor.text_edited.connect(self._on_edited)
        editor.editingFinished.connect(self.commit)
        editor.installEventFilter(self)
        editor.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        editor.customContextMenuRequested.connect(self.show_context_menu)

    @property
    def path(self) -> str | None:
        record = self._record_path()
        return None if record is None else join_path(record, self.spec.name)

    # -- document -> widget ----------------------------------------------------------------
    def refresh(self) -> None:
        if self._keep_typed_text:
            return
        path = self.path
        self.editor.setEnabled(path is not None)
        if path is None:
            self.editor.set_value_text("")
            self._set_input_error(None)
            return
        value, reason = self.ctx.doc.get(path), self.ctx.doc.missing_reason(path)
        if self._has_focus() and self._parsed_quietly() == (Missing(reason) if reason else value):
            return
        typed = self.typed_elsewhere()
        self.shows_elsewhere = typed is not None
        self._typed_over = None  # shown afresh: typing starts over from what is stored
        self.editor.set_value_text(format_value(self.spec, value, reason) if typed is None
                                   else typed)
        self._shown = self.editor.value_text() if typed is None else None
        set_flag(self.editor, "missing", typed is None and value is None and reason is not None)
        self._set_input_error(None)
        if typed is not None:  # listed by where it was typed (a table cell): shown, not owned
            self.input_error = self.ctx.unstored[path]
        self.show_feedback()

    def typed_elsewhere(self) -> str | None:
        """Text for this field refused where it was typed, a table cell with the same field (a
        row's "More of the row" form showed the field empty while the cell held 'Bx')."""
        path = self.path
        if path is None or path == self._unstored_at or path not in self.ctx.unstored:
            return None
        return self.ctx.typed.get(path)

    def show_feedback(self) -> None:
        if self.input_error:
            self.editor.set_problem("error", self.input_error)
            return
        path = self.path
        findings = self.ctx.feedback.findings_at(path) if path else []
        level = "error" if any(f.severity == "error" for f in findings) else (
            "warning" if findings else "")
        message = "\n".join(with_rule(f.rule_id, f.message) for f in findings)
        self.editor.set_problem(level, message)

    # -- widget -> document ----------------------------------------------------------------
    def _on_edited(self, text: str) -> None:
        self._edited = True
        self._note_typed_over(text)
        # text typed over "(not reported)" is drawn as text at once, not in the reason's grey
        # italic until the field is left (refresh skips the field that has the focus)
        try:
            value = self._parsed(text)
        except InputError:
            set_flag(self.editor, "missing", False)
            self._take_back_live_edit()
            self.ctx.typing_changed.emit()  # stored nothing: still a change, for the draft
            return
        set_flag(self.editor, "missing", isinstance(value, Missing))
        if self.input_error:
            self._set_input_error(None)
            self.show_feedback()
        if self.spec.kind in LIVE_KINDS and self._is_whole(text) and self.path:
            try:
                self.ctx.set_field(self.path, value, live=True, label=self.spec.label)
            except InputError:  # reported when the field is left; what this typing stored
                self._take_back_live_edit()  # on the way goes now ('95' as an age: the '9')
            else:
                return
        self.ctx.typing_changed.emit()

    def _note_typed_over(self, text: str) -> None:
        """Remember the reason the field held when text was first typed over it; not when
        the first edit only erased some of "(not reported)" (Backspace by Backspace: the
        user is taking the reason out, "" remembered: it does not come back)."""
        path = self.path
        if self._typed_over is None and path and text.strip():
            reason = self.ctx.doc.missing_reason(path)
            if reason and self.ctx.doc.get(path) is None:
                self._typed_over = "" if erased_from(self._shown, text) else reason

    def _parsed(self, text: str) -> object:
        """The value of ``text``; none typed (the typing erased), the reason it replaced if
        any (see _typed_over). InputError for text that is no value."""
        if self._typed_over and not text.strip():
            return Missing(self._typed_over)
        return parse_text(self.spec, text, self.ctx.date_format)

    def _take_back_live_edit(self) -> None:
        """Text that is no value any more ('4O' over a Height of 172): what the field held
        before this typing goes back into the case at once, not when the field is left ('4',
        stored on the way, stayed in the case, and a draft written meanwhile recovered a
        Height of 4 cm with the 172 gone). The text stays in the field, typed and unstored."""
        path = self.path
        if path is None or self.ctx.read_only or not shiboken6.isValid(self.ctx.undo_stack):
            return
        self._keep_typed_text = True
        try:
            self.ctx.undo_live_edit(path)
        finally:
            self._keep_typed_text = False

    def _has_focus(self) -> bool:
        focus = QApplication.focusWidget()
        return focus is not None and (focus is self.editor or self.editor.isAncestorOf(focus))

    def commit(self) -> None:
        path = self.path
        if path is None or QApplication.activePopupWidget() is not None and self._has_focus():
            return  # a completion list opened: the user is still typing
        if self.ctx.read_only:
            return  # a locked case: nothing was typed (the field keeps what it shows)
        if not shiboken6.isValid(self.ctx.undo_stack):
            return  # the window is being torn down: its field lost the focus on the way out
        text = self.editor.value_text()
        try:
            # left with nothing typed: its text is the stored value's, which stays as it is (a
            # stored 1.125 read back as '1.125' is refused as 1125 or 1.125)
            if self._edited or text != self._shown:
                self._store(path, text)
        except InputError as exc:
            self._keep_typed_text = True  # the field keeps the bad text, marked
            try:
                self.ctx.undo_live_edit(path)
            finally:
                self._keep_typed_text = False
            self._set_input_error(str(exc))
            self.show_feedback()
            self.ctx.field_committed.emit(path)
            return
        self._set_input_error(None)
        self._edited, self._typed_over = False, None
        self.ctx.seal_edit()
        self.refresh()
        self.ctx.field_committed.emit(path)
        self.ctx.typing_changed.emit()  # typed back to what was stored: no change is left

    def revert(self) -> None:
        """Escape: the field as it was before this typing began, as in a table cell (typing
        stores as it goes, so derived values followed it: that is taken back too)."""
        path = self.path
        if path is None or not shiboken6.isValid(self.ctx.undo_stack) or self.ctx.read_only:
            return
        self.ctx.undo_live_edit(path)
        self.ctx.seal_edit()
        self._set_input_error(None)
        value, reason = self.ctx.doc.get(path), self.ctx.doc.missing_reason(path)
        self.editor.set_value_text(format_value(self.spec, value, reason))
        self._shown, self._edited, self._typed_over = self.editor.value_text(), False, None
        set_flag(self.editor, "missing", value is None and reason is not None)
        self.show_feedback()
        self.ctx.typing_changed.emit()  # what was typed and not stored is gone

    def _store(self, path: str, text: str) -> None:
        """The value of ``text`` at ``path`` (InputError when it is none)."""
        try:
            value = self._parsed(text)
        except InputError:
            if not self._set_with_unit(path, text):
                raise
        else:
            self.ctx.set_field(path, value, label=self.spec.label)

    def _set_with_unit(self, path: str, text: str) -> bool:
        """'28 µg/day' in Dose given: 28 here and µg/day in Dose given unit, one undo step."""
        record = self._record_path()
        if self.unit_spec is None or record is None:
            return False
        unit_path = join_path(record, self.unit_spec.name)
        return set_with_unit(self.ctx, self.spec, self.unit_spec, path, unit_path, text)

    def _set_input_error(self, message: str | None) -> None:
        """Bad text stays in the field, marked, and is listed with the context (Problems, and
        Save names it); the listing follows the field when its record changes."""
        self.input_error = message
        path = self.path if message else None
        if self._unstored_at and self._unstored_at != path:
            self.ctx.set_unstored(self._unstored_at, self.spec.label, None)
        self._unstored_at = path
        if path and message:
            self.ctx.set_unstored(path, self.spec.label, message, self.editor.value_text())

    def _is_whole(self, text: str) -> bool:
        """Enums, and closed lists (a response category), commit while typing only once a
        whole option is typed."""
        if self.spec.vocab in CLOSED_VOCABS:
            return not text.strip() or exact_code(self.spec.vocab, text) is not None
        if self.spec.kind != "enum":
            return True
        wanted = text.strip().lower().replace("_", " ")
        return any(o.lower().replace("_", " ") == wanted for o in self.spec.options) or not wanted

    def _parsed_quietly(self) -> object:
        """The value of the text shown (typing erased back to the reason it replaced: that
        reason, so the field stays empty while the cursor is in it, not "(not reported)" that
        the next Backspace would turn into text)."""
        try:
            return self._parsed(self.editor.value_text())
        except InputError:
            return object()

    # -- missing-value reasons -------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if not isinstance(event, QKeyEvent):  # a shortcut override or a key press, below
            return False
        if event.type() == QEvent.Type.ShortcutOverride and _is_undo_redo(event):
            event.ignore()  # let the editor's undo stack handle it
            return True
        if event.type() == QEvent.Type.KeyPress and _is_reason_key(event):
            if not self.ctx.read_only:  # a reason is a change
                self.show_reason_menu(QPoint(4, self.editor.height()))
            return True
        if self.ctx.read_only:
            return False  # the field's own read-only keys (copy, select, move)
        if closes_list(watched, event):
            watched.close_list()  # what was typed and stored stays
            return True
        if (event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape
                and event.modifiers() == Qt.KeyboardModifier.NoModifier
                and self.spec.kind != "narrative"):  # a stray Escape loses no paragraphs
            self.revert()
            return False  # a dialog's or a completion list's own Escape still runs
        if (event.type() == QEvent.Type.KeyPress and _types_text(event)
                and self.editor.value_text().strip() in _MISSING_SHOWN):
            self.editor.set_value_text("")  # typing replaces a shown "(not reported)"
        return False

    def show_reason_menu(self, pos: QPoint) -> QMenu:
        menu = reason_menu(self.editor, self.set_reason)
        menu.popup(self.editor.mapToGlobal(pos))
        return menu

    def show_context_menu(self, pos: QPoint) -> QMenu:
        """Right-click: the missing-value reasons, then the field's history; in a locked case
        the field's own Copy and Select All instead of the reasons."""
        menu = read_only_menu(self.editor) if self.ctx.read_only else reason_menu(
            self.editor, self.set_reason)
        add_history_action(menu, self.ctx, self.path)
        menu.popup(self.editor.mapToGlobal(pos))
        return menu

    def set_reason(self, reason: str | None) -> None:
        self._typed_over = None  # a reason chosen: typed over, it is the one to come back
        if self.path:
            self.ctx.set_field(self.path, Missing(reason) if reason else None,
                               label=self.spec.label)
            self.refresh()


def set_flag(widget: QWidget, name: str, on: bool) -> None:
    """A style property (see editor.STYLE), re-polished only when it changes."""
    if bool(widget.property(name)) != on:
        restyle(widget, name, on, also=widget.findChildren(QLineEdit))


def read_only_menu(editor: QWidget) -> QMenu:
    """A read-only field's own menu (Copy, Select All: a read-only field offers no more)."""
    line = editor.lineEdit() if isinstance(editor, QComboBox) else editor
    own = line.createStandardContextMenu() if isinstance(line, (QLineEdit, QPlainTextEdit)) \
        else None
    menu = own or QMenu(editor)
    menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return menu


def reason_menu(parent: QWidget, choose: Callable[[str | None], None]) -> QMenu:
    """The missing-value reason menu (keyboard: first letters or arrows + Enter). It opens
    on its first reason, so Ctrl+M then Enter gives "not reported": with no item active,
    Enter did nothing and the menu stayed open, taking the keys typed next (Ctrl+S too)."""
    menu = QMenu("Missing value reason", parent)
    menu.setAccessibleName("Missing value reason")
    for reason in MISSING_REASONS:
        action = menu.addAction(REASON_MENU_TEXT.get(reason, MISSING_TEXT[reason]))
        action.triggered.connect(lambda _=False, r=reason: choose(r))
    menu.addSeparator()
    menu.addAction("&Clear reason").triggered.connect(lambda: choose(None))
    menu.setActiveAction(menu.actions()[0])
    menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return menu


def _is_undo_redo(event: QKeyEvent) -> bool:
    return event.matches(QKeySequence.StandardKey.Undo) or event.matches(
        QKeySequence.StandardKey.Redo)


_MISSING_SHOWN = frozenset(MISSING_TEXT.values())


def _types_text(event: QKeyEvent) -> bool:
    """A key that types a character (not a shortcut, not a move)."""
    held = event.modifiers() & ~(Qt.KeyboardModifier.ShiftModifier
                                 | Qt.KeyboardModifier.KeypadModifier)
    return bool(event.text()) and event.text().isprintable() and held == Qt.KeyboardModifier(0)


def _is_reason_key(event: QKeyEvent) -> bool:
    return event.key() == Qt.Key.Key_M and event.modifiers() == Qt.KeyboardModifier.ControlModifier


def erased_from(shown: object, text: str) -> bool:
    """``text`` is ``shown`` with characters taken out of one place (Backspace, Delete, a
    part selected and deleted), nothing typed."""
    if not isinstance(shown, str) or len(text) >= len(shown):
        return False
    same = next((i for i, (a, b) in enumerate(zip(text, shown, strict=False)) if a != b),
                len(text))
    return shown.endswith(text[same:])
