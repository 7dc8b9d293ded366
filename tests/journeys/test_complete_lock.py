"""Journey 4: errors -> Mark complete refused (reasons in words, each also listed in Problems,
each jumps to its field; nothing stored) -> fixed -> Save and mark complete -> Lock -> an
amendment with a reason (an empty reason refused at the field first)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from tests.journeys.conftest import audit_rows, stored_case
from tests.journeys.steps import answer_next, open_from_list, press
from tests.journeys.test_unsaved_changes import CASE_1, import_references

WEIGHT, HEIGHT = "patient.weight_kg", "patient.height_cm"


def reopened_as_draft(data_dir) -> None:
    from core.services import open_casebook

    casebook = open_casebook(data_dir)
    try:
        case = casebook.cases.open_case(CASE_1)
        casebook.cases.set_status(CASE_1, "draft", case.version)
    finally:
        casebook.close()


def type_into(qtbot, window, path: str, text: str):
    window.editor.focus_path(path)  # what "Go to field" and Problems do
    field = window.focusWidget()
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    return field


def field_of(window, path: str):
    form = window.editor.section_page("Patient").forms["patient"]
    return form.bindings[path.split(".")[-1]].editor


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def choose_reason(qtbot, index: int, seen: dict):
    """In "Cannot mark complete": read every reason, pick one, press Go to field."""
    def act(dialog) -> None:
        items = [dialog.list.item(i) for i in range(dialog.list.count())]
        seen["reasons"] = [(item.text(), item.data(Qt.ItemDataRole.UserRole)) for item in items]
        dialog.list.setCurrentRow(index)
        click(qtbot, dialog.go_button)

    return act


def test_refused_then_complete_lock_and_amend(journey, qtbot):
    import_references(journey.data_dir)
    reopened_as_draft(journey.data_dir)
    draft = stored_case(journey.data_dir, CASE_1)
    trail_before = audit_rows(journey.data_dir, CASE_1)
    seen: dict = {"jumps": []}

    def steps(window):
        open_from_list(qtbot, window, CASE_1)
        qtbot.waitUntil(lambda: window.session.case_id() == CASE_1)
        type_into(qtbot, window, WEIGHT, "680")
        type_into(qtbot, window, HEIGHT, "abc")
        def complete():  # the toolbar's Complete button (looked up afresh: it is remade)
            return window.toolbar.widgetForAction(window.commands.mark_complete)

        for index in range(2):  # each reason: Complete refused, Go to field
            answer = answer_next(choose_reason(qtbot, index, seen))
            click(qtbot, complete())
            assert answer.done(qtbot) == "Cannot mark complete"
            path = seen["reasons"][index][1]
            qtbot.waitUntil(lambda p=path: window.focusWidget() is field_of(window, p))
            seen["jumps"].append(path)
        panel = window.editor.problems_panel
        qtbot.waitUntil(lambda: {WEIGHT, HEIGHT} <= {f.path for f in panel.model.findings})
        seen["problems"] = {f.path: f.message for f in panel.model.findings}
        seen["after_refusal"] = (stored_case(journey.data_dir, CASE_1),
                                 audit_rows(journey.data_dir, CASE_1))
        journey.screenshot("refused-reasons-in-problems")

        type_into(qtbot, window, WEIGHT, "68")
        type_into(qtbot, window, HEIGHT, "172")
        answer = answer_next(lambda box: click(qtbot, next(
            b for b in box.buttons() if b.text() == "&Save and mark complete")))
        click(qtbot, complete())
        assert answer.done(qtbot) == "Mark complete"
        qtbot.waitUntil(lambda: window.session.base.status == "complete")
        banner = window.case_banner
        assert banner.isVisible() and "Complete" in banner.message.text()

        def sign(dialog) -> None:  # the signer by name, not the OS account
            qtbot.keyClicks(dialog.field, "Dr A. Placeholder")
            click(qtbot, dialog.findChild(QDialogButtonBox).button(
                QDialogButtonBox.StandardButton.Ok))

        answer = answer_next(sign)
        click(qtbot, banner.lock_button)
        assert answer.done(qtbot) == "Lock case"
        qtbot.waitUntil(lambda: window.session.base.status == "locked")
        seen["locked_banner"] = banner.message.text()
        weight = field_of(window, WEIGHT)  # read-only until Amend…, but read and copied
        assert weight.isReadOnly() and weight.isEnabled()

        def give_reason(dialog) -> None:
            ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
            click(qtbot, ok)  # an empty reason: refused at the field, the dialog stays
            seen["empty_reason"] = (dialog.isVisible(), dialog.problem.isVisible(),
                                    dialog.problem.text())
            qtbot.keyClicks(dialog.field, "Weight was measured again")
            click(qtbot, ok)

        answer = answer_next(give_reason)
        click(qtbot, banner.amend_button)
        assert answer.done(qtbot) == "Amend a locked case"
        type_into(qtbot, window, WEIGHT, "69")
        press(qtbot, window, "Ctrl+S")
        qtbot.waitUntil(lambda: not window.session.is_dirty())
        journey.screenshot("amended")

    assert journey.start(steps) == 0
    reasons = seen["reasons"]
    assert {path for _text, path in reasons} == {WEIGHT, HEIGHT}
    assert seen["jumps"] == [reasons[0][1], reasons[1][1]]
    for text, path in reasons:  # in words, with the field's label; also under Problems
        label = {WEIGHT: "Weight", HEIGHT: "Height"}[path]
        assert label in text and "_" not in text and "[" not in text, text
        assert path in seen["problems"]
    assert any("680" in text for text, _ in reasons) and any("abc" in t for t, _ in reasons)
    refused_case, refused_trail = seen["after_refusal"]
    assert (refused_case.version, refused_case.status, refused_case.patient.weight_kg) == (
        draft.version, "draft", draft.patient.weight_kg)  # a refused completion stores nothing
    assert refused_trail == trail_before
    assert seen["empty_reason"][:2] == (True, True) and "Reason" in seen["empty_reason"][2]
    assert "Locked" in seen["locked_banner"]

    case = stored_case(journey.data_dir, CASE_1)
    assert (case.status, case.patient.weight_kg, case.patient.height_cm) == ("locked", 69.0, 172.0)
    assert case.locked_by == "Dr A. Placeholder"
    new = audit_rows(journey.data_dir, CASE_1)[len(trail_before):]
    amendments = [r for r in new if r["action"] == "amendment"]
    assert amendments and {r["reason"] for r in amendments} == {"Weight was measured again"}
    steps = [(r["action"], r["path"], r["old"], r["new"]) for r in new if r["action"] != "document"]
    assert steps == [("complete", "status", "draft", "complete"),
                     ("lock", "status", "complete", "locked"),
                     ("sign", "locked_by", None, "Dr A. Placeholder"),
                     ("amendment", WEIGHT, "68.0", "69.0")], steps
