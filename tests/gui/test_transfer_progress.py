"""The app's import and export dialogs are fed the progress of the streaming transfer."""

from __future__ import annotations

from tests.conftest import REFERENCE_CASEBOOK


def test_import_and_export_report_their_progress(qtbot, window, casebook, prompter, tmp_path,
                                                 monkeypatch):
    seen: list[tuple[int, int]] = []
    real = window.transfers._on_progress

    def on_progress(done: int, total: int) -> None:
        seen.append((done, total))
        real(done, total)
    monkeypatch.setattr(window.transfers, "_on_progress", on_progress)
    prompter.script("choose_open_files", [REFERENCE_CASEBOOK])
    with qtbot.waitSignal(window.transfers.done, timeout=30000):
        window.commands.import_json.trigger()
    size = REFERENCE_CASEBOOK.stat().st_size // 1024
    qtbot.waitUntil(lambda: (size, size) in seen)
    assert window.case_model.total == 2
    seen.clear()
    prompter.script("choose_save_file", tmp_path / "all.json")
    with qtbot.waitSignal(window.transfers.done, timeout=30000):
        window.commands.export_all.trigger()
    qtbot.waitUntil(lambda: (2, 2) in seen)
    assert seen[0] == (1, 2)
    assert (tmp_path / "all.json").exists()
