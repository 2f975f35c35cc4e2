from kembar.gazetteer.geonames import GeoNamesIndex, geonames, is_airport_code, is_cut_short


def _record(geonameid: int, name: str, *alternates: str, population: int = 1000) -> dict:
    return {
        "geonameid": geonameid,
        "name": name,
        "countrycode": "ID",
        "admin1code": "30",
        "latitude": -6.9,
        "longitude": 107.6,
        "population": population,
        "alternatenames": list(alternates),
    }


def test_airport_codes_are_told_from_names_by_their_form() -> None:
    assert is_airport_code("BDO", "Bandung") and is_airport_code("FOC", "Fuzhou")
    assert is_airport_code("SAN", "San Diego")  # a word of the name, but not written so
    assert not is_airport_code("NYC", "New York City")  # its initials
    assert not is_airport_code("AMK", "Ang Mo Kio New Town")
    assert not is_airport_code("OUG", "Taman OUG")  # written so in its name
    assert not is_airport_code("KL", "Kuala Lumpur") and not is_airport_code("Bdo", "Bandung")
    assert not is_airport_code("Fuzhou", "Fuzhou") and not is_airport_code("DKIJ", "Jakarta")


def test_an_airport_code_is_no_name_of_the_town() -> None:
    index = GeoNamesIndex({"1": _record(1, "Bandung", "BDO", "Bandoeng", "Kota Bandung")})
    assert index.cities[1].alternates == ("Bandoeng", "Kota Bandung")
    assert index.named("ID", "BDO") == [] and index.named("ID", "Bandoeng")[0].geonameid == 1


def test_the_bundled_towns_carry_no_airport_code() -> None:
    bandung = geonames().cities[1650357]
    fuzhou = geonames().cities[1810821]
    assert "BDO" not in bandung.alternates and "Bandoeng" in bandung.alternates
    assert "FOC" not in fuzhou.alternates and "Foochow" in fuzhou.alternates
    assert "NYC" in geonames().most_populous("US", "New York City").alternates  # type: ignore[union-attr]


def test_a_name_cut_short_inside_a_word_is_another_places() -> None:
    assert is_cut_short("Miyoshi", "Miyoshidai") and is_cut_short("Jackson", "Jacksonville")
    assert is_cut_short("Tourco", "Tourcoing")
    # a letter or two less, an administrative ending, whole words: the town's own names
    assert not is_cut_short("Ramalla", "Ramallah") and not is_cut_short("Svetly", "Svetlyy")
    assert not is_cut_short("Zentsuji", "Zentsujichó") and not is_cut_short("Akitsu", "Akitsucho")
    assert not is_cut_short("Frankfurt", "Frankfurt am Main") and not is_cut_short("Johor", "Johor Bahru")
    assert not is_cut_short("Miyoshidai", "Miyoshidai") and not is_cut_short("Miyoshi", "Miyoshi")


def test_the_bundled_towns_carry_no_name_cut_short() -> None:
    miyoshidai = geonames().cities[11012851]
    assert "Miyoshi" not in miyoshidai.alternates and "Miyoshidai" in miyoshidai.alternates
    assert all(c.name != "Miyoshidai" for c in geonames().named("JP", "Miyoshi"))


def test_a_name_cut_short_that_nobody_else_goes_by_is_the_towns() -> None:
    records = {
        "1": _record(1, "Afyonkarahisar", "Afyon", "Afyon Karahisar", population=250_000),
        "2": _record(2, "Miyoshidai", "Miyoshi", population=250_000),
        "3": _record(3, "Miyoshi"),  # another town goes by the short name
        "4": _record(4, "Tanumshede", "Tanum", population=250_000),
    }
    index = GeoNamesIndex(records, elsewhere=frozenset({("ID", "tanum")}))  # a municipality's name
    assert index.cities[1].alternates == ("Afyon", "Afyon Karahisar")
    assert [c.geonameid for c in index.named("ID", "Afyon")] == [1]
    assert index.cities[2].alternates == () and [c.geonameid for c in index.named("ID", "Miyoshi")] == [3]
    assert index.cities[4].alternates == () and index.named("ID", "Tanum") == []


def test_a_small_towns_name_cut_short_is_no_name_of_it() -> None:
    # GeoNames' "Olarg" for Olargues (644 people) is the name cut off, not a name people use
    records = {
        "1": _record(1, "Olargues", "Olarg", "Olargue"),
        "2": _record(2, "Tavannes", "Tavan", population=3367),
    }
    index = GeoNamesIndex(records)
    assert index.cities[1].alternates == ("Olargue",) and index.named("ID", "Olarg") == []
    assert index.cities[2].alternates == () and index.named("ID", "Tavan") == []


def test_the_bundled_towns_keep_their_short_names_nobody_else_bears() -> None:
    assert [c.name for c in geonames().named("SY", "Damas")] == ["Damascus"]
    assert [c.name for c in geonames().named("TR", "Afyon")] == ["Afyonkarahisar"]
    assert geonames().named("SE", "Tanum") == []  # the municipality the lists name
    assert [c.name for c in geonames().named("US", "Phila")] == ["Philadelphia"]
    assert geonames().named("ES", "Medina") == [] and geonames().named("FR", "Olarg") == []


def test_the_index_reads_the_same_after_saving() -> None:
    import pickle

    records = {
        "1": _record(1, "Bandung", "Bandoeng", "Kota Bandung"),
        "2": _record(2, "Cimahi"),
        "3": _record(3, "Bandung Barat"),
    }
    built = GeoNamesIndex(records)
    loaded = pickle.loads(pickle.dumps(built))
    assert dict(loaded.cities) == dict(built.cities) and len(loaded.cities) == 3 and 2 in loaded.cities
    for name in ("Bandung", "bandoeng", "Kota Bandung", "Cimahi", "Bandung Barat", "Jakarta"):
        assert loaded.named("ID", name) == built.named("ID", name), name
    # a town is one object however it is found, as when built
    assert loaded.named("ID", "Bandoeng")[0] is loaded.named("ID", "Bandung")[0] is loaded.cities[1]
    assert list(loaded.near(-6.9, 107.6, 50)) == list(built.near(-6.9, 107.6, 50))
    # and a copy without some names shares the towns it leaves as they were
    less = loaded.without({(1, "bandoeng")})
    assert less.named("ID", "Bandoeng") == [] and less.cities[2] is loaded.cities[2]
    assert "Bandoeng" not in less.cities[1].alternates and "Bandoeng" in loaded.cities[1].alternates
    assert pickle.loads(pickle.dumps(less)).named("ID", "Kota Bandung")[0].name == "Bandung"
