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
