"""The app shell computed once per run: language, data choice, loading, sidebar filters.

app.py calls `build_page_context()` before st.navigation runs a page, so every page sees the
same sidebar and the same data.
"""

from __future__ import annotations

import logging

import streamlit as st

from atlas.dataset import PARTICIPANTS_FILE, TRAININGS_FILE
from atlas.filters import apply_filters
from atlas.i18n import DEFAULT_LANG, Lang, t
from atlas.loading import UnreadableFileError
from atlas.regions import Gazetteer
from atlas.schema import Dataset
from atlas.ui import loaders
from atlas.ui.context import PageContext, make_page_context
from atlas.ui.sidebar import data_source_choice, language_switch, sidebar_filters
from atlas.ui.upload import failing_file_name, unreadable_reason, uploaded_files

LOGGER = logging.getLogger("atlas.ui")


def load_dataset(source: str, gazetteer: Gazetteer, lang: Lang) -> Dataset:
    """The chosen dataset; a translated error and an empty dataset when it cannot be loaded."""
    try:
        if source == "demo":
            return loaders.load_demo_dataset(gazetteer)
        if source == "upload":
            files = uploaded_files()
            if files is None:
                st.info(t("source.upload_missing", lang), icon=":material/info:")
                return loaders.load_bundled_dataset(gazetteer)
            trainings, participants = files
            return loaders.load_uploaded_dataset(
                trainings.data, trainings.name, participants.data, participants.name, gazetteer
            )
        return loaders.load_bundled_dataset(gazetteer)
    except UnreadableFileError as error:
        name = failing_file_name(error, TRAININGS_FILE, PARTICIPANTS_FILE)
        message = t("error.dataset", lang, reason=unreadable_reason(error, name, lang))
    except OSError as error:
        LOGGER.warning("data files missing: %s", error)
        name = str(getattr(error, "filename", "") or "")
        message = t("error.dataset", lang, reason=t("unreadable.missing_file", lang, name=name))
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
        gazetteer = loaders.cached_gazetteer()
        dataset = load_dataset(source, gazetteer, lang)
    filters = sidebar_filters(dataset, gazetteer, lang)
    view = apply_filters(dataset, filters)
    return make_page_context(
        lang=lang, dataset=dataset, view=view, filters=filters, gazetteer=gazetteer
    )
