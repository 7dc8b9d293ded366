"""A draft recovered at start-up opens with no Qt warning: the window's modified mark was set
while the title ("Casebook") had no '[*]' for it. Found by a stranger run: "QWidget::
setWindowModified: The window title does not contain a '[*]' placeholder" on stderr after every
draft recovery."""

from __future__ import annotations

from PySide6.QtCore import QtMsgType

C1 = "SEED-C1-CAO2023"


def test_recovering_a_draft_warns_nothing(qtbot, qtlog, stored_references, casebook, prompter,
                                          make_window):
    case = stored_references[0]
    report = case.case_report.model_copy(update={"title": "Typed before the crash"})
    casebook.drafts.save_draft(case.model_copy(update={"case_report": report}))
    prompter.script("offer_recovery", [C1])
    window = make_window()
    window.session.offer_recovery()
    assert window.session.case_id() == C1 and window.isWindowModified()
    assert "[*]" in window.windowTitle()
    warnings = [r.message for r in qtlog.records if r.type != QtMsgType.QtDebugMsg]
    assert not [w for w in warnings if "setWindowModified" in w], warnings
