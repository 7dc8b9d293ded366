"""Facets as words of the full-text row, so a filter is an FTS5 lookup and text plus filters
are intersected inside one MATCH (measured at 100k cases: a common filter 1 ms as a word,
100-400 ms as an IN list over ``case_codes``).

Every word starts with a private-use character, which the query side never produces (it is
not a letter or digit to ``text.tokens``), so typed text, even ``f*``, never matches one.
Words are built from the case's index rows (``case_codes``/``case_numbers``), the same rows the
naive matcher reads, so both agree:

* ``f<facet>qq<value>``: a coded value; ``p<facet>qq<prefix>`` for every prefix of an ICD or
  ATC code, so ``dx:C91`` or ``drug:L01`` is one word, not thousands;
* ``n<facet>qq<8 digits>``: a whole number from 0 to 99,999,999 (age, grade, Day 0 as
  YYYYMMDD); a range is a few digit prefixes (``age:18..40``: 18, 19, 2*, 3*, 40);
* ``a<grade><term>``: an adverse event's term key with its grade, so ``ae:neutrophil>=3``
  is a prefix per grade;
* ``all``: in every row, the left side of a lone exclusion (FTS5's NOT needs one).

Names and values are escaped to letters and digits (``q`` plus hex for anything else).
"""

from __future__ import annotations

import calendar
import math
from functools import lru_cache

from core.search.filters import CodeTest, NumberTest
from core.search.ranges import NumRange
from core.store.indexing import IndexRows

MARK = "\ue000"
ALL = MARK + "all"
PREFIXED = frozenset({"icd", "atc"})  # hierarchical codes, searched by prefix
MAX_PREFIX = 32  # prefix words of a code, at most (real ICD/ATC codes have under 10 characters)
WIDTH = 8
MAX_NUMBER = 10**WIDTH - 1
MAX_GRADE = 9
AE_FACET = "ae:"
DATE_FACETS = frozenset({"day0"})  # YYYYMMDD numbers
LARGEST = {"ae": MAX_GRADE, "age": 150, "day0": 21001231}  # bounds open ranges tightly


@lru_cache(maxsize=65536)
def escape(text: str) -> str:
    """Letters a-z (but q) and digits as they are; every other byte as q + two hex digits."""
    out = []
    for ch in text:
        if ch.isascii() and (ch.isdigit() or ("a" <= ch <= "z" and ch != "q")):
            out.append(ch)
        else:
            out += [f"q{b:02x}" for b in ch.encode()]
    return "".join(out)


def code_word(facet: str, value: str) -> str:
    return f"{MARK}f{escape(facet)}qq{escape(value)}"


def prefix_word(facet: str, prefix: str) -> str:
    return f"{MARK}p{escape(facet)}qq{escape(prefix)}"


def number_word(facet: str, digits: str) -> str:
    return f"{MARK}n{escape(facet)}qq{digits}"


def grade_word(grade: int, key: str) -> str:
    return f"{MARK}a{grade}{escape(key)}"


def row_words(rows: IndexRows) -> str:
    """The facet words of one case, space separated."""
    words = {ALL}
    for facet, value in rows.codes:
        words.update(_code_words(facet, value))
    for facet, number, _unit in rows.numbers:
        words.update(_number_words(facet, number))
    return " ".join(sorted(words))


@lru_cache(maxsize=65536)
def _code_words(facet: str, value: str) -> tuple[str, ...]:
    """The words of one code row (cached: the same codes recur across cases; a bulk rebuild
    built them again per case, 9% of its time in the workers)."""
    if facet not in PREFIXED:
        return (code_word(facet, value),)
    # bounded: a 100,000-character "code" made 10^10 bytes
    return (code_word(facet, value), *(prefix_word(facet, value[:n])
                                       for n in range(1, min(len(value), MAX_PREFIX) + 1)))


@lru_cache(maxsize=65536)
def _number_words(facet: str, number: float) -> tuple[str, ...]:
    if not (number.is_integer() and 0 <= number <= MAX_NUMBER):
        return ()
    if facet.startswith(AE_FACET) and number <= MAX_GRADE:
        return (number_word(facet, f"{int(number):0{WIDTH}d}"),
                grade_word(int(number), facet[len(AE_FACET):]))
    return (number_word(facet, f"{int(number):0{WIDTH}d}"),)


def phrase(word: str, prefix: bool = False) -> str:
    return f'"{word}"' + (" *" if prefix else "")


def code_expression(test: CodeTest) -> str:
    words = [phrase(code_word(test.facet, v)) for v in test.exact]
    for p in test.prefix:
        words.append(phrase(prefix_word(test.facet, p)) if test.facet in PREFIXED
                     else phrase(code_word(test.facet, p), prefix=True))
    return any_word(words)


def number_expression(test: NumberTest) -> str:
    if test.facet_prefix and test.facet.startswith(AE_FACET):
        key = test.facet[len(AE_FACET):]
        low, high = whole_numbers(test.range, MAX_GRADE)
        return any_word([phrase(grade_word(g, key), prefix=True) for g in range(low, high + 1)])
    low, high = whole_numbers(test.range, LARGEST.get(test.facet, MAX_NUMBER))
    if test.facet in DATE_FACETS:
        low, high = widen_dates(low, high)
    return any_word([phrase(number_word(test.facet, digits), prefix=len(digits) < WIDTH)
                     for digits in digit_prefixes(low, high)])


def any_word(words: list[str]) -> str:
    """OR of the words; a word in no row when there are none (an empty range)."""
    if not words:
        return phrase(MARK + "none")
    return words[0] if len(words) == 1 else "(" + " OR ".join(words) + ")"


def whole_numbers(rng: NumRange, top: int) -> tuple[int, int]:
    """The whole numbers in a range, as an inclusive pair within 0..top (low > high: none)."""
    low, high = 0, top
    if rng.low is not None:
        low = math.floor(rng.low) + 1 if rng.low_open else math.ceil(rng.low)
    if rng.high is not None:
        high = math.ceil(rng.high) - 1 if rng.high_open else math.floor(rng.high)
    return max(low, 0), min(high, top)


def widen_dates(low: int, high: int) -> tuple[int, int]:
    """Stretch a YYYYMMDD range over numbers no date has (day 00, month 00, day 99...), so
    whole months and years become single digit prefixes."""
    if low % 100 == 1:
        low -= 1
        if low % 10000 == 100:
            low -= 100
    if high % 100 >= 28 and _last_day(high):
        high += 99 - high % 100
        if high % 10000 == 1299:
            high += 8700
    return low, high


def _last_day(number: int) -> bool:
    year, month, day = number // 10000, number // 100 % 100, number % 100
    return 1 <= month <= 12 and day == calendar.monthrange(year, month)[1]


def digit_prefixes(low: int, high: int, width: int = WIDTH) -> list[str]:
    """Fewest zero-padded digit prefixes covering exactly low..high."""
    if low > high:
        return []
    out: list[str] = []
    while low <= high:
        size = 1  # the largest aligned block starting at low that fits in the range
        while low % (size * 10) == 0 and low + size * 10 - 1 <= high and size * 10 <= 10**width:
            size *= 10
        digits = f"{low:0{width}d}"
        out.append(digits[:width - len(str(size)) + 1])
        low += size
    return out
