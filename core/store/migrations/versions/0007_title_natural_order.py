"""The case list's Title sort in natural order ("Case 2" before "Case 10", accents aside), and
an index for its Diagnosis sort: each row's title sort key (``cases.title_order``) filled for
the existing cases, made as core.store.title_order.title_order_key makes it on save (a frozen
copy here), with an index on (trashed_at, title_order) that the list's and a search's sorted
pages read in order; an index on (trashed_at, main_dx), which the Diagnosis sort read none of
(every page sorted every case); ``ix_cases_title`` (trashed_at, title_key) dropped: no sort
reads it now, and the filter box's ``LIKE '%…%'`` on title_key never could.

Revision ID: 0007
Revises: 0006
"""
import re
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

CHUNK = 5000  # rows read and written at a time
DIGITS = re.compile(r"[0-9]+")


def _number(match: re.Match[str]) -> str:
    digits = match.group().lstrip("0") or "0"
    return f"{min(len(digits), 99):02d}{digits}"


def title_order_key(title: str) -> str:
    """As core.store.title_order.title_order_key (no import of the app's code: frozen)."""
    folded = title.casefold()
    bare = "".join(c for c in unicodedata.normalize("NFKD", folded)
                   if not unicodedata.combining(c))
    return "\x01".join((DIGITS.sub(_number, " ".join(bare.split())), folded, title))


def upgrade() -> None:
    conn = op.get_bind()
    # tests (and a folder whose revision was set back by hand) run it over the column again
    if "title_order" not in {row[1] for row in conn.exec_driver_sql("PRAGMA table_info(cases)")}:
        op.add_column("cases", sa.Column("title_order", sa.Text, nullable=False,
                                         server_default=""))
    last = -1
    while True:
        rows = conn.exec_driver_sql("SELECT rowid, title FROM cases WHERE rowid > ? "
                                    "ORDER BY rowid LIMIT ?", (last, CHUNK)).fetchall()
        if not rows:
            break
        conn.exec_driver_sql("UPDATE cases SET title_order = ? WHERE rowid = ?",
                             [(title_order_key(title or ""), rowid) for rowid, title in rows])
        last = rows[-1][0]
    # filled before the index is built: one sort instead of an index update per row
    op.create_index("ix_cases_title_order", "cases", ["trashed_at", "title_order"],
                    if_not_exists=True)
    op.create_index("ix_cases_main_dx", "cases", ["trashed_at", "main_dx"], if_not_exists=True)
    op.drop_index("ix_cases_title", "cases", if_exists=True)


def downgrade() -> None:
    op.create_index("ix_cases_title", "cases", ["trashed_at", "title_key"], if_not_exists=True)
    op.drop_index("ix_cases_main_dx", "cases", if_exists=True)
    op.drop_index("ix_cases_title_order", "cases", if_exists=True)
    op.drop_column("cases", "title_order")
