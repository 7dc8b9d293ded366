"""What changed between two versions of a case, as audit entries (field path, old -> new)."""

from __future__ import annotations

import json
from typing import Any

from core.model import Case
from core.model.fieldpath import flatten, is_identifier_path
from core.store.audit import AuditEntry, AuditTrail

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
        a_text, b_text = _text(a), _text(b)
        if is_identifier_path(path):
            a_text = trail.keyed_hash(a_text) if a_text is not None else None
            b_text = trail.keyed_hash(b_text) if b_text is not None else None
        entries.append(AuditEntry(action, new.case_id, path, a_text, b_text, reason))
    return entries
