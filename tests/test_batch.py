from pathlib import Path

from kembar.config import Settings
from kembar.db import Database
from kembar.recommend.batch import _locate


def test_a_batch_line_naming_a_state_by_its_own_name_is_the_state(small_atlas_home: Path) -> None:
    db = Database(
        Settings(home=small_atlas_home, database_url=f"sqlite:///{small_atlas_home / 'kembar.sqlite3'}")
    )
    with db.session() as s:
        johor, located = _locate(s, "Johor", "MY")
        assert (johor.key, located) == ("iso:MY-01", None)  # not Johor Bahru, named after it
        assert _locate(s, "Johor Bahru", "MY")[0].key == "gn:1732752"
        assert _locate(s, "Jakarta", "ID")[0].key == "gn:1642911"  # a city's own name stays the city's
    db.dispose()
