"""Candidate components: the score's component values at the last decision

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 00:32:55.489421

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    # Existing candidates get an empty object: no snapshot was kept for their decisions.
    with op.batch_alter_table('candidate', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('components', sa.JSON(), nullable=False, server_default=sa.text("'{}'"))
        )


def downgrade():
    with op.batch_alter_table('candidate', schema=None) as batch_op:
        batch_op.drop_column('components')
