"""recognition and rewards: kudos, celebrations claimed once per goal and threshold, the
period-end announcement's claim, the reward catalog and nominations; the workspace's recognition
settings

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 14:23:28.166791
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes  # noqa: F401  (autogenerate refers to it)
from alembic import op


revision: str = '0015'
down_revision: str | None = '0014'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('recognition_announcement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workspace_id', sa.Integer(), nullable=False),
    sa.Column('period_key', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('channel_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('claimed_by', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspace.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('workspace_id', 'period_key', name='uq_recognition_announcement')
    )
    op.create_table('kudos',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workspace_id', sa.Integer(), nullable=False),
    sa.Column('giver_id', sa.Integer(), nullable=False),
    sa.Column('receiver_id', sa.Integer(), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('given_on', sa.Date(), nullable=False),
    sa.Column('channel_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('request_key', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['giver_id'], ['person.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['receiver_id'], ['person.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspace.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('workspace_id', 'request_key', name='uq_kudos_request')
    )
    with op.batch_alter_table('kudos', schema=None) as batch_op:
        batch_op.create_index('ix_kudos_giver_day', ['workspace_id', 'giver_id', 'given_on'], unique=False)
        batch_op.create_index('ix_kudos_period', ['workspace_id', 'given_on', 'receiver_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_kudos_receiver_id'), ['receiver_id'], unique=False)

    op.create_table('reward',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workspace_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('name_key', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('value', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('days', sa.Integer(), nullable=True),
    sa.Column('budget', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['person.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspace.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('workspace_id', 'name_key', name='uq_reward_name')
    )
    op.create_table('celebration',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workspace_id', sa.Integer(), nullable=False),
    sa.Column('goal_id', sa.Integer(), nullable=False),
    sa.Column('threshold', sa.Integer(), nullable=False),
    sa.Column('attainment', sa.Numeric(precision=10, scale=4), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['goal_id'], ['goal.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspace.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('goal_id', 'threshold', name='uq_celebration_goal_threshold')
    )
    with op.batch_alter_table('celebration', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_celebration_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('nomination',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workspace_id', sa.Integer(), nullable=False),
    sa.Column('reward_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('nominated_by_id', sa.Integer(), nullable=True),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('achievement', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('value', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('days', sa.Integer(), nullable=True),
    sa.Column('starts_on', sa.Date(), nullable=True),
    sa.Column('period_key', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('over_budget', sa.Boolean(), nullable=False),
    sa.Column('time_off_id', sa.Integer(), nullable=True),
    sa.Column('request_key', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['person.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['nominated_by_id'], ['person.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reward_id'], ['reward.id'], ),
    sa.ForeignKeyConstraint(['time_off_id'], ['time_off.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspace.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('workspace_id', 'request_key', name='uq_nomination_request')
    )
    with op.batch_alter_table('nomination', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_nomination_person_id'), ['person_id'], unique=False)
        batch_op.create_index('ix_nomination_spend', ['workspace_id', 'reward_id', 'status', 'period_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_nomination_workspace_id'), ['workspace_id'], unique=False)

    with op.batch_alter_table('workspace', schema=None) as batch_op:
        batch_op.add_column(sa.Column('celebration_thresholds', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('recognition_top_n', sa.Integer(), nullable=False, server_default='5'))
        batch_op.add_column(sa.Column('recognition_min_attainment', sa.Integer(), nullable=False, server_default='100'))
        batch_op.add_column(sa.Column('kudos_daily_limit', sa.Integer(), nullable=False, server_default='5'))



def downgrade() -> None:
    with op.batch_alter_table('workspace', schema=None) as batch_op:
        batch_op.drop_column('kudos_daily_limit')
        batch_op.drop_column('recognition_min_attainment')
        batch_op.drop_column('recognition_top_n')
        batch_op.drop_column('celebration_thresholds')

    with op.batch_alter_table('nomination', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_nomination_workspace_id'))
        batch_op.drop_index('ix_nomination_spend')
        batch_op.drop_index(batch_op.f('ix_nomination_person_id'))

    op.drop_table('nomination')
    with op.batch_alter_table('celebration', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_celebration_workspace_id'))

    op.drop_table('celebration')
    op.drop_table('reward')
    with op.batch_alter_table('kudos', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kudos_receiver_id'))
        batch_op.drop_index('ix_kudos_period')
        batch_op.drop_index('ix_kudos_giver_day')

    op.drop_table('kudos')
    op.drop_table('recognition_announcement')
