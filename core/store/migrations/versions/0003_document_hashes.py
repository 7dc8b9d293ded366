"""Case content under the audit chain: entries that change a case carry its document's hash.

No table changes: the hash rides in the entries' text. The key that signs the chain lives
outside the database, so this migration only marks the folder; the app then writes one audited
``baseline`` entry per existing case with its document hash (core.services.upgrade) and clears
the mark in the same transaction.

Revision ID: 0003
Revises: 0002
"""
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("INSERT OR REPLACE INTO app_meta (key, value) VALUES ('audit_baseline', 'pending')")


def downgrade() -> None:
    op.execute("DELETE FROM app_meta WHERE key = 'audit_baseline'")
