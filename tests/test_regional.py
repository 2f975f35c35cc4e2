"""Regions ranked on what their places do (recommend/regional.py), the regions split, and
the forms of ISO 3166-2 names people write."""

from __future__ import annotations

import numpy as np
import pytest

from helpers import Spot, spot_graph
from kembar.gazetteer.subdivisions import display_name, short_names
from kembar.i18n import Translator
from kembar.recommend import regional
from kembar.recommend.graph import FEATURES, Features, Graph, Node, _centre_regions
from kembar.recommend.policy import RuleOptions
from kembar.recommend.ranker import scores
from kembar.recommend.reasons import Context, reasons
from kembar.recommend.splits import region_split


def _world() -> Graph:
    """A province of Indonesia and six candidate regions: Fujian's and Hunan's cities
    partner with Indonesia's, Kyoto's do not; Taiwan's are ruled out for Indonesia."""
    spots: dict[int, Spot] = {
        1: ("Jawa Q", "ID", -7.0, 110.0, "province", "Jawa Q"),
        2: ("Kota Q", "ID", -7.1, 110.1, "city", "Jawa Q"),
        3: ("Kota R", "ID", -6.0, 107.0, "city", "Jawa R"),
        10: ("Fujian", "CN", 26.0, 118.0, "province", "Fujian"),
        11: ("Xiamen", "CN", 24.5, 118.1, "city", "Fujian"),
        12: ("Fuzhou", "CN", 26.1, 119.3, "city", "Fujian"),
        20: ("Hunan", "CN", 27.6, 111.7, "province", "Hunan"),
        21: ("Changsha", "CN", 28.2, 112.9, "city", "Hunan"),
        30: ("Kyoto", "JP", 35.0, 135.8, "province", "Kyoto"),
        31: ("Uji", "JP", 34.9, 135.8, "city", "Kyoto"),
        40: ("Taichung", "TW", 24.1, 120.7, "province", "Taichung"),
        41: ("Fengyuan", "TW", 24.2, 120.7, "city", "Taichung"),
        50: ("Nowhere", "CN", None, None, "province", "Nowhere"),
    }
    return spot_graph(spots, [(2, 11), (2, 12), (3, 21), (31, 41), (2, 41), (31, 21)], population=100_000)


def test_a_province_is_offered_regions_whose_places_partner_with_its_own() -> None:
    fs = Features(_world())
    q = fs.query(fs.index[1])
    assert regional.applies(q)
    ranked, score, _ = scores(fs, None, q)
    names = [fs.g.nodes[int(fs.ids[j])].name for j in ranked]
    # peers only, though none of them has a partner of its own; Fujian's cities partner
    # with Jawa Q's twice, Hunan's with another Indonesian region's once
    assert names[:2] == ["Fujian", "Hunan"]
    assert "Taichung" not in names  # Indonesia's rules exclude Taiwan
    assert "Nowhere" not in names  # no coordinates while the query has them
    assert all(fs.g.nodes[int(fs.ids[j])].kind == "province" for j in ranked)
    assert score[0] > score[1]


def test_a_region_across_the_border_is_ranked_up_and_said_to_be_near() -> None:
    g = _world()
    # Sabah Q lies 150 km from Jawa Q's seat, in Malaysia; none of its places partners anyone
    g.nodes[60] = Node(60, "Sabah Q", "MY", -5.8, 110.5, 0, False, False, "Sabah Q", "province")
    fs = Features(g)
    q = fs.query(fs.index[1])
    ranked, _, _ = scores(fs, None, q)
    names = [fs.g.nodes[int(fs.ids[j])].name for j in ranked]
    assert names.index("Sabah Q") < names.index("Kyoto")  # Kyoto: as unconnected, but far
    near = regional.signals(fs, q, np.array([fs.index[60], fs.index[30]])).across
    assert near[0] > 0.5 and near[1] == 0
    j = fs.index[60]
    f = dict(zip(FEATURES, map(float, fs.of(q)[j]), strict=True))
    for lang, says in (("en", "km from Jawa Q, in Malaysia"), ("id", "km dari Jawa Q, di Malaysia")):
        said = reasons(Context(fs, q, set(), set(), set()), j, f, set(), Translator(lang))
        assert said[0].startswith("Sabah Q ") and says in said[0]
        # the latitude band of two seats 150 km apart would say the distance again
        assert not [r for r in said if "latitudes" in r or "lintang" in r], said
    # with --any-level the learned ranker ranks, and the distance is not its reason
    lifted = Context(fs, q, set(), set(), set(), options=RuleOptions(any_level=True))
    assert not [r for r in reasons(lifted, j, f, set(), Translator("en")) if "km from" in r]


def test_a_city_that_is_a_region_is_said_to_be_linked_with_the_province() -> None:
    g = _world()
    # Seoul, a city and a first-level region, partners Kota Q, a place of Jawa Q, and Uji
    g.nodes[60] = Node(60, "Seoul", "KR", 37.6, 127.0, 1, False, False, "Seoul", "city", 1835848, "KR-11")
    for a, b in ((2, 60), (31, 60)):
        g.adj[a].add(b)
        g.adj[b].add(a)
    fs = Features(g)
    q = fs.query(fs.index[1])
    ranked, _, _ = scores(fs, None, q)
    j = fs.index[60]
    assert j in ranked  # a peer of provinces, ranked on its region's links (regional.py)
    f = dict(zip(FEATURES, map(float, fs.of(q)[j]), strict=True))
    said = reasons(Context(fs, q, set(), set(), set()), j, f, set(), Translator("en"))
    assert "1 partnership already joins places in Jawa Q and in Seoul" in said, said


def test_a_city_is_still_ranked_by_the_learned_ranker() -> None:
    fs = Features(_world())
    q = fs.query(fs.index[2])
    assert not regional.applies(q)
    ranked, _, _ = scores(fs, None, q)
    # partnered places of its level only: no province, and never one without partners
    assert all(fs.g.nodes[int(fs.ids[j])].kind == "city" and fs.deg[j] > 0 for j in ranked)


def test_region_split_reads_a_region_city_partnership_as_two_regions() -> None:
    g = _world()
    g.adj[1].add(21)
    g.adj[21].add(1)  # the province Jawa Q partners Changsha, in Hunan
    inner, pairs = region_split(g)
    assert (1, 20) in pairs
    assert 21 not in inner.adj[1]
    assert all(g.nodes[a].kind == "province" and g.nodes[b].kind == "province" for a, b in pairs)


def test_region_split_reads_a_city_that_is_a_region_as_that_region() -> None:
    g = _world()
    seoul = Node(60, "Seoul", "KR", 37.6, 127.0, 1, False, False, "Seoul", "city", 1835848, "KR-11")
    twin = Node(61, "Seoul", "KR", 37.6, 127.0, 1, False, False, "Seoul", "province", None, "KR-11")
    g.nodes.update({60: seoul, 61: twin})
    g.adj[1].add(60)
    g.adj[60].add(1)  # the province Jawa Q partners Seoul, a city and a first-level region
    inner, pairs = region_split(g)
    assert (1, 60) in pairs and (1, 61) not in pairs
    assert 60 not in inner.adj[1]


def test_region_split_reads_a_city_region_filed_under_another_region_as_itself() -> None:
    g = _world()
    # GeoNames files the city of Buenos Aires (AR-C) under the province of Buenos Aires
    # (AR-B): it is its own region, and not the province's, whose towns partner too
    city = Node(
        70, "Buenos Aires", "AR", -34.6, -58.4, 1, False, False, "Buenos Aires", "city", 3435910, "AR-B"
    )
    province = Node(
        71, "Buenos Aires", "AR", -34.9, -57.9, 1, False, False, "Buenos Aires", "province", None, "AR-B"
    )
    town = Node(72, "La Plata", "AR", -34.9, -57.9, 1, False, False, "Buenos Aires", "city", 3432043, "AR-B")
    g.nodes.update({70: city, 71: province, 72: town})
    for a, b in ((1, 72), (10, 70)):  # Jawa Q partners La Plata; Fujian the city
        g.adj[a].add(b)
        g.adj[b].add(a)
    _, pairs = region_split(g)
    assert (1, 71) in pairs and (1, 70) not in pairs
    assert (10, 70) in pairs and (10, 71) not in pairs


def test_a_province_without_coordinates_lies_among_its_places() -> None:
    nodes = {
        1: Node(1, "Bashkortostan", "RU", None, None, 0, False, False, "Bashkortostan", "province"),
        2: Node(2, "Ufa", "RU", 54.7, 56.0, 1_000_000, False, False, "Bashkortostan", "city"),
        3: Node(3, "Sterlitamak", "RU", 53.6, 55.9, 280_000, False, False, "Bashkortostan", "city"),
        4: Node(4, "Lonely", "RU", None, None, 0, False, False, "Lonely", "province"),
    }
    out = _centre_regions(nodes)
    assert out[1].lat == pytest.approx(54.15, abs=0.05) and out[1].lon == pytest.approx(55.95, abs=0.05)
    assert out[4].lat is None  # no located place in its region
    assert out[2] is nodes[2]


@pytest.mark.parametrize(
    ("iso", "shown", "written"),
    [
        ("Bashkortostan, Respublika", "Respublika Bashkortostan", "Bashkortostan"),
        ("Guangxi Zhuangzu Zizhiqu", "Guangxi Zhuangzu Zizhiqu", "Guangxi"),
        ("Stockholms län [SE-01]", "Stockholms län", "Stockholm"),
        ("Catalunya [Cataluña]", "Catalunya", "Cataluña"),
        ("Praha, Hlavní město", "Hlavní město Praha", "Praha"),
        ("Chungcheongnam-do", "Chungcheongnam-do", "Chungcheongnam"),
    ],
)
def test_iso_names_as_people_write_them(iso: str, shown: str, written: str) -> None:
    assert display_name(iso) == shown
    forms = short_names(iso)
    assert forms[0] == iso and written in forms and shown in forms
    assert not any("[" in f or f.endswith("SE-01") for f in forms[1:])


def test_signals_count_links_between_regions() -> None:
    fs = Features(_world())
    q = fs.query(fs.index[1])
    rows = np.array([fs.index[10], fs.index[20], fs.index[30]])
    s = regional.signals(fs, q, rows)
    assert s.between.tolist() == [2, 0, 0]
    assert s.to_mine.tolist() == [2, 1, 0]  # Uji partners Taiwan and China, not Indonesia
    assert s.affinity[0] == s.affinity[1] > s.affinity[2]


@pytest.mark.parametrize(
    ("iso", "not_a_name"),
    [("wallonne, Région", "wallonne"), ("Amānat al ‘Āşimah [city]", "city"), ("Durham, County", "Durham,")],
)
def test_no_lone_adjective_note_or_stray_comma_is_a_name(iso: str, not_a_name: str) -> None:
    assert not_a_name not in short_names(iso)
    assert short_names(iso)[-1][:1].isupper()  # the short form the extractor shows


def test_a_province_is_told_by_its_places_links_even_with_partners_of_its_own() -> None:
    from kembar.i18n import Translator
    from kembar.recommend.graph import FEATURES
    from kembar.recommend.reasons import Context, reasons

    g = _world()
    g.adj[10].add(31)  # the province Fujian partners Uji, in Japan
    g.adj[31].add(10)
    fs = Features(g)
    q = fs.query(fs.index[1])
    v = fs.index[10]
    f = dict(zip(FEATURES, map(float, fs.of(q)[v]), strict=True))
    said = reasons(Context(fs, q, set(), set(), set()), v, f, set(), Translator("en"))
    # the links that rank it: between the two regions' places, not its own partners only
    assert "2 partnerships already join places in Jawa Q and in Fujian" in said
    assert not [r for r in said if r.startswith("Fujian has")]
