"""What the pages compute from a view, once per view (atlas.memo), shared by its viewers.

Every function takes the Dataset and one of its views (`atlas.filters.view_of`); the view
knows the filters that made it, so a value can never be computed for one filter and served for
another. The values are read-only (see atlas.memo).
"""

from __future__ import annotations

import pandas as pd

from atlas import mapview, metrics
from atlas.filters import FilteredView
from atlas.schema import Dataset


def reached_codes(dataset: Dataset) -> set[str]:
    """The region codes the whole dataset reached (what "reached outside this view" means)."""
    return dataset.derived.get(
        "reached_codes", lambda: metrics.reached_region_codes(dataset.participants)
    )


def kpis(view: FilteredView, gazetteer_regions: pd.DataFrame) -> metrics.Kpis:
    return view.derived.get(
        "kpis",
        lambda: metrics.compute_kpis(
            view.trainings, view.participants, gazetteer_regions, view.filters.provinces
        ),
    )


def unreached(
    dataset: Dataset, view: FilteredView, gazetteer_regions: pd.DataFrame
) -> pd.DataFrame:
    """The kota and kabupaten of the view's provinces it has not reached yet."""
    return view.derived.get(
        "unreached",
        lambda: metrics.unreached_regions(
            gazetteer_regions,
            metrics.reached_region_codes(view.participants),
            view.filters.provinces,
            reached_elsewhere=reached_codes(dataset),
        ),
    )


def map_regions(view: FilteredView) -> pd.DataFrame:
    """One row per region reached in the view (the map's markers and its table)."""
    return view.derived.get("map_regions", lambda: metrics.aggregate_regions(view.participants))


def map_provinces(view: FilteredView, gazetteer_regions: pd.DataFrame) -> pd.DataFrame:
    return view.derived.get(
        "map_provinces",
        lambda: metrics.aggregate_provinces(view.participants, gazetteer_regions),
    )


def map_features(
    dataset: Dataset, view: FilteredView, gazetteer_regions: pd.DataFrame, lang: str
) -> mapview.MapFeatures:
    """The map's three layers of the view in `lang`, written once (the part of a Map page that
    grew with the regions drawn; each viewer's folium objects are assembled from it)."""
    return view.derived.get(
        ("map_features", lang),
        lambda: mapview.map_features(
            map_regions(view),
            map_provinces(view, gazetteer_regions),
            unreached(dataset, view, gazetteer_regions),
            lang,
        ),
    )
