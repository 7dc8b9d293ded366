"""Hostile inputs for the import and search suites (issue 12), seeded and deterministic.

``Generator.make()`` returns one import file made from a valid case (the reference cases and a
few generated ones) by one mutation: a leaf of the wrong type, a huge or non-finite number, an
empty or 1 MB string, deep nesting, a lone surrogate, NUL or another control character, an RTL
mark, an unknown or missing field, a bad schema version, duplicate ids or keys, a boundary
value, or a damaged file (null, {}, not UTF-8, truncated...), with what the import must do.
``query(rng)`` returns one search query: random words, operators, quotes, filters with bad
values, surrogates, NUL, up to 10 KB.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from core.model.fieldpath import PathPart, format_path
from tests.conftest import REFERENCE_CASEBOOK

SEED = 12
MB = 1_000_000


@dataclass
class Hostile:
    """One generated file: its text (or bytes) and what the import must do with it."""

    kind: str
    data: str | bytes
    refused: bool | None = None  # None: accepting or refusing are both right
    path: str | None = None  # a field path the refusal must name
    words: tuple[str, ...] = ()  # words the refusal must hold
    cases: int = 1  # cases stored when accepted
    case_id: str = ""


@dataclass
class Leaf:
    parts: tuple[PathPart, ...]
    value: Any

    @property
    def path(self) -> str:
        return format_path(self.parts)


def leaves(doc: Any, parts: tuple[PathPart, ...] = ()) -> list[Leaf]:
    if isinstance(doc, dict) and doc:
        return [leaf for k, v in doc.items() for leaf in leaves(v, (*parts, k))]
    if isinstance(doc, list) and doc:
        return [leaf for i, v in enumerate(doc) for leaf in leaves(v, (*parts, i))]
    return [Leaf(parts, doc)]


def put(doc: Any, parts: tuple[PathPart, ...], value: Any) -> None:
    for part in parts[:-1]:
        doc = doc[part]
    doc[parts[-1]] = value


def file_text(cases: list[dict], version: Any = "1.0.0", literals: dict[str, str] | None = None,
              ascii_only: bool = True) -> str:
    """The interchange document; ``literals`` replaces quoted markers by raw JSON text
    (NaN, overlong numbers...), which ``json.dumps`` cannot write."""
    text = json.dumps({"format": "casebook", "schema_version": version, "cases": cases},
                      ensure_ascii=ascii_only)
    for marker, literal in (literals or {}).items():
        text = text.replace(json.dumps(marker), literal)
    return text


WRONG_VALUES: list[Any] = [None, True, False, 0, -1, 7.5, "", "x", "yesterday", [], [1, "a"],
                           {}, {"a": 1}, "2023-02-30", "-5", 2**31, "1e5"]
LITERALS = {  # raw JSON number text -> words of the refusal
    "NaN": ("NaN",), "Infinity": ("Infinity",), "-Infinity": ("-Infinity",),
    "1e999": ("too large",), "-1e999": ("too large",), "1" + "0" * 400: ("too large",),
    "9" * 5000: ("too large",), "100000000000000000000": ("too large",),
    "1e308": ("too large",), "-1.7976931348623157e308": ("too large",),
    "9223372036854775808": ("too large",), "1e16": ("too large",),
}
BOUNDARY_NUMBERS: list[Any] = [0, -0.0, 10**15, -10**15, 10**15 - 1, 1e15, 1e-300, 5e-324,
                               2**53 + 1, 999999999, -999999999, 36500, -36500, 3e6]
BOUNDARY_TEXTS = ["9999-12-31", "0001-01-01", "0000", "0000-00-00", "2023-00", "10000-01-01",
                  "+5", "1e5", "-0", " 2023-04-18 ", "2023-04-18T10:00", "٣٠",
                  "😀" * 50, "a" * 99_999, "‮" * 200, "  ", "\\u0000"]
BAD_VERSIONS: list[Any] = ["99.0.0", "1.0.1", "2.0.0", "abc", "", "1.0", "0.9.0", "1.0.0.0",
                           "1.0.0 ", 1, 1.0, None, ["1.0.0"], {"v": 1}, "v1.0.0",
                           "999999999.0.0"]


class Generator:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.bases = base_cases()
        self.count = 0

    def case(self) -> dict:
        self.count += 1
        doc = json.loads(json.dumps(self.rng.choice(self.bases)))
        doc["case_id"] = f"HC-HOSTILE-{self.count:05d}"
        return doc

    def leaf(self, doc: dict, strings: bool = False) -> Leaf:
        found = [leaf for leaf in leaves(doc) if leaf.parts != ("case_id",)
                 and (not strings or isinstance(leaf.value, str))]
        return self.rng.choice(found)

    def make(self) -> Hostile:
        kinds: list[tuple[Callable[[], Hostile], int]] = [
            (self.wrong_type, 22), (self.literal, 14), (self.surrogate, 7), (self.control, 6),
            (self.rtl, 6), (self.empty_string, 5), (self.long_string, 3), (self.nesting, 5),
            (self.unknown_field, 4), (self.missing_field, 3), (self.version, 6),
            (self.duplicate_ids, 3), (self.duplicate_key, 3), (self.surrogate_key, 2),
            (self.damaged, 6), (self.valid, 3), (self.blank, 4), (self.boundary, 10),
        ]
        pick = self.rng.choices([k for k, _ in kinds], weights=[w for _, w in kinds])[0]
        made = pick()
        made.case_id = f"HC-HOSTILE-{self.count:05d}"
        return made

    def wrong_type(self) -> Hostile:
        doc = self.case()
        leaf = self.leaf(doc)
        put(doc, leaf.parts, self.rng.choice(WRONG_VALUES))
        return Hostile("wrong type", file_text([doc]))

    def literal(self) -> Hostile:
        doc = self.case()
        leaf = self.leaf(doc)
        literal = self.rng.choice(sorted(LITERALS))
        put(doc, leaf.parts, "@@LITERAL@@")
        return Hostile("number " + literal[:12], file_text([doc], literals={"@@LITERAL@@": literal}),
                       True, leaf.path, LITERALS[literal])

    def boundary(self) -> Hostile:
        doc = self.case()
        numbers = [leaf for leaf in leaves(doc) if isinstance(leaf.value, int | float)
                   and not isinstance(leaf.value, bool)]
        if numbers and self.rng.random() < .6:
            leaf = self.rng.choice(numbers)
            value: Any = self.rng.choice(BOUNDARY_NUMBERS)
        else:
            leaf = self.leaf(doc, strings=True)
            value = self.rng.choice(BOUNDARY_TEXTS)
        put(doc, leaf.parts, value)
        return Hostile("boundary value", file_text([doc]))

    def surrogate(self) -> Hostile:
        doc = self.case()
        leaf = self.leaf(doc, strings=True)
        bad = self.rng.choice(["\ud800", "\udfff", "\udc80", "a\ud83d", "\ude00b"])
        put(doc, leaf.parts, leaf.value[:20] + bad)
        return Hostile("lone surrogate", file_text([doc]), True, leaf.path, ("surrogate",))

    def control(self) -> Hostile:
        doc = self.case()
        leaf = self.leaf(doc, strings=True)
        char = self.rng.choice(["\0", "\0", "\x01", "\x07", "\x1b", "\x7f"])
        put(doc, leaf.parts, leaf.value[:10] + char + leaf.value[10:20])
        return Hostile("control character", file_text([doc], ascii_only=self.rng.random() < .5),
                       True, leaf.path, ("control character",))

    def rtl(self) -> Hostile:
        doc = self.case()
        leaf = self.leaf(doc, strings=True)
        mark = self.rng.choice(["\u200f", "\u202e", "\u2067", "\u061c"])
        put(doc, leaf.parts, mark + leaf.value + "\u202c")
        return Hostile("RTL mark", file_text([doc], ascii_only=self.rng.random() < .5))

    def empty_string(self) -> Hostile:
        doc = self.case()
        leaf = self.leaf(doc, strings=True)
        put(doc, leaf.parts, "")
        return Hostile("empty string", file_text([doc]))

    def long_string(self) -> Hostile:
        doc = self.case()
        leaf = self.leaf(doc, strings=True)
        put(doc, leaf.parts, "long " * (MB // 5))
        return Hostile("1 MB string", file_text([doc]), True, leaf.path, ("too long",))

    def nesting(self) -> Hostile:
        doc = self.case()
        leaf = self.leaf(doc)
        depth = self.rng.choice([45, 100, 600, 5000, 200_000])
        put(doc, leaf.parts, "@@DEEP@@")
        opener, closer = self.rng.choice([("[", "]"), ('{"a":', "}")])
        deep = opener * depth + "1" + closer * depth
        path = leaf.path if depth < 600 else None
        return Hostile(f"nesting {depth}", file_text([doc], literals={"@@DEEP@@": deep}), True,
                       path, ("nested too deeply",))

    def unknown_field(self) -> Hostile:
        doc = self.case()
        leaf = self.leaf(doc)
        parent = leaf.parts[:-1]
        target = doc
        for part in parent:
            target = target[part]
        if not isinstance(target, dict):
            return self.wrong_type()
        target["zz_unknown"] = self.rng.choice([1, "x", None, []])
        return Hostile("unknown field", file_text([doc]), True, format_path((*parent, "zz_unknown")),
                       ("unknown field",))

    def missing_field(self) -> Hostile:
        doc = self.case()
        leaf = self.leaf(doc)
        if isinstance(leaf.parts[-1], int):
            return self.wrong_type()
        put_parent = doc
        for part in leaf.parts[:-1]:
            put_parent = put_parent[part]
        del put_parent[leaf.parts[-1]]
        return Hostile("missing field", file_text([doc]))

    def version(self) -> Hostile:
        doc = self.case()
        version = self.rng.choice(BAD_VERSIONS)
        if self.rng.random() < .5:
            return Hostile("file schema_version", file_text([doc], version), True,
                           "schema_version", ("1.0.0",))
        doc["schema_version"] = version
        return Hostile("case schema_version", file_text([doc]), True, "schema_version",
                       ("1.0.0",))

    def duplicate_ids(self) -> Hostile:
        doc = self.case()
        twin = json.loads(json.dumps(doc))
        twin["case_report"]["title"] = "the twin"
        return Hostile("duplicate case ids", file_text([doc, twin]), True, "case_id", ("twice",))

    def duplicate_key(self) -> Hostile:
        doc = self.case()
        text = file_text([doc]).replace('"case_report": {', '"case_report": {"title": "one", ', 1)
        return Hostile("duplicate key", text, True, "case_report.title", ("twice",))

    def surrogate_key(self) -> Hostile:
        doc = self.case()
        doc["patient"]["\udc00name"] = "x"
        return Hostile("surrogate in a key", file_text([doc]), True, "patient", ("surrogate",))

    def damaged(self) -> Hostile:
        doc = self.case()
        good = file_text([doc])
        options: list[tuple[str, str | bytes, tuple[str, ...]]] = [
            ("null", "null", ("null",)), ("empty object", "{}", ("empty",)),
            ("empty case", file_text([{}]), ("empty",)),
            ("id only", file_text([{"case_id": doc["case_id"]}]), ("empty",)),
            ("no cases", file_text([]), ("no cases",)),
            ("cases null", '{"format": "casebook", "cases": null}', ("list",)),
            ("case null", file_text([None]), ("object",)),
            ("case number", file_text([5]), ("object",)),
            ("list", "[]", ("expected",)), ("text", '"case"', ("expected",)),
            ("number", "1e999", ("expected",)), ("NaN", "NaN", ("expected",)),
            ("truncated", good[: len(good) // 3], ("not valid JSON",)),
            ("trailing", good + " {}", ("not valid JSON",)),
            ("latin-1", good.encode("ascii").replace(b'"case_report"', b'"case_r\xe9port"'),
             ("UTF-8",)),
            ("utf-16", good.encode("utf-16"), ("UTF-8",)),
            ("empty file", "", ("empty",)),
            ("bom", "\ufeff" + "null", ("null",)),
        ]
        kind, data, words = self.rng.choice(options)
        return Hostile(kind, data, True, None, words)

    def valid(self) -> Hostile:
        return Hostile("unchanged", file_text([self.case()]), False)

    def blank(self) -> Hostile:
        doc = self.case()
        section = self.rng.choice(["case_report", "patient", "outcome", "consent"])
        blank = {"case_id": doc["case_id"], "status": "draft", section: {}}
        return Hostile("blank case", file_text([blank]), True, None, ("empty",))


_BASES: list[dict] = []


def base_cases() -> list[dict]:
    """The reference cases and a few generated ones (their interchange form)."""
    if not _BASES:
        from core.synth import generate_cases

        _BASES.extend(json.loads(REFERENCE_CASEBOOK.read_text(encoding="utf-8"))["cases"])
        _BASES.extend(c.to_json_dict() for c in generate_cases(3, seed=SEED))
    return _BASES


# -- search queries ------------------------------------------------------------------------

WORDS = ["blinatumomab", "CNS", "leukemia", "dasatinib", "T315I", "BCR::ABL1", "B-ALL",
         "relapse", "remission", "crs", "a", "é", "Ü", "数据", "\u200f", "\u202e", "x" * 300]
FIELDS = ["dx", "drug", "cns", "cnsdx", "response", "mrd", "ae", "mut", "sex", "age",
          "status", "day0", "updated", "diagnosis", "gene", "foo", "Dx", "AGE", "x1"]
VALUES = ["", "C91", "CNS3", "cns9", "crs>=2", "crs>=99", ">=3", "<<3", ">=", "18..40", "..",
          "40..18", "<18", "-5", "1e999", "NaN", "inf", str(10**20), str(10**400), "2023-13-45",
          "2022..2023", ">=2022-06", "0000-00-00", "99999-01-01", '"B-ALL"', '"unclosed',
          "T315I", "ABL1:T315I", "f", "q", "draft", "locked", "negative", "MRD_failure",
          ">2026-01-01", "abc", "\ud800", "\0", "(", ")"]
PIECES = ["OR", "AND", "NOT", "-", "(", ")", '"', '""', "*", "**", ":", "::", "=", ">=", "\\",
          "\0", "\ud800", "\udfff", "\x1b[31m", "'", "`", ";", "--", "%", "_", "NEAR", "^",
          "{", "}", "[", "]", "OR OR", "- -", "NOT NOT", "\t", "\n", " "]


def query(rng: random.Random) -> str:
    roll = rng.random()
    if roll < .05:
        return rng.choice(["x " * 5000, "(" * 10_000, '"' * 10_001, "a" * 10_000,
                           "dx:" + "C" * 10_000, " ".join(["OR"] * 3000), "\ud800" * 5000])
    parts = []
    for _ in range(rng.randint(1, 8)):
        kind = rng.random()
        if kind < .35:
            parts.append(rng.choice(WORDS))
        elif kind < .7:
            value = rng.choice(VALUES)
            sep = rng.choice([":", ":", ": ", ":\"", "::"])
            parts.append(f"{rng.choice(FIELDS)}{sep}{value}")
        else:
            parts.append(rng.choice(PIECES))
    glue = rng.choice([" ", " ", "", "  "])
    return glue.join(parts)
