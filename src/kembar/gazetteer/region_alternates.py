"""Which of a town's GeoNames alternate names that are a first-level region's name are
the town's: "Lisboa" is Lisbon's, "Nicosia" goes by "Lefkosia" like its district, but
GeoNames also files "Missouri" among Bozeman's names (a town of Montana), "Aichi" among
Okazaki's (a town of Aichi, not its capital), "Somogy" among Pécs' (a town of Baranya)
and "Goa" among Mormugao's. Such a stray name made a bare "Missouri" read as Bozeman, and
the partnership lists' "Goa" a partnership of Mormugao.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping

from rapidfuzz import fuzz

from kembar.gazetteer.geonames import City, GeoNamesIndex, core_names
from kembar.gazetteer.subdivisions import CITY_TYPES, Subdivision
from kembar.text import fold

# A region's name this close to a town's own name (fuzz.ratio of the folded names) is a
# spelling of it: "Jazan" of Jizan, "Jenin" of Janīn, "Kampong Thum" of Kampong Thom;
# "Henan" is not Hengyang (77).
SPELLING_RATIO = 80


def bears_region_name(
    city: City, form: str, sub: Subdivision, largest: bool, elsewhere: Callable[[City, str], bool]
) -> bool:
    """Whether the town goes by `form`, the folded name of the first-level region `sub`:
    when the region is a city (Pattaya, "Phatthaya"), when the town is its capital or
    namesake, or when the town lies in it (`elsewhere` tells when GeoNames puts it in
    another region) and is its region's largest town (`largest`: Lisbon, Cairo, Kyiv)
    or bears the name as its own: as words of its own name ("Victoria de Durango"), in
    another spelling ("Jazan" for Jizan), or the region is named after it (Caerphilly,
    "Caerffili")."""
    if CITY_TYPES.search(sub.type):
        return True
    if sub.capital is not None and sub.capital.geonameid == city.geonameid:
        return True
    if elsewhere(city, sub.code):
        return False
    own = fold(city.name)
    return (
        largest
        or f" {form} " in f" {own} "
        or fuzz.ratio(form, own) >= SPELLING_RATIO
        or own in {fold(n) for n in sub.names}
    )


def stray_region_names(
    index: GeoNamesIndex,
    subs: Iterable[Subdivision],
    largest: dict[tuple[str, str], City],
    elsewhere: Callable[[City, str], bool],
    english: Mapping[str, Iterable[str]] | None = None,
) -> set[tuple[int, str]]:
    """(geonameid, folded name) of the towns' alternate names that name first-level
    regions of their country, by their own or `english` names (by code: "Issyk-Kul" of
    Ysyk-Köl), the towns do not go by (`bears_region_name`); `largest` gives each
    (country, GeoNames admin1 code) its most populous town."""
    named: dict[tuple[str, str], list[Subdivision]] = defaultdict(list)
    for sub in subs:
        if sub.parent is None and sub.kind == "province":
            for n in {*sub.names, *(english or {}).get(sub.code, ())}:
                named[(sub.country, fold(n))].append(sub)
    out: set[tuple[int, str]] = set()
    for (country, form), regions in named.items():
        for city in index.named(country, form):
            own = fold(city.name)
            if form == own or form in core_names(own):
                continue
            top = largest.get((country, city.admin1))
            is_largest = top is not None and top.geonameid == city.geonameid
            if not any(bears_region_name(city, form, sub, is_largest, elsewhere) for sub in regions):
                out.add((city.geonameid, form))
    return out
