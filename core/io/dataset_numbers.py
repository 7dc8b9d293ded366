"""A number cell of a dataset (CSV, a workbook's text cell), read as the form reads a typed
number (core.numbers).

A cell as the export writes it (``dataset_rows.cell_text``: ``86.4``, ``2``, ``1e-05``) is
read as written, so an export imports back to the same values and exports to the same bytes.
Any other text was typed into the spreadsheet and is read by the form's rule: ``1,5`` and
``86,4`` (a decimal comma, as a spreadsheet in a European locale saves them) are 1.5 and 86.4,
``1 500`` is 1500, and ``2.000`` or ``1,500``, which could be either of two values 1000-fold
apart, are settled by the field's range as the form settles them (BSA ``1.750`` is 1.75) or
refused with both readings, never silently taken as either. Being whole settles nothing, as in
the form: Nuclei scored ``1.500`` is 1500 or a mistyped 1.5, and the form asks, so the import
refuses it with both readings (it was read as 1500, silently). A value outside the field's
range (core.model.bounds.typed_bound: the form's) is refused as the form refuses it ("'150':
Age at Day 0 must be between 0 and 120 years"), whether typed or as written, and so is a number
that neither reading fits (BSA ``12.500``, MRD ``2.000``). The message names the text; the
caller adds the file, row and column.
"""

from __future__ import annotations

import math
from typing import Any

from core.model.base import field_meta
from core.model.bounds import model_bound, must_be, typed_bound
from core.numbers import NumberError, read_number


def cell_number(text: str, owner: Any, name: str, *, whole: bool) -> float | int:
    """The value of a number cell of the field ``name`` of the model ``owner`` (None: a number
    of no range); ValueError says what is wrong with the text."""
    bound = typed_bound(owner, name) if owner is not None else None
    value = _as_written(text, whole)
    if value is not None and owner is not None:  # as the export writes it: the value a case
        bound = model_bound(owner, name)  # held (a JSON import may store one outside the
        # form's range, which the rules then list), so the user's own export comes back; only
        # the model's own limits hold it (ECOG 0-5)
    elif value is None:
        try:
            # the form's test of a reading: the field's range only (values.fits)
            value = read_number(text, bound.holds if bound is not None else None)
        except NumberError as exc:
            raise ValueError(str(exc)) from None
    if not math.isfinite(value):  # 'inf', 'nan' or 1e999: no measurement
        raise ValueError(f"'{text}' is not a finite number")
    if whole and not float(value).is_integer():
        raise ValueError(f"'{text}' is not a whole number")
    if bound is not None and not bound.holds(value):  # as typed, or as neither reading fits
        meta = field_meta(owner, name)
        raise ValueError(f"'{text}': {must_be(meta['label'], bound, meta.get('unit'))}")
    return int(value) if whole else float(value)


def _as_written(text: str, whole: bool) -> float | int | None:
    """The value of a text the export writes for it, else None."""
    try:
        value: float | int = int(text) if whole else float(text)
    except ValueError:
        return None
    if whole:
        return value if str(value) == text else None
    number = float(value)
    written = str(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)
    return number if written == text else None
