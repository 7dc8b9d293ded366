"""Search: the full-text index (FTS5), its case map, a Day 0 sort index, and every case's
index rows rebuilt with the search facets.

Revision ID: 0002
Revises: 0001
"""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from core.search.index import CREATE_STATEMENTS, rebuild_index

    conn = op.get_bind()
    for statement in CREATE_STATEMENTS:
        conn.exec_driver_sql(statement)
    rebuild_index(conn)


def downgrade() -> None:
    from core.search.index import DROP_STATEMENTS

    conn = op.get_bind()
    for statement in DROP_STATEMENTS:
        conn.exec_driver_sql(statement)
