"""Versions remember how many region names were left out of the typo search (the resolver's
bound), so the published data's quality report can say so; rejection reasons that quote cell
values (possibly personal) are kept apart, in rejection_details.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("versions") as batch:
        batch.add_column(
            sa.Column("typo_search_skipped", sa.Integer, nullable=False, server_default="0")
        )
    op.create_table(
        "rejection_details",
        sa.Column("content_id", sa.Integer, sa.ForeignKey("versions.id"), primary_key=True),
        sa.Column("row", sa.Integer, primary_key=True),
        sa.Column("detail", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("rejection_details")
    with op.batch_alter_table("versions") as batch:
        batch.drop_column("typo_search_skipped")
