"""The store's tables (SQLAlchemy Core). Alembic owns the schema: a change here needs a migration
in atlas/store/migrations/versions/ (tests/store checks that the two agree).

A version's rows live under a *content id*: the id of the version that wrote them. A rollback is a
new version whose content id is the earlier version's, so it costs one row, not a copy.
Personal fields (name, position, email, phone) live in their own table, which the public pages
never read.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

store_meta = Table(
    "store_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

datasets = Table(
    "datasets",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("name", String(200), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

versions = Table(
    "versions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("dataset_id", Integer, ForeignKey("datasets.id"), nullable=False),
    Column("parent_id", Integer, ForeignKey("versions.id"), nullable=True),
    Column("content_id", Integer, nullable=False),
    Column("kind", String(16), nullable=False),  # seed | publish | append | rollback
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("author", String(200), nullable=False),
    Column("note", Text, nullable=False),
    Column("trainings", Integer, nullable=False),
    Column("participants", Integer, nullable=False),  # accepted participant rows
    Column("participants_total", Integer, nullable=False),  # sum of delegates
    Column("trainings_rows", Integer, nullable=False),  # input rows (accepted + rejected)
    Column("participants_rows", Integer, nullable=False),
    Column("rejected_trainings", Integer, nullable=False),
    Column("rejected_participants", Integer, nullable=False),
    # region names the resolver's typo search left out (its bound), see atlas.typos
    Column("typo_search_skipped", Integer, nullable=False, server_default="0"),
)

files = Table(
    "files",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("sha256", String(64), nullable=False, unique=True),
    Column("size", Integer, nullable=False),
    Column("content", LargeBinary, nullable=False),
)

version_files = Table(
    "version_files",
    metadata,
    Column("content_id", Integer, ForeignKey("versions.id"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("role", String(16), nullable=False),  # trainings | participants
    Column("name", String(300), nullable=False),
    Column("file_id", Integer, ForeignKey("files.id"), nullable=False),
)

trainings = Table(
    "trainings",
    metadata,
    Column("content_id", Integer, ForeignKey("versions.id"), primary_key=True),
    Column("row", Integer, primary_key=True),
    Column("training_id", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("start_date", Date, nullable=False),
    Column("end_date", Date, nullable=False),
    Column("venue", Text, nullable=False),
    Column("organizer", Text, nullable=False),
    Column("partners", Text, nullable=False),
    Column("theme", Text, nullable=False),
    Column("method", Text, nullable=False),
    Column("sdg_goals", Text, nullable=False),  # "11;17"
    Column("sdg_targets", Text, nullable=False),  # "11.3;17.17"
    Column("source_url", Text, nullable=False),
    Column("line", Integer, nullable=False),
    Column("source_file", Text, nullable=False),
    Column("year", Integer, nullable=False),
    Column("venue_status", String(16)),
    Column("venue_code", String(16)),
    Column("venue_name", Text),
)

participants = Table(
    "participants",
    metadata,
    Column("content_id", Integer, ForeignKey("versions.id"), primary_key=True),
    Column("row", Integer, primary_key=True),
    Column("training_id", Text, nullable=False),
    Column("institution", Text, nullable=False),
    Column("region", Text, nullable=False),
    Column("province", Text, nullable=False),
    Column("level", String(16), nullable=False),
    Column("gender", Text, nullable=False),  # public only as suppressed counts
    Column("delegates", Integer, nullable=False),
    Column("line", Integer, nullable=False),
    Column("source_file", Text, nullable=False),
    Column("region_status", String(16), nullable=False),
    Column("region_code", String(16)),
    Column("region_name", Text),
    Column("region_type", String(16)),
    Column("province_code", String(8)),
    Column("province_name", Text),
    Column("region_method", String(16)),
    Column("region_candidates", Text, nullable=False),  # JSON list of official names
    Column("lat", Float),
    Column("lon", Float),
)

participant_personal = Table(
    "participant_personal",
    metadata,
    Column("content_id", Integer, ForeignKey("versions.id"), primary_key=True),
    Column("row", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("position", Text, nullable=False),
    Column("email", Text, nullable=False),
    Column("phone", Text, nullable=False),
)

rejections = Table(
    "rejections",
    metadata,
    Column("content_id", Integer, ForeignKey("versions.id"), primary_key=True),
    Column("row", Integer, primary_key=True),
    Column("table_name", String(16), nullable=False),  # trainings | participants
    Column("source_file", Text, nullable=False),
    Column("line", Integer, nullable=False),
    Column("column_name", Text),
    Column("reason", Text, nullable=False),
    Column("code", String(64)),
)

# Reasons that quote the cell values (atlas.schema.Rejection.detail): they may be personal (a
# shifted name or phone), so they live apart from the public reasons, like participant_personal.
rejection_details = Table(
    "rejection_details",
    metadata,
    Column("content_id", Integer, ForeignKey("versions.id"), primary_key=True),
    Column("row", Integer, primary_key=True),
    Column("detail", Text, nullable=False),
)

corrections = Table(
    "corrections",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("dataset_id", Integer, ForeignKey("datasets.id"), nullable=False),
    Column("region_key", Text, nullable=False),  # gazetteer.normalise(region text)
    Column("province_key", Text, nullable=False),  # gazetteer.normalise(province hint)
    Column("region_text", Text, nullable=False),  # as first written
    Column("province_text", Text, nullable=False),
    Column("code", String(16)),  # NULL with outside = true
    Column("outside", Boolean, nullable=False),  # outside Indonesia / not a government
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("author", String(200), nullable=False),
    UniqueConstraint("dataset_id", "region_key", "province_key", name="uq_corrections_key"),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("action", String(32), nullable=False),
    Column("version_id", Integer),
    Column("detail", Text, nullable=False),  # JSON
)

access_failures = Table(
    "access_failures",
    metadata,
    Column("client", String(200), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("first_at", DateTime(timezone=True), nullable=False),
    Column("last_at", DateTime(timezone=True), nullable=False),
)

Index("ix_audit_log_at", audit_log.c.at)
