"""goals discussed with staff: where each person stands on a goal, discussions with their threads
and relayed replies, and managers' daily reminders

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes  # noqa: F401  (autogenerate refers to it)
from alembic import op


revision: str = '0018'
down_revision: str | None = '0017'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('goal_ack',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workspace_id', sa.Integer(), nullable=False),
    sa.Column('goal_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('discussed', sa.Boolean(), nullable=False),
    sa.Column('told_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('told_by_id', sa.Integer(), nullable=True),
    sa.Column('status_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['goal_id'], ['goal.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['status_by_id'], ['person.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['told_by_id'], ['person.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspace.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('goal_id', 'person_id', name='uq_goal_ack')
    )
    with op.batch_alter_table('goal_ack', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_goal_ack_goal_id'), ['goal_id'], unique=False)
        batch_op.create_index('ix_goal_ack_person', ['workspace_id', 'person_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_goal_ack_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('goal_ack_reminder',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workspace_id', sa.Integer(), nullable=False),
    sa.Column('goal_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('sent_by_id', sa.Integer(), nullable=True),
    sa.Column('people', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['goal_id'], ['goal.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sent_by_id'], ['person.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspace.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('goal_id', 'day', name='uq_goal_ack_reminder')
    )
    with op.batch_alter_table('goal_ack_reminder', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_goal_ack_reminder_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('goal_discussion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workspace_id', sa.Integer(), nullable=False),
    sa.Column('goal_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('manager_id', sa.Integer(), nullable=True),
    sa.Column('concern', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('comment', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('person_channel', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('person_ts', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('manager_channel', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('manager_ts', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('outcome', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('closed_by_id', sa.Integer(), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('talk_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('person_reminded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('manager_reminded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['closed_by_id'], ['person.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['goal_id'], ['goal.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['manager_id'], ['person.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspace.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('goal_discussion', schema=None) as batch_op:
        batch_op.create_index('ix_goal_discussion_goal', ['workspace_id', 'goal_id', 'person_id'], unique=False)
        batch_op.create_index('ix_goal_discussion_manager_thread', ['workspace_id', 'manager_channel', 'manager_ts'], unique=False)
        batch_op.create_index('ix_goal_discussion_person_thread', ['workspace_id', 'person_channel', 'person_ts'], unique=False)
        batch_op.create_index(batch_op.f('ix_goal_discussion_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('goal_discussion_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workspace_id', sa.Integer(), nullable=False),
    sa.Column('discussion_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
    sa.Column('slack_ts', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['person.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['discussion_id'], ['goal_discussion.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspace.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('discussion_id', 'slack_ts', name='uq_goal_discussion_message')
    )
    with op.batch_alter_table('goal_discussion_message', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_goal_discussion_message_workspace_id'), ['workspace_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('goal_discussion_message', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_goal_discussion_message_workspace_id'))

    op.drop_table('goal_discussion_message')
    with op.batch_alter_table('goal_discussion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_goal_discussion_workspace_id'))
        batch_op.drop_index('ix_goal_discussion_person_thread')
        batch_op.drop_index('ix_goal_discussion_manager_thread')
        batch_op.drop_index('ix_goal_discussion_goal')

    op.drop_table('goal_discussion')
    with op.batch_alter_table('goal_ack_reminder', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_goal_ack_reminder_workspace_id'))

    op.drop_table('goal_ack_reminder')
    with op.batch_alter_table('goal_ack', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_goal_ack_workspace_id'))
        batch_op.drop_index('ix_goal_ack_person')
        batch_op.drop_index(batch_op.f('ix_goal_ack_goal_id'))

    op.drop_table('goal_ack')
