"""The shared sidebar: language switch, data choice and the filters, all kept in the URL.

URL design (so a copied link reopens the same view, on any page):
- every filter is a widget with `bind="query-params"`; its key is the URL key (UrlKeys);
- the URL carries the *formatted* option strings, and those are deliberately language-independent:
  province official names (`?provinsi=Jawa Barat`), `SDG 11`, `Kota`/`Kabupaten`/`Provinsi`
  (official Indonesian terms, explained in the English help text), years as plain digits, and
  training titles with their ISO start date. So a link keeps its filters when the reader switches
  language, and a value that names nothing (a stale or hand-edited link) is dropped by Streamlit.
- `lang` is a bound radio whose options are the codes `id` / `en` themselves;
- `data=demo` is synced by hand (its labels are translated, the URL value is not);
- a province link may name the province by an alias or its code (`?provinsi=Jatim`, `jatim`,
  `35`): it is read through the gazetteer and the URL rewritten to the official name.

A new dataset never inherits filters that hide part of it: when the data choice changes (or a
new upload / version arrives, noticed by what the dataset contains), the filter values the new
dataset lacks are dropped and the year range is reset to its full range. The first run of a
session keeps what its link pins. Values are changed through session state, which also updates
the browser's copy of each widget (a mere `del` would leave the old range on screen).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from atlas import sdg
from atlas.filters import (
    FilterOptions,
    Filters,
    options_of,
    province_code_for,
    restrict_filters,
)
from atlas.gazetteer import Gazetteer
from atlas.i18n import DEFAULT_LANG, LANGUAGES, Lang, t
from atlas.schema import LEVELS, Dataset, GovernmentLevel
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
    """Another dataset is about to be shown (data choice, upload applied or removed): the next
    run restricts the filters to what that dataset contains (see the module docstring)."""
    st.session_state[StateKeys.FILTERS_STALE] = True


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


MULTISELECT_KEYS = (UrlKeys.PROVINCE, UrlKeys.TRAINING, UrlKeys.SDG, UrlKeys.LEVEL)


def _set_years(years: tuple[int, int] | None) -> None:
    """Put the year slider at `years` (the full range of a dataset with several years)."""
    if years is not None and years[0] != years[1]:
        st.session_state[UrlKeys.YEARS] = years
    else:
        st.session_state.pop(UrlKeys.YEARS, None)


def clear_filters(years: tuple[int, int] | None = None) -> None:
    """Callback of the "clear filters" buttons: bound widgets change through session state;
    `years` is the dataset's full range, where the slider goes back to."""
    for key in MULTISELECT_KEYS:
        st.session_state[key] = []
    _set_years(years)


def _restrict_to_new_dataset(options: FilterOptions) -> None:
    """Before the widgets run: when the dataset differs from the last run's (or a data change
    was announced), drop the values it lacks and reset the year range."""
    previous = st.session_state.get(StateKeys.FILTER_OPTIONS)
    stale = st.session_state.pop(StateKeys.FILTERS_STALE, False)
    st.session_state[StateKeys.FILTER_OPTIONS] = options
    if previous is None and not stale:
        return  # the session's first run: the link decides
    if previous == options and not stale:
        return
    current = Filters(
        provinces=tuple(st.session_state.get(UrlKeys.PROVINCE) or ()),
        trainings=tuple(st.session_state.get(UrlKeys.TRAINING) or ()),
        goals=tuple(st.session_state.get(UrlKeys.SDG) or ()),
        levels=tuple(st.session_state.get(UrlKeys.LEVEL) or ()),
    )
    kept = restrict_filters(current, options)
    for key, before, after in (
        (UrlKeys.PROVINCE, current.provinces, kept.provinces),
        (UrlKeys.TRAINING, current.trainings, kept.trainings),
        (UrlKeys.SDG, current.goals, kept.goals),
        (UrlKeys.LEVEL, current.levels, kept.levels),
    ):
        if before != after:
            st.session_state[key] = list(after)
    _set_years(options.years)


def _normalise_province_link(gazetteer: Gazetteer, names: dict[str, str]) -> None:
    """`?provinsi=Jatim` / `jatim` / `35` -> `?provinsi=Jawa Timur`, on the session's first run
    and before the bound widget reads the link (it knows official names only and would drop
    the others, silently)."""
    if UrlKeys.PROVINCE in st.session_state:
        return  # the widget holds the value already; the link follows it
    values = st.query_params.get_all(UrlKeys.PROVINCE)
    if not values or all(value in names.values() for value in values):
        return
    codes: list[str] = []
    for value in values:
        code = province_code_for(gazetteer, value)
        if code in names and code not in codes:
            codes.append(code)
    st.query_params[UrlKeys.PROVINCE] = [names[code] for code in codes]  # the browser's URL
    reseed_widgets_from_link()


def reseed_widgets_from_link() -> None:
    """Make bound widgets read the link as just rewritten. Streamlit seeds them from a copy of
    the query string taken when the page loaded; it renews that copy from the current query
    parameters after a page change, which is what this does too (internal API of the pinned
    Streamlit, covered by tests/app/test_view_figures.py)."""
    from streamlit.runtime.state.session_state_proxy import get_session_state

    with get_session_state().query_params() as query_params:
        query_params.set_initial_query_params_from_current()


def active_filters_label(filters: Filters, lang: Lang) -> str:
    """ "2 saringan aktif · hapus": the button that clears them, wherever it is shown."""
    count = len(filters.active())
    key = "filters.active_clear_one" if count == 1 else "filters.active_clear"
    return t(key, lang, count=count)


def _province_filter(gazetteer: Gazetteer, lang: Lang) -> list[str]:
    """The province multiselect (a typed or aliased province in the link is fixed first)."""
    sidebar = st.sidebar
    provinces = province_table(gazetteer)
    province_names = dict(zip(provinces["code"], provinces["name"], strict=True))
    _normalise_province_link(gazetteer, province_names)
    return sidebar.multiselect(
        t("filters.province", lang),
        options=list(province_names),
        format_func=lambda code: province_names.get(code, code),
        key=UrlKeys.PROVINCE,
        bind="query-params",
        persist_state="session",
        placeholder=t("filters.all", lang),
        help=t("filters.province_help", lang),
    )


def _year_filter(options: FilterOptions, lang: Lang) -> tuple[int, int] | None:
    """The year range slider (text for a single year); None for the dataset's whole range."""
    sidebar = st.sidebar
    bounds = options.years
    years: tuple[int, int] | None = None
    if options.single_year is not None:
        # One year: nothing to choose, and a one-dot slider would look broken.
        sidebar.markdown(
            t("filters.single_year", lang, year=options.single_year),
            help=t("filters.years_help", lang),
        )
    elif bounds is not None:
        year_options = list(range(bounds[0], bounds[1] + 1))
        picked = sidebar.select_slider(
            t("filters.years", lang),
            options=year_options,
            value=(year_options[0], year_options[-1]),
            key=UrlKeys.YEARS,
            bind="query-params",
            persist_state="session",
            help=t("filters.years_help", lang),
        )
        first, last = sorted(picked)
        if (first, last) != bounds:
            years = (first, last)
    return years


def sidebar_filters(dataset: Dataset, gazetteer: Gazetteer, lang: Lang) -> Filters:
    """Render the five filters and return what they select."""
    sidebar = st.sidebar
    sidebar.subheader(t("filters.header", lang))
    options = options_of(dataset)
    _restrict_to_new_dataset(options)

    chosen_provinces = _province_filter(gazetteer, lang)
    years = _year_filter(options, lang)
    bounds = options.years

    chosen_trainings = _training_filter(dataset, lang)
    chosen_goals, chosen_levels = _goal_and_level_filters(lang)

    filters = Filters(
        provinces=tuple(chosen_provinces),
        years=years,
        trainings=tuple(chosen_trainings),
        goals=tuple(int(goal) for goal in chosen_goals),
        levels=tuple(chosen_levels),
    )
    if filters.active():
        sidebar.button(
            active_filters_label(filters, lang),
            on_click=clear_filters,
            args=(bounds,),
            key="atlas_clear_filters",
            icon=":material/filter_alt_off:",
            help=t("filters.reset_help", lang),
        )
    sidebar.caption(t("filters.share_hint", lang))
    return filters


def _training_filter(dataset: Dataset, lang: Lang) -> list[str]:
    labels = dataset.derived.get("training_labels", lambda: _training_labels(dataset.trainings))
    return st.sidebar.multiselect(
        t("filters.training", lang),
        options=list(labels),
        format_func=lambda training_id: labels.get(training_id, training_id),
        key=UrlKeys.TRAINING,
        bind="query-params",
        persist_state="session",
        placeholder=t("filters.all", lang),
        help=t("filters.training_help", lang),
    )


def _goal_and_level_filters(lang: Lang) -> tuple[list[int], list[GovernmentLevel]]:
    sidebar = st.sidebar
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
    return chosen_goals, chosen_levels
