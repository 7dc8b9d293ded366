"""The kit's figures: each attached figure, and the timeline chart, as a separate 300-dpi TIFF
(``Figure1.tiff``, ``Figure2.tiff``...). Images are re-encoded (no metadata carried over);
a PDF attachment's first page is rasterised at 300 dpi (pypdfium2)."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from core.model import Case
from core.model.report import Attachment
from core.report.options import FigureNumbering

DPI = 300
MAX_SIDE = 6000  # pixels: a page drawn at 300 dpi is 20 inches at most (a poster-sized
# page at 300 dpi would need gigabytes)
ReadFile = Callable[[str], bytes]  # SHA-256 -> the stored file's bytes
# what reading a stored figure can raise: missing (OSError, KeyError), not an image, a PDF
# that pypdfium2 cannot open (its PdfiumError is a RuntimeError)
FIGURE_ERRORS = (OSError, KeyError, ValueError, RuntimeError)


@dataclass(frozen=True)
class Figure:
    number: int
    legend: str
    attachment: Attachment | None = None  # None: the timeline chart


def figures_of(case: Case, *, deidentified: bool) -> tuple[list[Figure], list[str]]:
    """The figures in the manuscript, in figure-number order, and why any attachment is left
    out (no figure number, no file, or, de-identified, no attestation). The timeline chart
    follows the attached figures."""
    out, left_out = [], []
    candidates = [a for a in case.attachments if a.figure_number is not None]
    for a in case.attachments:
        if a.figure_number is None:
            left_out.append(f"an attachment ({a.kind or 'kind not given'}) has no figure number")
    candidates.sort(key=lambda a: a.figure_number or 0)
    for a in candidates:
        what = f"Figure {a.figure_number}"
        if not a.file_sha256:
            left_out.append(f"{what}: no file stored")
        elif deidentified and a.no_full_face_attested is not True:
            left_out.append(f"{what}: left out of the de-identified kit, because nobody attested "
                            "that it shows no face and no burned-in identifier")
        elif a.media_type not in ("image/png", "image/jpeg", "image/tiff", "application/pdf"):
            left_out.append(f"{what}: a {a.media_type or 'file of unknown type'} cannot be "
                            "made into a TIFF")
        else:
            out.append(a)
    return [Figure(i, a.caption or "", a) for i, a in enumerate(out, start=1)], left_out


def figure_numbers(case: Case, shown: list[Figure]) -> dict[int, int | None]:
    """{figure number in the case: number in the kit, or None when left out}, for rewriting
    the figure references typed in the text (``core.publication.figure_refs``)."""
    numbers: dict[int, int | None] = {a.figure_number: None for a in case.attachments
                                      if a.figure_number is not None}
    for f in reversed(shown):  # two attachments with one number: the first one's kit number
        if f.attachment is not None and f.attachment.figure_number is not None:
            numbers[f.attachment.figure_number] = f.number
    return numbers


def numbering(case: Case, shown: list[Figure],
              references: dict[int, int | None]) -> FigureNumbering:
    """The kit's numbers for its ``case-summary.pdf``: each attachment's number in the kit
    (None when left out), the texts' references (``references``, as in the manuscript) and
    the timeline chart after the kit's figures."""
    kit = {id(f.attachment): f.number for f in shown if f.attachment is not None}
    return FigureNumbering(tuple(kit.get(id(a)) for a in case.attachments),
                           tuple(sorted(references.items())), len(shown) + 1)


def moved_note(shown: list[Figure]) -> str | None:
    """"the figures are numbered without gaps in the kit: Figure 3 is Figure 2", or None."""
    moved = [f"Figure {f.attachment.figure_number} is Figure {f.number}" for f in shown
             if f.attachment is not None and f.attachment.figure_number != f.number]
    return "the figures are numbered without gaps in the kit: " + ", ".join(moved) \
        if moved else None


def write_attachment_tiff(attachment: Attachment, read: ReadFile, path: Path) -> None:
    from PIL import Image

    data = read(attachment.file_sha256 or "")
    if attachment.media_type == "application/pdf":
        image = _rasterise_pdf(data)
    else:
        with Image.open(io.BytesIO(data)) as opened:
            opened.load()
            image = opened.convert("RGB") if opened.mode not in ("RGB", "L") else opened.copy()
    _save_tiff(image, path)


def write_chart_tiff(pdf: bytes, path: Path) -> None:
    _save_tiff(_rasterise_pdf(pdf), path)


def chart_pdf(ctx: object, width: float) -> bytes | None:
    """The timeline chart of the PDF summary on a page of its own size (None: nothing dated
    to draw). ``ctx`` is the report's rendering context (``core.report.blocks.Context``)."""
    from reportlab.pdfgen.canvas import Canvas

    from core.report.chart import course_chart
    from core.report.document import set_up_reportlab

    set_up_reportlab()
    drawing = course_chart(ctx, width)  # type: ignore[arg-type]
    if drawing is None:
        return None
    buffer = io.BytesIO()
    margin = 6
    canvas = Canvas(buffer, pagesize=(drawing.width + 2 * margin, drawing.height + 2 * margin),
                    invariant=1)
    canvas.setAuthor("")
    drawing.drawOn(canvas, margin, margin)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _rasterise_pdf(data: bytes) -> object:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    try:
        page = doc[0]
        longest = max(page.get_size()) or 1.0
        bitmap = page.render(scale=min(DPI / 72, MAX_SIDE / longest))
        image = bitmap.to_pil().convert("RGB")
        page.close()
    finally:
        doc.close()
    return image


def _save_tiff(image: object, path: Path) -> None:
    from PIL import Image

    assert isinstance(image, Image.Image)
    clean = Image.new(image.mode, image.size)  # pixels only: no EXIF, XMP or ICC text
    clean.paste(image)
    clean.save(path, format="TIFF", dpi=(DPI, DPI), compression="tiff_lzw")
