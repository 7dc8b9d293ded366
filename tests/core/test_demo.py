"""casebook demo: N+2 valid cases, idempotent, refuses a folder with entered cases."""

from __future__ import annotations

import pytest

from core.cli import main
from core.errors import CasebookError
from core.services.demo import fill_demo


def test_demo_fills_n_plus_two_valid_cases(casebook):
    report = fill_demo(casebook.cases, 25)
    assert report.added == 27
    assert casebook.cases.count_cases() == 27
    for summary in casebook.cases.list_cases():
        case = casebook.cases.open_case(summary.case_id)
        assert case.case_id == summary.case_id
    assert casebook.maintenance.check().ok


def test_second_run_adds_nothing_twice(casebook):
    fill_demo(casebook.cases, 10)
    again = fill_demo(casebook.cases, 10)
    assert (again.added, again.already_there) == (0, 12)
    more = fill_demo(casebook.cases, 15)
    assert more.added == 5
    assert casebook.cases.count_cases() == 17


def test_folder_with_an_entered_case_is_refused(casebook, reference_cases):
    entered = reference_cases[0].model_copy(deep=True, update={"case_id": "HC-ENTERED1",
                                                               "version": 0})
    _mark_all_entered(entered)
    casebook.cases.save_case(entered)
    with pytest.raises(CasebookError, match="entered by a person"):
        fill_demo(casebook.cases, 5)
    assert casebook.cases.count_cases() == 1


def _mark_all_entered(model) -> None:
    from pydantic import BaseModel

    if isinstance(model, BaseModel):
        if "src" in type(model).model_fields:
            model.src = "entered"
        for name in type(model).model_fields:
            _mark_all_entered(getattr(model, name))
    elif isinstance(model, list):
        for item in model:
            _mark_all_entered(item)


def test_demo_command(capsys, data_home):
    assert main(["demo", "--cases", "5"]) == 0
    assert "Added 7 demo case(s)" in capsys.readouterr().err
    assert main(["list", "--json"]) == 0


def test_a_run_stopped_after_its_first_chunk_keeps_nothing_and_leaves_its_note(casebook,
                                                                              monkeypatch):
    """Ctrl+C in `casebook demo` after a chunk was committed: all or nothing (the old code
    kept the first 2,000 generated cases, without the reference cases); the note of the run
    stays for the app's next start, and the next run that finishes removes it."""
    from core.services import demo

    monkeypatch.setattr(demo, "CHUNK", 3, raising=False)
    monkeypatch.setattr(demo, "PROGRESS_STEP", 1, raising=False)

    def stop(done, total):
        if done >= 5:  # the first chunk (3 cases) is committed
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        fill_demo(casebook.cases, 10, on_progress=stop)
    assert casebook.cases.count_cases() == 0
    assert demo.unfinished(casebook.cases) == 12
    assert fill_demo(casebook.cases, 10).added == 12
    assert demo.unfinished(casebook.cases) is None
    assert casebook.maintenance.check().ok


def test_demo_command_interrupted_says_nothing_was_added(capsys, data_home, monkeypatch):
    from core.cli.progress import ProgressBar
    from core.services import demo, open_casebook

    monkeypatch.setattr(demo, "CHUNK", 3, raising=False)
    monkeypatch.setattr(demo, "PROGRESS_STEP", 1, raising=False)
    shown = ProgressBar.show

    def ctrl_c(bar, done, total=None):
        if done >= 5:  # the first chunk (3 cases) is committed
            raise KeyboardInterrupt
        return shown(bar, done, total)

    monkeypatch.setattr(ProgressBar, "show", ctrl_c)
    assert main(["demo", "--cases", "10"]) == 130
    assert "Demo data interrupted: no demo case was added." in capsys.readouterr().err
    cb = open_casebook(data_home)
    try:
        assert cb.cases.count_cases() == 0 and demo.unfinished(cb.cases) == 12
    finally:
        cb.close()
