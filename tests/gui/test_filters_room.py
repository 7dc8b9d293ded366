"""The Filters panel at 1024x768: Sex offers the values in words (female, male, other,
unknown, as the editor gives them) and filters by their codes (sex:f); an empty Saved searches box is one line saying how
to save a search, so the results keep the room. Found by a stranger run: Sex offered bare
'f'/'m', and with Filters open the results showed 3 rows while the empty box kept 125 px."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import press
from tests.gui.fakes import ScriptedPrompter

C1, C2 = "SEED-C1-CAO2023", "SEED-C2-CAO2023"  # male, female


def settle(qtbot) -> None:
    qtbot.wait(30)
    QApplication.processEvents()


def rows_in_sight(table) -> int:
    """Rows the results table has room for (whole rows, by its default row height)."""
    return table.viewport().height() // table.verticalHeader().defaultSectionSize()


def wait_for_search(qtbot, window) -> None:
    model, box = window.case_model, window.case_list.filter_box
    qtbot.waitUntil(lambda: model.query.text == box.text() and not model.busy)


def shown_ids(window) -> set[str]:
    return {window.case_model.summary(r).case_id for r in range(window.case_model.rowCount())}


def test_sex_in_words_filters_by_its_code(qtbot, stored_references, window, tmp_path):
    window.resize(1024, 768)
    settle(qtbot)
    panel = window.search_panel.filter_panel
    qtbot.mouseClick(window.search_panel.filters_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    window.grab().save(str(tmp_path / "filters.png"))
    sex = panel.fields["sex"]
    offered = [sex.itemText(i) for i in range(sex.count())]
    assert offered == ["", "female", "male", "other", "unknown"]  # before: "", "f", "m"
    sex.setFocus()
    qtbot.keyClick(sex, Qt.Key.Key_Down)  # female
    box = window.case_list.filter_box
    assert sex.currentText() == "female" and box.text() == "sex:f"
    wait_for_search(qtbot, window)
    assert shown_ids(window) == {C2}
    qtbot.keyClick(sex, Qt.Key.Key_Down)  # male
    assert box.text() == "sex:m"
    wait_for_search(qtbot, window)
    assert shown_ids(window) == {C1}
    box.setText("sex:f")  # the box's text shown in words
    assert sex.currentText() == "female"
    sex.lineEdit().selectAll()
    qtbot.keyClicks(sex.lineEdit(), "male")  # typed in words, any case
    assert box.text() == "sex:m"


def test_an_empty_saved_searches_box_leaves_the_room_to_the_results(
        qtbot, stored_references, window, prompter: ScriptedPrompter, casebook, tmp_path):
    window.resize(1024, 768)
    settle(qtbot)
    saved = window.search_panel.saved
    qtbot.mouseClick(window.search_panel.filters_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    window.grab().save(str(tmp_path / "empty.png"))
    assert saved.height() <= saved.save_button.height() + 4, saved.height()  # before: 125
    assert not saved.list.isVisible() and saved.title.text().startswith("No saved search")
    table = window.case_list.table
    assert rows_in_sight(table) >= 6, rows_in_sight(table)  # before: 3
    press(qtbot, window, "Ctrl+F")
    qtbot.keyClicks(window.case_list.filter_box, "cns:CNS3")
    prompter.script("ask_text", "CNS3")
    qtbot.mouseClick(saved.save_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    window.grab().save(str(tmp_path / "one-saved.png"))
    assert [s.name for s in casebook.search.list_saved()] == ["CNS3"]
    assert saved.list.isVisible() and saved.list.height() >= saved.list.sizeHintForRow(0)
    assert saved.title.text() == "Saved searches"
