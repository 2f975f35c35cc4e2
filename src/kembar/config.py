"""Settings, read once from the environment (KEMBAR_*).

The list of settings is data: `kembar --help`, `kembar settings` and the README
table all come from SETTINGS.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from kembar.errors import ConfigError


@dataclass(frozen=True)
class Setting:
    env: str
    help: str
    default: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "KEMBAR_HOME",
        "Folder for Kembar's data: the SQLite database and derived files.",
        "var/ in a source checkout, else $XDG_DATA_HOME/kembar (~/.local/share/kembar)",
    ),
    Setting(
        "KEMBAR_DATABASE_URL",
        "Any SQLAlchemy URL; overrides the SQLite file under KEMBAR_HOME.",
        "sqlite:///$KEMBAR_HOME/kembar.sqlite3",
    ),
    Setting(
        "KEMBAR_BUSY_TIMEOUT",
        "Seconds a write waits for another writer to finish (SQLite) before it says the database is busy.",
        "10",
    ),
    Setting(
        "KEMBAR_RETRAIN_CHECK",
        "Seconds between a web worker's checks whether the partnerships changed; when they did, the "
        "recommender is rebuilt in a background process while the previous one keeps answering.",
        "30",
    ),
    Setting(
        "KEMBAR_SQLITE_SYNCHRONOUS",
        "SQLite durability: NORMAL keeps the database consistent after a power cut but may lose the "
        "last commits before it; FULL loses none, at the cost of an fsync per commit.",
        "FULL",
    ),
    Setting(
        "KEMBAR_SECRET_KEY",
        "Secret (at least 32 characters) that signs the session and CSRF cookies; set the same "
        "value on every server of one deployment. Never printed.",
        "a random key generated once into $KEMBAR_HOME/secret_key (mode 0600)",
    ),
    Setting(
        "KEMBAR_FETCH_TIMEOUT",
        "Seconds `kembar ingest URL` may take in all, redirects, connecting, headers and body together;"
        " a server that answers slower is cut off and nothing is stored.",
        "15",
    ),
    Setting(
        "KEMBAR_FETCH_ALLOW_LOOPBACK",
        "Set to 1 to let the URL fetcher reach loopback addresses (127.0.0.1, ::1), for tests against"
        " a local server. Private, link-local and other internal addresses stay refused.",
        "0 (off)",
    ),
)

MIN_SECRET = 32

_TRUE = ("1", "true", "yes", "on")
_FALSE = ("", "0", "false", "no", "off")


def _checkout_root() -> Path | None:
    """The source checkout this package runs from (editable install), if any."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "pyproject.toml").is_file() and (parent / "src" / "kembar").is_dir():
            return parent
    return None


def _default_home() -> Path:
    root = _checkout_root()
    if root is not None:
        return root / "var"
    xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg) / "kembar"


def _number(env: dict[str, str], key: str, default: float, low: float, high: float) -> float:
    raw = env.get(key, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{key}={raw!r} is not a number") from None
    if not low <= value <= high:
        raise ConfigError(f"{key}={raw!r} must be between {low:g} and {high:g}")
    return value


def _choice(env: dict[str, str], key: str, default: str, valid: tuple[str, ...]) -> str:
    raw = env.get(key, "").strip()
    if not raw:
        return default
    if raw.upper() not in valid:
        raise ConfigError(f"{key}={raw!r} must be one of {', '.join(valid)}")
    return raw.upper()


@dataclass(frozen=True)
class Settings:
    home: Path
    database_url: str
    busy_timeout: float = 10.0
    sqlite_synchronous: str = "FULL"
    retrain_check: float = 30.0
    # None: kembar.web.security generates one into KEMBAR_HOME/secret_key.
    secret_key: str | None = field(default=None, repr=False)
    fetch_timeout: float = 15.0
    fetch_allow_loopback: bool = False

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        raw_home = env.get("KEMBAR_HOME", "").strip()
        home = Path(raw_home).expanduser() if raw_home else _default_home()
        if home.exists() and not home.is_dir():
            raise ConfigError(f"KEMBAR_HOME={raw_home!r} is a file, not a folder")
        url = env.get("KEMBAR_DATABASE_URL", "").strip()
        if url:
            if "://" not in url:
                raise ConfigError(
                    f"KEMBAR_DATABASE_URL={url!r} is not a database URL (e.g. sqlite:///path.db)"
                )
        else:
            url = f"sqlite:///{home / 'kembar.sqlite3'}"
        secret = env.get("KEMBAR_SECRET_KEY", "").strip() or None
        if secret is not None and len(secret) < MIN_SECRET:
            # The value itself is never repeated.
            raise ConfigError(f"KEMBAR_SECRET_KEY is too short: use at least {MIN_SECRET} random characters")
        return cls(
            home=home,
            database_url=url,
            busy_timeout=_number(env, "KEMBAR_BUSY_TIMEOUT", 10.0, 0.0, 600.0),
            sqlite_synchronous=_choice(env, "KEMBAR_SQLITE_SYNCHRONOUS", "FULL", ("NORMAL", "FULL")),
            retrain_check=_number(env, "KEMBAR_RETRAIN_CHECK", 30.0, 0.1, 86400.0),
            secret_key=secret,
            fetch_timeout=_number(env, "KEMBAR_FETCH_TIMEOUT", 15.0, 0.1, 3600.0),
            fetch_allow_loopback=_flag(env, "KEMBAR_FETCH_ALLOW_LOOPBACK"),
        )

    def values(self) -> dict[str, str]:
        """The current value of each setting, by its environment variable (secrets masked)."""
        return {
            "KEMBAR_HOME": str(self.home),
            "KEMBAR_DATABASE_URL": self.database_url,
            "KEMBAR_BUSY_TIMEOUT": f"{self.busy_timeout:g}",
            "KEMBAR_SQLITE_SYNCHRONOUS": self.sqlite_synchronous,
            "KEMBAR_RETRAIN_CHECK": f"{self.retrain_check:g}",
            "KEMBAR_SECRET_KEY": "(set)" if self.secret_key else "(unset: generated in KEMBAR_HOME)",
            "KEMBAR_FETCH_TIMEOUT": f"{self.fetch_timeout:g}",
            "KEMBAR_FETCH_ALLOW_LOOPBACK": "1" if self.fetch_allow_loopback else "0",
        }

    def environ(self) -> dict[str, str]:
        """The environment that gives a child process these same settings."""
        env = {k: v for k, v in self.values().items() if k != "KEMBAR_SECRET_KEY"}
        if self.secret_key:
            env["KEMBAR_SECRET_KEY"] = self.secret_key
        return env

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def _flag(env: dict[str, str], key: str) -> bool:
    raw = env.get(key, "").strip().lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ConfigError(f"{key}={raw!r} is not a yes/no value (use 1 or 0)")


def settings_help() -> str:
    return "\n".join(f"{s.env}: {s.help} Default: {s.default}." for s in SETTINGS)
