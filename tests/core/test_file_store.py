"""The attached-file store: type by magic bytes, metadata stripped, content-addressed, atomic."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from PIL import Image, TiffImagePlugin
from PIL.PngImagePlugin import PngInfo

from core.errors import CasebookError
from core.store.files import FileStore

NAME = "Jonathan Q. Patientname"
GPS_LAT = (52.0, 31.0, 12.34)
XMP = (f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
       f'22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/">'
       f'<dc:creator>{NAME}</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>').encode()
PROBES = (NAME.encode(), b"Patientname", b"GPS", b"adobe:ns:meta", b"Exif")


def _exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x013B] = NAME  # Artist
    exif[0x010E] = f"MRN 555-1234 {NAME}"  # ImageDescription
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", GPS_LAT, "E", GPS_LAT
    return exif


def _picture() -> Image.Image:
    im = Image.new("RGB", (64, 48), (200, 40, 40))
    im.paste((0, 0, 255), (0, 0, 32, 24))
    return im


def jpeg_with_metadata() -> bytes:
    out = io.BytesIO()
    _picture().save(out, "JPEG", exif=_exif(), xmp=XMP, comment=NAME.encode(), quality=90)
    return out.getvalue()


def png_with_metadata() -> bytes:
    info = PngInfo()
    info.add_text("Author", NAME)
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    out = io.BytesIO()
    _picture().save(out, "PNG", pnginfo=info, exif=_exif())
    return out.getvalue()


def tiff_with_metadata() -> bytes:
    ifd = TiffImagePlugin.ImageFileDirectory_v2()
    ifd[315] = NAME  # Artist
    ifd[700] = XMP  # XMP packet
    out = io.BytesIO()
    _picture().save(out, "TIFF", tiffinfo=ifd)
    return out.getvalue()


def pdf_with_metadata() -> bytes:
    from pypdf import PdfWriter
    from pypdf.generic import NameObject, StreamObject

    writer = PdfWriter()
    writer.add_blank_page(200, 100)
    writer.add_metadata({"/Author": "Patientname", "/Title": "MRN5551234"})
    xmp = StreamObject()
    xmp.set_data(XMP)
    xmp.update({NameObject("/Type"): NameObject("/Metadata"),
                NameObject("/Subtype"): NameObject("/XML")})
    writer._root_object[NameObject("/Metadata")] = writer._add_object(xmp)
    out = io.BytesIO()
    writer.write(out)
    data = out.getvalue()
    assert b"adobe:ns:meta" in data and b"MRN5551234" in data
    return data


@pytest.mark.parametrize("make, media_type", [
    (jpeg_with_metadata, "image/jpeg"), (png_with_metadata, "image/png"),
    (tiff_with_metadata, "image/tiff")])
def test_image_metadata_is_stripped(tmp_path: Path, make, media_type: str) -> None:
    data = make()
    assert NAME.encode() in data  # the probe is really there before
    with Image.open(io.BytesIO(data)) as before:
        assert before.getexif() or before.info
    store = FileStore(tmp_path / "files")
    stored = store.put_bytes(data, "scan.img")
    raw = store.read(stored.sha256)
    for probe in PROBES:
        assert probe not in raw, probe
    assert stored.media_type == media_type
    assert (stored.width_px, stored.height_px) == (64, 48)
    assert stored.byte_size == len(raw) and stored.metadata_stripped
    assert hashlib.sha256(raw).hexdigest() == stored.sha256
    assert store.path(stored.sha256) == tmp_path / "files" / stored.sha256[:2] / stored.sha256
    with Image.open(io.BytesIO(raw)) as after:
        tags = set(after.getexif())
        if media_type == "image/tiff":  # only the structural tags (size, strips...) remain
            assert not tags & {270, 305, 315, 700, 33432, 33723, 34377, 34665, 34675, 34853}
        else:
            assert not tags
        assert not {"exif", "xmp", "icc_profile", "comment", "Author",
                    "XML:com.adobe.xmp"} & set(after.info)
        assert after.getpixel((5, 10))[2] > 200  # the picture itself survives


def test_put_is_idempotent_and_put_path(tmp_path: Path) -> None:
    store = FileStore(tmp_path / "files")
    src = tmp_path / f"{NAME}.png"
    src.write_bytes(png_with_metadata())
    first = store.put_path(src)
    second = store.put_bytes(src.read_bytes(), "again.png")
    assert first == second
    assert store.exists(first.sha256) and store.all_hashes() == [first.sha256]
    assert not list((tmp_path / "files").rglob("*.tmp"))


def test_exif_orientation_is_applied_before_the_tag_goes(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    out = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(out, "JPEG", exif=exif)
    stored = FileStore(tmp_path).put_bytes(out.getvalue(), "rotated.jpg")
    assert (stored.width_px, stored.height_px) == (20, 40)


def test_pdf_info_and_xmp_are_stripped(tmp_path: Path) -> None:
    store = FileStore(tmp_path / "files")
    stored = store.put_bytes(pdf_with_metadata(), "letter.pdf")
    raw = store.read(stored.sha256)
    assert stored.media_type == "application/pdf" and stored.width_px is None
    for probe in (b"Patientname", b"MRN5551234", b"adobe:ns:meta", b"/Metadata"):
        assert probe not in raw, probe
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(raw))
    assert len(reader.pages) == 1 and not reader.metadata


def test_pdf_embedded_files_scripts_bookmarks_and_note_authors_are_stripped(
        tmp_path: Path) -> None:
    """What a PDF carries past its page's pixels can name the patient: an embedded file, a
    script, a bookmark, a note and its author. None is stored; the page and its size are."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.actions import JavaScript
    from pypdf.annotations import Text
    from pypdf.generic import NameObject, TextStringObject

    writer = PdfWriter()
    writer.add_blank_page(200, 100)
    writer.add_attachment("MRN5551234.txt", f"{NAME} MRN5551234".encode())
    writer.add_open_action(JavaScript(f"app.alert('{NAME}');"))
    note = Text(rect=(10, 10, 50, 50), text=f"Seen by {NAME}")
    note[NameObject("/T")] = TextStringObject(NAME)
    writer.add_annotation(0, note)
    writer.add_outline_item(title=f"{NAME} chart", page_number=0)
    out = io.BytesIO()
    writer.write(out)
    assert NAME.encode() in out.getvalue()
    store = FileStore(tmp_path / "files")
    raw = store.read(store.put_bytes(out.getvalue(), "chart.pdf").sha256)
    reader = PdfReader(io.BytesIO(raw))
    assert len(reader.pages) == 1 and reader.pages[0].mediabox.width == 200
    for probe in (b"Patientname", b"MRN5551234", b"app.alert", b"/EmbeddedFile",
                  b"/JavaScript", b"/Outlines"):  # the streams are stored uncompressed here
        assert probe not in raw, probe


@pytest.mark.parametrize("data, words", [
    (b"\0" * 128 + b"DICM" + b"\0" * 64, "DICOM"),
    (b"GIF89a" + b"\0" * 20, "not accepted"),
    (b"hello, not a picture", "not a PNG, JPEG, TIFF or PDF"),
    (b"", "empty"),
    (b"\x89PNG\r\n\x1a\n broken", "not a readable PNG"),
])
def test_refused_files_name_the_file_and_the_problem(tmp_path: Path, data: bytes,
                                                     words: str) -> None:
    store = FileStore(tmp_path / "files")
    with pytest.raises(CasebookError) as err:
        store.put_bytes(data, "scan-17.dcm")
    assert "scan-17.dcm" in str(err.value) and words in str(err.value)
    assert store.all_hashes() == []


def test_missing_file_and_bad_hash(tmp_path: Path) -> None:
    store = FileStore(tmp_path / "files")
    with pytest.raises(CasebookError, match="missing"):
        store.read("a" * 64)
    with pytest.raises(CasebookError, match="not a file hash"):
        store.path("../../etc/passwd")
    assert not store.exists("zz")


def test_context_gives_the_folder_file_store(data_home: Path) -> None:
    from core.services import open_casebook

    casebook = open_casebook(data_home)
    try:
        assert casebook.ctx.files.root == data_home / "files"
    finally:
        casebook.close()


def test_a_half_written_file_is_removed_at_the_next_open(data_home: Path) -> None:
    from core.services import open_casebook

    half = data_home / "files" / "ab" / f".{'ab' * 32}.123.tmp"
    half.parent.mkdir(parents=True)
    half.write_bytes(b"half a picture")
    casebook = open_casebook(data_home)
    casebook.close()
    assert not half.exists()


def test_pdf_with_an_owner_password_only_is_stored_unencrypted(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer.add_metadata({"/Author": "Patientname"})
    writer.encrypt(user_password="", owner_password="owner")
    out = io.BytesIO()
    writer.write(out)
    store = FileStore(tmp_path / "files")
    raw = store.read(store.put_bytes(out.getvalue(), "letter.pdf").sha256)
    reader = PdfReader(io.BytesIO(raw))
    assert not reader.is_encrypted and not reader.metadata and len(reader.pages) == 1
    locked = PdfWriter()
    locked.add_blank_page(100, 100)
    locked.encrypt(user_password="secret")
    out = io.BytesIO()
    locked.write(out)
    with pytest.raises(CasebookError, match="locked.pdf is an encrypted PDF"):
        store.put_bytes(out.getvalue(), "locked.pdf")


def test_the_same_picture_stored_by_threads_at_once(tmp_path: Path) -> None:
    """Pasted twice quickly, one picture is stored by two worker threads at the same time:
    each writes its own temporary file, none fails, the stored file is whole."""
    import threading

    out = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(out, "PNG")
    errors: list[Exception] = []
    for attempt in range(20):
        store = FileStore(tmp_path / f"files{attempt}")
        start = threading.Barrier(6)

        def put(store: FileStore = store, start: threading.Barrier = start) -> None:
            start.wait()
            try:
                store.put_bytes(out.getvalue(), "paste.png")
            except CasebookError as exc:
                errors.append(exc)

        threads = [threading.Thread(target=put) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        (sha,) = store.all_hashes()
        assert store.read(sha)  # whole: it hashes to its name
        assert not list(store.root.glob("??/*.tmp"))
    assert errors == []


def test_a_phone_jpeg_with_more_than_one_picture_keeps_the_first_only(tmp_path: Path) -> None:
    """Phones write JPEGs holding more pictures (MPO: a depth map, a preview); such a file
    was refused as 'not a JPEG'. It is stored as a plain JPEG of its first picture."""
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(out, "MPO", save_all=True,
                                           append_images=[Image.new("RGB", (40, 30), "blue")])
    store = FileStore(tmp_path / "files")
    stored = store.put_bytes(out.getvalue(), "IMG_2041.jpg")
    assert stored.media_type == "image/jpeg" and (stored.width_px, stored.height_px) == (40, 30)
    with Image.open(io.BytesIO(store.read(stored.sha256))) as image:
        assert image.format == "JPEG" and getattr(image, "n_frames", 1) == 1
        red, green, blue = image.convert("RGB").getpixel((5, 5))
        assert red > 200 and blue < 50


def test_put_path_names_a_folder_a_pipe_and_an_unreadable_file(tmp_path: Path,
                                                                monkeypatch) -> None:
    import os

    from core.store.files import FileProblem

    store = FileStore(tmp_path / "files")
    with pytest.raises(FileProblem, match="is a folder, not a file"):
        store.put_path(Path("."))
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(FileProblem, match=r"pipe is not a regular file"):
        store.put_path(fifo)  # never opened: reading a pipe would block
    with pytest.raises(FileProblem, match=r"^No such file: .*none\.png"):
        store.put_path(tmp_path / "none.png")
    picture = tmp_path / "a.png"
    Image.new("RGB", (4, 4)).save(picture)
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    with pytest.raises(FileProblem, match=r"a\.png could not be read: permission denied"):
        store.put_path(picture)
