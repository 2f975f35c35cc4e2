"""Reading the bundled partnership file and cleaning its rows.

Bad rows are counted by kind with a few examples and skipped, never raised.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from kembar.errors import DatasetError
from kembar.gazetteer.countries import CountryMatch, clean_country

BUNDLED = "twin_cities_wikipedia.csv.gz"
COLUMNS = ("city1", "country1", "lat1", "lng1", "city2", "country2", "lat2", "lng2")
SOURCE_TITLE = "Wikipedia: lists of twin towns and sister cities (via Hekman/twincities)"
SOURCE_URL = "https://en.wikipedia.org/wiki/Lists_of_twin_towns_and_sister_cities"
ATTRIBUTION = (
    "Partnership pairs from the English Wikipedia lists of twin towns and sister cities "
    "(Wikipedia contributors, CC BY-SA 4.0), scraped and geocoded by the Hekman/twincities "
    "project (MIT licence)."
)


@dataclass(frozen=True)
class Mention:
    name: str
    country: CountryMatch
    lat: float | None
    lon: float | None


@dataclass(frozen=True)
class Row:
    number: int  # 1-based data row, the header not counted
    raw: str
    a: Mention
    b: Mention


@dataclass
class Problems:
    counts: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)

    def add(self, kind: str, example: str) -> None:
        self.counts[kind] += 1
        shown = self.examples.setdefault(kind, [])
        if len(shown) < 3:
            shown.append(example)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def bundled_path() -> Path:
    return Path(str(resources.files("kembar.atlas").joinpath(f"data/{BUNDLED}")))


def bundled_bytes() -> bytes:
    return bundled_path().read_bytes()


def read_text(path: Path | None = None) -> tuple[str, str]:
    """The CSV text and its SHA-256 (of the uncompressed text)."""
    try:
        data = path.read_bytes() if path else bundled_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        text = data.decode("utf-8-sig")
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise DatasetError(f"cannot read the atlas file {path or BUNDLED}: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise DatasetError(f"the atlas file {path or BUNDLED} is not UTF-8 text ({exc.reason})") from exc
    return text, hashlib.sha256(text.encode("utf-8")).hexdigest()


def _coord(value: str, lo: float, hi: float) -> float | None:
    try:
        x = float(value)
    except ValueError:
        return None
    return x if lo <= x <= hi else None


def _mention(name: str, country: str, lat: str, lon: str, problems: Problems, where: str) -> Mention | None:
    name = " ".join(name.split())
    la, lo = _coord(lat, -90, 90), _coord(lon, -180, 180)
    if not name:
        problems.add("empty place name", where)
        return None
    if (lat or lon) and (la is None or lo is None):
        problems.add("bad coordinates", f"{where}: {lat!r}, {lon!r}")
        la = lo = None
    country = country.strip()
    if not country and "," in name:
        # "Varna, Bulgaria" with an empty country column.
        head, tail = name.rsplit(",", 1)
        match = clean_country(tail, la, lo)
        if match is not None:
            return Mention(head.strip(), match, la, lo)
    if not country:
        # A territory standing alone ("Falkland Islands"): the name is the country.
        match = clean_country(name, la, lo)
        if match is None:
            problems.add("missing country", f"{where}: {name!r}")
            return None
        return Mention(name, match, la, lo)
    match = clean_country(country, la, lo)
    if match is None:
        problems.add("unknown country", f"{where}: {country!r}")
        return None
    return Mention(name, match, la, lo)


def parse(text: str, problems: Problems) -> Iterator[Row]:
    lines = text.splitlines()
    if not lines:
        raise DatasetError("the atlas file is empty")
    header = next(csv.reader([lines[0]]))
    if tuple(h.strip() for h in header) != COLUMNS:
        raise DatasetError(f"the atlas file has columns {header}, expected {list(COLUMNS)}")
    for number, line in enumerate(lines[1:], start=1):
        if not line.strip():
            continue
        where = f"row {number}"
        try:
            cells = next(csv.reader(io.StringIO(line)))
        except csv.Error:
            problems.add("malformed row", where)
            continue
        if len(cells) != len(COLUMNS):
            problems.add("malformed row", f"{where}: {len(cells)} columns")
            continue
        a = _mention(cells[0], cells[1], cells[2], cells[3], problems, where)
        b = _mention(cells[4], cells[5], cells[6], cells[7], problems, where)
        if a is not None and b is not None:
            yield Row(number, line, a, b)
