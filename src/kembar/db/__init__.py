"""Storage: engine, sessions, ORM models and migrations."""

from kembar.db import history as _history  # noqa: F401  (records every write)
from kembar.db.storage import Database

__all__ = ["Database"]
