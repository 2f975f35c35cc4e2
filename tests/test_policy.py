"""Rules before ranking: the rule files, the mask they give, and no suggestion that breaks
them on the bundled atlas."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from sqlalchemy import select

from kembar.config import Settings
from kembar.db import Database
from kembar.db.models import Place
from kembar.errors import InvalidInput
from kembar.places import find_place, partners_of
from kembar.recommend import policy
from kembar.recommend.graph import Features, Graph, Node
from kembar.recommend.policy import RuleOptions, parse
from kembar.recommend.service import governing_city, recommend
from kembar.recommend.trainer import ensure

LEVELS = "country,kind,level,source\n*,province,regional,law\n*,city,local,law\n*,regency,local,law\n"
PARTNERS = "country,rule,partner,source\nID,exclude,IL,Kemlu\n"


def test_rule_files_parse_with_their_sources() -> None:
    pol = parse(LEVELS, "# a comment\n" + PARTNERS)
    assert pol.level("ID", "province") == "regional" and pol.level("FR", "city") == "local"
    assert pol.forbids("ID", "IL") and pol.forbids("IL", "ID") and not pol.forbids("ID", "MY")
    assert pol.sources[("ID", "IL")] == "Kemlu"


@pytest.mark.parametrize(
    ("levels", "partners", "message"),
    [
        (LEVELS + "QQ,city,local,law\n", PARTNERS, "levels.csv line 5: unknown country code 'QQ'"),
        (LEVELS + "*,city,federal,law\n", PARTNERS, "levels.csv line 5: unknown level 'federal'"),
        (LEVELS + "*,village,local,law\n", PARTNERS, "levels.csv line 5: unknown kind 'village'"),
        (LEVELS, PARTNERS + "ID,exclude,ZZ,x\n", "partner_countries.csv line 3: unknown country code 'ZZ'"),
        (
            LEVELS,
            "# c\n" + PARTNERS + "ID,allow,MY,x\n",
            "partner_countries.csv line 4: unknown rule 'allow'",
        ),
        (LEVELS, PARTNERS + "ID,exclude,TW,\n", "partner_countries.csv line 3: the source is missing"),
        (LEVELS, PARTNERS + "ID,exclude\n", "partner_countries.csv line 3: expected 4 values"),
    ],
)
def test_a_wrong_rule_line_is_named(levels: str, partners: str, message: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        parse(levels, partners)
    assert message in exc.value.message


CITIES = "region,geonameid,city,source\nID-JK,1642911,Jakarta,UU 29/2007\n"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("ID-QQ,1,Nowhere,x\n", "city_regions.csv line 3: unknown region code 'ID-QQ'"),
        ("KR-11,Seoul,Seoul,x\n", "city_regions.csv line 3: the geonameid 'Seoul' is not a number"),
        ("KR-11,1835848,Seoul,\n", "city_regions.csv line 3: the source is missing"),
        ("id-jk,1,Jakarta,x\n", "city_regions.csv line 3: ID-JK is listed twice"),
        ("KR-11,1642911,Seoul,x\n", "city_regions.csv line 3: the geonameid 1642911 is listed twice"),
    ],
)
def test_a_wrong_city_region_line_is_named(extra: str, message: str) -> None:
    assert parse(LEVELS, PARTNERS, CITIES).city_regions == {"ID-JK": 1642911}
    with pytest.raises(InvalidInput) as exc:
        parse(LEVELS, PARTNERS, CITIES + extra)
    assert message in exc.value.message


def test_bundled_rules_attribute_every_fact() -> None:
    pol = policy.policy()
    assert {"IL", "TW"} <= pol.excluded["ID"]
    assert all(len(src) > 20 for src in pol.sources.values())
    assert pol.level("ID", "province") == "regional" and pol.level("ID", "regency") == "local"
    assert pol.city_regions["ID-JK"] == 1642911 and pol.city_regions["KR-11"] == 1835848
    # a country whose first-level units are municipalities has no provinces to offer
    assert pol.level("SI", "province") == "local" and pol.level("SG", "province") == "local"
    assert pol.level("AT", "province") == "regional"
    # a Philippine province (second-level in ISO 3166-2) is the upper local government,
    # a peer of Jawa Barat; elsewhere a second-level unit stays local
    assert pol.level("PH", "regency") == "regional" and pol.level("PH", "city") == "local"
    assert pol.level("ID", "regency") == "local" and pol.level("DE", "regency") == "local"
    assert len(set(pol.city_regions.values())) == len(pol.city_regions)


def _toy() -> Features:
    """Bandung (city) and Jawa Barat (province) in Indonesia; candidates at both levels,
    one in Israel and one without coordinates."""
    spots = {
        1: ("Bandung", "ID", -6.9, 107.6, "city"),
        2: ("Jawa Barat", "ID", -6.9, 107.6, "province"),
        3: ("Suwon", "KR", 37.3, 127.0, "city"),
        4: ("Gyeonggi", "KR", 37.4, 127.5, "province"),
        5: ("Haifa", "IL", 32.8, 35.0, "city"),
        6: ("Nowhere", "KR", None, None, "city"),
        7: ("Busan", "KR", 35.1, 129.0, "city"),
    }
    g = Graph(
        {i: Node(i, n, c, la, lo, 100_000, False, False, None, k) for i, (n, c, la, lo, k) in spots.items()}
    )
    for a, b in ((1, 7), (3, 7), (4, 7), (5, 7), (6, 7), (2, 7)):
        g.adj[a].add(b)
        g.adj[b].add(a)
    return Features(g)


def test_mask_keeps_the_level_the_countries_and_located_places() -> None:
    fs = _toy()
    i = fs.index
    bandung, jabar = fs.query(i[1]), fs.query(i[2])
    mask = policy.allowed(fs, bandung)
    assert mask[i[3]] and not mask[i[4]] and not mask[i[5]] and not mask[i[6]]
    assert policy.allowed(fs, jabar)[i[4]] and not policy.allowed(fs, jabar)[i[3]]
    assert policy.allowed(fs, bandung, RuleOptions(any_level=True))[i[4]]
    assert policy.allowed(fs, bandung, RuleOptions(any_country=True))[i[5]]
    assert policy.allowed(fs, bandung, RuleOptions(unlocated=True))[i[6]]
    # Haifa's side: Indonesia's rule holds both ways
    assert not policy.allowed(fs, fs.query(i[5]))[i[1]]
    assert policy.breaks(fs, bandung, i[5]) == ["country"]
    assert policy.breaks(fs, bandung, i[4]) == ["level"]
    # a place without coordinates asking may be offered anyone
    assert policy.allowed(fs, fs.query(i[6]))[i[3]]


def _settings(home: Path) -> Settings:
    return Settings(home=home, database_url=f"sqlite:///{home / 'kembar.sqlite3'}")


@pytest.mark.slow
def test_no_suggestion_breaks_the_rules_for_1000_random_places(trained_atlas_home: Path) -> None:
    settings = _settings(trained_atlas_home)
    db = Database(settings)
    rec = ensure(settings, db)
    fs = rec.feats
    with db.session() as s:
        ids = sorted(s.scalars(select(Place.id).where(Place.kind != "country")))
        sample = random.Random(19).sample(ids, 1000)
        broken, levels_seen, answered = [], set(), 0
        for pid in sample:
            place = s.get(Place, pid)
            assert place is not None
            found = recommend(s, rec, place, k=10)
            answered += bool(found)
            q = fs.query(fs.index[pid]) if pid in fs.index else None
            for c in found:
                j = fs.index[c.id]
                if q is not None:
                    broken += [(place.name, c.name, r) for r in policy.breaks(fs, q, j)]
                elif policy.policy().forbids(place.country_code, c.country):
                    broken.append((place.name, c.name, "country"))
                levels_seen.add(rec.graph.nodes[c.id].kind)
        assert answered > 900
        assert not broken, broken[:10]
        assert {"province", "city"} <= levels_seen  # both levels were asked and answered

        jakarta = find_place(s, "Jakarta", "ID")
        found = recommend(s, rec, jakarta, k=50)
        assert found and not {c.country for c in found} & policy.policy().excluded_for("ID")
        lifted = recommend(s, rec, jakarta, k=50, options=RuleOptions(any_country=True))
        assert {c.country for c in lifted} & {"TW", "IL"}  # the rule did remove someone
        jabar = find_place(s, "Jawa Barat", "ID")
        found = recommend(s, rec, jabar, k=10)
        assert len(found) == 10
        regional = policy.LEVELS.index("regional")
        levels = policy.place_levels(fs)
        # provinces, or cities that are a province themselves (Seoul, Chongqing)
        at = [fs.index[c.id] for c in found]
        assert all(levels.level[j] == regional or levels.both[j] for j in at)
        mixed = recommend(s, rec, jabar, k=10, options=RuleOptions(any_level=True))
        assert {rec.graph.nodes[c.id].kind for c in mixed} != {"province"}
    db.dispose()


def _city_regions() -> tuple[Features, policy.Policy]:
    """Seoul is a city and a first-level subdivision (KR-11, which the atlas also holds as
    a province); Suwon and Gyeonggi are plain city and province."""
    pol = parse(LEVELS, PARTNERS, "region,geonameid,city,source\nKR-11,1835848,Seoul,ISO\n")
    nodes = {
        1: Node(1, "Bandung", "ID", -6.9, 107.6, 1, False, False, None, "city"),
        2: Node(2, "Jawa Barat", "ID", -6.9, 107.6, 1, False, False, None, "province", None, "ID-JB"),
        3: Node(3, "Seoul", "KR", 37.6, 127.0, 1, False, False, "Seoul", "city", 1835848, "KR-11"),
        4: Node(4, "Seoul", "KR", 37.6, 127.0, 1, False, False, "Seoul", "province", None, "KR-11"),
        5: Node(5, "Suwon", "KR", 37.3, 127.0, 1, False, False, "Gyeonggi", "city", 1835553, "KR-41"),
        6: Node(6, "Gyeonggi", "KR", 37.4, 127.5, 1, False, False, "Gyeonggi", "province", None, "KR-41"),
    }
    g = Graph(nodes)
    for a in (1, 2, 5, 6):
        g.adj[a].add(3)
        g.adj[3].add(a)
    return Features(g), pol


def test_a_city_that_is_a_province_is_a_peer_of_both_and_stands_for_its_region() -> None:
    fs, pol = _city_regions()
    i = fs.index
    bandung, jabar, seoul = fs.query(i[1]), fs.query(i[2]), fs.query(i[3])
    to_city, to_province = policy.allowed(fs, bandung, pol=pol), policy.allowed(fs, jabar, pol=pol)
    assert to_city[i[3]] and to_city[i[5]] and not to_city[i[6]]
    assert to_province[i[3]] and to_province[i[6]] and not to_province[i[5]]
    assert not to_city[i[4]] and not to_province[i[4]]  # the subdivision KR-11: Seoul stands for it
    assert not policy.allowed(fs, seoul, RuleOptions(any_level=True), pol=pol)[i[4]]
    mine = policy.allowed(fs, seoul, pol=pol)  # Seoul itself is offered cities and provinces
    assert mine[i[1]] and mine[i[2]] and mine[i[5]] and mine[i[6]]
    assert policy.breaks(fs, jabar, i[3], pol=pol) == []
    assert policy.breaks(fs, jabar, i[5], pol=pol) == ["level"]
    # breaks says what allowed does (a mutual match of seeking places is checked by it)
    for q in (bandung, jabar, seoul):
        for options in (RuleOptions(), RuleOptions(any_level=True)):
            mask = policy.allowed(fs, q, options, pol=pol)
            assert [not policy.breaks(fs, q, j, options, pol=pol) for j in range(len(fs.ids))] == list(mask)
    assert policy.breaks(fs, bandung, i[4], RuleOptions(any_level=True), pol=pol) == ["folded"]


def test_a_city_regions_subdivision_is_asked_as_its_city(trained_small_atlas_home: Path) -> None:
    settings = _settings(trained_small_atlas_home)
    db = Database(settings)
    rec = ensure(settings, db)
    with db.session() as s:
        tokyo = find_place(s, "Tokyo", "JP")
        prefecture = s.scalar(select(Place).where(Place.key == "iso:JP-13"))
        assert tokyo.kind == "city" and tokyo.partner_count > 0
        assert prefecture is not None and prefecture.kind == "province"
        assert governing_city(s, prefecture).id == tokyo.id
        assert governing_city(s, tokyo).id == tokyo.id
        jabar = find_place(s, "Jawa Barat", "ID")
        assert governing_city(s, jabar).id == jabar.id
        as_city = recommend(s, rec, tokyo, k=10)
        assert as_city and recommend(s, rec, prefecture, k=10) == as_city
        # Tokyo's partners (Jakarta among them in the small atlas) are not offered again
        partners = {p.place.id for p in partners_of(s, tokyo)}
        assert find_place(s, "Jakarta", "ID").id in partners
        assert not {c.id for c in as_city} & partners
    db.dispose()
