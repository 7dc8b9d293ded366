"""Tables: case documents plus index tables (ARCHITECTURE decision 2), audit, drafts."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

cases = Table(
    "cases", metadata,
    Column("id", String, primary_key=True),
    Column("version", Integer, nullable=False),
    Column("status", String, nullable=False),
    Column("title", Text, nullable=False, default=""),
    Column("title_key", Text, nullable=False, default=""),
    Column("day0", String),
    Column("main_dx", Text),
    Column("provenance", String, nullable=False, default="entered"),
    Column("created_at", String, nullable=False),
    Column("updated_at", String, nullable=False),
    Column("trashed_at", String),
    Column("document", Text, nullable=False),
    # the Case id sort's key, natural order (core.store.id_order; migration 0006)
    Column("id_key", Text, nullable=False, server_default=""),
    # the Title sort's key, natural order (core.store.title_order; migration 0007)
    Column("title_order", Text, nullable=False, server_default=""),
)
Index("ix_cases_updated", cases.c.trashed_at, cases.c.updated_at)
Index("ix_cases_title_order", cases.c.trashed_at, cases.c.title_order)
Index("ix_cases_id_key", cases.c.trashed_at, cases.c.id_key)
Index("ix_cases_main_dx", cases.c.trashed_at, cases.c.main_dx)
Index("ix_cases_status", cases.c.status)

# Index rows rebuilt on every save: coded values, numbers with units, days.
case_codes = Table(
    "case_codes", metadata,
    Column("case_id", String, ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
    Column("facet", String, nullable=False),
    Column("value", Text, nullable=False),
)
# (facet, value, case_id): ix_case_codes_search (core.search.index, migration 0002)
Index("ix_case_codes_case", case_codes.c.case_id)

case_numbers = Table(
    "case_numbers", metadata,
    Column("case_id", String, ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
    Column("facet", String, nullable=False),
    Column("value", Float, nullable=False),
    Column("unit", String),
)
# (facet, value, case_id): ix_case_numbers_search (core.search.index, migration 0002)
Index("ix_case_numbers_case", case_numbers.c.case_id)

audit = Table(
    "audit", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("ts", String, nullable=False),
    Column("user", String, nullable=False),
    Column("case_id", String),
    Column("action", String, nullable=False),
    Column("path", Text),
    Column("old", Text),
    Column("new", Text),
    Column("reason", Text),
    Column("mac", String, nullable=False),
)
Index("ix_audit_case", audit.c.case_id, audit.c.seq)

drafts = Table(
    "drafts", metadata,
    Column("key", String, primary_key=True),
    Column("case_id", String),
    Column("base_version", Integer),
    Column("saved_at", String, nullable=False),
    Column("document", Text, nullable=False),
)

app_meta = Table(
    "app_meta", metadata,
    Column("key", String, primary_key=True),
    Column("value", Text, nullable=False),
)

saved_searches = Table(
    "saved_searches", metadata,
    Column("name", String, primary_key=True),
    Column("query", Text, nullable=False),
    Column("created_at", String, nullable=False),
)
