"""Scrolling a section with the mouse wheel changed every choice the pointer crossed (found by
a stranger run): CNS classification COG-NCCN became StJude-CNS1-3, CRS detail › Hypoxia 'low
flow' became 'high flow' (the derived CRS grade with it), Sex female became male, Sex's 'if
missing: why' box took '(pending)', in a case being amended too, without a word. Now the
wheel over a choice box scrolls the page as over a label and changes nothing; the wheel does
not give it the focus either. The dialogs' combo and spin boxes ignore the wheel too."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QComboBox, QScrollArea, QWidget

from tests.gui.conftest import open_as_draft, open_from_list

C2 = "SEED-C2-CAO2023"
HYPOXIA = "adverse_events[0].crs_detail.hypoxia"


def wheel(widget: QWidget, down: bool = True) -> None:
    """One notch of the wheel with the pointer on the middle of ``widget``: sent to the widget
    under the pointer there and, while it is ignored, to each widget around it, as Qt passes
    on a wheel turn of the mouse (it does not for an event a test sends)."""
    centre = widget.rect().center()
    target = widget.childAt(centre) or widget  # a choice box: its line edit
    pos = QPointF(target.mapFrom(widget, centre))
    global_pos = QPointF(widget.mapToGlobal(centre))
    delta = QPoint(0, -120 if down else 120)
    while target is not None:
        event = QWheelEvent(pos, global_pos, QPoint(), delta, Qt.MouseButton.NoButton,
                            Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
        taken = QApplication.sendEvent(target, event)
        if taken and event.isAccepted() or target.isWindow():
            return
        pos += QPointF(target.pos())
        target = target.parentWidget()


def page_of(widget: QWidget) -> QScrollArea:
    while not isinstance(widget, QScrollArea) or not widget.objectName().startswith("section:"):
        widget = widget.parentWidget()
    return widget


def wheel_over(qtbot, box: QComboBox) -> None:
    """Scroll the page with the wheel while the pointer is on ``box``: the page moves, the box
    keeps its value and does not take the focus."""
    page = page_of(box)
    page.ensureWidgetVisible(box, 0, 60)
    qtbot.wait(50)  # the page laid out (its length settles)
    bar = page.verticalScrollBar()
    assert bar.maximum() > 0, "the page must be long enough to scroll"
    before, text = bar.value(), box.currentText()
    wheel(box, down=before < bar.maximum())
    assert box.currentText() == text
    assert page.verticalScrollBar().value() != before  # the wheel scrolled the page
    qtbot.wait(10)
    assert box.currentText() == text
    assert not box.hasFocus()


def field(window, section: str, form: str, name: str):
    window.editor.show_section(section)
    return window.editor.section_page(section).forms[form].bindings[name].editor


def hypoxia_box(qtbot, window):
    """Adverse events › CRS detail › Hypoxia of the first adverse event (More of the row)."""
    window.editor.focus_path(HYPOXIA)
    widget = window.focusWidget()
    while widget is not None and not isinstance(widget, QComboBox):
        widget = widget.parentWidget()
    assert widget is not None
    window.editor.focus_path("case_report.title")  # the pointer crosses it, the cursor is
    return widget  # elsewhere


def test_the_wheel_scrolls_the_form_and_changes_no_choice(
        qtbot, stored_references, make_window, casebook):
    window = make_window()
    window.resize(1024, 768)
    open_as_draft(qtbot, casebook, window, C2)
    qtbot.waitUntil(lambda: window.session.case_id() == C2)
    stored = casebook.cases.open_case(C2)
    assert stored.patient.sex == "female"

    sex = field(window, "Patient", "patient", "sex")
    wheel_over(qtbot, sex)
    reason = window.editor.section_page("Patient").forms["patient"].reasons["sex"]
    wheel_over(qtbot, reason)
    assert reason.currentText() == ""
    cns = field(window, "Title & keywords", "case_report", "cns_classification_system")
    cns_before = cns.currentText()
    wheel_over(qtbot, cns)
    hypoxia = hypoxia_box(qtbot, window)
    hypoxia_before = hypoxia.currentText()
    wheel_over(qtbot, hypoxia)

    case = window.editor.current_case()
    assert case.patient.sex == "female"
    assert case.adverse_events[0].crs_detail.hypoxia == stored.adverse_events[0].crs_detail.hypoxia
    assert case.case_report.cns_classification_system == stored.case_report.cns_classification_system
    assert cns.currentText() == cns_before and hypoxia.currentText() == hypoxia_before
    assert not window.session.is_dirty() and not window.isWindowModified()
    assert case.model_dump() == stored.model_dump()  # no '(pending)' for Sex either
    assert casebook.cases.open_case(C2).version == stored.version


def test_the_wheel_changes_nothing_in_a_case_being_amended(
        qtbot, stored_references, make_window, casebook, prompter):
    case = casebook.cases.open_case(C2)
    stored = casebook.cases.set_status(C2, "locked", case.version)
    window = make_window()
    window.resize(1024, 768)
    open_from_list(qtbot, window, C2)
    qtbot.waitUntil(lambda: window.session.case_id() == C2)
    prompter.script("ask_reason", "Corrected from the chart")
    qtbot.mouseClick(window.case_banner.amend_button, Qt.MouseButton.LeftButton)
    assert window.session.amending() and not window.editor.is_read_only()

    sex = field(window, "Patient", "patient", "sex")
    wheel_over(qtbot, sex)
    hypoxia = hypoxia_box(qtbot, window)
    wheel_over(qtbot, hypoxia)
    case = window.editor.current_case()
    assert sex.currentText() == "female" and case.patient.sex == "female"
    assert case.adverse_events[0].crs_detail.hypoxia == stored.adverse_events[0].crs_detail.hypoxia
    assert not window.session.is_dirty()


def test_a_wheel_turn_gives_a_choice_no_focus(qtbot, stored_references, make_window, casebook):
    """Qt gives a combo box the focus on a wheel turn (WheelFocus): the cursor jumped to a
    field the pointer merely crossed. Click and Tab still focus it."""
    window = make_window()
    open_as_draft(qtbot, casebook, window, C2)
    qtbot.waitUntil(lambda: window.session.case_id() == C2)
    sex = field(window, "Patient", "patient", "sex")
    assert sex.focusPolicy() == Qt.FocusPolicy.StrongFocus
    assert sex.lineEdit().focusPolicy() & Qt.FocusPolicy.WheelFocus != Qt.FocusPolicy.WheelFocus


def test_the_dialogs_choices_ignore_the_wheel(qtbot):
    from core.settings import Settings
    from gui.dialogs.export_dataset import ExportDatasetDialog
    from gui.dialogs.preferences import PreferencesDialog

    preferences = PreferencesDialog(Settings())
    export = ExportDatasetDialog(0, None)
    for dialog in (preferences, export):
        qtbot.addWidget(dialog)
        dialog.show()
    boxes = [preferences.pdf_mode, preferences.date_format,
             export.format_combo, export.dates_combo]
    for box in boxes:
        for down in (True, False):
            before = box.value() if hasattr(box, "value") else box.currentIndex()
            wheel(box, down)
            assert (box.value() if hasattr(box, "value") else box.currentIndex()) == before
    assert preferences.pdf_mode.focusPolicy() == Qt.FocusPolicy.StrongFocus
