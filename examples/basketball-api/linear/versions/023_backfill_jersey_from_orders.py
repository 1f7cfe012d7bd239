"""backfill jersey from orders

players.jersey was optional; fill it from the player's latest jersey order. Data only: no
schema change, and nothing to undo.

Revision ID: 023
Revises: 022
Create Date: 2026-03-21 09:30:02.551874

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '023'
down_revision = '022'
branch_labels = None
depends_on = None


def upgrade():
    op.execute("""
        UPDATE players AS p
           SET jersey = o.jersey_number
          FROM (SELECT DISTINCT ON (player_id) player_id, jersey_number
                  FROM orders
                 WHERE jersey_number IS NOT NULL
                 ORDER BY player_id, created_at DESC, id DESC) AS o
         WHERE o.player_id = p.id
           AND p.jersey IS NULL
    """)


def downgrade():
    pass
