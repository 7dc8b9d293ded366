"""At 1024x768 with the feedback panels shown, a form's labels are placed alike: each beside its
field, or where the form is too narrow for that, each above it. Found by a stranger run: Sex *,
Disease classification * and a bone-marrow row's Specimen * (in "More of the row") jumped above
their fields while the other labels stayed beside theirs (a choice 300 px wide and its "if
missing: why" box did not fit beside the widest label)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QFormLayout, QGroupBox

from gui.editor.form import FIELD_WIDTHS, RecordForm
from tests.gui.conftest import open_from_list
from tests.gui.test_new_case_panel_width import open_with_feedback

C1 = "SEED-C1-CAO2023"
SECTIONS = ("Patient", "Diagnoses & reasoning", "Bone marrow", "Outcome")


def settle(qtbot) -> None:
    qtbot.wait(30)
    QApplication.processEvents()


def placements(form: RecordForm) -> dict[str, str]:
    """Each shown row's label text: "beside" or "above" its field."""
    layout = form.layout_
    out = {}
    for row in range(layout.rowCount()):
        label = layout.itemAt(row, QFormLayout.ItemRole.LabelRole)
        field = layout.itemAt(row, QFormLayout.ItemRole.FieldRole)
        if label is None or field is None or not field.widget().isVisible():
            continue
        above = label.geometry().bottom() <= field.geometry().top()
        out[label.widget().text().replace("&", "")] = "above" if above else "beside"
    return out


def shown_forms(window, section: str) -> list[RecordForm]:
    page = window.editor.section_page(section)
    return [f for f in page.findChildren(RecordForm) if f.isVisible() and placements(f)]


def unfold_more_of_the_row(window, section: str) -> None:
    for panel in window.editor.section_page(section).tables.values():
        view = panel.view
        if view.model().rowCount():
            view.setCurrentIndex(view.model().index(0, 0))
        box = panel.row_form.parentWidget() if panel.row_form is not None else None
        if isinstance(box, QGroupBox) and box.isCheckable() and not box.isChecked():
            box.setChecked(True)  # "More of the row" ticked


def test_labels_stay_beside_their_fields_at_1024(qtbot, stored_references, window, tmp_path):
    open_with_feedback(qtbot, window)
    assert window.editor.side_tabs.isVisible()
    for section in SECTIONS:
        window.editor.show_section(section)
        unfold_more_of_the_row(window, section)
        settle(qtbot)
        window.grab().save(str(tmp_path / f"{section.split()[0]}.png"))
        forms = shown_forms(window, section)
        assert forms, section
        for form in forms:
            where = placements(form)
            assert set(where.values()) == {"beside"}, (section, where)  # before: Sex * above

    # squeezed further (the feedback panel dragged wider): all above, or all beside
    splitter = window.editor.splitter
    sizes = splitter.sizes()
    splitter.setSizes([sizes[0], 470, sizes[1] + sizes[2] - 470])
    settle(qtbot)
    assert window.editor.stack.width() < 500
    for section in SECTIONS:
        window.editor.show_section(section)
        settle(qtbot)
        window.grab().save(str(tmp_path / f"narrow-{section.split()[0]}.png"))
        for form in shown_forms(window, section):
            assert len(set(placements(form).values())) == 1, (section, placements(form))


def test_a_choice_keeps_its_width_where_there_is_room(qtbot, stored_references, window):
    window.resize(1920, 1080)
    settle(qtbot)
    open_from_list(qtbot, window, C1)
    qtbot.waitUntil(lambda: window.session.case_id() == C1)
    window.editor.show_section("Patient")
    settle(qtbot)
    form = shown_forms(window, "Patient")[0]
    assert form.bindings["sex"].editor.width() >= FIELD_WIDTHS["enum"]
    assert set(placements(form).values()) == {"beside"}
