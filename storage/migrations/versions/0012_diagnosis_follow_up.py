"""diagnosis follow-up: the figures at the conclusion and when the follow-up reminder was sent

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-14
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('diagnosis', schema=None) as batch_op:
        batch_op.add_column(sa.Column('concluded_figures', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('follow_up_sent_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('diagnosis', schema=None) as batch_op:
        batch_op.drop_column('follow_up_sent_at')
        batch_op.drop_column('concluded_figures')
