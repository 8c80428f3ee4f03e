"""coaching plans and check-ins

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-15
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes  # noqa: F401  (autogenerate refers to it)
from alembic import op


revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('coaching_plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workspace_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('manager_id', sa.Integer(), nullable=False),
    sa.Column('diagnosis_id', sa.Integer(), nullable=True),
    sa.Column('open_key', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('focus_areas', sa.JSON(), nullable=False),
    sa.Column('focus_note', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('cadence', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('first_check_in', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('state', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('outcome', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
    sa.Column('escalation', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('outcome_note', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('ended_by_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('end_reminded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['diagnosis_id'], ['diagnosis.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['ended_by_id'], ['person.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['manager_id'], ['person.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspace.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('workspace_id', 'open_key', name='uq_coaching_plan_open')
    )
    with op.batch_alter_table('coaching_plan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_coaching_plan_manager_id'), ['manager_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_coaching_plan_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_coaching_plan_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('coaching_check_in',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workspace_id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('done_by_id', sa.Integer(), nullable=True),
    sa.Column('notes', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('next_steps', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('reminded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['done_by_id'], ['person.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['plan_id'], ['coaching_plan.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspace.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('plan_id', 'number', name='uq_coaching_check_in')
    )
    with op.batch_alter_table('coaching_check_in', schema=None) as batch_op:
        batch_op.create_index('ix_coaching_check_in_due', ['workspace_id', 'done_at', 'due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_coaching_check_in_plan_id'), ['plan_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('coaching_check_in', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_coaching_check_in_plan_id'))
        batch_op.drop_index('ix_coaching_check_in_due')

    op.drop_table('coaching_check_in')
    with op.batch_alter_table('coaching_plan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_coaching_plan_workspace_id'))
        batch_op.drop_index(batch_op.f('ix_coaching_plan_person_id'))
        batch_op.drop_index(batch_op.f('ix_coaching_plan_manager_id'))

    op.drop_table('coaching_plan')
