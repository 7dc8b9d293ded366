"""A recovered edit merged into the case saved since (three-way): the clinician's changes (the
draft against the version the edit began from, its *base*) go on top of the stored case where
the changes saved since (base against stored: an import, the command line, another window) did
not touch the same field; where both changed one field to different values, that is a conflict,
given with both values for the clinician to pick (keep mine / keep stored).

Works on the JSON form of the case (``Case.model_dump(mode="json")``). Tables (lists of rows)
are merged row by row: a row is matched to its base row when equal to it, else when more than
half its fields are (as ``draft_changes`` matches them); rows added on either side are kept,
a row one side removed and the other left as it was is removed, and a row one side removed and
the other changed is a conflict (keeping it is the default: nothing is dropped unasked).

A conflict not picked keeps the clinician's value in the form (the edit is still unsaved) and
the stored one is named with it (``Conflict.stored_text``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from core.model import Case
from core.model.base import field_meta
from core.model.editor_sections import section_path
from core.model.labels import NF, field_at
from core.services.audit_words import EMPTY_VALUE, UNITS, WORDED, value_words
from core.services.draft_changes import _row_numbers as row_numbers
from core.services.draft_changes import draft_changes

Pick = Literal["mine", "stored"]
# bookkeeping the stored case holds: never merged, always the stored case's
_BOOKKEEPING = ("case_id", "version", "status", "locked_by", "locked_at", "schema_version")
REMOVED = "(row removed)"
VALUE_CHARS = 160  # a long text is shown cut, with "…"
CODE_LABEL = " — "  # between a code and its vocabulary's label, as the form's lists show them


@dataclass(frozen=True)
class Conflict:
    """One field (or row) both sides changed differently. ``key``: the id a pick is given by;
    ``path``: where it is in the merged case; ``label``: "Patient › Weight"."""

    key: str
    path: str
    label: str
    mine_text: str
    stored_text: str
    row: bool = False  # a row removed on one side, changed on the other


@dataclass(frozen=True)
class DraftMerge:
    """What merging a recovered edit into the stored case gives."""

    base: Case
    mine: Case
    stored: Case
    merged: Case  # the conflicts as not picked
    yours: tuple[str, ...]  # the clinician's changes merged in, in words
    theirs: tuple[str, ...]  # the changes saved since, kept, in words
    conflicts: tuple[Conflict, ...] = ()

    def resolved(self, picks: Mapping[str, Pick]) -> Case:
        """The merged case with each conflict as picked (by its key); one not picked as in
        ``merged``."""
        if not picks:
            return self.merged
        doc = _Merger(dict(picks)).merge_cases(self.base, self.mine, self.stored)
        return Case.model_validate(doc)


def merge_draft(base: Case, mine: Case, stored: Case) -> DraftMerge | None:
    """The three-way merge of ``mine`` (the recovered edit of ``base``) into ``stored``; None
    when the merged document is not a valid case (the edit is then recovered whole, as an
    edit without a base is)."""
    merger = _Merger({})
    doc = merger.merge_cases(base, mine, stored)
    try:
        merged = Case.model_validate(doc)
    except ValueError:
        return None
    numbers = row_numbers(merged)
    conflicts = tuple(
        Conflict(key=key, path=path, label=_label(path, row, numbers), mine_text=_words(path, m),
                 stored_text=_words(path, s), row=row)
        for key, path, m, s, row in merger.conflicts)
    shown = {c.label for c in conflicts}
    yours = tuple(w for w in draft_changes(base, mine) if w not in shown)
    theirs = tuple(w for w in draft_changes(base, stored) if w not in shown)
    return DraftMerge(base=base, mine=mine, stored=stored, merged=merged, yours=yours,
                      theirs=theirs, conflicts=conflicts)


def _label(path: str, row: bool, numbers: Any) -> str:
    field_path = path[:-len(NF)] if path.endswith(NF) else path
    return section_path(field_path, numbers)


def _words(path: str, value: Any) -> str:
    """A value as the editor shows it: a number with the field's unit ("77 kg"), a code with
    its vocabulary's label ("IT — Intrathecal use"), a unit or a response category in words;
    a row in a few of its values."""
    if value is _GONE:
        return REMOVED
    text = _coded_words(path, value)
    if text is not None:
        return _cut(text)
    if isinstance(value, dict):
        filled = [f"{v}" for k, v in value.items() if v not in (None, "", [], {})
                  and not isinstance(v, dict | list) and not k.endswith(NF)]
        text = "row: " + ", ".join(filled[:6]) if filled else "an empty row"
    elif value is None:
        return EMPTY_VALUE
    else:
        text = value_words(path, value if isinstance(value, str)
                           else json.dumps(value, ensure_ascii=False))
        unit = _meta(path).get("unit")
        if unit and isinstance(value, int | float) and not isinstance(value, bool):
            text = f"{text} {unit}"  # the unit the form shows beside the field
    return _cut(text)


def _cut(text: str) -> str:
    return text if len(text) <= VALUE_CHARS else text[:VALUE_CHARS - 1] + "…"


def _meta(path: str) -> Any:
    found = field_at(path)
    return field_meta(*found) if found is not None else {}


def _coded_words(path: str, value: Any) -> str | None:
    """A code of a vocabulary as the form lists it, "code — label" (a coded value's own label
    when its vocabulary has none); None for any other value, a code without a label, and the
    vocabularies shown in words alone (a unit, a response category: ``value_words``)."""
    vocab = _meta(path).get("vocab")
    if not vocab or vocab in WORDED or vocab == UNITS:
        return None
    if isinstance(value, dict) and isinstance(value.get("code"), str):
        code, own = value["code"], value.get("label")
    elif isinstance(value, str):
        code, own = value, None
    else:
        return None
    label = _vocab_label(vocab, code) or (own if isinstance(own, str) else None)
    if label and label.casefold() != code.casefold():
        return f"{code}{CODE_LABEL}{label}"
    return code if isinstance(value, dict) else None  # a choice without one: in its words


def _vocab_label(name: str, code: str) -> str | None:
    try:
        from core.model.vocab import vocabulary

        entry = vocabulary(name).get(code)
    except (LookupError, OSError, ValueError):  # no vocabulary: the code as it is
        return None
    return str(entry.label) if entry is not None and entry.label else None


class _Gone:
    def __repr__(self) -> str:
        return "<row removed>"


_GONE: Any = _Gone()


@dataclass
class _Merger:
    picks: dict[str, Pick]
    conflicts: list[tuple[str, str, Any, Any, bool]] = field(default_factory=list)

    def merge_cases(self, base: Case, mine: Case, stored: Case) -> dict[str, Any]:
        b, m, s = (c.model_dump(mode="json") for c in (base, mine, stored))
        out = {k: s.get(k) for k in _BOOKKEEPING if k in s}
        for key in [*s, *(k for k in m if k not in s)]:
            if key not in _BOOKKEEPING:
                out[key] = self.merge(b.get(key), m.get(key), s.get(key), key, key)
        return out

    def merge(self, base: Any, mine: Any, stored: Any, key: str, path: str) -> Any:
        """``key``: the place by base rows (a pick's id), ``path``: by the merged rows."""
        if mine == stored or mine == base:
            return stored
        if stored == base:
            return mine
        if all(isinstance(v, dict) for v in (base, mine, stored)):
            out = {}
            for name in [*stored, *(k for k in mine if k not in stored)]:
                out[name] = self.merge(base.get(name), mine.get(name), stored.get(name),
                                       f"{key}.{name}", f"{path}.{name}")
            return out
        if all(_rows(v) for v in (base, mine, stored)):
            return self._rows(base, mine, stored, key, path)
        self.conflicts.append((key, path, mine, stored, False))
        return stored if self.picks.get(key) == "stored" else mine

    def _rows(self, base: list[Any], mine: list[Any], stored: list[Any], key: str,
              path: str) -> list[Any]:
        if len(base) == len(mine) == len(stored):  # no row added or removed: row by row
            return [self.merge(b, m, s, f"{key}[{i}]", f"{path}[{i}]")
                    for i, (b, m, s) in enumerate(zip(base, mine, stored, strict=True))]
        in_mine, in_stored = _match(base, mine), _match(base, stored)
        of_stored = {j: i for i, j in in_stored.items()}
        out: list[Any] = []
        for j, row in enumerate(stored):
            i = of_stored.get(j)
            if i is None:  # added since
                out.append(row)
            elif i in in_mine:
                out.append(self.merge(base[i], mine[in_mine[i]], row, f"{key}[{i}]",
                                      f"{path}[{len(out)}]"))
            elif row != base[i]:  # removed in the edit, changed since: kept unless picked
                self.conflicts.append((f"{key}[{i}]", f"{path}[{len(out)}]", _GONE, row, True))
                if self.picks.get(f"{key}[{i}]") != "mine":
                    out.append(row)
        added_since = [stored[j] for j in range(len(stored)) if j not in of_stored]
        for i, j in in_mine.items():  # removed since, changed in the edit: kept unless picked
            if i not in in_stored and mine[j] != base[i]:
                self.conflicts.append((f"{key}[{i}]", f"{path}[{len(out)}]", mine[j], _GONE,
                                       True))
                if self.picks.get(f"{key}[{i}]") != "stored":
                    out.append(mine[j])
        matched = set(in_mine.values())
        out.extend(row for j, row in enumerate(mine)  # added in the edit (once, if the
                   if j not in matched and row not in added_since)  # same row came since)
        return out


def _rows(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, dict) for item in value)


def _match(base: list[Any], other: list[Any]) -> dict[int, int]:
    """Base row -> the ``other`` row it became: an equal row first, else the most alike
    (more than half its fields the same)."""
    found: dict[int, int] = {}
    left = list(range(len(base)))
    rest = []
    for j, row in enumerate(other):
        same = next((i for i in left if base[i] == row), None)
        if same is None:
            rest.append(j)
        else:
            left.remove(same)
            found[same] = j
    for j in rest:
        score, i = max(((_alike(base[i], other[j]), i) for i in left), default=(0.0, -1))
        if score > 0.5:
            left.remove(i)
            found[i] = j
    return found


def _alike(a: dict[str, Any], b: dict[str, Any]) -> float:
    keys = a.keys() | b.keys()
    return sum(a.get(k) == b.get(k) for k in keys) / len(keys) if keys else 1.0
