"""Resolve free-text regions against the gazetteer.

`resolve_region` turns "Kota Lampung", "Kab. Bandung", "Solo", "Provinsi DKI" or "3578" into a
`RegionMatch`. Resolution order: code, exact official name, alias, then fuzzy matching for
typos. Level words ("Kota", "Kab.", "Pemkot", "Provinsi", ...; atlas.levels) in the text, the
`level` and `province` hints and the institution ("Pemerintah Kabupaten Bandung", "Bappeda
Provinsi Jawa Barat") narrow the candidates; a government institution also stands in for a
blank or unreadable region, and decides between candidates only when it names one of them.
When more than one region remains the result is "ambiguous" with the candidates listed; a wrong
code with confidence is worse than an honest "ambiguous", so the resolver never picks one.
"""

from __future__ import annotations

import re

from atlas.gazetteer import Gazetteer, ambiguous_match, narrow, resolved_match
from atlas.levels import ParsedName, level_hint, parse_level_words
from atlas.schema import RegionMatch, RegionMethod
from atlas.typos import FOREIGN, TypoSearch

UNRESOLVED = RegionMatch(status="unresolved")

# "Kota Jakarta" lists the province's kota as candidates only when they are this few.
MAX_LISTED_CANDIDATES = 6

_CODE = re.compile(r"^(\d{2})(?:[.\s]?(\d{2}))?$")
_EXCEL_TRUNCATED_CODE = re.compile(r"^(\d{2}) (\d)$")
_PLACE_THEN_PROVINCE = re.compile(r"[,(/]|\s-\s")
_PLACE_THEN_PROVINCE_SPLIT = re.compile(r"([,(/]|\s-\s)")


def _as_code(gazetteer: Gazetteer, name: str) -> str | None:
    """'35.78', '3578', '35 78' or '35' as a code in the gazetteer; None when not a code shape,
    '' when shaped like a code that does not exist."""
    match = _CODE.match(name.strip())
    if match is None:
        return None
    code = match.group(1) + ("." + match.group(2) if match.group(2) else "")
    return code if code in gazetteer.by_code else ""


def _decide(gazetteer: Gazetteer, codes: list[str], method: RegionMethod) -> RegionMatch | None:
    if len(codes) == 1:
        return resolved_match(gazetteer, codes[0], method)
    if len(codes) > 1:
        return ambiguous_match(gazetteer, codes)
    return None


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
            return ambiguous_match(gazetteer, inside)
    return None


class Resolver:
    """One resolution run over many inputs, memoised so that its cost grows with the distinct
    strings, not the rows: every distinct text is parsed once, every (name, level, province)
    looked up once, every name compared with the gazetteer at most once (atlas.typos; it stops
    after `fuzzy_limit` distinct names, counting the names it skipped in `fuzzy_skipped`)."""

    def __init__(self, gazetteer: Gazetteer, fuzzy_limit: int | None = None) -> None:
        self.gazetteer = gazetteer
        self.typos = TypoSearch(gazetteer, fuzzy_limit)
        self._parsed: dict[str, ParsedName] = {}
        self._province_codes: dict[str, str] = {}
        self._names: dict[tuple[str, str, str], RegionMatch | None] = {}

    @property
    def fuzzy_skipped(self) -> int:
        return self.typos.skipped

    def parse(self, text: object) -> ParsedName:
        if not isinstance(text, str):
            return parse_level_words(text)
        parsed = self._parsed.get(text)
        if parsed is None:
            parsed = self._parsed[text] = parse_level_words(text)
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
        if not key or key in FOREIGN:
            return None
        named = gazetteer.by_name.get(key, ())
        aliased = gazetteer.by_alias.get(key, ())
        if not named and not aliased:
            return self.typos.search(key, level, province_code)
        exact = narrow(gazetteer, named, level, province_code)
        decided = _decide(gazetteer, exact, "exact")
        if decided is not None:
            return decided
        alias = narrow(gazetteer, aliased, level, province_code)
        decided = _decide(gazetteer, alias, "alias")
        if decided is not None:
            return decided
        # The name exists but not at this level or in this province.
        return _province_inside(gazetteer, key, level)

    def resolve(
        self, text: str, province: str, level: str, institution: ParsedName
    ) -> tuple[RegionMatch, bool]:
        """The match, and whether the text alone decided it: True when no institution could
        change the result (the text names a place and a level, or is a code, and resolved)."""
        parsed = self.parse(text)
        names_place = bool(parsed.name)
        if not names_place and institution.level and institution.name:
            # Region left blank (or just "Kota"): a government institution names it.
            parsed = institution
        by_code = self._resolve_code(parsed)
        if by_code is not None:
            return by_code, names_place

        level_from_text = parsed.level or level_hint(level)
        chosen_level = level_from_text or self._institution_level(parsed, institution)
        province_code = self.province_code(province)
        province_from_hint = bool(province_code)
        province_code = province_code or self._institution_province(institution)

        match = self.resolve_name(parsed.name, chosen_level, province_code)
        if match is None:
            split = self._place_then_province(text, province_code, level, institution)
            if split is not None:
                return split, False
        result = self._government_decides(match, parsed, institution, province_code)
        # Without a level in the text, an institution's level may narrow it; without a
        # province hint, a provincial institution may narrow a typo search.
        text_decided = names_place and bool(level_from_text) and result.status == "resolved"
        return result, text_decided and (province_from_hint or result.method != "fuzzy")

    def _resolve_code(self, parsed: ParsedName) -> RegionMatch | None:
        """The match for a text that is a Kemendagri code (or one a spreadsheet truncated);
        None when the text is not shaped like a code."""
        gazetteer = self.gazetteer
        code = _as_code(gazetteer, parsed.name)
        if code is not None:
            if not code or (parsed.level and gazetteer.by_code[code].type != parsed.level):
                return UNRESOLVED
            return resolved_match(gazetteer, code, "code")
        truncated = _EXCEL_TRUNCATED_CODE.match(parsed.name)
        if truncated is None:
            return None
        # A spreadsheet that read 35.10 as a number shows 35.1; 35.01 looks the same to a
        # careless typist. List what exists rather than guess.
        province_part, digit = truncated.groups()
        options = [f"{province_part}.{digit}0", f"{province_part}.0{digit}"]
        existing = [c for c in options if c in gazetteer.by_code]
        return ambiguous_match(gazetteer, existing) if existing else UNRESOLVED

    def _institution_level(self, parsed: ParsedName, institution: ParsedName) -> str:
        """The institution's level counts when it names the same place or no place at all:
        "Pemkab" or "Dinas Kesehatan Kabupaten Bandung" for region "Bandung"."""
        if not institution.level:
            return ""
        same_place = self.compact(institution.name) == self.compact(parsed.name)
        return institution.level if same_place or not institution.name else ""

    def _institution_province(self, institution: ParsedName) -> str:
        """The province a provincial institution names ("Bappeda Provinsi Jambi"), or ''."""
        if institution.level != "provinsi":
            return ""
        return self.province_code(institution.name)

    def _place_then_province(
        self, text: str, province_code: str, level: str, institution: ParsedName
    ) -> RegionMatch | None:
        """ "Kab. Bandung, Jawa Barat" or "Surabaya (Jatim)": a place, then its province."""
        if not _PLACE_THEN_PROVINCE.search(text):
            return None
        head, _, tail = _PLACE_THEN_PROVINCE_SPLIT.split(text, maxsplit=1)
        tail_province = self.province_code(tail.strip(" )"))
        if not tail_province or (province_code and province_code != tail_province):
            return None
        return self.resolve(head, tail_province, level, institution)[0]

    def _government_decides(
        self,
        match: RegionMatch | None,
        parsed: ParsedName,
        institution: ParsedName,
        province_code: str,
    ) -> RegionMatch:
        """The region text may be beyond repair ("Kota epok") while the institution names a
        government ("Pemerintah Kota Depok"): that government is the region. When several
        regions fit ("Kota Semrang": Semarang or Serang), a government institution naming one
        of them ("Pemerintah Kota Semarang") decides."""
        undecided = match is None or match.status == "ambiguous"
        names_other_place = self.compact(institution.name) != self.compact(parsed.name)
        if undecided and institution.level and institution.name and names_other_place:
            government = self.resolve_name(institution.name, institution.level, province_code)
            if government is not None and (
                match is None
                or (government.status == "resolved" and government.name in match.candidates)
            ):
                return government
        return match or UNRESOLVED


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
    resolver = Resolver(gazetteer)
    text = "" if text is None or (isinstance(text, float) and text != text) else str(text)
    match, _ = resolver.resolve(
        text, str(province or ""), str(level or ""), resolver.parse(institution)
    )
    return match


def resolve_venue(gazetteer: Gazetteer, venue: str) -> RegionMatch:
    """Resolve a training venue like a participant's region ("Jakarta" is DKI Jakarta)."""
    return resolve_region(gazetteer, venue)
