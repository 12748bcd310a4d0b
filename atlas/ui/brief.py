"""The brief dialog: the one-page A4 brief of the current view as PDF and as offline HTML.

Both files are built on click (deferred download data), from atlas.brief, with the view's link
and data version; nothing is cached across sessions (a brief may show an upload's data)."""

from __future__ import annotations

import datetime as dt
import re

import streamlit as st

from atlas import brief as brief_module
from atlas.brief_html import brief_html
from atlas.brief_pdf import brief_pdf
from atlas.ui.context import PageContext


def _build(ctx: PageContext, link: str, version: str | None) -> brief_module.Brief:
    return brief_module.build_brief(
        ctx.dataset,
        ctx.view,
        ctx.filters,
        ctx.gazetteer.regions,
        ctx.lang,
        link=link,
        version=version,
        generated_at=dt.datetime.now(dt.UTC),
    )


def brief_pdf_bytes(ctx: PageContext, link: str, version: str | None) -> bytes:
    return brief_pdf(_build(ctx, link, version))


def brief_html_bytes(ctx: PageContext, link: str, version: str | None) -> bytes:
    return brief_html(_build(ctx, link, version)).encode("utf-8")


def brief_file_stem(ctx: PageContext) -> str:
    """ "atlas-ringkasan-jawa-timur" / "atlas-brief-indonesia": safe ASCII for a file name."""
    scope, _ = brief_module.filter_description(
        ctx.filters, ctx.dataset, ctx.gazetteer.regions, ctx.lang
    )
    slug = re.sub(r"[^a-z0-9]+", "-", scope.lower()).strip("-")[:60] or "indonesia"
    return f"atlas-{ctx.t('brief.file_word')}-{slug}"


def brief_dialog(ctx: PageContext, link: str, version: str | None) -> None:
    """The dialog body: what the brief holds, and its two downloads."""
    st.caption(ctx.t("brief.intro"))
    stem = brief_file_stem(ctx)
    left, right = st.columns(2)
    with left:
        st.download_button(
            ctx.t("brief.download_pdf"),
            data=lambda: brief_pdf_bytes(ctx, link, version),
            file_name=f"{stem}.pdf",
            mime="application/pdf",
            key="atlas_brief_pdf",
            icon=":material/picture_as_pdf:",
            on_click="ignore",
            type="primary",
        )
    with right:
        st.download_button(
            ctx.t("brief.download_html"),
            data=lambda: brief_html_bytes(ctx, link, version),
            file_name=f"{stem}.html",
            mime="text/html",
            key="atlas_brief_html",
            icon=":material/html:",
            on_click="ignore",
        )
