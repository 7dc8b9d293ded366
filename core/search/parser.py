"""Reading the search box: text -> ``Query``, or a ``QueryError`` pointing at the bad part.

Grammar (whitespace separates items; OR binds tighter than the implicit AND)::

    query  = clause { clause }
    clause = item { "OR" item }
    item   = [ "-" | "NOT " ] ( filter | '"' phrase '"' ["*"] | word ["*"] )
    filter = name ":" ( value | '"' value '"' ) [ grade ]      (grade only for ae:)

A ``name:`` that is not a filter is read as text when its value is empty or starts with
another colon (``BCR::ABL1``), or when the name has digits; otherwise (underscores too:
``performance_status:2``) it is an error naming the filter it most likely meant, so a
mistyped filter is never searched as text silently. Words without letters or digits are
ignored. Lone UTF-16 surrogates and control characters are refused (they cannot be printed,
stored or matched). Nothing here raises anything but QueryError.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.search.bounds import check_breadth
from core.search.filters import (
    MODEL_FILTERS,
    FilterValueError,
    canonical_field,
    resolve,
    unknown_filter_message,
)
from core.search.query import Clause, Filter, Item, Query, QueryError, Term
from core.search.text import SOFT_HYPHEN, tokens

MAX_LENGTH = 1000
MAX_ITEMS = 40
MIN_TYPED_PREFIX = 2
_NAME = re.compile(r"([A-Za-z][A-Za-z0-9_]*):")
_OPERATOR = re.compile(r"[<>=]")
_SPACED_RANGE = re.compile(r"(?:[<>]=?|=|\.\.)(?:[\w.-]|$)")  # '>=2', '..40', '>=' after a filter
_SPACE = re.compile(r"\s")
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


@dataclass
class _Operator:
    word: str
    position: int


def parse(text: str, *, as_you_type: bool = False) -> Query:
    """The query typed in ``text``. ``as_you_type``: the last word is a prefix, an unclosed
    quote or an empty filter at the end is forgiven (the user is still typing)."""
    bad = _UNSAFE.search(text)
    if bad:
        raise QueryError(_unsafe_message(bad.group()), bad.start(), 1, shown_query(text))
    if len(text) > MAX_LENGTH:
        raise QueryError(f"the query is too long (at most {MAX_LENGTH} characters)",
                         MAX_LENGTH, len(text) - MAX_LENGTH, text)
    lexemes = _Scanner(text, as_you_type).scan()
    if as_you_type and lexemes and not text[-1:].isspace():
        lexemes[-1] = _as_prefix(lexemes[-1])
    query = _clauses(text, lexemes)
    check_breadth(query, text)
    return query


def shown_query(text: str) -> str:
    """``text`` safe to print, echo in JSON or store: each lone UTF-16 surrogate or control
    character becomes U+FFFD (one for one, so positions in it stay right)."""
    return _UNSAFE.sub("\ufffd", text)


def _unsafe_message(char: str) -> str:
    if "\ud800" <= char <= "\udfff":
        return (f"the query holds a lone UTF-16 surrogate (U+{ord(char):04X}), which is not a "
                "character; type or paste the text again")
    return f"the query holds a control character (U+{ord(char):04X}); remove it"


def _as_prefix(last: Item | _Operator) -> Item | _Operator:
    """The last word as a prefix while typing; not a single letter (it would match half of
    every case's words)."""
    if isinstance(last, Term) and not last.phrase:
        words = tokens(last.text)
        if words and len(words[-1]) >= MIN_TYPED_PREFIX:
            return Term(last.text, False, True, last.negated, last.position)
    return last


def _clauses(text: str, lexemes: list[Item | _Operator]) -> Query:
    clauses: list[list[Item]] = []
    pending_or: _Operator | None = None
    items = 0
    for lex in lexemes:
        if isinstance(lex, _Operator):
            if not clauses or pending_or is not None:
                raise QueryError("OR needs a search term on both sides", lex.position, 2, text)
            pending_or = lex
            continue
        items += 1
        if items > MAX_ITEMS:
            raise QueryError(f"too many terms (at most {MAX_ITEMS})", lex.position or 0, 1, text)
        if pending_or is not None:
            clauses[-1].append(lex)
            pending_or = None
        else:
            clauses.append([lex])
    if pending_or is not None:
        raise QueryError("OR needs a search term on both sides", pending_or.position, 2, text)
    return Query(tuple(Clause(tuple(c)) for c in clauses))


class _Scanner:
    def __init__(self, text: str, as_you_type: bool):
        self.text = text
        self.as_you_type = as_you_type
        self.pos = 0
        self.out: list[Item | _Operator] = []

    def scan(self) -> list[Item | _Operator]:
        negate_at: int | None = None
        width = 1
        while self._skip_space():
            start = self.pos
            if self.text.startswith("NOT", start) and self._ends_word(start + 3):
                negate_at, width = self._negation(negate_at, start, 3), 3
                continue
            if self.text[start] == "-" and self._ends_word(start + 1) is False:
                negate_at, width = self._negation(negate_at, start, 1), 1
                continue
            item = self._item(start)
            if item is None:
                continue
            if negate_at is not None:
                if isinstance(item, _Operator):
                    raise QueryError("nothing to exclude before OR", negate_at, 1, self.text)
                item = _negated(item, negate_at)
                negate_at = None
            self.out.append(item)
        if negate_at is not None and not self.as_you_type:
            raise QueryError("put the word to exclude after NOT or right after '-'", negate_at,
                             width, self.text)
        return self.out

    def _negation(self, previous: int | None, start: int, width: int) -> int:
        if previous is not None:
            raise QueryError("exclude a term only once", start, width, self.text)
        self.pos = start + width
        return start

    def _skip_space(self) -> bool:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1
        return self.pos < len(self.text)

    def _ends_word(self, pos: int) -> bool:
        return pos >= len(self.text) or self.text[pos].isspace()

    def _item(self, start: int) -> Item | _Operator | None:
        if self.text[start] == '"':
            return self._phrase(start)
        name = _NAME.match(self.text, start)
        if name and canonical_field(name.group(1)):
            return self._filter(start, name)
        word = self._bare(start)
        if word in ("OR", "AND"):
            return _Operator(word, start) if word == "OR" else None
        self._check_spaced_range(start, word)
        if name and self._is_unknown_filter(name, word):
            raise QueryError(unknown_filter_message(
                name.group(1), "put text with a colon in quotes to search for it"),
                start, len(name.group(0)), self.text)
        return _term(word, start, phrase=False)

    def _is_unknown_filter(self, name: re.Match[str], word: str) -> bool:
        rest = word[len(name.group(0)):]
        return (bool(rest) and not rest.startswith(":")
                and name.group(1).replace("_", "").isalpha())

    def _bare(self, start: int) -> str:
        end = start
        while end < len(self.text) and not self.text[end].isspace():
            end += 1
        self.pos = end
        return self.text[start:end]

    def _quoted(self, start: int) -> str:
        """The text between the quote at ``start`` and the next quote."""
        end = self.text.find('"', start + 1)
        if end < 0:
            if not self.as_you_type:
                raise QueryError("this quote is not closed", start, 1, self.text)
            end = len(self.text)
        self.pos = min(end + 1, len(self.text))
        return self.text[start + 1:end]

    def _phrase(self, start: int) -> Term | None:
        inner = self._quoted(start)
        prefix = self.text.startswith("*", self.pos)
        if prefix:
            self.pos += 1
        term = _term(inner, start, phrase=True)
        return Term(term.text, True, prefix, False, start) if term else None

    def _filter(self, start: int, name: re.Match[str]) -> Filter | None:
        field = canonical_field(name.group(1)) or name.group(1)
        value_at = name.end()
        if self.text.startswith('"', value_at):
            value = self._quoted(value_at)
            rest = self._bare(self.pos) if not self._ends_word(self.pos) else ""
        else:
            value, rest = self._bare(value_at), ""
        if field == "ae" and not rest:
            value, rest = _split_grade(value)
        if not value.strip() and not rest:
            if self.as_you_type and not self.text[self.pos:].strip():
                return None  # the filter being typed, at the end of the box
            self._check_spaced_value(start, value_at)
        item = Filter(field, value.replace(SOFT_HYPHEN, ""), rest or None, False, start)
        self._check(item, value_at, self.pos - value_at)
        return item

    def _check_spaced_value(self, start: int, value_at: int) -> None:
        """``dx: CML``: the value typed after a space would be searched as text and the filter
        dropped; say where it goes (a filter or OR next gets the filter's own message)."""
        word_at = value_at
        while word_at < len(self.text) and self.text[word_at].isspace():
            word_at += 1
        end = word_at
        while end < len(self.text) and not self.text[end].isspace():
            end += 1
        word = self.text[word_at:end]
        if not word or ":" in word or word in ("OR", "AND", "NOT") or word[0] in "-\"":
            return
        typed = self.text[start:value_at]
        raise QueryError(f"{typed} the value goes right after the colon, without a space: "
                         f"{typed}{word}", start, end - start, self.text)

    def _check_spaced_range(self, start: int, word: str) -> None:
        """``ae:crs >=2``, ``age:18 ..40``, ``ae:crs >= 2``: a range typed after a space was
        searched as the text '2' or '40' beside the bare filter (any grade, age 18 only): say
        where it goes, for a filter that takes one and has none yet."""
        last = self.out[-1] if self.out else None
        if not (_SPACED_RANGE.match(word) and isinstance(last, Filter) and _takes_range(last)):
            return
        at = last.position or 0
        typed = self.text[at:start].rstrip()
        end = start + len(word)
        if _SPACED_RANGE.fullmatch(word):  # the operator alone: the value is the next word
            after = end
            while after < len(self.text) and self.text[after].isspace():
                after += 1
            while end < after or (end < len(self.text) and not self.text[end].isspace()):
                end += 1
        joined = typed + "".join(self.text[start:end].split())
        what = "grade" if last.field == "ae" else "range"
        raise QueryError(f"{self.text[at:end]}: the {what} goes right after the value, "
                         f"without a space: {joined}", at, end - at, self.text)

    def _check(self, item: Filter, at: int, length: int) -> None:
        if item.range is not None and not _OPERATOR.match(item.range):
            raise QueryError(f"unexpected text after the quoted value: '{item.range}'",
                             self.pos - len(item.range), len(item.range), self.text)
        try:
            resolve(item)
        except FilterValueError as exc:
            raise QueryError(str(exc), at, length, self.text) from None


def _takes_range(item: Filter) -> bool:
    """A filter read as a range (a grade, a number, a date) that has no range typed yet."""
    if item.field == "ae":
        return item.range is None
    found = MODEL_FILTERS.get(item.field)
    ranged = item.field in ("day0", "updated") or (
        found is not None and found.facet.kind in ("number", "date"))
    return ranged and not _OPERATOR.search(item.value) and ".." not in item.value


def _split_grade(value: str) -> tuple[str, str]:
    m = _OPERATOR.search(value)
    return (value, "") if m is None else (value[:m.start()], value[m.start():])


def _term(text: str, start: int, *, phrase: bool) -> Term | None:
    prefix = False
    text = text.replace(SOFT_HYPHEN, "")  # pasted "Pegaspar\u00adgase": one word, as indexed
    if not phrase and text.endswith("*"):
        text, prefix = text.rstrip("*"), True
    if not tokens(text):
        return None
    return Term(text, phrase, prefix, False, start)


def _negated(item: Item, at: int) -> Item:
    if isinstance(item, Term):
        return Term(item.text, item.phrase, item.prefix, True, at)
    return Filter(item.field, item.value, item.range, True, at)
