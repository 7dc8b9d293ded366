"""What a user does in the journeys, as key and mouse events: go to a section, answer the
dialog that opens next (a modal dialog blocks the step that opened it, so a timer answers it)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QMessageBox, QWidget

from tests.gui.conftest import open_from_list as gui_open_from_list
from tests.gui.conftest import press as gui_press
from tests.gui.editor.keyboard import Typist


def press(qtbot, window, key: str) -> None:
    """A shortcut as typed, once the window has the focus back (after a dialog closed)."""
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    gui_press(qtbot, window, key)


def open_from_list(qtbot, window, case_id: str) -> None:
    """Click the case's row and press Enter (once the window has the focus back)."""
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    gui_open_from_list(qtbot, window, case_id)


def go_to_section(qtbot, window, name: str):
    """Click the section list (the keyboard is in the editor), then Home and Down to it."""
    typist = Typist(qtbot, window.editor)
    sections = window.editor.section_list
    typist.click(sections.viewport(), sections.visualItemRect(sections.item(0)).center())
    return typist.go_to_section(name)


@dataclass
class Answer:
    """The next modal dialog: ``act(dialog)`` runs on it once it is shown."""

    act: Callable[[QWidget], None]
    seen: list[QWidget] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    error: list[BaseException] = field(default_factory=list)
    timer: QTimer = field(default_factory=lambda: QTimer(interval=50))

    def poll(self) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or not dialog.isVisible() or dialog in self.seen:
            return
        self.timer.stop()
        self.seen.append(dialog)
        self.titles.append(dialog.windowTitle())
        if isinstance(dialog, QMessageBox):
            self.texts.append(f"{dialog.text()}\n{dialog.informativeText()}")
        try:
            self.act(dialog)
        except BaseException as exc:  # noqa: BLE001 - reported by done()
            self.error.append(exc)
            dialog.reject()

    def done(self, qtbot, timeout: int = 10_000) -> str:
        """Waits until the dialog has closed (or was deleted); its title."""
        qtbot.waitUntil(lambda: bool(self.seen) and (not shiboken6.isValid(self.seen[0])
                                                     or not self.seen[0].isVisible()),
                        timeout=timeout)
        if self.error:
            raise self.error[0]
        return self.titles[0]


def answer_next(act: Callable[[QWidget], None]) -> Answer:
    answer = Answer(act)
    answer.timer.timeout.connect(answer.poll)
    answer.timer.start()
    return answer


def click_button(qtbot, button: QMessageBox.StandardButton) -> Callable[[QWidget], None]:
    from PySide6.QtCore import Qt

    def act(box: QWidget) -> None:
        assert isinstance(box, QMessageBox), box
        target = box.button(button)
        assert target is not None, f"{box.text()!r} has no {button}"
        qtbot.mouseClick(target, Qt.MouseButton.LeftButton)

    return act


def type_path_and_accept(qtbot, dialog: QWidget, path: object) -> None:
    """Type ``path`` into a file dialog's "File name" and press Return until the dialog
    closes. The name's completer lists folders in the background and may pop up over the
    field after the path was typed (late on a loaded machine): its popup takes the first
    Return, so it is closed, as a user would with Escape, before the next Return."""
    from PySide6.QtCore import Qt

    assert isinstance(dialog, QFileDialog), dialog
    name = dialog.findChild(QLineEdit, "fileNameEdit")
    assert name is not None, "the file dialog has no file name field"
    name.setFocus()
    qtbot.keyClick(name, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(name, str(path))
    qtbot.waitUntil(lambda: name.text() == str(path), timeout=5_000)
    for _ in range(20):
        popup = name.completer().popup() if name.completer() else None
        if popup is not None and popup.isVisible():
            qtbot.keyClick(popup, Qt.Key.Key_Escape)
        qtbot.keyClick(name, Qt.Key.Key_Return)
        qtbot.wait(250)
        if not shiboken6.isValid(dialog) or not dialog.isVisible():
            return
    raise AssertionError(f"the file dialog did not take {path}: {name.text()!r}")
