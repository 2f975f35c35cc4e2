"""The names a reader is shown for a place: in the reader's language where the registry
holds one, and its other names as people write them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from kembar.cache import Cache
from kembar.db.models import PlaceName
from kembar.text import fold, is_latin

# Each language's names of places, until the registry changes (a few hundred rows).
_local: Cache[dict[int, str]] = Cache(size=8)


def local_names(session: Session, lang: str) -> dict[int, str]:
    """Place id -> the name the registry holds for the place in `lang`, its exonym there
    ("Moskwa" for Moscow, "Korea Selatan" for South Korea), for the places that have one;
    none for English, the registry's own names. One statement per state of the registry,
    for a page to name any number of places (Translator.place)."""
    if lang == "en":
        return {}

    def build() -> dict[int, str]:
        rows = session.execute(
            select(PlaceName.place_id, PlaceName.name)
            .where(PlaceName.kind == "exonym", PlaceName.lang == lang)
            .order_by(PlaceName.id)
        )
        out: dict[int, str] = {}
        for pid, name in rows:
            out.setdefault(pid, name)
        return out

    return _local.get(session, ("local", lang), build)


def is_machine_form(name: str) -> bool:
    """Whether a name is a machine's romanisation, not a spelling people write: GeoNames
    files among a town's alternate names the forms of its names in other scripts
    transliterated letter by letter, all in lower case ("mwskw", "mo si ke", "mosukuwa" for
    Moscow), while every name written in Latin letters by people bears a capital."""
    return is_latin(name) and any(ch.isalpha() for ch in name) and name == name.lower()


def known_as(name: str, names: list[str]) -> list[str]:
    """The other names a reader is shown for a place: as people write them, not as ISO
    3166-2 files them ("Bashkortostan, Respublika", "Gotlands län [SE-09]" are kept for
    lookups, shown as "Respublika Bashkortostan", "Gotlands län"), each once whatever its
    case, none a machine's romanisation (is_machine_form), and none that is the page's own
    name but for case and accents ("Krakow" on the page of Kraków)."""
    from kembar.gazetteer.subdivisions import display_name

    own = {fold(name), fold(display_name(name))}
    shown: dict[str, str] = {}
    for n in map(display_name, names):
        if fold(n) in own or is_machine_form(n):
            continue
        # once whatever the case; two spellings that differ by an accent are two languages'
        # ("Moscou", French; "Moscòu", Occitan) and both stay
        shown.setdefault(n.casefold(), n)
    return sorted(shown.values())
