"""Council areas in relation frames (extract/council_areas.py): a party named by its city
and by a council area of it is one party."""

from __future__ import annotations

from kembar.extract.council_areas import merge_council_areas
from kembar.extract.frames import Frame
from kembar.extract.place_index import Candidate


def _place(key: str, name: str, country: str) -> Candidate:
    return Candidate(key, name, "city", country, None, 0, False, False)


KUCHING = _place("gn:1735634", "Kuching", "MY")
SELATAN = _place("raw:MY:kuching selatan:city", "Kuching Selatan", "MY")
PONTIANAK = _place("gn:1630789", "Pontianak", "ID")
MIRI = _place("gn:1738050", "Miri", "MY")


def test_a_city_and_its_council_area_signing_with_one_partner_are_one_frame() -> None:
    frames = [Frame(KUCHING, PONTIANAK, [0]), Frame(PONTIANAK, SELATAN, [3], linked=[4])]
    (one,) = merge_council_areas(frames)
    assert (one.a, one.b) == (KUCHING, PONTIANAK)  # the place the gazetteer knows
    assert one.sentences == [0, 3] and one.linked == [4]


def test_other_pairs_stay_apart() -> None:
    frames = [Frame(KUCHING, PONTIANAK, [0]), Frame(MIRI, PONTIANAK, [1]), Frame(SELATAN, MIRI, [2])]
    assert len(merge_council_areas(frames)) == 3
