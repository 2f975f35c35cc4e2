"""Storage: engine, sessions, ORM models and migrations."""

from kembar.db.storage import Database

__all__ = ["Database"]
