"""Indonesian region gazetteer and resolver (stub: being built; see atlas/schema.py)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from atlas.schema import RegionMatch

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"


class Gazetteer:
    """All provinces and kabupaten/kota (data/regions.csv) plus aliases (data/region_aliases.csv)."""

    regions: pd.DataFrame  # code, name, type, province_code, province_name, lat, lon


def load_gazetteer(reference_dir: Path = DEFAULT_DATA_DIR) -> Gazetteer:
    raise NotImplementedError


def resolve_region(
    gazetteer: Gazetteer,
    text: str,
    *,
    province: str = "",
    level: str = "",
    institution: str = "",
) -> RegionMatch:
    raise NotImplementedError


def resolve_participants(participants: pd.DataFrame, gazetteer: Gazetteer) -> pd.DataFrame:
    """Add the region resolution columns of atlas.schema; each unique input resolved once."""
    raise NotImplementedError
