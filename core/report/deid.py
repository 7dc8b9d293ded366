"""De-identification of report text: find identifiers, mask them.

The scanner is ``core.clinical.phi.scan_text`` when that module exists (see ``derived``), else the
built-in ``fallback_scan`` below (dates in numeric and month-name forms, runs of >=6 digits,
e-mail, phone, URL, IPv4). On top of any scanner, the case's own identifier values (name and its
parts, record number, birth date written in several formats, and every exact date held in the
case's fields) are always found and always masked, whatever the user confirmed. The scanner
itself gets only the user's denylist (``ReportOptions.denylist``), so that it reports e-mail
addresses, dates... whole even when they contain a name.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from core.model import Case, When
from core.report import derived
from core.report.options import Hit, ReportOptions, Scanner
from core.report.walk import fields_holding, is_identifier, iter_records, iter_texts

_MONTHS = ("January February March April May June July August September October November "
           "December").split()
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((kind, re.compile(rx)) for kind, rx in (
    ("email", r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    ("url", r"\b(?:https?://|www\.)[^\s<>\"]*[^\s<>\".,;:!?)]"),
    ("date", r"(?<![\d.])(?:19|20)\d\d([-/.])(?:0?[1-9]|1[0-2])\1(?:0?[1-9]|[12]\d|3[01])(?![\d])"),
    ("date", r"(?<![\d.])\d{1,2}([-/.])\d{1,2}\1(?:\d{4}|\d{2})(?![\d]|\.\d)"),
    ("date", rf"\b{_MONTH}\s+{_DAY}(?:,?\s+(?:19|20)\d\d)?\b"),
    ("date", rf"\b{_DAY}\s+{_MONTH}(?:,?\s+(?:19|20)\d\d)?\b"),
    ("date", rf"\b{_MONTH}\s+(?:19|20)\d\d\b"),
    ("date", r"(?:19|20)\d\d\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?"),
    ("ip", r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d.])"),
    ("phone", r"(?<![\w+])\+\d[\d\s().-]{6,}\d"),
    ("phone", r"(?<![\w.])(?:\(\d{2,5}\)\s?)?\d{2,5}[\s.-]\d{3,4}[\s.-]\d{3,5}(?![\w.])"),
    ("number", r"(?<!\d)\d{6,}(?!\d)"),
))
REPLACEMENTS = {"date": "[date removed]", "name": "[name removed]", "email": "[e-mail removed]",
                "record_number": "[record number removed]", "phone": "[phone removed]",
                "url": "[URL removed]", "number": "[number removed]", "ip": "[IP address removed]"}


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    kind: str


def fallback_scan(text: str, denylist: Sequence[str] = ()) -> list[Found]:
    """Identifier-like spans in a text: dates, long numbers, e-mail, phone, URL, IPv4, and
    every denylist entry (whole words, any case)."""
    spans = _denylist_spans(text, PATTERNS)
    spans += _denylist_spans(text, _name_patterns(tuple(denylist)))
    return merge(spans)


@lru_cache(maxsize=64)
def _name_patterns(denylist: tuple[str, ...]) -> list[tuple[str, re.Pattern[str]]]:
    return value_patterns((v, "name") for v in denylist)


def merge(spans: Iterable[Found]) -> list[Found]:
    """Overlapping spans joined; the earliest, longest span gives the kind."""
    out: list[Found] = []
    for s in sorted(spans, key=lambda s: (s.start, -s.end)):
        if out and s.start < out[-1].end:
            last = out[-1]
            out[-1] = Found(last.start, max(last.end, s.end), last.kind)
        else:
            out.append(s)
    return out


def _denylist_spans(text: str, patterns: Sequence[tuple[str, re.Pattern[str]]]) -> list[Found]:
    return [Found(m.start(), m.end(), kind) for kind, rx in patterns for m in rx.finditer(text)]


def value_patterns(values: Iterable[tuple[str, str]]) -> list[tuple[str, re.Pattern[str]]]:
    """One pattern per kind matching any of its values (any case, any run of spaces), longest
    first; whole words only where a value starts and ends with a Latin letter or digit (CJK
    names sit inside text without spaces)."""
    groups: dict[tuple[str, bool], set[str]] = {}
    for value, kind in values:
        value = value.strip()
        if len(value) >= 2:
            groups.setdefault((kind, value[0].isascii() and value[-1].isascii()), set()).add(value)
    out = []
    for (kind, whole_words), group in groups.items():
        body = "|".join(r"\s+".join(map(re.escape, v.split()))
                        for v in sorted(group, key=len, reverse=True))
        rx = rf"(?<!\w)(?:{body})(?!\w)" if whole_words else f"(?:{body})"
        out.append((kind, re.compile(rx, re.IGNORECASE)))
    return out


def date_forms(day: dt.date) -> list[str]:
    """A date as people write it: 2023-04-18, 18/04/2023, 04/18/2023, 18.04.2023, April 18, 2023,
    18 April 2023, Apr 18, 2023, 20230418, 2023年4月18日."""
    month = _MONTHS[day.month - 1]
    d, m, y = day.day, day.month, day.year
    return [day.isoformat(), f"{d:02d}/{m:02d}/{y}", f"{m:02d}/{d:02d}/{y}", f"{d}/{m}/{y}",
            f"{m}/{d}/{y}", f"{d:02d}.{m:02d}.{y}", f"{d}.{m}.{y}", f"{month} {d}, {y}",
            f"{d} {month} {y}", f"{month[:3]} {d}, {y}", f"{d} {month[:3]} {y}",
            f"{y}{m:02d}{d:02d}", f"{y}年{m}月{d}日", f"{y}/{m:02d}/{d:02d}"]


def case_identifier_values(case: Case) -> list[tuple[str, str]]:
    """(value, kind) for the case's identifier fields and the exact dates it holds."""
    values: list[tuple[str, str]] = []
    patient = case.patient
    for name in type(patient).model_fields:
        value = getattr(patient, name)
        if value is None or not is_identifier(type(patient), name):
            continue
        kind = name if name in ("name", "record_number") else "identifier"
        values += _identifier_forms(value, kind)
    values += [(form, "date") for day in _exact_dates(case) for form in date_forms(day)]
    return values


def _identifier_forms(value: object, kind: str) -> list[tuple[str, str]]:
    if isinstance(value, When):
        days = value.date_range()
        return [(f, "date") for f in date_forms(days[0])] if days and days[0] == days[1] else []
    text = str(value).strip()
    forms = [(text, kind)]
    if kind == "name":
        forms += [(w, kind) for w in re.split(r"[\s,]+", text) if len(w) >= 2]
    digits = re.sub(r"\D", "", text)
    if kind == "record_number" and len(digits) >= 4 and digits != text:
        forms.append((digits, kind))
    return forms


def _exact_dates(case: Case) -> set[dt.date]:
    dates = set()
    for record in iter_records(case):
        for name in fields_holding(type(record), When):
            value = getattr(record, name)
            if isinstance(value, When) and value.date and len(value.date) == 10:
                dates.add(dt.date.fromisoformat(value.date))
    return dates


def confirmed_in_case(case: Case) -> frozenset[str]:
    """Texts the clinician confirmed as not identifiers in the record itself (rule V57
    overrides with a ``match``)."""
    return frozenset(o.match.strip() for o in case.overrides or []
                     if o.rule_id == "V57" and o.match)


class Masker:
    """Masks identifiers in the texts of one case, for one de-identified rendering."""

    def __init__(self, case: Case, options: ReportOptions):
        self.scanner: Scanner = options.scanner or derived.default_scanner() or fallback_scan
        self.own = value_patterns(case_identifier_values(case))
        self.denylist = options.denylist
        self.confirmed = options.confirmed_not_identifiers | confirmed_in_case(case)
        self._cache: dict[str, str] = {}

    def spans(self, text: str, *, keep_confirmed: bool = False) -> list[Found]:
        found = [Found(s.start, s.end, s.kind) for s in self.scanner(text, self.denylist)]
        if not keep_confirmed:
            found = [s for s in found if text[s.start:s.end].strip() not in self.confirmed]
        return merge(_denylist_spans(text, self.own) + found)  # own kinds win ties

    def mask(self, text: str) -> str:
        if text not in self._cache:
            out, pos = [], 0
            for s in self.spans(text):
                out += [text[pos:s.start], REPLACEMENTS.get(s.kind, f"[{s.kind} removed]")]
                pos = s.end
            self._cache[text] = "".join(out) + text[pos:]
        return self._cache[text]


def find_identifier_hits(case: Case, options: ReportOptions | None = None) -> list[Hit]:
    """Every identifier found in the case's texts, for the user to review before a de-identified
    PDF. Hits whose text is in ``options.confirmed_not_identifiers`` are included too (the GUI
    knows that set); identifier fields themselves are not listed (they are never printed)."""
    masker = Masker(case, options or ReportOptions(deidentified=True))
    return [Hit(path, text[s.start:s.end], s.kind)
            for path, text in iter_texts(case) for s in masker.spans(text, keep_confirmed=True)]


def masked_places(case: Case, masker: Masker) -> list[tuple[str, str]]:
    """(field path, kind) of every span the masker removes from the case's texts."""
    return [(path, s.kind) for path, text in iter_texts(case) for s in masker.spans(text)]
