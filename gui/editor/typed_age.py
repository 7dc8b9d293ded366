"""An age of 90 or over typed at Age at Day 0 is stored as 90 with Age top-coded set, as the
reference stores it (§4.2, V01: "ages ≥90 are stored as 90 with age_top_coded=1 and shown as
'≥90'"): the form converts it and says so, rather than listing the typed age as an error for
the user to retype. An age under 90 typed over a top-coded one clears the flag. Either is one
undo step with the age. Imports are not converted (V01 lists a stored 93)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from core.clinical.dosing import AGE_TOP_CODE
from core.model.report import AGE_YEARS
from gui.editor.commands import SetFieldCommand

if TYPE_CHECKING:
    from gui.editor.context import EditContext

AGE_PATH = "patient.age_at_day0"
TOP_CODED_PATH = "patient.age_top_coded"
TOP_CODED_NOTE = (f"Stored as ≥{AGE_TOP_CODE} ({AGE_TOP_CODE}, top-coded): ages of "
                  f"{AGE_TOP_CODE} and over are not kept exactly (HIPAA Safe Harbor)")


def set_typed_age(ctx: EditContext, path: str, value: Any, label: str) -> bool:
    """Store an age typed at ``path`` with its top-coded flag, one undo step (False: not the
    age field, no number, or nothing to convert; the caller stores the value as it is).
    ``EditContext.set_field`` calls it for a value committed (not one typed live)."""
    value = _age(path, value)
    if value is None:
        return False
    top = ctx.doc.get(TOP_CODED_PATH)
    if AGE_TOP_CODE <= value <= AGE_YEARS[1]:
        stored, flag = AGE_TOP_CODE, True
    elif 0 <= value < AGE_TOP_CODE and top:
        stored, flag = value, False
    else:
        return False  # out of range: the field refuses it; under 90 and not top-coded: as is
    if value == stored and flag == top:
        return False  # 90 typed at a top-coded age: stored as it is
    ctx.undo_live_edit(path)  # the '93' stored while typing goes into the one step
    if stored != ctx.doc.get(path) or flag != top:  # (93 typed over a stored ≥90: no step)
        stack = ctx.undo_stack
        stack.beginMacro(f"Edit {label}")
        try:  # (not through set_field, which calls this)
            for at, new in ((path, stored), (TOP_CODED_PATH, flag)):
                if new != ctx.doc.get(at) or ctx.doc.missing_reason(at) is not None:
                    stack.push(SetFieldCommand(ctx.doc, at, new, None, label=label))
        finally:
            stack.endMacro()
    if flag:
        ctx.notice.emit(path, TOP_CODED_NOTE)
    return True


def holds_back_live_age(path: str, value: Any) -> bool:
    """An age of 90 or over being typed is not stored as it is typed (True: the caller takes
    back the '9' stored on the way too). Stored live, the exact age sat in the case until the
    field was left, and a draft written meanwhile recovered it and let Save store it (§4.2:
    stored as 90, top-coded); now the draft keeps it as text typed, which leaving the field,
    or its recovery, stores top-coded."""
    age = _age(path, value)
    return age is not None and age >= AGE_TOP_CODE


def _age(path: str, value: Any) -> int | None:
    """``value`` when it is a whole number stored at Age at Day 0, else None."""
    if path != AGE_PATH or isinstance(value, bool) or not isinstance(value, int):
        return None
    return value
