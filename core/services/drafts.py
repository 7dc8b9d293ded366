"""Autosaved editor state (ARCHITECTURE decision 7): a crash loses seconds of typing at most.

Drafts are scratch copies of what the editor holds; they are not case data and not audited.
Saving the case deletes its draft; discarding deletes it too.
"""

from __future__ import annotations

import json

from pydantic import BaseModel, ConfigDict
from sqlalchemy import delete, select
from sqlalchemy.dialects.sqlite import insert

from core.model import Case
from core.services.context import Context
from core.store.audit import utc_now
from core.store.tables import drafts


class Draft(BaseModel):
    # Only read back, never dumped whole: the drafts table stores ``case.model_dump`` (Case is a
    # WritesMissing, so ``<field>_nf`` reasons are kept). Dumping a Draft with pydantic would
    # drop them; dump its case instead.
    model_config = ConfigDict(frozen=True, defer_build=True)  # holds a Case: build on first use
    key: str
    case_id: str | None
    base_version: int | None
    saved_at: str
    case: Case

    @property
    def title(self) -> str:
        return self.case.title


class DraftService:
    def __init__(self, ctx: Context):
        self.ctx = ctx

    def save_draft(self, case: Case, key: str | None = None) -> str:
        key = key or case.case_id
        doc = json.dumps(case.model_dump(mode="json"), ensure_ascii=False)
        row = {"key": key, "case_id": case.case_id, "base_version": case.version,
               "saved_at": utc_now(), "document": doc}
        stmt = insert(drafts).values(row)
        stmt = stmt.on_conflict_do_update(index_elements=[drafts.c.key], set_=row)
        with self.ctx.write(side_table=True) as (conn, _audit):
            conn.execute(stmt)
        return key

    def list_drafts(self) -> list[Draft]:
        with self.ctx.db.read() as conn:
            rows = conn.execute(select(drafts).order_by(drafts.c.saved_at.desc())).mappings()
            out = []
            for r in rows:
                try:
                    case = Case.model_validate_json(r["document"])
                except ValueError:
                    continue
                out.append(Draft(key=r["key"], case_id=r["case_id"],
                                 base_version=r["base_version"], saved_at=r["saved_at"], case=case))
            return out

    def discard_draft(self, key: str) -> None:
        with self.ctx.write(side_table=True) as (conn, _audit):
            conn.execute(delete(drafts).where(drafts.c.key == key))
