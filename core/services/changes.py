"""What changed between two versions of a case, as audit entries (field path, old -> new)."""

from __future__ import annotations

import json
from typing import Any

from core.model import Case
from core.model.fieldpath import flatten, is_identifier_path
from core.store.audit import AuditEntry, AuditTrail
from core.store.content import creation_text

_META = {"version", "status", "locked_by", "locked_at", "schema_version"}


def _leaves(case: Case) -> dict[str, Any]:
    doc = case.to_json_dict()
    for key in _META:
        doc.pop(key, None)
    return flatten(doc)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _shown(path: str, value: Any, trail: AuditTrail) -> str | None:
    """A value as the trail holds it: identifier values as keyed hashes, never in clear."""
    text = _text(value)
    if text is not None and is_identifier_path(path):
        return trail.keyed_hash(text)
    return text


def change_entries(old: Case | None, new: Case, action: str, trail: AuditTrail,
                   reason: str | None = None) -> list[AuditEntry]:
    """One entry per changed leaf; identifier values become keyed hashes."""
    before = _leaves(old) if old is not None else {}
    after = _leaves(new)
    entries = []
    for path in sorted(set(before) | set(after)):
        a, b = before.get(path), after.get(path)
        if a == b:
            continue
        entries.append(AuditEntry(action, new.case_id, path, _shown(path, a, trail),
                                  _shown(path, b, trail), reason))
    return entries


def creation_entry(case: Case, trail: AuditTrail, digest: str) -> AuditEntry:
    """The one entry of a new case: its document hash, title and every field set (path ->
    value), identifier values as keyed hashes (core.store.content)."""
    fields = {path: _shown(path, value, trail) for path, value in sorted(_leaves(case).items())
              if value is not None}
    return AuditEntry("create", case.case_id, None, None,
                      creation_text(digest, case.title, fields))


def document_entry(case_id: str, digest: str) -> AuditEntry:
    """Chains a changed case's document hash after its field entries."""
    return AuditEntry("document", case_id, None, None, digest)
