"""Expert change stamps: a version counter and the experts each version changed

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 01:28:48.529281

"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('expert_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('expert_id', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('changed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('expert_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_expert_change_version'), ['version'], unique=False)

    version = op.create_table('expert_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    # Version 0: what every worker has when it first reads the experts.
    op.bulk_insert(version, [{"id": 1, "version": 0}])


def downgrade():
    op.drop_table('expert_version')
    with op.batch_alter_table('expert_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_expert_change_version'))

    op.drop_table('expert_change')
