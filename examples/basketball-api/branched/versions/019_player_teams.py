"""player_teams junction table

A player can play for more than one team (club and school). players.team_id stays as the
primary team for now.

Revision ID: 019
Revises: 018
Create Date: 2026-02-11 18:37:52.610843

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '019'
down_revision = '018'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('player_teams',
    sa.Column('player_id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('joined_on', sa.Date(), server_default=sa.text('CURRENT_DATE'), nullable=False),
    sa.ForeignKeyConstraint(['player_id'], ['players.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('player_id', 'team_id')
    )
    op.create_index(op.f('ix_player_teams_team_id'), 'player_teams', ['team_id'], unique=False)
    # Today's rosters become the first memberships.
    op.execute('INSERT INTO player_teams (player_id, team_id) SELECT id, team_id FROM players WHERE team_id IS NOT NULL')


def downgrade():
    op.drop_index(op.f('ix_player_teams_team_id'), table_name='player_teams')
    op.drop_table('player_teams')
