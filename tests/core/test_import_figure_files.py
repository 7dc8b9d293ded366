"""What import does with the figure files a JSON export carries: metadata stripped as on
attach, the declared file type checked, a failed import's files removed only when no one
else uses them."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import threading
from pathlib import Path

import pytest
from PIL import Image

from core.cli import main
from core.errors import InvalidData
from core.report import render_case_pdf
from core.services import open_casebook
from core.services.figures import FigureService, FileStore
from core.services.import_files import ImportedFiles
from core.services.reports import report_options
from tests.core.test_figures import picture

NAME = "PATIENT Jane Doe MRN 4711"


def _jpeg_with_metadata() -> bytes:
    """A JPEG whose EXIF (Artist, ImageDescription) and comment name the patient."""
    exif = Image.Exif()
    exif[0x010E] = NAME  # ImageDescription
    exif[0x013B] = "Jane Doe"  # Artist
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "red").save(out, "JPEG", exif=exif.tobytes(),
                                           comment=NAME.encode())
    return out.getvalue()


@pytest.fixture
def exported(casebook, reference_cases, tmp_path: Path) -> Path:
    """The first reference case with an attested figure, exported."""
    saved = casebook.cases.save_case(reference_cases[0].model_copy(
        update={"version": 0, "status": "draft"}))
    FigureService(casebook.ctx, casebook.cases).attach(
        saved.case_id, picture(tmp_path / "red.png", "red"), figure_number=1, attested=True,
        legend="Smear")
    out = tmp_path / "export.json"
    casebook.interchange.export_cases(out)
    return out


def _embed(path: Path, data: bytes, media_type: str) -> str:
    """Put ``data`` as figure 1's file (with its right hash) into the export; its hash."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    row = doc["cases"][0]["attachments"][-1]
    sha = hashlib.sha256(data).hexdigest()
    row.update(file_content=base64.b64encode(data).decode(), file_sha256=sha,
               media_type=media_type, byte_size=len(data))
    path.write_text(json.dumps(doc), encoding="utf-8")
    return sha


@pytest.fixture
def other(tmp_path: Path):
    cb = open_casebook(tmp_path / "other-workstation", user="dr.other")
    yield cb
    cb.close()


def test_an_imported_image_is_stripped_of_its_metadata(exported, other, tmp_path) -> None:
    raw = _jpeg_with_metadata()
    assert NAME.encode() in raw and b"Jane Doe" in raw
    dirty = _embed(exported, raw, "image/jpeg")
    other.interchange.import_files([exported])
    case = other.cases.open_case("SEED-C1-CAO2023")
    figure = case.attachments[-1]
    assert figure.file_sha256 != dirty  # stored cleaned, under the cleaned bytes' hash
    stored = other.ctx.files.read(figure.file_sha256 or "")
    assert b"Jane Doe" not in stored and b"4711" not in stored
    assert figure.byte_size == len(stored) and figure.metadata_stripped is True
    assert (figure.width_px, figure.height_px) == (64, 48)
    assert not other.ctx.files.exists(dirty)  # the file as it came is nowhere
    pdf = render_case_pdf(case, report_options(True, other.audit, case))
    assert b"Jane Doe" not in pdf and b"4711" not in pdf
    with Image.open(io.BytesIO(stored)) as im:
        assert im.size == (64, 48) and not im.getexif() and "comment" not in im.info
    # the folder checks out: every figure's file is there and sound
    other.close()
    assert main(["--data-dir", str(other.paths.root), "check"]) == 0


def test_a_later_case_naming_the_same_file_names_the_cleaned_one(exported, other) -> None:
    raw = _jpeg_with_metadata()
    dirty = _embed(exported, raw, "image/jpeg")
    doc = json.loads(exported.read_text(encoding="utf-8"))
    second = json.loads(json.dumps(doc["cases"][0]))
    second["case_id"] = "SEED-C9-SAME"
    second["attachments"][-1].pop("file_content")
    doc["cases"].append(second)
    exported.write_text(json.dumps(doc), encoding="utf-8")
    report = other.interchange.import_files([exported])
    assert report.imported == 2 and report.missing_count == 0
    shas = {other.cases.open_case(c).attachments[-1].file_sha256
            for c in ("SEED-C1-CAO2023", "SEED-C9-SAME")}
    assert len(shas) == 1 and dirty not in shas


def test_a_clean_embedded_file_is_stored_as_it_is(exported, other, tmp_path) -> None:
    """Bytes the stripping leaves as they are (a Casebook export) keep their hash."""
    clean = FigureService(other.ctx).files.put_bytes(_jpeg_with_metadata(), "x.jpg")
    data = other.ctx.files.read(clean.sha256)
    other.ctx.files.path(clean.sha256).unlink()
    sha = _embed(exported, data, "image/jpeg")
    other.interchange.import_files([exported])
    assert other.cases.open_case("SEED-C1-CAO2023").attachments[-1].file_sha256 == sha
    assert other.ctx.files.read(sha) == data


def _pdf() -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    page = canvas.Canvas(buf)
    page.drawString(100, 700, "hello")
    page.save()
    return buf.getvalue()


def test_a_file_of_another_type_than_its_figure_says_is_refused(exported, other, tmp_path,
                                                                capsys) -> None:
    _embed(exported, _pdf(), "image/png")
    with pytest.raises(InvalidData) as caught:
        other.interchange.import_files([exported])
    (problem,) = caught.value.problems
    assert problem.case == "SEED-C1-CAO2023"
    assert problem.path == "attachments[0].file_content"
    assert problem.message == ("the embedded file of Figure 1 is a PDF file (application/pdf) "
                               "but its media_type says image/png: the export file is damaged")
    assert other.cases.count_cases() == 0 and other.ctx.files.all_hashes() == []
    code = main(["--data-dir", str(tmp_path / "third"), "import", str(exported)])
    out = capsys.readouterr()
    assert code != 0
    assert "SEED-C1-CAO2023" in out.err and "Figure 1 is a PDF file (application/pdf) but its " \
        "media_type says image/png" in out.err


def _with_a_bad_case(path: Path) -> None:
    """The export with a second, invalid case after the first: the import fails at its end."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    bad = json.loads(json.dumps(doc["cases"][0]))
    bad.update(case_id="SEED-BAD", patient="not an object")
    bad["attachments"][-1].pop("file_content")
    doc["cases"].append(bad)
    path.write_text(json.dumps(doc), encoding="utf-8")


def test_a_failed_import_keeps_a_file_an_attach_stored_meanwhile(exported, other, casebook,
                                                                 reference_cases, tmp_path,
                                                                 monkeypatch) -> None:
    """An attach of the same picture while the import runs stores its file (already there:
    kept as it is) before it waits for the write lock; the import then fails and removes the
    files it added: the attached figure's file stays."""
    sha = casebook.cases.open_case("SEED-C1-CAO2023").attachments[-1].file_sha256 or ""
    same = tmp_path / "same.png"
    same.write_bytes(casebook.ctx.files.read(sha))
    _with_a_bad_case(exported)
    local = other.cases.save_case(reference_cases[1].model_copy(
        update={"version": 0, "status": "draft"}))
    stored, attached = threading.Event(), []
    real_store, real_put = ImportedFiles.store, FileStore.put_path

    def put_path(self, path, owner=None):
        try:
            return real_put(self, path, owner)
        finally:
            stored.set()

    def store(self, source, case, files):
        real_store(self, source, case, files)
        if files and not attached:  # the first case's file is in: attach it meanwhile
            thread = threading.Thread(target=lambda: attached.append(
                FigureService(other.ctx, other.cases).attach(
                    local.case_id, same, figure_number=1, legend="The same smear")))
            attached.append(thread)
            thread.start()
            assert stored.wait(10)  # its file put: it now waits for the import's write lock

    monkeypatch.setattr(FileStore, "put_path", put_path)
    monkeypatch.setattr(ImportedFiles, "store", store)
    with pytest.raises(InvalidData):
        other.interchange.import_files([exported])
    attached[0].join(10)
    case = other.cases.open_case(local.case_id)
    assert case.attachments[-1].file_sha256 == sha
    assert other.ctx.files.read(sha) == same.read_bytes()
    assert other.cases.count_cases() == 1  # the local case alone


def test_a_failed_import_reads_only_the_cases_saved_since_it_began(exported, other, casebook,
                                                                  reference_cases,
                                                                  monkeypatch) -> None:
    """Which cases name the files a failed import created is asked of the cases saved since
    the import began and the drafts, not of every case (3.4 s at 100k cases, under the write
    lock). A case saved before that named the file (its image was missing) lacks it again:
    the folder is as it was before the import."""
    import core.services.added_files as added_files

    figure = casebook.cases.open_case("SEED-C1-CAO2023").attachments[-1]
    sha = figure.file_sha256 or ""
    for case in reference_cases[1:]:  # cases saved before the import, naming a file
        local = case.model_copy(update={"version": 0, "status": "draft"})
        local.attachments = [figure]
        other.cases.save_case(local)
    assert not other.ctx.files.exists(sha)
    read: list[str] = []
    real = added_files.plain

    def counted(conn, sql, *args, **kwargs):
        if "document" not in sql:
            return real(conn, sql, *args, **kwargs)
        rows = list(real(conn, sql, *args, **kwargs))
        read.extend(str(r[0])[:40] for r in rows)
        return iter(rows)

    monkeypatch.setattr(added_files, "plain", counted)
    _with_a_bad_case(exported)
    with pytest.raises(InvalidData):
        other.interchange.import_files([exported])
    assert read == []  # no case saved since, no draft: no document read
    assert other.ctx.files.all_hashes() == [] and not other.ctx.files.exists(sha)
    assert other.cases.count_cases() == len(reference_cases) - 1


def _smooth_jpeg(**options) -> bytes:
    image = Image.new("RGB", (64, 48))
    image.putdata([((x * 7) % 256, (y * 5) % 256, (x * y) % 256)
                   for y in range(48) for x in range(64)])
    out = io.BytesIO()
    image.save(out, "JPEG", **options)
    return out.getvalue()


def _text_before_its_end() -> bytes:
    """Text inside the scan's data, just before EOI: a segment walk takes it for the scan."""
    data = _smooth_jpeg()
    end = data.rindex(b"\xff\xd9")
    return data[:end] + NAME.encode() + data[end:]


def _text_in_a_dnl_segment() -> bytes:
    """Text in a DNL segment (0xFFDC, 'number of lines'), placed before the frame."""
    data = _smooth_jpeg()
    return (data[:20] + b"\xff\xdc" + (len(NAME) + 2).to_bytes(2, "big") + NAME.encode()
            + data[20:])


@pytest.mark.parametrize("make", [_text_before_its_end, _text_in_a_dnl_segment])
def test_text_hidden_in_a_jpeg_reaches_neither_the_store_nor_the_pdf(exported, other,
                                                                     make) -> None:
    """The reviewer's cases: a JPEG with no EXIF, comment or trailing bytes, but a name where
    a segment walk did not look, is stored re-encoded; the name is gone."""
    raw = make()
    assert NAME.encode() in raw and Image.open(io.BytesIO(raw)).size == (64, 48)
    sha = _embed(exported, raw, "image/jpeg")
    other.interchange.import_files([exported])
    case = other.cases.open_case("SEED-C1-CAO2023")
    figure = case.attachments[-1]
    assert figure.file_sha256 != sha and not other.ctx.files.exists(sha)
    stored = other.ctx.files.read(figure.file_sha256 or "")
    assert b"Jane Doe" not in stored and b"4711" not in stored
    pdf = render_case_pdf(case, report_options(True, other.audit, case))
    assert b"Jane Doe" not in pdf and b"4711" not in pdf


@pytest.mark.parametrize("subsampling", [0, 1, 2])
def test_a_jpeg_is_stored_re_encoded_with_its_own_tables(exported, other, tmp_path,
                                                         subsampling) -> None:
    """A JPEG from an export is stored re-encoded (new hash) with the original's quantization
    tables and chroma subsampling (the least loss); the same export imported twice gives the
    same stored file."""
    from PIL.JpegImagePlugin import get_sampling

    out = io.BytesIO()
    Image.effect_noise((400, 300), 40).convert("RGB").save(out, "JPEG", quality=80,
                                                           subsampling=subsampling)
    data = out.getvalue()
    sha = _embed(exported, data, "image/jpeg")
    other.interchange.import_files([exported])
    first = other.cases.open_case("SEED-C1-CAO2023").attachments[-1]
    assert first.file_sha256 != sha and first.metadata_stripped
    stored = other.ctx.files.read(first.file_sha256 or "")
    original, kept = Image.open(io.BytesIO(data)), Image.open(io.BytesIO(stored))
    assert kept.size == original.size == (first.width_px, first.height_px)
    assert get_sampling(kept) == get_sampling(original) == subsampling
    assert kept.quantization == original.quantization  # type: ignore[attr-defined]
    third = open_casebook(tmp_path / "third", user="dr.third")
    try:
        third.interchange.import_files([exported])
        again = third.cases.open_case("SEED-C1-CAO2023").attachments[-1]
    finally:
        third.close()
    assert again.file_sha256 == first.file_sha256


@pytest.mark.parametrize(("data", "media_type", "kind"), [
    (b"\xff\xd8\xff\xe0" + b"garbage" * 20, "image/jpeg", "JPEG"),
    (b"II*\x00" + b"garbage" * 20, "image/tiff", "TIFF")])
def test_a_broken_embedded_image_is_named_in_plain_words(exported, tmp_path, capsys, data,
                                                         media_type, kind) -> None:
    """Pillow's own words ('cannot identify image file <_io.BytesIO object at 0x7f…>') stay
    in the log file; the user reads which figure and that it is damaged."""
    _embed(exported, data, media_type)
    code = main(["--data-dir", str(tmp_path / "third"), "import", str(exported)])
    err = capsys.readouterr().err
    assert code != 0
    assert (f"The embedded file of Figure 1 of case SEED-C1-CAO2023 is not a readable {kind} "
            "image: it is damaged or cut short.") in err
    assert "object at 0x" not in err and "cannot identify" not in err and "<" not in err


def test_the_cleaning_is_in_the_audit_trail_and_the_report(exported, other, tmp_path,
                                                          capsys) -> None:
    from sqlalchemy import text

    _embed(exported, _jpeg_with_metadata(), "image/jpeg")
    report = other.interchange.import_files([exported])
    assert report.cleaned == 1
    with other.ctx.db.read() as conn:
        reasons = [r for (r,) in conn.execute(text(
            "SELECT reason FROM audit WHERE action = 'import'"))]
    assert reasons == ["imported from export.json; 1 figure file(s) stored without their "
                       "metadata (new SHA-256)"]
    assert main(["--data-dir", str(tmp_path / "third"), "import", str(exported)]) == 0
    err = capsys.readouterr().err
    assert "1 figure file(s) stored without their metadata (re-encoded or rewritten, so " \
        "under a new SHA-256" in err


def test_an_import_that_cleaned_nothing_says_nothing_of_it(exported, other) -> None:
    """A PNG Casebook exported comes out the same: no cleaning to tell."""
    from sqlalchemy import text

    report = other.interchange.import_files([exported])
    assert report.cleaned == 0
    with other.ctx.db.read() as conn:
        assert [r for (r,) in conn.execute(text(
            "SELECT reason FROM audit WHERE action = 'import'"))] == ["imported from export.json"]
