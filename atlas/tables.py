"""Display and export tables: the accessible alternative to every chart and map, and what
downloads contain (no streamlit).

Display tables carry the catalogue's column labels and values in words of the page's language;
export frames keep the contract's canonical column names, so a downloaded file can be uploaded
again.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from atlas import sdg
from atlas.i18n import CATALOGUE, format_date, format_date_span, format_number, t
from atlas.schema import (
    PARTICIPANT_COLUMNS,
    PROVINCE_NAME,
    REGION_CODE,
    REGION_NAME,
    REGION_TYPE,
    TRAINING_COLUMNS,
)

MAX_TITLES_IN_TABLE = 3  # the table under the map; its downloads list every title


def level_label(level: str, lang: str) -> str:
    """A government level in words ("Kota", "Kabupaten", "Provinsi"); an unknown one as is."""
    key = f"level.{level}"
    try:
        return t(key, lang)
    except KeyError:
        return str(level)


def localized_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The frame with its columns renamed to the catalogue's `col.<name>` labels (columns
    without a label keep their name)."""
    renames = {
        column: t(f"col.{column}", lang) for column in frame.columns if f"col.{column}" in CATALOGUE
    }
    return frame.rename(columns=renames)


def goal_coverage_table(coverage: pd.DataFrame, lang: str) -> pd.DataFrame:
    table = coverage.assign(goal_name=coverage["goal"].map(lambda n: sdg.goal(int(n)).name(lang)))
    return localized_table(
        table[["goal", "goal_name", "trainings", "participants", "governments"]], lang
    )


def province_goal_table(matrix: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Wide table: one row per province, one column per goal with participants (0 included)."""
    goals = [goal.number for goal in sdg.goals()]
    if matrix.empty:
        return pd.DataFrame(columns=[t("col.province", lang), *[f"SDG {g}" for g in goals]])
    wide = matrix.pivot_table(
        index="province_name", columns="goal", values="participants", aggfunc="sum", fill_value=0
    ).reindex(columns=goals, fill_value=0)
    wide.columns = [f"SDG {goal}" for goal in goals]
    wide.index.name = t("col.province", lang)
    return wide.reset_index()


def goals_over_time_table(per_year: pd.DataFrame, lang: str) -> pd.DataFrame:
    table = per_year.assign(goal_name=per_year["goal"].map(lambda n: sdg.goal(int(n)).name(lang)))
    return localized_table(table[["year", "goal", "goal_name", "trainings"]], lang)


def latest_trainings_table(latest: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Dates as one short span ("18–19 Des 2018", so the table fits a 1400 px screen with the
    sidebar open), goals as "11; 17"."""
    table = latest.assign(
        dates=[
            format_date_span(start, end, lang)
            for start, end in zip(latest["start_date"], latest["end_date"], strict=True)
        ],
        sdg_goals=latest["sdg_goals"].map(_joined),
        venue=latest["venue_name"].fillna(""),
    )
    columns = [
        "title",
        "dates",
        "venue",
        "sdg_goals",
        "participants",
        "governments",
    ]
    return localized_table(table[columns], lang)


def coverage_export(coverage: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The coverage tiles as a table (metrics.coverage_table), measures said in words."""
    table = coverage.assign(
        measure=coverage["measure"].map(lambda name: t(f"coverage.{name}", lang))
    )
    return localized_table(table, lang)


UNREACHED_TABLE_COLUMNS = [
    "region_code",
    "region_name",
    "level",
    "province_name",
    "reached_outside_view",
]


def unreached_table(unreached: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The not-reached kota and kabupaten (metrics.unreached_regions) for reading and download:
    code, name, type in words, province, and whether trainings outside the view reached it."""
    yes, no = t("unreached.yes", lang), t("unreached.no", lang)
    table = unreached.assign(
        level=unreached["level"].map(lambda level: t(f"level.{level}", lang)),
        reached_outside_view=unreached["reached_outside_view"].map(
            lambda flag: yes if bool(flag) else no
        ),
    )
    return localized_table(table[UNREACHED_TABLE_COLUMNS], lang)


def gender_table(counts: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The suppressed gender breakdown (privacy.gender_counts) for reading: categories in
    words, hidden cells as the word "disembunyikan" (never a number)."""
    hidden = t("privacy.hidden", lang)
    table = pd.DataFrame(
        {
            "gender": counts["gender"].map(lambda category: t(f"gender.{category}", lang)),
            "participants": counts["participants"].map(
                lambda value: hidden if pd.isna(value) else format_number(int(value), lang)
            ),
        }
    )
    return localized_table(table, lang)


def _joined(values: object) -> str:
    return "; ".join(str(value) for value in values) if isinstance(values, tuple | list) else ""


TRAININGS_TABLE_COLUMNS = list(TRAINING_COLUMNS)


def trainings_table(trainings: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The filtered trainings for reading: dates in words, goals and targets joined, the venue
    by its official name where it resolved."""
    venue = trainings["venue"]
    if "venue_name" in trainings:
        venue = trainings["venue_name"].where(trainings["venue_name"].notna(), venue)
    table = trainings.sort_values("start_date", ascending=False).assign(
        start_date=lambda f: f["start_date"].map(lambda value: format_date(value, lang)),
        end_date=lambda f: f["end_date"].map(lambda value: format_date(value, lang)),
        sdg_goals=lambda f: f["sdg_goals"].map(_joined),
        sdg_targets=lambda f: f["sdg_targets"].map(_joined),
        venue=venue,
    )
    return localized_table(table[TRAININGS_TABLE_COLUMNS], lang)


PARTICIPANTS_TABLE_COLUMNS = [
    "line",
    "title",
    "institution",
    "region",
    "region_name",
    "region_type",
    "province_name",
    "region_status",
    "delegates",
]
PERSONAL_TABLE_COLUMNS = ["name", "gender", "position", "email", "phone"]


def participants_table(participants: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Participant rows for reading: level and region status in words. Personal columns appear
    only when the frame still has them (the detail view)."""
    frame = participants.sort_values("line")
    table = frame.assign(
        region_type=frame["region_type"].map(
            lambda level: t(f"level.{level}", lang) if isinstance(level, str) and level else ""
        ),
        region_status=frame["region_status"].map(
            lambda status: t(f"status.{status}", lang) if isinstance(status, str) else ""
        ),
        province_name=frame["province_name"].fillna(""),
        region_name=frame["region_name"].fillna(""),
    )
    # Personal columns (detail view only) next to the institution, where the reader looks.
    personal = [c for c in PERSONAL_TABLE_COLUMNS if c in table.columns]
    columns = ["line", "title", "institution", *personal]
    columns += [c for c in PARTICIPANTS_TABLE_COLUMNS if c not in columns and c in table.columns]
    return localized_table(table[columns], lang)


def _translated_reason(rejection: object, lang: str) -> str | None:
    """The reason in the page's language from the problems' codes ("Tanggal tidak sah";
    several problems each with its column); None when some code has no translation."""
    code = getattr(rejection, "code", None)
    problems = getattr(rejection, "problems", ()) or (
        ((getattr(rejection, "column", None), code),) if code else ()
    )
    if not problems or any(f"reason.{code}" not in CATALOGUE for _, code in problems):
        return None
    several = len(problems) > 1
    return "; ".join(
        t(f"reason.{code}", lang) + (f" ({column})" if several and column else "")
        for column, code in problems
    )


def rejections_table(
    rejections: list, table_label: str, lang: str, *, detail: bool = False
) -> pd.DataFrame:
    """line, column, reason of rejected rows (atlas.schema.Rejection). In Indonesian the reason
    is said from the problems' codes, entirely in Indonesian; the loader's English wording is
    the English text, and the fallback for a code without translation. The public reason
    quotes no participants value; `detail=True` (access-protected view only) quotes them (in
    Indonesian as "rincian", the values being the file's own)."""
    rows = []
    for rejection in rejections:
        reason = rejection.detailed_reason if detail else rejection.reason
        translated = _translated_reason(rejection, lang) if lang != "en" else None
        if translated is not None:
            reason = translated
            if detail and rejection.detail is not None:
                reason = t("data.reason_detail", lang, reason=translated, detail=rejection.detail)
        rows.append(
            {
                "table": table_label,
                "line": rejection.line,
                "column": rejection.column or "",
                "reason": reason,
            }
        )
    frame = pd.DataFrame(rows, columns=["table", "line", "column", "reason"])
    return localized_table(frame, lang)


def _titles_cell(titles: Sequence[str], limit: int | None, lang: str) -> str:
    if limit is None or len(titles) <= limit:
        return "; ".join(titles)
    more = t("map.more_titles", lang, count=format_number(len(titles) - limit, lang))
    return "; ".join([*titles[:limit], more])


def region_table(
    regions: pd.DataFrame, lang: str, *, max_titles: int | None = None
) -> pd.DataFrame:
    """The aggregated regions as a readable table (the map's table alternative). `max_titles`
    keeps the titles column short on screen ("A; B; C; dan 127 lainnya"): at 100k rows a
    region has ~130 trainings, and every title of every region would be ~1 MB for the browser;
    the downloads take the table with every title."""
    return pd.DataFrame(
        {
            t("col.region_name", lang): regions[REGION_NAME],
            t("col.region_code", lang): regions[REGION_CODE],
            t("col.level", lang): [level_label(x, lang) for x in regions[REGION_TYPE]],
            t("col.province", lang): regions[PROVINCE_NAME],
            t("col.participants", lang): regions["participants"],
            t("col.trainings", lang): regions["trainings"],
            t("col.title", lang): [
                _titles_cell(list(titles), max_titles, lang) for titles in regions["titles"]
            ],
        }
    )


# --- Export frames: canonical column names, so a downloaded file can be uploaded again ------

PUBLIC_REGION_COLUMNS = [
    "region_status",
    "region_code",
    "region_name",
    "region_type",
    "province_code",
    "province_name",
]


def trainings_export(trainings: pd.DataFrame) -> pd.DataFrame:
    """The trainings with the contract's columns (dates ISO, goals "11;17")."""
    frame = trainings.sort_values("start_date", ascending=False)
    frame = frame.assign(
        sdg_goals=frame["sdg_goals"].map(lambda goals: ";".join(str(g) for g in goals or ())),
        sdg_targets=frame["sdg_targets"].map(lambda codes: ";".join(codes or ())),
    )
    return frame[TRAININGS_TABLE_COLUMNS].reset_index(drop=True)


def participants_export(participants: pd.DataFrame) -> pd.DataFrame:
    """Participant rows with the contract's columns the frame still has (the public view has
    no personal ones) plus the resolved region."""
    columns = [c for c in PARTICIPANT_COLUMNS if c in participants.columns]
    columns += [c for c in PUBLIC_REGION_COLUMNS if c in participants.columns]
    return participants.sort_values("line")[columns].reset_index(drop=True)
