"""the training library, assignments, completions and reminder claims

Team assignments name the team, not its people: who is in the team is read when asked, so a
person who joins later has the team's trainings. Completions keep the item, the team and the
due date, so they can be counted per person, team, product, topic and period.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes  # noqa: F401  (autogenerate refers to it)
from alembic import op


revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('training_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workspace_id', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=150), nullable=False),
    sa.Column('title_key', sqlmodel.sql.sqltypes.AutoString(length=150), nullable=False),
    sa.Column('content', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('topic', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=True),
    sa.Column('minutes', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['person.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspace.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('workspace_id', 'title_key')
    )
    with op.batch_alter_table('training_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_item_product_id'), ['product_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_training_item_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('training_assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workspace_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.Column('first_due', sa.Date(), nullable=False),
    sa.Column('every', sa.Integer(), nullable=True),
    sa.Column('unit', sqlmodel.sql.sqltypes.AutoString(length=6), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('assigned_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assigned_by_id'], ['person.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['item_id'], ['training_item.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspace.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('training_assignment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_assignment_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_training_assignment_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_training_assignment_team_id'), ['team_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_training_assignment_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('training_completion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workspace_id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.Column('occurrence', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assignment_id'], ['training_assignment.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['item_id'], ['training_item.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspace.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('assignment_id', 'person_id', 'occurrence', name='uq_training_completion')
    )
    with op.batch_alter_table('training_completion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_completion_item_id'), ['item_id'], unique=False)
        batch_op.create_index('ix_training_completion_period', ['workspace_id', 'completed_on', 'person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_training_completion_person_id'), ['person_id'], unique=False)

    op.create_table('training_reminder',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workspace_id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('occurrence', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('error', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('claimed_by', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assignment_id'], ['training_assignment.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspace.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('assignment_id', 'person_id', 'occurrence', 'kind', name='uq_training_reminder')
    )
    with op.batch_alter_table('training_reminder', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_reminder_workspace_id'), ['workspace_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('training_reminder', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_reminder_workspace_id'))

    op.drop_table('training_reminder')
    with op.batch_alter_table('training_completion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_completion_person_id'))
        batch_op.drop_index('ix_training_completion_period')
        batch_op.drop_index(batch_op.f('ix_training_completion_item_id'))

    op.drop_table('training_completion')
    with op.batch_alter_table('training_assignment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_assignment_workspace_id'))
        batch_op.drop_index(batch_op.f('ix_training_assignment_team_id'))
        batch_op.drop_index(batch_op.f('ix_training_assignment_person_id'))
        batch_op.drop_index(batch_op.f('ix_training_assignment_item_id'))

    op.drop_table('training_assignment')
    with op.batch_alter_table('training_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_item_workspace_id'))
        batch_op.drop_index(batch_op.f('ix_training_item_product_id'))

    op.drop_table('training_item')
