"""Reading untrusted JSON before the case model sees it.

``parse`` reads the text the way Casebook accepts JSON: ``NaN``, ``Infinity`` and numbers too
large for a float become ``Unacceptable`` markers instead of non-finite floats, and a key that
appears twice in one object is remembered. ``screen`` then walks a value (without recursion)
and names, by field path, everything that cannot be stored safely: those markers, numbers
beyond +-10^15 (no clinical value is that large, and SQLite's integers end at 2^63), text with
lone UTF-16 surrogates (they cannot be written as UTF-8), NUL and other control characters,
overlong text and nesting deeper than any case has.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from core.model.fieldpath import PathPart, format_path

MAX_DEPTH = 40
MAX_MAGNITUDE = 10**15
MAX_TEXT = 100_000
MAX_KEY = 200
_INT_DIGITS = 40  # longer integer literals are refused without converting them
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Unacceptable:
    """A JSON literal Casebook does not accept (NaN, Infinity, an overlong number)."""

    __slots__ = ("literal",)

    def __init__(self, literal: str):
        self.literal = literal if len(literal) <= 24 else literal[:20] + "..."

    def __repr__(self) -> str:
        return self.literal


class _Object(dict[str, Any]):
    """A JSON object in which some keys appeared more than once."""

    duplicates: list[str]


def _constant(literal: str) -> Unacceptable:
    return Unacceptable(literal)


def _int(literal: str) -> int | Unacceptable:
    if len(literal) > _INT_DIGITS:
        return Unacceptable(literal)
    return int(literal)


def _float(literal: str) -> float | Unacceptable:
    value = float(literal)
    return value if math.isfinite(value) else Unacceptable(literal)


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) == len(pairs):
        return obj
    seen: set[str] = set()
    marked = _Object(obj)
    marked.duplicates = []
    for k, _ in pairs:
        if k in seen:
            marked.duplicates.append(k)
        seen.add(k)
    return marked


def parse(text: str) -> Any:
    """The JSON value in ``text`` (raises JSONDecodeError, or RecursionError when the
    nesting is deeper than Python's parser goes)."""
    return json.loads(text, parse_constant=_constant, parse_int=_int, parse_float=_float,
                      object_pairs_hook=_object)


def safe_text(text: str, limit: int = 60) -> str:
    """``text`` shortened and printable anywhere: surrogates and control characters are
    shown as escapes (a message that holds them could not be printed or logged)."""
    short = text if len(text) <= limit else text[:limit] + "..."
    if short.isascii() and not _CONTROL.search(short):
        return short
    return "".join(c if c.isprintable() or c == " " else c.encode("unicode_escape",
                   "backslashreplace").decode("ascii") for c in short)


def screen(value: Any, prefix: tuple[PathPart, ...] = ()) -> list[tuple[str, str]]:
    """(field path, problem) for every value under ``value`` that cannot be stored."""
    if _clean(value, 0, set()):
        return []
    problems: list[tuple[str, str]] = []
    stack: list[tuple[tuple[PathPart, ...], Any]] = [(prefix, value)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, dict | list) and len(path) - len(prefix) >= MAX_DEPTH:
            problems.append((_where(path), f"nested too deeply (more than {MAX_DEPTH} levels)"))
            continue
        if isinstance(item, dict):
            problems += _key_problems(path, item)
            stack.extend(reversed([((*path, _key_part(k)), v) for k, v in item.items()]))
        elif isinstance(item, list):
            stack.extend(reversed([((*path, i), v) for i, v in enumerate(item)]))
        else:
            problem = value_problem(item)
            if problem:
                problems.append((_where(path), problem))
    return problems


# In the JSON text of a value, what can decode to a character a text may not hold: the
# escapes backslash-u, -b and -f, and DEL (the parser refuses other control characters
# unescaped; UTF-8 decoding refuses surrogates). Without them no text needs checking.
_ESCAPES = re.compile(r"\\[ubf]|\x7f")  # (searched only in a text that holds a backslash)


def clean_parsed(value: Any, text: str) -> bool:
    """The fast check of a value parsed from ``text`` by a plain parser (numbers as Python
    reads them, a repeated key silently kept once): True when nothing under it is a problem,
    no object repeats a key (the keys counted in the text are the keys parsed), and so the
    value is what ``parse`` would give. False tells nothing: parse it with ``parse``'s
    literals and ``screen`` it to know what is wrong."""
    if type(value) is not dict:
        return False
    written = keys_in_text(text)
    if written is None:
        return False
    keys: set[str] = set()
    if len(text) > MAX_TEXT or "\x7f" in text or ("\\" in text and _ESCAPES.search(text)):
        return _clean(value, 0, keys) and _count_keys(value) == written
    parsed = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:  # only shapes, numbers and field-name lengths: every text is clean
        item, depth = stack.pop()
        if depth >= MAX_DEPTH:
            return False
        if type(item) is dict:
            parsed += len(item)
            if not keys.issuperset(item):
                if max(map(len, item)) > MAX_KEY:
                    return False
                keys.update(item)
            item = item.values()
        depth += 1
        for leaf in item:
            kind = type(leaf)
            if kind is dict or kind is list:
                stack.append((leaf, depth))
            elif kind is int or kind is float:
                if not -MAX_MAGNITUDE <= leaf <= MAX_MAGNITUDE:
                    return False
            elif not (kind is str or leaf is None or kind is bool):
                return False
    return parsed == written


_SPACED_KEY = re.compile(r'"[ \t\n\r]+:')


def keys_in_text(text: str) -> int | None:
    """How many object keys the JSON ``text`` holds, counted on the text: a key is a string
    followed by a colon, and without an escaped backslash in the text a quote that ends a
    string is one no backslash precedes. None when the count is not certain (an escaped
    backslash, or whitespace before a colon). Fewer keys parsed than counted: a key was
    repeated in an object (a plain parser keeps one)."""
    if _SPACED_KEY.search(text):
        return None
    keys = text.count('":')
    if "\\" in text:  # (most cases hold no backslash)
        if "\\\\" in text:
            return None
        keys -= text.count('\\":')
    return keys


def _count_keys(value: Any) -> int:
    count = 0
    stack = [value]
    while stack:
        item = stack.pop()
        if type(item) is dict:
            count += len(item)
            stack.extend(v for v in item.values() if type(v) is dict or type(v) is list)
        elif type(item) is list:
            stack.extend(v for v in item if type(v) is dict or type(v) is list)
    return count


def _clean(value: Any, depth: int, keys: set[str]) -> bool:
    """The fast check (no paths; recursion bounded by MAX_DEPTH): True when nothing under
    ``value`` is a problem. ``keys`` holds the field names already found clean."""
    kind = type(value)
    if kind is str:
        return _clean_text(value)
    if kind is int or kind is float:
        return bool(-MAX_MAGNITUDE <= value <= MAX_MAGNITUDE)
    if kind is dict:
        if depth >= MAX_DEPTH:
            return False
        for key, item in value.items():
            if key not in keys:
                if len(key) > MAX_KEY or not _clean_text(key):
                    return False
                keys.add(key)
            if not _clean(item, depth + 1, keys):
                return False
        return True
    if kind is list:
        if depth >= MAX_DEPTH:
            return False
        for item in value:
            if not _clean(item, depth + 1, keys):
                return False
        return True
    return value is None or kind is bool


def _clean_text(text: str) -> bool:
    if len(text) > MAX_TEXT or _CONTROL.search(text):
        return False
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            return False
    return True


def value_problem(value: Any) -> str | None:
    """Why a single JSON leaf cannot be stored, or None."""
    if isinstance(value, Unacceptable):
        if value.literal.lstrip("-") in ("NaN", "Infinity"):
            return f"{value.literal} is not a number Casebook accepts (numbers must be finite)"
        return f"the number {value.literal} is too large"
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        if abs(value) > MAX_MAGNITUDE:
            return f"the number {safe_text(repr(value), 24)} is too large (at most 10^15)"
        return None
    if isinstance(value, str):
        return text_problem(value)
    return None


def text_problem(text: str) -> str | None:
    if len(text) > MAX_TEXT:
        return f"the text is too long ({len(text):,} characters; at most {MAX_TEXT:,})"
    bad = _CONTROL.search(text)
    if bad:
        name = "NUL" if bad.group() == "\0" else f"U+{ord(bad.group()):04X}"
        return f"holds a control character ({name}) that text may not contain"
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:
            return (f"holds a lone UTF-16 surrogate (U+{ord(text[exc.start]):04X}), which is "
                    "not a character: the file was damaged or badly converted")
    return None


def _key_problems(path: tuple[PathPart, ...], obj: dict[str, Any]) -> list[tuple[str, str]]:
    out = []
    for key in getattr(obj, "duplicates", ()):
        out.append((_where((*path, _key_part(key))), "this field appears twice"))
    for key in obj:
        if len(key) > MAX_KEY:
            out.append((_where(path), f"a field name is too long ({len(key):,} characters)"))
            continue
        problem = text_problem(key)
        if problem:
            out.append((_where((*path, _key_part(key))), "the field name " + problem))
    return out


def _key_part(key: str) -> str:
    return safe_text(key, MAX_KEY) if len(key) <= MAX_KEY else safe_text(key, 40)


def _where(path: tuple[PathPart, ...]) -> str:
    return format_path(path)
