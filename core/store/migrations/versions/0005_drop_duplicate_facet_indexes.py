"""Facet tables: drop the (facet, value) indexes, which the search indexes (facet, value,
case_id) of revision 0002 duplicate: every lookup the shorter one served, the longer one
serves by its leading columns (and reads the case id without the table). Each cost a B-tree
insert per facet row on every save and a sort of every facet row on a reindex (issue 20).

Revision ID: 0005
Revises: 0004
"""
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

DUPLICATES = {
    "ix_case_codes_facet_value": "case_codes (facet, value)",
    "ix_case_numbers_facet_value": "case_numbers (facet, value)",
}


def upgrade() -> None:
    for name in DUPLICATES:
        op.execute(f"DROP INDEX IF EXISTS {name}")


def downgrade() -> None:
    for name, on in DUPLICATES.items():
        op.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {on}")
