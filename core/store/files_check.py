"""``casebook check`` for attached files: every file a case's attachments name is in the data
folder's file store and still hashes to its name."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import Connection, select

from core.store.backup_files import file_sha
from core.store.files import FileStore
from core.store.tables import cases

# what to do about a figure whose stored file is missing or damaged, in the app and the CLI
FIGURE_FILE_REMEDY = ("restore a backup that holds it, or attach the image again or remove the "
                      "figure (Replace file… or Remove on the figure in the case's Figures "
                      "section; casebook attach CASE_ID FILE --figure N, or --remove N)")
_CAPTION_CHARS = 60


def figure_label(case_id: str, figure_number: int | None, index: int,
                 caption: str | None) -> str:
    """"Figure 2 ('Bone marrow smear') of case X", as a clinician knows it; "Attachment 3 of
    case X" for one without a figure number (``index`` counts from 1)."""
    name = f"Figure {figure_number}" if figure_number else f"Attachment {index}"
    text = " ".join((caption or "").split())
    if len(text) > _CAPTION_CHARS:
        text = text[:_CAPTION_CHARS - 1].rstrip() + "…"
    return f"{name} ('{text}') of case {case_id}" if text else f"{name} of case {case_id}"


def file_problem_text(sha256: str, problem: str, why: str = "") -> str:
    """"its image file 7d3528f90dd7… is missing from the data folder", or damaged, or could not
    be read."""
    what = {"missing": "is missing from the data folder",
            "damaged": "is damaged (its bytes no longer match its SHA-256)"}.get(
        problem, f"could not be read ({why or 'unknown reason'})")
    return f"its image file {sha256[:12]}… {what}"


@dataclass(frozen=True)
class FileFinding:
    case_id: str
    figure: str  # "Figure 2 ('its legend') of case X", or "Attachment 3 of case X"
    sha256: str
    problem: str  # "missing" or "damaged"

    def __str__(self) -> str:
        return (f"{self.figure}: {file_problem_text(self.sha256, self.problem)}; "
                f"{FIGURE_FILE_REMEDY}")


def check_attached_files(conn: Connection,
                         store: FileStore) -> tuple[int, int, list[FileFinding]]:
    """(files checked, attachments naming them, problems): each distinct file hashed once,
    each attachment whose file is missing or damaged named (one file can serve several)."""
    stmt = select(cases.c.id, cases.c.document).where(
        cases.c.document.like('%"file_sha256"%')).order_by(cases.c.id)
    verdict: dict[str, str | None] = {}
    findings = []
    attachments = 0
    for case_id, document in conn.execute(stmt):
        rows = json.loads(document).get("attachments") or []
        for i, row in enumerate(rows):
            sha = row.get("file_sha256") if isinstance(row, dict) else None
            if not sha:
                continue
            attachments += 1
            if sha not in verdict:
                verdict[sha] = _problem(store, sha)
            problem = verdict[sha]
            if problem:
                caption = row.get("caption")
                figure = figure_label(case_id, row.get("figure_number"), i + 1,
                                      caption if isinstance(caption, str) else None)
                findings.append(FileFinding(case_id, figure, sha, problem))
    return len(verdict), attachments, findings


def _problem(store: FileStore, sha: str) -> str | None:
    if not store.exists(sha):
        return "missing"
    try:
        return None if file_sha(store.path(sha)) == sha else "damaged"
    except OSError:
        return "damaged"
