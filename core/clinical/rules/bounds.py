"""V61: a number outside what it can be, in a field no other rule checks (core.model.bounds).

The form refuses such a number where it is typed (a negative count, 0 cycles, a CRS maximum
temperature of 60 °C), but the model leaves the field open so that a stored or imported case
holding one still opens: this rule lists it, as V01 lists an age of 150. A warning: the
ranges of the reference (§4.18's radiotherapy doses, §4.20's temperatures) are what is
plausible, not always what cannot be.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from core.clinical.findings import Problem
from core.clinical.rules.ctx import RuleContext
from core.clinical.rules.registry import rule
from core.model.base import field_meta
from core.model.bounds import TYPED_BOUNDS, Bound, number_text


@cache
def _unruled(model: str) -> tuple[tuple[str, Bound], ...]:
    """The bounded fields of ``model`` (by class name) that no other rule checks."""
    return tuple((name, bound) for (owner, name), bound in TYPED_BOUNDS.items()
                 if owner == model and bound.rule is None)


@rule("V61", severity="warning", title="Numbers within what they can be")
def numbers_within_bounds(ctx: RuleContext) -> Iterator[Problem]:
    for record_path, record in ctx.index.records:
        for name, bound in _unruled(type(record).__name__):
            value = getattr(record, name, None)
            if isinstance(value, bool) or not isinstance(value, int | float) \
                    or bound.holds(value):
                continue
            meta = field_meta(type(record), name)
            path = f"{record_path}.{name}" if record_path else name
            yield Problem(path, f"{meta['label']} must be {bound.words(meta.get('unit'))} "
                                f"(entered: {number_text(value)})")
