"""Import and export of case files (CASE-MODEL.md, "The JSON interchange format")."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from core.errors import InvalidData, Problem
from core.io.interchange import read_files, write_export
from core.io.outputs import check_output_path
from core.io.screening import safe_text
from core.model import Case, new_case_id
from core.services.cases import CaseService
from core.store import repository as repo
from core.store.audit import AuditEntry

ImportMode = Literal["refuse", "replace", "as_new"]
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ImportReport:
    imported: int
    replaced: int
    files: int


class InterchangeService:
    def __init__(self, cases: CaseService):
        self.cases = cases
        self.ctx = cases.ctx

    def import_files(self, paths: Iterable[Path], mode: ImportMode = "refuse",
                     on_progress: Progress | None = None, *,
                     reason: str | None = None) -> ImportReport:
        """Validate every file first; write nothing unless everything is valid. Replacing a
        locked case needs ``reason`` (``ReasonNeeded`` otherwise): it is an amendment."""
        paths = [Path(p) for p in paths]
        result = read_files(paths)
        if result.problems:
            raise InvalidData(result.problems)
        items = result.cases
        existing = self.cases.existing_ids([c.case_id for c in items])
        if existing and mode == "refuse":
            raise InvalidData([Problem(src, c.case_id, "case_id",
                                       "a case with this id already exists "
                                       "(use --replace or --as-new)")
                               for c, src in zip(items, result.sources, strict=True)
                               if c.case_id in existing])
        if mode == "as_new":
            items = [c.model_copy(update={"case_id": new_case_id()}) for c in items]
            existing = set()
        source = safe_text(", ".join(p.name for p in paths), 500)
        self.cases.import_cases(items, replace=bool(existing), source=f"imported from {source}",
                                reason=reason, on_progress=on_progress)
        replaced = len(existing) if mode == "replace" else 0
        return ImportReport(len(items) - replaced, replaced, len(paths))

    def export_cases(self, path: Path, case_ids: list[str] | None = None, *,
                     force: bool = False) -> int:
        """Write the cases (all, or the ids given) to a JSON file, atomically; ``force``:
        replace a file that is there. OutputError for a refused path or a failed write."""
        path = check_output_path(path, self.ctx.paths.root, force=force)
        cases = list(self.iter_cases(case_ids))
        count = write_export(path, cases, force=force)
        with self.ctx.write() as (conn, audit):
            audit.append(conn, self.ctx.user, [AuditEntry(
                "export", None, None, None, f"{count} case(s) to {Path(path).name}",
                ",".join(c.case_id for c in cases)[:2000] or None)])
        return count

    def iter_cases(self, case_ids: list[str] | None = None) -> Iterable[Case]:
        with self.ctx.db.read() as conn:
            ids = case_ids
            if ids is None:
                ids = [r["case_id"] for r in repo.list_rows(
                    conn, ("case_id",), sort="case_id", descending=False, limit=10**9)]
            for case_id in ids:
                yield repo.load_case(conn, case_id)
