"""The app shell computed once per run: language, data choice, loading, sidebar filters.

app.py calls `build_page_context()` before st.navigation runs a page, so every page sees the
same sidebar and the same data.
"""

from __future__ import annotations

import logging
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import streamlit as st
from babel.dates import format_date
from sqlalchemy.exc import SQLAlchemyError

from atlas.dataset import PARTICIPANTS_FILE, TRAININGS_FILE
from atlas.filters import view_of
from atlas.gazetteer import Gazetteer
from atlas.i18n import DEFAULT_LANG, Lang, t
from atlas.loading import UnreadableFileError
from atlas.schema import Dataset
from atlas.store.records import VersionInfo
from atlas.ui import loaders
from atlas.ui.context import PageContext, make_page_context
from atlas.ui.sidebar import (
    data_source_choice,
    language_switch,
    reset_dataset_filters,
    sidebar_filters,
)
from atlas.ui.upload import failing_file_name, unreadable_reason, uploaded_files

LOGGER = logging.getLogger("atlas.ui")


LATEST_VERSION_KEY = "atlas_latest_version"  # session state: the latest version number seen


def load_published(gazetteer: Gazetteer, lang: Lang) -> Dataset:
    """The published version everyone sees (the latest, or the one pinned by ?versi=N), from
    the process-wide cache. A database that cannot be reached: a translated warning and the
    last version this process loaded, or an error and no data. Files that cannot be read while
    seeding an empty store raise as the data folder's errors do."""
    url = loaders.store_url()
    try:
        store = loaders.atlas_store(gazetteer)
        pinned = loaders.pinned_version()
        latest = store.latest()
        info = store.version(pinned) if pinned is not None else latest
        if pinned is not None and info is None:
            st.warning(t("version.unknown", lang, version=pinned), icon=":material/history:")
            loaders.unpin_version()
            loaders.pinned_version()  # the URL follows
            info = latest
        st.session_state[LATEST_VERSION_KEY] = latest.number if latest is not None else None
        if info is None:
            st.info(t("version.none", lang), icon=":material/inbox:")
            return loaders.empty_dataset()
        return loaders.published_dataset(store, info, url)
    except SQLAlchemyError:
        LOGGER.exception("the store cannot be reached")
        last = loaders.last_good_dataset(url)
        if last is not None:
            st.warning(
                t("store.unreachable_last", lang, version=last.version), icon=":material/cloud_off:"
            )
            return last
        st.error(t("store.unreachable", lang), icon=":material/cloud_off:")
        return loaders.empty_dataset()


def published_date(info: VersionInfo, lang: Lang) -> str:
    """The publication date in Jakarta time (WIB), "1 Des 2026" / "Dec 1, 2026"."""
    try:
        moment = info.created_at.astimezone(ZoneInfo("Asia/Jakarta"))
    except ZoneInfoNotFoundError:
        moment = info.created_at
    return format_date(moment.date(), format="medium", locale=lang)


def version_caption(context: PageContext) -> None:
    """ "Data versi 4 · diterbitkan 1 Des 2026" above the page, for published data; with a way
    back to the latest version when the link pins an older one."""
    info = getattr(context.dataset, "published", None)
    if info is None or context.source != "bundled":
        return
    lang = context.lang
    with st.container(key="atlas_data_version"):
        st.caption(t("version.caption", lang, version=info.number, date=published_date(info, lang)))
        latest = st.session_state.get(LATEST_VERSION_KEY)
        if latest is not None and latest != info.number:
            st.caption(t("version.pinned", lang, latest=latest))
            st.button(
                t("version.show_latest", lang),
                key="atlas_show_latest_version",
                on_click=_show_latest,
            )


def _show_latest() -> None:
    loaders.unpin_version()
    reset_dataset_filters()


def load_reference_data(lang: Lang) -> Gazetteer:
    """The gazetteer; when the installation's reference files are damaged, a translated error
    that says so and the run stops (no page can work without them). Details go to the log."""
    try:
        return loaders.cached_gazetteer()
    except Exception:
        LOGGER.exception("the reference data (gazetteer) could not be loaded")
    st.error(t("error.reference_data", lang), icon=":material/error:")
    st.stop()
    raise AssertionError("st.stop() ends the run")  # pragma: no cover


def load_dataset(source: str, gazetteer: Gazetteer, lang: Lang) -> Dataset:
    """The chosen dataset; a translated error and an empty dataset when it cannot be loaded."""
    try:
        if source == "demo":
            return loaders.load_demo_dataset(gazetteer)
        if source == "upload":
            files = uploaded_files()
            if files is None:
                st.info(t("source.upload_missing", lang), icon=":material/info:")
                return load_published(gazetteer, lang)
            trainings, participants = files
            return loaders.load_uploaded_dataset(
                trainings.data, trainings.name, participants.data, participants.name, gazetteer
            )
        return load_published(gazetteer, lang)
    except UnreadableFileError as error:
        if source != "upload":  # the server's folder: its path goes to the log only
            LOGGER.warning("data folder %s: %s", loaders.folder_of(source), error.message)
        name = failing_file_name(error, TRAININGS_FILE, PARTICIPANTS_FILE)
        message = t("error.dataset", lang, reason=unreadable_reason(error, name, lang))
    except OSError as error:
        LOGGER.warning("data files cannot be read: %s", error)
        message = t("error.dataset", lang, reason=t("unreadable.missing_file", lang, name="…"))
    except Exception:  # never a traceback for the reader; the log keeps the details
        LOGGER.exception("loading the %s dataset failed", source)
        message = t("error.unexpected", lang)
    st.error(message, icon=":material/error:")
    return loaders.empty_dataset(source)


def build_page_context() -> PageContext:
    """Render the sidebar (language, data, filters), load and filter the data."""
    lang = language_switch() or DEFAULT_LANG
    source = data_source_choice(lang)
    with st.spinner(t("loading.spinner", lang)):
        gazetteer = load_reference_data(lang)
        dataset = load_dataset(source, gazetteer, lang)
    filters = sidebar_filters(dataset, gazetteer, lang)
    view = view_of(dataset, filters)  # shared by every viewer of this view
    return make_page_context(
        lang=lang, dataset=dataset, view=view, filters=filters, gazetteer=gazetteer
    )
