"""The page actions on every page: *Bagikan / Share* (link + copy + QR code), the printable
brief, and the print stylesheet.

app.py calls `page_actions(context, navigation)` once per run, after st.navigation chose the
page and before the page runs, so every page has them at its top.

The link is built from the browser's URL (st.context.url: scheme, host, any path prefix) and
*every* query parameter of this run, read generically: the bound filters, `lang`, `data` and
whatever else the app keeps in the URL (e.g. the published data version `versi`).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from atlas import links
from atlas.ui.brief import brief_dialog
from atlas.ui.context import PageContext
from atlas.ui.exports import VIEW_LINK_KEY, data_version

PRINT_RULES_KEY = "atlas_print_rules"
PRINT_CSS = Path(__file__).resolve().parents[2] / "static" / "print.css"
SHARE_BUTTON_KEY = "atlas_share_open"
BRIEF_BUTTON_KEY = "atlas_brief_open"
LINK_KEY = "atlas_share_link"


def current_params() -> dict[str, list[str]]:
    """Every query parameter of this run, all values of repeated keys, in URL order."""
    return {key: st.query_params.get_all(key) for key in st.query_params}


def current_link(page_path: str) -> str:
    """The full link of the current view (relative when the browser URL is unknown)."""
    return links.view_link(st.context.url, page_path, current_params())


def print_stylesheet() -> None:
    """The print rules (static/print.css, our own file: no user text) for browser printing.

    Drawn as an element of the page (in a container that print.css itself hides), not as a
    style-only `st.html`: Streamlit puts a style-only block into its event container, which a
    rerun empties until the block is sent again, so a page printed mid-rerun had no print rules.
    A page element instead stays in place (stale) until the rerun redraws it.
    """
    with st.container(key=PRINT_RULES_KEY):
        st.html(f"<span hidden></span><style>{PRINT_CSS.read_text(encoding='utf-8')}</style>")


def _share_dialog(ctx: PageContext, link: str) -> None:
    st.caption(ctx.t("share.intro"))
    with st.container(key=LINK_KEY):
        st.code(link, language=None, wrap_lines=True)
    st.caption(ctx.t("share.copy_hint"))
    qr = links.qr_png(link)
    st.image(qr, caption=ctx.t("share.qr_caption"), width=220)
    st.download_button(
        ctx.t("share.qr_download"),
        data=qr,
        file_name="atlas-qr.png",
        mime="image/png",
        key="atlas_share_qr_download",
        icon=":material/qr_code_2:",
        on_click="ignore",
    )
    version = data_version(ctx)
    st.caption(ctx.t("share.version", version=version) if version else ctx.t("share.no_version"))


def page_actions(ctx: PageContext, page: object) -> None:
    """Share and brief buttons at the top of the page, and the print stylesheet."""
    print_stylesheet()
    page_path = str(getattr(page, "url_path", "") or "")
    link = current_link(page_path)
    st.session_state[VIEW_LINK_KEY] = link  # exports name the view they hold
    with st.container(key="atlas_page_actions", horizontal=True, horizontal_alignment="right"):
        if st.button(ctx.t("share.button"), key=SHARE_BUTTON_KEY, icon=":material/share:"):
            st.dialog(ctx.t("share.title"), width="medium")(_share_dialog)(ctx, link)
        if st.button(ctx.t("brief.button"), key=BRIEF_BUTTON_KEY, icon=":material/description:"):
            st.dialog(ctx.t("brief.title"), width="medium")(brief_dialog)(
                ctx, link, data_version(ctx)
            )
