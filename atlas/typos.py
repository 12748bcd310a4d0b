"""The typo search: names one or two letters off a gazetteer name ("Surabya", "Bandng").

One rapidfuzz call per distinct name against the gazetteer names of about its length. It stops
after `limit` distinct names (a file of junk names must not hold the server): later names that
would need it stay unresolved, counted in `skipped`.
"""

from __future__ import annotations

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from atlas.gazetteer import (
    FUZZY_MIN_LENGTH,
    Gazetteer,
    ambiguous_match,
    narrow,
    resolved_match,
)
from atlas.schema import RegionMatch

# Fuzzy matching is for typos only: a high similarity, a small edit distance for the name's
# length, and a clear lead over the next region.
FUZZY_MIN_SCORE = 85.0
FUZZY_MIN_MARGIN = 6.0
# Distinct names one file may send to the typo search (about 30 microseconds each). A real
# file has a few hundred; 400,000 distinct junk names must not hold the server for minutes.
FUZZY_MAX_NAMES = 20_000
# Foreign places whose names sit one or two letters from an Indonesian region ("Sabah" ~
# "Sabang"): never resolved, not even fuzzily.
FOREIGN = frozenset(
    {
        "sabah", "sarawak", "johor", "johorbahru", "penang", "pinang", "kedah", "melaka",
        "malacca", "selangor", "kualalumpur", "singapore", "singapura", "malaysia", "brunei",
        "dili", "timorleste", "manila", "davao", "cebu", "bangkok", "tokyo", "seoul", "beijing",
        "hanoi", "perth", "darwin", "sydney",
    }
)  # fmt: skip


def _max_edits(length: int) -> int:
    return 1 if length <= 7 else 2 if length <= 12 else 3


class TypoSearch:
    """The typo search of one resolution run, memoised per distinct name."""

    def __init__(self, gazetteer: Gazetteer, limit: int | None = None) -> None:
        self.gazetteer = gazetteer
        self.limit = FUZZY_MAX_NAMES if limit is None else limit
        self.skipped = 0
        self._similar: dict[str, tuple[tuple[int, float], ...] | None] = {}

    def similar_keys(self, key: str) -> tuple[tuple[int, float], ...] | None:
        """(index in gazetteer.fuzzy_keys, ratio) of the names within reach of a typo, in the
        gazetteer's order; None when the fuzzy budget of this run is spent."""
        if key in self._similar:
            return self._similar[key]
        if len(self._similar) >= self.limit:
            self.skipped += 1
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

    def search(self, key: str, level: str, province_code: str) -> RegionMatch | None:
        """The region a typo of `key` names within level and province, "ambiguous" when two fit
        about equally, None when none is close enough (or the budget is spent)."""
        gazetteer = self.gazetteer
        if len(key) < FUZZY_MIN_LENGTH or key in FOREIGN:
            return None
        similar = self.similar_keys(key)
        if not similar:
            return None
        best_by_code: dict[str, tuple[float, int]] = {}  # code -> (score, fuzzy key index)
        for index, score in similar:
            codes = gazetteer.fuzzy_codes[index]
            for code in narrow(gazetteer, codes, level, province_code, strict_province=True):
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
            return ambiguous_match(gazetteer, ties)
        return resolved_match(gazetteer, top_code, "fuzzy", round(top_score, 1))
