"""Citations in the narrative: ``[@key]`` or ``[@a; @b]`` in any narrative field, numbered in
order of first citation in the manuscript's reading order (Vancouver), printed as [1] / [1,2] /
[1-3].

Reading order (CARE): the case report's abstract and introduction, then the case presentation
sections in the record's order (patient, history, findings, timeline, diagnostics, treatment,
outcome), then the discussion and take-away lessons, the patient's perspective, consent, the
statements, and last the figure legends in figure-number order. Record notes (``note``) are the
author's own and are not part of the manuscript: they are not read."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import BaseModel

from core.clinical.walk import fields_of, records
from core.model import Case
from core.model.report import Reference

KEY = r"[A-Za-z0-9_](?:[\w.:\-]*\w)?"
CITATION = re.compile(rf"\[\s*@{KEY}(?:\s*[;,]\s*@{KEY})*\s*\]")
_KEY_IN = re.compile(rf"@({KEY})")
_LATE_REPORT_FIELDS = ("discussion", "take_away")  # read after the case presentation
_TAIL = ("patient_perspective", "consent", "statements", "attachments")
_NOT_READ = {"authors", "references", "overrides", "note"}


def citation_keys(text: str | None) -> list[str]:
    """The keys cited in ``text``, in order, repeats included."""
    if not text:
        return []
    return [key for group in CITATION.finditer(text) for key in _KEY_IN.findall(group.group())]


def _texts(obj: BaseModel, path: str) -> Iterator[tuple[str, str]]:
    for sub, record in records(obj, path):
        for f in fields_of(type(record)):
            if f.name in _NOT_READ or not f.narrative or f.kind not in ("text", "texts"):
                continue
            value = getattr(record, f.name, None)
            values = value if isinstance(value, list) else [value]
            for i, text in enumerate(values):
                if isinstance(text, str) and text:
                    where = f"{sub}.{f.name}" if sub else f.name
                    yield (f"{where}[{i}]" if isinstance(value, list) else where), text


def cited_texts(case: Case) -> list[tuple[str, str]]:
    """(field path, text) of every narrative field that a citation may stand in, in reading
    order (see the module's doc)."""
    report = case.case_report
    out = [(f"case_report.{f.name}", getattr(report, f.name)) for f in fields_of(type(report))
           if f.narrative and f.name not in _LATE_REPORT_FIELDS and f.name != "note"
           and getattr(report, f.name)]
    body = [name for name in Case.model_fields
            if name not in _TAIL and name not in _NOT_READ and name != "case_report"]
    for name in body:
        value = getattr(case, name)
        items = value if isinstance(value, list) else [value]
        for i, item in enumerate(items):
            if isinstance(item, BaseModel):
                out += _texts(item, f"{name}[{i}]" if isinstance(value, list) else name)
    out += [(f"case_report.{name}", getattr(report, name)) for name in _LATE_REPORT_FIELDS
            if getattr(report, name)]
    for name in ("patient_perspective", "consent", "statements"):
        value = getattr(case, name)
        if value is not None:
            out += _texts(value, name)
    figures = sorted(enumerate(case.attachments),
                     key=lambda pair: (pair[1].figure_number is None,
                                       pair[1].figure_number or 0, pair[0]))
    for i, attachment in figures:
        out += _texts(attachment, f"attachments[{i}]")
    return out


def _defined(case: Case) -> dict[str, str]:
    """{lower-case key: key as defined} of the case's references (the first of a repeat)."""
    out: dict[str, str] = {}
    for ref in case.references:
        if ref.key and ref.key.strip():
            out.setdefault(ref.key.strip().lower(), ref.key.strip())
    return out


def number_citations(case: Case) -> dict[str, int]:
    """{reference key: number} by order of first citation; uncited and unknown keys get none."""
    defined = _defined(case)
    numbers: dict[str, int] = {}
    for _path, text in cited_texts(case):
        for key in citation_keys(text):
            real = defined.get(key.lower())
            if real is not None and real not in numbers:
                numbers[real] = len(numbers) + 1
    return numbers


def unknown_keys(case: Case) -> dict[str, str]:
    """{key: path of the field that first cites it} for keys cited but not defined."""
    defined = _defined(case)
    out: dict[str, str] = {}
    for path, text in cited_texts(case):
        for key in citation_keys(text):
            if key.lower() not in defined:
                out.setdefault(key, path)
    return out


def uncited(case: Case) -> list[tuple[int, Reference]]:
    """(index in case.references, reference) of each reference never cited in the text."""
    cited = {key.lower() for key in number_citations(case)}
    return [(i, ref) for i, ref in enumerate(case.references)
            if not ref.key or ref.key.strip().lower() not in cited]


def duplicate_keys(case: Case) -> list[tuple[int, str]]:
    """(index, key) of each reference whose key an earlier reference already has."""
    seen: set[str] = set()
    out = []
    for i, ref in enumerate(case.references):
        key = (ref.key or "").strip().lower()
        if key and key in seen:
            out.append((i, ref.key or ""))
        seen.add(key)
    return out


def _ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 5] -> '1-3,5'; two in a row stay '1,2'."""
    parts: list[str] = []
    run: list[int] = []
    for n in sorted(set(numbers)) + [0]:
        if run and n == run[-1] + 1:
            run.append(n)
            continue
        if run:
            parts.append(f"{run[0]}-{run[-1]}" if len(run) > 2
                         else ",".join(str(x) for x in run))
        run = [n]
    return ",".join(parts)


def render_citations(text: str, numbers: dict[str, int]) -> str:
    """``text`` with each ``[@a; @b]`` as ``[1,2]`` (three or more in a row as ``[1-3]``). A key
    without a number stays as ``@key`` inside the brackets, so the reader sees it."""
    if not text or "[" not in text:
        return text
    lower = {key.lower(): n for key, n in numbers.items()}

    def one(match: re.Match[str]) -> str:
        keys = _KEY_IN.findall(match.group())
        found = [lower[k.lower()] for k in keys if k.lower() in lower]
        missing = [f"@{k}" for k in keys if k.lower() not in lower]
        shown = ([_ranges(found)] if found else []) + missing
        return "[" + ",".join(shown) + "]"

    return CITATION.sub(one, text)
