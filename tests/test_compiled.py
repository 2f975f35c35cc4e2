"""The ranker compiled to machine code: the Booster's scores, compiled once and reused,
and LightGBM's predictor when it cannot be compiled."""

from __future__ import annotations

import pickle
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from kembar.config import Settings
from kembar.db import Database
from kembar.places import find_place
from kembar.recommend.compiled import Compiled, compile_model, prune
from kembar.recommend.graph import Features
from kembar.recommend.ranker import FIRST_TREES, SHORTLIST, columns
from kembar.recommend.service import recommend
from kembar.recommend.trainer import ensure


def _settings(home: Path) -> Settings:
    return Settings(home=home, database_url=f"sqlite:///{home / 'kembar.sqlite3'}")


@pytest.fixture(scope="module")
def small(trained_small_atlas_home: Path) -> tuple[Features, Any]:
    """The small atlas's features and a Booster of the first 30 trees of its ranker
    (compiling the ranker's 300 trees takes 10 s; these, one). The ranker is the run's
    (conftest.py: trained once, kept in the run's cache), not a model trained here."""
    import lightgbm

    settings = _settings(trained_small_atlas_home)
    db = Database(settings)
    rec = ensure(settings, db)  # the snapshot the fixture built
    db.dispose()
    assert rec.model is not None and rec.model.num_trees() > 30
    return rec.feats, lightgbm.Booster(model_str=rec.model.model_to_string(num_iteration=30))


def _rows(feats: Features, booster: Any) -> np.ndarray:
    """Every place's features as a partner of several places, in the model's columns."""
    cols = columns(booster)
    return np.vstack([feats.of(feats.query(i))[:, cols] for i in range(0, len(feats.ids), 97)])


def test_compiled_scores_are_the_boosters(small: tuple[Features, Any], tmp_path: Path) -> None:
    feats, booster = small
    compiled = compile_model(booster, tmp_path, FIRST_TREES)
    assert isinstance(compiled, Compiled)
    x = _rows(feats, booster)
    np.testing.assert_allclose(compiled.predict(x), booster.predict(x), rtol=0, atol=1e-9)
    np.testing.assert_allclose(
        compiled.predict(x, num_iteration=FIRST_TREES),
        booster.predict(x, num_iteration=FIRST_TREES),
        rtol=0,
        atol=1e-9,
    )
    # any other number of trees is the Booster's own answer
    np.testing.assert_array_equal(compiled.predict(x, num_iteration=3), booster.predict(x, num_iteration=3))


def test_machine_code_is_kept_and_loaded_without_compiling(
    small: tuple[Features, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    feats, booster = small
    first = compile_model(booster, tmp_path, FIRST_TREES)
    assert isinstance(first, Compiled)
    files = sorted(p.name for p in tmp_path.glob("ranker-*.o"))
    assert len(files) == 2 and sorted(first.files) == files
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".compile-")]  # no leftovers

    from lleaves import compiler

    def refuse(*args: object, **kwargs: object) -> None:
        raise RuntimeError("compiled again")

    monkeypatch.setattr(compiler, "compile_to_module", refuse)
    again = compile_model(booster, tmp_path, FIRST_TREES)
    assert isinstance(again, Compiled)  # from the files, not compiled again
    x = _rows(feats, booster)
    np.testing.assert_array_equal(again.predict(x), first.predict(x))


def test_prune_keeps_only_the_current_models_code(small: tuple[Features, Any], tmp_path: Path) -> None:
    _, booster = small
    stale = tmp_path / "ranker-0123456789abcdef01234567.o"
    stale.write_bytes(b"machine code of an older model")
    other = tmp_path / "recommend.pickle"
    other.write_bytes(b"not machine code")
    compiled = compile_model(booster, tmp_path, FIRST_TREES)
    prune(tmp_path, compiled)
    assert not stale.exists() and other.exists()
    assert sorted(p.name for p in tmp_path.glob("ranker-*.o")) == sorted(compiled.files)


def test_without_lleaves_the_booster_scores(
    small: tuple[Features, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    _, booster = small
    monkeypatch.setitem(sys.modules, "lleaves", None)  # import lleaves raises ImportError
    assert compile_model(booster, tmp_path, FIRST_TREES) is booster
    assert "lleaves is not installed" in caplog.text
    assert compile_model(None, tmp_path, FIRST_TREES) is None  # too few pairs: no model at all


@pytest.mark.slow
def test_the_atlas_recommender_is_compiled_and_suggests_the_same(trained_atlas_home: Path) -> None:
    settings = _settings(trained_atlas_home)
    db = Database(settings)
    rec = ensure(settings, db)
    assert isinstance(rec.compiled, Compiled)
    assert pickle.loads(pickle.dumps(rec)).compiled is None  # machine code never pickled
    with db.session() as s:
        for name, country in (("Jakarta", "ID"), ("Bethlehem", "PS"), ("Shanghai", "CN"), ("Surabaya", "ID")):
            place = find_place(s, name, country, best=True)
            fast = recommend(s, rec, place, k=10)
            compiled, rec.compiled = rec.compiled, None
            slow = recommend(s, rec, place, k=10)
            rec.compiled = compiled
            assert [c.id for c in fast] == [c.id for c in slow], name
            assert [c.score for c in fast] == pytest.approx([c.score for c in slow], abs=1e-6)
    assert len(rec.feats.ids) > SHORTLIST  # so the first trees shortlisted the places
    db.dispose()
