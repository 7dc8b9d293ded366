"""A data folder whose audit key is missing opens read-only (issue 13): a banner says so and how
to put the key back, a save shows the same message and keeps the edit as a draft, nothing is
written to the audit trail and no new key is made. About shows the audit anchor."""

from __future__ import annotations

import pytest

from tests.gui.conftest import audit_rows, draft_keys, type_title

C1 = "SEED-C1-CAO2023"


@pytest.fixture
def casebook(data_home, reference_cases):
    """The test's casebook as the app opens it when the key is gone: read-only."""
    from core.services import open_casebook

    writer = open_casebook(data_home, user="dr.test")
    writer.cases.import_cases(reference_cases)
    writer.close()
    (data_home / "config" / "audit.key").unlink()
    cb = open_casebook(data_home, user="dr.test", read_only=True)
    yield cb
    cb.close()


@pytest.mark.expected_errors("a missing audit key is logged; the app opens read-only")
def test_the_app_opens_read_only_without_the_key(data_home, casebook):
    from gui.app import open_services

    opened = open_services(casebook.paths)
    try:
        assert opened is not None and opened.ctx.read_only
        assert "Put the key back" in opened.ctx.audit.problem
    finally:
        opened.close()
    assert not (data_home / "config" / "audit.key").exists()


@pytest.mark.expected_errors("saving without the audit key is refused with an error")
def test_banner_and_refused_save(qtbot, casebook, make_window, prompter):
    key = casebook.paths.audit_key
    window = make_window()
    assert window.banner.isVisible()
    text = window.banner.message.text()
    assert str(key) in text and "casebook audit key export" in text and "read-only" in text
    assert not window.banner.restore_button.isVisible()
    entries = audit_rows(casebook, C1)
    window.session.open_case(C1)
    type_title(qtbot, window, "Typed while the key was missing")
    window.commands.save.trigger()
    [(said,)] = prompter.calls("error")
    assert str(key) in said and "Put the key back" in said and "kept as an autosaved draft" in said
    assert window.session.is_dirty()  # the edit stays in the editor ...
    assert draft_keys(casebook) == [C1]  # ... and as a draft: nothing lost
    assert audit_rows(casebook, C1) == entries
    assert casebook.cases.open_case(C1).version == 1
    assert not key.exists()


@pytest.mark.expected_errors("the automatic backup fails without the audit key (logged)")
def test_the_banner_stays_after_the_start_up_check(qtbot, casebook, make_window):
    """The automatic backup cannot be signed without the key either; the banner keeps the
    cause and how to put the key back."""
    window = make_window()
    with qtbot.waitSignal(window.backup_actions.checked, timeout=30000) as done:
        window.backup_actions.start_automatic()
    assert done.args[0].backup_error  # the daily backup was refused
    assert window.banner.isVisible() and "Put the key back" in window.banner.message.text()
    assert "read-only" in window.banner.message.text()


def test_about_shows_the_audit_anchor(qtbot, data_home, reference_cases, prompter,
                                      monkeypatch):
    from core.services import open_casebook
    from gui.main_window import MainWindow
    from gui.message_box import MessageBox

    cb = open_casebook(data_home.with_name("other-home"), user="dr.test")
    cb.cases.import_cases(reference_cases)
    shown = []
    monkeypatch.setattr(MessageBox, "about", lambda _parent, _title, text: shown.append(text))
    window = MainWindow(cb, prompter)
    qtbot.addWidget(window)
    try:
        window.commands.about.trigger()
        anchor = cb.audit.anchor()
        assert anchor and f"Audit anchor: <b>{anchor}</b>" in shown[0]
        assert not window.banner.isVisible()
    finally:
        window.shutdown()
        cb.close()
