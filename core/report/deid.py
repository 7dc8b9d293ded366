"""De-identification of report text: find identifiers, mask them.

The scanner is the clinical engine's (``core.clinical.engine.scan_text``, the one rule V57
uses): dates in numeric and month-name forms, runs of >=6 digits, e-mail, phone, URL, IP
addresses, postal addresses (Chinese ones too), ages of 90 and over, Chinese surnames with a
title. On top of it, the case's own identifier values (name and its parts, record number,
birth date written in several formats, and every exact date held in the case's fields) are
always found (``engine.value_spans``: whole words in spaced scripts,
substrings in Chinese or Japanese text) and always masked, whatever the user confirmed. The
scanner itself gets only the user's denylist (``ReportOptions.denylist``), so that it reports
e-mail addresses, dates... whole even when they contain a name.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from core.clinical import engine
from core.model import Case, When
from core.report.options import RARE_COMBINATION, Hit, ReportOptions, Scanner
from core.report.walk import fields_holding, is_identifier, iter_records, iter_texts

_MONTHS = ("January February March April May June July August September October November "
           "December").split()
REPLACEMENTS = {"date": "[date removed]", "name": "[name removed]", "email": "[e-mail removed]",
                "record_number": "[record number removed]", "phone": "[phone removed]",
                "url": "[URL removed]", "number": "[number removed]", "ip": "[IP address removed]",
                "address": "[address removed]", "age": "[age ≥90]",
                RARE_COMBINATION: "[left out: rare combination with the age]"}
RARE_PATH = "patient.subdivision"  # rule V60: an extreme age makes the subdivision identifying


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    kind: str


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
        self.scanner: Scanner = options.scanner or engine.scan_text
        self.own = tuple(case_identifier_values(case))
        self.denylist = options.denylist
        self.confirmed = options.confirmed_not_identifiers | confirmed_in_case(case)
        # rule V60 (reference §9.2): a subdivision with an age of >=90 or <1 year, left out as
        # an identifier found in the text is, unless confirmed (in the record or by the user)
        rare = engine.rare_subdivision(case)
        self.rare = rare if rare is not None and rare not in self.confirmed else None
        self._cache: dict[str, str] = {}

    def spans(self, text: str, *, keep_confirmed: bool = False) -> list[Found]:
        found = [Found(s.start, s.end, s.kind) for s in self.scanner(text, self.denylist)]
        if not keep_confirmed:
            found = [s for s in found if text[s.start:s.end].strip() not in self.confirmed]
        own = [Found(s.start, s.end, s.kind) for s in engine.value_spans(text, self.own)]
        return merge(own + found)  # own kinds win ties

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
    from core.clinical.row_numbers import shown_path, shown_row_numbers

    masker = Masker(case, options or ReportOptions(deidentified=True))
    rare = engine.rare_subdivision(case)
    rows = shown_row_numbers(case)
    return [Hit(path, text[s.start:s.end], s.kind, shown_path(case, path, rows))
            for path, text in iter_texts(case) for s in masker.spans(text, keep_confirmed=True)
            ] + ([Hit(RARE_PATH, rare, RARE_COMBINATION, shown_path(case, RARE_PATH, rows))]
                 if rare is not None else [])


def masked_places(case: Case, masker: Masker) -> list[tuple[str, str]]:
    """(field path, kind) of every span the masker removes from the case's texts (the
    subdivision that rule V60 leaves out is ``masker.rare``, not a text masked)."""
    return [(path, s.kind) for path, text in iter_texts(case) for s in masker.spans(text)]
