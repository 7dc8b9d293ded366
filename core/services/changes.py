"""What changed between two versions of a case, as audit entries (field path, old -> new)."""

from __future__ import annotations

import json
import math
from typing import Any

from core.model import Case
from core.model.fieldpath import PathPart, flatten, is_identifier_path
from core.store.audit import AuditEntry, AuditTrail
from core.store.content import creation_text

_META = {"version", "status", "locked_by", "locked_at", "schema_version"}


def _content(case: Case, doc: dict[str, Any] | None = None) -> dict[str, Any]:
    """The case's JSON form (``doc``, when the caller has it) without its meta fields."""
    doc = case.to_json_dict() if doc is None else doc
    return {key: value for key, value in doc.items() if key not in _META}


_ABSENT = object()


def _changed(a: Any, b: Any, prefix: tuple[PathPart, ...],
             out: list[tuple[str, Any, Any]]) -> None:
    """The leaves (as ``flatten`` names them) that differ between the subtrees ``a`` and ``b``
    (``_ABSENT``: no subtree): equal subtrees are skipped whole, containers of the same kind
    are compared child by child, anything else leaf by leaf."""
    if a == b:
        return
    if isinstance(a, dict) and isinstance(b, dict) and a and b:
        for key in a.keys() | b.keys():
            _changed(a.get(key, _ABSENT), b.get(key, _ABSENT), (*prefix, key), out)
        return
    if isinstance(a, list) and isinstance(b, list) and a and b:
        for i in range(max(len(a), len(b))):
            _changed(a[i] if i < len(a) else _ABSENT, b[i] if i < len(b) else _ABSENT,
                     (*prefix, i), out)
        return
    before = flatten(a, prefix) if a is not _ABSENT else {}
    after = flatten(b, prefix) if b is not _ABSENT else {}
    for path in before.keys() | after.keys():
        x, y = before.get(path), after.get(path)
        if x != y:
            out.append((path, x, y))


def same_content(old: Case, new: Case) -> bool:
    """Whether saving ``new`` over ``old`` would change nothing (meta fields aside): the
    save would store no version and no audit entry."""
    out: list[tuple[str, Any, Any]] = []
    _changed(_content(old), _content(new), (), out)
    return not out


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    kind = type(value)
    if kind is bool:
        return "true" if value else "false"
    if kind is int or (kind is float and math.isfinite(value)):
        return repr(value)  # as json.dumps writes it, without its overhead per leaf
    return json.dumps(value, ensure_ascii=False)


def _shown(path: str, value: Any, trail: AuditTrail) -> str | None:
    """A value as the trail holds it: identifier values as keyed hashes, never in clear."""
    text = _text(value)
    if text is not None and is_identifier_path(path):
        return trail.keyed_hash(text)
    return text


def change_entries(old: Case | None, new: Case, action: str, trail: AuditTrail,
                   reason: str | None = None, *, new_doc: dict[str, Any] | None = None,
                   old_doc: dict[str, Any] | None = None) -> list[AuditEntry]:
    """One entry per changed leaf, in path order; identifier values become keyed hashes.
    ``new_doc``/``old_doc``: ``to_json_dict()`` of ``new``/``old`` when the caller has it
    already (``old`` may then be None)."""
    changed: list[tuple[str, Any, Any]] = []
    before = (_content(old) if old is not None else _ABSENT) if old_doc is None else {
        key: value for key, value in old_doc.items() if key not in _META}
    _changed(before, _content(new, new_doc), (), changed)
    return [AuditEntry(action, new.case_id, path, _shown(path, a, trail),
                       _shown(path, b, trail), reason)
            for path, a, b in sorted(changed, key=lambda item: item[0])]


def creation_entry(case: Case, trail: AuditTrail, digest: str,
                   doc: dict[str, Any] | None = None) -> AuditEntry:
    """The one entry of a new case: its document hash, title and every field set (path ->
    value), identifier values as keyed hashes (core.store.content). ``doc``:
    ``case.to_json_dict()`` when the caller has it."""
    leaves = flatten(_content(case, doc))
    fields = {path: _shown(path, value, trail) for path, value in sorted(leaves.items())
              if value is not None}
    return AuditEntry("create", case.case_id, None, None,
                      creation_text(digest, case.title, fields))


def document_entry(case_id: str, digest: str) -> AuditEntry:
    """Chains a changed case's document hash after its field entries."""
    return AuditEntry("document", case_id, None, None, digest)
