"""Figure references typed in the narrative ("Figure 2", "Fig. 2B", "figs 1-3", "Figures 1 and
3"), rewritten to a new figure numbering: the submission kit numbers its figures without gaps
and leaves some out (no file; de-identified, not attested), so the text must follow.

``renumber_figures(text, numbers)`` takes ``{old number: new number, or None when the figure is
left out}``. A number not in the map is kept as typed; a reference whose figures are all left
out becomes ``[figure left out]`` (``[figures left out]``); left-out figures are dropped from a
list or range ("Figs. 1-3" without 2 -> "Figs. 1 and 2"; "Figures 1 and 3" without 3 ->
"Figure 1"). Panel letters stay ("Figure 3A" -> "Figure 2A"). "Figure" without a number,
"2 figures", "Table 2", "Figure 2.1" and "Supplementary Figure 2" are not touched. A singular
word ("Figure", "Fig.") takes a range ("Figure 1-3") but not a list, so "Figure 2, 3 days later"
reads only Figure 2. Pure: no Qt, no model."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

LEFT_OUT, LEFT_OUT_MANY = "[figure left out]", "[figures left out]"
MAX_RANGE = 50  # a longer range ("Figures 1-300") is not a figure range: left as typed
_DASH = r"\s*[-\u2010\u2011\u2012\u2013\u2014]\s*"
_RANGE = rf"(?:{_DASH}|\s+to\s+)"  # between figure numbers: "1-3", "1 to 3"
_ITEM = (rf"\d+(?:[A-Za-z](?:{_DASH}[A-Za-z](?![A-Za-z]))?(?![A-Za-z]))?"
         rf"(?:{_RANGE}\d+(?:[A-Za-z](?![A-Za-z]))?)?")
_JOIN = r"(?:\s*,\s*(?:and\s+|or\s+|&\s*)?|\s+(?:and|or)\s+|\s*&\s*)"
REFERENCE = re.compile(
    rf"\b(?P<word>figures?|figs?\b\.?)(?P<space>[ \t\u00a0]*)"
    rf"(?P<list>{_ITEM}(?:{_JOIN}{_ITEM})*)(?![\d.]\d|\d)", re.IGNORECASE)
_ITEM_RE = re.compile(rf"(?P<a>\d+)(?P<pa>[A-Za-z](?:{_DASH}[A-Za-z])?)?"
                      rf"(?:(?P<dash>{_RANGE})(?P<b>\d+)(?P<pb>[A-Za-z])?)?", re.IGNORECASE)
_JOIN_RE = re.compile(_JOIN, re.IGNORECASE)
_NOT_OURS = re.compile(r"(?:supplementa(?:ry|l)|suppl\.?|extended\s+data|online)\s*$",
                       re.IGNORECASE)


@dataclass(frozen=True)
class Renumbered:
    text: str
    changed: int  # references rewritten (a number changed or a figure dropped)


@dataclass(frozen=True)
class _Entry:
    number: int
    template: str  # "{n}", "{n}A", "{n}A-C", "{n}A-{n}C"


def renumber_figures(text: str | None, numbers: Mapping[int, int | None]) -> str:
    """``text`` with its figure references in the new numbering (see the module's doc)."""
    return renumber_figures_counted(text, numbers).text


def renumber_figures_counted(text: str | None, numbers: Mapping[int, int | None]) -> Renumbered:
    if not text or not numbers or "fig" not in text.lower():
        return Renumbered(text or "", 0)
    changed = 0

    def one(match: re.Match[str]) -> str:
        nonlocal changed
        out = _rewrite(match, numbers)
        if out is None or out == match.group():
            return match.group()
        changed += 1
        return out

    out = REFERENCE.sub(one, text)
    for left in (LEFT_OUT, LEFT_OUT_MANY):  # "(Figure 2)" -> "[figure left out]"
        out = out.replace(f"({left})", left)
    return Renumbered(out, changed)


def _rewrite(match: re.Match[str], numbers: Mapping[int, int | None]) -> str | None:
    word, listed = match.group("word"), match.group("list")
    if _NOT_OURS.search(match.string[:match.start()]):
        return None
    plural = word.lower().rstrip(".").endswith("s")
    items = list(_ITEM_RE.finditer(listed))
    if not plural and len(items) > 1:  # "Figure 2, 3 days later": only "Figure 2" is ours
        first = items[0]
        tail = listed[first.end():]
        head = _rewrite_items(word, match.group("space"), [first], listed[:first.end()],
                              numbers, plural=False)
        return None if head is None else head + tail
    return _rewrite_items(word, match.group("space"), items, listed, numbers, plural=plural)


def _rewrite_items(word: str, space: str, items: list[re.Match[str]], listed: str,
                   numbers: Mapping[int, int | None], *, plural: bool) -> str | None:
    entries: list[_Entry] = []
    dash = "\u2013"
    for item in items:
        got = _entries(item, numbers)
        if got is None:
            return None
        entries += got
        if item.group("dash"):
            typed = item.group("dash").strip()
            dash = f" {typed} " if typed.isalpha() else typed
    new = [(e, numbers[e.number] if e.number in numbers else e.number) for e in entries]
    if all(n == e.number for e, n in new):  # nothing moved, nothing left out
        return None
    kept = list(dict.fromkeys((n, e.template) for e, n in new if n is not None))
    if not kept:
        return LEFT_OUT if len(entries) == 1 else LEFT_OUT_MANY
    joins = [j.group().strip().lower() for j in _JOIN_RE.finditer(listed)]
    last = next((j.split()[-1] for j in reversed(joins) if j.split()
                 and j.split()[-1] in ("and", "or", "&")), "and")
    shown = _render(kept, dash, last)
    if len(kept) == 1 < len(entries) and plural:  # "Figures 1 and 3" without 3: "Figure 1"
        word = _singular(word)
    return f"{word}{space}{shown}"


def _entries(item: re.Match[str], numbers: Mapping[int, int | None]) -> list[_Entry] | None:
    """The figures an item names; a range's inner numbers only when they are figures of the
    case ("Figures 1-3" when the case has Figures 1 and 3: both of them)."""
    a, pa = int(item.group("a")), item.group("pa") or ""
    if item.group("b") is None:
        return [_Entry(a, "{n}" + pa)]
    b, pb, dash = int(item.group("b")), item.group("pb") or "", item.group("dash")
    if b == a:  # "2A-2C": panels of one figure
        return [_Entry(a, "{n}" + pa + dash + "{n}" + pb)]
    if b < a or b - a > MAX_RANGE or "-" in pa or "\u2013" in pa:
        return None
    out = [_Entry(n, "{n}") for n in range(a, b + 1) if n in (a, b) or n in numbers]
    out[0] = _Entry(a, "{n}" + pa)
    out[-1] = _Entry(b, "{n}" + pb)
    return out


def _render(kept: list[tuple[int, str]], dash: str, last: str) -> str:
    """Runs of three or more plain numbers in a row as a range; the rest listed."""
    parts: list[str] = []
    i = 0
    while i < len(kept):
        j = i
        while (j + 1 < len(kept) and kept[j + 1][1] == kept[j][1] == "{n}"
               and kept[j + 1][0] == kept[j][0] + 1):
            j += 1
        if j - i >= 2:
            parts.append(f"{kept[i][0]}{dash}{kept[j][0]}")
        else:
            parts += [t.format(n=n) for n, t in kept[i:j + 1]]
        i = j + 1
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + f" {last} " + parts[-1]


def _singular(word: str) -> str:
    dot = "." if word.endswith(".") else ""
    return word.rstrip(".")[:-1] + dot
