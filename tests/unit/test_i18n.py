import datetime as dt
import re
import string
from pathlib import Path

import pandas as pd
import pytest

from atlas import i18n
from atlas.i18n import CATALOGUE, format_date, format_date_range, format_number, format_percent, t

REPO = Path(__file__).resolve().parents[2]


def test_every_entry_has_both_languages_and_same_placeholders():
    for key, entry in CATALOGUE.items():
        assert set(entry) == {"id", "en"}, key
        assert entry["id"].strip() and entry["en"].strip(), key
        fields = [
            {name for _, name, _, _ in string.Formatter().parse(entry[lang]) if name}
            for lang in ("id", "en")
        ]
        assert fields[0] == fields[1], key


def test_t_uses_language_and_fills_placeholders():
    assert t("nav.overview") == "Ringkasan"
    assert t("nav.overview", "en") == "Overview"
    assert t("kpi.kabupaten", "en") == "Regencies"
    assert t("kpi.of_selected", "en", value=1, total=2) == "1 / 2 selected"
    # An unknown language falls back to Indonesian rather than failing.
    assert t("nav.overview", "fr") == "Ringkasan"


def test_t_raises_for_a_missing_key():
    with pytest.raises(KeyError):
        t("no.such.key", "id")


def test_numbers_follow_the_locale():
    assert format_number(1234) == "1.234"
    assert format_number(1234, "en") == "1,234"
    assert format_number(1234567.5, "id", decimals=1) == "1.234.567,5"
    assert format_number(None) == "–"
    assert format_number(float("nan")) == "–"


def test_dates_follow_the_locale():
    assert format_date(dt.date(2018, 12, 18)) == "18 Desember 2018"
    assert format_date(pd.Timestamp("2018-12-18"), "en") == "December 18, 2018"
    assert format_date(pd.NaT) == "–"
    assert (
        format_date_range(pd.Timestamp("2018-12-18"), pd.Timestamp("2018-12-19"), "id")
        == "18 Desember 2018 – 19 Desember 2018"
    )
    one_day = pd.Timestamp("2020-03-10")
    assert format_date_range(one_day, one_day, "id") == "10 Maret 2020"


def test_percent_follows_the_locale():
    assert format_percent(0.1122, "id", decimals=1) == "11,2%"
    assert format_percent(0.1122, "en", decimals=1) == "11.2%"
    assert format_percent(0.5) == "50%"


def test_normalize_lang():
    assert i18n.normalize_lang("EN") == "en"
    assert i18n.normalize_lang("en-US") == "en"
    assert i18n.normalize_lang("de") == "id"
    assert i18n.normalize_lang(None) == "id"


SOURCE_FILES = [REPO / "app.py", *(REPO / "views").glob("*.py"), *(REPO / "atlas").rglob("*.py")]


def _source() -> str:
    """The app's code (not the tests, not the catalogue itself)."""
    return "\n".join(
        path.read_text(encoding="utf-8") for path in SOURCE_FILES if path.name != "i18n.py"
    )


def _keys_used_in_code() -> set[str]:
    pattern = re.compile(r"""\bt\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']""")
    return set(pattern.findall(_source()))


def test_every_key_used_in_the_code_is_in_the_catalogue():
    used = _keys_used_in_code()
    assert "overview.title" in used  # the scan found the pages' calls
    missing = sorted(key for key in used if key not in CATALOGUE)
    assert missing == []


def test_both_languages_have_the_same_keys_in_their_files():
    id_texts, en_texts = i18n.load_locale("id"), i18n.load_locale("en")
    assert sorted(set(id_texts) ^ set(en_texts)) == []
    assert list(id_texts) == list(en_texts)  # same order: a diff of the two files lines up
    assert len(CATALOGUE) == len(id_texts)


# Keys the code builds at run time from a value, by prefix, and why. A key of such a family
# counts as used when its value is spelled in the code as a string literal (a column name, a
# problem code, a data source...), so a value that no longer exists leaves its key unused.
DYNAMIC_FAMILIES = {
    "col.": "tables.localized_table and friends translate every column name: col.<column>",
    "reason.": "a rejected row's reason code from validation/loading: reason.<code>",
    "unreadable.": "UnreadableFileError.reason: unreadable.<reason>",
    "note.": "a table report's note code: note.<code>",
    "status.": "a participant row's region_status: status.<status>",
    "level.": "a government level (schema.LEVELS, and unknown): level.<level>",
    "gender.": "privacy.gender_counts' categories: gender.<category>",
    "source.": "the data source (bundled | demo | upload): source.<source>",
    "brief.source_": "the brief's source line per data source: brief.source_<source>",
    "manage.kind_": "a published version's kind: manage.kind_<kind>",
    "manage.mode_": "the publish mode (replace | append): manage.mode_<mode>",
    "coverage.": "the coverage export's measure column: coverage.<measure>",
}
# Families spelled as f"{key}_help" / f"data.{status}{suffix}" in the pages
BUILT_KEYS = {
    *(f"kpi.{kpi}_help" for kpi in ("provinces", "kota", "kabupaten", "sdgs")),
    *(
        f"data.{status}{suffix}"
        for status in ("ambiguous", "unresolved")
        for suffix in ("", "_caption", "_none")
    ),
}


def _is_used(key: str, source: str) -> bool:
    if f'"{key}"' in source or f"'{key}'" in source or key in BUILT_KEYS:
        return True
    for prefix in DYNAMIC_FAMILIES:
        value = key.removeprefix(prefix)
        if key.startswith(prefix) and (f'"{value}"' in source or f"'{value}'" in source):
            return True
    return False


def test_every_key_in_the_catalogue_is_used_somewhere():
    source = _source()
    unused = sorted(key for key in CATALOGUE if not _is_used(key, source))
    assert unused == []


def test_the_usage_scan_finds_a_key_nobody_uses():
    source = _source()
    assert _is_used("overview.title", source)
    assert _is_used("col.delegates", source)  # a column the code names
    assert not _is_used("col.no_such_column", source)
    assert not _is_used("overview.no_such_text", source)


def test_escape_markdown_makes_file_text_literal():
    assert i18n.escape_markdown("[x](javascript:alert(1))") == r"\[x\]\(javascript\:alert\(1\)\)"
    assert i18n.escape_markdown("**b** $x$ <img>") == r"\*\*b\*\* \$x\$ \<img\>"
    assert i18n.escape_markdown("Kota Bau-Bau") == r"Kota Bau\-Bau"
    assert i18n.escape_markdown("a\\b") == "a\\\\b"


def test_keys_built_at_run_time_exist():
    from atlas.schema import LEVELS
    from atlas.ui.sidebar import DATA_SOURCES

    families = [
        *(f"level.{level}" for level in LEVELS),
        *(f"status.{status}" for status in ("resolved", "ambiguous", "unresolved")),
        *(f"source.{source}" for source in DATA_SOURCES),
        *(f"col.{measure}" for measure in ("trainings", "participants", "governments")),
        *(
            f"data.{status}{suffix}"
            for status in ("ambiguous", "unresolved")
            for suffix in ("", "_caption", "_none")
        ),
        *(f"kpi.{kpi}_help" for kpi in ("provinces", "kota", "kabupaten", "sdgs")),
    ]
    assert [key for key in families if key not in CATALOGUE] == []


def test_indonesian_texts_have_no_english_fragments():
    # issue 7: "rincian: region is empty", "delegates" in captions, developer hints
    fragments = (
        "delegates",
        "detail_password",
        "is empty",
        "secrets",
        "(trainings)",
        "(participants)",
    )
    for key, entry in CATALOGUE.items():
        for fragment in fragments:
            assert fragment not in entry["id"], (key, fragment)
