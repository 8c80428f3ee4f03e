"""what's working: the workspace's techniques, win stories (one per sale) and their techniques

The default techniques are written on first use, not here: each workspace gets them when its
list is first read.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-08
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes  # noqa: F401  (autogenerate refers to it)
from alembic import op


revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('technique',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workspace_id', sa.Integer(), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('label', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspace.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('workspace_id', 'key', name='uq_technique_key')
    )
    op.create_table('win_story',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workspace_id', sa.Integer(), nullable=False),
    sa.Column('sale_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['person.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sale_id'], ['sale.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspace.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('sale_id', name='uq_win_story_sale')
    )
    with op.batch_alter_table('win_story', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_win_story_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_win_story_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('win_story_technique',
    sa.Column('story_id', sa.Integer(), nullable=False),
    sa.Column('technique_id', sa.Integer(), nullable=False),
    sa.Column('workspace_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['story_id'], ['win_story.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['technique_id'], ['technique.id'], ),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspace.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('story_id', 'technique_id')
    )
    with op.batch_alter_table('win_story_technique', schema=None) as batch_op:
        batch_op.create_index('ix_win_story_technique_rank', ['workspace_id', 'technique_id', 'story_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('win_story_technique', schema=None) as batch_op:
        batch_op.drop_index('ix_win_story_technique_rank')

    op.drop_table('win_story_technique')
    with op.batch_alter_table('win_story', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_win_story_workspace_id'))
        batch_op.drop_index(batch_op.f('ix_win_story_person_id'))

    op.drop_table('win_story')
    op.drop_table('technique')
