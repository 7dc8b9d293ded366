"""Alembic environment: run against the connection handed over by core.store.schema.

Migrations never import the app's live code (``core.*``): a script is frozen as it was
written, so an old folder upgrades the same way whatever the app has become since.
"""

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=None, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
