"""The Manage page's record tabs: the version history (downloads, rollback), the region
corrections and the audit log. Only reached behind the organizers' access (atlas.ui.workspace)."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from atlas import tables
from atlas.gazetteer import Gazetteer
from atlas.store import service
from atlas.store.records import StaleVersionError
from atlas.store.store import Store
from atlas.ui.auth import access_author, detail_access_granted
from atlas.ui.context import PageContext
from atlas.ui.shell import published_date
from atlas.ui.widgets import table

MESSAGE_KEY = "atlas_manage_message"  # (kind, text) of the last action, shown on the next run


def say(kind: str, text: str) -> None:
    """A message for the top of the Manage page on its next run (after a callback)."""
    st.session_state[MESSAGE_KEY] = (kind, text)


def _rollback(store: Store, ctx: PageContext, target: int, latest: int) -> None:
    if not detail_access_granted():
        return
    try:
        version = store.rollback(
            target,
            author=access_author(),
            note=ctx.t("manage.rollback_note", version=target),
            expected_parent=latest,
        )
    except StaleVersionError:
        say("error", ctx.t("manage.stale"))
        return
    say("success", ctx.t("manage.rolled_back", version=version.number, target=target))


def history_tab(store: Store, ctx: PageContext) -> None:
    t, lang = ctx.t, ctx.lang
    versions = store.versions()
    if not versions:
        st.info(t("version.none"))
        return
    rows = [
        {
            "version": v.number,
            "published": published_date(v, lang),
            "kind": t(f"manage.kind_{v.kind}"),
            "author": v.author,
            "note": v.note,
            "trainings": v.trainings,
            "participants": v.participants_total,
            "rejected": v.rejected_trainings + v.rejected_participants,
        }
        for v in versions
    ]
    table(tables.localized_table(pd.DataFrame(rows), lang), key="manage_versions")
    numbers = [v.number for v in versions]
    chosen = st.selectbox(
        t("manage.history_pick"),
        options=numbers,
        key="atlas_manage_version",
        format_func=lambda n: t(
            "version.caption",
            version=n,
            date=published_date(next(v for v in versions if v.number == n), lang),
        ),
    )
    _version_downloads(store, ctx, chosen)
    if chosen != numbers[0]:
        st.button(
            t("manage.rollback", version=chosen),
            key="atlas_manage_rollback",
            on_click=_rollback,
            args=(store, ctx, chosen, numbers[0]),
        )


def _version_downloads(store: Store, ctx: PageContext, chosen: int) -> None:
    """A version's original files, byte for byte, and its report of rejected rows."""
    t = ctx.t
    roles = {"trainings": t("data.table_trainings"), "participants": t("data.table_participants")}
    columns = st.columns(3)
    for position, file in enumerate(store.files(chosen)):
        with columns[position % 3]:
            st.download_button(
                f"{file.name} ({roles.get(file.role, file.role)})",
                data=file.data,
                file_name=file.name,
                key=f"atlas_manage_file_{chosen}_{position}",
                icon=":material/download:",
                on_click="ignore",
            )
    st.download_button(
        t("manage.download_report"),
        data=partial(service.rejections_csv, store, chosen),
        file_name=f"versi-{chosen}-ditolak.csv",
        mime="text/csv",
        key=f"atlas_manage_report_{chosen}",
        icon=":material/download:",
        on_click="ignore",
    )


def corrections_tab(store: Store, ctx: PageContext, gazetteer: Gazetteer) -> None:
    stored = store.corrections()
    if not stored:
        st.caption(ctx.t("manage.corrections_none"))
        return
    rows = [
        {
            "region": c.region_text,
            "province": c.province_text,
            "region_name": ctx.t("manage.fix_outside")
            if c.outside
            else gazetteer.by_code[c.code].name
            if c.code in gazetteer.by_code
            else c.code,
            "author": c.author,
        }
        for c in stored
    ]
    table(tables.localized_table(pd.DataFrame(rows), ctx.lang), key="manage_corrections")


def audit_tab(store: Store) -> None:
    """The last 100 writes to the store."""
    entries = store.audit(limit=100)
    frame = pd.DataFrame(
        [
            {
                "at": e["at"].strftime("%Y-%m-%d %H:%M UTC"),
                "actor": e["actor"],
                "action": e["action"],
                "version": e["version"],
            }
            for e in entries
        ]
    )
    table(frame, key="manage_audit")
