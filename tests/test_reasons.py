"""Reasons of a recommendation: the Ministry's criteria with their evidence, one reason per
topic, and weak reasons only beside a stronger one."""

from __future__ import annotations

from dataclasses import replace

from helpers import spot_graph
from kembar.i18n import Translator
from kembar.recommend.graph import FEATURES, Features, Graph, Node
from kembar.recommend.reasons import Context, Profile, reasons


def _graph() -> Features:
    """Jakarta and Busan (both coastal, tropical or not), Surabaya partnered with Busan,
    two Korean cities partnered with Surabaya, Colombo with Daegu."""
    spots = {
        1: ("Jakarta", "ID", -6.2, 106.8, 10_600_000),
        2: ("Busan", "KR", 35.1, 129.0, 3_400_000),
        3: ("Surabaya", "ID", -7.25, 112.75, 2_900_000),
        4: ("Makassar", "ID", -5.14, 119.42, 1_300_000),
        5: ("Daegu", "KR", 35.87, 128.6, 2_500_000),
        6: ("Manila", "PH", 14.6, 120.98, 1_600_000),
        7: ("Colombo", "LK", 6.93, 79.85, 650_000),
    }
    g = Graph({i: Node(i, n, c, la, lo, pop, False, False) for i, (n, c, la, lo, pop) in spots.items()})
    for a, b in ((3, 2), (3, 5), (4, 6), (1, 6), (7, 5)):
        g.adj[a].add(b)
        g.adj[b].add(a)
    return Features(g)


def _why(
    fs: Features,
    asker: int,
    cand: int,
    me: Profile | None,
    other: Profile | None,
    lang: str = "en",
    places: dict[int, str] | None = None,
):
    q = fs.query(fs.index[asker])
    f = dict(zip(FEATURES, map(float, fs.of(q)[fs.index[cand]]), strict=True))
    declared = me.declared if me else set()
    theirs = (set(other.worked) | other.declared | other.offers) if other else set()
    ctx = Context(fs, q, set(declared), set(declared), set(), me)
    return reasons(ctx, fs.index[cand], f, theirs, Translator(lang, places), other)


def test_complementarity_and_shared_problems_name_their_evidence() -> None:
    fs = _graph()
    jakarta = Profile("Jakarta", declared={"disaster_water", "transport"}, functions={"port"})
    busan = Profile("Busan", offers={"disaster_water"}, worked={"transport": "Surabaya"}, functions={"port"})
    said = _why(fs, 1, 2, jakarta, busan)
    offers = [r for r in said if r.startswith("Busan offers")]
    assert offers and offers[0].endswith(", which Jakarta seeks (declared profiles)")
    assert "works on Jakarta's priorities: transport (the partnership of Busan and Surabaya)" in said
    assert "both are port (declared)" in said
    # what the complementarity said is not said again as a shared priority
    assert not [r for r in said if "priorities" in r and "disaster" in r.lower()]
    bahasa = _why(fs, 1, 2, jakarta, busan, "id")
    assert any(r.startswith("Busan menawarkan") for r in bahasa)


def test_places_are_named_in_the_readers_language_where_the_registry_has_a_name() -> None:
    """The names a Translator holds for its language (place_names.local_names) replace the
    registry's in every place a reason names: the asker, the candidate, shared partners."""
    fs = _graph()
    names = {1: "Jakarta Raya", 6: "Kota Manila"}  # as an exonym of the registry would
    said = _why(fs, 4, 1, None, None, "id", names)  # Makassar and Jakarta share Manila
    assert "berbagi satu mitra dengan Makassar: Kota Manila" in said
    jakarta = Profile("Jakarta", declared={"transport"})
    busan = Profile("Busan", offers={"transport"})
    told = _why(fs, 1, 2, jakarta, busan, "id", names)
    assert any(r.startswith("Busan menawarkan") and "yang dicari Jakarta Raya" in r for r in told)
    assert not [r for r in _why(fs, 4, 1, None, None, "en") if "Kota Manila" in r]


def test_one_reason_per_topic() -> None:
    fs = _graph()
    # Makassar: Indonesia and the Philippines are linked (Jakarta-Manila, Makassar-Manila),
    # Jakarta has a partner in the Philippines, Manila partners in Indonesia: all say
    # "these countries partner"
    said = _why(fs, 1, 6, None, None)  # Manila is already Jakarta's partner: asked anyway
    country_words = [r for r in said if "Philippines" in r or "Indonesia" in r]
    assert len(country_words) <= 1


def test_a_weak_reason_is_shown_only_beside_a_stronger_one() -> None:
    fs = _graph()
    # Jakarta and Makassar: both coastal and tropical, nothing else in common (sizes differ,
    # no shared partner)... but Makassar's partner Manila is Jakarta's: a strong reason
    with_strong = _why(fs, 1, 4, None, None)
    assert with_strong[0].startswith("shares a partner with Jakarta: Manila")
    assert any("coast" in r or "tropical" in r for r in with_strong)
    # Colombo for Makassar: both tropical and coastal, nothing else (no partner, country or
    # size in common): the weak reasons are not shown alone; the fallback names its evidence
    alone = _why(fs, 4, 7, None, None)
    assert alone == ["a place with one partnership on record"]


def test_the_weak_reasons_come_after_the_stronger_one() -> None:
    # Makassar and Colombo: both coastal and tropical (weights 1.4 and 1.3), and one
    # partnership (Surabaya-Galle) links their countries (1.01): the weak reasons are
    # shown, but after the one they stand beside
    spots = {
        1: ("Makassar", "ID", -5.14, 119.42),
        2: ("Colombo", "LK", 6.93, 79.85),
        3: ("Surabaya", "ID", -7.25, 112.75),
        4: ("Galle", "LK", 6.03, 80.22),
        5: ("Chennai", "IN", 13.08, 80.27),
        6: ("Manila", "PH", 14.6, 120.98),
    }
    g = Graph({i: Node(i, n, c, la, lo, 0, False, False) for i, (n, c, la, lo) in spots.items()})
    for a, b in ((3, 4), (2, 5), (1, 6)):
        g.adj[a].add(b)
        g.adj[b].add(a)
    said = _why(Features(g), 1, 2, None, None)
    assert said[0] == "1 partnership already links Indonesia and Sri Lanka"
    assert [r for r in said[1:] if "coast" in r] and [r for r in said[1:] if "tropical" in r]


def test_same_status_and_size_with_its_source() -> None:
    fs = _graph()
    said = _why(fs, 3, 5, None, None)  # Surabaya and Daegu: 2.9 and 2.5 million, both cities
    assert (
        "same status and size: both city / town of 2,9 million and 2,5 million people (GeoNames)" in said
        or any(r.startswith("same status and size") and r.endswith("(GeoNames)") for r in said)
    )


def test_a_province_is_not_told_twice_what_its_region_does() -> None:
    spots = {
        1: ("Jawa Barat", "ID", -6.9, 107.6, "province", "Jawa Barat"),
        2: ("Melaka", "MY", 2.2, 102.25, "province", "Melaka"),
        3: ("Bandung", "ID", -6.9, 107.6, "city", "Jawa Barat"),
        4: ("Bogor", "ID", -6.6, 106.8, "city", "Jawa Barat"),
    }
    g = spot_graph(spots, [(2, 3), (2, 4)])
    said = _why(Features(g), 1, 2, None, None)
    # once, by the links of the places that rank it (regional.py), its own among them
    assert "2 partnerships already join places in Jawa Barat and in Melaka" in said
    assert not [r for r in said if r.startswith("Melaka has") or "partnerships in Indonesia" in r]


def test_a_city_region_named_otherwise_than_its_region_is_not_told_twice() -> None:
    # Bangkok governs as a city and as its region, Krung Thep Maha Nakhon (TH-10,
    # rules/city_regions.csv): "Bangkok has 2 partners in Indonesia" and "Krung Thep Maha
    # Nakhon already has 2 partnerships in Indonesia" say one thing twice
    spots = {
        1: ("Bandung", "ID", -6.9, 107.6, "city", "Jawa Barat"),
        2: ("Bangkok", "TH", 13.75, 100.5, "city", "Krung Thep Maha Nakhon"),
        3: ("Bogor", "ID", -6.6, 106.8, "city", "Jawa Barat"),
        4: ("Medan", "ID", 3.58, 98.67, "city", "Sumatera Utara"),
    }
    g = spot_graph(spots, [(2, 3), (2, 4)])
    said = _why(Features(g), 1, 2, None, None)
    assert "Bangkok has 2 partners in Indonesia" in said
    assert [r for r in said if "Krung Thep" in r], said  # a city not known as the region's: said
    g.nodes[2] = replace(g.nodes[2], geonameid=1609350, admin_code="TH-10")
    said = _why(Features(g), 1, 2, None, None)
    assert "Bangkok has 2 partners in Indonesia" in said
    assert not [r for r in said if "Krung Thep" in r], said


def test_a_city_that_is_its_own_region_is_not_told_twice() -> None:
    # Daejeon is a metropolitan city, a region of its own (Daejeon-gwangyeoksi): "Daejeon
    # has 2 partners in Indonesia" and "Daejeon-gwangyeoksi already has 2 partnerships in
    # Indonesia" say one thing twice; Cheongju's region (Chungcheongbuk-do) is another place
    spots = {
        1: ("Bandung", "ID", -6.9, 107.6, "city", "Jawa Barat"),
        2: ("Daejeon", "KR", 36.35, 127.38, "city", "Daejeon-gwangyeoksi"),
        3: ("Bogor", "ID", -6.6, 106.8, "city", "Jawa Barat"),
        4: ("Medan", "ID", 3.58, 98.67, "city", "Sumatera Utara"),
        5: ("Cheongju", "KR", 36.64, 127.49, "city", "Chungcheongbuk-do"),
        6: ("Jinju", "KR", 35.19, 128.08, "city", "Chungcheongbuk-do"),
    }
    g = spot_graph(spots, [(2, 3), (2, 4), (5, 3), (6, 4)])
    fs = Features(g)
    said = _why(fs, 1, 2, None, None)
    assert "Daejeon has 2 partners in Indonesia" in said
    assert not [r for r in said if "Daejeon-gwangyeoksi" in r], said
    other = _why(fs, 1, 5, None, None)
    assert [r for r in other if "Chungcheongbuk-do" in r], other


def test_a_region_at_home_is_told_what_links_it_not_called_well_connected() -> None:
    # Niedersachsen and Sachsen-Anhalt have no partner of their own, but their towns are
    # partnered with each other: that is why regional.py proposes the one for the other
    spots = {
        1: ("Niedersachsen", "DE", 52.4, 9.7, "province", "Niedersachsen"),
        2: ("Sachsen-Anhalt", "DE", 52.1, 11.6, "province", "Sachsen-Anhalt"),
        3: ("Braunschweig", "DE", 52.3, 10.5, "city", "Niedersachsen"),
        4: ("Magdeburg", "DE", 52.1, 11.6, "city", "Sachsen-Anhalt"),
        5: ("Goslar", "DE", 51.9, 10.4, "city", "Niedersachsen"),
        6: ("Halle", "DE", 51.5, 12.0, "city", "Sachsen-Anhalt"),
    }
    g = spot_graph(spots, [(3, 4), (5, 6)])
    for lang, linked in (
        ("en", "2 partnerships already join places in Niedersachsen and in Sachsen-Anhalt"),
        ("id", "2 kemitraan sudah menghubungkan tempat di Niedersachsen dan di Sachsen-Anhalt"),
    ):
        said = _why(Features(g), 1, 2, None, None, lang)
        assert linked in said, said
        assert not [r for r in said if "0 partners" in r or "0 mitra" in r], said


def test_a_region_ranked_on_its_places_alone_says_what_they_do() -> None:
    # Chhukha's country has no partnership: Bayern is proposed for what its towns do, and
    # Sachsen, with no town partnered either, for nothing that may be claimed
    spots = {
        1: ("Chhukha", "BT", 22.9, 89.5, "province", "Chhukha"),
        2: ("Bayern", "DE", 48.1, 11.6, "province", "Bayern"),
        3: ("München", "DE", 48.1, 11.6, "city", "Bayern"),
        4: ("Nürnberg", "DE", 49.5, 11.1, "city", "Bayern"),
        5: ("Kraków", "PL", 50.1, 19.9, "city", "Małopolskie"),
        6: ("Sachsen", "DE", 51.0, 13.7, "province", "Sachsen"),
    }
    g = spot_graph(spots, [(3, 5), (4, 5), (3, 4)])
    fs = Features(g)
    assert _why(fs, 1, 2, None, None) == ["places in Bayern have 4 partners on record"]
    assert _why(fs, 1, 2, None, None, "id") == ["tempat-tempat di Bayern punya 4 mitra tercatat"]
    assert _why(fs, 1, 6, None, None) == []
