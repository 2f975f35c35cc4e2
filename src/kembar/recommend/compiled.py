"""The served ranker compiled to machine code, for speed.

LightGBM's own predictor spends most of a recommendation walking trees: about 11 ms for
the first trees over every allowed place and 8 ms for the whole model over the
shortlist. lleaves compiles the same trees with LLVM into one function per model; it
gives the same scores (to 1e-14) four to six times faster. Compiling the 300 trees takes
about 10 s, so the machine code is kept in KEMBAR_HOME/models, named by a hash of the
model and of the processor it was compiled for, written under a temporary name and
renamed so that no process ever reads half a file.

`compile_model` returns an object that answers `predict` and `feature_name` like the
LightGBM Booster it wraps. When lleaves cannot be used (not installed, or LLVM fails)
it returns the Booster itself: the suggestions are the same, only slower.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger("kembar.recommend")

PREFIX = "ranker-"
SUFFIX = ".o"


class Compiled:
    """A LightGBM Booster with its whole model and its first `first_trees` trees compiled."""

    def __init__(self, booster: Any, full: Any, first: Any, first_trees: int, files: set[str]) -> None:
        self.booster = booster
        self.files = files  # its machine code in the models folder
        self._full = full
        self._first = first
        self.first_trees = first_trees

    def feature_name(self) -> list[str]:
        return list(self.booster.feature_name())

    def predict(self, x: np.ndarray, num_iteration: int | None = None, num_threads: int = 1) -> np.ndarray:
        """The Booster's scores: compiled for the whole model and for the first trees,
        LightGBM's own predictor for any other number of trees."""
        if num_iteration is None or num_iteration >= self.booster.num_trees():
            return np.asarray(self._full.predict(x, n_jobs=1))
        if num_iteration == self.first_trees:
            return np.asarray(self._first.predict(x, n_jobs=1))
        return np.asarray(self.booster.predict(x, num_iteration=num_iteration, num_threads=num_threads))


def compile_model(booster: Any, folder: Path, first_trees: int) -> Any:
    """The booster compiled (loaded from `folder` when it was compiled before), or the
    booster itself when it cannot be compiled."""
    if booster is None:
        return None
    try:
        from llvmlite import binding

        cpu = binding.get_host_cpu_name() + binding.get_host_cpu_features().flatten()
        full, full_file = _compiled(booster.model_to_string(), cpu, folder)
        first, first_file = _compiled(booster.model_to_string(num_iteration=first_trees), cpu, folder)
    except ImportError:
        log.warning("lleaves is not installed: the ranker runs on LightGBM's slower predictor")
        return booster
    except Exception as exc:  # LLVM reports its failures as RuntimeError or OSError
        log.warning("the ranker could not be compiled (%s): it runs on LightGBM's predictor", exc)
        return booster
    return Compiled(booster, full, first, first_trees, {full_file, first_file})


def _compiled(text: str, cpu: str, folder: Path) -> tuple[Any, str]:
    """The lleaves model of a LightGBM model text and the name of its machine code file,
    compiled once per model and processor."""
    import lleaves

    key = hashlib.sha256(f"{cpu}\n{text}".encode()).hexdigest()[:24]
    folder.mkdir(parents=True, exist_ok=True)
    cache = folder / f"{PREFIX}{key}{SUFFIX}"
    with tempfile.TemporaryDirectory(dir=folder, prefix=".compile-") as tmp:
        source = Path(tmp) / "model.txt"
        source.write_text(text, encoding="utf-8")
        model = lleaves.Model(model_file=str(source))
        private = Path(tmp) / "model.o"
        try:
            # a copy of its own: the builder may prune the shared file meanwhile
            private.write_bytes(cache.read_bytes())
            model.compile(cache=str(private))
        except FileNotFoundError:
            model.compile(cache=str(private))  # compiles and writes the machine code
            os.replace(private, cache)
    return model, cache.name


def prune(folder: Path, keep: Any) -> None:
    """Delete the machine code of models other than `keep` (what compile_model returned)."""
    if not isinstance(keep, Compiled):
        return
    for path in folder.glob(f"{PREFIX}*{SUFFIX}"):
        if path.name not in keep.files:
            path.unlink(missing_ok=True)
