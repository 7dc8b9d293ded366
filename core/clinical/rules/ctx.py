"""What a rule sees: the case, its index (days, dated records, labs) and its derived values."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from core.clinical.context import CaseIndex
from core.clinical.days import Span, admin_span
from core.clinical.derive import Derived
from core.clinical.tables import drug_key
from core.model import Case
from core.model.treatment import DrugAdministration, TreatmentLine
from core.model.when import When


@dataclass(frozen=True)
class Admin:
    """One drug administration with its line and field path."""

    path: str
    line: TreatmentLine
    item: DrugAdministration
    drug: str  # normalised INN
    span: Span | None


class RuleContext:
    def __init__(self, case: Case, index: CaseIndex, derived: Derived,
                 denylist: Sequence[str] = (), today: dt.date | None = None) -> None:
        self.case = case
        self.today = today or dt.date.today()  # the clock: no event after it (V53)
        self.index = index
        self.derived = derived
        self.denylist = tuple(denylist)
        self.memo: dict[str, Any] = {}  # results several rules share (e.g. the text scan)

    def day(self, when: When | None) -> int | None:
        return self.index.day(when)

    def span(self, when: When | None) -> Span | None:
        return self.index.span(when)

    @cached_property
    def admins(self) -> list[Admin]:
        out = []
        for i, line in enumerate(self.case.treatment_lines):
            for j, a in enumerate(line.administrations):
                out.append(Admin(f"treatment_lines[{i}].administrations[{j}]", line, a,
                                 drug_key(a.drug_inn), admin_span(line, a, self.index.days)))
        return out

    def admins_of(self, *drugs: str) -> Iterator[Admin]:
        return (a for a in self.admins if a.drug in drugs)


def finite(x: float | None) -> bool:
    return x is not None and math.isfinite(x)


def out_of(x: float | None, low: float | None, high: float | None) -> bool:
    """True when a recorded value lies outside [low, high] (NaN counts as outside)."""
    if x is None:
        return False
    if not math.isfinite(x):
        return True
    return (low is not None and x < low) or (high is not None and x > high)

