"""digest schedules and their occurrences

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes  # noqa: F401  (autogenerate refers to it)
from alembic import op


revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('digest_schedule',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workspace_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False, server_default='channel'),
    sa.Column('channel_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('scope', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False, server_default='company'),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('cadence', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('weekday', sa.Integer(), nullable=True),
    sa.Column('day_of_month', sa.Integer(), nullable=True),
    sa.Column('period_kind', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
    sa.Column('local_time', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
    sa.Column('timezone', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('sections', sa.JSON(), nullable=False, server_default='[]'),
    sa.Column('top_n', sa.Integer(), nullable=False, server_default='5'),
    sa.Column('paused', sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('last_occurrence', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('app_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    sa.ForeignKeyConstraint(['created_by_id'], ['person.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['owner_id'], ['person.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspace.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('workspace_id', 'person_id', name='uq_digest_schedule_person')
    )
    with op.batch_alter_table('digest_schedule', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_digest_schedule_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('digest_occurrence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workspace_id', sa.Integer(), nullable=False),
    sa.Column('schedule_id', sa.Integer(), nullable=False),
    sa.Column('occurrence_key', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False, server_default='0'),
    sa.Column('error', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('claimed_by', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False, server_default=''),
    sa.Column('channel_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('message_ts', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('reported', sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    sa.ForeignKeyConstraint(['schedule_id'], ['digest_schedule.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspace.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    # Exactly once: the runner that inserts this row is the one that posts the occurrence.
    sa.UniqueConstraint('schedule_id', 'occurrence_key', name='uq_digest_occurrence_key')
    )
    with op.batch_alter_table('digest_occurrence', schema=None) as batch_op:
        batch_op.create_index('ix_digest_occurrence_status_due', ['status', 'due_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_digest_occurrence_workspace_id'), ['workspace_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('digest_occurrence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_digest_occurrence_workspace_id'))
        batch_op.drop_index('ix_digest_occurrence_status_due')

    op.drop_table('digest_occurrence')
    with op.batch_alter_table('digest_schedule', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_digest_schedule_workspace_id'))

    op.drop_table('digest_schedule')
