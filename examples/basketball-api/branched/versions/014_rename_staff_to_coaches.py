"""rename staff to coaches

Revision ID: 014
Revises: 013
Create Date: 2025-11-03 12:30:17.286405

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "014"
down_revision: Union[str, None] = "013"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.rename_table("staff", "coaches")
    op.alter_column("coaches", "role",
                    existing_type=sa.String(length=50),
                    type_=sa.String(length=100),
                    existing_nullable=False)
    op.alter_column("coaches", "full_name", new_column_name="name",
                    existing_type=sa.String(length=100), existing_nullable=False)


def downgrade() -> None:
    op.alter_column("coaches", "name", new_column_name="full_name",
                    existing_type=sa.String(length=100), existing_nullable=False)
    op.alter_column("coaches", "role",
                    existing_type=sa.String(length=100),
                    type_=sa.String(length=50),
                    existing_nullable=False)
    op.rename_table("coaches", "staff")
