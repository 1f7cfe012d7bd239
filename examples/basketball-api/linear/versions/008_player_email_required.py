"""player email required

Every player needs a login email before the parent portal launches. Players without one get a
placeholder address the league office replaces by hand.

Revision ID: 008
Revises: 007
Create Date: 2025-10-06 16:12:09.904418

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "008"
down_revision = "007"
branch_labels = None
depends_on = None


def upgrade():
    # Data first, then the constraint: alter_column(nullable=False) fails while NULLs remain.
    op.execute(
        "UPDATE players SET email = lower(first_name || '.' || last_name || '.' || id || '@placeholder.invalid') "
        "WHERE email IS NULL"
    )
    op.alter_column("players", "email", existing_type=sa.String(length=255), nullable=False)


def downgrade():
    op.alter_column("players", "email", existing_type=sa.String(length=255), nullable=True)
