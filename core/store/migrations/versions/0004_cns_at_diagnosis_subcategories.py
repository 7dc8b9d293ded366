"""Search: every case's index rows rebuilt, so the CNS sub-categories at diagnosis (facet
``cnsdxsub``, filter ``cnsdx:CNS3c``) are found in cases saved before it existed.

Revision ID: 0004
Revises: 0003
"""
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from core.search.index import rebuild_index

    rebuild_index(op.get_bind())


def downgrade() -> None:
    pass  # the extra index rows are harmless to revision 0003
