"""batch mode: tighten accounts

Revision ID: 3c4d5e6f7081
Revises: 2b3c4d5e6f70
Create Date: 2024-05-07 07:08:09.101112

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '3c4d5e6f7081'
down_revision = '2b3c4d5e6f70'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('accounts', schema=None) as batch_op:
        batch_op.alter_column('display_name',
               existing_type=sa.VARCHAR(length=80),
               nullable=False)
        batch_op.create_index(batch_op.f('ix_accounts_display_name'), ['display_name'], unique=True)


def downgrade():
    with op.batch_alter_table('accounts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_accounts_display_name'))
        batch_op.alter_column('display_name', existing_type=sa.VARCHAR(length=80), nullable=True)
