"""Places on both backends: search ignores accents and case, a profile read from the
cache is never older than the registry, and names as partnership lists write them find
the place they mean."""

from __future__ import annotations

import re
from typing import Any

import pytest

from kembar.db import Database
from kembar.db.models import Place, PlaceName
from kembar.errors import PlaceNotFound
from kembar.permissions import system_actor
from kembar.registry import partnerships, profiles
from kembar.registry.schemas import PartnershipCreate, ProfileUpdate
from kembar.text import fold

pytestmark = pytest.mark.backends


def _add(
    db: Database,
    key: str,
    name: str,
    cc: str,
    *aliases: str,
    kind: str = "city",
    partners: int = 0,
    region: str | None = None,
    admin: str | None = None,
) -> int:
    with db.write() as s:
        place = Place(
            key=key,
            name=name,
            kind=kind,
            country_code=cc,
            partner_count=partners,
            admin_name=region,
            admin_code=admin,
        )
        s.add(place)
        s.flush()
        for n in (name, *aliases):
            s.add(PlaceName(place_id=place.id, name=n, norm=fold(n), kind="official"))
        return place.id


def _names(web: Any, q: str, **params: str) -> list[str]:
    answer = web.get("/api/v1/places", params={"q": q, **params})
    assert answer.status_code == 200, answer.text
    return [p["name"] for p in answer.json()["items"]]


def test_search_ignores_accents_and_case(web: Any, db: Database) -> None:
    _add(db, "gn:1", "São Luís", "BR")
    _add(db, "gn:2", "Ürümqi", "CN", "Urumchi")
    _add(db, "gn:3", "Đà Nẵng", "VN", "Da Nang")
    for q in ("são luís", "SAO LUIS", "Sao", "sÃo lU"):
        assert _names(web, q) == ["São Luís"], q
    for q in ("URUMQI", "ürümqi", "urümQ", "URUMCHI"):
        assert _names(web, q) == ["Ürümqi"], q
    for q in ("da nang", "ĐÀ NẴNG", "Đà"):
        assert _names(web, q) == ["Đà Nẵng"], q
    assert _names(web, "surabaya") == ["Surabaya"]  # the world's own places too
    assert _names(web, "sao", country="cn") == []
    assert _names(web, "zzzqqq") == []


def test_search_reads_names_as_lists_write_them(web: Any, db: Database) -> None:
    _add(db, "gn:4", "Portland", "US", partners=5, region="Oregon")
    _add(db, "gn:5", "Portland", "US", partners=3, region="Maine")
    _add(db, "iso:AU-WA", "Western Australia", "AU", kind="province")
    _add(db, "iso:US-OR", "Oregon", "US", kind="province", region="Oregon")
    assert _names(web, "Portland") == ["Portland", "Portland"]
    # no name starts so: read as a qualified name, a letterhead or an Indonesian name
    maine = web.get("/api/v1/places", params={"q": "Portland, Maine"}).json()["items"]
    assert [(p["name"], p["admin_name"]) for p in maine] == [("Portland", "Maine")]
    assert _names(web, "City of Portland, Oregon") == ["Portland"]
    assert _names(web, "Australia Barat") == ["Western Australia"]
    assert _names(web, "Australia Barat", country="US") == []


def test_a_profile_is_never_older_than_the_registry(web: Any, db: Database, world: dict[str, int]) -> None:
    path = f"/api/v1/places/{world['bandung']}"
    first = web.get(path)
    assert first.status_code == 200 and first.json()["seeking"] is None
    assert web.get(path).content == first.content  # the cached answer is the same answer
    with db.write() as s:
        profiles.update(
            s, system_actor("cli"), world["bandung"], ProfileUpdate(seeking="Flood control"), None
        )
    second = web.get(path)
    assert second.json()["seeking"] == "Flood control" and second.headers["ETag"] != first.headers["ETag"]
    # A write elsewhere (a new partnership of Bandung) shows too: any change set renews it.
    with db.write() as s:
        partnerships.create(
            s, system_actor("cli"), PartnershipCreate(place_a=world["bandung"], place_b=world["busan"])
        )
    third = web.get(path).json()
    assert [p["place"]["name"] for p in third["partners"]] == ["Busan"]
    assert web.get("/api/v1/places/999999").status_code == 404


def test_names_with_administrative_words_find_the_place_they_mean(db: Database) -> None:
    from kembar.name_forms import bare_names
    from kembar.places import find_place

    city = _add(db, "gn:10", "Osaka", "JP", partners=8)
    prefecture = _add(db, "iso:JP-27", "Ōsaka", "JP", "Osaka", kind="province", partners=2)
    makassar = _add(db, "gn:11", "Makassar", "ID", "Ujungpandang", partners=4)
    yogya = _add(db, "gn:12", "Yogyakarta", "ID", partners=6)
    diy = _add(db, "iso:ID-YO", "Yogyakarta", "ID", kind="province")
    limassol = _add(db, "gn:13", "Limassol", "CY", "Lemesos", partners=5)
    _add(db, "iso:CY-02", "Lemesos", "CY", kind="province")  # the district nobody partnered with
    cebu = _add(db, "gn:14", "Cebu", "PH", "Cebu City", partners=9)
    cebu_province = _add(db, "iso:PH-CEB", "Cebu", "PH", kind="regency", partners=1)
    with db.session() as s:

        def found(name: str, cc: str, best: bool = False) -> int:
            return find_place(s, name, cc, best=best).id

        # the words' level is kept, whichever namesake has more partners
        assert found("Osaka Prefecture", "JP") == prefecture
        assert found("Osaka-shi", "JP") == found("City of Osaka", "JP") == found("Osaka", "JP") == city
        assert found("Yogyakarta Special Region", "ID", best=True) == diy
        assert found("Kota Yogyakarta", "ID", best=True) == found("Yogyakarta", "ID", best=True) == yogya
        # a province that is second-level in ISO 3166-2 (the Philippines') is still one
        assert found("Cebu Province", "PH", best=True) == found("Province of Cebu", "PH") == cebu_province
        assert found("Cebu", "PH", best=True) == found("Cebu City", "PH", best=True) == cebu
        # the same letters spaced otherwise
        assert found("Ujung Pandang", "ID") == makassar
        # a batch (nobody to ask) takes the partnered city over the district named so
        assert found("Lemesos", "CY", best=True) == limassol
        assert found("Lemesos", "CY") != limassol  # a person is given the place of that very name
        with pytest.raises(PlaceNotFound):
            find_place(s, "Ville de Nowhere", "FR")
    assert bare_names("ville de paris") == ["paris"]
    assert bare_names("gyeonggi do") == ["gyeonggi"]
    assert bare_names("tokyo metropolis") == ["tokyo"]
    assert bare_names("kuala lumpur federal territory") == ["kuala lumpur"]


def test_a_batch_reads_a_provinces_own_name_as_the_province(db: Database) -> None:
    from kembar.places import find_place

    # GeoNames lists "Johor" among the names of Johor Bahru, a city named after the state
    # that other languages call by its whole name (readings.short_name)
    bahru = ("Johor Baharu", "Johore Bahru", "Dzhokhor Bakhru")
    johor_bahru = _add(db, "gn:20", "Johor Bahru", "MY", "Johor", "JB", *bahru, partners=3)
    johor = _add(db, "iso:MY-01", "Johor", "MY", kind="province")
    oklahoma = _add(db, "iso:US-OK", "Oklahoma", "US", kind="province")
    _add(db, "gn:21", "Oklahoma City", "US", "Oklahoma", "Oklahoma Siti", "Ciudad de Oklahoma", partners=7)
    # a city that bears the name in full, less its administrative ending, keeps it
    tottori = _add(db, "gn:22", "Tottori-shi", "JP", "Tottori", partners=6)
    _add(db, "iso:JP-31", "Tottori", "JP", kind="province")
    with db.session() as s:

        def found(name: str, cc: str) -> int:
            return find_place(s, name, cc, best=True).id

        assert found("Johor", "MY") == johor and found("Oklahoma", "US") == oklahoma
        assert found("Johor Bahru", "MY") == found("JB", "MY") == johor_bahru
        assert found("Tottori", "JP") == tottori


def test_government_words_and_qualifiers_find_the_place_they_mean(db: Database) -> None:
    from kembar.places import find_place, qualifier_country

    bandung = _add(db, "gn:30", "Bandung", "ID", partners=9, region="Jawa Barat")
    jabar = _add(db, "iso:ID-JB", "Jawa Barat", "ID", "West Java", kind="province", region="Jawa Barat")
    yogya = _add(db, "gn:31", "Yogyakarta", "ID", "Daerah Istimewa Yogyakarta", partners=6)
    diy = _add(db, "iso:ID-YO", "Yogyakarta", "ID", "Daerah Istimewa Yogyakarta", kind="province")
    scottish = _add(db, "gn:32", "Perth", "GB", partners=7, region="Scotland")
    australian = _add(db, "gn:33", "Perth", "AU", partners=10, region="Western Australia")
    _add(db, "gn:34", "Springfield", "US", partners=9, region="Illinois")
    _add(db, "iso:US-MA", "Massachusetts", "US", kind="province", region="Massachusetts")
    halle = _add(db, "gn:35", "Halle", "DE", partners=10, region="Saxony-Anhalt")
    with db.session() as s:

        def found(name: str, cc: str | None = None) -> int:
            return find_place(s, name, cc, best=True).id

        # the words of a letterhead, several in a row, and the level they name
        assert found("Pemerintah Kota Bandung", "ID") == found("Pemkot Bandung", "ID") == bandung
        assert found("Pemerintah Daerah Provinsi Jawa Barat", "ID") == jabar
        assert found("Pemprov Jawa Barat", "ID") == jabar
        assert found("Bandung City Government", "ID") == bandung
        # a name both places carry: its words still say which level is meant
        assert found("Daerah Istimewa Yogyakarta", "ID") == diy
        assert found("Yogyakarta", "ID") == yogya
        # a qualifier after a comma or in brackets chooses among namesakes
        assert found("Perth, Scotland") == found("Perth (Scotland)") == scottish
        assert found("Perth, United Kingdom") == scottish
        assert found("Perth, Western Australia") == found("Perth") == australian
        assert found("Halle (Saale)", "DE") == halle  # a river: it chooses nothing
        # a region of the registry that holds no place of that name: not the one elsewhere
        with pytest.raises(PlaceNotFound):
            find_place(s, "Springfield, Massachusetts", "US", best=True)
        # ... and the country it names, for a lookup elsewhere (GeoNames)
        assert qualifier_country(s, "Springfield, Massachusetts") == "US"
        assert qualifier_country(s, "Perth, United Kingdom") == "GB"
        assert qualifier_country(s, "Halle (Saale)") is None and qualifier_country(s, "Halle") is None


def test_indonesian_and_abbreviated_forms_find_the_place_they_mean(db: Database) -> None:
    from kembar.places import find_place

    wa = _add(db, "iso:AU-WA", "Western Australia", "AU", kind="province")
    nc = _add(db, "iso:US-NC", "North Carolina", "US", kind="province")
    shizuoka = _add(db, "iso:JP-22", "Shizuoka", "JP", "Shizuoka Prefecture", kind="province")
    qld = _add(db, "iso:AU-QLD", "Queensland", "AU", kind="province")
    martin = _add(db, "gn:40", "Saint-Martin-des-Champs", "FR", partners=2)
    with db.session() as s:

        def found(name: str, cc: str) -> int:
            return find_place(s, name, cc, best=True).id

        # the compass word after the name, as Indonesian writes a foreign region
        assert found("Australia Barat", "AU") == wa
        assert found("Negara Bagian Carolina Utara", "US") == nc
        assert found("Prefektur Shizuoka", "JP") == shizuoka
        assert found("Negara Bagian Queensland", "AU") == qld
        assert found("St Martin des Champs", "FR") == found("St. Martin-des-Champs", "FR") == martin
        with pytest.raises(PlaceNotFound):  # a compass word does not make any name found
            find_place(s, "Australia Utara", "AU", best=True)


def test_a_name_spelled_nearly_as_one_place_is_read_as_it(db: Database) -> None:
    from kembar.places import closest_spelling

    city = _add(db, "gn:50", "Khartoum", "SD", "Khartoem", partners=12)
    _add(db, "iso:SD-KH", "Khartoum", "SD", kind="province")
    _add(db, "gn:51", "Bidford-on-Avon", "GB", partners=1)
    _add(db, "gn:52", "Sumatera Barat", "ID", kind="province")
    _add(db, "gn:53", "Sumbawa Barat", "ID", kind="regency")
    with db.session() as s:
        found = closest_spelling(s, "Khartom", "SD")  # the city and the state bear the name
        assert found is not None and found.id == city
        assert closest_spelling(s, "Khartom", "EG") is None  # only in the country asked
        assert closest_spelling(s, "Bradford on Avon", "GB") is None  # another town, not a typo
        # a typo nearly as near to two places' names reads as neither
        assert closest_spelling(s, "Sumbatra Barat", "ID") is None


def test_a_places_own_name_finds_it_whatever_level_its_words_name(db: Database) -> None:
    # "Crescent City" is a town of California and a name of New Orleans, "Ansan-si" a city
    # of Korea and a name of Anshan in China: the words are part of the name, not a level
    from kembar.places import find_place

    crescent = _add(db, "gn:40", "Crescent City", "US", partners=1)
    _add(db, "gn:41", "New Orleans", "US", "Crescent City", partners=15)
    ansan = _add(db, "gn:42", "Ansan-si", "KR", partners=4)
    _add(db, "gn:43", "Anshan", "CN", "Ansan-si", partners=7)
    with db.session() as s:
        for best, strict in ((False, False), (True, False), (False, True)):
            assert find_place(s, "Crescent City", best=best, strict=strict).id == crescent
            assert find_place(s, "Ansan-si", best=best, strict=strict).id == ansan


def test_a_qualifier_naming_a_region_and_its_country_keeps_to_the_region(db: Database) -> None:
    from kembar.places import find_place, qualifier_country

    _add(db, "gn:34", "Springfield", "US", partners=9, region="Illinois")
    _add(db, "iso:US-MA", "Massachusetts", "US", kind="province", region="Massachusetts")
    guadalajara = _add(db, "gn:50", "Guadalajara", "MX", partners=33, region="Jalisco")
    _add(db, "iso:MX-MEX", "México", "MX", "Mexico", kind="province", region="México")
    _add(db, "gn:30", "Bandung", "ID", partners=9, region="Jawa Barat", admin="ID-JB")
    regency = _add(
        db, "reg:ID:32.04", "Kabupaten Bandung", "ID", kind="regency", region="Jawa Barat", admin="ID-JB"
    )
    _add(
        db, "iso:ID-JB", "Jawa Barat", "ID", "West Java", kind="province", region="Jawa Barat", admin="ID-JB"
    )
    with db.session() as s:
        for name in ("Springfield, Massachusetts, United States", "Springfield, Massachusetts, USA"):
            with pytest.raises(PlaceNotFound):  # not the Springfield of Illinois
                find_place(s, name, best=True)
            assert qualifier_country(s, name) == "US"  # GeoNames' Springfield there, then
        # a country named like one of its regions ("Mexico", the State of Mexico) is the country
        assert find_place(s, "Guadalajara, Mexico", best=True).id == guadalajara
        # a region named by another of its names ("West Java" for Jawa Barat) holds its places
        for name in ("Kabupaten Bandung, West Java", "Kabupaten Bandung (West Java)"):
            assert find_place(s, name, best=True).id == regency


def test_a_qualifier_read_two_ways_takes_the_country_that_has_the_town(db: Database) -> None:
    from kembar.places import qualifier_country

    _add(db, "iso:US-GA", "Georgia", "US", kind="province", region="Georgia", admin="US-GA")
    with db.session() as s:
        # the US state or the country: GeoNames has a Columbus in one, a Tbilisi in the other
        assert qualifier_country(s, "Columbus, Georgia") == "US"
        assert qualifier_country(s, "Tbilisi, Georgia") == "GE"
        assert qualifier_country(s, "Nowhereville, Georgia") is None  # neither: nobody guesses


def test_a_qualifier_may_name_a_state_by_its_code(db: Database) -> None:
    from kembar.places import find_place

    springfield = _add(db, "gn:34", "Springfield", "US", partners=9, region="Illinois", admin="US-IL")
    _add(db, "iso:US-IL", "Illinois", "US", kind="province", region="Illinois", admin="US-IL")
    _add(db, "iso:US-MA", "Massachusetts", "US", kind="province", region="Massachusetts", admin="US-MA")
    halle = _add(db, "gn:35", "Halle", "DE", partners=10, region="Saxony-Anhalt", admin="DE-ST")
    with db.session() as s:
        # as US lists write them; "IL" is also Israel's code, "MA" Morocco's
        assert find_place(s, "Springfield, IL", "US", best=True).id == springfield
        assert find_place(s, "Springfield, US-IL", "US", best=True).id == springfield
        with pytest.raises(PlaceNotFound):  # the state holds no Springfield of the registry
            find_place(s, "Springfield, MA", "US", best=True)
        assert find_place(s, "Halle (S)", "DE", best=True).id == halle  # no state's code: chooses nothing


def test_a_country_is_a_code_or_a_name(db: Database) -> None:
    from kembar.errors import InvalidInput
    from kembar.places import country_code, find_place

    leeds = _add(db, "gn:20", "Leeds", "GB", partners=3)
    _add(db, "gn:21", "Leeds", "US", partners=1)
    with db.session() as s:
        for country in ("GB", "gb", "UK", "United Kingdom", "England"):
            assert find_place(s, "Leeds", country).id == leeds, country
    assert country_code("EL") == "GR" and country_code("South Korea") == "KR"
    assert country_code(None) is None and country_code(" ") is None
    assert country_code("IDN") == "ID" and country_code("deu") == "DE"
    with pytest.raises(InvalidInput, match="'Narnia' is neither"):
        country_code("Narnia")


def test_a_page_shows_other_names_as_people_write_them(web: Any, db: Database) -> None:
    # the ISO 3166-2 forms stay names for lookups, but a reader sees them written plainly,
    # once, and not the name the page already bears
    bashkortostan = _add(
        db,
        "iso:RU-BA",
        "Respublika Bashkortostan",
        "RU",
        "Bashkortostan, Respublika",
        "Bashkortostan",
        kind="province",
    )
    gotland = _add(db, "iso:SE-09", "Gotlands län", "SE", "Gotlands län [SE-09]", "Gotland", kind="province")
    for place_id, shown in ((bashkortostan, "Bashkortostan"), (gotland, "Gotland")):
        page = web.get(f"/places/{place_id}").text
        names = re.search(r'<dd class="names">([^<]*)</dd>', page)
        assert names is not None and names[1] == shown, names
    assert _names(web, "Bashkortostan, Respublika") == ["Respublika Bashkortostan"]


def test_search_lists_first_the_level_the_words_name(web: Any, db: Database) -> None:
    # the box opens find_place's answer, the prefecture: its suggestions put it first too
    _add(db, "gn:6", "Shizuoka", "JP", partners=6)
    _add(db, "iso:JP-22", "Shizuoka", "JP", kind="province")
    for q in ("Prefektur Shizuoka", "Shizuoka Prefecture"):
        items = web.get("/api/v1/places", params={"q": q}).json()["items"]
        assert [p["kind"] for p in items] == ["province", "city"], q
    items = web.get("/api/v1/places", params={"q": "Shizuoka"}).json()["items"]
    assert [p["kind"] for p in items] == ["city", "province"]
