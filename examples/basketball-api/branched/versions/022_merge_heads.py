"""merge heads

Revision ID: 022
Revises: 020, 021
Create Date: 2026-03-20 16:51:40.118392

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '022'
down_revision = ('020', '021')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
