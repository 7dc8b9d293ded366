"""Single-line text fields hold one line: a tab, a line break, a non-breaking or other Unicode
space pasted into a title, a regimen or a drug name is stored as one ordinary space.

Every text field that is not narrative (``F(..., narrative=True)``: paragraphs, kept as typed)
and not bookkeeping is single-line, and so is each item of a list of texts (keywords). The
record base class applies ``one_line`` when a record is validated (``Record``), so the form,
a paste, an import and the command line store the same text; a value with none of these
characters is kept exactly (an import writes back the same bytes), and an old value holding
one opens with spaces and is stored so at its next save, whose audit entries show the change
(``texts_as_stored``). The ideographic space U+3000, the space of CJK text, is kept inside a
text (trimmed at either end).
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import re
import types
import typing
from collections.abc import Iterator
from typing import Any, TypeVar

from pydantic import BaseModel

# A run of white space holding anything but the ordinary space (tab, line break, NBSP, thin
# space, line separator...): ordinary spaces alone are left as typed, and so is the
# ideographic space U+3000, the space of CJK text, but at either end (where it is trimmed).
_ODD_RUN = re.compile(r"\s*[^\S \u3000]\s*")
_IDEOGRAPHIC_END = re.compile(r"^\s*\u3000|\u3000\s*$")
# Set while a stored case is read as stored (``texts_as_stored``): its texts are not changed.
_AS_STORED = contextvars.ContextVar("texts_as_stored", default=False)
BOOKKEEPING = "bookkeeping"  # as core.model.base names the role (which imports this module)
_R = TypeVar("_R", bound=BaseModel)


def one_line(text: str) -> str:
    """``text`` with each run of white space holding a tab, a line break or another Unicode
    space made one ordinary space, and trimmed when it had such a run; else ``text`` itself."""
    if text.isprintable() or not _needs_one_line(text):  # printable: no space but ' '
        return text
    return _ODD_RUN.sub(" ", text).strip()


def _needs_one_line(text: str) -> bool:
    return bool(_ODD_RUN.search(text) or _IDEOGRAPHIC_END.search(text))


@contextlib.contextmanager
def texts_as_stored() -> Iterator[None]:
    """Records validated within keep their texts as given: a stored case read so gives the
    older values it holds, which its next save's audit entries show changed (``one_line_copy``
    then gives the case as it opens)."""
    token = _AS_STORED.set(True)
    try:
        yield
    finally:
        _AS_STORED.reset(token)


@functools.cache
def single_line_fields(model: type[BaseModel]) -> tuple[tuple[str, bool], ...]:
    """(field name, holds a list of texts) of every single-line text field of ``model``."""
    out = []
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        if extra.get("narrative") or extra.get("role") == BOOKKEEPING or info.exclude:
            continue
        kind = _text_kind(info.annotation)
        if kind is not None:
            out.append((name, kind))
    return tuple(out)


def _text_kind(annotation: Any) -> bool | None:
    """False for a text (``str``, ``str | None``), True for a list of texts, None otherwise."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)] \
        if typing.get_origin(annotation) in (typing.Union, types.UnionType) else [annotation]
    if len(args) != 1:
        return None
    base = args[0]
    if typing.get_origin(base) is typing.Annotated:
        base = typing.get_args(base)[0]
    if base is str:
        return False
    if typing.get_origin(base) is list and typing.get_args(base) == (str,):
        return True
    return None


def normalise_lines(record: BaseModel) -> None:
    """Store every single-line text of ``record`` as ``one_line`` gives it (in place). Every
    record validated runs this (a bulk index rebuild: ~40 records a case), so a text that is
    printable (``str.isprintable``: no tab, line break or Unicode space but the ordinary one)
    is passed over without the pattern."""
    if _AS_STORED.get():
        return
    fields = record.__dict__  # pydantic keeps a record's field values there
    for name, is_list in single_line_fields(type(record)):
        value = fields.get(name)
        if value is None:
            continue
        if is_list:
            if not all(item.isprintable() for item in value) and any(
                    _needs_one_line(item) for item in value):
                setattr(record, name, [one_line(item) for item in value])
        elif not value.isprintable() and _needs_one_line(value):
            setattr(record, name, one_line(value))


def stored_text(model: type[BaseModel], name: str, value: Any) -> Any:
    """``value`` as field ``name`` of ``model`` stores it: a single-line field's text as
    ``one_line`` gives it (what the editor puts in the case as typed or pasted)."""
    kind = dict(single_line_fields(model)).get(name)
    if kind is None:
        return value
    if kind and isinstance(value, list):
        return [one_line(v) if isinstance(v, str) else v for v in value]
    return one_line(value) if isinstance(value, str) else value


def one_line_copy(record: _R) -> _R:
    """``record`` with every single-line text, in it and in the records it holds, as
    ``one_line`` gives it: a copy along the changed paths, ``record`` itself when none changes
    (never changed in place: the caller's record may be shared). A save stores this, so a text
    set without validation (``case_report.title = ...``, ``model_copy(update=...)``) is
    stored on one line too."""
    fields = record.__dict__
    update: dict[str, Any] = {}
    for name, value in fields.items():
        if isinstance(value, BaseModel):
            again = one_line_copy(value)
            if again is not value:
                update[name] = again
        elif isinstance(value, list) and value and isinstance(value[0], BaseModel):
            items = [one_line_copy(item) for item in value]
            if any(a is not b for a, b in zip(items, value, strict=True)):
                update[name] = items
    for name, is_list in single_line_fields(type(record)):
        value = fields.get(name)
        if value is None:
            continue
        if is_list:
            items = [one_line(item) if isinstance(item, str) else item for item in value]
            if items != value:
                update[name] = items
        elif isinstance(value, str) and one_line(value) != value:
            update[name] = one_line(value)
    return record.model_copy(update=update) if update else record
