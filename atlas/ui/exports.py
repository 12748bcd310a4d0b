"""What every exported workbook says about itself (its *Tentang / About* sheet), and the
combined workbook download of the Data page.

The About sheet names the dataset, the data version, the filters, the link of the view, the
source and license lines, the generation time and the row count of every table."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from atlas import export
from atlas.brief import filter_description
from atlas.ui.context import PageContext
from atlas.ui.loaders import VERSION_PARAM

VIEW_LINK_KEY = "atlas_view_link"  # the link of this run's view (a string), set by atlas.ui.share


def data_version(ctx: PageContext) -> str | None:
    """The published data version of the view: `?versi=N`, else the dataset's own version."""
    pinned = st.query_params.get(VERSION_PARAM)
    if pinned:
        return str(pinned)
    version = getattr(ctx.dataset, "version", None)
    return None if version is None else str(version)


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export_about(ctx: PageContext, link: str | None, version: str | None) -> export.ExportAbout:
    t = ctx.t
    _, filter_text = filter_description(ctx.filters, ctx.dataset, ctx.gazetteer.regions, ctx.lang)
    dataset = t(f"source.{ctx.source}")
    if ctx.synthetic:
        dataset = f"{dataset} — {t('synthetic.badge')}"
    urls = sorted(
        {
            str(url)
            for url in ctx.dataset.trainings.get("source_url", [])
            if isinstance(url, str) and url
        }
    )
    source = t(f"brief.source_{ctx.source}")
    if urls:
        source = f"{source} · {', '.join(urls)}"
    lines = [
        (t("export.about_dataset"), dataset),
        (t("export.about_version"), version or t("brief.version_none")),
        (t("export.about_filter"), filter_text.split(": ", 1)[-1]),
    ]
    if link:
        lines.append((t("brief.link"), link))
    lines += [
        (t("export.about_source"), source),
        (t("export.about_license"), t("export.license_text")),
    ]
    return export.ExportAbout(
        sheet_name=t("export.about_sheet"),
        lines=tuple(lines),
        generated_label=t("export.about_generated"),
        rows_label=t("export.about_rows", table="{table}"),
    )


def export_about_of_view(ctx: PageContext) -> export.ExportAbout:
    """The About sheet of the view `ctx` shows, with this run's link (when page_actions drew it)."""
    return export_about(ctx, st.session_state.get(VIEW_LINK_KEY), data_version(ctx))


def workbook_download(
    tables: dict[str, pd.DataFrame], *, ctx: PageContext, label: str, file_name: str, key: str
) -> None:
    """One XLSX with a sheet per table and the About sheet of the view, built on click."""
    st.download_button(
        label,
        data=partial(export.workbook_bytes, tables, export_about_of_view(ctx)),
        file_name=file_name,
        mime=XLSX_MIME,
        key=key,
        icon=":material/download:",
        on_click="ignore",
    )
