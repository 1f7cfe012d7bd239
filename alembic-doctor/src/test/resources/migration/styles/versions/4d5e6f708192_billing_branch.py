"""start the billing branch

Revision ID: 4d5e6f708192
Revises: 1a2b3c4d5e6f
Create Date: 2024-05-08 07:08:09.101112

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "4d5e6f708192"
down_revision = "1a2b3c4d5e6f"
branch_labels = ("billing",)
depends_on = "2b3c4d5e6f70"


def upgrade():
    op.create_table(
        "invoices",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("account_id", sa.Integer(), sa.ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("total", sa.Numeric(12, 2), nullable=False),
    )


def downgrade():
    op.drop_table("invoices")
