"""Using the session's own trainings + participants files (CSV/XLSX), this session only.

The Data page's "use these files" button calls `apply_upload_from_widgets` as its on_click
callback; the checks and messages live in `apply_upload`, which tests can call directly.
Uploaded bytes are kept in st.session_state only (never in a module global or cache_resource).
"""

from __future__ import annotations

import streamlit as st

from atlas import loading
from atlas.gazetteer import Gazetteer
from atlas.i18n import CATALOGUE, Lang, escape_markdown, format_number, t
from atlas.loading import UnreadableFileError
from atlas.metrics import region_status_counts
from atlas.ui.context import StateKeys, UploadedFile
from atlas.ui.loaders import forget_uploaded_dataset, load_uploaded_dataset
from atlas.ui.sidebar import reset_dataset_filters

# .xls and .xlsm are taken too, so the loader can say what is wrong with them (an old
# workbook; a macro workbook is read like .xlsx) instead of the uploader refusing silently.
UPLOAD_TYPES = ["csv", "xlsx", "txt", "tsv", "xls", "xlsm"]


def upload_limit_mb() -> int:
    """The upload cap of .streamlit/config.toml (server.maxUploadSize), in MB."""
    return int(st.get_option("server.maxUploadSize"))


def limit_values(lang: Lang) -> dict[str, str]:
    """The loader's limits (atlas.loading), formatted for the messages that name them."""
    return {
        "max_rows": format_number(loading.max_file_rows(), lang),
        "max_columns": format_number(loading.MAX_COLUMNS, lang),
        "max_cells": format_number(loading.MAX_XLSX_CELLS, lang),
        "max_cell_chars": format_number(loading.MAX_CELL_CHARS, lang),
        "max_unpacked_mb": format_number(loading.MAX_XLSX_UNPACKED_BYTES / 1_048_576, lang),
        "seconds": format_number(loading.READ_TIMEOUT_S, lang),
    }


def unreadable_reason(error: UnreadableFileError, file_name: str, lang: Lang) -> str:
    """Why a file cannot be read, in the page's language (by the error's code); the loader's
    own English wording where the code is not in the catalogue. Markdown-safe."""
    key = f"unreadable.{error.code}"
    if key not in CATALOGUE:
        return escape_markdown(error.message)
    reason = t(key, lang, name=escape_markdown(file_name), **limit_values(lang))
    missing = ", ".join(getattr(error, "missing", ()))
    return f"{reason} ({missing})" if missing else reason


def unreadable_message(error: UnreadableFileError, file_name: str, lang: Lang) -> str:
    return t("data.upload_unreadable", lang, reason=unreadable_reason(error, file_name, lang))


def failing_file_name(
    error: UnreadableFileError, trainings_name: str, participants_name: str
) -> str:
    """The name of the file the error belongs to, by the table the error carries (both names
    when it carries none: never a guess from the message text)."""
    names = {"trainings": trainings_name, "participants": participants_name}
    return names.get(error.table or "", f"{trainings_name} / {participants_name}")


def apply_upload(
    trainings: UploadedFile | None,
    participants: UploadedFile | None,
    gazetteer: Gazetteer,
    lang: Lang,
) -> tuple[bool, str]:
    """Check and build the uploaded dataset; on success keep the files in this session and
    switch the data choice to "upload". Returns (ok, translated message)."""
    limit = upload_limit_mb()
    if trainings is None or participants is None:
        missing = [
            t(key, lang)
            for key, file in (
                ("data.table_trainings", trainings),
                ("data.table_participants", participants),
            )
            if file is None
        ]
        return False, t(
            "data.upload_need_both",
            lang,
            missing=" & ".join(missing),
            types=", ".join(f".{kind}" for kind in UPLOAD_TYPES),
            limit=limit,
        )
    for file in (trainings, participants):
        size_mb = len(file.data) / 1_048_576
        if size_mb > limit:
            size = format_number(size_mb, lang, decimals=1)
            name = escape_markdown(file.name)
            return False, t("data.upload_too_large", lang, name=name, size=size, limit=limit)
    try:
        dataset = load_uploaded_dataset(
            trainings.data, trainings.name, participants.data, participants.name, gazetteer
        )
    except UnreadableFileError as error:
        name = failing_file_name(error, trainings.name, participants.name)
        return False, unreadable_message(error, name, lang)
    st.session_state[StateKeys.UPLOAD_TRAININGS] = trainings
    st.session_state[StateKeys.UPLOAD_PARTICIPANTS] = participants
    st.session_state[StateKeys.DATA_SOURCE] = "upload"
    reset_dataset_filters()
    message = t(
        "data.upload_ok",
        lang,
        trainings=format_number(dataset.trainings_report.accepted, lang),
        participants=format_number(dataset.participants_report.accepted, lang),
        **{
            status: format_number(count, lang)
            for status, count in region_status_counts(dataset.participants).items()
            if status != "resolved"
        },
    )
    return True, message


def _from_widget(key: str) -> UploadedFile | None:
    file = st.session_state.get(key)
    if file is None:
        return None
    return UploadedFile(name=file.name, data=file.getvalue())


def apply_upload_from_widgets(gazetteer: Gazetteer, lang: Lang) -> None:
    """on_click callback: read both uploaders, apply, remember the message for the page."""
    ok, message = apply_upload(
        _from_widget(StateKeys.UPLOAD_TRAININGS_WIDGET),
        _from_widget(StateKeys.UPLOAD_PARTICIPANTS_WIDGET),
        gazetteer,
        lang,
    )
    st.session_state[StateKeys.UPLOAD_MESSAGE] = (ok, message)
    # The message also stays in the upload tab; the toast makes the outcome visible wherever
    # the reader looks after the rerun.
    st.toast(message, icon=":material/check_circle:" if ok else ":material/error:")


def clear_upload() -> None:
    """on_click callback: forget the uploaded files and go back to the bundled data."""
    for key in (StateKeys.UPLOAD_TRAININGS, StateKeys.UPLOAD_PARTICIPANTS):
        st.session_state.pop(key, None)
    forget_uploaded_dataset()
    st.session_state[StateKeys.DATA_SOURCE] = "bundled"
    reset_dataset_filters()
    st.session_state.pop(StateKeys.UPLOAD_MESSAGE, None)


def uploaded_files() -> tuple[UploadedFile, UploadedFile] | None:
    """This session's uploaded (trainings, participants), or None."""
    trainings = st.session_state.get(StateKeys.UPLOAD_TRAININGS)
    participants = st.session_state.get(StateKeys.UPLOAD_PARTICIPANTS)
    if trainings is None or participants is None:
        return None
    return trainings, participants
