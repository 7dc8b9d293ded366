"""The ASTCT 2019 CRS and ICANS detail choices read as the criteria say (stranger run): the
form and the PDF showed the codes with their underscores turned into spaces ("low flow le 6L or
blow by", "unarousable or vigorous stimuli stupor coma"). Their words are in core.model.codes,
read by the form, the PDF, the dataset's label columns and dictionary; the codes are stored."""

from __future__ import annotations

import re
from typing import Literal, get_args, get_origin

from core.io.deident import DeidOptions
from core.io.dictionary import dictionary_rows
from core.model.codes import code_label
from core.model.treatment import CrsDetail, IcansDetail
from core.report.format import humanize


def options(model) -> list[str]:
    found = []
    for field in model.model_fields.values():
        for arg in get_args(field.annotation):
            if get_origin(arg) is Literal:
                found.extend(arg.__args__)
    return found


def test_astct_details_read_as_the_criteria_say():
    assert code_label("low_flow_le_6L_or_blow_by") == "low-flow ≤6 L/min or blow-by"
    assert code_label("high_flow_gt_6L_facemask_nonrebreather_venturi") == (
        "high-flow >6 L/min, facemask, non-rebreather or Venturi")
    assert code_label("unarousable_or_vigorous_stimuli_stupor_coma") == (
        "unarousable or needs vigorous stimuli (stupor or coma)")
    assert code_label("prolonged_gt5min_or_repetitive") == "prolonged (>5 min) or repetitive"
    for code in options(CrsDetail) + options(IcansDetail):
        label = code_label(code)
        assert "_" not in label and not re.search(r"\b(le|gt|ge|lt|eeg)\b|\dmin", label), code
        assert humanize(code) == label  # the PDF's words


def test_the_dataset_dictionary_reads_them_too():
    rows = ["\t".join(row) for row in dictionary_rows(DeidOptions())]
    assert any("low-flow ≤6 L/min or blow-by" in row for row in rows)
    assert not any("low flow le 6L" in row for row in rows)
