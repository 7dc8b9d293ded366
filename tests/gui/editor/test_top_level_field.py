"""A top-level scalar of the case (a number, a text) has a section kind like any other field:
``part_kind`` reads it from the model, ``part_model`` gives the case itself (it used to raise
KeyError), and a section page builds a form holding just that field, typed into as a user
would and stored at the top of the case. Tested with the real top-level number ``version``
and text ``locked_by`` (no user-facing top-level scalar exists yet)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from core.model import Case
from gui.editor.completeness import open_required
from gui.editor.section_page import SectionPage
from gui.editor.sections import SECTIONS, Part, Section, part_kind, part_model
from tests.gui.editor.keyboard import Typist
from tests.gui.editor.test_editor_api import reference_case


def test_every_top_level_key_has_a_kind_and_a_model():
    forms = {p.path for s in SECTIONS for p in s.parts if p.kind == "form"}
    assert forms == {"case_report", "patient", "hsct", "outcome", "patient_perspective",
                     "consent", "statements"}  # the rest are tables: kinds from the model
    assert {p.kind for s in SECTIONS for p in s.parts} == {"form", "table"}
    assert part_model("labs").__name__ == "LabResult" and part_model("hsct").__name__ == "Hsct"
    assert part_kind("version") == part_kind("locked_by") == part_kind("status") == "field"
    assert part_model("version") is Case
    assert part_kind("hsct") == "form" and part_kind("overrides") == "table"


def _field_page(editor, *keys: str) -> SectionPage:
    section = Section("Bookkeeping", tuple(Part(part_kind(k), k, k.title()) for k in keys))
    page = SectionPage(section, editor.ctx)
    page.resize(700, 400)
    page.show()
    return page


def test_a_top_level_number_and_text_are_typed_into_their_own_form(editor, qtbot):
    editor.load_case(reference_case())
    page = _field_page(editor, "version", "locked_by")
    qtbot.addWidget(page)
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    assert set(page.forms) == {"version", "locked_by"}
    assert list(page.forms["version"].bindings) == ["version"]  # that field only
    typist = Typist(qtbot, editor)
    typist.fill_field(page.forms["version"].bindings["version"].editor, "7")
    typist.fill_field(page.forms["locked_by"].bindings["locked_by"].editor, "dr.okafor")
    case = editor.current_case()
    assert (case.version, case.locked_by) == (7, "dr.okafor")
    assert editor.ctx.doc.get("version") == 7

    editor.undo_stack.undo()  # the document changed elsewhere: the field shows it
    assert editor.current_case().locked_by is None
    assert page.forms["locked_by"].bindings["locked_by"].editor.value_text() == ""

    assert page.focus_path(["version"])
    assert QApplication.focusWidget() is page.forms["version"].bindings["version"].editor
    assert open_required(page.section, editor.ctx.doc.doc) == []  # nothing required there
