"""The first schema: case documents, index tables, audit, drafts, saved searches.

Revision ID: 0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cases",
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("status", sa.String, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("title_key", sa.Text, nullable=False),
        sa.Column("day0", sa.String),
        sa.Column("main_dx", sa.Text),
        sa.Column("provenance", sa.String, nullable=False),
        sa.Column("created_at", sa.String, nullable=False),
        sa.Column("updated_at", sa.String, nullable=False),
        sa.Column("trashed_at", sa.String),
        sa.Column("document", sa.Text, nullable=False),
    )
    op.create_index("ix_cases_updated", "cases", ["trashed_at", "updated_at"])
    op.create_index("ix_cases_title", "cases", ["trashed_at", "title_key"])
    op.create_index("ix_cases_status", "cases", ["status"])
    op.create_table(
        "case_codes",
        sa.Column("case_id", sa.String, sa.ForeignKey("cases.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("facet", sa.String, nullable=False),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_index("ix_case_codes_facet_value", "case_codes", ["facet", "value"])
    op.create_index("ix_case_codes_case", "case_codes", ["case_id"])
    op.create_table(
        "case_numbers",
        sa.Column("case_id", sa.String, sa.ForeignKey("cases.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("facet", sa.String, nullable=False),
        sa.Column("value", sa.Float, nullable=False),
        sa.Column("unit", sa.String),
    )
    op.create_index("ix_case_numbers_facet_value", "case_numbers", ["facet", "value"])
    op.create_index("ix_case_numbers_case", "case_numbers", ["case_id"])
    op.create_table(
        "audit",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("ts", sa.String, nullable=False),
        sa.Column("user", sa.String, nullable=False),
        sa.Column("case_id", sa.String),
        sa.Column("action", sa.String, nullable=False),
        sa.Column("path", sa.Text),
        sa.Column("old", sa.Text),
        sa.Column("new", sa.Text),
        sa.Column("reason", sa.Text),
        sa.Column("mac", sa.String, nullable=False),
    )
    op.create_index("ix_audit_case", "audit", ["case_id", "seq"])
    op.create_table(
        "drafts",
        sa.Column("key", sa.String, primary_key=True),
        sa.Column("case_id", sa.String),
        sa.Column("base_version", sa.Integer),
        sa.Column("saved_at", sa.String, nullable=False),
        sa.Column("document", sa.Text, nullable=False),
    )
    op.create_table(
        "app_meta",
        sa.Column("key", sa.String, primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "saved_searches",
        sa.Column("name", sa.String, primary_key=True),
        sa.Column("query", sa.Text, nullable=False),
        sa.Column("created_at", sa.String, nullable=False),
    )
    op.bulk_insert(sa.table("app_meta", sa.column("key"), sa.column("value")),
                   [{"key": "application", "value": "casebook"}])


def downgrade() -> None:
    for name in ("saved_searches", "app_meta", "drafts", "audit", "case_numbers",
                 "case_codes", "cases"):
        op.drop_table(name)
