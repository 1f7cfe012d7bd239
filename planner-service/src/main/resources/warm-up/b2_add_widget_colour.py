"""add widgets.colour (the planner's warm-up chain: read at start, never run)"""
from alembic import op
import sqlalchemy as sa

revision = "b2"
down_revision = "a1"


def upgrade():
    op.add_column("widgets", sa.Column("colour", sa.Text(), nullable=True))


def downgrade():
    op.drop_column("widgets", "colour")
