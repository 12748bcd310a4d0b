"""The first schema: datasets, immutable versions, their rows, files, rejections, corrections,
audit log and access lock-out counters.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "store_meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "datasets",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_table(
        "versions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("dataset_id", sa.Integer, sa.ForeignKey("datasets.id"), nullable=False),
        sa.Column("parent_id", sa.Integer, sa.ForeignKey("versions.id"), nullable=True),
        sa.Column("content_id", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("trainings", sa.Integer, nullable=False),
        sa.Column("participants", sa.Integer, nullable=False),
        sa.Column("participants_total", sa.Integer, nullable=False),
        sa.Column("trainings_rows", sa.Integer, nullable=False),
        sa.Column("participants_rows", sa.Integer, nullable=False),
        sa.Column("rejected_trainings", sa.Integer, nullable=False),
        sa.Column("rejected_participants", sa.Integer, nullable=False),
    )
    op.create_table(
        "files",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "version_files",
        sa.Column("content_id", sa.Integer, sa.ForeignKey("versions.id"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("file_id", sa.Integer, sa.ForeignKey("files.id"), nullable=False),
    )
    op.create_table(
        "trainings",
        sa.Column("content_id", sa.Integer, sa.ForeignKey("versions.id"), primary_key=True),
        sa.Column("row", sa.Integer, primary_key=True),
        *[sa.Column(name, sa.Text, nullable=False) for name in ("training_id", "title")],
        sa.Column("start_date", sa.Date, nullable=False),
        sa.Column("end_date", sa.Date, nullable=False),
        *[
            sa.Column(name, sa.Text, nullable=False)
            for name in (
                "venue",
                "organizer",
                "partners",
                "theme",
                "method",
                "sdg_goals",
                "sdg_targets",
                "source_url",
            )
        ],  # fmt: skip
        sa.Column("line", sa.Integer, nullable=False),
        sa.Column("source_file", sa.Text, nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("venue_status", sa.String(16)),
        sa.Column("venue_code", sa.String(16)),
        sa.Column("venue_name", sa.Text),
    )
    op.create_table(
        "participants",
        sa.Column("content_id", sa.Integer, sa.ForeignKey("versions.id"), primary_key=True),
        sa.Column("row", sa.Integer, primary_key=True),
        *[
            sa.Column(name, sa.Text, nullable=False)
            for name in ("training_id", "institution", "region", "province")
        ],
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("gender", sa.Text, nullable=False),
        sa.Column("delegates", sa.Integer, nullable=False),
        sa.Column("line", sa.Integer, nullable=False),
        sa.Column("source_file", sa.Text, nullable=False),
        sa.Column("region_status", sa.String(16), nullable=False),
        sa.Column("region_code", sa.String(16)),
        sa.Column("region_name", sa.Text),
        sa.Column("region_type", sa.String(16)),
        sa.Column("province_code", sa.String(8)),
        sa.Column("province_name", sa.Text),
        sa.Column("region_method", sa.String(16)),
        sa.Column("region_candidates", sa.Text, nullable=False),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
    )
    op.create_table(
        "participant_personal",
        sa.Column("content_id", sa.Integer, sa.ForeignKey("versions.id"), primary_key=True),
        sa.Column("row", sa.Integer, primary_key=True),
        *[
            sa.Column(name, sa.Text, nullable=False)
            for name in ("name", "position", "email", "phone")
        ],
    )
    op.create_table(
        "rejections",
        sa.Column("content_id", sa.Integer, sa.ForeignKey("versions.id"), primary_key=True),
        sa.Column("row", sa.Integer, primary_key=True),
        sa.Column("table_name", sa.String(16), nullable=False),
        sa.Column("source_file", sa.Text, nullable=False),
        sa.Column("line", sa.Integer, nullable=False),
        sa.Column("column_name", sa.Text),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("code", sa.String(64)),
    )
    op.create_table(
        "corrections",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("dataset_id", sa.Integer, sa.ForeignKey("datasets.id"), nullable=False),
        sa.Column("region_key", sa.Text, nullable=False),
        sa.Column("province_key", sa.Text, nullable=False),
        sa.Column("region_text", sa.Text, nullable=False),
        sa.Column("province_text", sa.Text, nullable=False),
        sa.Column("code", sa.String(16)),
        sa.Column("outside", sa.Boolean, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.UniqueConstraint("dataset_id", "region_key", "province_key", name="uq_corrections_key"),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", TZ, nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("version_id", sa.Integer),
        sa.Column("detail", sa.Text, nullable=False),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_table(
        "access_failures",
        sa.Column("client", sa.String(200), primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("first_at", TZ, nullable=False),
        sa.Column("last_at", TZ, nullable=False),
    )


def downgrade() -> None:
    for table in (
        "access_failures", "audit_log", "corrections", "rejections", "participant_personal",
        "participants", "trainings", "version_files", "files", "versions", "datasets",
        "store_meta",
    ):  # fmt: skip
        op.drop_table(table)
