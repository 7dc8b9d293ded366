"""A blinatumomab cycle entered as one line of dose steps, e.g. ``9 ug/d d1-7; 28 ug/d d8-28``
from a case day: creates the administration rows (cycle number and days, start/end, CIV,
ATC L01FX07) plus dexamethasone 20 mg IV premedication before each step."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from core.clinical.dosing import PER_M2, mosteller
from core.model import WhenError, parse_when
from core.model.bounds import Bound
from core.model.treatment import DrugAdministration
from core.numbers import AmbiguousNumber, NumberError, read_number
from core.report.format import absolute_dose, unit_label
from core.units import dose_unit
from gui.dialog_buttons import ok_cancel_buttons
from gui.editor import vocab_source
from gui.editor.fields import FieldSpec, record_fields
from gui.editor.values import InputError, padded, parse_text
from gui.screen_fit import resize_to_fit

if TYPE_CHECKING:
    from gui.editor.table_panel import TablePanel

ADULT_STEPS = "9 ug/d d1-7; 28 ug/d d8-28"
CHILD_STEPS = "5 ug/m2/d d1-7; 15 ug/m2/d d8-28"
# cycles after the first: the full dose from day 1 (the label's; drug.json's typical_dose)
LATER_ADULT_STEPS = "28 ug/d d1-28"
LATER_CHILD_STEPS = "15 ug/m2/d d1-28"
BREAK_DAYS = 14  # treatment-free days between two cycles
EXAMPLE = "28 µg/day d1-28"
# a step: the dose (up to the first space or letter), its unit, then its days from the first
# 'd'/'day'/'days' followed by a number; each part is then checked on its own, so a refusal
# names the part that is wrong
_PARTS = re.compile(r"^\s*(?P<dose>[^\sa-zA-Zµμ/]*)\s*(?P<unit>.*?)\s*"
                    r"(?P<days>(?:days?|d)\s*\d.*)?$", re.IGNORECASE)
_DAYS = re.compile(r"(?:days?|d)\s*(?P<first>\d+)\s*(?:[-–—]|to)\s*(?:days?|d)?\s*(?P<last>\d+)",
                   re.IGNORECASE)
BLINATUMOMAB_UNITS = ("ug/d", "ug/m2/d")  # what the rows store, as core.model's DoseUnit


class StepError(ValueError):
    """Dose steps that cannot be read; ``str(err)`` says which part."""


@dataclass(frozen=True)
class DoseStep:
    dose: float
    unit: str
    first: int  # cycle day
    last: int


def parse_steps(text: str) -> list[DoseStep]:
    steps = [_step(part.strip()) for part in text.split(";") if part.strip()]
    if not steps:
        raise StepError(f"enter at least one step, e.g. {EXAMPLE}")
    return steps


def _step(part: str) -> DoseStep:
    m = _PARTS.match(part)
    dose_text, unit_text, days_text = (m["dose"], m["unit"], m["days"]) if m else ("", "", "")
    try:
        dose = read_number(dose_text)  # the form's rule: 1,5 is 1.5, 1,500 is refused
    except AmbiguousNumber as exc:
        raise StepError(f"'{part}': the dose {exc}") from None
    except NumberError:
        word = dose_text or part.split()[0]  # 'abc ug/d d1-7': abc
        what = ("the dose is missing" if step_unit(word) else
                f"the dose '{word}' is not a number")
        raise StepError(f"'{part}': {what} (e.g. {EXAMPLE})") from None
    unit = step_unit(unit_text)
    if unit is None:
        what = f"the unit '{unit_text}' is not" if unit_text else "no unit given; it must be"
        raise StepError(f"'{part}': {what} µg/day or µg/m²/day (e.g. {EXAMPLE})")
    days = _DAYS.fullmatch(days_text or "")
    if days is None:
        what = f"the days '{days_text}' are not" if days_text else "no days given; give them"
        raise StepError(f"'{part}': {what} like d1-28 or days 1-28 (e.g. {EXAMPLE})")
    first, last = int(days["first"]), int(days["last"])
    # the rows' cells refuse these typed (core.model.bounds): so does the step, naming them
    for name, number, shown in (("dose", dose, unit_label(unit)), ("cycle_day_start", first, None),
                                ("cycle_day_end", last, None)):
        spec = row_field(name)
        bound = Bound(spec.ge, spec.le, spec.above)
        if not bound.holds(number):
            raise StepError(f"'{part}': {spec.label} must be {bound.words(shown)}")
    if last < first:
        raise StepError(f"'{part}': the last day is before the first")
    return DoseStep(dose, unit, first, last)


def row_field(name: str) -> FieldSpec:
    """The administration rows' field ``name``, with the range its cell takes."""
    return next(f for f in record_fields(DrugAdministration) if f.name == name)


def step_unit(text: str) -> str | None:
    """The stored unit (ug/d or ug/m2/d) for a unit as typed: any spelling core.units knows
    for µg/day (µg/d, ug/day, mcg/d...), also per m² (µg/m²/day, mcg/m2/d); else None."""
    unit = dose_unit(text)
    return unit if unit in BLINATUMOMAB_UNITS else None


def shift(start: Any, days: int) -> Any:
    """A *when* (day number or full date, JSON form) moved by ``days``."""
    if isinstance(start, int):
        return start + days
    return (dt.date.fromisoformat(start) + dt.timedelta(days=days)).isoformat()


def _atc(inn: str, fallback: str) -> str:
    entry = vocab_source.entry_of("drug", inn)
    return str(entry.get("atc")) if entry is not None and entry.get("atc") else fallback


def cycle_rows(start: Any, cycle_no: int, steps: list[DoseStep], line_no: int | None,
               premedication: bool = True) -> list[dict[str, Any]]:
    """Administration rows (JSON form) for one cycle starting (cycle day 1) at ``start``."""
    common = {"line_no": line_no} if line_no is not None else {}
    rows = [dict(common, drug_inn="blinatumomab", atc=_atc("blinatumomab", "L01FX07"),
                 role="antineoplastic", route="CIV", dose=step.dose, dose_unit=step.unit,
                 frequency="continuous_infusion", cycle_no=cycle_no,
                 cycle_day_start=step.first, cycle_day_end=step.last,
                 start_day=shift(start, step.first - 1), end_day=shift(start, step.last - 1))
            for step in steps]
    if premedication:
        days = [shift(start, step.first - 1) for step in steps]
        premed = dict(common, drug_inn="dexamethasone", atc=_atc("dexamethasone", "H02AB02"),
                      role="premedication", route="IV", dose=20.0, dose_unit="mg",
                      frequency="once", start_day=days[0], end_day=days[-1])
        if all(isinstance(d, int) for d in days):
            rows.append(dict(premed, day_list=days))
        else:  # dates: no day numbers to list, so a dose on each step's day, a row each
            rows.extend(dict(premed, start_day=day, end_day=day) for day in days)
    return rows


def last_cycle(rows: list[dict[str, Any]]) -> tuple[int, Any] | None:
    """(number, last day) of the highest-numbered blinatumomab cycle among a line's
    administrations (JSON form), or None when there is none; the last day is None when its
    rows give none, or mix day numbers with dates (no order between them)."""
    cycles = [r for r in rows if str(r.get("drug_inn") or "").lower() == "blinatumomab"
              and isinstance(r.get("cycle_no"), int)]
    if not cycles:
        return None
    number = max(r["cycle_no"] for r in cycles)
    ends = (r.get("end_day") if r.get("end_day") is not None else r.get("start_day")
            for r in cycles if r["cycle_no"] == number)
    days: list[Any] = [d for d in ends if start_text(d)]  # a day number or a full date
    same_kind = days and len({type(d) for d in days}) == 1
    return number, max(days) if same_kind else None


def parse_start(text: str, date_format: str | None) -> Any:
    when = parse_when(padded(text), date_format=date_format)
    if when.date is not None and len(when.date) != 10:
        raise WhenError("give a day number (d200) or a full date")
    return when.to_json()


class CycleDialog(QDialog):
    def __init__(self, panel: TablePanel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.panel = panel
        self.setWindowTitle("Add blinatumomab cycle")
        previous = last_cycle(self._administrations())
        self.cycle = QLineEdit(str(previous[0] + 1 if previous else 1), self)
        self.start = QLineEdit(self)
        self.start.setPlaceholderText("d200 or a date")
        start = self._line().get("start_day")
        if previous and previous[1] is not None:  # the day after the break that follows it
            start = shift(previous[1], BREAK_DAYS + 1)
        self.start.setText(start_text(start))
        self.steps = QLineEdit(self._default_steps(later=previous is not None), self)
        self.premed = QCheckBox("&Dexamethasone 20 mg IV before each step", self)
        self.premed.setChecked(True)
        self.preview = QLabel(self)
        self.preview.setWordWrap(True)
        form = QFormLayout()
        for label, widget in (("&Cycle number", self.cycle), ("Cycle day &1 is", self.start),
                              ("Dose &steps", self.steps)):
            form.addRow(label, widget)
            widget.setAccessibleName(label.replace("&", ""))
            widget.textChanged.connect(self._update_preview)
        form.addRow(self.premed)
        buttons, self.ok_button = ok_cancel_buttons(self, "&Add rows", self._on_ok)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview)
        layout.addWidget(buttons)
        resize_to_fit(self, 560, 260)
        self._update_preview()

    def _default_steps(self, later: bool) -> str:
        weight = self.panel.ctx.doc.get("patient.weight_kg")
        child = isinstance(weight, int | float) and weight < 45
        if later:
            return LATER_CHILD_STEPS if child else LATER_ADULT_STEPS
        return CHILD_STEPS if child else ADULT_STEPS

    def _administrations(self) -> list[dict[str, Any]]:
        list_path = self.panel.table_model.list_path
        return list(self.panel.ctx.doc.rows(list_path)) if list_path else []

    def _line(self) -> dict[str, Any]:
        """The selected treatment line (JSON form), or an empty dict."""
        master = self.panel.master
        line_row = master.view.current_storage_row() if master else None
        if master is None or line_row is None:
            return {}
        return master.table_model.record(line_row)

    def _bsa(self) -> float | None:
        doc = self.panel.ctx.doc
        entered = doc.get("patient.bsa_m2")
        if isinstance(entered, int | float) and entered > 0:
            return float(entered)
        height, weight = doc.get("patient.height_cm"), doc.get("patient.weight_kg")
        numbers = all(isinstance(v, int | float) for v in (height, weight))
        return mosteller(height, weight) if numbers else None

    def rows(self) -> list[dict[str, Any]]:
        """The rows to add; raises ValueError with a message for the user."""
        # read as the rows' Cycle cell reads it: 0 or 201 refused with the cell's message
        spec = row_field("cycle_no")
        try:
            cycle_no = parse_text(spec, self.cycle.text())
        except InputError as exc:  # "'abc' is not a number": which number, said first
            text = str(exc)
            raise StepError(text if text.startswith(spec.label) else f"{spec.label}: {text}") \
                from None
        if not isinstance(cycle_no, int):
            raise StepError(f"{spec.label}: give the cycle number, a whole number (1, 2...)")
        start = parse_start(self.start.text(), self.panel.ctx.date_format)
        line_no = self._line().get("line_no")
        return cycle_rows(start, cycle_no, parse_steps(self.steps.text()), line_no,
                          self.premed.isChecked())

    def _update_preview(self) -> None:
        if not self.start.text().strip():  # nothing typed yet: a prompt, not an error
            self.preview.setText("Give cycle day 1: a day number (d200) or a date.")
            self.ok_button.setEnabled(False)
            return
        try:
            rows = self.rows()
        except ValueError as exc:
            self.preview.setText(f"<span style='color:#b71c1c'>{exc}</span>")
            self.ok_button.setEnabled(False)
            return
        self.ok_button.setEnabled(True)
        bsa = self._bsa()
        self.preview.setText("Adds: " + "; ".join(_row_text(r, bsa) for r in rows))

    def _on_ok(self) -> None:
        try:
            rows = self.rows()
        except ValueError:
            return
        self.panel.add_rows(len(rows), rows, text="Add blinatumomab cycle")
        self.accept()


def start_text(start: Any) -> str:
    """A line's start (JSON form) as the dialog's text: ``d200``, a full date, or empty (a
    partial date such as ``2023-05`` cannot be cycle day 1, so the user types it)."""
    if isinstance(start, int) and not isinstance(start, bool):
        return f"d{start}"
    return start if isinstance(start, str) and len(start) == 10 else ""


def dose_text(dose: float, unit: str, bsa: float | None) -> str:
    """A step's dose: absolute doses to one precision per unit (``5.0 µg/day``); per-m² doses
    as entered with their absolute dose when the BSA is known (``5 µg/m²/day = 8.7 µg/day``)."""
    if unit not in PER_M2:
        return absolute_dose(dose, unit)
    entered = f"{dose:g} {unit_label(unit)}"
    return f"{entered} = {absolute_dose(dose * bsa, PER_M2[unit])}" if bsa else entered


def _row_text(row: dict[str, Any], bsa: float | None = None) -> str:
    def day(v: Any) -> str:
        return f"d{v}" if isinstance(v, int) else str(v)

    start, end = row["start_day"], row["end_day"]
    when = (", ".join(day(d) for d in row["day_list"]) if row.get("day_list")
            else day(start) if start == end else f"{day(start)}–{day(end)}")
    return f"{row['drug_inn']} {dose_text(row['dose'], row['dose_unit'], bsa)} {row['route']} {when}"



def _return_focus(panel: TablePanel) -> None:
    panel.window().activateWindow()
    panel.view.setFocus()


def open_cycle_dialog(panel: TablePanel) -> CycleDialog | None:
    if panel.table_model.list_path is None:
        panel.show_status("Select or add a treatment line first.")
        return None
    dialog = CycleDialog(panel, panel.window())
    dialog.setModal(True)
    dialog.finished.connect(lambda _result: _return_focus(panel))
    dialog.open()
    dialog.activateWindow()
    dialog.cycle.setFocus()
    panel.cycle_dialog = dialog
    return dialog
