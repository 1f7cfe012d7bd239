"""season fk set null, city required

Revision ID: 017
Revises: 016
Create Date: 2025-12-02 15:49:20.774391

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "017"
down_revision = "016"
branch_labels = None
depends_on = None


def upgrade():
    # Deleting a season must not delete its games' history: re-create the FK with ON DELETE SET NULL.
    op.drop_constraint("fk_games_season_id_seasons", "games", type_="foreignkey")
    op.create_foreign_key(
        "fk_games_season_id_seasons", "games", "seasons", ["season_id"], ["id"], ondelete="SET NULL"
    )
    op.execute("UPDATE teams SET city = 'Unknown' WHERE city IS NULL")
    op.alter_column("teams", "city", existing_type=sa.String(length=100), nullable=False)


def downgrade():
    op.alter_column("teams", "city", existing_type=sa.String(length=100), nullable=True)
    op.drop_constraint("fk_games_season_id_seasons", "games", type_="foreignkey")
    op.create_foreign_key("fk_games_season_id_seasons", "games", "seasons", ["season_id"], ["id"])
