"""diagnosis_question: a diagnosis step's question to its department's contact, and the answer

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-14
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes  # noqa: F401  (autogenerate refers to it)
from alembic import op


revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('diagnosis_question',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workspace_id', sa.Integer(), nullable=False),
    sa.Column('diagnosis_id', sa.Integer(), nullable=False),
    sa.Column('step', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('department', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('asked_to', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('asked_by_id', sa.Integer(), nullable=True),
    sa.Column('asked_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('answer', sqlmodel.sql.sqltypes.AutoString(length=3), nullable=True),
    sa.Column('comment', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reminded_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['answered_by_id'], ['person.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['asked_by_id'], ['person.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['diagnosis_id'], ['diagnosis.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspace.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('diagnosis_id', 'step', name='uq_diagnosis_question')
    )
    with op.batch_alter_table('diagnosis_question', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_diagnosis_question_workspace_id'), ['workspace_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('diagnosis_question', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_diagnosis_question_workspace_id'))

    op.drop_table('diagnosis_question')
