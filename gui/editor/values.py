"""Text <-> stored value for every field kind: what a cell shows and how typed text is read.

A missing-value reason is typed and shown in brackets, e.g. ``(not reported)``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, get_args

from core.model import MISSING_REASONS, WhenError, parse_when
from core.model.bounds import must_be
from core.model.closed_lists import CLOSED_VOCABS, listed_code, shown_name, starting_with
from core.model.codes import code_label
from core.model.treatment import DoseUnit
from core.model.vocab import vocabulary
from core.numbers import AmbiguousNumber, NumberError, read_number
from core.report.format import unit_label as dose_unit_label
from gui.editor.fields import FieldSpec, simple_fields
from gui.editor.typed_unit import WrongUnit, without_unit
from gui.editor.vocab_source import (
    SEPARATOR,
    SHOWN_NAMES,
    option_abbreviated,
    shown,
    stored_code,
)

MISSING_TEXT = {reason: f"({reason.replace('_', ' ')})" for reason in MISSING_REASONS}
_MISSING_BY_TEXT = {text: reason for reason, text in MISSING_TEXT.items()}
_YEAR_FIRST = re.compile(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?")
YES, NO = "yes", "no"


DOSE_UNITS = frozenset(get_args(DoseUnit))
# what a range of a fraction field (MRD) is in, as its column's help says it


def code_of(text: str) -> str:
    """The code in a "code — label" text (the text itself otherwise)."""
    return text.split(SEPARATOR, 1)[0].strip() if SEPARATOR in text else text


class InputError(ValueError):
    """Typed text that does not fit the field; ``str(err)`` is the message for the user."""


@dataclass(frozen=True)
class Missing:
    reason: str


def enum_label(code: str) -> str:
    """A choice as the editor shows it: in the words the PDF prints (core.model.codes:
    ``positive_ge_1e-4`` -> "positive ≥10⁻⁴", ``bm`` -> "BM"; a dose unit as the report
    writes it, ``ug/d`` -> "µg/day"); the code is what is stored."""
    return dose_unit_label(code) if code in DOSE_UNITS else code_label(code)


def code_words(code: str) -> str:
    """A code as the editor showed it before it showed the PDF's words ("cns directed"):
    still taken when typed."""
    return code.replace("_", " ")


def format_value(spec: FieldSpec, value: Any, reason: str | None = None) -> str:
    """The text a field shows (and starts editing with)."""
    if value is None:
        return MISSING_TEXT.get(reason or "", "")
    kind = spec.kind
    if kind == "when":
        return f"d{value}" if isinstance(value, int) else str(value)
    if kind == "float":
        return format_number(value)
    if kind == "bool":
        return YES if value else NO
    if kind == "enum":
        return enum_label(str(value))
    if kind == "enum_list":
        return "; ".join(enum_label(v) for v in value) if value else "none"
    if kind == "text_list":
        return "; ".join(value) if value else ("none" if spec.optional else "")
    if kind == "int_list":
        return ", ".join(str(v) for v in value) if value else "none"
    if kind == "coded":
        return str(value.get("code", "")) if isinstance(value, dict) else str(value)
    if spec.vocab in SHOWN_NAMES:  # a unit as clinicians write it, a response category in words
        return shown(spec.vocab, str(value))
    return str(value)


def format_number(value: float) -> str:
    """A number as typed back: every digit of the stored float, so the text reads back as exactly
    that float when its field or cell is left (core.units.plain_number, the PDF's, keeps 10
    significant figures: an MRD of 1 in 30000 only tabbed through was stored as 3.333333333e-05
    and the case marked changed), and never with an exponent (an MRD limit of detection typed
    "0,001%" showed "1e-05" beside an MRD of 0.0001): 0.00001, 72.5, 120."""
    if float(value).is_integer():
        return str(int(value))
    text = format(Decimal(repr(float(value))), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def parse_text(spec: FieldSpec, text: str, date_format: str | None = None) -> Any:
    """The stored value for typed text: None when empty, ``Missing`` for a bracketed reason."""
    text = text.strip()
    if not text:
        return [] if spec.kind.endswith("_list") and not spec.optional else None
    if text.lower() in _MISSING_BY_TEXT:
        return Missing(_MISSING_BY_TEXT[text.lower()])
    if spec.vocab in CLOSED_VOCABS:  # a response category, an EGIL subgroup: from the list only
        return _listed(spec, text)
    if spec.vocab in SHOWN_NAMES:  # a unit shown as ×10⁹/L and copied as such is stored as
        return stored_code(spec.vocab, text)  # 10*9/L
    parser = _PARSERS.get(spec.kind)
    return parser(spec, text, date_format) if parser else text


def padded(text: str) -> str:
    """A year-first date typed without leading zeros as the date it can only be
    ("2023-4-18" -> "2023-04-18"); any other text as it is."""
    unpadded = _YEAR_FIRST.fullmatch(text.strip())
    if not unpadded:
        return text
    return "-".join([unpadded[1], *(f"{int(p):02d}" for p in unpadded.groups()[1:] if p)])


def takes_days(spec: FieldSpec) -> bool:
    """A when field takes a day number, but Day 0's date: day numbers count from it."""
    return spec.name != "day0"


def _when(spec: FieldSpec, text: str, date_format: str | None) -> Any:
    text = padded(text)
    try:
        return parse_when(text, date_format=date_format, days=takes_days(spec)).to_json()
    except WhenError as exc:
        raise InputError(str(exc)) from exc


def parse_number(text: str, fits: Callable[[float], bool] | None = None,
                 label: str | None = None) -> float:
    """A typed number by core's one rule (core.numbers: ``0,001`` is 0.001, ``1,5`` 1.5;
    ``1.750`` is the one reading that ``fits`` the field, and refused as ambiguous, naming
    ``label``, when both do)."""
    try:
        return read_number(text, fits)
    except AmbiguousNumber as exc:
        raise InputError(f"{label}: {exc}" if label else str(exc)) from None
    except NumberError:
        raise InputError(f"'{text}' is not a number") from None


LIMIT_SIGNS = ("<", ">", "≤", "≥")


def _no_limit(spec: FieldSpec, text: str) -> None:
    """A number typed as a limit (``<0,01%``, ``<5``), as a result under a cut-off is written,
    refused saying what to do: it read "'<0,01' is not a number"."""
    typed = text.strip()
    if not typed.startswith(LIMIT_SIGNS):
        return
    advice = ("for MRD below the limit of detection choose Result 'not detected' and type the "
              "limit in Limit of detection") if spec.name == "value_fraction" \
        else "type the number measured"
    raise InputError(f"'{typed}' is a limit, not a value: {advice}")


def _float(spec: FieldSpec, text: str, _fmt: str | None) -> float:
    _no_limit(spec, text)
    return _checked(spec, _percent_read(spec, text))


def _percent_read(spec: FieldSpec, text: str) -> float:
    """A number; with a % sign, in a fraction field the percent's fraction (MRD "0.32%" is
    0.0032), in a percent field the number; any other field says which unit it is in."""
    number = text.rstrip()
    if not number.endswith("%"):
        return _number(spec, text)
    if spec.unit not in ("fraction", "%"):
        raise InputError(f"'{text}': {spec.label} is in {spec.unit or 'plain numbers'}, not %")
    value = parse_number(number[:-1], fits(spec, percent=True), spec.label)
    return float(f"{value!r}e-2") if spec.unit == "fraction" else value


def fits(spec: FieldSpec, percent: bool = False) -> Callable[[float], bool]:
    """Whether a reading of a typed number can be the field's value (typed with a % sign:
    ``percent``): its range settles ``1.750`` (1.75 in BSA, 1750 m² being none). The range
    (core.model.bounds.typed_bound) caps a fraction at 1 and a percent at 100, so MRD
    ``1.000%`` is 1%, never 1000%."""
    bound = spec.bound
    scale = 0.01 if percent and spec.unit == "fraction" else 1.0
    return lambda value: bound.holds(value * scale)


def _number(spec: FieldSpec, text: str) -> float:
    """A number, also typed with the field's own unit ("68 kg" in Weight)."""
    try:
        return parse_number(text, fits(spec), spec.label)
    except InputError:
        try:
            bare = without_unit(spec.unit, spec.label, text)
        except WrongUnit as exc:
            raise InputError(str(exc)) from None
        if bare == text:
            raise
        return parse_number(bare, fits(spec), spec.label)


def _int(spec: FieldSpec, text: str, _fmt: str | None) -> int:
    _no_limit(spec, text)
    number = _number(spec, text)
    if not number.is_integer():
        raise InputError(f"'{text}' is not a whole number")
    return int(_checked(spec, number))


def _checked(spec: FieldSpec, number: float) -> float:
    if not math.isfinite(number):  # 'inf', 'nan' or 1e999: no measurement
        raise InputError(f"{spec.label} must be a finite number")
    if not spec.bound.holds(number):  # "Age at Day 0 must be between 0 and 120 years"
        raise InputError(must_be(spec.label, spec.bound, spec.unit))
    return number


def _bool(spec: FieldSpec, text: str, _fmt: str | None) -> bool:
    word = text.lower()
    if word in ("yes", "y", "true", "1"):
        return True
    if word in ("no", "n", "false", "0"):
        return False
    raise InputError(f"{spec.label}: type yes or no")


def match_option(options: tuple[str, ...], text: str) -> str | None:
    """The option typed: exact (ignoring case, '_' and ' '; its code or its words), else a
    unique prefix of either."""
    wanted = _norm(text)
    for option in options:
        if wanted in (_norm(option), _norm(enum_label(option))):
            return option
    starts = _starting(options, wanted)
    return starts[0] if len(starts) == 1 else None


def _starting(options: tuple[str, ...], wanted: str) -> list[str]:
    return [o for o in options
            if _norm(o).startswith(wanted) or _norm(enum_label(o)).startswith(wanted)]


def _norm(text: str) -> str:
    return text.strip().lower().replace("_", " ")


def _enum(spec: FieldSpec, text: str, _fmt: str | None) -> str:
    """An option by its name, a unique start of it, or an abbreviation ("LP", "LP — lumbar
    puncture": lumbar_puncture)."""
    typed = code_of(text)
    exact = next((o for o in spec.options if _norm(typed) in (_norm(o), _norm(enum_label(o)))),
                 None)
    option = exact or option_abbreviated(spec.options, typed) or match_option(spec.options, typed)
    if option is None:
        several = _starting(spec.options, _norm(typed))
        if len(several) > 1:  # "det": detected, detected not quantifiable
            raise InputError(f"'{text}' could be {' or '.join(map(enum_label, several))}: type"
                             " more of it")
        raise InputError(f"'{text}' is not one of: {', '.join(map(enum_label, spec.options))}")
    return option


def _listed(spec: FieldSpec, text: str) -> str:
    """A value of a closed list (core.model.closed_lists), as a choice field reads one: its
    code, its name or words, or a start only one value has ("complete MRD": Complete MRD
    response); other text is refused, naming the values."""
    assert spec.vocab is not None
    typed = code_of(text)
    code = listed_code(spec.vocab, typed)
    if code is not None:
        return code
    several = starting_with(spec.vocab, typed)
    if len(several) > 1:  # "complete": complete remission, complete MRD response, ...
        names = " or ".join(shown_name(spec.vocab, c) for c in several)
        raise InputError(f"'{text}' could be {names}: type more of it")
    names = ", ".join(shown_name(spec.vocab, e.code) for e in vocabulary(spec.vocab).entries)
    raise InputError(f"'{text}' is not one of: {names}")


def _enum_list(spec: FieldSpec, text: str, fmt: str | None) -> list[str]:
    if text.lower() == "none":
        return []
    return [_enum(spec, item, fmt) for item in re.split(r"[;,]", text) if item.strip()]


def split_items(text: str) -> list[str]:
    """Split on ';' outside brackets, so ISCN items like t(9;22) stay whole."""
    items, depth, cur = [], 0, ""
    for ch in text:
        depth += ch in "([" and 1 or ch in ")]" and -1 or 0
        if ch == ";" and depth <= 0:
            items.append(cur)
            cur = ""
        else:
            cur += ch
    items.append(cur)
    return [i.strip() for i in items if i.strip()]


def _text_list(spec: FieldSpec, text: str, _fmt: str | None) -> list[str]:
    return [] if text.lower() == "none" else split_items(text)


def _int_list(spec: FieldSpec, text: str, _fmt: str | None) -> list[int]:
    if text.lower() == "none":
        return []
    out = []
    for item in re.split(r"[,;\s]+", text):
        if item:
            number = parse_number(item.lstrip("dD"), fits(spec), spec.label)
            if not number.is_integer():
                raise InputError(f"'{item}' is not a whole number")
            out.append(int(number))
    return out


def _coded(spec: FieldSpec, text: str, _fmt: str | None) -> dict[str, str]:
    return {"code": text.split()[0]}


_PARSERS = {"when": _when, "float": _float, "int": _int, "bool": _bool, "enum": _enum,
            "enum_list": _enum_list, "text_list": _text_list, "int_list": _int_list,
            "coded": _coded}


def row_summary(model: type, record: dict[str, Any], row: int) -> str:
    """A short name for a row, from its first required values: "row 1: d2 · 1 · induction"."""
    specs = [s for s in simple_fields(model) if s.req == "R" and record.get(s.name) is not None]
    values = " · ".join(format_value(s, record[s.name]) for s in specs[:3])
    return f"row {row + 1}: {values}" if values else f"row {row + 1}"
