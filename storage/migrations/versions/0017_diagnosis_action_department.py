"""diagnosis action owned by a department: its contact is told

Revision ID: 0017
Revises: 0015
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0017'
down_revision: str | None = '0015'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('diagnosis_action', schema=None) as batch_op:
        batch_op.add_column(sa.Column('department', sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('diagnosis_action', schema=None) as batch_op:
        batch_op.drop_column('department')
