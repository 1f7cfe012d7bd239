"""unique fixture slot

Revision ID: 013
Revises: 012
Create Date: 2025-10-28 17:44:02.958120

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "013"
down_revision = "012"
branch_labels = None
depends_on = None


def upgrade():
    op.create_unique_constraint(
        "uq_games_home_away_scheduled", "games", ["home_team_id", "away_team_id", "scheduled_at"]
    )
    op.add_column("teams", sa.Column("short_name", sa.String(length=10), nullable=True))


def downgrade():
    op.drop_column("teams", "short_name")
    op.drop_constraint("uq_games_home_away_scheduled", "games", type_="unique")
