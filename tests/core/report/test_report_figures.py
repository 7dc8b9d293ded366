"""The Figures section of the PDF summary: pictures scaled to fit, in figure-number order, with
"Figure N. legend"; a PDF attachment as its first page; un-attested figures never in a
de-identified summary."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from core.model.report import Attachment
from core.store.files import FileStore
from tests.core.report.pdftext import all_text, read


def _png(colour: str, size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def _pdf_page() -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(300, 200))
    canvas.rect(20, 20, 100, 100, fill=1)
    canvas.drawString(150, 100, "flow cytometry plot")
    canvas.save()
    return out.getvalue()


def _figures(tmp_path: Path, case, attested: dict[int, bool]):
    store = FileStore(tmp_path / "files")
    sources = {1: (_png("red", (3000, 1200)), "image/png"), 2: (_pdf_page(), "application/pdf"),
               3: (_png("blue", (40, 60)), "image/png")}
    rows = []
    for n in (3, 1, 2):  # stored out of order: printed in figure-number order
        data, _ = sources[n]
        stored = store.put_bytes(data, f"fig{n}")
        rows.append(Attachment(kind="imaging", figure_number=n, file_sha256=stored.sha256,
                               media_type=stored.media_type, metadata_stripped=True,
                               caption=f"Legend number {n} of the case",
                               no_full_face_attested=attested.get(n, True)))
    return case.model_copy(update={"attachments": rows}), store.root


def _images(pdf: bytes) -> list[tuple[int, int]]:
    """(width, height) of every image XObject, page by page."""
    found = []
    for page in read(pdf).pages:
        resources = page.get("/Resources") or {}
        xobjects = resources.get("/XObject") or {}
        for ref in xobjects.values():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                found.append((int(obj["/Width"]), int(obj["/Height"])))
    return found


def test_figures_with_legends_in_order(render, case_1, tmp_path: Path) -> None:
    case, files = _figures(tmp_path, case_1, {})
    pdf = render(case, files=files)
    text = all_text(pdf)
    assert "Figures" in text
    legends = [text.index(f"Figure {n}. Legend number {n} of the case") for n in (1, 2, 3)]
    assert legends == sorted(legends)
    sizes = _images(pdf)
    assert (1800, 720) in sizes  # the wide image, no side over 1800 px
    assert (40, 60) in sizes
    assert any(w > h and w >= 1000 for w, h in sizes if (w, h) != (1800, 720))  # PDF page 1
    for page in read(pdf).pages:  # every picture inside the page
        assert float(page.mediabox.width) < 700


def test_deidentified_summary_leaves_out_unattested_figures(render, case_1,
                                                            tmp_path: Path) -> None:
    case, files = _figures(tmp_path, case_1, {1: False})
    pdf = render(case, deidentified=True, files=files)
    text = all_text(pdf)
    assert "Figure 1 is left out of this de-identified summary" in text
    assert "Legend number 1" not in text
    assert "Figure 3. Legend number 3 of the case" in text
    assert (1800, 720) not in _images(pdf)
    identified = render(case, files=files)
    assert (1800, 720) in _images(identified)


def test_without_files_the_legends_still_print(render, case_1, tmp_path: Path) -> None:
    case, _ = _figures(tmp_path, case_1, {})
    text = all_text(render(case))
    assert "Figure 2. Legend number 2 of the case" in text
    assert "The file of Figure 2 is not available" in text
