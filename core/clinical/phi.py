"""The identifier scan of free text (reference §9.3, rules V57 and V58), shared with the
de-identified PDF: dates in numeric and month-name forms, phone/fax numbers, e-mail, URLs,
IPv4/IPv6, runs of six or more digits, postal addresses (Chinese ones too), ages of 90 and
over, names from a denylist and Chinese surnames with a title (张先生)."""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from core.clinical.phi_patterns import (
    ADDRESS_LEAD_INS,
    ADDRESS_PATTERNS,
    AGE_PATTERNS,
    LABELLED_ADDRESS,
    TITLED_NAME,
)
from core.model import Case
from core.model.when import MONTH_NAMES, When

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_ORD = r"(?:st|nd|rd|th)?"
_US_STATES = ("AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|"
              "NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC")
_STREET = (r"(?:Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|Boulevard|Blvd\.?|Lane|Ln\.?|Drive|"
           r"Court|Ct\.?|Way|Place|Pl\.?|Square|Sq\.?|Terrace|Highway|Hwy\.?)")

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((kind, re.compile(p)) for kind, p in (
    ("email", r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    ("url", r"(?i)\b(?:https?://|ftp://|www\.)[^\s<>\"']+"),
    ("url", r"(?i)(?<![@\w.-])[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:com|org|net|edu|gov|info|"
            r"io|cn|de|uk|fr|jp|kr|ru|br|it|es|nl|au|ca|ch|se|eu|us)\b(?:/[^\s<>\"']*)?"),
    ("ip", r"(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?![\w.])"),
    ("ip", r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])"),
    ("address", rf"\b\d{{1,5}}\s+(?:[A-Z][\w'-]*\s+){{1,4}}{_STREET}(?!\w)"),
    *(("address", pattern) for pattern in ADDRESS_PATTERNS),
    ("address", LABELLED_ADDRESS),
    *(("age", pattern) for pattern in AGE_PATTERNS),
    ("name", TITLED_NAME),
    ("address", r"(?i)\bP\.?\s?O\.?\s+Box\s+\d+"),
    ("address", r"\b(?i:zip(?:\s*code)?|postal\s*code|post\s*code|postcode)\s*[:#]?\s*"
                r"[0-9A-Z]{3,8}(?:[ -][0-9A-Z]{3,4})?\b"),
    ("address", rf"\b(?:{_US_STATES})\s+\d{{5}}(?:-\d{{4}})?\b"),
    ("address", r"\b[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}\b"),
    ("address", r"\b[A-Z][a-z]+(?:\s[A-Z][a-z]+)?\s(?:County|City|District|Township)\b"),
    ("date", r"\b(?:19|20)\d{2}[-/.](?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12]\d|3[01])\b"),
    ("date", r"(?<!\d)(?<!\d\.)(?:0?[1-9]|[12]\d|3[01])[/.-](?:0?[1-9]|[12]\d|3[01])[/.-]"
             r"(?:\d{4}|\d{2})(?!\d|\.\d)"),
    ("date", rf"\b{_MONTH}\s+\d{{1,2}}{_ORD}(?:,?\s*\d{{4}})?(?!\d)"),
    ("date", rf"\b\d{{1,2}}{_ORD}\s+(?:of\s+)?{_MONTH}(?:,?\s*\d{{4}})?(?!\d)"),
    ("date", rf"\b{_MONTH}\s+(?:19|20)\d{{2}}\b"),
    ("date", r"\d{4}年\d{1,2}月(?:\d{1,2}日)?|\d{1,2}月\d{1,2}日"),
    ("phone", r"(?<![\w+])\+\d{1,3}[\s.-]?(?:\(\d{1,4}\)[\s.-]?)?\d{1,4}(?:[\s.-]?\d{2,4}){1,4}"
              r"(?!\w)"),
    ("phone", r"(?<!\w)\(\d{2,4}\)\s?\d{3,4}[\s.-]?\d{3,4}(?!\w)"),
    ("phone", r"(?<![\w.-])\d{3,4}[-.]\d{3,4}[-.]\d{3,5}(?![\w.-])"),
    ("phone", r"(?<![\w-])0\d{2,3}-\d{7,8}(?!\w)"),
    # a national number written in groups with spaces, trunk 0 first: 0601 234 567,
    # 020 7946 0958, 06 12 34 56 78 (7-15 digits, see _valid)
    ("phone", r"(?<![\w.,/-])(?:0\d{2,4}(?: \d{2,4}){2,3}|0\d(?: \d\d){4})"
              r"(?![\w/-]|[.,]\d|\s?%)"),
    ("phone", r"(?i)\b(?:tel|phone|telephone|fax|mobile|cell)\b\.?\s*(?:no\.?|number)?\s*[:#]?"
              r"\s*\+?\d[\d\s().-]{5,}\d"),
    ("number", r"\b\d{3}-\d{2}-\d{4}\b"),
    ("number", r"(?<![\d.,])\d{6,}(?!\d)"),
))
_PRIORITY = {"name": 0, "email": 1, "url": 2, "ip": 3, "address": 4, "age": 5, "date": 6,
             "phone": 7, "number": 8}


@dataclass(frozen=True)
class PhiHit:
    """An identifier found in a text: ``text == source[start:end]``."""

    kind: str
    start: int
    end: int
    text: str


def _valid(kind: str, text: str) -> bool:
    if kind == "ip":
        try:
            ipaddress.ip_address(text)
        except ValueError:
            return False
        return True
    if kind == "phone":
        return 7 <= sum(c.isdigit() for c in text) <= 15
    if kind == "date" and re.fullmatch(r"\d+[/.-]\d+[/.-]\d+", text):
        first, second = (int(x) for x in re.split(r"[/.-]", text)[:2])
        return first <= 12 or second <= 12
    return True


_UNSPACED_SCRIPTS = ("CJK", "IDEOGRAPHIC", "HIRAGANA", "KATAKANA", "HANGUL", "THAI", "LAO",
                     "KHMER", "MYANMAR", "TIBETAN")


def _unspaced(char: str) -> bool:
    """True for a character of a script written without spaces between words (Chinese,
    Japanese, Thai...): a name in such text has no word boundary around it."""
    return not char.isascii() and unicodedata.name(char, "").startswith(_UNSPACED_SCRIPTS)


def value_regex(value: str) -> str:
    """A pattern for one identifier value (any run of spaces inside it): whole words where it
    starts or ends with a letter or digit of a spaced script ('Ann' is not found in 'Annual'),
    a plain substring where it starts or ends with a character of an unspaced script (张伟 in
    患者张伟入院)."""
    body = r"\s+".join(map(re.escape, value.split()))
    left = "" if _unspaced(value[0]) else r"(?<!\w)"
    right = "" if _unspaced(value[-1]) else r"(?!\w)"
    return left + body + right


def _values_pattern(values: Iterable[str]) -> re.Pattern[str] | None:
    words = sorted({v.strip() for v in values if v and len(v.strip()) >= 2}, key=len,
                   reverse=True)
    if not words:
        return None
    return re.compile("|".join(f"(?:{value_regex(w)})" for w in words), re.IGNORECASE)


@lru_cache(maxsize=64)
def _denylist_pattern(entries: tuple[str, ...]) -> re.Pattern[str] | None:
    return _values_pattern(entries)


@lru_cache(maxsize=64)
def _kind_patterns(values: tuple[tuple[str, str], ...]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    kinds: dict[str, list[str]] = {}
    for value, kind in values:
        kinds.setdefault(kind, []).append(value)
    found = ((kind, _values_pattern(group)) for kind, group in kinds.items())
    return tuple((kind, rx) for kind, rx in found if rx is not None)


def value_spans(text: str, values: Sequence[tuple[str, str]]) -> list[PhiHit]:
    """Every occurrence in ``text`` of the given (value, kind) pairs (a case's own name,
    record number, dates...), matched as the scanner matches denylist names; may overlap."""
    return [PhiHit(kind, m.start(), m.end(), m.group())
            for kind, rx in _kind_patterns(tuple(values)) for m in rx.finditer(text)]


def _needs(kind: str, pattern: str) -> str:
    """What a text must contain for a pattern to match at all (a cheap pre-filter)."""
    if kind == "email":
        return "@"
    if kind == "url":
        return "."
    if "u4e00" in pattern or any(_unspaced(c) for c in pattern):
        return "cjk"
    if "County" in pattern:
        return ""
    return "digit"


_GATED = tuple((kind, _needs(kind, regex.pattern), regex) for kind, regex in _PATTERNS)


def _features(text: str) -> set[str]:
    found = {""}
    if any(c.isdigit() for c in text):
        found.add("digit")
    if "@" in text:
        found.add("@")
    if "." in text:
        found.add(".")
    if not text.isascii():
        found.add("cjk")
    return found


def _candidates(text: str, denylist: Sequence[str]) -> list[PhiHit]:
    hits = []
    pattern = _denylist_pattern(tuple(denylist))
    if pattern is not None:
        hits += [PhiHit("name", m.start(), m.end(), m.group()) for m in pattern.finditer(text)]
    features = _features(text)
    for kind, needs, regex in _GATED:
        if needs not in features:
            continue
        part = "hit" if "hit" in regex.groupindex else 0  # a label before the hit is no part
        for m in regex.finditer(text):
            start = m.start(part)
            found = m.group(part).rstrip(".,;:)")
            if kind == "address":
                start, found = _without_lead_in(start, found)
            if found and _valid(kind, found):
                hits.append(PhiHit(kind, start, start + len(found), found))
    return _joined_addresses(hits, text)


def _without_lead_in(start: int, found: str) -> tuple[int, str]:
    """A Chinese address without the words before it that the pattern took in (家住, 来自)."""
    for lead in ADDRESS_LEAD_INS:
        if found.startswith(lead) and len(found) > len(lead) + 1:
            return start + len(lead), found[len(lead):]
    return start, found


def _joined_addresses(hits: list[PhiHit], text: str) -> list[PhiHit]:
    """Address hits that overlap or touch made one (北京市东城区 and 东城区帅府园1号 are one
    address), so that the scan does not keep one and drop the rest of it."""
    places = sorted((h for h in hits if h.kind == "address"), key=lambda h: h.start)
    joined: list[PhiHit] = []
    for hit in places:
        if joined and hit.start <= joined[-1].end:
            last = joined[-1]
            end = max(last.end, hit.end)
            joined[-1] = PhiHit("address", last.start, end, text[last.start:end])
        else:
            joined.append(hit)
    return [h for h in hits if h.kind != "address"] + joined


def scan_text(text: str, denylist: Sequence[str] = ()) -> list[PhiHit]:
    """Identifiers in ``text``, in order, without overlaps (the more specific kind wins)."""
    if not text:
        return []
    return list(_scan(text, tuple(denylist)))


@lru_cache(maxsize=4096)
def _scan(text: str, denylist: tuple[str, ...]) -> tuple[PhiHit, ...]:
    chosen: list[PhiHit] = []
    ranked = sorted(_candidates(text, denylist),
                    key=lambda h: (_PRIORITY[h.kind], h.start, h.start - h.end))
    for hit in ranked:
        if all(hit.end <= c.start or hit.start >= c.end for c in chosen):
            chosen.append(hit)
    return tuple(sorted(chosen, key=lambda h: h.start))


def mask_text(text: str, hits: Iterable[PhiHit], mask: str = "[removed]") -> str:
    """``text`` with every hit replaced by ``mask``."""
    out, last = [], 0
    for hit in sorted(hits, key=lambda h: h.start):
        out += [text[last:hit.start], mask]
        last = hit.end
    return "".join(out) + text[last:]


def identifier_values(case: Case) -> list[str]:
    """The case's own identifier values, to be found and masked in its texts: the patient's
    name (and its parts), record number, and birth date in several written forms."""
    return list(dict.fromkeys(value for value, _field in own_identifiers(case)))


def own_identifiers(case: Case) -> list[tuple[str, str]]:
    """(value, patient field) of each of the case's own identifier values: ``name`` (and its
    parts), ``record_number``, ``birth_date`` (in several written forms)."""
    p = case.patient
    found: list[tuple[str, str]] = []
    if p.name and p.name.strip():
        found.append((p.name.strip(), "name"))
        found += [(part, "name") for part in re.split(r"[\s,]+", p.name.strip())
                  if len(part) >= 2]
    if p.record_number and p.record_number.strip():
        found.append((p.record_number.strip(), "record_number"))
    if p.birth_date is not None:
        found += [(form, "birth_date") for form in date_forms(p.birth_date)]
    return found


def own_field(text: str, own: Sequence[tuple[str, str]]) -> str | None:
    """The patient field (``name``, ``record_number``, ``birth_date``) whose value ``text`` is
    (a denylist hit, as the scanner matched it), or None when it is none of them."""
    for value, field in own:
        if len(value.strip()) >= 2 and re.fullmatch(value_regex(value.strip()), text,
                                                    re.IGNORECASE):
            return field
    return None


def date_forms(when: When) -> list[str]:
    """Written forms of a calendar date (full or year-month); none for a year or day number."""
    if when.date is None or len(when.date) < 7:
        return []
    year, month = int(when.date[:4]), int(when.date[5:7])
    name = MONTH_NAMES[month - 1]
    if len(when.date) == 7:
        return [when.date, f"{name} {year}", f"{name[:3]} {year}", f"{month:02d}/{year}"]
    day = int(when.date[8:10])
    return [when.date, f"{day:02d}/{month:02d}/{year}", f"{month:02d}/{day:02d}/{year}",
            f"{day}/{month}/{year}", f"{month}/{day}/{year}", f"{day:02d}.{month:02d}.{year}",
            f"{day}.{month}.{year}", f"{year}{month:02d}{day:02d}", f"{day} {name} {year}",
            f"{name} {day}, {year}", f"{day} {name[:3]} {year}", f"{name[:3]} {day}, {year}",
            f"{year}/{month:02d}/{day:02d}"]
