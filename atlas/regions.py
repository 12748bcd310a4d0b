"""Indonesian region gazetteer and resolver.

The gazetteer (data/regions.csv, built by scripts/build_gazetteer.py) holds the 38 provinces and
514 kabupaten/kota with Kemendagri codes; data/region_aliases.csv adds old, colloquial and
abbreviated names. `resolve_region` turns free text such as "Kota Lampung", "Kab. Bandung",
"Solo", "Provinsi DKI" or "3578" into a `RegionMatch`.

Resolution order: code, exact official name, alias, then fuzzy matching for typos. Level words
("Kota", "Kab.", "Pemkot", "Provinsi", ...) in the text, the `level` and `province` hints and the
institution ("Pemerintah Kabupaten Bandung", "Bappeda Provinsi Jawa Barat") narrow the candidates;
a government institution also stands in for a blank or unreadable region, and decides between
candidates only when it names one of them. When more than one region remains the result is
"ambiguous" with the candidates listed; a wrong code with confidence is worse than an honest
"ambiguous", so the resolver never picks one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from atlas import REPO_DATA_DIR
from atlas.schema import (
    LEVELS,
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
    RegionMethod,
)

DEFAULT_DATA_DIR = REPO_DATA_DIR
REGIONS_FILE = "regions.csv"
ALIASES_FILE = "region_aliases.csv"

UNRESOLVED = RegionMatch(status="unresolved")

# Fuzzy matching is for typos only: a high similarity, a small edit distance for the name's
# length, and a clear lead over the next region.
FUZZY_MIN_SCORE = 85.0
FUZZY_MIN_MARGIN = 6.0
FUZZY_MIN_LENGTH = 5
FUZZY_MAX_LENGTH_GAP = 3  # a typo changes a name's length by at most this much
# Distinct names one file may send to the typo search (about 30 microseconds each). A real
# file has a few hundred; 400,000 distinct junk names must not hold the server for minutes.
FUZZY_MAX_NAMES = 20_000
# "Kota Jakarta" lists the province's kota as candidates only when they are this few.
MAX_LISTED_CANDIDATES = 6

# Provinces split off since 1999 (code -> the province it came from). A record that still writes
# the old province ("Merauke, Papua") keeps matching.
FORMER_PROVINCE = {
    "19": "16", "21": "14", "36": "32", "65": "64", "75": "71", "76": "73", "82": "81",
    "92": "91", "93": "91", "94": "91", "95": "91", "96": "92",
}  # fmt: skip

# Level words, longest first, as they appear in names and institutions. "Kota Adm." and
# "Kabupaten Administrasi" are the DKI Jakarta forms.
_LEVEL_WORDS: tuple[tuple[str, str], ...] = (
    ("pemerintah provinsi", "provinsi"),
    ("pemerintah propinsi", "provinsi"),
    ("pemerintah kabupaten administrasi", "kabupaten"),
    ("pemerintah kabupaten", "kabupaten"),
    ("pemerintah kota administrasi", "kota"),
    ("pemerintah kota", "kota"),
    ("kabupaten administrasi", "kabupaten"),
    ("kab administrasi", "kabupaten"),
    ("kab adm", "kabupaten"),
    ("kota administrasi", "kota"),
    ("kota adm", "kota"),
    ("pemprov", "provinsi"),
    ("pemprop", "provinsi"),
    ("pemkab", "kabupaten"),
    ("pemkot", "kota"),
    ("pemkodya", "kota"),
    ("provinsi", "provinsi"),
    ("propinsi", "provinsi"),
    ("province", "provinsi"),
    ("prov", "provinsi"),
    ("prop", "provinsi"),
    ("kabupaten", "kabupaten"),
    ("regency", "kabupaten"),
    ("kab", "kabupaten"),
    ("kotamadya", "kota"),
    ("kotamadia", "kota"),
    ("kodya", "kota"),
    ("kota", "kota"),
    ("city", "kota"),
)
_LEVEL_PATTERN = re.compile(
    r"\b(" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w, _ in _LEVEL_WORDS) + r")\b"
)
_LEVEL_OF_WORD = {w: lvl for w, lvl in _LEVEL_WORDS}
# English puts the level last; Indonesian names may end in "Kota" ("Lima Puluh Kota").
_ENGLISH_SUFFIX = re.compile(r"(?<=\w) (province|regency|city)$")
_LEVEL_HINTS = {
    "kota": "kota",
    "kotamadya": "kota",
    "city": "kota",
    "kabupaten": "kabupaten",
    "kab": "kabupaten",
    "regency": "kabupaten",
    "provinsi": "provinsi",
    "propinsi": "provinsi",
    "prov": "provinsi",
    "province": "provinsi",
}
# Words that say nothing about the place ("Pemerintah Daerah Kota Solo").
_FILLER = re.compile(r"^((pemerintah daerah|pemerintah|pemda|of|the)( |$))+")
_PROVINCE_STATUS_PREFIX = re.compile(r"^(dki|di) ")
_CODE = re.compile(r"^(\d{2})(?:[.\s]?(\d{2}))?$")
_EXCEL_TRUNCATED_CODE = re.compile(r"^(\d{2}) (\d)$")
_OFFICIAL_PREFIX = re.compile(r"^(kota administrasi|kabupaten administrasi|kota|kabupaten) ")

# Foreign places whose names sit one or two letters from an Indonesian region ("Sabah" ~
# "Sabang"): never resolved, not even fuzzily.
_FOREIGN = frozenset(
    {
        "sabah", "sarawak", "johor", "johorbahru", "penang", "pinang", "kedah", "melaka",
        "malacca", "selangor", "kualalumpur", "singapore", "singapura", "malaysia", "brunei",
        "dili", "timorleste", "manila", "davao", "cebu", "bangkok", "tokyo", "seoul", "beijing",
        "hanoi", "perth", "darwin", "sydney",
    }
)  # fmt: skip


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
class _Region:
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
    by_code: dict[str, _Region] = field(repr=False)
    by_name: dict[str, tuple[str, ...]] = field(repr=False)  # compact name -> codes
    by_alias: dict[str, tuple[str, ...]] = field(repr=False)  # compact alias -> codes
    fuzzy_keys: tuple[str, ...] = field(repr=False)
    fuzzy_codes: tuple[tuple[str, ...], ...] = field(repr=False)
    # length of a name -> (fuzzy keys within FUZZY_MAX_LENGTH_GAP of it, their indexes)
    fuzzy_by_length: dict[int, tuple[tuple[str, ...], tuple[int, ...]]] = field(repr=False)

    def __hash__(self) -> int:
        return id(self)

    def counts(self) -> dict[str, int]:
        """Number of regions of each type, from the data: provinsi, kota, kabupaten."""
        counted = self.regions["type"].value_counts()
        return {level: int(counted.get(level, 0)) for level in LEVELS}


def load_gazetteer(reference_dir: Path = DEFAULT_DATA_DIR) -> Gazetteer:
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

    by_code: dict[str, _Region] = {}
    for row in regions.itertuples(index=False):
        by_code[row.code] = _Region(
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


# --- Helpers for pages and metrics ------------------------------------------------------------


def regions_of_type(gazetteer: Gazetteer, level: str) -> pd.DataFrame:
    """The gazetteer rows of one type ("provinsi", "kota" or "kabupaten"), ordered by code."""
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}; expected one of {', '.join(LEVELS)}")
    rows = gazetteer.regions[gazetteer.regions["type"] == level]
    return rows.sort_values("code").reset_index(drop=True)


def provinces(gazetteer: Gazetteer) -> pd.DataFrame:
    """The provinces: code, name, lat, lon (at the capital)."""
    return regions_of_type(gazetteer, "provinsi")[["code", "name", "lat", "lon"]]


def kota(gazetteer: Gazetteer) -> pd.DataFrame:
    """The kota (the Apeksi members), with province and seat coordinates."""
    return regions_of_type(gazetteer, "kota")


def kabupaten(gazetteer: Gazetteer) -> pd.DataFrame:
    """The kabupaten, with province and seat coordinates."""
    return regions_of_type(gazetteer, "kabupaten")


# --- Resolution ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Parsed:
    level: str  # "" when the text names none
    name: str  # normalised words after the level word


_NO_INSTITUTION = _Parsed("", "")


def _parse(text: object) -> _Parsed:
    """Split 'pemerintah kota bau bau' into level 'kota' and name 'bau bau'.

    The first level word followed by a name wins ('Dinas Pendidikan Kabupaten Bandung');
    a level word at the very end belongs to the name ('Lima Puluh Kota')."""
    words = normalise(text)
    for match in _LEVEL_PATTERN.finditer(words):
        rest = _FILLER.sub("", words[match.end() :].strip())
        if rest:
            return _Parsed(_LEVEL_OF_WORD[" ".join(match.group(1).split())], rest)
    words = _FILLER.sub("", words)
    whole = _LEVEL_PATTERN.fullmatch(words)
    if whole is not None:  # a level word alone: "Pemkot", "Kabupaten"
        return _Parsed(_LEVEL_OF_WORD[" ".join(whole.group(1).split())], "")
    suffix = _ENGLISH_SUFFIX.search(words)
    if suffix is not None:  # "East Java Province", "Bandung Regency", "Davao City"
        return _Parsed(_LEVEL_OF_WORD[suffix.group(1)], words[: suffix.start()].strip())
    return _Parsed("", words)


def _level_hint(level: str) -> str:
    return _LEVEL_HINTS.get(normalise(level).replace(" ", ""), "")


def _as_code(gazetteer: Gazetteer, name: str) -> str | None:
    """'35.78', '3578', '35 78' or '35' as a code in the gazetteer; None when not a code shape,
    '' when shaped like a code that does not exist."""
    match = _CODE.match(name.strip())
    if match is None:
        return None
    code = match.group(1) + ("." + match.group(2) if match.group(2) else "")
    return code if code in gazetteer.by_code else ""


def _in_province(region: _Region, province_code: str) -> bool:
    own = region.province_code
    return own == province_code or FORMER_PROVINCE.get(own) == province_code


def _filter(
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
        narrowed = [r for r in regions if _in_province(r, province_code)]
        if narrowed or strict_province:
            regions = narrowed
    return [r.code for r in regions]


def _match(
    gazetteer: Gazetteer, code: str, method: RegionMethod, score: float | None = None
) -> RegionMatch:
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


def _ambiguous(gazetteer: Gazetteer, codes: Iterable[str]) -> RegionMatch:
    names = tuple(gazetteer.by_code[c].name for c in sorted(set(codes)))
    return RegionMatch(status="ambiguous", candidates=names)


def _decide(gazetteer: Gazetteer, codes: list[str], method: RegionMethod) -> RegionMatch | None:
    if len(codes) == 1:
        return _match(gazetteer, codes[0], method)
    if len(codes) > 1:
        return _ambiguous(gazetteer, codes)
    return None


def _max_edits(length: int) -> int:
    return 1 if length <= 7 else 2 if length <= 12 else 3


def _province_inside(gazetteer: Gazetteer, key: str, level: str) -> RegionMatch | None:
    """ "Kota Jakarta" names a province with a level: its few kota (or kabupaten) as
    candidates. Otherwise ("Kota Jawa Barat") a typo search would only find a wrong neighbour,
    so the name stays unresolved."""
    known = gazetteer.by_name.get(key, ()) + gazetteer.by_alias.get(key, ())
    provinces_named = {c for c in known if gazetteer.by_code[c].type == "provinsi"}
    if level in ("kota", "kabupaten") and len(provinces_named) == 1:
        (named,) = provinces_named
        inside = [
            r.code
            for r in gazetteer.by_code.values()
            if r.type == level and r.province_code == named
        ]
        if 1 <= len(inside) <= MAX_LISTED_CANDIDATES:
            return _ambiguous(gazetteer, inside)
    return None


class _Resolver:
    """One resolution run over many inputs, memoised so that its cost grows with the distinct
    strings, not the rows: every distinct text is parsed once, every (name, level, province)
    looked up once, every name compared with the gazetteer at most once.

    Typo matching is one rapidfuzz call per distinct name against the gazetteer names of about
    its length. It stops after `fuzzy_limit` distinct names (a file of junk names must not hold
    the server): later names that would need it stay unresolved, counted in `fuzzy_skipped`."""

    def __init__(self, gazetteer: Gazetteer, fuzzy_limit: int | None = None) -> None:
        self.gazetteer = gazetteer
        self.fuzzy_limit = FUZZY_MAX_NAMES if fuzzy_limit is None else fuzzy_limit
        self.fuzzy_skipped = 0
        self._parsed: dict[str, _Parsed] = {}
        self._province_codes: dict[str, str] = {}
        self._names: dict[tuple[str, str, str], RegionMatch | None] = {}
        self._similar: dict[str, tuple[tuple[int, float], ...] | None] = {}

    def parse(self, text: object) -> _Parsed:
        if not isinstance(text, str):
            return _parse(text)
        parsed = self._parsed.get(text)
        if parsed is None:
            parsed = self._parsed[text] = _parse(text)
        return parsed

    @staticmethod
    def compact(name: str) -> str:
        """compact() of a name that is already normalised words."""
        return name.replace(" ", "")

    def province_code(self, province: str) -> str:
        """The province code a hint names ('Jawa Timur', 'Jatim', '35', 'Prov. Jatim'), or ''."""
        code = self._province_codes.get(province)
        if code is None:
            code = self._province_codes[province] = self._province_code(province)
        return code

    def _province_code(self, province: str) -> str:
        gazetteer = self.gazetteer
        parsed = self.parse(province)
        if parsed.level not in ("", "provinsi") or not parsed.name:
            return ""
        code = _as_code(gazetteer, parsed.name)
        if code is not None:
            return code if len(code) == 2 else ""
        key = self.compact(parsed.name)
        codes = [
            c
            for c in gazetteer.by_name.get(key, ()) + gazetteer.by_alias.get(key, ())
            if gazetteer.by_code[c].type == "provinsi"
        ]
        return codes[0] if len(set(codes)) == 1 else ""

    def resolve_name(self, name: str, level: str, province_code: str) -> RegionMatch | None:
        """Exact name, then alias, then typo search, within level and province."""
        key = self.compact(name)
        memo = (key, level, province_code)
        if memo not in self._names:
            self._names[memo] = self._resolve_name(key, level, province_code)
        return self._names[memo]

    def _resolve_name(self, key: str, level: str, province_code: str) -> RegionMatch | None:
        gazetteer = self.gazetteer
        if not key or key in _FOREIGN:
            return None
        named = gazetteer.by_name.get(key, ())
        aliased = gazetteer.by_alias.get(key, ())
        if not named and not aliased:
            return self._fuzzy(key, level, province_code)
        exact = _filter(gazetteer, named, level, province_code)
        decided = _decide(gazetteer, exact, "exact")
        if decided is not None:
            return decided
        alias = _filter(gazetteer, aliased, level, province_code)
        decided = _decide(gazetteer, alias, "alias")
        if decided is not None:
            return decided
        # The name exists but not at this level or in this province.
        return _province_inside(gazetteer, key, level)

    def _similar_keys(self, key: str) -> tuple[tuple[int, float], ...] | None:
        """(index in gazetteer.fuzzy_keys, ratio) of the names within reach of a typo, in the
        gazetteer's order; None when the fuzzy budget of this run is spent."""
        if key in self._similar:
            return self._similar[key]
        if len(self._similar) >= self.fuzzy_limit:
            self.fuzzy_skipped += 1
            self._similar[key] = None
            return None
        choices, indexes = self.gazetteer.fuzzy_by_length.get(len(key), ((), ()))
        found = process.extract(
            key,
            choices,
            scorer=fuzz.ratio,
            score_cutoff=FUZZY_MIN_SCORE - FUZZY_MIN_MARGIN,
            limit=None,
        )
        similar = tuple(sorted((indexes[position], score) for _, score, position in found))
        self._similar[key] = similar
        return similar

    def _fuzzy(self, key: str, level: str, province_code: str) -> RegionMatch | None:
        gazetteer = self.gazetteer
        if len(key) < FUZZY_MIN_LENGTH or key in _FOREIGN:
            return None
        similar = self._similar_keys(key)
        if not similar:
            return None
        best_by_code: dict[str, tuple[float, int]] = {}  # code -> (score, fuzzy key index)
        for index, score in similar:
            codes = gazetteer.fuzzy_codes[index]
            for code in _filter(gazetteer, codes, level, province_code, strict_province=True):
                if score > best_by_code.get(code, (-1.0, -1))[0]:
                    best_by_code[code] = (score, index)
        if not best_by_code:
            return None
        ranked = sorted(best_by_code.items(), key=lambda item: (-item[1][0], item[0]))
        top_code, (top_score, top_index) = ranked[0]
        edits = Levenshtein.distance(key, gazetteer.fuzzy_keys[top_index])
        if top_score < FUZZY_MIN_SCORE or edits > _max_edits(len(key)):
            return None
        ties = [code for code, (score, _) in ranked if top_score - score < FUZZY_MIN_MARGIN]
        if len(ties) > 1:
            # Two regions fit a typo about equally: Bandng -> Kota or Kabupaten Bandung.
            return _ambiguous(gazetteer, ties)
        return _match(gazetteer, top_code, "fuzzy", round(top_score, 1))

    def resolve(
        self, text: str, province: str, level: str, institution: _Parsed
    ) -> tuple[RegionMatch, bool]:
        """The match, and whether the text alone decided it: True when no institution could
        change the result (the text names a place and a level, or is a code, and resolved)."""
        gazetteer = self.gazetteer
        parsed = self.parse(text)
        names_place = bool(parsed.name)
        if not names_place and institution.level and institution.name:
            # Region left blank (or just "Kota"): a government institution names it.
            parsed = institution

        code = _as_code(gazetteer, parsed.name)
        if code is not None:
            if not code or (parsed.level and gazetteer.by_code[code].type != parsed.level):
                return UNRESOLVED, names_place
            return _match(gazetteer, code, "code"), names_place
        truncated = _EXCEL_TRUNCATED_CODE.match(parsed.name)
        if truncated is not None:
            # A spreadsheet that read 35.10 as a number shows 35.1; 35.01 looks the same to a
            # careless typist. List what exists rather than guess.
            province_part, digit = truncated.groups()
            options = [f"{province_part}.{digit}0", f"{province_part}.0{digit}"]
            existing = [c for c in options if c in gazetteer.by_code]
            return (_ambiguous(gazetteer, existing) if existing else UNRESOLVED), names_place

        chosen_level = parsed.level or _level_hint(level)
        level_from_text = bool(chosen_level)
        if not chosen_level and institution.level:
            # The institution's level counts when it names the same place or no place at all:
            # "Pemkab" or "Dinas Kesehatan Kabupaten Bandung" for region "Bandung".
            same_place = self.compact(institution.name) == self.compact(parsed.name)
            if same_place or not institution.name:
                chosen_level = institution.level
        province_code = self.province_code(province)
        province_from_hint = bool(province_code)
        if not province_code and institution.level == "provinsi":
            province_code = self.province_code(institution.name)

        match = self.resolve_name(parsed.name, chosen_level, province_code)
        if match is None and _PLACE_THEN_PROVINCE.search(text):
            # "Kab. Bandung, Jawa Barat" or "Surabaya (Jatim)": a place, then its province.
            head, _, tail = _PLACE_THEN_PROVINCE_SPLIT.split(text, maxsplit=1)
            tail_province = self.province_code(tail.strip(" )"))
            if tail_province and not (province_code and province_code != tail_province):
                return self.resolve(head, tail_province, level, institution)[0], False
        # The region text may be beyond repair ("Kota epok") while the institution names a
        # government ("Pemerintah Kota Depok"): that government is the region.
        # When several regions fit ("Kota Semrang": Semarang or Serang), a government institution
        # naming one of them ("Pemerintah Kota Semarang") decides.
        undecided = match is None or match.status == "ambiguous"
        names_other_place = self.compact(institution.name) != self.compact(parsed.name)
        if undecided and institution.level and institution.name and names_other_place:
            government = self.resolve_name(institution.name, institution.level, province_code)
            if government is not None and (
                match is None
                or (government.status == "resolved" and government.name in match.candidates)
            ):
                match = government
        result = match or UNRESOLVED
        # Without a level in the text, an institution's level may narrow it; without a
        # province hint, a provincial institution may narrow a typo search.
        text_decided = (
            names_place
            and level_from_text
            and result.status == "resolved"
            and (province_from_hint or result.method != "fuzzy")
        )
        return result, text_decided


_PLACE_THEN_PROVINCE = re.compile(r"[,(/]|\s-\s")
_PLACE_THEN_PROVINCE_SPLIT = re.compile(r"([,(/]|\s-\s)")


def resolve_region(
    gazetteer: Gazetteer,
    text: str,
    *,
    province: str = "",
    level: str = "",
    institution: str = "",
) -> RegionMatch:
    """Resolve one free-text region (or Kemendagri code) to a gazetteer entry.

    `province`, `level` and `institution` are optional hints from the same row. Returns a
    resolved match (method code/exact/alias/fuzzy), "ambiguous" with the candidate names, or
    "unresolved" (foreign place, junk, empty)."""
    resolver = _Resolver(gazetteer)
    text = "" if text is None or (isinstance(text, float) and text != text) else str(text)
    match, _ = resolver.resolve(
        text, str(province or ""), str(level or ""), resolver.parse(institution)
    )
    return match


def resolve_venue(gazetteer: Gazetteer, venue: str) -> RegionMatch:
    """Resolve a training venue like a participant's region ("Jakarta" is DKI Jakarta)."""
    return resolve_region(gazetteer, venue)


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
    the distinct names the typo search skipped (see _Resolver).

    Each distinct (region, province, level) is resolved once without the institution. Only
    where that leaves room (no level in the text, not resolved, or a typo without a province)
    and the institution names a government level do the institution's words take part, once
    per distinct (region, province, level, institution level and place)."""
    resolver = _Resolver(gazetteer, fuzzy_limit)
    region, province, level, institution = (_text_column(participants, c) for c in _HINT_COLUMNS)
    row_triples, triples = _factorize_rows(region, province, level)
    outcomes = [resolver.resolve(t, p, lv, _NO_INSTITUTION) for t, p, lv in triples]
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
