"""player custom notes

Revision ID: 020
Revises: 019
Create Date: 2026-02-12 08:14:29.447301

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "020"
down_revision: Union[str, None] = "019"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column("players", sa.Column("custom_notes", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("players", "custom_notes")
