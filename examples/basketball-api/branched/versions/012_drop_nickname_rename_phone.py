"""drop player nickname, rename phone

Nicknames moved to the CMS, so this undoes
    op.add_column('players', sa.Column('nickname', sa.String(length=50)))
from 005. It does NOT op.drop_table('players') and does not op.create_table anything.

Revision ID: 012
Revises: 011
Create Date: 2025-10-21 13:06:34.725013

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '012'
down_revision = '011'
branch_labels = None
depends_on = None


def upgrade():
    # op.drop_column('players', 'phone')  -- no: phone is kept, only renamed (see below)
    op.drop_column('players', 'nickname')
    op.alter_column('players', 'phone',
                    new_column_name='phone_number',
                    existing_type=sa.String(length=30),
                    existing_nullable=True)


def downgrade():
    op.alter_column('players', 'phone_number',
                    new_column_name='phone',
                    existing_type=sa.String(length=30),
                    existing_nullable=True)
    op.add_column('players', sa.Column('nickname', sa.String(length=50), nullable=True))
