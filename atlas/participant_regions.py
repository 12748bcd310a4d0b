"""Resolve the region of every participant row (a whole frame, each distinct input once)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from atlas.gazetteer import Gazetteer
from atlas.levels import NO_LEVEL_WORDS
from atlas.resolver import Resolver
from atlas.schema import (
    PROVINCE_CODE,
    PROVINCE_NAME,
    REGION_CANDIDATES,
    REGION_CODE,
    REGION_LAT,
    REGION_LON,
    REGION_METHOD,
    REGION_NAME,
    REGION_STATUS,
    REGION_TYPE,
    RegionMatch,
)

_HINT_COLUMNS = ("region", "province", "level", "institution")
# frame.attrs key: how many distinct region names were left unresolved because the typo
# search had reached FUZZY_MAX_NAMES distinct names in that file.
FUZZY_SKIPPED = "fuzzy_skipped"


def _text_column(frame: pd.DataFrame, column: str) -> np.ndarray:
    """The column as an object array of str ("" for blank); validated frames already are."""
    if column not in frame.columns:
        return np.full(len(frame), "", dtype=object)
    values = frame[column].to_numpy(dtype=object, na_value="")
    if pd.api.types.infer_dtype(values, skipna=False) not in ("string", "empty"):
        values = np.array([str(value) for value in values], dtype=object)
    return values


def _factorize_rows(*columns: np.ndarray) -> tuple[np.ndarray, list[tuple]]:
    """Row codes of the distinct combinations of `columns`, and those combinations."""
    codes = np.zeros(len(columns[0]), dtype=np.int64)
    uniques = []
    for values in columns:
        column_codes, column_uniques = pd.factorize(values)
        codes = codes * max(len(column_uniques), 1) + column_codes
        uniques.append(np.asarray(column_uniques, dtype=object))
    row_codes, combined = pd.factorize(codes)
    parts = []
    for column_uniques in reversed(uniques):
        combined, positions = np.divmod(combined, max(len(column_uniques), 1))
        parts.append(column_uniques[positions] if len(column_uniques) else positions)
    return row_codes, list(zip(*reversed(parts), strict=True))


def resolve_participants(
    participants: pd.DataFrame, gazetteer: Gazetteer, *, fuzzy_limit: int | None = None
) -> pd.DataFrame:
    """Add the region resolution columns of atlas.schema, resolving each distinct input once.

    Reads the columns region, province, level and institution (missing ones count as blank) and
    returns a copy with REGION_STATUS ... REGION_LAT/LON added; `attrs[FUZZY_SKIPPED]` counts
    the distinct names the typo search skipped (see atlas.resolver.Resolver).

    Each distinct (region, province, level) is resolved once without the institution. Only
    where that leaves room (no level in the text, not resolved, or a typo without a province)
    and the institution names a government level do the institution's words take part, once
    per distinct (region, province, level, institution level and place)."""
    resolver = Resolver(gazetteer, fuzzy_limit)
    region, province, level, institution = (_text_column(participants, c) for c in _HINT_COLUMNS)
    row_triples, triples = _factorize_rows(region, province, level)
    outcomes = [resolver.resolve(t, p, lv, NO_LEVEL_WORDS) for t, p, lv in triples]
    matches = [match for match, _ in outcomes]
    open_triples = np.array([not decided for _, decided in outcomes], dtype=bool)

    institution_codes, institution_texts = pd.factorize(institution)
    parsed_institutions = [resolver.parse(text) for text in institution_texts]
    # The institution matters only through its level word and place, so "Dinas A Kota Bogor"
    # and "Dinas B Kota Bogor" share one resolution.
    words_codes, words = pd.factorize(
        np.array([f"{p.level} {p.name}" if p.level else "" for p in parsed_institutions])
    )
    row_words = words_codes[institution_codes]
    government = np.array([bool(w) for w in words], dtype=bool)
    involved = open_triples[row_triples] & government[row_words]
    which = row_triples.copy()
    if involved.any():
        pair_codes, pairs = _factorize_rows(row_triples[involved], row_words[involved])
        for row_triple, row_word in pairs:
            text, prov, lv = triples[row_triple]
            matches.append(resolver.resolve(text, prov, lv, resolver.parse(words[row_word]))[0])
        which[involved] = len(outcomes) + pair_codes

    frame = participants.copy()
    for column, values in _region_columns(gazetteer, matches, which).items():
        frame[column] = pd.Series(values, index=frame.index, dtype=values.dtype)
    frame.attrs[FUZZY_SKIPPED] = resolver.fuzzy_skipped
    return frame


def _region_columns(
    gazetteer: Gazetteer, matches: list[RegionMatch], which: np.ndarray
) -> dict[str, pd.Series | np.ndarray]:
    """The schema's region columns for rows that take matches[which[row]]."""

    def column(values: list) -> np.ndarray:
        # object dtype keeps None as None (pandas' default string dtype would turn it into NaN).
        distinct = np.empty(len(values), dtype=object)
        for position, value in enumerate(values):
            distinct[position] = value  # one by one: a tuple is one cell, not a row
        return distinct[which]

    nowhere = (float("nan"), float("nan"))
    located = [
        (gazetteer.by_code[m.code].lat, gazetteer.by_code[m.code].lon) if m.code else nowhere
        for m in matches
    ]
    return {
        REGION_STATUS: column([m.status for m in matches]),
        REGION_CODE: column([m.code for m in matches]),
        REGION_NAME: column([m.name for m in matches]),
        REGION_TYPE: column([m.type for m in matches]),
        PROVINCE_CODE: column([m.province_code for m in matches]),
        PROVINCE_NAME: column([m.province_name for m in matches]),
        REGION_METHOD: column([m.method for m in matches]),
        REGION_CANDIDATES: column([m.candidates for m in matches]),
        REGION_LAT: np.array([lat for lat, _ in located], dtype=float)[which],
        REGION_LON: np.array([lon for _, lon in located], dtype=float)[which],
    }
