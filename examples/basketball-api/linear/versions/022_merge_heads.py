"""merge heads

The fork 019/020 is linearized: 020 now follows 019 and 021 follows 020, so this revision
has a single parent and nothing left to merge.

Revision ID: 022
Revises: 021
Create Date: 2026-03-20 16:51:40.118392

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '022'
down_revision = '021'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
