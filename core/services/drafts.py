"""Autosaved editor state (ARCHITECTURE decision 7): a crash loses seconds of typing at most.

Drafts are scratch copies of what the editor holds; they are not case data and not audited.
Saving the case deletes its draft; discarding deletes it too.

Text typed in a field that could not hold it ('4O' in Age at Day 0) is kept with the draft, by
field path, under the document's ``UNSTORED_KEY`` (a name no case field can have): the recovered
editor puts it back in its field, still not stored. A draft without it (an older one) loads as
before, and a draft holding none is the plain case document older versions read.

The stored case the edit began from (its *base*) is kept with the draft too, under
``BASE_KEY``: when the case was saved again since (an import, the command line, another window),
recovery merges the clinician's changes (draft against base) into the case as stored now
(core.services.draft_merge) instead of offering one side whole. An older draft has no base and
recovers as before.
"""

from __future__ import annotations

import json

from pydantic import BaseModel, ConfigDict
from sqlalchemy import delete, select
from sqlalchemy.dialects.sqlite import insert

from core.model import Case
from core.services.changes import same_content
from core.services.context import Context
from core.store.audit import utc_now
from core.store.tables import drafts

UNSTORED_KEY = "_unstored_typed"  # leading underscore: never a field of Case
BASE_KEY = "_base_case"  # the stored case the edit began from (its JSON form)


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
    unstored: dict[str, str] = {}  # path -> text typed there that the case could not hold
    # the stored case the edit began from (version ``base_version``); None in an older draft
    # and a new case's: recovery then takes the edit whole
    base: Case | None = None
    # the fields it changes, in words (core.services.draft_changes), once asked for: the
    # recovery offer lists them; None: not known (the stored case could not be read)
    changes: tuple[str, ...] | None = None
    # the stored case's version when ``changes`` were listed: another than ``base_version``
    # means the case was saved again after this autosave (an import, another session)
    stored_version: int | None = None

    @property
    def title(self) -> str:
        return self.case.title


class DraftService:
    def __init__(self, ctx: Context):
        self.ctx = ctx
        self._base_doc: tuple[Case, dict[str, object]] | None = None  # the last base dumped

    def save_draft(self, case: Case, key: str | None = None,
                   unstored: dict[str, str] | None = None, base: Case | None = None) -> str:
        """``base``: the stored case the edit began from, kept when it is the version the
        edit holds (``case.version``)."""
        key = key or case.case_id
        document = case.model_dump(mode="json")
        if unstored:
            document[UNSTORED_KEY] = dict(unstored)
        if base is not None and base.version and base.version == case.version:
            document[BASE_KEY] = self._dumped(base)
        doc = json.dumps(document, ensure_ascii=False)
        row = {"key": key, "case_id": case.case_id, "base_version": case.version,
               "saved_at": utc_now(), "document": doc}
        stmt = insert(drafts).values(row)
        stmt = stmt.on_conflict_do_update(index_elements=[drafts.c.key], set_=row)
        with self.ctx.write(side_table=True) as (conn, _audit):
            conn.execute(stmt)
        return key

    def _dumped(self, base: Case) -> dict[str, object]:
        """``base``'s JSON form, dumped once while the same base is autosaved over and over."""
        if self._base_doc is None or self._base_doc[0] is not base:
            self._base_doc = (base, base.model_dump(mode="json"))
        return self._base_doc[1]

    def list_drafts(self) -> list[Draft]:
        with self.ctx.db.read() as conn:
            rows = conn.execute(select(drafts).order_by(drafts.c.saved_at.desc())).mappings()
            out = []
            for r in rows:
                try:
                    case, unstored, base = _read_document(r["document"])
                except ValueError:
                    continue
                out.append(Draft(key=r["key"], case_id=r["case_id"],
                                 base_version=r["base_version"], saved_at=r["saved_at"], case=case,
                                 unstored=unstored, base=base))
            return out

    def discard_draft(self, key: str) -> None:
        with self.ctx.write(side_table=True) as (conn, _audit):
            conn.execute(delete(drafts).where(drafts.c.key == key))


def draft_held_by(document: str, case: Case) -> bool:
    """Whether saving ``case`` stores all that the draft ``document`` holds (nothing typed
    there is left unsaved); a draft that cannot be read is not kept for a save to lose."""
    try:
        doc = json.loads(document)
        if not isinstance(doc, dict):
            return True
        if _typed_texts(doc.pop(UNSTORED_KEY, None)):
            return False
        doc.pop(BASE_KEY, None)  # not read: a save would validate it for nothing
        return same_content(case, Case.model_validate_json(json.dumps(doc, ensure_ascii=False)))
    except ValueError:
        return True


def _read_document(text: str) -> tuple[Case, dict[str, str], Case | None]:
    """The draft's case (validated from JSON, as saved cases are), its kept typed texts and
    the stored case it began from (None: not kept, or no longer a valid case)."""
    document = json.loads(text)
    if not isinstance(document, dict) or (UNSTORED_KEY not in document
                                          and BASE_KEY not in document):
        return Case.model_validate_json(text), {}, None
    unstored = _typed_texts(document.pop(UNSTORED_KEY, None))
    base = _base_case(document.pop(BASE_KEY, None))
    case = Case.model_validate_json(json.dumps(document, ensure_ascii=False))
    return case, unstored, base


def _base_case(value: object) -> Case | None:
    """The kept base, validated as the draft is; one that is not a case (hand-edited, or of
    a schema this version cannot read) is none: the edit recovers whole, as an older draft's."""
    if not isinstance(value, dict):
        return None
    try:
        return Case.model_validate_json(json.dumps(value, ensure_ascii=False))
    except ValueError:
        return None


def _typed_texts(value: object) -> dict[str, str]:
    """The kept typed texts, path -> text; anything else there (a hand-edited row) is none."""
    if not isinstance(value, dict):
        return {}
    return {str(k): v for k, v in value.items() if isinstance(v, str)}
