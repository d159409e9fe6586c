"""Alembic environment: runs on the connection the workspace hands over."""

from alembic import context

from models.entities import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    transaction_per_migration=True,
    # SQLite DDL is transactional here because the engine emits BEGIN itself
    # (models/dialect.py); PostgreSQL's always is.
    transactional_ddl=True,
    render_as_batch=True,
)
with context.begin_transaction():
    context.run_migrations()
