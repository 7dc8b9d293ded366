"""File › Import… of a file with drugs by abbreviation and no ATC code, and response categories
and an EGIL subgroup in words: the message says how many values were read as the form reads
them, and the stored case holds methotrexate with L01BA01, CR, B-II (common)
(core.io.import_coding)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.core.test_import_coding import C1, SAID, check_stored, mapped_doc, write
from tests.gui.test_transfer import run_transfer


def test_import_message_counts_the_values_mapped(qtbot: Any, window: Any, casebook: Any,
                                                 prompter: Any, tmp_path: Path) -> None:
    prompter.script("choose_open_files", [write(tmp_path, mapped_doc())])
    message = run_transfer(qtbot, window, window.commands.import_json)
    assert message == f"Imported 1 case(s) from 1 file(s).\n{SAID}"
    assert prompter.calls("info") == [(message,)]
    assert window.case_model.total == 1
    check_stored(casebook.cases.open_case(C1))
    assert not window.runner.busy
