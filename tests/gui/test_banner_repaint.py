"""A widget whose style property changes is repainted: the health banner (error -> warning),
the case banner (complete -> unsaved problems), the figure card and the fields re-polished
their style property themselves, some without a repaint, the bug that left a red border on a
cleared field in a real X window (290195b). Every style property change now goes through
gui.style_flags.restyle, which re-polishes and repaints. (Qt's style-sheet unpolish already
repaints a banner whose own sheet sets its background, so the banner tests guard the move to
restyle, and so does the field test: on this Qt the offscreen platform repaints after the
re-polish in each case, also without update(), as 290195b's test does. What fails on the old
code is the last test: no module of gui/ re-polishes by itself.)"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QRect
from PySide6.QtGui import QRegion
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from gui.case_banner import CaseBanner
from gui.health_banner import HealthBanner
from gui.style_flags import restyle

C1 = "SEED-C1-CAO2023"  # stored complete


class Paints(QObject):
    """The region each paint event of a widget covers."""

    def __init__(self) -> None:
        super().__init__()
        self.regions: list[QRegion] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint:
            self.regions.append(QRegion(event.region()))
        return False

    def covered(self, rect: QRect) -> bool:
        """A paint covered the whole ``rect`` (the banner's background and border)."""
        return any(region.contains(rect) for region in self.regions)


def shown(qtbot, widget):
    widget.resize(600, 60)
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.wait(20)
    paints = Paints()
    widget.installEventFilter(paints)
    return paints


def test_the_health_banner_is_repainted_when_its_level_changes(qtbot):
    banner = HealthBanner()
    qtbot.addWidget(banner)
    banner.show_problem("The automatic backup failed.", can_restore=False, level="error")
    paints = shown(qtbot, banner)
    banner.show_problem("The automatic backup failed.", can_restore=False, level="warning")
    assert banner.property("level") == "warning"
    qtbot.waitUntil(lambda: paints.covered(banner.rect()), timeout=2000)


def test_the_case_banner_is_repainted_when_its_status_changes(qtbot, stored_references,
                                                              casebook):
    case = casebook.cases.open_case(C1)
    assert case.status == "complete"
    banner = CaseBanner()
    qtbot.addWidget(banner)
    banner.show_status(case, None, None)
    assert banner.property("status") == "complete"
    paints = shown(qtbot, banner)
    banner.show_status(case, None, None, unsaved_problems=2)
    assert banner.property("status") == "complete_problems"
    assert banner.message.text().startswith("Complete — unsaved changes: 2 problems")
    qtbot.waitUntil(lambda: paints.covered(banner.rect()), timeout=2000)


def test_restyle_repaints_a_field_styled_by_its_parent(qtbot):
    parent = QWidget()
    parent.setStyleSheet('QLineEdit[problem="error"] { border: 1px solid #c62828; }')
    field = QLineEdit(parent)
    QVBoxLayout(parent).addWidget(field)
    qtbot.addWidget(parent)
    restyle(field, "problem", "error")
    shown(qtbot, parent)
    paints = Paints()
    field.installEventFilter(paints)
    assert restyle(field, "problem", "")
    assert field.property("problem") == ""
    qtbot.waitUntil(lambda: paints.covered(field.rect()), timeout=2000)
    assert not restyle(field, "problem", "")  # unchanged: nothing to do


def test_every_style_property_change_goes_through_restyle():
    gui = Path(__file__).resolve().parents[2] / "gui"
    polishing = sorted(str(path.relative_to(gui)) for path in gui.rglob("*.py")
                       if ".polish(" in path.read_text(encoding="utf-8"))
    assert polishing == ["style_flags.py"]
