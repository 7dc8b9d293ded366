"""A choice box of the Filters panel marks text that is not one of its values and keeps it
out of the query: a stranger (a hematologist) typed "nausea" into Filters › MRD and the box
read mrd:nausea, unmarked, matching nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt


def _drawn_marked(combo) -> bool:
    image = combo.grab().toImage()
    return any(image.pixelColor(x, image.height() // 2).name() == "#ffcdd2"
               for x in range(image.width()))


def _open(qtbot, window):
    qtbot.mouseClick(window.search_panel.filters_button, Qt.MouseButton.LeftButton)
    return window.search_panel.filter_panel, window.case_list.filter_box


def test_free_text_in_mrd_is_marked_and_not_searched(qtbot, stored_references, window):
    panel, box = _open(qtbot, window)
    mrd = panel.fields["mrd"]
    mrd.setFocus()
    qtbot.keyClicks(mrd.lineEdit(), "nausea")
    assert mrd.currentText() == "nausea"  # what was typed stays, to be corrected
    assert "mrd:" not in box.text()  # before: mrd:nausea
    assert mrd.property("invalid") is True
    assert "'nausea' is not one of the MRD values" in mrd.toolTip()
    assert _drawn_marked(mrd)  # drawn so, not only flagged
    model = window.case_model
    qtbot.waitUntil(lambda: model.query.text == box.text() and not model.busy)
    assert "mrd" not in model.query.text
    mrd.lineEdit().selectAll()
    qtbot.keyClicks(mrd.lineEdit(), "negative")
    assert box.text() == "mrd:negative"
    assert mrd.property("invalid") is False and mrd.toolTip() == ""
    assert not _drawn_marked(mrd)


def test_every_choice_box_refuses_text_not_its_own(qtbot, stored_references, window):
    panel, box = _open(qtbot, window)
    box.setText("dx:B-ALL")
    for name in ("cns", "response", "status", "sex"):
        combo = panel.fields[name]
        combo.setFocus()
        qtbot.keyClicks(combo.lineEdit(), "zzz")
        assert box.text() == "dx:B-ALL", name
        assert combo.property("invalid") is True, name
        combo.lineEdit().clear()
    cns = panel.fields["cns"]
    qtbot.keyClicks(cns.lineEdit(), "CNS3a")  # a sub-category the search reads
    assert box.text() == "dx:B-ALL cns:CNS3a" and cns.property("invalid") is False


def test_a_value_typed_in_the_box_is_marked_in_its_field(qtbot, stored_references, window):
    panel, box = _open(qtbot, window)
    box.setText("mrd:nausea")
    mrd = panel.fields["mrd"]
    assert mrd.currentText() == "nausea" and mrd.property("invalid") is True
    box.setText("mrd:neg")
    assert mrd.property("invalid") is False
