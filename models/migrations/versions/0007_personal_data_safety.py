"""personal data safety: authority retention, attachment limit, public contacts; safe attachment names

Revision ID: 0007
Revises: 0002
Create Date: 2026-11-24 10:50:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0007'
down_revision: Union[str, Sequence[str], None] = '0004'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Add the authority's retention period, attachment limit and public contacts, and
    replace every stored attachment name by its safe base name."""
    from models.privacy.files import safe_file_name

    with op.batch_alter_table('authority') as batch:
        batch.add_column(sa.Column('public_contacts', sa.Text(), nullable=False,
                                   server_default=''))
        batch.add_column(sa.Column('retention_months', sa.Integer(), nullable=False,
                                   server_default='12'))
        batch.add_column(sa.Column('attachment_limit_mb', sa.Integer(), nullable=False,
                                   server_default='100'))
    bind = op.get_bind()
    attachment = sa.table('attachment', sa.column('id', sa.Integer),
                          sa.column('file_name', sa.String))
    rows = bind.execute(sa.select(attachment.c.id, attachment.c.file_name)
                        .where(attachment.c.file_name != '')).all()
    for row_id, name in rows:
        safe = safe_file_name(name)
        if safe != name:
            bind.execute(attachment.update().where(attachment.c.id == row_id)
                         .values(file_name=safe))


def downgrade() -> None:
    """Drop the authority's new columns (attachment names stay safe)."""
    with op.batch_alter_table('authority') as batch:
        batch.drop_column('attachment_limit_mb')
        batch.drop_column('retention_months')
        batch.drop_column('public_contacts')
