import pytest

from kembar.gazetteer.countries import clean_country, countries, country_by_name


@pytest.mark.parametrize(
    ("raw", "lat", "lon", "code", "region"),
    [
        ("Germany", None, None, "DE", None),
        ("England", None, None, "GB", "GB-ENG"),
        ("England, United Kingdom", None, None, "GB", "GB-ENG"),
        ("Scotland, United Kingdom", None, None, "GB", "GB-SCT"),
        ("Northern Ireland, United Kingdom", None, None, "GB", "GB-NIR"),
        ("Georgia (country)", None, None, "GE", None),
        ("Georgia", 41.72, 44.79, "GE", None),
        ("Georgia", 33.75, -84.39, "US", "US-GA"),
        ("Kazakhstah", None, None, "KZ", None),
        ("in Italy", None, None, "IT", None),
        ("Republic of Ireland", None, None, "IE", None),
        ("Réunion, France", None, None, "RE", None),
        ("Åland Islands, Finland", None, None, "AX", None),
        ("Brandenburg, Germany", None, None, "DE", None),
        ("Moldavia", None, None, "MD", None),
        ("Island", None, None, "IS", None),
        ("Grece", None, None, "GR", None),
        ("Madagaskar", None, None, "MG", None),
        ("Bosnia and Hercegovina", None, None, "BA", None),
        ("Kosovo", None, None, "XK", None),
        ("Northern Cyprus", None, None, "CY", None),
        ("Palestine", None, None, "PS", None),
        ("South Korea", None, None, "KR", None),
        ("Korea Selatan", None, None, "KR", None),
        ("Jerman", None, None, "DE", None),
        ("Czech Republic", None, None, "CZ", None),
    ],
)
def test_clean_country(raw: str, lat: float | None, lon: float | None, code: str, region: str | None) -> None:
    match = clean_country(raw, lat, lon)
    assert match is not None
    assert (match.code, match.region_hint) == (code, region)


@pytest.mark.parametrize("raw", ["", "   ", "Xyzzyland", "Atlantis Republic"])
def test_unknown_country_is_none(raw: str) -> None:
    assert clean_country(raw) is None


def test_local_part_of_a_region_country_string_is_kept() -> None:
    match = clean_country("Rauma, Norway")
    assert match is not None and match.code == "NO" and match.local_hint == "Rauma"


def test_country_names_in_indonesian() -> None:
    table = countries()
    assert table["DE"].name_id == "Jerman"
    assert table["KR"].name_id == "Korea Selatan"
    assert table["NL"].name_id == "Belanda"
    # the Ministry of Foreign Affairs' short names, not ISO's translation or inverted forms
    assert table["CN"].name_id == "Tiongkok" and table["TL"].name_id == "Timor-Leste"
    assert table["TW"].name_id == "Taiwan" and table["RU"].name_id == "Rusia"
    assert table["IR"].name_id == "Iran" and table["RU"].name_ms == "Rusia"


def test_every_indonesian_and_malay_country_name_finds_its_country() -> None:
    # "Bashkortostan (Rusia)": news write the short names; ISO's translations stay aliases
    for name, code in (("Rusia", "RU"), ("Federasi Rusia", "RU"), ("Cina", "CN"), ("Tiongkok", "CN")):
        assert country_by_name(name) == (code, None), name
    assert country_by_name("Republik Rakyat Tiongkok") == ("CN", None)
    for c in countries().values():
        for name in (c.name_id, c.name_ms):
            found = country_by_name(name)
            assert found is not None and found[0] == c.code, (c.code, name)
