"""create widgets (the planner's warm-up chain: read at start, never run)"""
from alembic import op
import sqlalchemy as sa

revision = "a1"
down_revision = None


def upgrade():
    op.create_table(
        "widgets",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(length=80), nullable=False),
    )
    op.create_index("ix_widgets_name", "widgets", ["name"], unique=True)


def downgrade():
    op.drop_table("widgets")
