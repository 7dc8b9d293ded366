"""Search: every case's index rows to be rebuilt, so the CNS sub-categories at diagnosis
(facet ``cnsdxsub``, filter ``cnsdx:CNS3c``) are found in cases saved before it existed.

No table changes. The folder's index version is cleared, so the app rebuilds the index rows
when it opens the folder (with progress). Since then a change of facets needs no migration:
the app's index version (core.search.index.INDEX_VERSION) is bumped instead.

Revision ID: 0004
Revises: 0003
"""
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("DELETE FROM app_meta WHERE key = 'index_version'")


def downgrade() -> None:
    pass  # the extra index rows are harmless to revision 0003
