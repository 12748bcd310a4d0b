"""The Indonesian region gazetteer: data/regions.csv and data/region_aliases.csv, indexed.

data/regions.csv (built by scripts/build_gazetteer.py) holds the 38 provinces and 514
kabupaten/kota with Kemendagri codes; data/region_aliases.csv adds old, colloquial and
abbreviated names. `load_gazetteer` reads both and builds the indexes atlas.resolver looks
names up in: by code, by official name, by alias, and the names within reach of a typo.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from atlas import REPO_DATA_DIR
from atlas.schema import RegionMatch, RegionMethod

REGIONS_FILE = "regions.csv"
ALIASES_FILE = "region_aliases.csv"

# Names shorter than this are never typo-matched; a typo changes a name's length by at most
# FUZZY_MAX_LENGTH_GAP, so the typo index groups names by length.
FUZZY_MIN_LENGTH = 5
FUZZY_MAX_LENGTH_GAP = 3

# Provinces split off since 1999 (code -> the province it came from). A record that still writes
# the old province ("Merauke, Papua") keeps matching.
FORMER_PROVINCE = {
    "19": "16", "21": "14", "36": "32", "65": "64", "75": "71", "76": "73", "82": "81",
    "92": "91", "93": "91", "94": "91", "95": "91", "96": "92",
}  # fmt: skip

_PROVINCE_STATUS_PREFIX = re.compile(r"^(dki|di) ")
_OFFICIAL_PREFIX = re.compile(r"^(kota administrasi|kabupaten administrasi|kota|kabupaten) ")
_NOT_WORD = re.compile(r"[^0-9a-z]+")
_NOT_KEY = re.compile(r"[^0-9a-z]")


def normalise(text: object) -> str:
    """Lower-case ASCII words: 'Kab. Bau-Bau' -> 'kab bau bau'."""
    if text is None or (isinstance(text, float) and text != text):
        return ""
    text = str(text)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_WORD.sub(" ", text.lower()).strip()


def compact(text: str) -> str:
    """Key for comparing names: letters and digits only ('bau bau' == 'baubau')."""
    return _NOT_KEY.sub("", normalise(text))


@dataclass(frozen=True)
class RegionEntry:
    code: str
    name: str
    type: str
    province_code: str
    province_name: str
    lat: float
    lon: float


@dataclass(frozen=True, eq=False)
class Gazetteer:
    """All provinces and kabupaten/kota (data/regions.csv) plus aliases (data/region_aliases.csv).

    Immutable once loaded, so one instance can be shared between sessions."""

    regions: pd.DataFrame  # code, name, type, province_code, province_name, seat, lat, lon, ...
    aliases: pd.DataFrame  # alias, code, note
    by_code: dict[str, RegionEntry] = field(repr=False)
    by_name: dict[str, tuple[str, ...]] = field(repr=False)  # compact name -> codes
    by_alias: dict[str, tuple[str, ...]] = field(repr=False)  # compact alias -> codes
    fuzzy_keys: tuple[str, ...] = field(repr=False)
    fuzzy_codes: tuple[tuple[str, ...], ...] = field(repr=False)
    # length of a name -> (fuzzy keys within FUZZY_MAX_LENGTH_GAP of it, their indexes)
    fuzzy_by_length: dict[int, tuple[tuple[str, ...], tuple[int, ...]]] = field(repr=False)

    def __hash__(self) -> int:
        return id(self)


def in_province(region: RegionEntry, province_code: str) -> bool:
    """True when the region lies in the province, or in a province split off from it since."""
    own = region.province_code
    return own == province_code or FORMER_PROVINCE.get(own) == province_code


def narrow(
    gazetteer: Gazetteer,
    codes: Iterable[str],
    level: str,
    province_code: str,
    *,
    strict_province: bool = False,
) -> list[str]:
    """Keep the regions of `level` (always strict: "Kota Lampung" must skip the province) and
    of the hinted province. A province hint that contradicts every region of a name is ignored
    ("Surabaya" with province "Jawa Tengah" is still Surabaya, "Bandung" with "Aceh" still
    ambiguous), except in the typo search, where it must narrow."""
    regions = [gazetteer.by_code[c] for c in dict.fromkeys(codes)]
    if level:
        regions = [r for r in regions if r.type == level]
    if province_code:
        narrowed = [r for r in regions if in_province(r, province_code)]
        if narrowed or strict_province:
            regions = narrowed
    return [r.code for r in regions]


def resolved_match(
    gazetteer: Gazetteer, code: str, method: RegionMethod, score: float | None = None
) -> RegionMatch:
    """The resolved match of one gazetteer entry."""
    region = gazetteer.by_code[code]
    return RegionMatch(
        status="resolved",
        code=region.code,
        name=region.name,
        type=region.type,
        province_code=region.province_code,
        province_name=region.province_name,
        method=method,
        score=score,
    )


def ambiguous_match(gazetteer: Gazetteer, codes: Iterable[str]) -> RegionMatch:
    """The ambiguous match listing these entries' official names."""
    names = tuple(gazetteer.by_code[c].name for c in sorted(set(codes)))
    return RegionMatch(status="ambiguous", candidates=names)


def load_gazetteer(reference_dir: Path = REPO_DATA_DIR) -> Gazetteer:
    """Read regions.csv and region_aliases.csv from `reference_dir` and build the indexes."""
    reference_dir = Path(reference_dir)
    regions = pd.read_csv(
        reference_dir / REGIONS_FILE, dtype=str, keep_default_na=False, encoding="utf-8"
    )
    regions["lat"] = regions["lat"].astype(float)
    regions["lon"] = regions["lon"].astype(float)
    aliases = pd.read_csv(
        reference_dir / ALIASES_FILE, dtype=str, keep_default_na=False, encoding="utf-8"
    )

    by_code: dict[str, RegionEntry] = {}
    for row in regions.itertuples(index=False):
        by_code[row.code] = RegionEntry(
            row.code, row.name, row.type, row.province_code, row.province_name, row.lat, row.lon
        )
    unknown = sorted(set(aliases["code"]) - set(by_code))
    if unknown:
        raise ValueError(f"{ALIASES_FILE}: codes not in {REGIONS_FILE}: {', '.join(unknown)}")

    names: dict[str, set[str]] = {}
    for region in by_code.values():
        # "Kota Surabaya" is found as "Kota Surabaya" and as "Surabaya"; the level word, when
        # given, filters by type later.
        names.setdefault(compact(region.name), set()).add(region.code)
        bare = _OFFICIAL_PREFIX.sub("", normalise(region.name))
        names.setdefault(compact(bare), set()).add(region.code)
        if region.type == "provinsi":
            # "DKI Jakarta" is also just "Jakarta", "DI Yogyakarta" just "Yogyakarta" (which
            # then collides with Kota Yogyakarta, as "Jambi" does with Kota Jambi).
            short = _PROVINCE_STATUS_PREFIX.sub("", normalise(region.name))
            names.setdefault(compact(short), set()).add(region.code)
    alias_codes: dict[str, set[str]] = {}
    for row in aliases.itertuples(index=False):
        alias_codes.setdefault(compact(row.alias), set()).add(row.code)

    fuzzy: dict[str, set[str]] = {}
    for key, codes in list(names.items()) + list(alias_codes.items()):
        if len(key) >= FUZZY_MIN_LENGTH:
            fuzzy.setdefault(key, set()).update(codes)
    fuzzy_keys = tuple(sorted(fuzzy))

    return Gazetteer(
        regions=regions,
        aliases=aliases,
        by_code=by_code,
        by_name={k: tuple(sorted(v)) for k, v in names.items()},
        by_alias={k: tuple(sorted(v)) for k, v in alias_codes.items()},
        fuzzy_keys=fuzzy_keys,
        fuzzy_codes=tuple(tuple(sorted(fuzzy[k])) for k in fuzzy_keys),
        fuzzy_by_length=_by_length(fuzzy_keys),
    )


def _by_length(keys: tuple[str, ...]) -> dict[int, tuple[tuple[str, ...], tuple[int, ...]]]:
    lengths = {len(key) for key in keys}
    if not lengths:
        return {}
    gap = FUZZY_MAX_LENGTH_GAP
    table = {}
    for length in range(max(1, min(lengths) - gap), max(lengths) + gap + 1):
        near = [(key, i) for i, key in enumerate(keys) if abs(len(key) - length) <= gap]
        table[length] = (tuple(k for k, _ in near), tuple(i for _, i in near))
    return table
