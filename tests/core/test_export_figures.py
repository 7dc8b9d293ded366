"""A JSON export carries the figure files; import puts them into the other data folder."""

from __future__ import annotations

import base64
import hashlib
import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from core.cli import main
from core.errors import InvalidData
from core.model import Case
from core.report import render_case_pdf
from core.services import open_casebook
from core.services.figures import FigureService
from core.services.reports import report_options
from tests.core.test_figures import picture


@pytest.fixture
def exported(casebook, reference_cases, tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    """Both reference cases, each with a figure (the same file twice in the first), exported
    from the test's data folder; and the stored bytes by hash."""
    figures = FigureService(casebook.ctx, casebook.cases)
    stored: dict[str, bytes] = {}
    for case, colour in zip(reference_cases, ("red", "blue"), strict=True):
        saved = casebook.cases.save_case(case.model_copy(update={"version": 0,
                                                                 "status": "draft"}))
        path = picture(tmp_path / f"{colour}.png", colour)
        after = figures.attach(saved.case_id, path, figure_number=1, attested=True,
                               legend=f"Smear in {colour}")
        sha = after.attachments[-1].file_sha256
        assert sha is not None
        stored[sha] = casebook.ctx.files.read(sha)
    figures.attach(reference_cases[0].case_id, tmp_path / "red.png", figure_number=2,
                   legend="The same smear again")
    out = tmp_path / "export.json"
    assert casebook.interchange.export_cases(out) == 2
    return out, stored


@pytest.fixture
def other(tmp_path: Path):
    cb = open_casebook(tmp_path / "other-workstation", user="dr.other")
    yield cb
    cb.close()


def _pdf_text(case: Case, cb) -> str:
    pdf = render_case_pdf(case, report_options(False, cb.audit, case))
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


def _stored_files(cb) -> list[Path]:
    root = cb.ctx.files.root
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []


def test_the_figures_move_with_the_export(exported, other, caplog) -> None:
    path, stored = exported
    report = other.interchange.import_files([path])
    assert report.imported == 2
    for sha, data in stored.items():
        assert other.ctx.files.read(sha) == data  # the very bytes, checked against the hash
    assert len(_stored_files(other)) == 2
    for case_id in ("SEED-C1-CAO2023", "SEED-C2-CAO2023"):
        case = other.cases.open_case(case_id)
        caplog.clear()
        text = _pdf_text(case, other)
        assert "Figure 1. Smear in" in text and "is not available" not in text
        assert "not drawn" not in caplog.text
    # the record as it was: the case names the same files
    first = other.cases.open_case("SEED-C1-CAO2023")
    assert [a.file_sha256 for a in first.attachments if a.figure_number] == \
        [next(iter(stored))] * 2
    assert (report.missing, report.missing_count) == ([], 0)


def test_the_export_carries_each_file_once_a_case_in_canonical_bytes(exported, casebook,
                                                                      tmp_path) -> None:
    path, stored = exported
    doc = json.loads(path.read_text(encoding="utf-8"))
    first = doc["cases"][0]["attachments"]
    carried = [a for a in first if "file_content" in a]
    assert len(carried) == 1 and len([a for a in first if a.get("figure_number")]) == 2
    assert base64.b64decode(carried[0]["file_content"]) == stored[carried[0]["file_sha256"]]
    again = tmp_path / "again.json"
    casebook.interchange.export_cases(again)
    assert again.read_bytes() == path.read_bytes()
    for case in doc["cases"]:
        assert json.dumps(case, ensure_ascii=False, separators=(",", ":"), sort_keys=True) \
            in path.read_text(encoding="utf-8")


def _damage(path: Path, how: str) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    row = next(a for a in doc["cases"][1]["attachments"] if "file_content" in a)
    if how == "base64":
        row["file_content"] = row["file_content"][:40] + "!*" + row["file_content"][42:]
    elif how == "hash":
        row["file_content"] = base64.b64encode(picture(path.with_suffix(".png"),
                                                       "green").read_bytes()).decode()
    else:  # bytes that match the hash the record gives, but no image Casebook accepts
        data = b"GIF89a" + bytes(100)
        row["file_content"] = base64.b64encode(data).decode()
        row["file_sha256"] = hashlib.sha256(data).hexdigest()
    path.write_text(json.dumps(doc), encoding="utf-8")


@pytest.mark.parametrize(("how", "said"), [
    ("base64", "is not valid base64"), ("hash", "does not match its SHA-256"),
    ("type", "is not a PNG, JPEG, TIFF or PDF file")])
@pytest.mark.parametrize("chunk", [1, 2000])
def test_a_damaged_embedded_file_is_refused_and_nothing_is_kept(exported, other, how, said,
                                                                chunk) -> None:
    """The second case's file is damaged: the first case's file, already put into the store
    (and with chunk=1 its case committed), is removed again."""
    path, _ = exported
    _damage(path, how)
    other.interchange.chunk = chunk
    with pytest.raises(InvalidData) as caught:
        other.interchange.import_files([path])
    problems = caught.value.problems
    assert len(problems) == 1
    assert problems[0].case == "SEED-C2-CAO2023"
    assert problems[0].path == "attachments[0].file_content"
    assert said in problems[0].message and "Figure 1" in problems[0].message
    assert "SEED-C2-CAO2023" in str(caught.value) and "Figure 1" in str(caught.value)
    assert other.cases.count_cases() == 0
    assert _stored_files(other) == []


def test_validate_names_a_damaged_embedded_file(exported, capsys) -> None:
    path, _ = exported
    _damage(path, "hash")
    assert main(["validate", str(path)]) != 0
    out = capsys.readouterr()
    assert "SEED-C2-CAO2023" in out.out + out.err and "Figure 1" in out.out + out.err


def _old_format(path: Path) -> None:
    """The file as Casebook wrote it before exports carried the figure files."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    for case in doc["cases"]:
        for row in case.get("attachments", []):
            row.pop("file_content", None)
    path.write_text(json.dumps(doc), encoding="utf-8")


def test_an_old_export_imports_and_names_the_figures_without_image(exported, other,
                                                                     tmp_path, capsys) -> None:
    path, stored = exported
    _old_format(path)
    report = other.interchange.import_files([path])
    assert report.imported == 2 and report.missing_count == 3
    assert report.missing == ["case SEED-C1-CAO2023: Figure 1 ('Smear in red')",
                              "case SEED-C1-CAO2023: Figure 2 ('The same smear again')",
                              "case SEED-C2-CAO2023: Figure 1 ('Smear in blue')"]
    assert _stored_files(other) == []
    # the command line says so too, in another fresh folder
    code = main(["--data-dir", str(tmp_path / "third"), "import", str(path)])
    err = capsys.readouterr().err
    assert code == 0
    assert "3 figure(s) were imported without their image" in err
    assert "case SEED-C2-CAO2023: Figure 1 ('Smear in blue')" in err


def test_an_old_export_into_a_folder_that_holds_the_files_warns_of_nothing(
        exported, casebook) -> None:
    path, _ = exported
    _old_format(path)
    report = casebook.interchange.import_files([path], "as_new")
    assert (report.imported, report.missing_count, report.missing) == (2, 0, [])


def test_a_file_already_in_the_store_is_left_alone(exported, other) -> None:
    path, stored = exported
    sha = next(iter(stored))
    target = other.ctx.files.path(sha)
    target.parent.mkdir(parents=True)
    target.write_bytes(stored[sha])
    before = target.stat().st_mtime_ns
    other.interchange.import_files([path])
    assert target.stat().st_mtime_ns == before
    with pytest.raises(InvalidData):  # the same ids again: refused; the files stay
        other.interchange.import_files([path])
    assert len(_stored_files(other)) == 2


def test_an_export_with_its_figure_files_follows_the_file_schema(exported) -> None:
    from jsonschema import Draft202012Validator

    from core.io.schema import file_schema

    path, _ = exported
    doc = json.loads(path.read_text(encoding="utf-8"))
    validator = Draft202012Validator(file_schema())
    assert [e.message[:200] for e in validator.iter_errors(doc)] == []


def test_export_and_import_with_figures_stream_one_case_at_a_time(casebook, reference_cases,
                                                                  tmp_path) -> None:
    """Each case carries a distinct ~1 MB image: the traced peaks of exporting and importing
    12 cases stay within 6 MB of those of 3 cases (holding the 9 more cases' files as bytes
    and base64 text would take ~30 MB more)."""
    import os
    import tracemalloc

    from PIL import Image

    from core.model.report import Attachment
    from core.services.figures import file_fields

    cases = []
    for i in range(12):
        raw = io.BytesIO()
        Image.frombytes("RGB", (600, 600), os.urandom(600 * 600 * 3)).save(raw, "PNG")
        stored = casebook.ctx.files.put_bytes(raw.getvalue(), f"noise-{i}.png")
        figure = Attachment.model_validate({**file_fields(stored, None), "figure_number": 1,
                                            "caption": f"Noise {i}"})
        cases.append(reference_cases[0].model_copy(update={
            "case_id": f"SYN-FIG-{i:02d}", "attachments": [figure]}))
    casebook.cases.import_cases(cases)
    ids = [c.case_id for c in cases]

    def peak(work) -> float:
        tracemalloc.start()
        try:
            work()
            return tracemalloc.get_traced_memory()[1] / 2**20
        finally:
            tracemalloc.stop()

    files = {n: tmp_path / f"figures-{n}.json" for n in (3, 12)}
    casebook.interchange.export_cases(tmp_path / "warm.json", ids[:1])
    export = {n: peak(lambda n=n: casebook.interchange.export_cases(files[n], ids[:n]))
              for n in files}
    assert files[12].stat().st_size > 12 * 2**20
    imported = {}
    for n, path in files.items():
        target = open_casebook(tmp_path / f"into-{n}", user="dr.other")
        try:
            target.interchange.import_files([tmp_path / "warm.json"], "as_new")
            imported[n] = peak(lambda t=target, p=path: t.interchange.import_files([p]))
            assert len(_stored_files(target)) == n  # the warm-up's file is one of them
        finally:
            target.close()
    assert export[12] - export[3] < 6, export
    assert imported[12] - imported[3] < 6, imported


def test_a_case_imported_with_a_new_id_is_named_by_it(exported, other) -> None:
    path, _ = exported
    _old_format(path)
    report = other.interchange.import_files([path], "as_new")
    new = report.missing[0].split(" ")[1]
    assert new != "SEED-C1-CAO2023" and other.cases.existing_ids([new]) == {new}
    assert report.missing[0] == (f"case {new} (SEED-C1-CAO2023 in the file): Figure 1 "
                                 "('Smear in red')")
