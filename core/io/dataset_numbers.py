"""A number cell of a dataset (CSV, a workbook's text cell), read as the form reads a typed
number (core.numbers).

A cell as the export writes it (``dataset_rows.cell_text``: ``86.4``, ``2``, ``1e-05``) is
read as written, so an export imports back to the same values and exports to the same bytes.
Any other text was typed into the spreadsheet and is read by the form's rule: ``1,5`` and
``86,4`` (a decimal comma, as a spreadsheet in a European locale saves them) are 1.5 and 86.4,
``1 500`` is 1500, and ``2.000`` or ``1,500``, which could be either of two values 1000-fold
apart, are settled by the field's range as the form settles them (BSA ``1.750`` is 1.75) or
refused with both readings, never silently taken as the smaller. The message names the text;
the caller adds the file, row and column.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache
from typing import Any

from core.model.base import field_meta
from core.model.bounds import TYPED_BOUNDS, Bound
from core.numbers import NumberError, read_number

TOPS = {"fraction": 1.0, "%": 100.0}  # a fraction is at most 1, a percent at most 100


def cell_number(text: str, owner: Any, name: str, *, whole: bool) -> float | int:
    """The value of a number cell of the field ``name`` of the model ``owner``; ValueError
    says what is wrong with the text."""
    value = _as_written(text, whole)
    if value is None:
        try:
            value = read_number(text, _fits(owner, name) if owner is not None else None)
        except NumberError as exc:
            raise ValueError(str(exc)) from None
    if not math.isfinite(value):  # 'inf', 'nan' or 1e999: no measurement
        raise ValueError(f"'{text}' is not a finite number")
    if whole:
        if not float(value).is_integer():
            raise ValueError(f"'{text}' is not a whole number")
        return int(value)
    return float(value)


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


@cache
def _fits(owner: Any, name: str) -> Callable[[float], bool]:
    """Whether a reading can be the field's value: the range the form takes for it
    (core.model.bounds, else the model's own ge/le), and at most 1 for a fraction, 100 for
    a percent (gui.editor.values.fits)."""
    bound = TYPED_BOUNDS.get((owner.__name__, name))
    if bound is None:
        low = high = None
        for item in owner.model_fields[name].metadata:
            low, high = getattr(item, "ge", low), getattr(item, "le", high)
        bound = Bound(low, high)
    top = TOPS.get(field_meta(owner, name).get("unit") or "")
    return lambda value: bound.holds(value) and (top is None or value <= top)
