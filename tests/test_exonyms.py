"""English names of subdivisions (gazetteer/exonyms.py)."""

from __future__ import annotations

from kembar.gazetteer.exonyms import english_names
from kembar.gazetteer.geonames import geonames
from kembar.gazetteer.subdivisions import admin_codes, subdivisions


def test_english_names_from_every_source_but_a_towns_name() -> None:
    names = english_names(subdivisions(), admin_codes(), geonames())
    assert "Bavaria" in names["DE-BY"]  # pycountry's translation
    assert "Lower Saxony" in names["DE-NI"]  # region_names.csv.gz
    assert "Inner Mongolia" in names["CN-NM"]  # under the code ISO gives it since 2017
    # GeoNames calls the oblast "Lviv", the name of its city of 700,000: the city keeps it
    assert "Lviv Oblast" in names["UA-46"] and "Lviv" not in names["UA-46"]
    # a subdivision's own names are not repeated as English ones
    assert "Niedersachsen" not in names["DE-NI"]
