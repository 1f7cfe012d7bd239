# -*- coding: utf-8 -*-
"""Hand-written: backfill and rename.

Written by hand, in the style people do: double quotes, constants, a helper for data work.
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy import Column, Integer, String

revision = "6f708192" "a3b4"  # implicit concatenation is still one literal
down_revision = ["5e6f708192a3"]
branch_labels = None
depends_on = None

TABLE = "accounts"
NOTE = 'op.drop_table("accounts") inside a string is not an operation'


def upgrade():
    """Rename the column, then backfill: "op.add_column(...)" in a docstring is text."""
    op.alter_column(TABLE, "display_name", new_column_name="nickname")
    op.add_column(TABLE, Column("login_count", Integer, nullable=False, server_default="0"))
    conn = op.get_bind()
    conn.execute(sa.text("UPDATE accounts SET nickname = email WHERE nickname IS NULL"))
    op.create_table(
        "audit_log",
        Column("id", Integer, primary_key=True),
        Column("what", String(200)),
        schema="audit",
    )


def downgrade():
    op.drop_table("audit_log", schema="audit")
    op.drop_column(TABLE, "login_count")
    op.alter_column(TABLE, "nickname", new_column_name="display_name")
