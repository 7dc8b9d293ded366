"""``casebook check`` for attached files: every file a case's attachments name is in the data
folder's file store and still hashes to its name."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import Connection, select

from core.store.backup_files import file_sha
from core.store.files import FileStore
from core.store.tables import cases


@dataclass(frozen=True)
class FileFinding:
    case_id: str
    figure: str  # "figure 2", or "attachment 3" for one without a figure number
    sha256: str
    problem: str  # "missing" or "damaged"

    def __str__(self) -> str:
        what = ("is missing from the data folder" if self.problem == "missing"
                else "is damaged (its bytes no longer match its SHA-256)")
        return (f"case {self.case_id}, {self.figure}: the file {self.sha256[:12]}… {what}; "
                "restore a backup or attach the file again")


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
                number = row.get("figure_number")
                figure = f"figure {number}" if number else f"attachment {i + 1}"
                findings.append(FileFinding(case_id, figure, sha, problem))
    return len(verdict), attachments, findings


def _problem(store: FileStore, sha: str) -> str | None:
    if not store.exists(sha):
        return "missing"
    try:
        return None if file_sha(store.path(sha)) == sha else "damaged"
    except OSError:
        return "damaged"
