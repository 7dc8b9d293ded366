"""A folder whose unfinished import cannot be undone at open (its marker stands) opens with
saves refused: a banner says so and how to undo it, a save shows the same message and keeps
the edit as a draft, and nothing reaches the audit trail (found by review: a save then was
lost when the next open undid the import)."""

from __future__ import annotations

import json
import sqlite3

import pytest

from core.services.import_undo import MARKER
from tests.gui.conftest import audit_rows, draft_keys, type_title

C1 = "SEED-C1-CAO2023"


@pytest.fixture
def casebook(data_home, reference_cases):
    """The test's casebook as the app opens it when an import's undo fails at open."""
    from core.services import open_casebook

    writer = open_casebook(data_home, user="dr.test")
    writer.cases.import_cases(reference_cases)
    writer.close()
    con = sqlite3.connect(data_home / "casebook.db")  # a position the trail does not hold
    con.execute("INSERT INTO app_meta (key, value) VALUES (?, ?)",
                (MARKER, json.dumps({"seq": 1, "mac": "not-this-one"})))
    con.commit()
    con.close()
    cb = open_casebook(data_home, user="dr.test")
    yield cb
    cb.close()


@pytest.mark.expected_errors("the save is refused with an error while the undo failed")
def test_banner_and_refused_save(qtbot, casebook, make_window, prompter):
    window = make_window()
    assert window.banner.isVisible()
    assert "not undone yet" in window.banner.message.text()
    entries = audit_rows(casebook, C1)
    window.session.open_case(C1)
    type_title(qtbot, window, "Typed while the import was not undone")
    window.commands.save.trigger()
    [(said,)] = prompter.calls("error")
    assert "not undone yet" in said and "open it again" in said
    assert window.session.is_dirty()  # the edit stays in the editor ...
    assert draft_keys(casebook) == [C1]  # ... and as a draft: nothing lost
    assert audit_rows(casebook, C1) == entries
    assert casebook.cases.open_case(C1).version == 1
