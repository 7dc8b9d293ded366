"""A locked (signed) case was hard to read (found by a stranger run at 1024x768): its values and
its timeline were drawn in the disabled light grey on grey, just when the signed record is
read. Its fields still take no typing, but their values are drawn in the normal text colour."""

from __future__ import annotations

import os

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel

from tests.gui.conftest import open_from_list

C1 = "SEED-C1-CAO2023"


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) \
            + 0.0722 * channel(c.blueF())
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def drawn_text_contrast(widget, text_role=QPalette.ColorRole.Text,
                        back_role=QPalette.ColorRole.Base) -> float:
    """The contrast of the colours the widget paints with in its present state."""
    palette = widget.palette()
    group = QPalette.ColorGroup.Active if widget.isEnabled() else QPalette.ColorGroup.Disabled
    return contrast(palette.color(group, text_role), palette.color(group, back_role))


def test_a_locked_case_reads_in_the_normal_text_colour(qtbot, stored_references, make_window,
                                                      casebook):
    case = casebook.cases.open_case(C1)
    casebook.cases.set_status(C1, "locked", case.version)
    window = make_window()
    window.resize(1024, 768)
    open_from_list(qtbot, window, C1)
    qtbot.waitUntil(lambda: window.session.case_id() == C1)
    assert window.editor.is_read_only()
    form = window.editor.section_page("Title & keywords").forms["case_report"]
    title = form.bindings["title"].editor
    qtbot.wait(20)
    if os.environ.get("CASEBOOK_GRAB"):
        window.grab().save(os.environ["CASEBOOK_GRAB"])
    stored = casebook.cases.open_case(C1)
    assert title.text() == stored.case_report.title
    assert drawn_text_contrast(title) >= 7  # as an editable field's black on white
    label = next(w for w in form.findChildren(QLabel) if w.buddy() is title)  # "Title *"
    assert drawn_text_contrast(label, QPalette.ColorRole.WindowText,
                               QPalette.ColorRole.Window) >= 7

    for name in ("Timeline", "Diagnoses & reasoning"):  # the whole timeline; a table's cells
        window.editor.show_section(name)
        page = window.editor.section_page(name)
        view = page.timeline_view.tree if name == "Timeline" \
            else next(iter(page.tables.values())).view
        qtbot.wait(20)
        if os.environ.get("CASEBOOK_GRAB"):
            window.grab().save(os.environ["CASEBOOK_GRAB"].replace(".png", f"-{name[:4]}.png"))
        assert view.model().rowCount() and drawn_text_contrast(view) >= 7

    window.editor.show_section("Title & keywords")
    window.editor.focus_path("case_report.title")
    qtbot.keyClicks(title, "Typed into a signed case")
    assert title.text() == stored.case_report.title and not window.session.is_dirty()
    assert casebook.cases.open_case(C1).version == stored.version
