"""The report's fonts (core.report.fonts.ReportFont) encode a text in its document and measure
it as ReportLab's TTFont does, while they skip ReportLab's per-character loop and remember
widths: the same bytes, subset by subset, for a document that runs past its first subset, with
no-break spaces and characters the font lacks."""

from __future__ import annotations

from reportlab.pdfbase.ttfonts import TTFont

from core.report.fonts import SANS, ReportFont, register_fonts
from resources import resource_path


class _Doc:  # a document: the fonts keep their subsets per document object
    pass


def _texts() -> list[str]:
    greek = "".join(map(chr, range(0x391, 0x3CA)))
    cyrillic = "".join(map(chr, range(0x410, 0x450)))
    latin = "".join(map(chr, range(0xC0, 0x180)))
    words = ["Blasts 72%", "Blasts 72%", "CSF\u00a0WBC", "≥ 10⁻⁴", "", "中文 missing",
             greek, "Blasts 72%", cyrillic, latin, "Ωμέγα again", "Blasts 72%\u00a0",
             "Я тут", latin[::-1], "plain ASCII only", greek[:5] + cyrillic[-5:]]
    return words + words[::-1]


def test_split_string_gives_reportlabs_bytes():
    path = str(resource_path("fonts", "DejaVuSans.ttf"))
    ours, theirs = ReportFont("test-ours", path), TTFont("test-theirs", path)
    doc_a, doc_b = _Doc(), _Doc()
    used = set()
    for text in _texts():
        got = ours.splitString(text, doc_a)
        assert got == theirs.splitString(text, doc_b), text
        used.update(subset for subset, _ in got)
    assert used >= {0, 1}  # past the first subset of 256 codes
    assert ours.state[doc_a].assignments == theirs.state[doc_b].assignments


def test_widths_are_reportlabs():
    register_fonts()
    path = str(resource_path("fonts", "DejaVuSans.ttf"))
    ours, theirs = ReportFont("test-ours-w", path), TTFont("test-theirs-w", path)
    for text in _texts():
        for size in (6.3, 9, 9):
            assert ours.stringWidth(text, size) == theirs.stringWidth(text, size)
    assert ("Blasts 72%", 9) in ours._widths
    from reportlab.pdfbase import pdfmetrics

    assert isinstance(pdfmetrics.getFont(SANS), ReportFont)


def _pdf_with(font: str) -> bytes:
    from io import BytesIO

    from reportlab.pdfgen.canvas import Canvas

    out = BytesIO()
    canvas = Canvas(out)
    canvas.setFont(font, 9)
    for n, text in enumerate(_texts()):
        canvas.drawString(40, 800 - 12 * n, text)
    canvas.save()
    return out.getvalue()


def test_embedded_font_is_reportlabs_and_made_once_per_subset(monkeypatch):
    """A document's font subsets are ReportLab's bytes; a second document that uses the same
    characters in the same order reuses the font programs and their compressed bytes."""
    from reportlab import rl_config
    from reportlab.pdfbase import pdfdoc, pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFontFace

    from core.report.fonts import ReportFace

    monkeypatch.setattr(rl_config, "invariant", 1)
    pdfmetrics.registerFont(ReportFont("test-kept", str(resource_path("fonts", "DejaVuSans.ttf"))))
    made, packed = [], []
    make, encode = TTFontFace.makeSubset, pdfdoc.PDFStreamFilterZCompress.encode
    monkeypatch.setattr(TTFontFace, "makeSubset",
                        lambda self, subset: made.append(subset) or make(self, subset))
    monkeypatch.setattr(pdfdoc.PDFStreamFilterZCompress, "encode",
                        lambda self, text: packed.append(len(text)) or encode(self, text))
    first = _pdf_with("test-kept")
    assert len(made) == 2  # two subsets: the texts run past the first 256 codes
    programs = sorted(packed)[-2:]
    made.clear()
    packed.clear()
    again = _pdf_with("test-kept")
    assert made == []
    assert packed and not set(programs) & set(packed)  # the programs were not compressed again
    assert again == first
    # ReportLab's own subsetting and compression give the same bytes
    monkeypatch.setattr(ReportFace, "makeSubset", TTFontFace.makeSubset)
    monkeypatch.setattr(ReportFace, "addSubsetObjects", TTFontFace.addSubsetObjects)
    assert _pdf_with("test-kept") == first
    assert len(made) == 2


def test_subsets_made_in_threads_at_once_are_reportlabs_programs() -> None:
    """Review: previews render in pool threads (a kit beside them); the face's remembered
    programs stay right (ReportLab's subsetting reads the font file at a shared position)."""
    import random
    import sys
    import threading

    from reportlab.pdfbase.ttfonts import TTFontFace

    from core.report.fonts import face

    register_fonts()
    fresh = TTFontFace(str(resource_path("fonts", "DejaVuSans.ttf")))
    pick = random.Random(1)
    pool = [tuple([32] + pick.sample(range(0x41, 0x17F), 60)) for _ in range(8)]
    expected = {s: fresh.makeSubset(list(s)) for s in pool}
    errors: list[BaseException] = []
    ours = face(SANS)
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        for trial in range(10):
            ours.__dict__.pop("_programs", None)

            def work(seed: int) -> None:
                chosen = random.Random(seed)
                for _ in range(4):
                    subset = chosen.choice(pool)
                    try:
                        if ours.makeSubset(list(subset)) != expected[subset]:
                            errors.append(AssertionError(f"wrong program for {subset[:3]}"))
                    except Exception as exc:  # noqa: BLE001 - collected and asserted below
                        errors.append(exc)
            threads = [threading.Thread(target=work, args=(trial * 10 + k,)) for k in range(4)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
    finally:
        sys.setswitchinterval(interval)
        ours.__dict__.pop("_programs", None)
    assert errors == []
    assert all(p == expected[s] for s, p in ours.__dict__.get("_programs", {}).items())
