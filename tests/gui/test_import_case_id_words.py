"""File › Import of a file whose case id Casebook does not take: the message says what a case id
is, in words, not as the pattern (it said "String should match pattern
'^(HC|SEED|SYN|DEMO)-[A-Za-z0-9-]{2,40}$'"). Found by a stranger run with a colleague's file."""

from __future__ import annotations

import json

import pytest

from tests.conftest import REFERENCE_CASEBOOK


@pytest.mark.expected_errors("a file with a case id Casebook does not take is refused")
def test_a_refused_case_id_is_explained_in_words(qtbot, window, casebook, prompter, tmp_path):
    data = json.loads(REFERENCE_CASEBOOK.read_text(encoding="utf-8"))
    data["cases"][1]["case_id"] = "COLLEAGUE-1"
    sent = tmp_path / "from_colleague.json"
    sent.write_text(json.dumps(data), encoding="utf-8")
    prompter.script("choose_open_files", [sent])
    with qtbot.waitSignal(window.transfers.done, timeout=30000):
        window.commands.import_json.trigger()
    [(message,)] = prompter.calls("error")
    assert "nothing was written" in message
    assert "case COLLEAGUE-1, Title & keywords › Case id: a case id is HC-, SEED-, SYN- or " \
        "DEMO- followed by 2 " \
        "to 40 letters, digits or hyphens (e.g. HC-2023-07) (got \"COLLEAGUE-1\")" in message
    assert "pattern" not in message and "^(" not in message
    assert window.case_model.total == 0
    assert casebook.cases.list_cases() == []
