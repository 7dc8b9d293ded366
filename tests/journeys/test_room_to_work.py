"""Journey: reference case 1 on real X screens (real fonts, fixed DPI) at the sizes issue 15
names: the form gets most of the window, the columns a clinician reads first show without
scrolling, and keys alone reach every field of a row (cells, "More of the row", the details).

The journeys' own Xvfb is 1024x768 at 96 dpi; 1280x800 (96 dpi) and 1920x1080 at 150 %
scaling run the same test in a pytest process of their own, with an Xvfb of that size. 150 %:
the X screen announces Xft.dpi 144, as a desktop scaled to 150 % does (KDE's global scale,
GNOME's text scaling on X11), and Qt's xcb platform scales by 144 / 96, a device pixel ratio
of 1.5 (the window is 1280x720 logical pixels); no QT_* scaling variable is set.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

from gui.editor.row_form import title_height
from gui.panel_layout import EDITOR_SHARE
from tests.gui.test_room_to_work import (
    READ_FIRST,
    assert_walk_reaches_every_field,
    columns_in_view,
    open_rows_of,
    table_of,
)
from tests.journeys import display
from tests.journeys.steps import go_to_section, open_from_list

REFERENCE_CASE_1 = "SEED-C1-CAO2023"
OTHER_SCREENS = {"1280x800": ("1280x800", ""), "1920x1080-150pct": ("1920x1080", "144")}
ROOT = Path(__file__).resolve().parents[2]


def test_reference_case_1_reads_at_this_screen(journey, qtbot, reference_cases):
    from PySide6.QtWidgets import QApplication

    from core.services import open_casebook
    from tests.gui.row_keys import walk_row

    casebook = open_casebook(journey.data_dir, user="journey")
    casebook.cases.import_cases(reference_cases)
    casebook.close()
    seen: dict[str, object] = {}
    walks: dict[str, tuple] = {}

    def steps(window):
        screen = QApplication.primaryScreen()
        seen["ratio"] = screen.devicePixelRatio()
        seen["screen"] = (screen.geometry().width(), screen.geometry().height())
        open_from_list(qtbot, window, REFERENCE_CASE_1)
        qtbot.waitUntil(lambda: window.session.case_id() == REFERENCE_CASE_1)
        seen["window"] = (window.width(), window.height())
        for section, (_path, _detail, keys) in READ_FIRST.items():
            go_to_section(qtbot, window, section)
            table = table_of(window, section)
            qtbot.wait(50)
            seen[section] = [k for k in keys if k not in columns_in_view(table)]
            seen[f"{section} scrolled"] = table.view.horizontalScrollBar().value()
            short = section.split()[0].lower()
            if section in ("CSF & CNS", "Labs", "Treatment"):
                journey.screenshot(short)
            table = open_rows_of(qtbot, window, section)
            group = table.row_form.parentWidget()
            seen[f"{section} folded"] = (group.height(), title_height(group))
            walks[section] = (table, walk_row(qtbot, table), keys)
            if section in ("CSF & CNS", "Labs", "Treatment"):
                journey.screenshot(f"{short}-row")  # the first row's "More of the row" open
        seen["form"] = window.editor.stack.width()
        seen["list shown"] = window.search_panel.isVisible()

    assert journey.start(steps) == 0
    width, height = display.SCREEN
    ratio = (display.DPI or 96) / 96
    assert seen["ratio"] == ratio, seen  # what Qt made of the screen's DPI
    assert seen["screen"] == (round(width / ratio), round(height / ratio)), seen
    assert seen["window"][0] == seen["screen"][0], seen
    assert seen["form"] >= EDITOR_SHARE * seen["screen"][0], seen
    assert not seen["list shown"]
    for section in READ_FIRST:
        assert seen[section] == [], (section, seen[section])
        assert seen[f"{section} scrolled"] == 0, section
        height, title = seen[f"{section} folded"]  # folded: its title line, no empty frame
        assert height <= title, (section, height, title)
    for table, walk, keys in walks.values():
        assert_walk_reaches_every_field(table, walk, keys)


@pytest.mark.skipif(bool(os.environ.get(display.SCREEN_ENV)), reason="run by the outer one")
@pytest.mark.parametrize("screen", list(OTHER_SCREENS))
def test_reference_case_1_reads_at_the_other_sizes(screen, tmp_path, shots_dir):
    """The test above in a pytest process with its own Xvfb at that size and DPI."""
    size, dpi = OTHER_SCREENS[screen]
    junit = tmp_path / "junit.xml"
    env = {**os.environ, display.SCREEN_ENV: size, display.DPI_ENV: dpi,
           "CASEBOOK_JOURNEY_SHOTS": str(shots_dir / screen)}
    env.pop("DISPLAY", None)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", f"{Path(__file__).relative_to(ROOT)}::"
         "test_reference_case_1_reads_at_this_screen", "-p", "no:randomly",
         "-p", "no:cacheprovider", "--basetemp", str(tmp_path / "run"), f"--junitxml={junit}"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False)
    report = done.stdout[-4000:] + done.stderr[-2000:]
    assert done.returncode == 0, report
    suite = ElementTree.parse(junit).getroot().find("testsuite")
    assert suite is not None and suite.get("tests") == "1", report
    assert suite.get("skipped") == "0", report  # passed, not skipped
