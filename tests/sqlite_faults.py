"""Make SQLite itself fail a write, whatever code path issues it (SQLAlchemy or the raw sqlite3
connection the save uses): a TEMP trigger on every connection the engine hands out raises
SQLite's own error text (e.g. "database or disk is full") partway through the transaction."""

from __future__ import annotations

from itertools import count

from sqlalchemy import event
from sqlalchemy.engine import Engine

_names = count(1)


class SqliteFault:
    """``SqliteFault(engine, "audit", "database or disk is full")`` until ``remove()``:
    every INSERT (and, with ``ops``, UPDATE/DELETE) on that table fails inside SQLite."""

    def __init__(self, engine: Engine, table: str, message: str,
                 ops: tuple[str, ...] = ("INSERT",)) -> None:
        self.engine, self.active = engine, True
        number = next(_names)
        self._names = [f"casebook_fault_{number}_{op.lower()}" for op in ops]
        text = message.replace("'", "''")
        self._create = [f"CREATE TEMP TRIGGER IF NOT EXISTS {name} BEFORE {op} ON main.{table} "
                        f"BEGIN SELECT RAISE(ABORT, '{text}'); END"
                        for name, op in zip(self._names, ops, strict=True)]
        event.listen(engine, "checkout", self._on_checkout)

    def _on_checkout(self, dbapi_connection, _record, _proxy) -> None:
        for name, create in zip(self._names, self._create, strict=True):
            dbapi_connection.execute(f"DROP TRIGGER IF EXISTS temp.{name}")
            if self.active:
                dbapi_connection.execute(create)

    def remove(self) -> None:
        """Writes work again (the triggers are dropped as each connection is next used)."""
        self.active = False
