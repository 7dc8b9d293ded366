"""A section with a field holding text that cannot be stored is not shown complete: '4O' in
Age at Day 0 keeps the stored age (so every required item still counts as given), but the
Patient section shows ◐ with ⚠1 and a tooltip naming the field until the text is corrected."""

from __future__ import annotations

from PySide6.QtCore import Qt

from gui.editor.sections import SECTIONS
from tests.gui.conftest import open_from_list, type_title

C1 = "SEED-C1-CAO2023"
AGE = "patient.age_at_day0"


def patient_item(window):
    row = next(i for i, s in enumerate(SECTIONS) if s.name == "Patient")
    return window.editor.section_list.item(row)


def type_age(qtbot, window, text):
    window.editor.focus_path(AGE)
    age = window.focusWidget()
    age.selectAll()
    qtbot.keyClicks(age, text)
    qtbot.keyClick(age, Qt.Key.Key_Tab)
    window.editor.evaluate_now()
    return age


def test_a_field_with_unstorable_text_keeps_its_section_from_showing_complete(
        qtbot, stored_references, window, casebook):
    open_from_list(qtbot, window, C1)
    window.editor.evaluate_now()
    item = patient_item(window)
    assert item.text().startswith("✓") and "⚠" not in item.text()

    age = type_age(qtbot, window, "4O")
    assert age.text() == "4O"
    assert window.editor.current_case().patient.age_at_day0 == 34  # the stored value is kept
    assert not item.text().startswith("✓")
    assert item.text().startswith("◐") and item.text().endswith("⚠1")
    assert "Age at Day 0: '4O' is not a number (not stored)" in item.toolTip()

    type_age(qtbot, window, "40")
    assert item.text().startswith("✓") and "⚠" not in item.text()
    assert "not stored" not in item.toolTip()
    window.session.save()
    assert casebook.cases.open_case(C1).patient.age_at_day0 == 40


def test_the_completeness_panel_lists_the_unstored_field_under_its_section(
        qtbot, stored_references, window):
    open_from_list(qtbot, window, C1)
    tree = window.editor.completeness_panel.tree

    def patient_row():
        rows = (tree.topLevelItem(i) for i in range(tree.topLevelItemCount()))
        return next(r for r in rows if r is not None and r.text(0).endswith(" Patient"))

    window.editor.evaluate_now()
    assert patient_row().text(0) == "✓ Patient"
    type_age(qtbot, window, "4O")
    row = patient_row()
    assert row.text(0) == "◐ Patient"
    assert [row.child(i).text(0) for i in range(row.childCount())] == [
        "not stored: Age at Day 0: '4O' is not a number"]
    type_age(qtbot, window, "40")
    assert patient_row().text(0) == "✓ Patient" and patient_row().childCount() == 0


def test_a_sections_tooltip_says_what_its_warning_count_counts(
        qtbot, stored_references, window, casebook):
    """A section shows ⚠N from the checks (here a title naming what the case does not hold):
    hovering it says which, not only how many required items are given."""
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    type_title(qtbot, window, "Relapsed Ph+ ALL with CNS3 after ponatinib")
    window.editor.evaluate_now()
    warned = 0
    for row, section in enumerate(SECTIONS):
        item = window.editor.section_list.item(row)
        findings = [f for p in section.parts
                    for f in window.editor.ctx.feedback.findings_under(p.path)]
        if not findings:
            assert "⚠" not in item.toolTip()
            continue
        warned += 1
        assert item.text().endswith(f"⚠{len(findings)}")
        for finding in findings[:6]:
            assert f"⚠ {finding.message}" in item.toolTip()
        if len(findings) > 6:
            assert f"… and {len(findings) - 6} more" in item.toolTip()
    assert warned  # a new case has something to check
