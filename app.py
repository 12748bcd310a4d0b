"""Atlas Pelatihan — entry point: page config, the shared sidebar, navigation over views/.

Everything a page needs is computed here once per run (atlas.ui.shell.build_page_context) and
handed over through atlas.ui.context before st.navigation runs the page script.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from atlas.i18n import t
from atlas.ui.auth import detail_access_granted
from atlas.ui.context import PAGES_DIR, StateKeys, clear_page_context, set_page_context
from atlas.ui.share import page_actions
from atlas.ui.shell import build_page_context, version_caption

st.set_page_config(
    page_title="Atlas Pelatihan",
    # A local image: a ":material/...:" page icon makes the browser fetch it from a font CDN.
    page_icon=str(Path(__file__).parent / "static" / "atlas-icon.png"),
    layout="wide",
    initial_sidebar_state="expanded",
)

context = build_page_context()
lang = context.lang
pages = [
    st.Page(
        f"{PAGES_DIR}/overview.py",
        title=t("nav.overview", lang),
        icon=":material/dashboard:",
        url_path="overview",
        default=True,
    ),
    st.Page(f"{PAGES_DIR}/map.py", title=t("nav.map", lang), icon=":material/map:", url_path="map"),
    st.Page(
        f"{PAGES_DIR}/sdg.py", title=t("nav.sdg", lang), icon=":material/target:", url_path="sdg"
    ),
    st.Page(
        f"{PAGES_DIR}/data.py",
        title=t("nav.data", lang),
        icon=":material/table_view:",
        url_path="data",
    ),
]
if detail_access_granted():
    # The organizers' workspace: in the navigation only for visitors with access.
    pages.append(
        st.Page(
            f"{PAGES_DIR}/manage.py",
            title=t("nav.manage", lang),
            icon=":material/publish:",
            url_path="manage",
        )
    )
navigation = st.navigation(pages, position="sidebar")
set_page_context(context)
page_actions(context, navigation)
version_caption(context)
try:
    navigation.run()
finally:
    # A context must never outlive its run: the next run builds its own from fresh widgets,
    # and no session keeps the frames of a finished run alive.
    clear_page_context()
    st.session_state.pop(StateKeys.BANNER_SHOWN_FOR, None)
