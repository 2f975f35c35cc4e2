"""Values derived from the registry, kept in memory until the registry changes.

Every write is a change set (kembar/db/history.py), so the newest change set's id says
whether anything changed: one indexed lookup per request. Each cache is per process (a
web worker holds its own) and builds a value once however many requests ask for it at
the same moment (one builder, the others wait for its result).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kembar.db.registry import ChangeSet

T = TypeVar("T")


def stamp(session: Session) -> str:
    """Which registry, in which state: its database and its newest change set."""
    top = session.scalar(select(func.max(ChangeSet.id))) or 0
    return f"{session.get_bind().engine.url}#{top}"


class Cache(Generic[T]):
    """Values by key, valid for one stamp, at most `size` of them (least recently used go)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._values: OrderedDict[Hashable, tuple[str, T]] = OrderedDict()
        self._lock = threading.Lock()
        self._building: dict[Hashable, threading.Lock] = {}

    def get(self, session: Session, key: Hashable, build: Callable[[], T]) -> T:
        current = stamp(session)
        full = (current.split("#", 1)[0], key)
        with self._lock:
            found = self._values.get(full)
            if found is not None and found[0] == current:
                self._values.move_to_end(full)
                return found[1]
            builder = self._building.setdefault(full, threading.Lock())
        with builder:
            with self._lock:  # another thread may have built it while this one waited
                found = self._values.get(full)
                if found is not None and found[0] == current:
                    return found[1]
            value = build()
            with self._lock:
                self._values[full] = (current, value)
                self._values.move_to_end(full)
                while len(self._values) > self.size:
                    self._values.popitem(last=False)
                self._building.pop(full, None)
            return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
