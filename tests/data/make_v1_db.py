"""Build ``tests/data/v1-casebook/``: a data folder whose database has the first schema (0001).

Run once (``.venv/bin/python tests/data/make_v1_db.py``) and commit the result; the migration
test upgrades a copy to whatever the head revision is. The tables are made by migration 0001
itself and filled with plain SQL in 0001's shape, so later schema changes never alter what this
script writes. Four cases (the two reference cases and two variants), their index rows and a
chained audit trail (create, save, status, trash), with the key and head beside the database.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from core.model import Case
from core.store.audit import GENESIS, ChainHead, entry_mac, write_head
from core.store.indexing import build_rows
from core.store.repository import stored_values

HERE = Path(__file__).parent
TARGET = HERE / "v1-casebook"
KEY = bytes.fromhex("5eed" * 16)  # a fixed test key: the folder is test data, not a secret
TS = "2024-03-01T09:00:00.000000Z"
USER = "dr.v1"


def reference_cases() -> list[Case]:
    doc = json.loads((HERE / "reference-cases.casebook.json").read_text(encoding="utf-8"))
    cases = [Case.model_validate(c) for c in doc["cases"]]
    variants = [c.model_copy(update={"case_id": f"HC-V1{n:06d}", "status": "draft"})
                for n, c in enumerate(cases, start=1)]
    return [c.model_copy(update={"version": 1}) for c in cases + variants]


def create_schema(db: Path) -> None:
    from alembic import command
    from alembic.config import Config

    from core.store.engine import Database
    from core.store.schema import _MIGRATIONS

    database = Database(db)
    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    with database.write() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    database.dispose()


def insert_case(con: sqlite3.Connection, case: Case) -> None:
    row = {"id": case.case_id, "version": case.version, "created_at": TS, "updated_at": TS,
           "trashed_at": None, **stored_values(case)}
    con.execute(f"INSERT INTO cases ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                list(row.values()))
    rows = build_rows(case)
    con.executemany("INSERT INTO case_codes (case_id, facet, value) VALUES (?, ?, ?)",
                    [(case.case_id, f, v) for f, v in rows.codes])
    con.executemany("INSERT INTO case_numbers (case_id, facet, value, unit) VALUES (?, ?, ?, ?)",
                    [(case.case_id, f, v, u) for f, v, u in rows.numbers])


def audit_entries(cases: list[Case]) -> list[dict[str, object]]:
    entries = [{"case_id": c.case_id, "action": "create", "path": None, "old": None,
                "new": c.title, "reason": None} for c in cases]
    entries += [
        {"case_id": cases[2].case_id, "action": "save", "path": "patient.sex",
         "old": None, "new": cases[2].patient.sex, "reason": None},
        {"case_id": cases[0].case_id, "action": "lock", "path": "status", "old": "complete",
         "new": "locked", "reason": None},
        {"case_id": cases[0].case_id, "action": "status", "path": "status", "old": "locked",
         "new": "complete", "reason": "v1 fixture: unlocked again"},
        {"case_id": cases[3].case_id, "action": "trash", "path": None, "old": None, "new": None,
         "reason": "duplicate"},
    ]
    return entries


def write_audit(con: sqlite3.Connection, entries: list[dict[str, object]]) -> ChainHead:
    prev = GENESIS
    for seq, entry in enumerate(entries, start=1):
        row = {"seq": seq, "ts": TS, "user": USER, **entry}
        prev = entry_mac(KEY, prev, row)
        con.execute("INSERT INTO audit (seq, ts, user, case_id, action, path, old, new, reason, "
                    "mac) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [*row.values(), prev])
    return ChainHead(len(entries), prev)


def main() -> None:
    shutil.rmtree(TARGET, ignore_errors=True)
    (TARGET / "config").mkdir(parents=True)
    db = TARGET / "casebook.db"
    create_schema(db)
    cases = reference_cases()
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("BEGIN")
    for case in cases:
        insert_case(con, case)
    con.execute("UPDATE cases SET trashed_at = ? WHERE id = ?", (TS, cases[3].case_id))
    head = write_audit(con, audit_entries(cases))
    con.execute("COMMIT")
    con.execute("PRAGMA journal_mode=DELETE")
    con.execute("VACUUM")
    con.close()
    (TARGET / "config" / "audit.key").write_text(KEY.hex(), encoding="ascii")
    write_head(TARGET / "config" / "audit-head.json", head)
    print(f"{db}: {len(cases)} cases, {head.count} audit entries")


if __name__ == "__main__":
    main()
