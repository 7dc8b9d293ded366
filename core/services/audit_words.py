"""An audit entry's value (and, for the history window, its action) in the words people
read: one wording for the history window and ``casebook audit show``.

The trail stores what was stored (``not_pregnant``, ``cns_directed``, ``ug/d``, ``68.0``,
``[]``); people read what the editor and the PDF show ("not pregnant", "CNS-directed",
"µg/day", "68", "(none)"). The field's kind is read from the model at the entry's path, as
the editor reads it (gui.editor.fields), so a value shows as its field shows it.
"""

from __future__ import annotations

import json
import re
import types
import typing
from functools import lru_cache
from typing import Any, Literal, get_args

from core.model.base import MISSING_REASONS, field_meta
from core.model.codes import code_label
from core.model.labels import NF, field_at
from core.model.treatment import DoseUnit

EMPTY_VALUE = "—"  # no value
# Every action the trail records, in the words the History window shows (its Action column,
# the entry pane); ``casebook audit show`` and the CSV export keep the codes (README, "Audit
# trail"). A code written without words here fails tests/core/test_audit_action_words.py.
ACTION_WORDS = {
    "create": "Created",
    "import": "Imported",
    "import-replace": "Replaced by import",
    "save": "Saved",
    "amendment": "Amended",
    "status": "Status changed",
    "complete": "Marked complete",
    "lock": "Locked",
    "unlock": "Unlocked",
    "sign": "Signed",
    "trash": "Moved to trash",
    "restore": "Restored from trash",
    "purge": "Deleted for good",
    "export": "Exported",
    "audit-export": "History exported",
    "pdf-print": "PDF printed",
    "pdf-save": "PDF saved",
    "backup-restore": "Backup restored",
    "document": "Content hash",  # left out of History (the CSV export has it)
    "baseline": "Baseline hash",  # an older Casebook's case, hashed once
}
NONE_VALUE = "(none)"  # an empty list
DOSE_UNITS = frozenset(get_args(DoseUnit))
UNITS = "unit"  # lab units: UCUM codes shown as clinicians write them (10*9/L as ×10⁹/L)
_ROW = re.compile(r"(.+)\[\d+\]")
WORDED = frozenset({"response_category"})  # codes shown in the PDF's words (SD_NR as SD/NR)


def value_words(path: str | None, text: str | None) -> str:
    """A value as the trail holds it, in the words the editor and the PDF show: a choice's
    words ("CNS-directed" for cns_directed, "BM" for bm), a lab unit as written (×10⁹/L), a
    response category ("CNS remission"), why a field is missing ("not reported" for a
    ``*_nf`` field's not_reported); an empty list is "(none)", not "[]"."""
    if text is None:
        return EMPTY_VALUE
    if text == "[]":
        return NONE_VALUE
    if path and path.endswith(NF) and text in MISSING_REASONS:  # anchor_year_nf: why missing
        return code_label(text)  # "not reported", as the field's menu says it
    kind, vocab = _kind_at(path) if path else (None, None)
    if kind == "enum_list":
        try:
            items = json.loads(text)
        except ValueError:
            return text
        return "; ".join(choice_words(str(i)) for i in items) if isinstance(items, list) else text
    if kind == "enum":
        return choice_words(text)
    if kind == "text" and vocab:
        return _vocab_words(vocab, text)
    if kind == "float":  # as the field shows it: 68, not the trail's 68.0
        try:
            number = repr(float(text))
        except ValueError:
            return text
        return number[:-2] if number.endswith(".0") else number
    return text


def action_words(code: str | None) -> str:
    """An audit action in plain words ("pdf-save" -> "PDF saved"); a code without words
    (a newer Casebook's, say) readable as it is: "key-rotate" -> "Key rotate"."""
    if not code or not code.strip():
        return EMPTY_VALUE
    known = ACTION_WORDS.get(code)
    if known is not None:
        return known
    words = " ".join(re.split(r"[-_\s]+", code.strip())).strip()
    return (words[:1].upper() + words[1:]) if words else code


def choice_words(code: str) -> str:
    """A choice as the editor shows it: the PDF's words (``bm`` -> "BM"); a dose unit as the
    report writes it (``ug/d`` -> "µg/day")."""
    if code in DOSE_UNITS:
        from core.report.format import unit_label

        return unit_label(code)
    return code_label(code)


def _vocab_words(name: str, code: str) -> str:
    if name not in WORDED and name != UNITS:
        return code
    try:
        from core.model.vocab import vocabulary

        entry = vocabulary(name).get(code)
    except (LookupError, OSError, ValueError):  # no vocabulary: the code as it is
        return code
    if entry is None:
        return code
    return (entry.label or code) if name == UNITS else code_label(code)


@lru_cache(maxsize=1024)
def _kind_at(path: str) -> tuple[str | None, str | None]:
    """(kind, vocabulary) of the field at ``path``: "enum" (also an item of a list of
    choices), "enum_list", "float", "text" or None (any other kind, or a path the model does
    not have)."""
    found = field_at(path)
    if found is None:
        row = _ROW.fullmatch(path)  # one item of a list of choices (relapse_sites[0]): a choice
        if row is not None and _kind_at(row.group(1))[0] == "enum_list":
            return "enum", None
        return None, None
    model, name = found
    return _kind(model.model_fields[name].annotation), field_meta(model, name).get("vocab")


def _kind(annotation: Any) -> str | None:
    base = _without_none(annotation)
    if typing.get_origin(base) is typing.Annotated:
        base = typing.get_args(base)[0]
    origin = typing.get_origin(base)
    if origin is Literal:
        return "enum"
    if origin is list:
        return "enum_list" if typing.get_origin(typing.get_args(base)[0]) is Literal else None
    return {float: "float", str: "text"}.get(base)


def _without_none(annotation: Any) -> Any:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        rest = [a for a in typing.get_args(annotation) if a is not type(None)]
        return rest[0] if len(rest) == 1 else annotation
    return annotation
