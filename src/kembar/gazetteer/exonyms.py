"""English names of ISO 3166-2 subdivisions, so that "Bavaria", "West Java" or "Lower
Saxony" find them: pycountry's English translations, the national registers' ("Bandung
Regency"), and GeoNames' names of the same regions, learnt from its towns
(divisions.region_names) and read from data/region_names.csv.gz (iso3166-2-db).
"""

from __future__ import annotations

import gettext
from collections import defaultdict

import pycountry

from kembar.gazetteer.divisions import region_names
from kembar.gazetteer.geonames import GeoNamesIndex
from kembar.gazetteer.subdivisions import NAMESAKE_MIN_POPULATION, Subdivision, region_crosswalk
from kembar.text import fold


def english_names(
    subs: dict[str, Subdivision], admin: dict[tuple[str, str], str], geo: GeoNamesIndex
) -> dict[str, list[str]]:
    """ISO 3166-2 code -> the English names of that subdivision (`admin`: GeoNames admin1
    codes to ISO ones). GeoNames calls many regions by their capital's name ("Lviv",
    "Kaliningrad"): a name of a town of 50,000 or more in that country stays the town's,
    as for namesakes (subdivisions.py)."""
    out: dict[str, list[str]] = defaultdict(list)
    english = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["en"], fallback=True)
    for sub in subs.values():
        translated = english.gettext(sub.name)
        if fold(translated) != fold(sub.name):
            out[sub.code].append(translated)
        out[sub.code].extend(sub.english)  # "Bandung Regency"
    from_geonames: dict[str, list[str]] = defaultdict(list)
    for key, code in admin.items():
        region = region_names().get(key)
        if region:
            from_geonames[code].append(region)
    for code, rows in region_crosswalk().items():
        from_geonames[code] += [f for row in rows for f in (row.english, row.geonames) if f]
    for code, names in from_geonames.items():
        if code not in subs:
            continue
        own = {fold(n) for n in (*subs[code].names, *out[code])}
        for n in names:
            town = geo.most_populous(subs[code].country, n, primary_only=True)
            if fold(n) in own or (town is not None and town.population >= NAMESAKE_MIN_POPULATION):
                continue
            out[code].append(n)
            own.add(fold(n))
    return out


def indonesian_names(subs: dict[str, Subdivision]) -> dict[str, list[str]]:
    """ISO 3166-2 code -> the Indonesian names of a first-level subdivision, from pycountry's
    translations ("Australia Barat", "Samoa Amerika"): only those that keep a word of the
    name and translate the rest, for many of its translations are single common words
    ("Selatan" for "Southern") or mistakes ("Konstantinopel" for Constantine)."""
    out: dict[str, list[str]] = defaultdict(list)
    indonesian = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["id"], fallback=True)
    for sub in subs.values():
        translated = indonesian.gettext(sub.name)
        words, own = fold(translated).split(), fold(sub.name).split()
        if (
            sub.parent is None
            and fold(translated) != fold(sub.name)
            and len(words) >= 2
            and set(words) & set(own)
            and "(" not in translated
        ):
            out[sub.code].append(translated)
    return out
