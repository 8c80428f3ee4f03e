"""feedback figures from a covering index: the scale joins the index, after the workspace

``ix_feedback_aggregate`` lacked ``scale``, which every figure filters on, so each answer in the
period was read from the table; ``ix_feedback_figures`` holds every column the figures filter,
group and count on (an index-only scan on PostgreSQL, a covering index on SQLite).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-10
"""

from collections.abc import Sequence

from alembic import op


revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.create_index(
            'ix_feedback_figures',
            ['workspace_id', 'scale', 'given_on', 'stage', 'product_id', 'person_id', 'score'],
            unique=False,
        )
        batch_op.drop_index('ix_feedback_aggregate')


def downgrade() -> None:
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.create_index(
            'ix_feedback_aggregate',
            ['workspace_id', 'given_on', 'stage', 'product_id', 'person_id', 'score'],
            unique=False,
        )
        batch_op.drop_index('ix_feedback_figures')
