"""Metadata stripping for attached files: images re-encoded from their pixels, PDFs rewritten
without their Info dictionary and XMP streams. Pillow and pypdf are imported here only, when a
file is attached (never at start)."""

from __future__ import annotations

import contextlib
import io
import logging
import warnings
from collections.abc import Iterator

from core.errors import CasebookError
from core.logs import get_logger

_FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG", "image/tiff": "TIFF"}
_LIBRARIES = ("pypdf", "PIL")
_log = get_logger("files")


class StripError(CasebookError):
    pass


class _ToLogFile(logging.Handler):
    """pypdf's and Pillow's own log records ("EOF marker not found"...) go to Casebook's log
    file as INFO lines, never to the screen: the user sees our message alone."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            _log.info("%s: %s", record.name, record.getMessage())
        except Exception:  # noqa: BLE001 - a library's odd record never stops storing a file
            pass


def _quiet_libraries() -> None:
    for name in _LIBRARIES:
        logger = logging.getLogger(name)
        if not any(isinstance(h, _ToLogFile) for h in logger.handlers):
            logger.addHandler(_ToLogFile())
            logger.propagate = False


@contextlib.contextmanager
def quiet_libraries() -> Iterator[None]:
    """The libraries' warnings while a file is read and rewritten go to the log file (INFO)."""
    _quiet_libraries()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            yield
        finally:
            for w in caught:
                _log.info("%s: %s", w.category.__name__, w.message)


def strip_image(data: bytes, name: str, media_type: str) -> tuple[bytes, int, int]:
    """Re-encode the first frame's pixels in the same format with no metadata at all.

    The EXIF orientation is applied to the pixels first (the tag itself goes), so the picture
    still stands the right way up. Returns (bytes, width, height).
    """
    from PIL import Image, ImageOps, UnidentifiedImageError

    fmt = _FORMATS[media_type]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as im:
                # a phone's JPEG often holds more than one picture (MPO: depth map, preview)
                if im.format != fmt and not (fmt == "JPEG" and im.format == "MPO"):
                    raise StripError(f"{name} starts like a {fmt} file but is not one.")
                im.seek(0)
                quant = getattr(im, "quantization", None)
                sampling = _sampling(im) if fmt == "JPEG" else -1
                upright = ImageOps.exif_transpose(im) or im
                upright.load()
                clean = upright.copy()  # a plain Image: no TIFF tags, no JPEG markers kept
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise StripError(f"{name} is too large in pixels to be a figure.") from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        # Pillow's own words name Python objects ('<_io.BytesIO object at 0x7f…>'): the log
        # file gets them, the user a plain sentence
        _log.info("%s: Pillow could not read it as %s: %s", name, fmt, exc)
        raise StripError(f"{name} is not a readable {fmt} image: it is damaged or cut "
                         "short.") from None
    transparency = clean.info.get("transparency")
    clean.info = {} if transparency is None else {"transparency": transparency}
    out = io.BytesIO()
    try:
        if fmt == "JPEG":
            if clean.mode not in ("L", "RGB", "CMYK"):
                clean = clean.convert("RGB")
            # the original's quantization tables and chroma subsampling (Pillow's
            # quality="keep"): no further loss than re-encoding needs. Decoding and encoding
            # again still rounds differently, so the bytes (and hash) are new ones each time
            options: dict[str, object] = {"qtables": quant} if quant else {"quality": 95}
            if sampling != -1:
                options["subsampling"] = sampling
            clean.save(out, "JPEG", optimize=True, **options)
        elif fmt == "PNG":
            clean.save(out, "PNG", compress_level=1)  # 5x quicker than 6 on a photo, ~7% larger
        else:
            clean.save(out, "TIFF", compression="tiff_lzw")
    except (OSError, ValueError) as exc:
        raise StripError(f"{name} could not be rewritten without its metadata ({exc}).") from None
    return out.getvalue(), clean.width, clean.height


def _sampling(im: object) -> int:
    """The JPEG's chroma subsampling as Pillow's ``subsampling`` option (0 4:4:4, 1 4:2:2,
    2 4:2:0), -1 when unknown."""
    from PIL import JpegImagePlugin

    try:
        return int(JpegImagePlugin.get_sampling(im))  # type: ignore[arg-type]
    except (AttributeError, TypeError, ValueError):
        return -1


def strip_pdf(data: bytes, name: str) -> bytes:
    """The PDF without its Info dictionary and any XMP metadata stream (document and page
    level), written unencrypted; a PDF that needs a password to open is refused (it cannot
    be read)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PyPdfError
    from pypdf.generic import NameObject, StreamObject

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):  # an owner password alone is fine
            raise StripError(f"{name} is an encrypted PDF: remove the password and attach it "
                             "again.")
        if not reader.pages:
            raise StripError(f"{name} is a PDF without pages.")
        writer = PdfWriter(clone_from=reader)
        writer.metadata = None
        # the Info and XMP metadata, and what can carry names past the page's pixels:
        # embedded files and JavaScript (the /Names tree), actions, bookmarks
        for key in ("/Metadata", "/PieceInfo", "/Names", "/OpenAction", "/AA", "/Outlines"):
            writer._root_object.pop(NameObject(key), None)
        for page in writer.pages:
            for key in ("/Metadata", "/PieceInfo", "/AA"):
                page.pop(NameObject(key), None)
            _strip_annotations(page)
        for obj in writer._objects:  # XMP streams referenced from elsewhere: emptied
            if isinstance(obj, StreamObject) and obj.get("/Type") == "/Metadata":
                obj.set_data(b"")
        writer.compress_identical_objects()
        cleaned = io.BytesIO()
        writer.write(cleaned)
        fresh = PdfWriter()  # only what the pages reach: no orphaned embedded file or script
        for page in PdfReader(cleaned).pages:
            fresh.add_page(page)
        fresh.metadata = None
        out = io.BytesIO()
        fresh.write(out)
    except StripError:
        raise
    except (PyPdfError, OSError, ValueError, KeyError, TypeError) as exc:
        raise StripError(f"{name} is not a readable PDF ({exc}).") from None
    return out.getvalue()


def _strip_annotations(page: object) -> None:
    """A page's annotations without their author (/T) and popup notes, file attachments
    gone: what they draw on the page stays (the attestation covers what is seen)."""
    from pypdf.generic import ArrayObject, NameObject

    annots = page.get("/Annots")  # type: ignore[attr-defined]
    if annots is None:
        return
    kept = ArrayObject()
    for ref in annots.get_object():
        annot = ref.get_object()
        if annot.get("/Subtype") in ("/FileAttachment", "/Popup"):
            continue
        drop = ["/T", "/Popup", "/RC", "/AA", "/A"]
        if annot.get("/Subtype") != "/FreeText":  # a note's text is not drawn: it goes too
            drop.append("/Contents")
        for key in drop:
            annot.pop(NameObject(key), None)
        kept.append(ref)
    page[NameObject("/Annots")] = kept  # type: ignore[index]

