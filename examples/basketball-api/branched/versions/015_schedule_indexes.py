"""schedule indexes

Fixtures can be rescheduled to the same slot after a forfeit, so the unique slot constraint
from 013 goes; schedule lookups are per season.

Revision ID: 015
Revises: 014
Create Date: 2025-11-12 09:03:48.517733

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '015'
down_revision = '014'
branch_labels = None
depends_on = None


def upgrade():
    op.drop_index(op.f('ix_games_scheduled_at'), table_name='games')
    op.create_index('ix_games_season_scheduled', 'games', ['season_id', 'scheduled_at'], unique=False)
    op.drop_constraint('uq_games_home_away_scheduled', 'games', type_='unique')
    op.create_index(op.f('ix_teams_short_name'), 'teams', ['short_name'], unique=True)


def downgrade():
    op.drop_index(op.f('ix_teams_short_name'), table_name='teams')
    op.create_unique_constraint('uq_games_home_away_scheduled', 'games', ['home_team_id', 'away_team_id', 'scheduled_at'])
    op.drop_index('ix_games_season_scheduled', table_name='games')
    op.create_index(op.f('ix_games_scheduled_at'), 'games', ['scheduled_at'], unique=False)
