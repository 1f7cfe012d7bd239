"""create orders

Jersey orders from the team store; jersey_number is what the player asked for.

Revision ID: 004
Revises: 003
Create Date: 2025-09-10 14:40:02.118665

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "004"
down_revision = "003"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "orders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_number", sa.String(length=32), nullable=False, unique=True),
        sa.Column("player_id", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(length=100), nullable=False),
        sa.Column("jersey_number", sa.Integer(), nullable=True),
        sa.Column("amount", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(["player_id"], ["players.id"], name="fk_orders_player_id_players", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_orders"),
    )
    op.create_index(op.f("ix_orders_player_id"), "orders", ["player_id"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_orders_player_id"), table_name="orders")
    op.drop_table("orders")
