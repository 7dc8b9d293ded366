"""Reading a Casebook JSON file piece by piece, so that memory does not grow with the number
of cases: the wrapper object's keys are read one at a time (in any order) and the ``cases``
array one case at a time, each parsed the way ``screening.parse`` parses (the same literals,
duplicate keys remembered). The file is decoded as UTF-8 in chunks."""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from core.io import screening

CHUNK = 1 << 20
_WS = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder(parse_constant=screening._constant, parse_int=screening._int,
                            parse_float=screening._float,
                            object_pairs_hook=screening._object)
# a case is parsed first without the literal hooks and without the duplicate-key hook (the C
# scanner makes the numbers and the objects: about half the time); screening.clean_parsed
# vouches for it (a repeated key shows as fewer keys parsed than the text holds) or it is
# parsed again with _DECODER, which marks the repeated keys and the literals
_PLAIN = json.JSONDecoder()
_scanstring = json.decoder.scanstring  # type: ignore[attr-defined]


_CASE_ID = re.compile(r'"case_id"\s*:\s*"((?:[^"\\]|\\.){1,200})"')
EXCERPT = 40  # characters shown on either side of a syntax error


class StreamError(ValueError):
    """The text is not valid JSON: ``msg`` at ``lineno``, ``colno`` (1-based, of the file);
    ``case``: the nearest case id before it ("" if none), ``excerpt``: the text around it
    with ``[here]`` where it is (an export is one line: a column alone cannot be found)."""

    def __init__(self, msg: str, lineno: int, colno: int, case: str = "", excerpt: str = ""):
        text = f"{msg} at line {lineno}, column {colno}"
        if case:
            text += f", in case {case}"
        if excerpt:
            text += f", near: {excerpt}"
        super().__init__(text)
        self.msg, self.lineno, self.colno = msg, lineno, colno


def _case_before(buf: str, pos: int) -> str:
    """The value of the last ``"case_id"`` before ``pos`` in ``buf`` (the buffer keeps the
    current case whole: it is cut only between cases)."""
    at = buf.rfind('"case_id"', 0, pos)
    found = _CASE_ID.match(buf, at) if at >= 0 else None
    if found is None or found.end() > pos:
        return ""
    try:
        value: str = json.loads(f'"{found.group(1)}"')
    except ValueError:
        return ""
    return screening.safe_text(value, 80)


def _excerpt(buf: str, pos: int) -> str:
    before = buf[max(0, pos - EXCERPT):pos]
    after = buf[pos:pos + EXCERPT]
    text = ("..." if pos > EXCERPT else "") + before + "[here]" + after + (
        "..." if pos + EXCERPT < len(buf) else "")
    return screening.safe_text(" ".join(text.split()), 4 * EXCERPT)


class _Mark:
    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return self.name


CASES = _Mark("CASES")  # the ``cases`` array starts
CASE = _Mark("CASE")  # one element of it


class Document:
    """The top-level value of a file, read in chunks.

    ``items()`` yields ``(key, value)`` for each key of the top-level object, except that
    for a ``cases`` list it yields ``(CASES, None)`` and then ``(CASE, obj)`` for each
    element. When the top-level value is not an object, it yields ``(None, value)`` once."""

    def __init__(self, fh: BinaryIO):
        self.fh = fh
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.lines_before = 0  # newlines in the text dropped from the buffer
        self.col_base = 0  # characters of the last dropped line (when no newline since)
        self.keys: list[str] = []  # the top-level keys in order (duplicates repeated)
        self.clean = False  # the last case yielded passed screening's fast check

    # -- reading the buffer ------------------------------------------------------------------
    def _more(self, at_least: int = CHUNK) -> bool:
        """Append at least ``at_least`` bytes' worth of text; False at the end of the file."""
        if self.eof:
            return False
        data = self.fh.read(max(CHUNK, at_least))
        self.eof = not data
        self.buf += self.decoder.decode(data, final=self.eof)
        return True

    def _compact(self) -> None:
        if self.pos < CHUNK:
            return
        dropped = self.buf[:self.pos]
        newlines = dropped.count("\n")
        if newlines:
            self.lines_before += newlines
            self.col_base = len(dropped) - dropped.rfind("\n") - 1
        else:
            self.col_base += len(dropped)
        self.buf, self.pos = self.buf[self.pos:], 0

    def _skip(self) -> str:
        """Skip whitespace; the next character ('' at the end of the file)."""
        while True:
            space = _WS.match(self.buf, self.pos)
            assert space is not None  # [ \t\n\r]* matches anywhere, if only the empty string
            self.pos = space.end()
            if self.pos < len(self.buf) or not self._more():
                return self.buf[self.pos:self.pos + 1]

    def _error(self, msg: str, pos: int | None = None) -> StreamError:
        pos = self.pos if pos is None else pos
        newlines = self.buf.count("\n", 0, pos)
        if newlines:
            col = pos - self.buf.rfind("\n", 0, pos)
        else:
            col = self.col_base + pos + 1
        return StreamError(msg, self.lines_before + newlines + 1, col,
                           _case_before(self.buf, pos), _excerpt(self.buf, pos))

    def _expect(self, chars: str, what: str) -> str:
        c = self._skip()
        if not c or c not in chars:
            raise self._error(f"Expecting {what}")
        self.pos += 1
        return c

    def _parse(self, parse: Any, start: int) -> Any:
        """``parse(buf, start)`` -> (value, end), reading more text until the value is whole:
        a value is taken only when something follows it (a number may go on) or at the end."""
        while True:
            try:
                value, end = parse(self.buf, start)
            except json.JSONDecodeError as exc:
                if self._more(len(self.buf) - start):
                    continue
                raise self._error(exc.msg, exc.pos) from None
            if end < len(self.buf) or not self._more(len(self.buf) - start):
                self.pos = end
                return value

    def _value(self) -> Any:
        c = self._skip()
        if not c:
            raise self._error("Expecting value")
        return self._parse(_DECODER.raw_decode, self.pos)

    def _key(self) -> str:
        key: str = self._parse(lambda buf, start: _scanstring(buf, start + 1), self.pos)
        return key

    # -- the document ------------------------------------------------------------------------
    def items(self) -> Iterator[tuple[str | _Mark | None, Any]]:
        if self._skip() != "{":
            yield None, self._value()
            self._end()
            return
        self.pos += 1
        if self._skip() == "}":
            self.pos += 1
        else:
            while True:
                if self._skip() != '"':
                    raise self._error("Expecting property name enclosed in double quotes")
                key = self._key()
                self.keys.append(key)
                self._expect(":", "':' delimiter")
                if key == "cases" and self._skip() == "[":
                    yield CASES, None
                    yield from self._cases()
                else:
                    yield key, self._value()
                if self._expect(",}", "',' delimiter") == "}":
                    break
        self._end()

    def _cases(self) -> Iterator[tuple[_Mark, Any]]:
        self.pos += 1  # the '['
        if self._skip() == "]":
            self.pos += 1
            return
        while True:
            self._compact()
            yield CASE, self._case()
            if self._expect(",]", "',' delimiter") == "]":
                return

    def _case(self) -> Any:
        """One case, parsed plainly when ``screening.clean_parsed`` vouches for it (``clean``)
        and else with ``parse``'s literals, so that screening names each problem as written."""
        if not self._skip():
            raise self._error("Expecting value")
        start = self.pos
        try:
            value = self._parse(_PLAIN.raw_decode, start)
            self.clean = screening.clean_parsed(value, self.buf[start:self.pos])
        except StreamError:
            raise
        except ValueError:  # e.g. an integer literal longer than Python converts
            self.clean = False
        if self.clean:
            return value
        self.pos = start
        return self._parse(_DECODER.raw_decode, start)

    def _end(self) -> None:
        if self._skip():
            raise self._error("Extra data")
