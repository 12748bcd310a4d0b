"""The one table of level words: region texts, institutions, the level hint and the level column
all read the same words."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from atlas.gazetteer import load_gazetteer
from atlas.levels import LEVEL_SYNONYMS, LEVEL_WORDS, level_hint, parse_level_words
from atlas.resolver import resolve_region
from atlas.validation import validate_participants


@pytest.mark.parametrize(("word", "level"), LEVEL_WORDS)
def test_every_level_word_is_read_the_same_everywhere(word, level):
    assert parse_level_words(f"{word} surabaya").level == level
    assert level_hint(word.title()) == level
    assert LEVEL_SYNONYMS[word] == level
    assert LEVEL_SYNONYMS[f"{word}."] == level


def test_level_column_accepts_words_the_resolver_reads():
    # "propinsi" and "pemkot" were read in region texts but rejected in the level column.
    raw = pd.read_csv(
        io.StringIO(
            "training_id,institution,region,level\n"
            "t,Bappeda Jambi,Jambi,Propinsi\n"
            "t,Pemerintah Kota Bogor,Bogor,Pemkot\n"
            "t,Pemkab Bandung,Bandung,Kab.\n"
            "t,Pemkot Jambi,Kota Jambi,desa\n"
        ),
        dtype=str,
        keep_default_na=False,
    )
    accepted, report = validate_participants(raw, {"t"})
    assert accepted["level"].tolist() == ["provinsi", "kota", "kabupaten"]
    assert [(r.line, r.column, r.code) for r in report.rejected] == [(5, "level", "bad_level")]


def test_level_hint_takes_every_level_word():
    gazetteer = load_gazetteer()
    # "Kodya" and "Propinsi" were not level hints before the tables became one.
    assert resolve_region(gazetteer, "Bandung", level="Kodya").code == "32.73"
    assert resolve_region(gazetteer, "Jambi", level="Propinsi").code == "15"
    assert level_hint("desa") == ""
