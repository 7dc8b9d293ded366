"""In-process editor measures for bench_gui: open a 500-row case until painted, and a keystroke
in a CSF cell until the derived CNS status on screen changes. Offscreen, a 1440x900 editor."""

from __future__ import annotations

import os
import time

from tests.bench.harness import Measure, quick

LAB_ROWS = 500
CSF_ROW = 2  # reference case 1: CSF WBC 48/µL, RBC 2, blasts present -> CNS3
DIGITS = ("3", "7")  # WBC 3 -> CNS2, WBC 7 -> CNS3 (blasts present, not traumatic)
WAIT_LIMIT_S = 5.0


def qt_app():
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    import gui  # noqa: F401 - its start-up set-up (gui.qt_fix), as the app does

    return QApplication.instance() or QApplication([])


def make_editor():
    from core.settings import Settings
    from gui.editor import CaseEditor

    editor = CaseEditor(Settings(automatic_backups=False))
    editor.resize(1440, 900)
    editor.show()
    return editor


def case_with_lab_rows(rows: int = LAB_ROWS):
    """Reference case 1 with its lab results repeated (later days) up to ``rows`` rows."""
    from core.services.demo import reference_cases

    case = reference_cases()[0]
    base = case.to_json_dict()["labs"]
    labs = []
    for i in range(rows):
        lab = dict(base[i % len(base)])
        lab["day"] = (lab.get("day") or 0) + 7 * (i // len(base))
        labs.append(lab)
    return case.model_validate({**case.to_json_dict(), "labs": labs})


class PaintWatch:
    """True once a widget has received a paint event since ``arm()``."""

    def __init__(self, widget) -> None:
        from PySide6.QtCore import QEvent, QObject

        class Filter(QObject):
            def eventFilter(inner, watched, event):  # noqa: N802, N805 - Qt override
                if event.type() == QEvent.Type.Paint:
                    self.painted = True
                return False

        self.painted = False
        self.filter = Filter()
        widget.installEventFilter(self.filter)

    def arm(self) -> None:
        self.painted = False


def process_until(app, done) -> None:
    deadline = time.perf_counter() + WAIT_LIMIT_S
    while not done():
        if time.perf_counter() > deadline:
            raise TimeoutError("the editor did not update in time")
        app.processEvents()


def open_case_samples(app, editor, repeat: int) -> list[float]:
    """load_case of a 500-lab-row case with the Labs section on screen, until it is painted.
    Alternates with reference case 2 so that every sample really replaces the rows."""
    from core.services.demo import reference_cases

    big, other = case_with_lab_rows(), reference_cases()[1]
    editor.show_section("Labs")
    watch = PaintWatch(editor.section_page("Labs").tables["labs"].view.viewport())
    samples = []
    for _ in range(repeat + 1):  # the first is a warm-up
        editor.load_case(other)
        process_until(app, lambda: True)
        app.processEvents()
        watch.arm()
        start = time.perf_counter()
        editor.load_case(big)
        process_until(app, lambda: watch.painted)
        samples.append((time.perf_counter() - start) * 1000)
    return samples[1:]


def keystroke_samples(app, editor, repeat: int) -> list[float]:
    """Type a digit into CSF WBC (row 3 of reference case 1) and press Enter, as a user does;
    time until the CNS status shown in the row and in the CNS panel has changed and painted."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from core.services.demo import reference_cases

    editor.load_case(reference_cases()[0])
    editor.show_section("CSF & CNS")
    page = editor.section_page("CSF & CNS")
    csf = page.tables["csf_assessments"]
    status_column = csf.table_model.column_of("cns_status")
    wbc_column = csf.table_model.column_of("wbc_per_uL")
    watch = PaintWatch(csf.view.viewport())
    samples = []
    for i in range(repeat + 1):
        csf.view.setFocus()
        csf.view.go_to(CSF_ROW, wbc_column)
        process_until(app, lambda: True)

        def shown() -> tuple[str, str]:
            return (csf.view.view_index(CSF_ROW, status_column).data(),
                    page.cns_panel.status_text())

        before = shown()
        watch.arm()
        start = time.perf_counter()
        QTest.keyClick(csf.view, DIGITS[i % 2])
        QTest.keyClick(app.focusWidget(), Qt.Key.Key_Return)
        process_until(app, lambda was=before: all(
            now != old for now, old in zip(shown(), was, strict=True)))
        process_until(app, lambda: watch.painted)
        samples.append((time.perf_counter() - start) * 1000)
    return samples[1:]


def run() -> list[Measure]:
    app = qt_app()
    editor = make_editor()
    repeat = 5 if quick() else 15
    opened = Measure(f"Open a case with {LAB_ROWS} lab rows in the editor (until painted)",
                     "< 300 ms", "ms", limit=300, note="Labs section on screen, 1440x900")
    opened.samples = open_case_samples(app, editor, repeat)
    typed = Measure("Keystroke to updated derived value (CSF WBC -> CNS status)", "< 50 ms",
                    "ms", limit=50, note="digit + Enter in the cell until row and panel repaint")
    typed.samples = keystroke_samples(app, editor, repeat * 2)
    editor.undo_stack.clear()
    editor.close()
    editor.deleteLater()
    app.processEvents()
    return [opened, typed]
