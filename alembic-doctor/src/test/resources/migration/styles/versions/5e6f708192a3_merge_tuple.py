"""merge billing into main

Revision ID: 5e6f708192a3
Revises: 3c4d5e6f7081, 4d5e6f708192
Create Date: 2024-05-09 07:08:09.101112

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e6f708192a3'
down_revision = ('3c4d5e6f7081', '4d5e6f708192')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
