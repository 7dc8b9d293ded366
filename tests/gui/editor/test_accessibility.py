"""Keyboard and screen-reader basics: every focusable widget is named after its label, Tab
follows the visual order, and every item model passes pytest-qt's model tester."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QGroupBox,
    QLabel,
    QTabBar,
    QWidget,
)

from core.model import Case
from gui.editor.problems import ProblemsModel
from gui.editor.sections import SECTIONS
from tests.conftest import REFERENCE_CASEBOOK


def reference_case() -> Case:
    return Case.model_validate(json.loads(REFERENCE_CASEBOOK.read_text())["cases"][0])


def visible_text(text: str) -> str:
    """A label as a screen reader should say it: no '&' mnemonic, no required-item star."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").removesuffix(" *")


def tab_stops(editor, root: QWidget) -> list[QWidget]:
    """Focusable, visible widgets under ``root`` in focus-chain order."""
    out, widget = [], editor.nextInFocusChain()
    for _ in range(20000):
        if root.isAncestorOf(widget) and widget.isVisible() and widget.isEnabled() \
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.focusProxy() is None:
            out.append(widget)
        widget = widget.nextInFocusChain()
        if widget is editor:
            break
    return out


def expected_name(widget: QWidget, labels: dict[int, str]) -> str | None:
    if id(widget) in labels:
        return labels[id(widget)]
    if isinstance(widget, QAbstractButton):
        return visible_text(widget.text())
    if isinstance(widget, QAbstractItemView):
        group = widget.parentWidget()
        return visible_text(group.title()) if isinstance(group, QGroupBox) else None
    return None


@pytest.mark.parametrize("section", [s.name for s in SECTIONS])
def test_every_input_named_after_its_label(editor, section):
    editor.load_case(reference_case())
    editor.show_section(section)
    page = editor.section_page(section)
    labels = {id(label.buddy()): visible_text(label.text())
              for label in page.findChildren(QLabel) if label.buddy() is not None}
    stops = tab_stops(editor, page)
    assert stops
    for widget in stops:
        name = widget.accessibleName()
        assert name, f"{widget!r} has no accessible name"
        wanted = expected_name(widget, labels)
        if wanted is not None:
            assert name == wanted, f"{widget!r}: {name!r} != label {wanted!r}"


def test_side_panels_and_section_list_are_named(editor):
    for widget in tab_stops(editor, editor):
        if isinstance(widget, QTabBar) or not editor.stack.isAncestorOf(widget):
            assert widget.accessibleName(), repr(widget)


def _position(widget: QWidget, root: QWidget) -> tuple[int, int, int]:
    top_left = widget.mapTo(root, QPoint(0, 0))
    return top_left.y(), top_left.x(), top_left.y() + widget.height()


@pytest.mark.parametrize("section", [s.name for s in SECTIONS])
def test_tab_follows_visual_order(editor, section):
    editor.load_case(reference_case())
    editor.show_section(section)
    page = editor.section_page(section)
    body = page.widget()
    stops = tab_stops(editor, page)
    for before, after in zip(stops, stops[1:], strict=False):
        top, left, bottom = _position(before, body)
        next_top, next_left, _ = _position(after, body)
        same_row = next_top < bottom and next_top >= top - 4
        assert (same_row and next_left > left) or next_top >= bottom - 4, \
            f"Tab goes from {before.accessibleName()!r} to {after.accessibleName()!r}, " \
            "which is not next on screen"


def test_whole_editor_chain_runs_list_then_page_then_panels(editor):
    editor.show_section("Patient")
    stops = tab_stops(editor, editor)
    page = editor.section_page("Patient")
    where = ["list" if s is editor.section_list else "page" if page.isAncestorOf(s)
             else "side" for s in stops]
    assert where[0] == "list"
    first_side = where.index("side")
    assert "page" not in where[first_side:]


def test_table_and_problem_models_pass_modeltester(editor, qtmodeltester):
    editor.load_case(reference_case())
    editor.evaluate_now()
    for section in ("Labs", "Treatment", "Immunophenotype", "CSF & CNS", "Responses"):
        page = editor.section_page(section)
        for panel in page.tables.values():
            for table in (panel, *panel.detail_tables):
                qtmodeltester.check(table.table_model, force_py=True)
                qtmodeltester.check(table.view.proxy, force_py=True)
    problems = ProblemsModel()
    problems.set_findings(list(editor.ctx.feedback.findings))
    qtmodeltester.check(problems, force_py=True)
    qtmodeltester.check(editor.problems_panel.model, force_py=True)
