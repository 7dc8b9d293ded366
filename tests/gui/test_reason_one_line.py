"""A reason (amend, unlock, trash) is one line of at most 500 characters: a stranger pasted
5,776 characters with a newline and a tab, all accepted; the banner then grew to show it all
and squeezed the form to nothing, and `casebook audit show` printed the raw newline."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialogButtonBox

from core.cli import main
from gui.dialogs.status_dialogs import ReasonDialog
from tests.gui.conftest import open_from_list

C1 = "SEED-C1-CAO2023"
PASTED = "Late pathology result\n\tsee the letter " + "x" * 5_738


def test_a_pasted_reason_is_folded_to_one_line_and_refused_over_500(qtbot):
    assert len(PASTED) == 5_776
    dialog = ReasonDialog("Amend a locked case", "Reason for the change:")
    qtbot.addWidget(dialog)
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    seen = []

    def user():
        QGuiApplication.clipboard().setText(PASTED)
        dialog.field.setFocus()
        qtbot.keyClick(dialog.field, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
        seen.append(dialog.field.text())
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)  # too long: refused, said why
        seen.append((dialog.isVisible(), dialog.problem.isVisible(), dialog.problem.text()))
        dialog.field.selectAll()
        QGuiApplication.clipboard().setText("Weight from\nthe clinic\tletter")
        qtbot.keyClick(dialog.field, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, user)
    assert dialog.ask() == "Weight from the clinic letter"
    assert "\n" not in seen[0] and "\t" not in seen[0]
    assert seen[0].startswith("Late pathology result see the letter xxx")
    visible, shown, text = seen[1]
    assert visible and shown
    assert text.startswith("Reason: at most 500 characters (5,775 given)")


def test_the_banner_shows_a_long_reason_on_one_line(qtbot, stored_references, window,
                                                   casebook, prompter):
    case = casebook.cases.open_case(C1)
    casebook.cases.set_status(C1, "locked", case.version)
    open_from_list(qtbot, window, C1)
    banner = window.case_banner
    locked_height = banner.height()
    reason = "Weight from the clinic letter of the 3rd " + "and more words " * 30
    reason = reason[:500]
    prompter.script("ask_reason", reason)
    window.commands.amend.trigger()
    qtbot.waitUntil(lambda: "Amending" in banner.message.text())
    text = banner.message.text()
    assert reason not in text and "Amending, reason: “Weight from the clinic letter" in text
    assert "…”" in text and len(text) < len(reason)
    assert banner.message.toolTip() == f"Reason: {reason}"
    qtbot.wait(50)  # laid out
    assert banner.height() <= locked_height + banner.fontMetrics().height() + 2


def test_audit_show_prints_a_multi_line_reason_on_one_line(capsys, casebook,
                                                           stored_references):
    from core.store.audit import AuditEntry

    # stored before reasons were folded (the service now refuses such a reason)
    with casebook.ctx.write() as (conn, trail):
        trail.append(conn, "dr.test", [AuditEntry("status", C1, "status", "locked", "draft",
                                                  "line one\nline two\tend")])
    capsys.readouterr()
    assert main(["audit", "show", C1]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines and all(x.startswith("20") for x in lines)  # each line an entry
    [line] = [x for x in lines if "line one" in x]
    assert line.endswith("reason: line one\\nline two\\tend")
