"""The Figures section: each attached figure, scaled to fit, in figure-number order, with its
legend ("Figure N. legend"). A PDF attachment shows its first page (pypdfium2).

A de-identified summary leaves out every figure without the attestation (no face, no burned-in
identifier) and says so; the legend is masked like every other text.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.platypus import Flowable, Image, KeepTogether, Spacer

from core.errors import CasebookError
from core.logs import get_logger
from core.model.report import Attachment
from core.report.blocks import Context, heading, para

if TYPE_CHECKING:
    from PIL import Image as PilImage

log = get_logger("report")
MAX_PIXELS = 1800  # longest side embedded: ~270 dpi across the text width
HEIGHT_SHARE = 0.6  # of the page's text height, so the legend stays beside its picture
LEFT_OUT = ("Figure {n} is left out of this de-identified summary: it is not attested "
            "(no face, no burned-in identifier).")
# the submission kit's summary (its own figure numbers): a figure it leaves out has none
KIT_LEFT_OUT = ("A figure is left out of this de-identified summary: it is not attested "
                "(no face, no burned-in identifier).")
KIT_NO_FILE = "A figure is left out of this summary and its kit: {why}."


def chart_number(ctx: Context) -> int:
    """The timeline chart's figure number: after the last figure the Figures section prints
    (a de-identified summary keeps a left-out figure's number, with its placeholder), as the
    kit numbers it after its figures; 1 when the case has no numbered figure. The kit's
    summary: the kit's chart number (``ReportOptions.figure_numbering``)."""
    if ctx.options.figure_numbering is not None:
        return ctx.options.figure_numbering.chart
    return max((a.figure_number for a in ctx.case.attachments
                if a.figure_number is not None), default=0) + 1


def _numbered(ctx: Context) -> list[tuple[int | None, Attachment]]:
    """The figures in figure-number order, each with its number in this PDF (the case's own,
    or the kit's: None for a figure the kit leaves out)."""
    numbering = ctx.options.figure_numbering
    figures = sorted(((i, a) for i, a in enumerate(ctx.case.attachments)
                      if a.figure_number is not None), key=lambda pair: pair[1].figure_number or 0)
    if numbering is None:
        return [(a.figure_number, a) for _i, a in figures]
    kit = numbering.attachments
    return [(kit[i] if i < len(kit) else None, a) for i, a in figures]


def figures_section(ctx: Context) -> list[Flowable]:
    figures = _numbered(ctx)
    if not figures:
        return []
    out: list[Flowable] = []
    for n, fig in figures:
        head = [] if out else [heading("Figures")]  # kept with the first figure's block
        if ctx.options.deidentified and fig.no_full_face_attested is not True:
            text = KIT_LEFT_OUT if n is None else LEFT_OUT.format(n=n)
            out.append(KeepTogether([*head, para(text, "missing")]))
            continue
        if n is None:  # not in the kit: no file stored, or one that is not an image
            why = ("no file is stored for it" if not fig.file_sha256
                   else "its file cannot be made into a figure of the kit")
            out.append(KeepTogether([*head, para(KIT_NO_FILE.format(why=why), "missing")]))
            continue
        picture = _picture(fig, ctx.options.files, ctx.width, _max_height(ctx))
        legend = ctx.fmt.text(fig.caption)
        block: list[Flowable] = [picture] if picture is not None else [para(
            f"(The file of Figure {n} is not available: run `casebook check`.)", "missing")]
        block += [Spacer(1, 3), para(f"Figure {n}. {legend}".rstrip(), "body")]
        out.append(KeepTogether([*head, *block]))
    return out


def _max_height(ctx: Context) -> float:
    from core.report.styles import MARGIN_BOTTOM, MARGIN_TOP, PAGE_SIZES

    return (PAGE_SIZES[ctx.options.page_size][1] - MARGIN_TOP - MARGIN_BOTTOM) * HEIGHT_SHARE


def _picture(fig: Attachment, files: Path | None, width: float, height: float) -> Image | None:
    if files is None or not fig.file_sha256:
        return None
    from core.store.files import FileStore

    try:
        data = FileStore(files).read(fig.file_sha256)
        encoded, (w, h) = embeddable(data, fig.media_type)
    except (CasebookError, OSError, ValueError, RuntimeError) as exc:  # pdfium: RuntimeError
        log.warning("figure %s not drawn: %s", fig.figure_number, exc)
        return None
    scale = min(width / w, height / h)
    return Image(io.BytesIO(encoded), width=w * scale, height=h * scale)


def embeddable(data: bytes, media_type: str | None) -> tuple[bytes, tuple[int, int]]:
    """Bytes ReportLab embeds (a JPEG as it is, anything else as PNG, no side over
    MAX_PIXELS) and the picture's size in pixels. A PDF: its first page, rendered."""
    from PIL import Image as PilImage

    if media_type == "application/pdf":
        picture = first_page(data)
    else:
        picture = PilImage.open(io.BytesIO(data))
        picture.load()
    if (picture.format == "JPEG" and picture.mode in ("RGB", "L")
            and max(picture.size) <= MAX_PIXELS):
        return data, picture.size
    if picture.mode not in ("RGB", "L", "RGBA", "LA"):
        picture = picture.convert("RGBA" if "transparency" in picture.info else "RGB")
    picture.thumbnail((MAX_PIXELS, MAX_PIXELS))
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue(), picture.size


def first_page(data: bytes) -> PilImage.Image:
    """The first page of a PDF as a picture, at most MAX_PIXELS on its longest side."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        page = pdf[0]
        w, h = page.get_size()
        bitmap = page.render(scale=min(MAX_PIXELS / max(w, h), 300 / 72))
        return bitmap.to_pil()
    finally:
        pdf.close()
