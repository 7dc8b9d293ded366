"""The editor shows the engine's lesion burden (SPD, §4.15) beside each study's entered
radiologic response."""

from __future__ import annotations

import json

from core.model import Case
from tests.conftest import REFERENCE_CASEBOOK
from tests.gui.editor.keyboard import Typist


def test_spd_and_change_from_baseline_beside_the_radiologic_response(editor, qtbot):
    editor.load_case(Case.model_validate(json.loads(REFERENCE_CASEBOOK.read_text())["cases"][1]))
    editor.feedback_runner.wait()
    typist = Typist(qtbot, editor)
    page = typist.go_to_section("Neuroimaging")
    panel = page.tables["neuroimaging"]
    model = panel.table_model
    keys = [c.key for c in model.columns]
    assert keys.index("lesion_burden") == keys.index("radiologic_response") + 1
    column = model.column_of("lesion_burden")
    assert model.columns[column].title == "SPD, change from baseline"

    def shown(row: int) -> str:
        return panel.view.view_index(row, column).data() or ""

    assert shown(0) == "SPD 217 mm²"
    assert shown(1) == "SPD 0 mm² (−100% from 217 mm²: complete resolution)"
