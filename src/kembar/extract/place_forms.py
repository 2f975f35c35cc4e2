"""The place index's names as it is stored: places by folded name, each place made into
an object only when a name of it is first asked for.

Unpickling the index's 240,000 place objects and 640,000 lists of them took 0.7 s of
every command's start-up, and the garbage collector's first pass over them 0.1 s more,
while an article asks for a few thousand names. Stored as plain values (a column per
field, a row number or a tuple of them per name) the names load with marshal in a third
of that time, untouched by the collector; a place is made the first time one of its names
is read and kept, so it stays one object under all its names, as when built.
"""

from __future__ import annotations

import marshal
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Generic, TypeVar

T = TypeVar("T")
# A change of the stored layout changes this; a file of another layout is built anew.
LAYOUT = 1


class PlaceForms(Mapping[str, list[T]], Generic[T]):
    """A read-only `dict[str, list[T]]` whose lists are made when first read."""

    def __init__(
        self, columns: list[list[Any]], rows: dict[str, int | tuple[int, ...]], make: Callable[..., T]
    ):
        self._columns = columns
        self._rows = rows
        self._make = make
        self._made: list[T | None] = [None] * (len(columns[0]) if columns else 0)
        self._lists: dict[str, list[T]] = {}

    def __getitem__(self, form: str) -> list[T]:
        found = self._lists.get(form)
        if found is None:
            ids = self._rows[form]
            found = self._lists[form] = [self._place(k) for k in ((ids,) if isinstance(ids, int) else ids)]
        return found

    def get(self, form: str, default: Any = None) -> Any:
        # Most names the finder tries are in no gazetteer: one lookup answers them.
        found = self._lists.get(form)
        if found is not None:
            return found
        return self[form] if form in self._rows else default

    def __contains__(self, form: object) -> bool:
        return form in self._rows

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def _place(self, k: int) -> T:
        place = self._made[k]
        if place is None:
            place = self._made[k] = self._make(*(column[k] for column in self._columns))
        return place


def pack(by_form: Mapping[str, list[Any]], fields: tuple[str, ...], extra: Any) -> bytes:
    """`by_form` (each place once, by identity, with its `fields`) and `extra` (plain
    values) as marshal bytes."""
    row_of: dict[int, int] = {}
    columns: list[list[Any]] = [[] for _ in fields]
    rows: dict[str, int | tuple[int, ...]] = {}
    for form, places in by_form.items():
        ids = []
        for place in places:
            k = row_of.get(id(place))
            if k is None:
                k = row_of[id(place)] = len(row_of)
                for column, name in zip(columns, fields, strict=True):
                    column.append(getattr(place, name))
            ids.append(k)
        rows[form] = ids[0] if len(ids) == 1 else tuple(ids)
    return marshal.dumps((LAYOUT, columns, rows, extra))


def unpack(data: bytes, make: Callable[..., T]) -> tuple[PlaceForms[T], Any]:
    """The names and the extra values `pack` stored; ValueError for another layout."""
    layout, columns, rows, extra = marshal.loads(data)
    if layout != LAYOUT:
        raise ValueError(f"place index layout {layout}, expected {LAYOUT}")
    return PlaceForms(columns, rows, make), extra
