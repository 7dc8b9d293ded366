"""Import and export stream (issue 20): memory does not grow with the number of cases, the
import is still all-or-nothing, and the file is read correctly whatever the chunk borders."""

from __future__ import annotations

import json
import random
import tracemalloc
from pathlib import Path

import pytest

from core.errors import InvalidData
from core.io import jsonstream
from core.io.interchange import export_document, read_files, write_export
from core.model import Case
from core.store.audit import read_head
from core.synth import generate_cases
from core.synth.generator import build_document
from tests.conftest import REFERENCE_CASEBOOK

MB = 2**20
LIST_ITEMS = 1  # items kept of every list of a lean generated case (see _lean)


def _peak(work) -> int:
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _generated(tmp_path: Path, n: int, seed: int) -> Path:
    path = tmp_path / f"generated-{n}.json"
    assert write_export(path, generate_cases(n, seed=seed)) == n
    return path


def _lean(value):
    """A generated case's document with every list (at any depth) cut to its first
    ``LIST_ITEMS`` item(s): a shorter record, still valid (the import validates it), and its
    import makes far fewer of the allocations that tracemalloc traces (tracing makes an
    import ~4 times slower; with two items a list the test took ~30 s, with one ~18 s)."""
    if isinstance(value, dict):
        return {key: _lean(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_lean(item) for item in value[:LIST_ITEMS]]
    return value


def _lean_case(seed: int, index: int) -> dict:
    """A lean generated case; nine in ten are drafts. A case the file calls complete or
    locked is evaluated by the clinical engine before it is written (import_status: its
    errors store it as a draft), ~7 ms a case and four times that traced: with the
    generator's statuses the traced imports took ~40 s, over the 20 s the test may take.
    One in ten keeps its status, so that check runs inside the traced import too."""
    doc = _lean(build_document(random.Random(f"streaming-{seed}-{index}"), f"SYN-{seed}-{index}"))
    if index % 10:
        doc.update(status="draft", locked_by=None, locked_at=None)
    return doc


@pytest.fixture(scope="session")
def lean_files(tmp_path_factory) -> dict[int, Path]:
    """Files of N = 100 and N = 1,000 lean generated cases (the first 100 in both), written
    once a session and outside any traced window (documents straight from the generator;
    the import validates them)."""
    folder = tmp_path_factory.mktemp("lean-generated")
    cases = [_lean_case(11, i) for i in range(1000)]
    files = {}
    for n in (100, 1000):
        files[n] = folder / f"generated-{n}.json"
        text = json.dumps({**export_document([]), "cases": cases[:n]}, ensure_ascii=False,
                          separators=(",", ":"))  # as the export writes (no \u escapes)
        files[n].write_text(text, "utf-8")
    return files


def _import_peaks(casebook, files: dict[int, Path]) -> dict[int, float]:
    """The traced peak (MB) of a ``casebook import --as-new`` of each file (the service the
    command line calls), after an untraced import of the reference file: the first import's
    one-time work (schemas built, statements compiled, caches) stays out of both peaks."""
    casebook.interchange.import_files([REFERENCE_CASEBOOK], "as_new")
    return {n: _peak(lambda p=path: casebook.interchange.import_files([p], "as_new")) / MB
            for n, path in files.items()}


@pytest.mark.slow
def test_import_memory_does_not_grow_with_the_number_of_cases(casebook, lean_files):
    """Streaming: the import's traced peak at N = 1,000 is within 20 MB of its peak at
    N = 100. The same import made to read the whole file before writing fails this (peaks
    ~9 and ~61 MB); the next test checks that the lean cases keep that margin."""
    peaks = _import_peaks(casebook, lean_files)
    assert casebook.cases.count_cases() == 2 + 100 + 1000
    assert peaks[1000] - peaks[100] < 20, peaks


def test_a_held_import_would_fail_the_comparison(lean_files):
    """The comparison above can tell: the 900 lean cases that file has beyond the smaller
    one, held as an import that reads the whole file first holds them, weigh over 1.5 times
    the 20 MB allowed (~32 MB, measured on the first 100, the memory they hold once read)."""
    tracemalloc.start()
    try:
        cases = read_files([lean_files[100]]).cases
        held = tracemalloc.get_traced_memory()[0] / MB
    finally:
        tracemalloc.stop()
    assert len(cases) == 100 and 9 * held > 1.5 * 20, (held, 9 * held)


def test_export_memory_does_not_grow_with_the_number_of_cases(tmp_path):
    case = Case.model_validate(_lean_case(12, 0))

    def export(n: int) -> None:
        copies = (case.model_copy(update={"case_id": f"SYN-C-{i}"}) for i in range(n))
        assert write_export(tmp_path / f"out-{n}.json", copies) == n
    peaks = {n: _peak(lambda n=n: export(n)) for n in (100, 1000)}
    assert peaks[1000] - peaks[100] < 2 * MB, {k: v / MB for k, v in peaks.items()}
    assert len(json.loads((tmp_path / "out-1000.json").read_text("utf-8"))["cases"]) == 1000


def test_the_export_reads_the_cases_one_at_a_time(casebook, tmp_path, monkeypatch):
    from core.services import interchange

    casebook.interchange.import_files([REFERENCE_CASEBOOK])
    loaded: list[str] = []
    written: list[int] = []
    real = interchange.repo.load_case

    def load(conn, case_id):
        loaded.append(case_id)
        assert len(loaded) == len(written) + 1  # the case before is written already
        return real(conn, case_id)
    monkeypatch.setattr(interchange.repo, "load_case", load)
    count = casebook.interchange.export_cases(tmp_path / "out.json",
                                              on_progress=lambda done, _: written.append(done))
    assert count == 2 and written == [1, 2]
    assert loaded == sorted(loaded)  # in id order
    casebook.cases.trash_case(loaded[0])
    assert casebook.interchange.export_cases(tmp_path / "out.json", force=True) == 1
    assert loaded[2:] == loaded[1:2]  # the case in the trash is not exported


@pytest.fixture(scope="module")
def generated_75(tmp_path_factory) -> str:
    """The export file of 75 generated cases (seed 13), written once a module: each test
    changes its own copy."""
    return _generated(tmp_path_factory.mktemp("generated"), 75, 13).read_text("utf-8")


@pytest.fixture
def batches_of_25(monkeypatch) -> None:
    """The import writes 25 cases a batch instead of 100: a case late in a file of 75 comes
    after two batches written, as case 250 of 300 did (a quarter of the cases to import)."""
    from core.services import importing

    monkeypatch.setattr(importing, "BATCH", 25)


def test_a_bad_case_after_the_first_batches_leaves_the_database_untouched(casebook, tmp_path,
                                                                          monkeypatch,
                                                                          generated_75,
                                                                          batches_of_25):
    from core.services.importing import ImportWriter

    casebook.interchange.import_files([REFERENCE_CASEBOOK])
    written: list[int] = []
    real = ImportWriter._write
    monkeypatch.setattr(ImportWriter, "_write", lambda self, items, olds: (
        written.append(len(items)), real(self, items, olds)))
    head, entries = read_head(casebook.paths.audit_head), casebook.audit.count()
    doc = json.loads(generated_75)
    doc["cases"][62]["patient"]["age_at_day0"] = "old"  # batches of 25 were written before
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(InvalidData) as info:
        casebook.interchange.import_files([bad])
    assert [(p.case, p.path) for p in info.value.problems] == [
        ("SYN-13-62", "patient.age_at_day0")]
    assert written == [25, 25]  # in the transaction, then rolled back
    assert casebook.cases.count_cases() == 2
    assert casebook.audit.count() == entries
    assert casebook.audit.verify().ok
    assert read_head(casebook.paths.audit_head).count == head.count


def test_a_collision_late_in_the_file_writes_nothing(casebook, tmp_path, generated_75,
                                                     batches_of_25, monkeypatch):
    path = tmp_path / "late-collision.json"
    doc = json.loads(generated_75)
    casebook.interchange.import_files([REFERENCE_CASEBOOK])
    doc["cases"][62]["case_id"] = json.loads(REFERENCE_CASEBOOK.read_text("utf-8"))[
        "cases"][0]["case_id"]
    path.write_text(json.dumps(doc), encoding="utf-8")
    from core.services.importing import ImportWriter

    written: list[int] = []
    real = ImportWriter._write
    monkeypatch.setattr(ImportWriter, "_write", lambda self, items, olds: (
        written.append(len(items)), real(self, items, olds)))
    with pytest.raises(InvalidData) as info:
        casebook.interchange.import_files([path])
    assert [p.message for p in info.value.problems] == [
        "a case with this id already exists (use --replace or --as-new)"]
    assert written[:2] == [25, 25]  # late: after batches written (then rolled back)
    assert casebook.cases.count_cases() == 2


def test_the_wrapper_keys_may_come_in_any_order(casebook, tmp_path):
    doc = json.loads(REFERENCE_CASEBOOK.read_text("utf-8"))
    path = tmp_path / "cases-first.json"
    path.write_text(json.dumps({"cases": doc["cases"], "schema_version": doc["schema_version"],
                                "format": "casebook"}), encoding="utf-8")
    assert casebook.interchange.import_files([path]).imported == 2


def test_a_bad_wrapper_after_the_cases_is_the_problem_reported(tmp_path):
    doc = json.loads(REFERENCE_CASEBOOK.read_text("utf-8"))
    doc["cases"][0]["patient"]["age_at_day0"] = "old"
    path = tmp_path / "late-format.json"
    path.write_text(json.dumps({"cases": doc["cases"], "format": "other"}), encoding="utf-8")
    assert [(p.path, p.message) for p in read_files([path]).problems] == [
        ("format", "unknown format 'other'")]
    text = '{"cases": ' + json.dumps(doc["cases"]) + ', "format": "casebook", "cases": []}'
    path.write_text(text, encoding="utf-8")
    assert [p.message for p in read_files([path]).problems] == ["this field appears twice"]


@pytest.mark.parametrize("chunk", [1, 7, 4096])
def test_any_chunk_size_reads_the_same(monkeypatch, tmp_path, chunk):
    expected = read_files([REFERENCE_CASEBOOK])
    monkeypatch.setattr(jsonstream, "CHUNK", chunk)
    again = read_files([REFERENCE_CASEBOOK])
    assert again.ok and [c.to_json_dict() for c in again.cases] == [
        c.to_json_dict() for c in expected.cases]
    numbers = tmp_path / "numbers.json"
    numbers.write_text('{"cases": [12345678901234567890123, 1e400, NaN]}', encoding="utf-8")
    messages = [p.message for p in read_files([numbers]).problems]
    assert messages == ["a case must be an object, not a number"] * 3


@pytest.mark.parametrize("chunk", [3, 1 << 20])
def test_a_syntax_error_names_its_line_and_column(monkeypatch, tmp_path, chunk):
    monkeypatch.setattr(jsonstream, "CHUNK", chunk)
    text = json.dumps(json.loads(REFERENCE_CASEBOOK.read_text("utf-8")), indent=1)
    cut = text.index('"patient"', len(text) // 2)
    broken = text[:cut] + "," + text[cut:]
    path = tmp_path / "broken.json"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(json.JSONDecodeError) as expected:
        json.loads(broken)
    [problem] = read_files([path]).problems
    exc = expected.value
    assert problem.message.startswith(f"not valid JSON ({exc.msg} at line {exc.lineno}, "
                                      f"column {exc.colno}, in case SEED-C1-CAO2023, near: ")


def test_the_export_is_the_document_written_whole(tmp_path):
    cases = read_files([REFERENCE_CASEBOOK]).cases
    path = tmp_path / "out.json"
    assert write_export(path, iter(cases)) == 2
    assert json.loads(path.read_text("utf-8")) == export_document(cases)
    empty = tmp_path / "empty.json"
    write_export(empty, [])
    assert json.loads(empty.read_text("utf-8"))["cases"] == []


def test_the_command_line_shows_the_progress(capsys, tmp_path, data_home):
    from core.cli import main

    size = REFERENCE_CASEBOOK.stat().st_size // 1024
    assert main(["import", str(REFERENCE_CASEBOOK)]) == 0
    err = capsys.readouterr().err
    assert f"] {size}/{size} KB read\n" in err and "Imported 2 case(s)" in err
    assert main(["export", "-o", str(tmp_path / "out.json")]) == 0
    err = capsys.readouterr().err
    assert "] 2/2 cases\n" in err and "Exported 2 case(s)" in err
