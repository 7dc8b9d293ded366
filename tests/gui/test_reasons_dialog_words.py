"""The reasons Mark complete was refused, in words in their tooltips too: a reason's tooltip
was the editor's tag and the field's path ("REQUIRED · patient.sex", "V03 · patient.weight_kg");
now the rule in words and how to go to the field (the reason's text names the field)."""

from __future__ import annotations

import re

from core.errors import Blocker
from gui.dialogs.status_dialogs import ReasonsDialog

DOTTED = re.compile(r"\b[a-z_]+(?:\[\d+\])?\.[a-z_]{2,}")


def test_each_reasons_tooltip_names_the_rule_in_words(qtbot):
    reasons = [Blocker("patient.sex", "required (a value or a reason)", "Patient › Sex",
                       "REQUIRED"),
               Blocker("patient.weight_kg", "Weight must be 0.5–300 kg (entered: 680)",
                       "Patient › Weight", "V03"),
               Blocker("", "the clinical engine failed")]
    dialog = ReasonsDialog("The case cannot be marked complete:", reasons)
    qtbot.addWidget(dialog)
    tips = [dialog.list.item(row).toolTip() for row in range(dialog.list.count())]
    assert tips == ["to fill before Complete; Enter or a double-click goes to the field",
                    "rule V03; Enter or a double-click goes to the field", ""]
    for tip in tips:
        assert "REQUIRED" not in tip and not DOTTED.search(tip), tip
