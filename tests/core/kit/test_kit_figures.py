"""A PDF figure becomes a 300-dpi TIFF of its first page; an image keeps its pixels only."""

from __future__ import annotations

import io

from PIL import Image

from core.kit.figures import write_attachment_tiff
from core.model.report import Attachment


def test_pdf_figure_is_rasterised_at_300_dpi(tmp_path):
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(144, 72))  # 2 x 1 inches
    canvas.setFillColorRGB(0, 0, 1)
    canvas.rect(0, 0, 144, 72, fill=1, stroke=0)
    canvas.save()
    figure = Attachment(figure_number=1, file_sha256="f" * 64, media_type="application/pdf")
    write_attachment_tiff(figure, {"f" * 64: buffer.getvalue()}.__getitem__,
                          tmp_path / "Figure1.tiff")
    with Image.open(tmp_path / "Figure1.tiff") as image:
        assert image.size == (600, 300) and image.info["dpi"] == (300, 300)
        assert image.getpixel((300, 150)) == (0, 0, 255)


def test_image_figure_keeps_pixels_not_metadata(tmp_path):
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x013B] = "Wanda Quistorp"  # Artist
    Image.new("RGB", (40, 30), "green").save(out, "JPEG", exif=exif.tobytes())
    figure = Attachment(figure_number=1, file_sha256="a" * 64, media_type="image/jpeg")
    write_attachment_tiff(figure, {"a" * 64: out.getvalue()}.__getitem__,
                          tmp_path / "Figure1.tiff")
    data = (tmp_path / "Figure1.tiff").read_bytes()
    assert b"Quistorp" not in data
    with Image.open(tmp_path / "Figure1.tiff") as image:
        assert image.size == (40, 30) and image.info["dpi"] == (300, 300)


def test_a_poster_sized_pdf_page_is_drawn_at_most_6000_pixels_long(tmp_path):
    """At 300 dpi a 200-inch page would need 60,000 pixels a side (gigabytes, a MemoryError
    reported as an unexpected error); the longest side is capped, the shape kept."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(2000, 100)  # 27.8 x 1.4 inches
    buffer = io.BytesIO()
    writer.write(buffer)
    figure = Attachment(figure_number=1, file_sha256="b" * 64, media_type="application/pdf")
    write_attachment_tiff(figure, {"b" * 64: buffer.getvalue()}.__getitem__,
                          tmp_path / "Figure1.tiff")
    with Image.open(tmp_path / "Figure1.tiff") as image:
        assert image.size == (6000, 300)
