"""A drug named in a record that also holds its ATC code (a treatment line's administration, a
cellular therapy) fills that code from the drug dictionary: "MTX" typed or pasted as the drug
is stored as methotrexate with ATC L01BA01, one undo step (ATC was left empty, and Problems and
Mark complete asked for it). An ATC the user gave is kept; one that was the former drug's
(filled for it) follows the drug named in its place, and goes when the drug named in its place
is one the dictionary does not know or one of several ("CAR-T")."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from core.model.base import field_meta
from core.model.fieldpath import parse_path
from core.model.vocab import drug_named
from gui.editor.commands import SetFieldCommand
from gui.editor.validation import check_field, model_at

if TYPE_CHECKING:
    from gui.editor.context import EditContext

ATC = "atc"


def atc_path(path: str) -> str | None:
    """The ATC field beside the drug field at ``path``, or None (not a drug field, or its
    record has no ATC: an adverse event's attribution)."""
    parts = parse_path(path)
    model = model_at(parts[:-1])
    name = str(parts[-1])
    if model is None or name not in model.model_fields or ATC not in model.model_fields:
        return None
    if name == ATC or field_meta(model, name).get("vocab") != "drug":
        return None
    return f"{path.rsplit('.', 1)[0]}.{ATC}"


def set_typed_drug(ctx: EditContext, path: str, value: Any, label: str) -> bool:
    """Store a drug committed at ``path`` by its dictionary name (a pasted "MTX" as the picker
    stores a typed one: methotrexate) with its ATC code, one undo step; a name the dictionary
    does not know ("pemetrexed"), or one several drugs share ("CAR-T"), typed over a drug whose
    ATC was filled for it takes that ATC away with it (it is not the new drug's: V38 then asks
    for the right one). False: not a drug field with an ATC beside it, or nothing to change but
    the value (the caller stores it as it is). ``EditContext.set_field`` calls it for a value
    committed (not one typed live)."""
    at = atc_path(path)
    if at is None or not isinstance(value, str) or not value.strip():
        return False
    drug = drug_named(value)
    atc, old = ctx.doc.get(at), drug_named(_before_typing(ctx, path))
    filled_for_old = old is not None and atc not in (None, "") and atc == old.get(ATC)
    if drug is None:
        if not filled_for_old:
            return False  # no ATC of another drug's to take away
        _store(ctx, [(path, value, label), (at, None, "ATC")], label)
        return True
    keep = ((atc not in (None, "") and not filled_for_old) or atc == drug.get(ATC)
            or ctx.doc.missing_reason(at) is not None)  # the user's ATC (or reason for none)
    if keep and value == drug.code:
        return False
    _store(ctx, [(path, drug.code, label)] + ([] if keep else [(at, drug.get(ATC), "ATC")]),
           label)
    return True


def _store(ctx: EditContext, changes: list[tuple[str, Any, str]], label: str) -> None:
    """The drug (first) and its ATC as one undo step, the live typing of the drug in it."""
    path, value, _ = changes[0]
    check_field(ctx.doc.doc, path, value, label)
    ctx.undo_live_edit(path)  # the 'MTX' stored while typing goes into the one step
    stack = ctx.undo_stack
    stack.beginMacro(f"Edit {label}")
    try:  # (not through set_field, which calls this)
        for where, new, name in changes:
            if new != ctx.doc.get(where) or ctx.doc.missing_reason(where) is not None:
                stack.push(SetFieldCommand(ctx.doc, where, new, None, label=name))
    finally:
        stack.endMacro()


def _before_typing(ctx: EditContext, path: str) -> Any:
    """The value at ``path`` before the live typing still going on there ("VCR" typed over
    methotrexate stored V, VC and VCR on the way: methotrexate)."""
    index = ctx.undo_stack.index()
    command = ctx.undo_stack.command(index - 1) if index > 0 else None
    if isinstance(command, SetFieldCommand) and command.mergeable and command.path == path:
        return command.old[0]
    return ctx.doc.get(path)
