"""Issue 15, layout: from 1024x768 up the open case's form gets the room (the case list, the
section list and the feedback panels give way, and come back), the first window fits the
screen, and the window's panels and sizes come back exactly after a restart."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QApplication

from gui.panel_layout import EDITOR_SHARE
from gui.window_state import first_window_geometry
from tests.gui.conftest import open_from_list, start_again_after_the_list_gave_way

C1 = "SEED-C1-CAO2023"


def settle(qtbot) -> None:
    qtbot.wait(20)
    QApplication.processEvents()


def open_at(qtbot, window, width: int, height: int, section: str = "CSF & CNS") -> None:
    window.resize(width, height)
    settle(qtbot)
    open_from_list(qtbot, window, C1)
    qtbot.waitUntil(lambda: window.session.case_id() == C1)
    window.editor.show_section(section)
    settle(qtbot)


def form_width(window) -> int:
    return window.editor.stack.width()


@pytest.mark.parametrize("size", [(1024, 768), (1280, 800)])
def test_the_open_case_gets_most_of_the_window(qtbot, stored_references, window, size):
    before = form_width(window)
    open_at(qtbot, window, *size)
    assert window.width() == size[0]
    assert form_width(window) >= EDITOR_SHARE * size[0], (before, form_width(window))
    assert not window.search_panel.isVisible()  # the case list gave way first
    assert not window.commands.show_list.isChecked()
    if size[0] >= 1280:  # room enough for the problems beside the form
        assert window.editor.side_tabs.isVisible()
    window.commands.close_case.trigger()
    settle(qtbot)
    assert window.search_panel.isVisible()  # back once there is no case to edit


def test_panels_come_back_when_the_window_widens(qtbot, stored_references, window):
    open_at(qtbot, window, 1024, 768)
    assert not window.editor.side_tabs.isVisible()
    window.resize(1920, 1080)
    settle(qtbot)
    assert window.editor.side_tabs.isVisible() and window.search_panel.isVisible()
    assert form_width(window) >= EDITOR_SHARE * 1920
    # back at a usable width, not whatever the splitter had left (216 px before)
    assert window.search_panel.width() >= 330 and window.editor.side_tabs.width() >= 240


def test_a_panel_shown_by_hand_stays(qtbot, stored_references, window):
    open_at(qtbot, window, 1024, 768)
    feedback = window.panel_layout.panels["feedback"].action
    assert not feedback.isChecked()
    feedback.trigger()  # View › Feedback panels
    settle(qtbot)
    assert window.editor.side_tabs.isVisible()
    window.commands.close_case.trigger()
    open_from_list(qtbot, window, C1)
    qtbot.waitUntil(lambda: window.session.case_id() == C1)
    settle(qtbot)
    assert window.editor.side_tabs.isVisible()  # kept; the case list gave way again
    assert not window.search_panel.isVisible()
    assert form_width(window) >= EDITOR_SHARE * 1024
    sections = window.panel_layout.panels["sections"].action
    sections.trigger()  # View › Section list: hidden by hand
    settle(qtbot)
    assert not window.editor.section_list.isVisible()
    sections.trigger()
    settle(qtbot)
    assert window.editor.section_list.isVisible()


@pytest.mark.parametrize("screen", [QRect(0, 0, 1024, 768), QRect(0, 0, 1280, 800),
                                    QRect(1920, 0, 1440, 900), QRect(0, 0, 2560, 1440)])
def test_the_first_window_fits_the_screen(screen):
    rect = first_window_geometry(screen)
    assert screen.contains(rect), (screen, rect)
    assert rect.width() >= min(screen.width(), 1280) * 0.9


@pytest.mark.parametrize("size", [(760, 540), (640, 480)])  # the offscreen screen: 800x600
def test_window_state_comes_back_exactly(qtbot, stored_references, make_window, size):
    first = make_window()
    first.move(12, 20)
    open_at(qtbot, first, *size)
    splitter = first.editor.section_list.parentWidget()
    first.panel_layout.panels["feedback"].action.trigger()  # shown by hand
    first.panel_layout.panels["sections"].action.trigger()  # hidden by hand
    settle(qtbot)
    first.case_list.table.horizontalHeader().resizeSection(1, 231)
    sizes = splitter.sizes()
    saved = (first.size(), first.geometry().topLeft(), first.search_panel.isVisible(),
             first.editor.section_list.isVisible(), first.editor.side_tabs.isVisible())
    first.shutdown()
    second = make_window()
    open_from_list_when_hidden(qtbot, second)
    settle(qtbot)
    again = second.editor.section_list.parentWidget()
    assert (second.size(), second.geometry().topLeft(), second.search_panel.isVisible(),
            second.editor.section_list.isVisible(), second.editor.side_tabs.isVisible()) == saved
    assert again.sizes() == sizes
    assert second.case_list.table.horizontalHeader().sectionSize(1) == 231


def test_the_case_list_that_gave_way_is_back_at_the_next_start(qtbot, stored_references,
                                                                make_window):
    """Closed at 1024x768 with a case open (the list gave way to it), the app used to start
    with no case open and no list: "Choose a case in the list" beside nothing to choose from."""
    first = make_window()
    open_at(qtbot, first, 1024, 768)
    second = start_again_after_the_list_gave_way(qtbot, first, make_window)
    assert second.case_list.table.model().rowCount() >= 2
    second.close()
    # saved by an older Casebook: hidden, with the list among the panels that gave way
    store = second.state_store
    store.setValue("window/list_visible", False)
    store.setValue("window/auto_hidden", "case_list")
    store.sync()
    second = make_window()
    settle(qtbot)
    assert second.search_panel.isVisible() and second.commands.show_list.isChecked()
    second.commands.show_list.trigger()  # hidden by hand: that stays
    settle(qtbot)
    second.close()
    third = make_window()
    settle(qtbot)
    assert not third.search_panel.isVisible()


def open_from_list_when_hidden(qtbot, window) -> None:
    window.session.open_case(C1)
    qtbot.waitUntil(lambda: window.session.case_id() == C1)
    window.editor.show_section("CSF & CNS")


# -- columns by meaning --------------------------------------------------------------------
READ_FIRST = {  # section: (table path, its detail table or "", the columns a clinician reads)
    "CSF & CNS": ("csf_assessments", "",
                  ("day", "wbc_per_uL", "rbc_per_uL", "blasts_present_cytospin", "cns_status")),
    "Labs": ("labs", "", ("day", "analyte", "value_entered", "unit_entered", "flag")),
    "Treatment": ("treatment_lines", "administrations",
                  ("drug_inn", "dose", "dose_unit", "route", "start_day", "cycle_no")),
    "Responses": ("response_assessments", "", ("day", "scope", "category", "basis_refs")),
    "Adverse events": ("adverse_events", "", ("term", "grade", "onset_day", "attribution")),
}


def table_of(window, section: str):
    path, detail, _keys = READ_FIRST[section]
    table = window.editor.section_page(section).tables[path]
    if detail:
        table = next(t for t in table.detail_tables if t.field_name == detail)
    return table


def columns_in_view(table) -> list[str]:
    """The keys of the columns wholly inside the table's viewport, no scrolling needed."""
    view, header = table.view, table.view.horizontalHeader()
    width = view.viewport().width()
    return [c.key for i, c in enumerate(table.table_model.columns)
            if not header.isSectionHidden(i) and header.sectionViewportPosition(i) >= 0
            and header.sectionViewportPosition(i) + header.sectionSize(i) <= width]


@pytest.mark.parametrize("size", [(1024, 768), (1280, 800)])
def test_the_columns_read_first_show_without_scrolling(qtbot, stored_references, window, size):
    open_at(qtbot, window, *size)
    for section, (_path, _detail, keys) in READ_FIRST.items():
        window.editor.show_section(section)
        table = table_of(window, section)
        settle(qtbot)
        assert table.view.horizontalScrollBar().value() == 0
        shown = columns_in_view(table)
        assert [k for k in keys if k not in shown] == [], (section, size, shown)
    assert form_width(window) >= EDITOR_SHARE * size[0]


def test_columns_follow_the_field_metadata():
    from core.model import column_rank
    from core.model.diagnostics import CsfAssessment
    from core.model.treatment import AdverseEvent
    from gui.editor.table_model import table_columns

    keys = [c.key for c in table_columns(CsfAssessment)]
    assert keys[:7] == ["day", "day:day", "wbc_per_uL", "rbc_per_uL", "blasts_present_cytospin",
                        "cns_status", "cns_subcategories"]
    assert keys[-1] == "csf_assessment_id"  # an id other records cite: last, not first
    assert column_rank(CsfAssessment, "wbc_per_uL") == 2
    ae = table_columns(AdverseEvent)
    assert [c.key for c in ae][:5] == ["term", "grade", "onset_day", "onset_day:day",
                                       "attribution"]
    assert ae[4].summary and not ae[4].editable and ae[-1].key == "ae_id"


def test_the_day_column_shows_a_day_entered_as_a_number(qtbot, stored_references, window):
    open_at(qtbot, window, 1280, 800)
    model = window.editor.section_page("CSF & CNS").tables["csf_assessments"].table_model
    record = model.record(0)
    assert isinstance(record["day"], int)  # the reference case gives days as numbers
    day = model.index(0, model.column_of("day:day"))
    assert model.data(day) == f"d{record['day']}"


def test_a_summary_column_shows_the_nested_values(qtbot, stored_references, window):
    open_at(qtbot, window, 1280, 800, "Responses")
    model = window.editor.section_page("Responses").tables["response_assessments"].table_model
    column = model.column_of("basis_refs")
    rows = [r for r in range(model.rowCount()) if model.record(r).get("basis_refs")]
    assert rows, "the reference case has responses based on records"
    text = model.data(model.index(rows[0], column))
    refs = model.record(rows[0])["basis_refs"]
    kind, ids = next((k, v) for k, v in refs.items() if v)
    assert text.lower().startswith(f"{kind} {ids[0]}".lower())  # "BM 102": the words


# -- dialogs fit the screen ----------------------------------------------------------------
def test_dialogs_fit_the_screen_they_open_on(qtbot, stored_references, window):
    from gui.screen_fit import fitted

    assert fitted(QSize(1180, 560), QRect(0, 0, 1024, 768)) == QSize(972, 560)
    assert fitted(QSize(1180, 560), QRect(0, 0, 1920, 1080)) == QSize(1180, 560)
    open_from_list(qtbot, window, C1)
    qtbot.waitUntil(lambda: window.session.case_id() == C1)
    dialog = window.history.show_case()  # 1180 px wide by preference
    assert dialog is not None
    free = dialog.screen().availableGeometry()  # offscreen: 800x600
    assert dialog.width() <= free.width() and dialog.height() <= free.height()
    dialog.close()


def test_every_field_of_a_row_is_in_a_first_column_or_the_form_below(qtbot, stored_references,
                                                                       window):
    from core.model import column_rank
    from gui.editor.fields import simple_fields

    open_at(qtbot, window, 1024, 768)
    for section in READ_FIRST:
        window.editor.show_section(section)
        table = table_of(window, section)
        model = table.model
        ranked = {s.name for s in simple_fields(model) if column_rank(model, s.name)}
        assert table.row_form is not None, section
        in_form = set(table.row_form.bindings)
        assert {s.name for s in simple_fields(model)} == ranked | in_form, section
        assert not ranked & in_form, section
    page = window.editor.section_page("CSF & CNS")
    csf = page.tables["csf_assessments"]
    window.editor.show_section("CSF & CNS")
    csf.view.go_to(2, csf.view.first_editable_column())
    csf.update_details()
    assert csf.row_form.record_path == "csf_assessments[2]"
    group = csf.row_form.parentWidget()
    assert not csf.row_form.isVisible()  # folded: the CNS status below stays in view
    group.setChecked(True)  # the user ticks "More of the row"
    settle(qtbot)
    assert csf.row_form.isVisible()
    field = csf.row_form.bindings["protein_g_L"].editor
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "0.5")
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert window.editor.current_case().csf_assessments[2].protein_g_L == 0.5


def test_table_columns_come_back_after_a_restart(qtbot, stored_references, make_window):
    first = make_window()
    open_at(qtbot, first, 760, 540)
    header = first.editor.section_page("CSF & CNS").tables["csf_assessments"].view \
        .horizontalHeader()
    header.resizeSection(2, 171)  # CSF WBC, dragged wider
    header.moveSection(3, 1)  # RBC dragged next to the date
    order = [header.logicalIndex(v) for v in range(header.count())]
    first.shutdown()
    second = make_window()
    open_from_list_when_hidden(qtbot, second)
    settle(qtbot)
    again = second.editor.section_page("CSF & CNS").tables["csf_assessments"].view \
        .horizontalHeader()
    assert again.sectionSize(2) == 171
    assert [again.logicalIndex(v) for v in range(again.count())] == order


def open_rows_of(qtbot, window, section: str):
    """The section's table at its first row (a first row added with Ctrl+Shift+N if empty)."""
    table = table_of(window, section)
    if section == "Treatment":  # the administrations of the first line
        master = window.editor.section_page(section).tables["treatment_lines"]
        master.view.go_to(0, master.view.first_editable_column())
        master.update_details()
    if not table.table_model.rowCount():
        table.view.setFocus()
        qtbot.keyClick(table.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier
                       | Qt.KeyboardModifier.ShiftModifier)
    assert table.table_model.rowCount()
    return table


def assert_walk_reaches_every_field(table, walk, keys: tuple[str, ...]) -> None:
    """Cells first (the columns read first in their order), then "More of the row" for the
    same row, then the row's detail forms and tables: every field of the row."""
    from tests.gui.row_keys import detail_fields, row_fields

    editable = {c.key for c in table.table_model.columns if c.editable}
    keys = tuple(k for k in keys if k in editable)  # derived values and summaries: no stop
    assert [c for c in walk.cells if c in keys] == list(keys), walk.cells
    assert walk.form_path == table.table_model.row_path(0), walk
    assert row_fields(table) <= walk.reached, sorted(row_fields(table) - walk.reached)
    assert detail_fields(table) <= set(walk.details), sorted(detail_fields(table) - set(walk.details))
    assert {f"{c.field_name} (table)" for c in table.detail_tables} <= set(walk.details)


@pytest.mark.parametrize("section", list(READ_FIRST))
def test_tab_from_the_first_cell_reaches_every_field_of_the_row(qtbot, stored_references,
                                                                 window, section):
    """Tab through the row's cells, Ctrl+Tab to "More of the row", Space, Tab on: keys only
    (before: Tab from the table went to the detail tables and forms below the folded form)."""
    from tests.gui.row_keys import walk_row

    open_at(qtbot, window, 1024, 768, section)
    table = open_rows_of(qtbot, window, section)
    assert_walk_reaches_every_field(table, walk_row(qtbot, table), READ_FIRST[section][2])


# -- internal ids --------------------------------------------------------------------------
@pytest.mark.parametrize(("section", "id_key"), [("CSF & CNS", "csf_assessment_id"),
                                                 ("Adverse events", "ae_id")])
def test_record_ids_have_no_column_but_show_in_more_of_the_row(qtbot, stored_references,
                                                               make_window, section, id_key):
    """A record's own id (cited by other records, e.g. a response's basis) is hidden in the
    table, and read and typed in "More of the row"; a header saved with it shown (before
    ids were hidden) does not bring it back."""
    first = make_window()
    open_at(qtbot, first, 1024, 768, section)
    table = open_rows_of(qtbot, first, section)
    column = table.table_model.column_of(id_key)
    assert table.view.isColumnHidden(column)
    from tests.gui.row_keys import walk_row

    walk = walk_row(qtbot, table)
    assert id_key not in walk.cells and id_key in walk.form
    editor = table.row_form.bindings[id_key].editor
    stored = table.table_model.record(0).get(id_key)
    assert editor.text() == ("" if stored is None else str(stored))
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, "907")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    path = table.table_model.row_path(0)
    case = first.editor.current_case()
    assert getattr(case.csf_assessments[0] if path.startswith("csf") else case.adverse_events[0],
                   id_key) == 907
    table.view.setColumnHidden(column, False)  # as a header saved before ids were hidden
    first.session.save()
    first.shutdown()
    second = make_window()
    open_from_list_when_hidden(qtbot, second)
    second.editor.show_section(section)
    settle(qtbot)
    again = table_of(second, section)
    assert again.view.isColumnHidden(again.table_model.column_of(id_key))
