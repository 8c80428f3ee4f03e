"""work_job: the work after an ack, queued for the work processes

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes  # noqa: F401  (autogenerate refers to it)
from alembic import op


revision: str = '0020'
down_revision: str | None = '0019'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'work_job',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('body', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('queued_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('taken_until', sa.DateTime(timezone=True), nullable=True),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('work_job', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_work_job_taken_until'), ['taken_until'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('work_job', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_work_job_taken_until'))
    op.drop_table('work_job')
