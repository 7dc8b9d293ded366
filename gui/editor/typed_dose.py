"""A dose typed with its unit in a cell or form field whose unit has a field of its own (Dose and
Dose unit, Dose given and Dose given unit):
"28 µg/day" in Dose is 28 with Dose unit µg/day when Dose unit is empty or already µg/day, as
"68 kg" in Weight (kg) is 68 (``typed_unit``). Any other unit is refused saying where the unit
goes, never converted."""

from __future__ import annotations

import re
from collections.abc import Iterable

from core.units import dose_unit
from gui.editor.context import EditContext
from gui.editor.fields import FieldSpec
from gui.editor.values import InputError, enum_label, parse_text

# a number, then a unit starting with a letter, µ or [ ('[iU]')
_NUMBER_AND_UNIT = re.compile(r"\s*(?P<number>[-+−]?[\d.,\u2009 ]*\d)\s*(?P<unit>[^\d\s.,].*?)\s*")


def unit_field(spec: FieldSpec, fields: Iterable[FieldSpec]) -> FieldSpec | None:
    """The field holding ``spec``'s unit (``dose`` -> ``dose_unit``), for a number field."""
    if spec.kind != "float":
        return None
    return next((f for f in fields if f.name == f"{spec.name}_unit" and f.options), None)


def split_dose(spec: FieldSpec, unit_spec: FieldSpec, text: str,
               current_unit: str | None) -> tuple[float, str] | None:
    """(number, unit code) for a number typed with a unit that ``unit_spec`` accepts and that
    agrees with ``current_unit`` (or it is empty); None when ``text`` is no number followed by
    a word; InputError saying to type the unit in ``unit_spec`` otherwise."""
    found = _NUMBER_AND_UNIT.fullmatch(text)
    if found is None:
        return None
    code = dose_unit(found["unit"])
    if code is None or code not in unit_spec.options:
        raise InputError(f"'{text.strip()}': type the number in {spec.label} and the unit in "
                         f"{unit_spec.label}")
    if current_unit is not None and current_unit != code:
        raise InputError(f"'{text.strip()}': {unit_spec.label} is {enum_label(current_unit)}; "
                         f"type the unit in {unit_spec.label}, the number alone in {spec.label}")
    number = parse_text(spec, found["number"])
    return float(number), code


def set_with_unit(ctx: EditContext, spec: FieldSpec, unit_spec: FieldSpec | None, path: str,
                  unit_path: str, text: str) -> bool:
    """Store '28 µg/day' typed in ``spec`` (at ``path``) as 28 there and µg/day in its unit
    field (at ``unit_path``), one undo step; the table's cell and the form's field both commit
    through here. False when the text is no number with a unit (or ``spec`` has no unit field);
    InputError when the unit cannot go there."""
    if unit_spec is None:
        return False
    found = split_dose(spec, unit_spec, text, ctx.doc.get(unit_path))
    if found is None:
        return False
    ctx.undo_live_edit(path)  # the '28' stored while typing goes into the one step
    stack = ctx.undo_stack
    stack.beginMacro(f"Edit {spec.label}")
    try:
        ctx.set_field(path, found[0], label=spec.label)
        ctx.set_field(unit_path, found[1], label=unit_spec.label)
    finally:
        stack.endMacro()
    return True
