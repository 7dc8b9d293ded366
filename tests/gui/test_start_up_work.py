"""What start-up leaves for later, and the benchmark's ready marker: the hidden editor builds
no section page and loads no clinical engine until it is shown or warmed up; the app writes
the marker only when asked, once its list has painted."""

from __future__ import annotations

import json
import subprocess
import sys
import time

from core.services import open_casebook
from core.services.demo import reference_cases
from core.settings import Settings
from gui.editor import CaseEditor
from gui.editor.section_page import SectionPage
from gui.ready_marker import ENV_VAR
from tests.gui.helpers.processes import ROOT, START_TIMEOUT_S, child_env, stop


def test_hidden_editor_defers_its_first_page_and_evaluation(qtbot):
    editor = CaseEditor(Settings())
    qtbot.addWidget(editor)
    assert not isinstance(editor.stack.currentWidget(), SectionPage)
    assert editor.ctx.feedback.engine == "none"

    editor.warm_up()

    assert isinstance(editor.stack.currentWidget(), SectionPage)
    assert editor.current_section() == "Title & keywords"
    assert editor.ctx.feedback.engine != "none"


def test_showing_the_editor_builds_the_current_page(qtbot):
    editor = CaseEditor(Settings())
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    assert isinstance(editor.stack.currentWidget(), SectionPage)
    assert editor.ctx.feedback.engine != "none"


def test_an_empty_editor_reads_as_an_empty_case(qtbot):
    editor = CaseEditor(Settings())
    qtbot.addWidget(editor)
    case = editor.current_case()
    assert case.labs == [] and case.case_report.title is None


def test_lab_rows_follow_a_changed_day(qtbot):
    """The table's sort keys are cached; an edit of the dating field re-sorts the rows."""
    editor = CaseEditor(Settings())
    qtbot.addWidget(editor)
    editor.load_case(reference_cases()[0])
    labs = editor.section_page("Labs").tables["labs"]
    view, model = labs.view, labs.table_model
    first = model.record(view.storage_row(0))["analyte"]
    day = model.column_of("day")
    assert model.setData(model.index(view.storage_row(0), day), "d400")
    last = view.storage_row(model.rowCount() - 1)
    assert model.record(last)["analyte"] == first and model.record(last)["day"] == 400


def test_ready_marker_written_once_the_list_has_painted(tmp_path, data_home):
    casebook = open_casebook(data_home)
    casebook.cases.import_cases(reference_cases(), source="test")
    casebook.close()
    marker, errors = tmp_path / "ready.json", tmp_path / "stderr.txt"
    env = child_env() | {ENV_VAR: str(marker)}
    with errors.open("w", encoding="utf-8") as stderr:
        proc = subprocess.Popen([sys.executable, "-m", "gui.app", "--data-dir", str(data_home)],
                                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
        try:
            _wait_for(marker, proc, errors)
            ready = json.loads(marker.read_text(encoding="utf-8"))
        finally:
            stop(proc)
    assert ready["cases"] == 2 and ready["rows"] == 2
    assert ready["ready"] > 0 and ready["cpu"] > 0


READY_LOADS = """
import json, sys
from PySide6.QtWidgets import QApplication
import gui.app, gui.ready_marker as marker
gui.app.WARM_UP_DELAY_MS = 600_000  # only what the window needed before it was usable
write = marker._FirstPaint._write
def written(self):
    write(self)
    heavy = ("core.clinical", "core.report", "rapidfuzz", "reportlab", "alembic")
    print(json.dumps(sorted(m for m in heavy if m in sys.modules)), flush=True)
    QApplication.instance().quit()
marker._FirstPaint._write = written
sys.exit(gui.app.main(["--data-dir", sys.argv[1]]))
"""


def test_the_window_is_usable_before_the_engine_reports_and_fuzzy_matching_load(tmp_path,
                                                                                data_home):
    """Issue 20 (start-up): the list's first page is painted without importing the clinical
    engine, the PDF code, rapidfuzz or Alembic; they load at first use or at the warm-up."""
    casebook = open_casebook(data_home)
    casebook.cases.import_cases(reference_cases(), source="test")
    casebook.close()
    env = child_env() | {ENV_VAR: str(tmp_path / "ready.json")}
    done = subprocess.run([sys.executable, "-c", READY_LOADS, str(data_home)], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=START_TIMEOUT_S)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


def _wait_for(path, proc, errors) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while not path.exists():
        said = errors.read_text(encoding="utf-8")[-2000:]
        assert proc.poll() is None, f"casebook-gui ended ({proc.returncode}) before ready: {said}"
        assert time.monotonic() < deadline, f"no ready marker: {said}"
        time.sleep(0.05)
