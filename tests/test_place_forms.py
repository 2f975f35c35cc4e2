"""The place index as stored: every name gives back the places it was saved with, each
place one object under all its names, made only when read."""

from __future__ import annotations

import dataclasses
import gc
import pickle

import pytest

from kembar.extract import place_forms
from kembar.extract.mentions import MentionIndex
from kembar.extract.place_index import Candidate

FIELDS = tuple(f.name for f in dataclasses.fields(Candidate))


def _place(key: str, name: str, population: int = 0) -> Candidate:
    return Candidate(key, name, "city", "ID", None, population, False, False)


def test_names_come_back_with_their_places_shared() -> None:
    bandung = _place("gn:1", "Bandung", 2_500_000)
    other = _place("gn:2", "Bandung", 900)  # a namesake: another object, other values
    saved = {"bandung": [bandung, other], "kota bandung": [bandung], "paris van java": [bandung]}
    forms, extra = place_forms.unpack(place_forms.pack(saved, FIELDS, {"x": 1}), Candidate)
    assert extra == {"x": 1}
    assert list(forms) == list(saved) and len(forms) == 3
    assert forms["bandung"] == [bandung, other]
    assert forms["kota bandung"][0] is forms["bandung"][0] is forms.get("paris van java")[0]
    assert forms["bandung"][1] is not forms["bandung"][0]
    assert "jakarta" not in forms and forms.get("jakarta") is None and forms.get("jakarta", ()) == ()
    with pytest.raises(KeyError):
        forms["jakarta"]


def test_the_index_reads_the_same_after_saving(index: MentionIndex) -> None:
    # Saving and reading every name makes 880,000 objects twice, none of them garbage:
    # with the collector paused meanwhile, as the cache's reader does (diskcache._load),
    # 6.6 s of CPU instead of 8.9 (this file alone, on a loaded machine).
    paused = gc.isenabled()
    gc.disable()
    try:
        loaded = pickle.loads(pickle.dumps(index))
        assert list(loaded.by_form) == list(index.by_form)
        for form in index.by_form:
            assert loaded.by_form[form] == index.by_form[form], form
    finally:
        if paused:
            gc.enable()
    assert loaded.longest == index.longest and loaded.country_names == index.country_names
    assert loaded.well_known == index.well_known and loaded.country_list == index.country_list


def test_another_layout_is_refused() -> None:
    data = place_forms.pack({}, ("key",), None)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(place_forms, "LAYOUT", place_forms.LAYOUT + 1)
        with pytest.raises(ValueError, match="layout"):
            place_forms.unpack(data, Candidate)
