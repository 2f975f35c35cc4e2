"""Which of several places a bare name means when nobody can be asked (a batch line).

A name several places bear is most often a province's own name that a city also goes by:
"Lisboa" (the district, and Lisbon), "Tottori" (the prefecture, and Tottori-shi), "New
York" (the state, and New York City), "Johor" (the state, and Johor Bahru). The reading
follows what the bundled partnership lists and the city's own names say of the name.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from kembar.db.models import Place, PlaceName
from kembar.text import fold

# A name is a city's common short name when at least this share of the city's names in
# Latin script are written in no more words than it: languages drop the words New York
# City adds ("Nueva York", "Nowy Jork") but keep Oklahoma City's ("Oklahoma Siti").
SHORT_NAME_SHARE = 0.5


def best_known(session: Session, exact: list[Place], key: str, primary: list[Place]) -> list[Place]:
    """Of the places bearing the folded name `key`, those a batch should read it as:
    `primary`, the places whose own name it is, unless another place goes by it and
    carries the partnerships.

    Of a place of another kind, one with partners is taken before one without ("Lemesos"
    is Limassol, not the district nobody partnered with). A province's own name is the
    province's, though, unless a partnered city goes by it (`goes_by`); when the province
    has partners too, only the lists' own use of the name for a city with more partners
    outweighs them ("Nara", written so for Nara-shi, 8 partners, not the prefecture's 1)."""
    most = max(p.partner_count for p in primary)
    if not all(p.kind == "province" for p in primary):
        return primary if most else [p for p in exact if p.partner_count] or primary
    others = [p for p in exact if p.partner_count > most and p not in primary]
    if most:
        return [p for p in others if listed_as(session, p, key)] or primary
    return [p for p in others if goes_by(session, p, key)] or primary


def goes_by(session: Session, place: Place, key: str) -> bool:
    """Whether the partnered place goes by `key`, a province's name: by a spelling of its
    own name ("Lisboa" for Lisbon) or its own name less an administrative ending ("Tottori"
    for Tottori-shi), but when its own name adds words of its own ("Johor Bahru",
    "Oklahoma City") only if the bundled lists call it so (`listed_as`) or `key` is its
    common short name (`short_name`)."""
    if not named_after(place, key):
        return True
    return listed_as(session, place, key) or short_name(session, place, key)


def named_after(place: Place, key: str) -> bool:
    """Whether the place's own name is `key` and words of its own ("Johor Bahru",
    "Oklahoma City", "Brandenburg an der Havel"), not `key` and an administrative ending
    ("Tottori-shi" is Tottori)."""
    from kembar.gazetteer.geonames import core_names  # not loaded for commands without places

    own = fold(place.name)
    return own.startswith(f"{key} ") and key not in core_names(own)


def listed_as(session: Session, place: Place, key: str) -> bool:
    """Whether the bundled partnership lists write the place's name as `key` ("Chiayi"
    for Chiayi City): people who write partnership lists use the name that way."""
    found = select(PlaceName.id).where(
        PlaceName.place_id == place.id, PlaceName.norm == key, PlaceName.kind == "dataset"
    )
    return session.scalar(found.limit(1)) is not None


def short_name(session: Session, place: Place, key: str) -> bool:
    """Whether `key` is the place's common short name: at least SHORT_NAME_SHARE of its
    names in Latin script have no more words than `key` ("New York": 48 of New York City's
    65, "Cluj": 22 of Cluj-Napoca's 43; "Oklahoma": 8 of Oklahoma City's 36)."""
    norms = set(session.scalars(select(PlaceName.norm).where(PlaceName.place_id == place.id)))
    latin = [n for n in norms if n and n.isascii()]
    words = len(key.split())
    short = sum(1 for n in latin if len(n.split()) <= words)
    return bool(latin) and short >= SHORT_NAME_SHARE * len(latin)
