"""What every page needs, computed once per run by app.py and handed to the page functions.

app.py builds a PageContext (language, dataset, filters, filtered view) before `st.navigation`
runs the page, and registers every page as `st.Page(partial(render, ctx), url_path=...)`, so a
page is a plain function of its context:

    def render(ctx: PageContext) -> None:
        st.title(ctx.t("overview.title"))
        if ctx.view.is_empty: ...

The context is an argument, never session state: a finished run leaves no frames behind.
All session-state and URL keys are named in `StateKeys` / `UrlKeys`; nothing is created at import
time (state belongs to a session, module globals to every session at once).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from atlas.filters import FilteredView, Filters, year_bounds
from atlas.gazetteer import Gazetteer
from atlas.i18n import Lang, t
from atlas.schema import Dataset

# The URL path of every page (Streamlit identifies a page by the hash of its url path). The first
# is the default page, also reached at "/". The page functions live in views/<path>.py.
PAGE_PATHS = ("overview", "map", "sdg", "data", "manage")


class UrlKeys:
    """Query-parameter names. Widget keys bound with bind="query-params" use the same names."""

    LANG = "lang"  # id | en
    DATA = "data"  # demo | upload (absent = bundled)
    PROVINCE = "provinsi"
    YEARS = "tahun"
    TRAINING = "pelatihan"
    SDG = "sdg"
    LEVEL = "tingkat"
    MEASURE = "ukuran"  # the SDG page's measure: its translated label (?ukuran=Peserta)

    FILTERS = (PROVINCE, YEARS, TRAINING, SDG, LEVEL)


class StateKeys:
    """Session-state keys that are not widget keys bound to the URL."""

    DATA_SOURCE = "atlas_data_source"  # the data choice: bundled | demo | upload
    DATA_SOURCE_WIDGET = "atlas_data_source_widget"  # its radio in the sidebar
    UPLOAD_TRAININGS = "atlas_upload_trainings"  # UploadedFiles of this session (name, bytes)
    UPLOAD_PARTICIPANTS = "atlas_upload_participants"
    UPLOAD_DATASET = "atlas_upload_dataset"  # HeldUpload (files key, Dataset) of the upload
    UPLOAD_MESSAGE = "atlas_upload_message"  # (ok, translated message) of the last upload
    UPLOAD_TRAININGS_WIDGET = "atlas_upload_trainings_widget"
    UPLOAD_PARTICIPANTS_WIDGET = "atlas_upload_participants_widget"
    DETAIL_ACCESS = "atlas_detail_access"  # owned by atlas.ui.auth
    FILTER_OPTIONS = "atlas_filter_options"  # FilterOptions of the dataset the filters are for
    FILTERS_STALE = "atlas_filters_stale"  # set when another dataset is about to be shown


@dataclass(frozen=True)
class UploadedFile:
    """One uploaded file kept in this session's state only (never in a shared cache)."""

    name: str
    data: bytes


@dataclass(frozen=True)
class PageContext:
    """Everything a page reads. `t` is `atlas.i18n.t` bound to the page's language."""

    lang: Lang
    t: Callable[..., str]
    dataset: Dataset
    view: FilteredView  # view.trainings / view.participants after the sidebar filters
    filters: Filters
    gazetteer: Gazetteer
    synthetic: bool  # True while the demo dataset is shown: label it

    @property
    def source(self) -> str:
        """ "bundled" | "demo" | "upload"."""
        return self.dataset.source

    @property
    def year_range(self) -> tuple[int, int] | None:
        """The years every time axis shows: the chosen range, else all of the dataset's."""
        return self.filters.years or year_bounds(self.dataset.trainings)


def make_page_context(
    *, lang: Lang, dataset: Dataset, view: FilteredView, filters: Filters, gazetteer: Gazetteer
) -> PageContext:
    return PageContext(
        lang=lang,
        t=partial(t, lang=lang),
        dataset=dataset,
        view=view,
        filters=filters,
        gazetteer=gazetteer,
        synthetic=bool(dataset.synthetic),
    )
