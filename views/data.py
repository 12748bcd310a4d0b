"""Data: filtered tables, the quality report, this session's own files, and downloads."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from atlas import metrics, tables, typos
from atlas.i18n import escape_markdown, format_number
from atlas.privacy import public_participants
from atlas.ui.auth import detail_access_gate, detail_access_granted
from atlas.ui.context import PageContext, StateKeys
from atlas.ui.exports import workbook_download
from atlas.ui.loaders import detail_participants, rejections_for_view
from atlas.ui.upload import (
    UPLOAD_TYPES,
    apply_upload_from_widgets,
    clear_upload,
    upload_limit_mb,
    uploaded_files,
)
from atlas.ui.widgets import csv_download, empty_state, table, xlsx_download


def render(ctx: PageContext) -> None:
    t = ctx.t
    st.title(t("data.title"))
    st.caption(t("data.intro"))

    tab_tables, tab_quality, tab_upload = st.tabs(
        [t("data.trainings") + " & " + t("data.participants"), t("data.quality"), t("data.upload")]
    )
    with tab_tables:
        tables_tab(ctx)
    with tab_quality:
        quality_tab(ctx)
    with tab_upload:
        upload_tab(ctx)


def tables_tab(ctx: PageContext) -> None:
    """The filtered tables (public or detail view) and their downloads."""
    t = ctx.t
    lang = ctx.lang
    if ctx.view.is_empty:
        empty_state(ctx)
        return
    trainings = ctx.view.trainings
    with st.expander(t("data.detail_expander"), icon=":material/lock:"):
        # For visitors: who to ask. Setting the detail view up is in the README.
        st.caption(t("data.detail_hint"))
        detail_access_gate(t)
    detail = detail_access_granted()
    participants = (
        detail_participants(ctx.dataset, ctx.view.participants)
        if detail
        else public_participants(ctx.view.participants)
    )
    st.header(t("data.trainings"), anchor=False)
    st.caption(t("data.trainings_caption", count=format_number(len(trainings), lang)))
    table(tables.trainings_table(trainings, lang), key="data_trainings")

    st.header(t("data.participants"), anchor=False)
    st.caption(
        t(
            "data.participants_caption",
            rows=format_number(len(participants), lang),
            count=format_number(metrics.total_participants(participants), lang),
        )
    )
    st.caption(t("data.detail_view") if detail else t("data.public_view"))
    table(tables.participants_table(participants, lang), key="data_participants")
    downloads_section(ctx, trainings, participants)


def downloads_section(
    ctx: PageContext, trainings: pd.DataFrame, participants: pd.DataFrame
) -> None:
    """CSV and XLSX of both tables (as shown: public or detail), and the combined workbook."""
    t = ctx.t
    st.header(t("data.downloads"), anchor=False)
    st.caption(t("data.downloads_caption"))
    columns = st.columns(4)
    trainings_file = tables.trainings_export(trainings)
    participants_file = tables.participants_export(participants)
    files = [
        (trainings_file, "data.download_trainings_csv", "trainings.csv"),
        (trainings_file, "data.download_trainings_xlsx", "trainings.xlsx"),
        (participants_file, "data.download_participants_csv", "participants.csv"),
        (participants_file, "data.download_participants_xlsx", "participants.xlsx"),
    ]
    for column, (frame, label_key, file_name) in zip(columns, files, strict=True):
        label = t(label_key)
        with column:
            if file_name.endswith(".csv"):
                csv_download(frame, label=label, file_name=file_name, key=f"download_{file_name}")
            else:
                xlsx_download(
                    frame, ctx=ctx, label=label, file_name=file_name, key=f"download_{file_name}"
                )
    workbook_download(
        {t("data.trainings"): trainings_file, t("data.participants"): participants_file},
        ctx=ctx,
        label=t("data.download_workbook"),
        file_name="atlas-data.xlsx",
        key="download_atlas-data.xlsx",
    )


def quality_tab(ctx: PageContext) -> None:
    """What was accepted and rejected, and the regions not placed on the map."""
    t = ctx.t
    lang = ctx.lang
    for report, label in (
        (ctx.dataset.trainings_report, t("data.table_trainings")),
        (ctx.dataset.participants_report, t("data.table_participants")),
    ):
        st.markdown(
            t(
                "data.quality_summary",
                table=label.capitalize(),
                rows=format_number(report.rows, lang),
                accepted=format_number(report.accepted, lang),
                rejected=format_number(len(report.rejected), lang),
            )
        )
        for note in getattr(report, "notes", ()):
            values = ", ".join(note.values[:10]) + (" …" if len(note.values) > 10 else "")
            st.caption(t(f"note.{note.code}", values=escape_markdown(values)))
    statuses = metrics.region_status_counts(ctx.dataset.participants)
    st.markdown(
        t(
            "data.regions_summary",
            **{status: format_number(count, lang) for status, count in statuses.items()},
        )
    )
    st.header(t("data.rejected"), anchor=False)
    # values quoted in reasons may be personal (shifted cells): only in the detail view
    quoted = detail_access_granted()
    trainings_rejected, participants_rejected = rejections_for_view(ctx.dataset, detail=quoted)
    rejected = [
        tables.rejections_table(trainings_rejected, t("data.table_trainings"), lang, detail=quoted),
        tables.rejections_table(
            participants_rejected,
            t("data.table_participants"),
            lang,
            detail=quoted,
        ),
    ]
    rejected = [frame for frame in rejected if not frame.empty]
    if rejected:
        table(pd.concat(rejected), key="data_rejected")
    else:
        st.success(t("data.rejected_none"), icon=":material/check_circle:")

    for status in ("ambiguous", "unresolved"):
        unplaced_regions(ctx, status, statuses[status])


def unplaced_regions(ctx: PageContext, status: str, count_of_rows: int) -> None:
    """The participant rows whose region is ambiguous (with candidates) or unresolved."""
    t = ctx.t
    lang = ctx.lang
    count = format_number(count_of_rows, lang)
    st.header(t("data.rows_count", title=t(f"data.{status}"), count=count), anchor=False)
    st.caption(t(f"data.{status}_caption"))
    if status == "unresolved" and ctx.dataset.typo_search_skipped:
        st.warning(
            t(
                "data.typo_search_skipped",
                count=format_number(ctx.dataset.typo_search_skipped, lang),
                limit=format_number(typos.FUZZY_MAX_NAMES, lang),
            ),
            icon=":material/warning:",
        )
    rows = metrics.unmapped_regions(ctx.dataset.participants, status)
    if status == "unresolved":
        rows = rows.drop(columns=["candidates"])  # only ambiguous rows have candidates
    if rows.empty:
        st.success(t(f"data.{status}_none"), icon=":material/check_circle:")
    else:
        table(tables.localized_table(rows, lang), key=f"data_{status}")


def upload_tab(ctx: PageContext) -> None:
    """This session's own files: upload, apply, clear."""
    t = ctx.t
    lang = ctx.lang
    st.caption(t("data.upload_intro"))
    files = uploaded_files()
    if files is not None:
        names = ", ".join(escape_markdown(file.name) for file in files)
        st.info(t("data.upload_active", names=names), icon=":material/upload_file:")
        st.button(t("data.upload_clear"), key="atlas_upload_clear", on_click=clear_upload)
    left, right = st.columns(2)
    with left:
        st.file_uploader(
            t("data.upload_trainings"),
            type=UPLOAD_TYPES,
            key=StateKeys.UPLOAD_TRAININGS_WIDGET,
            max_upload_size=upload_limit_mb(),
        )
    with right:
        st.file_uploader(
            t("data.upload_participants"),
            type=UPLOAD_TYPES,
            key=StateKeys.UPLOAD_PARTICIPANTS_WIDGET,
            max_upload_size=upload_limit_mb(),
        )
    st.button(
        t("data.upload_apply"),
        key="atlas_upload_apply",
        type="primary",
        on_click=apply_upload_from_widgets,
        args=(ctx.gazetteer, lang),
    )
    outcome = st.session_state.get(StateKeys.UPLOAD_MESSAGE)
    if outcome is not None:
        ok, message = outcome
        if ok:
            st.success(message, icon=":material/check_circle:")
        else:
            st.error(message, icon=":material/error:")
