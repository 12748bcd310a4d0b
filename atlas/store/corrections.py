"""Region corrections: an organizer's answer for a region text the resolver could not decide.

A correction maps (region text, province hint), both compared as `gazetteer.normalise` keys, to a
gazetteer code or to "outside Indonesia / not a government". It applies to rows whose region is
ambiguous or unresolved, and never to a row whose region cell is a code (a code typed in the
file is the file's own answer). A corrected row has method "correction".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from atlas.gazetteer import Gazetteer, normalise
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
)

CORRECTION_METHOD = "correction"
UNDECIDED = ("ambiguous", "unresolved")
_CODE_SHAPED = re.compile(r"^\s*\d{2}(?:[.\s]?\d{1,2})?\s*$")


@dataclass(frozen=True)
class RegionAnswer:
    """What a correction says: a code, or outside (code None)."""

    code: str | None
    outside: bool = False


def correction_key(region: object, province: object) -> tuple[str, str]:
    return normalise(region), normalise(province)


def is_code_text(region: object) -> bool:
    return bool(_CODE_SHAPED.match(str(region or "")))


def correctable_mask(participants: pd.DataFrame) -> pd.Series:
    """Rows a correction may change: ambiguous/unresolved, not already corrected, region text
    not a code."""
    undecided = participants[REGION_STATUS].isin(UNDECIDED)
    corrected = participants[REGION_METHOD].eq(CORRECTION_METHOD).fillna(False).astype(bool)
    codes = participants["region"].map(is_code_text).astype(bool)
    return undecided & ~corrected & ~codes


def apply_corrections(
    participants: pd.DataFrame,
    answers: dict[tuple[str, str], RegionAnswer],
    gazetteer: Gazetteer,
) -> pd.DataFrame:
    """A copy of the resolved participants with the corrections applied (method
    "correction"). A correction made without a province hint also answers rows with one."""
    frame = participants.copy()
    if not answers or frame.empty:
        return frame
    mask = correctable_mask(frame)
    if not mask.any():
        return frame
    provinces = (
        frame["province"] if "province" in frame.columns else pd.Series("", index=frame.index)
    )
    for index in frame.index[mask.to_numpy()]:
        key = correction_key(frame.at[index, "region"], provinces.at[index])
        answer = answers.get(key) or answers.get((key[0], ""))
        if answer is None:
            continue
        if answer.outside or answer.code not in gazetteer.by_code:
            values = {
                REGION_STATUS: "unresolved", REGION_CODE: None, REGION_NAME: None,
                REGION_TYPE: None, PROVINCE_CODE: None, PROVINCE_NAME: None,
                REGION_CANDIDATES: (), REGION_LAT: float("nan"), REGION_LON: float("nan"),
            }  # fmt: skip
        else:
            region = gazetteer.by_code[answer.code]
            values = {
                REGION_STATUS: "resolved", REGION_CODE: region.code, REGION_NAME: region.name,
                REGION_TYPE: region.type, PROVINCE_CODE: region.province_code,
                PROVINCE_NAME: region.province_name, REGION_CANDIDATES: (),
                REGION_LAT: region.lat, REGION_LON: region.lon,
            }  # fmt: skip
        values[REGION_METHOD] = CORRECTION_METHOD
        for column, value in values.items():
            frame.at[index, column] = value
    return frame


def regions_to_fix(participants: pd.DataFrame) -> pd.DataFrame:
    """Every ambiguous or unresolved region text (with its province hint) once: region,
    province, status, rows, candidates (tuple). Most rows first."""
    columns = ["region", "province", "status", "rows", "candidates"]
    if participants.empty:
        return pd.DataFrame(columns=columns)
    undecided = participants[correctable_mask(participants)]
    if undecided.empty:
        return pd.DataFrame(columns=columns)
    provinces = (
        undecided["province"]
        if "province" in undecided.columns
        else pd.Series("", index=undecided.index)
    )
    keys = [
        correction_key(region, province)
        for region, province in zip(undecided["region"], provinces, strict=True)
    ]
    groups: dict[tuple[str, str], dict] = {}
    for key, region, province, status, candidates in zip(
        keys, undecided["region"], provinces, undecided[REGION_STATUS],
        undecided[REGION_CANDIDATES], strict=True,
    ):  # fmt: skip
        entry = groups.setdefault(
            key,
            {"region": region, "province": province, "status": status, "rows": 0,
             "candidates": tuple(candidates or ())},
        )  # fmt: skip
        entry["rows"] += 1
    table = pd.DataFrame(list(groups.values()), columns=columns)
    return table.sort_values(["rows", "region"], ascending=[False, True]).reset_index(drop=True)


def candidate_codes(gazetteer: Gazetteer, names: Iterable[str]) -> list[str]:
    """Gazetteer codes of official names (the resolver lists ambiguous candidates by name)."""
    by_name: dict[str, str] = {}
    for code, region in gazetteer.by_code.items():
        by_name.setdefault(region.name, code)
    return [by_name[name] for name in names if name in by_name]
