"""Case list: a case whose Day 0 is kept only as its anchor year (a de-identified case keeps
the year alone) shows the year in the Day 0 column (2023, as a year-only Day 0 date shows);
the column of the cases stored before is derived again here, as ``index_values`` now derives
it (core.store.content._day0_text: keep the two in step), so verification finds them in order.

A document that is not JSON is left as it is (verification reports it).

Revision ID: 0006
Revises: 0005
"""
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_YEAR_ONLY = ("CASE WHEN json_valid(document) THEN "
              "json_extract(document, '$.case_report.day0') IS NULL AND "
              "json_type(document, '$.case_report.anchor_year') = 'integer' ELSE 0 END")


def upgrade() -> None:
    op.execute("UPDATE cases SET day0 = CAST(json_extract(document, "
               f"'$.case_report.anchor_year') AS TEXT) WHERE day0 IS NULL AND {_YEAR_ONLY}")


def downgrade() -> None:
    op.execute(f"UPDATE cases SET day0 = NULL WHERE {_YEAR_ONLY}")
