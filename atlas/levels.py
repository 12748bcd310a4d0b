"""Government levels and the words that name them: the one table of level synonyms.

A level word ("Kota", "Kab.", "Pemkot", "Provinsi", "Regency", ...) in a region text or an
institution names a level; the `level` column of participants.csv accepts the same words
(atlas.validation). `parse_level_words` splits "Pemerintah Kota Bau-Bau" into level "kota" and
name "bau bau".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from atlas.gazetteer import normalise

# Level words, longest first, as they appear in names and institutions. "Kota Adm." and
# "Kabupaten Administrasi" are the DKI Jakarta forms.
LEVEL_WORDS: tuple[tuple[str, str], ...] = (
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
LEVEL_OF_WORD = dict(LEVEL_WORDS)
# The `level` column's values, lower-cased as they are written: every level word, with or
# without an abbreviation's full stop ("Kab.", "Prov.").
LEVEL_SYNONYMS = {
    **{word: level for word, level in LEVEL_WORDS},
    **{f"{word}.": level for word, level in LEVEL_WORDS},
}
_LEVEL_PATTERN = re.compile(
    r"\b(" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w, _ in LEVEL_WORDS) + r")\b"
)
# English puts the level last; Indonesian names may end in "Kota" ("Lima Puluh Kota").
_ENGLISH_SUFFIX = re.compile(r"(?<=\w) (province|regency|city)$")
# Words that say nothing about the place ("Pemerintah Daerah Kota Solo").
_FILLER = re.compile(r"^((pemerintah daerah|pemerintah|pemda|of|the)( |$))+")


@dataclass(frozen=True)
class ParsedName:
    level: str  # "" when the text names none
    name: str  # normalised words after the level word


NO_LEVEL_WORDS = ParsedName("", "")


def parse_level_words(text: object) -> ParsedName:
    """Split 'pemerintah kota bau bau' into level 'kota' and name 'bau bau'.

    The first level word followed by a name wins ('Dinas Pendidikan Kabupaten Bandung');
    a level word at the very end belongs to the name ('Lima Puluh Kota')."""
    words = normalise(text)
    for match in _LEVEL_PATTERN.finditer(words):
        rest = _FILLER.sub("", words[match.end() :].strip())
        if rest:
            return ParsedName(LEVEL_OF_WORD[" ".join(match.group(1).split())], rest)
    words = _FILLER.sub("", words)
    whole = _LEVEL_PATTERN.fullmatch(words)
    if whole is not None:  # a level word alone: "Pemkot", "Kabupaten"
        return ParsedName(LEVEL_OF_WORD[" ".join(whole.group(1).split())], "")
    suffix = _ENGLISH_SUFFIX.search(words)
    if suffix is not None:  # "East Java Province", "Bandung Regency", "Davao City"
        return ParsedName(LEVEL_OF_WORD[suffix.group(1)], words[: suffix.start()].strip())
    return ParsedName("", words)


def level_hint(level: str) -> str:
    """The level a `level` hint names ("Kab.", "Kota", "province"), or ""."""
    return LEVEL_OF_WORD.get(normalise(level), "")
