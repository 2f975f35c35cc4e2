"""The place index: one object per place, and a cache stamped by the gazetteer's data."""

from __future__ import annotations

from pathlib import Path

import pytest

from kembar.extract import place_index as index_module
from kembar.extract.mentions import MentionIndex


def test_a_place_is_one_object_under_all_its_names(index: MentionIndex) -> None:
    tokyo = next(c for c in index.by_form["tokyo"] if c.country == "JP" and c.kind == "city")
    named = [c for cands in index.by_form.values() for c in cands if c.key == tokyo.key]
    assert len(named) > 1 and all(c is tokyo for c in named)


def test_the_cache_is_stamped_by_the_gazetteer_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KEMBAR_HOME", str(tmp_path))
    path = index_module._cache_path()
    assert path is not None and index_module._data_stamp() in path.name
    from kembar import __version__

    assert __version__ not in path.name.replace(index_module._data_stamp(), "")
    # A change of the gazetteer's data changes the stamp.
    before = index_module._data_stamp()
    monkeypatch.setattr(index_module, "INDEX_FORMAT", index_module.INDEX_FORMAT + 1)
    assert index_module._data_stamp() != before
