"""create players

Revision ID: 002
Revises: 001
Create Date: 2025-09-02 18:31:47.004127

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "002"
down_revision: Union[str, None] = "001"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "players",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("team_id", sa.Integer(), sa.ForeignKey("teams.id"), nullable=True, index=True),
        sa.Column("first_name", sa.String(length=50), nullable=False),
        sa.Column("last_name", sa.String(length=50), nullable=False),
        sa.Column("email", sa.String(length=255), nullable=True),
        sa.Column("jersey", sa.Integer(), nullable=True),
        sa.Column("position", sa.String(length=20), nullable=True),
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_players_team_id"), table_name="players")
    op.drop_table("players")
