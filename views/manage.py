"""Kelola data / Manage data: the organizers' workspace (atlas.ui.workspace)."""

from __future__ import annotations

import streamlit as st

from atlas.ui import workspace
from atlas.ui.auth import detail_access_granted
from atlas.ui.context import PageContext
from atlas.ui.loaders import atlas_store


def render(ctx: PageContext) -> None:
    st.title(ctx.t("manage.title"))
    if not detail_access_granted():
        st.info(ctx.t("manage.no_access"), icon=":material/lock:")
        return
    workspace.render(ctx, atlas_store(ctx.gazetteer), ctx.gazetteer)
