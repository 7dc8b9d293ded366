"""The View › Case list check mark matches the list on screen at every start, also after a
kill -9: whether the list is shown is written when it changes, not only at a clean close.
Found by a stranger run (1024x768): the list hidden by F9, the app closed, shown again by F9
and the app killed: the next start had the list hidden, as the last clean close had left it."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from tests.gui.conftest import press


def settle(qtbot) -> None:
    qtbot.wait(30)
    QApplication.processEvents()


def on_screen(window) -> bool:
    """The list is drawn, and wide enough to use, exactly when its action is checked."""
    shown = window.search_panel.isVisible() and window.search_panel.width() >= 200
    assert shown == window.commands.show_list.isChecked(), window.splitter.sizes()
    return shown


def killed(qtbot, window, casebook) -> None:
    """The window goes as after kill -9: nothing it would write at a clean close is written."""
    ini = casebook.paths.root / "config" / "gui.ini"
    written = ini.read_bytes()
    window.close()
    ini.write_bytes(written)
    settle(qtbot)


def test_the_list_shown_when_killed_is_shown_at_the_next_start(qtbot, make_window, casebook,
                                                                  tmp_path):
    first = make_window()
    first.resize(1024, 768)
    settle(qtbot)
    assert on_screen(first)  # the first start
    first.grab().save(str(tmp_path / "first.png"))
    press(qtbot, first, "F9")
    settle(qtbot)
    assert not on_screen(first)
    first.close()  # a clean close: the list hidden
    second = make_window()
    settle(qtbot)
    assert not on_screen(second)
    press(qtbot, second, "F9")
    settle(qtbot)
    assert on_screen(second)
    killed(qtbot, second, casebook)
    third = make_window()
    settle(qtbot)
    third.grab().save(str(tmp_path / "third.png"))
    assert on_screen(third)  # before: hidden, as the clean close before the kill left it
    press(qtbot, third, "F9")  # one press hides it
    settle(qtbot)
    assert not on_screen(third)
    killed(qtbot, third, casebook)
    fourth = make_window()
    settle(qtbot)
    assert not on_screen(fourth)
    press(qtbot, fourth, "F9")  # one press shows it
    settle(qtbot)
    assert on_screen(fourth)
