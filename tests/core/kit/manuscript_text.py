"""The manuscript of a reference case, built as the kit builds it (no data folder, no PDF laid
out), read back with python-docx: its paragraphs and its tables' rows, as text."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass

from docx import Document

from tests.conftest import REFERENCE_CASEBOOK


@dataclass
class Text:
    manuscript: object  # core.kit.manuscript.Manuscript
    paragraphs: list[str]
    tables: dict[str, list[list[str]]]  # caption (without "Table N. ") -> rows, header first

    @property
    def all(self) -> str:
        rows = ["\n".join(" | ".join(r) for r in t) for t in self.tables.values()]
        return "\n".join([*self.paragraphs, *rows])


def reference_case(index: int, **update):
    from core.model import Case

    doc = json.loads(REFERENCE_CASEBOOK.read_text(encoding="utf-8"))["cases"][index]
    return Case.model_validate(doc).model_copy(update=update)


def manuscript_text(case, *, deidentified: bool = False) -> Text:
    from core.kit.manuscript import build_manuscript
    from core.report.document import make_context, set_up_reportlab
    from core.report.options import ReportOptions

    set_up_reportlab()
    ctx = make_context(case, ReportOptions(deidentified=deidentified))
    ms = build_manuscript(ctx, [], None)
    doc = Document(io.BytesIO(ms.data))
    paragraphs = [p.text for p in doc.paragraphs]
    captions = [p.split(". ", 1)[1] for p in paragraphs if p.startswith("Table ")]
    tables = {caption: [[c.text for c in row.cells] for row in table.rows]
              for caption, table in zip(captions, doc.tables, strict=True)}
    return Text(ms, paragraphs, tables)


def reference_kit(tmp_path, doc: dict | None = None):
    """The kit of reference case 1 (or of ``doc``, a case's JSON form), identified, built by
    ``build_kit`` into ``tmp_path / "kit"`` from a new data folder: its report."""
    from core.kit import build_kit
    from core.model import Case
    from core.services import open_casebook

    if doc is None:
        doc = json.loads(REFERENCE_CASEBOOK.read_text(encoding="utf-8"))["cases"][0]
    cb = open_casebook(tmp_path / "data", user="dr.kit")
    try:
        case = Case.model_validate(doc).model_copy(update={"version": 0, "status": "draft"})
        case = cb.cases.save_case(case)
        return build_kit(cb, case.case_id, tmp_path / "kit", deidentified=False)
    finally:
        cb.close()
