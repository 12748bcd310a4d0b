"""Alembic environment: run programmatically by atlas.store.engine.migrate on a live connection
(config.attributes["connection"]); there is no alembic.ini."""

from __future__ import annotations

from alembic import context

from atlas.store.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("atlas migrations run through atlas.store.engine.migrate(engine)")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
