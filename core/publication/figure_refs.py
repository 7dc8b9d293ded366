"""Figure references typed in the narrative ("Figure 2", "Fig. 2B", "figs 1-3", "Figures 1 and
3"), rewritten to a new figure numbering: the submission kit numbers its figures without gaps
and leaves some out (no file; de-identified, not attested), so the text must follow.

``renumber_figures(text, numbers)`` takes ``{old number: new number, or None when the figure is
left out}``. A number not in the map is kept as typed; a reference whose figures are all left
out becomes ``[figure left out]`` (``[figures left out]``); left-out figures are dropped from a
list or range ("Figs. 1-3" without 2 -> "Figs. 1 and 2"; "Figures 1 and 3" without 3 ->
"Figure 1"). Panel letters stay ("Figure 3A" -> "Figure 2A"). "Figure" without a number,
"2 figures", "Table 2", "Figure 2.1", "Supplementary Figure 2" and a cited paper's figure
("[@smith, Figure 3]", "[1], Figure 3") are not touched.

A number followed by a quantity ("2 days", "3 mg", "4 others") ends the list before it, so a
clinical number is never renumbered or dropped. What the text leaves in doubt is left as typed
and reported in ``Renumbered.checks`` ("check: ..." with its context) for the clinician: a last
number followed by another word that a rewrite would drop, merge into a range or change after a
bare comma ("Figures 1 and 3, 2 wards later"), and a singular word before a list ("Figure 3 and
4"); a range cut short before a quantity is rewritten and reported. A number that is not a key
of the map is kept and reported too. Pure: no Qt, no model."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

LEFT_OUT, LEFT_OUT_MANY = "[figure left out]", "[figures left out]"
MAX_RANGE = 50  # a longer range ("Figures 1-300") is not a figure range: left as typed
_DASH = r"\s*[-\u2010\u2011\u2012\u2013\u2014\u2015\u2212]\s*"
# between figure numbers: "1-3", "1 to 3", "1 through 3", "1 thru 3"
_RANGE = rf"(?:{_DASH}|\s+(?:to|through|thru)\s+)"
_ITEM = (rf"\d+(?:[A-Za-z](?:{_DASH}[A-Za-z](?![A-Za-z]))?(?![A-Za-z]))?"
         rf"(?:{_RANGE}\d+(?:[A-Za-z](?![A-Za-z]))?)?")
_JOIN = r"(?:\s*,\s*(?:and\s+|or\s+|&\s*)?|\s+(?:and|or)\s+|\s*&\s*)"
REFERENCE = re.compile(
    rf"\b(?P<word>figures?|figs?\b\.?)(?P<space>\s*)"
    rf"(?P<list>{_ITEM}(?:{_JOIN}{_ITEM})*)(?![\d.]\d|\d)", re.IGNORECASE)
_ITEM_RE = re.compile(rf"(?P<a>\d+)(?P<pa>[A-Za-z](?:{_DASH}[A-Za-z])?)?"
                      rf"(?:(?P<dash>{_RANGE})(?P<b>\d+)(?P<pb>[A-Za-z])?)?", re.IGNORECASE)
_JOIN_RE = re.compile(_JOIN, re.IGNORECASE)
_NOT_OURS = re.compile(r"(?:supplementa(?:ry|l)|suppl\.?|extended\s+data|online)\s*$",
                       re.IGNORECASE)
# a locator of a cited paper: "[@smith, Figure 3]", "[1], Figure 3", "(Smith [1], Figure 3)"
_CITED = re.compile(r"(?:\[[^\[\]]*[,;:]|\[[^\[\]]*[\d@][^\[\]]*\]\s*[,;:]?)\s*$")
# a number followed by one of these is a quantity, not a figure ("3 days", "2 mg", "4 others")
_QUANTITY = re.compile(
    r"\s*(?:[%\u00d7]|-?fold\b|(?:x|times|days?|d|weeks?|wks?|months?|mos?|years?|yrs?|y|"
    r"hours?|hrs?|h|minutes?|mins?|seconds?|s|[mun\u00b5\u03bc]?g|kg|mcg|[mdc\u00b5\u03bc]?l|"
    r"[mc\u00b5\u03bc]?m|[mnu\u00b5\u03bc]?mol|iu|units?|u|cycles?|courses?|doses?|"
    r"patients?|cases?|others?|more|further|additional|episodes?|lines?|samples?|points?|"
    r"transfusions?|sessions?|fractions?|gy|cells?)\b)", re.IGNORECASE)
# a number followed by a word (not a join): maybe not a figure
_WORD_AFTER = re.compile(r"\s*(?!(?:and|or|to|through|thru)\b)[^\W\d_]", re.IGNORECASE)
_CONTEXT = 40  # characters either side of a reference in a check line


@dataclass(frozen=True)
class Renumbered:
    text: str
    changed: int  # references rewritten (a number changed or a figure dropped)
    # for the clinician: "check: ..." (a reference left as typed, or read as less than it
    # seemed) and "Figure N cited in the text is not a figure of the case"
    checks: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Entry:
    number: int
    template: str  # "{n}", "{n}A", "{n}A-C", "{n}A-{n}C"


def renumber_figures(text: str | None, numbers: Mapping[int, int | None]) -> str:
    """``text`` with its figure references in the new numbering (see the module's doc)."""
    return renumber_figures_counted(text, numbers).text


def renumber_figures_counted(text: str | None, numbers: Mapping[int, int | None]) -> Renumbered:
    if not text or "fig" not in text.lower():
        return Renumbered(text or "", 0)
    changed = 0
    checks: list[str] = []

    def one(match: re.Match[str]) -> str:
        nonlocal changed
        try:
            out = _rewrite(match, numbers, checks)
        except _LeaveAsTyped as why:
            checks.append(f"check: {why}: \"{_context(match)}\"")
            return match.group()
        if out is None or out == match.group():
            return match.group()
        changed += 1
        return out

    out = REFERENCE.sub(one, text)
    for left in (LEFT_OUT, LEFT_OUT_MANY):  # "(Figure 2)" -> "[figure left out]"
        out = out.replace(f"({left})", left)
    return Renumbered(out, changed, tuple(dict.fromkeys(checks)))


class _LeaveAsTyped(Exception):
    """The reference is left as typed; the message says why, for a "check:" line."""


def _context(match: re.Match[str]) -> str:
    text = match.string
    start, end = max(0, match.start() - _CONTEXT), min(len(text), match.end() + _CONTEXT)
    shown = " ".join(text[start:end].split())
    return ("\u2026" if start else "") + shown + ("\u2026" if end < len(text) else "")


def _cut(match: re.Match[str]) -> tuple[str, bool]:
    """The list up to (not including) the first number followed by a quantity ("Figures 1 and
    3, 2 days later": "1 and 3"; "Figures 1 and 3, 2 and 3 days": back to the comma, "1 and
    3"), and whether that is less than plain reading gives: a range cut to its first number
    ("Figure 3 - 4 weeks after": "3") or a list cut back to a comma."""
    listed, at, text = match.group("list"), match.start("list"), match.string
    items = list(_ITEM_RE.finditer(listed))
    for k, item in enumerate(items):
        if item.group("b") is not None and _QUANTITY.match(text, at + item.end()):
            end_a = item.end("pa") if item.group("pa") else item.end("a")
            return listed[:end_a], True
        if k and _QUANTITY.match(text, at + item.end()):
            commas = [j for j in range(1, k + 1)
                      if "," in listed[items[j - 1].end():items[j].start()]]
            j = commas[-1] if commas else k
            return listed[:items[j - 1].end()], j < k
    return listed, False


def _rewrite(match: re.Match[str], numbers: Mapping[int, int | None],
             checks: list[str]) -> str | None:
    word = match.group("word")
    before = match.string[:match.start()]
    if _NOT_OURS.search(before) or _CITED.search(before):
        return None
    listed, less = _cut(match)
    tail = match.group("list")[len(listed):]
    plural = word.lower().rstrip(".").endswith("s")
    items = list(_ITEM_RE.finditer(listed))
    after = match.start("list") + len(listed)
    unclear = (len(items) > 1 or items[-1].group("b") is not None) and bool(
        _WORD_AFTER.match(match.string, after))
    joins = [j.group() for j in _JOIN_RE.finditer(listed)]
    comma = bool(joins) and joins[-1].strip() == ","
    out = _rewrite_items(word, match.group("space"), items, listed, numbers, plural=plural,
                         unclear=unclear, comma=comma, checks=checks)
    if out is not None and not plural and len(items) > 1:
        raise _LeaveAsTyped("\"Figure\" (one figure) before several numbers: left as typed; "
                            "say \"Figures\" if they are all figures")
    if out is not None and less:
        checks.append(f"check: read as \"{word}{match.group('space')}{listed}\", since a number "
                      f"after it is a quantity: \"{_context(match)}\"")
    return None if out is None else out + tail


def _rewrite_items(word: str, space: str, items: list[re.Match[str]], listed: str,
                   numbers: Mapping[int, int | None], *, plural: bool, unclear: bool,
                   comma: bool, checks: list[str]) -> str | None:
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
    checks += [f"Figure {e.number} cited in the text is not a figure of the case"
               for e in entries if e.number not in numbers]
    new = [(e, numbers[e.number] if e.number in numbers else e.number) for e in entries]
    if all(n == e.number for e, n in new):  # nothing moved, nothing left out
        return None
    kept = list(dict.fromkeys((n, e.template) for e, n in new if n is not None))
    shown, ranged = _render(kept, dash, _last_join(listed))
    if unclear:
        _check_last(items[-1], numbers, ranged, plural=plural, comma=comma)
    if not kept:
        return LEFT_OUT if len(entries) == 1 else LEFT_OUT_MANY
    if len(kept) == 1 < len(entries) and plural:  # "Figures 1 and 3" without 3: "Figure 1"
        word = _singular(word)
    return f"{word}{space}{shown}"


def _last_join(listed: str) -> str:
    joins = [j.group().strip().lower() for j in _JOIN_RE.finditer(listed)]
    return next((j.split()[-1] for j in reversed(joins) if j.split()
                 and j.split()[-1] in ("and", "or", "&")), "and")


def _check_last(item: re.Match[str], numbers: Mapping[int, int | None], ranged: set[int], *,
                plural: bool, comma: bool) -> None:
    """The last number of a list or range is followed by a word, so it may not be a figure
    ("Figures 1 and 3, 2 wards later"): a rewrite that drops it, merges it into a range or
    changes it where it may be a quantity leaves the reference as typed."""
    in_range = item.group("b") is not None
    typed = int(item.group("b") or item.group("a"))
    new = numbers[typed] if typed in numbers else typed
    if (new is None or (new != typed and (comma or (in_range and not plural)))
            or (not in_range and new in ranged)):
        raise _LeaveAsTyped(f"the number {typed} after the figure reference is followed by a "
                            "word and may not be a figure: left as typed")


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


def _render(kept: list[tuple[int, str]], dash: str, last: str) -> tuple[str, set[int]]:
    """Runs of three or more plain numbers in a row as a range; the rest listed. And the
    numbers a range made here holds."""
    parts: list[str] = []
    ranged: set[int] = set()
    i = 0
    while i < len(kept):
        j = i
        while (j + 1 < len(kept) and kept[j + 1][1] == kept[j][1] == "{n}"
               and kept[j + 1][0] == kept[j][0] + 1):
            j += 1
        if j - i >= 2:
            parts.append(f"{kept[i][0]}{dash}{kept[j][0]}")
            ranged.update(n for n, _ in kept[i:j + 1])
        else:
            parts += [t.format(n=n) for n, t in kept[i:j + 1]]
        i = j + 1
    if len(parts) <= 1:
        return "".join(parts), ranged
    return ", ".join(parts[:-1]) + f" {last} " + parts[-1], ranged


def _singular(word: str) -> str:
    dot = "." if word.endswith(".") else ""
    return word.rstrip(".")[:-1] + dot
