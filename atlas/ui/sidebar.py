"""The shared sidebar: language switch, data choice and the filters, all kept in the URL.

URL design (so a copied link reopens the same view, on any page):
- every filter is a widget with `bind="query-params"`; its key is the URL key (UrlKeys);
- the URL carries the *formatted* option strings, and those are deliberately language-independent:
  province official names (`?provinsi=Jawa Barat`), `SDG 11`, `Kota`/`Kabupaten`/`Provinsi`
  (official Indonesian terms, explained in the English help text), years as plain digits, and
  training titles with their ISO start date. So a link keeps its filters when the reader switches
  language, and a value that names nothing (a stale or hand-edited link) is dropped by Streamlit.
- `lang` is a bound radio whose options are the codes `id` / `en` themselves;
- `data=demo` is synced by hand (its labels are translated, the URL value is not).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from atlas import sdg
from atlas.filters import Filters, year_bounds
from atlas.i18n import DEFAULT_LANG, LANGUAGES, Lang, t
from atlas.regions import Gazetteer
from atlas.schema import LEVELS, Dataset
from atlas.ui.context import StateKeys, UrlKeys

LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "en": "English"}
DATA_SOURCES = ("bundled", "demo", "upload")
LEVEL_OPTION_LABELS = {"kota": "Kota", "kabupaten": "Kabupaten", "provinsi": "Provinsi"}


def language_switch() -> Lang:
    """The page language from the bound `lang` radio (default Indonesian)."""
    # The help text follows the language already chosen (session state, else the link).
    current = st.session_state.get(UrlKeys.LANG) or st.query_params.get(UrlKeys.LANG)
    current = current if current in LANGUAGES else DEFAULT_LANG
    lang = st.sidebar.radio(
        t("lang.label", current),
        options=LANGUAGES,
        index=LANGUAGES.index(DEFAULT_LANG),
        captions=[LANGUAGE_NAMES[code] for code in LANGUAGES],
        horizontal=True,
        key=UrlKeys.LANG,
        bind="query-params",
        persist_state="session",
        help=t("lang.help", current),
    )
    return lang if lang in LANGUAGES else DEFAULT_LANG


def _sync_data_source_to_url() -> None:
    source = st.session_state.get(StateKeys.DATA_SOURCE, "bundled")
    if source == "bundled":
        if UrlKeys.DATA in st.query_params:
            del st.query_params[UrlKeys.DATA]
    else:
        st.query_params[UrlKeys.DATA] = source


def reset_dataset_filters() -> None:
    """Another dataset has other years and trainings: forget those two filters' state, so the
    widgets start again from the link (values the new data lacks are dropped) or the default."""
    for key in (UrlKeys.YEARS, UrlKeys.TRAINING):
        st.session_state.pop(key, None)


def _on_data_source_change() -> None:
    st.session_state[StateKeys.DATA_SOURCE] = st.session_state[StateKeys.DATA_SOURCE_WIDGET]
    reset_dataset_filters()


def data_source_choice(lang: Lang) -> str:
    """ "bundled" | "demo" | "upload". The URL's `data` value seeds it on a session's first
    run; afterwards the choice lives in session state (not in the widget's own state, which
    Streamlit may reset on a page switch) and the URL follows it."""
    if StateKeys.DATA_SOURCE not in st.session_state:
        from_url = st.query_params.get(UrlKeys.DATA, "bundled")
        st.session_state[StateKeys.DATA_SOURCE] = (
            from_url if from_url in DATA_SOURCES else "bundled"
        )
    source = st.session_state[StateKeys.DATA_SOURCE]
    st.session_state[StateKeys.DATA_SOURCE_WIDGET] = source
    st.sidebar.radio(
        t("source.label", lang),
        options=DATA_SOURCES,
        format_func=lambda option: t(f"source.{option}", lang),
        key=StateKeys.DATA_SOURCE_WIDGET,
        on_change=_on_data_source_change,
        help=t("source.help", lang),
    )
    _sync_data_source_to_url()
    return source


def province_table(gazetteer: Gazetteer) -> pd.DataFrame:
    """code, name of every province in the gazetteer, by name."""
    regions = getattr(gazetteer, "regions", None)
    if regions is None or regions.empty:
        return pd.DataFrame(columns=["code", "name"])
    provinces = regions[regions["type"] == "provinsi"][["code", "name"]]
    return provinces.sort_values("name").reset_index(drop=True)


def _training_labels(trainings: pd.DataFrame) -> dict[str, str]:
    """training_id -> "Title (2018-12-18)"; the id is added where two labels would collide."""
    ordered = trainings.sort_values(["start_date", "training_id"], ascending=[False, True])
    labels: dict[str, str] = {}
    for row in ordered.itertuples(index=False):
        date = row.start_date.date().isoformat() if pd.notna(row.start_date) else ""
        labels[row.training_id] = f"{row.title} ({date})"
    counts = pd.Series(list(labels.values())).value_counts()
    for training_id, label in labels.items():
        if counts[label] > 1:
            labels[training_id] = f"{label} · {training_id}"
    return labels


def clear_filters() -> None:
    """Callback of the "clear filters" button: bound widgets change through session state."""
    for key in (UrlKeys.PROVINCE, UrlKeys.TRAINING, UrlKeys.SDG, UrlKeys.LEVEL):
        st.session_state[key] = []
    if UrlKeys.YEARS in st.session_state:
        del st.session_state[UrlKeys.YEARS]


def sidebar_filters(dataset: Dataset, gazetteer: Gazetteer, lang: Lang) -> Filters:
    """Render the five filters and return what they select."""
    sidebar = st.sidebar
    sidebar.subheader(t("filters.header", lang))

    provinces = province_table(gazetteer)
    province_names = dict(zip(provinces["code"], provinces["name"], strict=True))
    chosen_provinces = sidebar.multiselect(
        t("filters.province", lang),
        options=list(province_names),
        format_func=lambda code: province_names.get(code, code),
        key=UrlKeys.PROVINCE,
        bind="query-params",
        persist_state="session",
        placeholder=t("filters.all", lang),
        help=t("filters.province_help", lang),
    )

    bounds = year_bounds(dataset.trainings)
    years: tuple[int, int] | None = None
    if bounds is not None:
        options = list(range(bounds[0], bounds[1] + 1))
        picked = sidebar.select_slider(
            t("filters.years", lang),
            options=options,
            value=(options[0], options[-1]),
            key=UrlKeys.YEARS,
            bind="query-params",
            persist_state="session",
            help=t("filters.years_help", lang),
        )
        first, last = sorted(picked)
        if (first, last) != bounds:
            years = (first, last)

    labels = _training_labels(dataset.trainings)
    chosen_trainings = sidebar.multiselect(
        t("filters.training", lang),
        options=list(labels),
        format_func=lambda training_id: labels.get(training_id, training_id),
        key=UrlKeys.TRAINING,
        bind="query-params",
        persist_state="session",
        placeholder=t("filters.all", lang),
        help=t("filters.training_help", lang),
    )

    chosen_goals = sidebar.multiselect(
        t("filters.sdg", lang),
        options=[goal.number for goal in sdg.goals()],
        format_func=lambda number: f"SDG {number}",
        key=UrlKeys.SDG,
        bind="query-params",
        persist_state="session",
        placeholder=t("filters.all", lang),
        help=t("filters.sdg_help", lang),
    )

    chosen_levels = sidebar.multiselect(
        t("filters.level", lang),
        options=list(LEVELS),
        format_func=lambda level: LEVEL_OPTION_LABELS.get(level, level),
        key=UrlKeys.LEVEL,
        bind="query-params",
        persist_state="session",
        placeholder=t("filters.all", lang),
        help=t("filters.level_help", lang),
    )

    filters = Filters(
        provinces=tuple(chosen_provinces),
        years=years,
        trainings=tuple(chosen_trainings),
        goals=tuple(int(goal) for goal in chosen_goals),
        levels=tuple(chosen_levels),
    )
    if filters != Filters():
        sidebar.button(t("filters.reset", lang), on_click=clear_filters, key="atlas_clear_filters")
    sidebar.caption(t("filters.share_hint", lang))
    return filters
