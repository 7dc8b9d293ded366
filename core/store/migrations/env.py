"""Alembic environment: run against the connection handed over by core.store.schema."""

from alembic import context

from core.store.tables import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
