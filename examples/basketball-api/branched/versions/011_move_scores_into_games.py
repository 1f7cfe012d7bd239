"""move scores into games

The scores table held one row per team per game; games.home_score / away_score replace it.

Revision ID: 011
Revises: 010
Create Date: 2025-10-15 07:58:13.440096

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '011'
down_revision = '010'
branch_labels = None
depends_on = None


def upgrade():
    op.execute("""
        UPDATE games AS g
           SET home_score = s.points
          FROM scores AS s
         WHERE s.game_id = g.id AND s.team_id = g.home_team_id
    """)
    op.execute("""
        UPDATE games AS g
           SET away_score = s.points
          FROM scores AS s
         WHERE s.game_id = g.id AND s.team_id = g.away_team_id
    """)
    op.drop_table('scores')


def downgrade():
    op.create_table('scores',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('game_id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('points', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['game_id'], ['games.id'], ),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('game_id', 'team_id')
    )
    op.execute("""
        INSERT INTO scores (game_id, team_id, points)
        SELECT id, home_team_id, home_score FROM games WHERE home_score IS NOT NULL
        UNION ALL
        SELECT id, away_team_id, away_score FROM games WHERE away_score IS NOT NULL
    """)
