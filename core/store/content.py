"""Case content under the audit chain (ARCHITECTURE decision 6).

Every transaction that changes a case chains the SHA-256 of its document as stored after the
change: the exact UTF-8 text of ``cases.document``, which Casebook writes in one canonical form
(compact JSON, UTF-8, the model's field order). Where the hash rides:

- ``create``: the one entry of a new case, ``new`` = ``{"document": "sha256:…", "title": …,
  "fields": {path: value}}`` (identifier values as keyed hashes);
- ``import``: the entry of an imported new case, ``new`` = ``{"document": "sha256:…",
  "title": …}`` (the import file is the record of its fields);
- ``document``: after the field entries of every later change, ``new`` = ``sha256:…``;
- ``baseline``: written once per existing case when a folder is upgraded, ``new`` = ``sha256:…``;
- ``purge``: the case is gone for good.

The hash sits in the entry's text, so the entry's keyed hash (MAC) covers it. Verification
recomputes the hash of every stored document, compares it with the last one chained for that
case, and re-derives the case list's columns (title, status...) from the document.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.exc import DBAPIError

PREFIX = "sha256:"
PURGED = "purged"
CREATION_ACTIONS = ("create", "import")
HASH_ACTIONS = ("document", "baseline")
BASELINE_KEY = "audit_baseline"  # app_meta: set by migration 0003 until the baseline is written
PREDATING = ("0001", "0002")  # schema revisions whose chains carry no document hashes
INDEX_COLUMNS = ("version", "status", "title", "title_key", "day0", "main_dx", "provenance")
SHOWN = 5  # problems named in a report; the rest are counted
# What index_values reads of a document, extracted by SQLite in one parse (10k cases of 16 KB:
# 0.3 s instead of 2.5 s for json.loads of whole documents)
PROBE = ("json_extract(document, '$.version', '$.status', '$.case_report.title', "
         "'$.case_report.day0', '$.diagnoses')")

Query = Callable[[str], Iterable[tuple[Any, ...]]]


def document_digest(document: str) -> str:
    """``sha256:<hex>`` of a stored document's text."""
    return PREFIX + hashlib.sha256(document.encode("utf-8")).hexdigest()


def creation_text(digest: str, title: str, fields: dict[str, str | None] | None = None) -> str:
    """The ``new`` text of a creation entry (``fields``: the leaves set, or None)."""
    data: dict[str, Any] = {"document": digest, "title": title}
    if fields is not None:
        data["fields"] = fields
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def creation_fields(action: str, new: str | None) -> dict[str, Any] | None:
    """The parsed ``new`` of a creation entry; None for any other entry (or an old format)."""
    if action not in CREATION_ACTIONS or not new or not new.startswith('{"document":'):
        return None
    try:
        data = json.loads(new)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def chained_value(action: str, new: str | None) -> str | None:
    """What an entry chains for its case's content: a document hash, PURGED, or None."""
    if action == "purge":
        return PURGED
    if action in HASH_ACTIONS:
        return new if new and new.startswith(PREFIX) else None
    data = creation_fields(action, new)
    value = data.get("document") if data else None
    return value if isinstance(value, str) and value.startswith(PREFIX) else None


def for_people(rows: Iterable[Mapping[Any, Any]]) -> Iterator[dict[str, Any]]:
    """Entries as a case's history shows them: a creation entry as its whole-case row (the
    title) and one row per field set; ``document`` entries, which only chain a hash, left out
    (verification and the CSV export read the entries as stored)."""
    for row in rows:
        if row["action"] == "document":
            continue
        data = creation_fields(str(row["action"]), row["new"])
        if data is None:
            yield dict(row)
            continue
        yield {**row, "new": data.get("title") or None}
        for path, value in (data.get("fields") or {}).items():
            yield {**row, "path": path, "new": value}


# -- the case list's columns, derived from the document (one implementation) ---------------
def case_provenance(document: str) -> str:
    """synthetic (generator only), placeholder (holds placeholder data) or entered.

    ``document`` is the case's compact JSON text; counting ``"src"`` values in the text is
    much faster than walking the model."""
    total = document.count('"src":"')
    if total and document.count('"src":"synthetic"') == total:
        return "synthetic"
    if '"src":"placeholder"' in document:
        return "placeholder"
    return "entered"


def _when_text(value: Any) -> str | None:
    if value is None:
        return None
    return f"d{value}" if isinstance(value, int) else str(value)


def phase_words(entity: object, cml_phase: object) -> str:
    """A CML's phase as the case list says it after the entity ("CML, blast phase"): "blast
    phase"; "" for another diagnosis or a CML without one (compare and the dx: filter say
    it so too)."""
    return f"{cml_phase} phase" if entity == "CML" and cml_phase else ""


def _main_dx(diagnoses: list[dict[str, Any]]) -> str | None:
    initial = [d for d in diagnoses if d.get("role") == "initial"]
    dx = initial[0] if initial else diagnoses[0] if diagnoses else None
    if not dx or dx.get("entity") is None:
        return None
    label = str(dx["entity"])
    phase = phase_words(dx["entity"], dx.get("cml_phase"))
    if phase:
        label += f", {phase}"
    coded = dx.get("icd10_who")
    if coded is not None:
        label += f" ({coded.get('code')})"
    return label


def index_values(doc: Mapping[str, Any], document: str) -> dict[str, object]:
    """The summary columns of a case's row, from its JSON form and text (no model needed)."""
    report = doc.get("case_report") or {}
    title = report.get("title") or ""
    return {"status": doc.get("status"), "title": title, "title_key": title.casefold(),
            "day0": _when_text(report.get("day0")), "main_dx": _main_dx(doc.get("diagnoses") or []),
            "provenance": case_provenance(document)}


# -- verification --------------------------------------------------------------------------
@dataclass
class Ledger:
    """The last content value chained per case, gathered while the chain is walked."""

    last: dict[str, str] = field(default_factory=dict)
    hashed: bool = False  # the chain carries document hashes (the format is in use)

    def see(self, row: Mapping[Any, Any]) -> None:
        case_id = row["case_id"]
        if case_id is None:
            return
        value = chained_value(str(row["action"]), row["new"])
        if value is not None:
            self.last[str(case_id)] = value
            self.hashed = True

    def watch(self, rows: Iterable[Mapping[Any, Any]]) -> Iterator[Mapping[Any, Any]]:
        for row in rows:
            self.see(row)
            yield row


def content_problems(query: Query, ledger: Ledger) -> list[str]:
    """Each stored case against the chain: document hash, case-list columns, rows deleted or
    added outside Casebook. Rows are streamed; documents are parsed only to check columns.
    The words fit both causes of a mismatch: the row changed, or the chain's entries for it
    deleted (which the chain's own check then reports too)."""
    pending = _scalar(query, f"SELECT value FROM app_meta WHERE key = '{BASELINE_KEY}'")
    if not ledger.hashed:
        if pending is not None:
            if _scalar(query, "SELECT 1 FROM cases LIMIT 1") is None:
                return []
            return ["the upgrade that records each case's document in the audit trail is not "
                    "finished: open the data folder in Casebook, or run a command that writes "
                    "(for example `casebook reindex`)"]
        if _scalar(query, "SELECT version_num FROM alembic_version") in PREDATING:
            return []  # an old database: its cases get their baseline entries on upgrade
    try:  # the case-list inputs read by SQLite's JSON functions: no document parsed in Python
        return _problems(query, ledger, PROBE)
    except (sqlite3.Error, DBAPIError):  # no JSON functions, or a document that is not JSON
        return _problems(query, ledger, None)


def _problems(query: Query, ledger: Ledger, probe: str | None) -> list[str]:
    problems: list[str] = []
    present: set[str] = set()
    columns = ", ".join(("id", *INDEX_COLUMNS, "document", probe or "NULL"))
    for row in query(f"SELECT {columns} FROM cases"):  # rowid order: a plain scan
        case_id, document = str(row[0]), str(row[-2])
        present.add(case_id)
        problem = _row_problem(case_id, dict(zip(INDEX_COLUMNS, row[1:-2], strict=True)),
                               document, row[-1], ledger.last.get(case_id))
        if problem:
            problems.append(problem)
    for case_id, value in sorted(ledger.last.items()):
        if value != PURGED and case_id not in present:
            problems.append(f"case {case_id}: its row was deleted outside Casebook (the audit "
                            "trail records the case and no purge)")
    for (case_id,) in query("SELECT DISTINCT case_id FROM case_codes WHERE case_id NOT IN "
                            "(SELECT id FROM cases) ORDER BY case_id"):
        if str(case_id) not in ledger.last:
            problems.append(f"case {case_id}: its index rows remain but its row and its audit "
                            "entries are gone (deleted outside Casebook)")
    return problems


def _row_problem(case_id: str, stored: dict[str, object], document: str, probe: str | None,
                 chained: str | None) -> str | None:
    if chained is None:
        return (f"case {case_id}: its row has no entry in the audit trail (added outside "
                "Casebook, or its entries deleted)")
    if chained == PURGED:
        return (f"case {case_id}: its row is present although the audit trail records its "
                "purge (added outside Casebook)")
    if document_digest(document) != chained:
        return (f"case {case_id}: its document does not match the hash last chained for it in "
                "the audit trail (changed outside Casebook)")
    try:
        doc = _probed(probe) if probe is not None else json.loads(document)
        expected = {"version": doc.get("version"), **index_values(doc, document)}
    except (ValueError, TypeError, AttributeError):  # chained as found by an upgrade
        return f"case {case_id}: its document is not a readable case document"
    wrong = [c for c in INDEX_COLUMNS if stored[c] != expected[c]]
    if wrong:
        verb = "does" if len(wrong) == 1 else "do"
        return (f"case {case_id}: the case list's {', '.join(wrong)} {verb} not match its "
                "document (changed outside Casebook)")
    return None


def _probed(probe: str) -> dict[str, Any]:
    """The parts of a document the case-list columns derive from, as ``PROBE`` read them."""
    version, status, title, day0, diagnoses = json.loads(probe)
    return {"version": version, "status": status, "diagnoses": diagnoses,
            "case_report": {"title": title, "day0": day0}}


def summary(problems: list[str]) -> str:
    more = len(problems) - SHOWN
    plural = "" if more == 1 else "s"  # "and 1 more case problem", "and 3 more ... problems"
    return "; ".join(problems[:SHOWN]) + (f"; and {more} more case problem{plural}"
                                          if more > 0 else "")


def _scalar(query: Query, sql: str) -> Any:
    try:
        for row in query(sql):
            return row[0]
    except (sqlite3.Error, DBAPIError):  # a table missing in an odd copy: nothing to read
        return None
    return None
