"""Search: the full-text index (FTS5), its case map and a Day 0 sort index.

The statements are frozen here as this revision made them (migrations never import the app's
code). The index rows themselves are not written here: the folder's index version is cleared,
so the app rebuilds every case's index rows when it opens the folder (core.services.search).

Revision ID: 0002
Revises: 0001
"""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

CREATE_STATEMENTS = (
    "CREATE TABLE search_docs (doc_id INTEGER PRIMARY KEY, case_id TEXT NOT NULL UNIQUE)",
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, dx, body, ids, cjk, facets, "
    "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')",
    "CREATE INDEX ix_cases_day0 ON cases (trashed_at, day0)",
    "CREATE INDEX ix_case_codes_search ON case_codes (facet, value, case_id)",
    "CREATE INDEX ix_case_numbers_search ON case_numbers (facet, value, case_id)",
)
DROP_STATEMENTS = (
    "DROP TABLE IF EXISTS search_fts",
    "DROP TABLE IF EXISTS search_docs",
    "DROP INDEX IF EXISTS ix_cases_day0",
    "DROP INDEX IF EXISTS ix_case_codes_search",
    "DROP INDEX IF EXISTS ix_case_numbers_search",
)
STALE_INDEX = "DELETE FROM app_meta WHERE key = 'index_version'"


def upgrade() -> None:
    conn = op.get_bind()
    for statement in CREATE_STATEMENTS:
        conn.exec_driver_sql(statement)
    conn.exec_driver_sql(STALE_INDEX)


def downgrade() -> None:
    conn = op.get_bind()
    for statement in DROP_STATEMENTS:
        conn.exec_driver_sql(statement)
