"""Atlas Pelatihan — entry point: page config, the shared sidebar and banner, navigation.

Everything a page needs is computed here once per run (atlas.ui.shell.build_page_context) and
handed to the page function as its argument: every page in views/ is `render(ctx)`, registered as
`st.Page(partial(render, ctx), url_path=...)`. Streamlit identifies a page by the hash of its
url path, so the page rebuilt with a new context each run stays the same page (and URL).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

import streamlit as st

from atlas.i18n import t
from atlas.ui.auth import detail_access_granted
from atlas.ui.context import PAGE_PATHS, PageContext
from atlas.ui.memory import watch_session
from atlas.ui.share import page_actions
from atlas.ui.shell import build_page_context, version_caption
from atlas.ui.widgets import source_banner
from views import data, manage, overview, sdg
from views import map as map_view

# url path (atlas.ui.context.PAGE_PATHS, in navigation order) -> (the page, title key, icon)
PAGES: dict[str, tuple[Callable[[PageContext], None], str, str]] = {
    "overview": (overview.render, "nav.overview", ":material/dashboard:"),
    "map": (map_view.render, "nav.map", ":material/map:"),
    "sdg": (sdg.render, "nav.sdg", ":material/target:"),
    "data": (data.render, "nav.data", ":material/table_view:"),
    # The organizers' workspace: in the navigation only for visitors with access.
    "manage": (manage.render, "nav.manage", ":material/publish:"),
}


def navigation_pages(ctx: PageContext, *, with_manage: bool) -> list[st.Page]:
    return [
        st.Page(
            partial(render, ctx),
            title=t(title_key, ctx.lang),
            icon=icon,
            url_path=url_path,
            default=url_path == PAGE_PATHS[0],
        )
        for url_path in PAGE_PATHS
        if with_manage or url_path != "manage"
        for render, title_key, icon in [PAGES[url_path]]
    ]


st.set_page_config(
    page_title="Atlas Pelatihan",
    # A local image: a ":material/...:" page icon makes the browser fetch it from a font CDN.
    page_icon=str(Path(__file__).parent / "static" / "atlas-icon.png"),
    layout="wide",
    initial_sidebar_state="expanded",
)

watch_session()  # its end is noticed and what it leaves is collected (atlas.ui.memory)
context = build_page_context()
navigation = st.navigation(
    navigation_pages(context, with_manage=detail_access_granted()), position="sidebar"
)
page_actions(context, navigation)
version_caption(context)
source_banner(context)  # the demo/upload label and the active filters, above every page
try:
    navigation.run()
finally:
    # This module stays in sys.modules["__main__"] until the next run of any session: it must
    # not keep this session's page context (its frames, an upload) for that long.
    del context, navigation
