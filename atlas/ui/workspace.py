"""The organizers' workspace (views/manage.py): upload -> the validation report -> publish,
region corrections, history with downloads and rollback, and the audit log.

Only reachable with access (app.py adds the page to the navigation when
`auth.detail_access_granted()`); every action checks it again. The upload under review (its
bytes and the prepared Candidate, with personal fields) lives in this session's state only.
Publishing sends the very Candidate the organizer reviewed, with the version it was prepared
against: if another version was published meanwhile, the store refuses and the organizer
reviews again.
"""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from atlas import export, tables
from atlas.gazetteer import Gazetteer
from atlas.i18n import escape_markdown, format_number
from atlas.loading import UnreadableFileError
from atlas.store import service
from atlas.store.corrections import candidate_codes, correction_key, regions_to_fix
from atlas.store.prepare import Candidate
from atlas.store.records import SourceFile, StaleVersionError
from atlas.store.store import Store
from atlas.ui.auth import access_author, detail_access_granted
from atlas.ui.context import PageContext
from atlas.ui.upload import UPLOAD_TYPES, unreadable_reason, upload_limit_mb
from atlas.ui.widgets import table
from atlas.ui.workspace_records import (
    MESSAGE_KEY,
    audit_tab,
    corrections_tab,
    history_tab,
    say,
)

CANDIDATE_KEY = (
    "atlas_manage_candidate"  # (mode, trainings SourceFile|None, participants, Candidate)
)
MODE_KEY = "atlas_manage_mode"
TRAININGS_WIDGET = "atlas_manage_trainings"
PARTICIPANTS_WIDGET = "atlas_manage_participants"
NOTE_KEY = "atlas_manage_note"
REPLACE_KEY = "atlas_manage_replace"
OUTSIDE = "__outside__"
MAX_FIX_ROWS = 30


def _show_message() -> None:
    said = st.session_state.pop(MESSAGE_KEY, None)
    if said is None:
        return
    kind, text = said
    {"success": st.success, "error": st.error, "warning": st.warning}[kind](text)


def _widget_file(key: str, role: str) -> SourceFile | None:
    uploaded = st.session_state.get(key)
    if uploaded is None:
        return None
    return SourceFile(role, uploaded.name, uploaded.getvalue())


def _prepare(
    store: Store,
    gazetteer: Gazetteer,
    ctx: PageContext,
    mode: str,
    trainings: SourceFile | None,
    participants: SourceFile,
) -> None:
    try:
        candidate = service.prepare_against_latest(
            store, trainings, participants, gazetteer, mode=mode
        )
    except UnreadableFileError as error:
        name = (
            participants.name
            if error.table == "participants"
            else (trainings.name if trainings else participants.name)
        )
        st.session_state.pop(CANDIDATE_KEY, None)
        say(
            "error",
            ctx.t("data.upload_unreadable", reason=unreadable_reason(error, name, ctx.lang)),
        )
        return
    st.session_state[CANDIDATE_KEY] = (mode, trainings, participants, candidate)


def _check_upload(store: Store, gazetteer: Gazetteer, ctx: PageContext) -> None:
    """on_click of "Check": read the uploaders and prepare the preview."""
    if not detail_access_granted():
        return
    mode = st.session_state.get(MODE_KEY, "replace")
    trainings = _widget_file(TRAININGS_WIDGET, "trainings")
    participants = _widget_file(PARTICIPANTS_WIDGET, "participants")
    if participants is None or (trainings is None and mode == "replace"):
        st.session_state.pop(CANDIDATE_KEY, None)
        say("error", ctx.t("manage.need_files"))
        return
    _prepare(store, gazetteer, ctx, mode, trainings, participants)


def _save_correction(
    store: Store, gazetteer: Gazetteer, ctx: PageContext, index: int, region: str, province: str
) -> None:
    """on_click of a region's "Save": store the correction, prepare the upload again."""
    if not detail_access_granted():
        return
    choice = st.session_state.get(f"atlas_fix_{index}")
    if not choice:
        say("warning", ctx.t("manage.fix_choose"))
        return
    region_key, province_key = correction_key(region, province)
    store.save_correction(
        region_key=region_key,
        province_key=province_key,
        region_text=region,
        province_text=province,
        code=None if choice == OUTSIDE else choice,
        outside=choice == OUTSIDE,
        author=access_author(),
    )
    held = st.session_state.get(CANDIDATE_KEY)
    if held is not None:
        mode, trainings, participants, _ = held
        _prepare(store, gazetteer, ctx, mode, trainings, participants)
    say("success", ctx.t("manage.fix_saved", region=escape_markdown(region)))


def _publish(store: Store, ctx: PageContext) -> None:
    """on_click of "Publish": the reviewed candidate, against the version it was prepared on."""
    if not detail_access_granted():
        return
    held = st.session_state.get(CANDIDATE_KEY)
    if held is None:
        return
    mode, _, _, candidate = held
    replace = bool(st.session_state.get(REPLACE_KEY, False))
    if candidate.conflicts and not replace:
        say("error", ctx.t("manage.conflicts_refused"))
        return
    note = str(st.session_state.get(NOTE_KEY, "") or "").strip()
    try:
        version = store.publish(
            candidate.content(replace_conflicts=replace),
            author=access_author(),
            note=note,
            kind="append" if mode == "append" and candidate.base is not None else "publish",
            expected_parent=candidate.expected_parent,
        )
    except StaleVersionError:
        st.session_state.pop(CANDIDATE_KEY, None)
        say("error", ctx.t("manage.stale"))
        return
    st.session_state.pop(CANDIDATE_KEY, None)
    st.session_state[NOTE_KEY] = ""
    say(
        "success",
        ctx.t(
            "manage.published",
            version=version.number,
            trainings=format_number(version.trainings, ctx.lang),
            participants=format_number(version.participants_total, ctx.lang),
        ),
    )


def _region_options(gazetteer: Gazetteer, candidates: tuple[str, ...]) -> list[str]:
    first = candidate_codes(gazetteer, candidates)
    rest = sorted(
        (c for c in gazetteer.by_code if c not in first), key=lambda c: gazetteer.by_code[c].name
    )
    return ["", *first, OUTSIDE, *rest]


def _region_label(gazetteer: Gazetteer, ctx: PageContext, code: str) -> str:
    if code == "":
        return ctx.t("manage.fix_placeholder")
    if code == OUTSIDE:
        return ctx.t("manage.fix_outside")
    region = gazetteer.by_code[code]
    return f"{region.name} ({region.province_name}, {code})"


def _preview(store: Store, gazetteer: Gazetteer, ctx: PageContext) -> None:
    """The prepared upload under review: its quality summary, changes, fixes and publish."""
    held = st.session_state.get(CANDIDATE_KEY)
    if held is None:
        return
    mode, trainings_file, participants_file, candidate = held
    t, lang = ctx.t, ctx.lang
    dataset = candidate.dataset
    st.header(t("manage.preview"), anchor=False)
    base = candidate.base
    st.caption(
        t("manage.preview_base", version=base.number)
        if base is not None
        else t("manage.preview_first")
    )
    for report, label in (
        (dataset.trainings_report, t("data.table_trainings")),
        (dataset.participants_report, t("data.table_participants")),
    ):
        if report.rows or label == t("data.table_participants"):
            st.markdown(
                t(
                    "data.quality_summary",
                    table=label.capitalize(),
                    rows=format_number(report.rows, lang),
                    accepted=format_number(report.accepted, lang),
                    rejected=format_number(len(report.rejected), lang),
                )
            )
    _preview_changes(candidate, mode, ctx)
    _region_fixes(store, gazetteer, ctx, dataset.participants)
    _publish_controls(store, ctx, dataset.participants)


def _preview_changes(candidate: Candidate, mode: str, ctx: PageContext) -> None:
    """The upload's rejected rows, what it adds to or changes in the base version, duplicates."""
    t, lang = ctx.t, ctx.lang
    dataset, base = candidate.dataset, candidate.base
    rejected = [
        tables.rejections_table(
            dataset.trainings_report.rejected, t("data.table_trainings"), lang, detail=True
        ),
        tables.rejections_table(
            dataset.participants_report.rejected, t("data.table_participants"), lang, detail=True
        ),
    ]
    rejected = [frame for frame in rejected if not frame.empty]
    if rejected:
        table(pd.concat(rejected), key="manage_rejected")
    if mode == "append" and base is not None:
        if candidate.new_trainings:
            st.markdown(
                t("manage.new_trainings", ids=escape_markdown(", ".join(candidate.new_trainings)))
            )
        if candidate.unchanged:
            st.caption(t("manage.unchanged", ids=escape_markdown(", ".join(candidate.unchanged))))
        if candidate.conflicts:
            st.warning(t("manage.conflicts", ids=escape_markdown(", ".join(candidate.conflicts))))
            st.checkbox(t("manage.replace"), key=REPLACE_KEY)
    if not candidate.duplicates.empty:
        st.warning(t("manage.duplicates", count=format_number(len(candidate.duplicates), lang)))
        table(tables.localized_table(candidate.duplicates, lang), key="manage_duplicates")


def _region_fixes(
    store: Store, gazetteer: Gazetteer, ctx: PageContext, participants: pd.DataFrame
) -> None:
    """One row per region text to answer (ambiguous or unresolved), with its choices."""
    t, lang = ctx.t, ctx.lang
    st.subheader(t("manage.fix_header"), anchor=False)
    to_fix = regions_to_fix(participants)
    if to_fix.empty:
        st.success(t("manage.fix_none"), icon=":material/check_circle:")
    for index, row in enumerate(to_fix.head(MAX_FIX_ROWS).itertuples(index=False)):
        with st.container(border=True, key=f"atlas_fix_row_{index}"):
            hint = (
                f" · {t('manage.fix_province', province=escape_markdown(row.province))}"
                if row.province
                else ""
            )
            st.markdown(
                t(
                    "manage.fix_row",
                    region=escape_markdown(row.region),
                    rows=format_number(row.rows, lang),
                    status=t(f"status.{row.status}"),
                )
                + hint
            )
            options = _region_options(gazetteer, row.candidates)
            st.selectbox(
                t("manage.fix_label"),
                options=options,
                format_func=partial(_region_label, gazetteer, ctx),
                key=f"atlas_fix_{index}",
            )
            st.button(
                t("manage.fix_save"),
                key=f"atlas_fix_save_{index}",
                on_click=_save_correction,
                args=(store, gazetteer, ctx, index, row.region, row.province),
            )


def _publish_controls(store: Store, ctx: PageContext, participants: pd.DataFrame) -> None:
    """The corrected participants as CSV, the publish note and the publish button."""
    t = ctx.t
    corrected = tables.participants_export(participants)
    st.download_button(
        t("manage.download_corrected"),
        data=partial(export.to_csv_bytes, corrected),
        file_name="participants-corrected.csv",
        mime="text/csv",
        key="atlas_manage_corrected",
        icon=":material/download:",
        on_click="ignore",
    )

    st.subheader(t("manage.publish_header"), anchor=False)
    st.text_input(t("manage.note"), key=NOTE_KEY, max_chars=500)
    st.button(
        t("manage.publish"),
        key="atlas_manage_publish",
        type="primary",
        on_click=_publish,
        args=(store, ctx),
    )


def render(ctx: PageContext, store: Store, gazetteer: Gazetteer) -> None:
    """The whole workspace page (access already checked by the caller)."""
    t = ctx.t
    _show_message()
    tab_upload, tab_history, tab_corrections, tab_audit = st.tabs(
        [
            t("manage.tab_upload"),
            t("manage.tab_history"),
            t("manage.tab_corrections"),
            t("manage.tab_audit"),
        ]
    )
    with tab_upload:
        _upload_tab(store, gazetteer, ctx)
    with tab_history:
        history_tab(store, ctx)
    with tab_corrections:
        corrections_tab(store, ctx, gazetteer)
    with tab_audit:
        audit_tab(store)


def _upload_tab(store: Store, gazetteer: Gazetteer, ctx: PageContext) -> None:
    """The mode, the two files, the check, and the preview of what would be published."""
    t = ctx.t
    st.caption(t("manage.upload_intro"))
    st.radio(
        t("manage.mode"),
        options=["replace", "append"],
        format_func=lambda mode: t(f"manage.mode_{mode}"),
        key=MODE_KEY,
        horizontal=True,
    )
    left, right = st.columns(2)
    with left:
        st.file_uploader(
            t("data.upload_trainings"),
            type=UPLOAD_TYPES,
            key=TRAININGS_WIDGET,
            max_upload_size=upload_limit_mb(),
        )
    with right:
        st.file_uploader(
            t("data.upload_participants"),
            type=UPLOAD_TYPES,
            key=PARTICIPANTS_WIDGET,
            max_upload_size=upload_limit_mb(),
        )
    st.button(
        t("manage.check"),
        key="atlas_manage_check",
        on_click=_check_upload,
        args=(store, gazetteer, ctx),
    )
    _preview(store, gazetteer, ctx)
