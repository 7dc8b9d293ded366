"""Reading a rendered PDF back with pypdf, for the report tests."""

from __future__ import annotations

from datetime import UTC, datetime
from io import BytesIO

from pypdf import PdfReader

GENERATED = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)


def read(pdf: bytes) -> PdfReader:
    return PdfReader(BytesIO(pdf))


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in read(pdf).pages]


def all_text(pdf: bytes) -> str:
    """The text layer of every page, with line breaks folded to spaces."""
    return " ".join(" ".join(page_texts(pdf)).split())


FIRST_COLUMN = (53.0, 60.0)  # x of a table's first cell text: the margin plus the cell padding


def table_rows(pdf: bytes, heading: str) -> list[list[str]]:
    """The rows of the tables under a heading (level 1 or 2), top to bottom: the first line of
    each cell, left to right. Header rows (bold) and the text around the tables are left out."""
    rows: dict[tuple[int, float], list[tuple[float, str]]] = {}
    current = ""
    for number, page in enumerate(read(pdf).pages):
        texts: list[tuple[float, float, str, bool, float]] = []

        def visit(text, cm, tm, font, size, texts=texts) -> None:
            if text.strip():
                bold = "Bold" in str((font or {}).get("/BaseFont", ""))
                texts.append((cm[4] + tm[4] * cm[0], cm[5] + tm[5] * cm[3], text.strip(), bold,
                              size))
        page.extract_text(visitor_text=visit)
        starts: set[float] = set()
        for x, y, text, bold, size in texts:
            if bold and x < FIRST_COLUMN[0] and 9 <= size < 16:
                current = text
            elif current == heading and not bold:
                if FIRST_COLUMN[0] <= x < FIRST_COLUMN[1]:
                    starts.add(round(y, 1))
                rows.setdefault((number, round(y, 1)), []).append((x, text))
        for key in [k for k in rows if k[0] == number and k[1] not in starts]:
            del rows[key]
    return [[text for _, text in sorted(cells)] for cells in rows.values()]
