"""Issue 17, "describe a field once": a field added to the model reaches the editor's form,
the JSON schema, the PDF, the full-text index and a search filter with no other code.

Honest by construction: the repository's ``core`` and ``gui`` packages are copied, the new
fields' lines are inserted into the copied model source files only (what a developer would
type), and a child process with that copy first on ``sys.path`` builds the form, prints the
schema with the CLI, renders the PDF, saves the case into a folder and searches it, through
the same code the real fields use. No hook exists for the test.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CSF_ANCHOR = '    opening_pressure_cmH2O: float | None = F("Opening pressure", unit="cmH₂O"'
CSF_FIELD = ('    tubes_sent: int | None = F("Tubes sent", pdf=11, facet=Facet(\n'
             '        "tubes", "number", help="CSF tubes sent to the laboratory (tubes:>=3)"))\n')
CASE_ANCHOR = "    case_report: rp.CaseReport = Field(default_factory=rp.CaseReport)\n"
CASE_FIELD = ('    registry_cohort: str | None = F("Registry cohort", facet=Facet(\n'
              '        "cohort", help="registry cohort (cohort:quokka)"))\n')
CASE_IMPORT = ("from core.model.base import BOOKKEEPING, WritesMissing\n",
               "from core.model.base import BOOKKEEPING, F, Facet, WritesMissing\n")

SCRIPT = r'''
import contextlib, io, json, sys
from pathlib import Path

folder = Path(sys.argv[1])
out = {}
from core.model import Case
case = Case.model_validate({
    "case_id": "HC-FIELDONCE", "case_report": {"title": "A field described once"},
    "registry_cohort": "Quokka",
    "csf_assessments": [{"day": "d0", "sample_route": "lumbar_puncture", "wbc_per_uL": 2,
                         "rbc_per_uL": 0, "blasts_present_cytospin": "no", "tubes_sent": 4}],
})
out["model_file"] = sys.modules["core.model.case"].__file__

# the form: the editor's pages, as the app builds them
from PySide6.QtWidgets import QApplication, QLabel, QWidget
app = QApplication([])
from core.settings import Settings
from gui.editor import CaseEditor
editor = CaseEditor(Settings())
editor.load_case(case)
csf = editor.section_page("CSF & CNS").tables["csf_assessments"].table_model
column = csf.column_of("tubes_sent")
from PySide6.QtCore import Qt
out["form_csf"] = [csf.headerData(column, Qt.Orientation.Horizontal), csf.data(csf.index(0, column))]
labels = []
from gui.editor.sections import section_names
for name in section_names():
    page = editor.section_page(name)
    labels += [w.text().replace("&", "").rstrip(" *") for w in page.findChildren(QLabel)]
out["form_labels"] = labels
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit
page = editor.section_page(section_names()[0])
line = next(w for w in page.findChildren(QLineEdit) if w.text() == "Quokka")
line.selectAll()
QTest.keyClicks(line, "Wombat")  # typed as a user would
editor.commit_pending()
out["form_case"] = editor.current_case().registry_cohort

# the JSON schema, printed by the command line
from core.cli import main
text = io.StringIO()
with contextlib.redirect_stdout(text):
    main(["schema"])
schema = json.loads(text.getvalue())
defs = schema.get("$defs", {})
out["schema_case"] = schema["properties"].get("registry_cohort")
out["schema_csf"] = next((d["properties"]["tubes_sent"] for d in defs.values()
                          if "tubes_sent" in d.get("properties", {})), None)

# the PDF, as text
from pypdf import PdfReader
from core.report import render_case_pdf
pdf = PdfReader(io.BytesIO(render_case_pdf(case)))
out["pdf"] = " ".join(page.extract_text() for page in pdf.pages)

# saved into a folder: the full-text index and the filters
from core.services import open_casebook
cb = open_casebook(folder, user="dr.test")
cb.cases.import_cases([case], source="test")
found = lambda query: sorted(h.case_id for h in cb.search.search(query).hits)
out["search"] = {q: found(q) for q in ("quokka", "cohort:quokka", "cohort:other", "tubes:>=3",
                                         "tubes:<4", "tubes:4")}
cb.close()

# the filter panel
from gui.search_filters import FilterPanel
panel = FilterPanel()
out["panel"] = sorted(n for n in ("filter_cohort", "filter_tubes_from", "filter_tubes_to")
                      if panel.findChild(QWidget, n) is not None)
print(json.dumps(out))
'''


def _half_written_bytecode(folder: str, names: list[str]) -> list[str]:
    """A .pyc another test process is writing (its temporary name, gone once renamed)."""
    if Path(folder).name != "__pycache__":
        return []
    return [name for name in names if not name.endswith(".pyc")]


def _copy_with_fields(tmp_path: Path) -> Path:
    copy = tmp_path / "src"
    for package in ("core", "gui"):
        # with the bytecode Python compiled of the same sources: a copy keeps each file's
        # modification time, so Python reuses it for every file not edited below and compiles
        # the edited ones (core's bytecode alone saved the child ~0.4 s of its ~4 s CPU)
        shutil.copytree(ROOT / package, copy / package, ignore=_half_written_bytecode)
    edits = {"diagnostics.py": [(CSF_ANCHOR, CSF_FIELD + CSF_ANCHOR)],
             "case.py": [CASE_IMPORT, (CASE_ANCHOR, CASE_FIELD + CASE_ANCHOR)]}
    for name, pairs in edits.items():
        path = copy / "core" / "model" / name
        text = path.read_text(encoding="utf-8")
        for old, new in pairs:
            assert text.count(old) == 1, f"{name}: the place for the new field moved: {old!r}"
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    return copy


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp_path = tmp_path_factory.mktemp("field_once")
    copy = _copy_with_fields(tmp_path)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(copy),
           "CASEBOOK_HOME": str(tmp_path / "home")}
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / "folder")],
                          cwd=copy, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert Path(out.pop("model_file")).is_relative_to(copy)  # the copy ran, not the repo
    return out


def test_the_new_fields_reach_the_form(result):
    assert result["form_csf"] == ["Tubes sent", "4"]
    assert "Registry cohort" in result["form_labels"]
    assert result["form_case"] == "Wombat"  # typed into the field's box


def test_the_new_fields_reach_the_json_schema(result):
    assert result["schema_csf"]["facet"]["name"] == "tubes"
    assert result["schema_case"]["facet"]["name"] == "cohort"


def test_the_new_fields_reach_the_full_text_index_and_the_filters(result):
    assert result["search"] == {"quokka": ["HC-FIELDONCE"], "cohort:quokka": ["HC-FIELDONCE"],
                                "cohort:other": [], "tubes:>=3": ["HC-FIELDONCE"],
                                "tubes:<4": [], "tubes:4": ["HC-FIELDONCE"]}
    assert result["panel"] == ["filter_cohort", "filter_tubes_from", "filter_tubes_to"]


def test_the_new_fields_reach_the_pdf(result):
    # pdf=11: a column of the CSF table, after the derived CNS status (core.report.columns);
    # a top-level value prints under the title (sections_intro._case_values)
    text = " ".join(result["pdf"].split())  # a header may wrap in its narrow column
    assert "Tubes sent" in text and "Registry cohort: Quokka" in text
