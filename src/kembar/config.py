"""Settings, read once from the environment (KEMBAR_*).

The list of settings is data: `kembar --help`, `kembar settings` and the README
table all come from SETTINGS.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kembar.errors import ConfigError

Parse = Callable[[str, str], Any]  # (variable name, raw value) -> value, or ConfigError


def safe_url(url: str) -> str:
    """A database URL with its password hidden, for messages and listings."""
    from sqlalchemy import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return "(a URL that cannot be read)"


def number(low: float, high: float, integer: bool = False) -> Parse:
    def parse(key: str, raw: str) -> float | int:
        try:
            value = float(raw)
        except ValueError:
            raise ConfigError(f"{key}={raw!r} is not a number") from None
        if not low <= value <= high or (integer and not value.is_integer()):
            kind = "a whole number" if integer else "a number"
            raise ConfigError(f"{key}={raw!r} must be {kind} between {low:g} and {high:g}")
        return int(value) if integer else value

    return parse


def choice(*valid: str) -> Parse:
    def parse(key: str, raw: str) -> str:
        if raw.upper() not in valid:
            raise ConfigError(f"{key}={raw!r} must be one of {', '.join(valid)}")
        return raw.upper()

    return parse


def text(key: str, raw: str) -> str:
    return raw


def yes_no(key: str, raw: str) -> bool:
    if raw.lower() in ("1", "yes", "true", "on"):
        return True
    if raw.lower() in ("0", "no", "false", "off"):
        return False
    raise ConfigError(f"{key}={raw!r} must be yes or no")


@dataclass(frozen=True)
class Setting:
    env: str
    help: str
    default: str
    attr: str = ""  # the Settings field it fills (KEMBAR_HOME and the URL are read apart)
    parse: Parse | None = None
    secret: bool = False  # never printed


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "KEMBAR_HOME",
        "Folder for Kembar's data: the SQLite database and derived files.",
        "var/ in a source checkout, else $XDG_DATA_HOME/kembar (~/.local/share/kembar)",
        "home",
    ),
    Setting(
        "KEMBAR_CACHE_DIR",
        "Folder for data derived from the bundled gazetteer (place indexes), shared by every "
        "KEMBAR_HOME of the user; safe to delete.",
        "$XDG_CACHE_HOME/kembar (~/.cache/kembar)",
        "cache_dir",
    ),
    Setting(
        "KEMBAR_DATABASE_URL",
        "Any SQLAlchemy URL; overrides the SQLite file under KEMBAR_HOME.",
        "sqlite:///$KEMBAR_HOME/kembar.sqlite3",
        "database_url",
    ),
    Setting(
        "KEMBAR_BUSY_TIMEOUT",
        "Seconds a write waits for another writer to finish (SQLite) before it says the database is busy.",
        "10",
        "busy_timeout",
        number(0, 600),
    ),
    Setting(
        "KEMBAR_DB_POOL_SIZE",
        "Connections each process keeps open to a database server (PostgreSQL); set it to at "
        "least the concurrent requests a web worker serves, or every request beyond it opens "
        "and closes a connection of its own.",
        "20",
        "pool_size",
        number(1, 500, integer=True),
    ),
    Setting(
        "KEMBAR_RETRAIN_CHECK",
        "Seconds between a web worker's checks whether the partnerships changed; when they did, the "
        "recommender is rebuilt in a background process while the previous one keeps answering.",
        "30",
        "retrain_check",
        number(0.1, 86400),
    ),
    Setting(
        "KEMBAR_SQLITE_SYNCHRONOUS",
        "SQLite durability: NORMAL keeps the database consistent after a power cut but may lose the "
        "last commits before it; FULL loses none, at the cost of an fsync per commit.",
        "FULL",
        "sqlite_synchronous",
        choice("NORMAL", "FULL"),
    ),
    Setting(
        "KEMBAR_SECRET_KEY",
        "Secret (at least 32 characters) that signs the session and CSRF cookies; set the same "
        "value on every server of one deployment. Never printed.",
        "a random key generated once into $KEMBAR_HOME/secret_key (mode 0600)",
        "secret_key",
        secret=True,
    ),
    Setting(
        "KEMBAR_EXPIRING_DAYS",
        "An instrument whose validity ends within this many days is 'expiring'.",
        "90",
        "expiring_days",
        number(1, 3650, integer=True),
    ),
    Setting(
        "KEMBAR_QUIET_YEARS",
        "A partnership whose last dated fact (activity, instrument, step) is older than this is 'quiet'.",
        "2",
        "quiet_years",
        number(0.5, 50),
    ),
    Setting(
        "KEMBAR_DORMANT_YEARS",
        "A partnership whose last dated fact is older than this is 'dormant' (more than the quiet years).",
        "4",
        "dormant_years",
        number(0.5, 100),
    ),
    Setting(
        "KEMBAR_PUBLIC_URL",
        "The address users reach this Kembar at, for links in e-mails, calendar feeds, workbooks and "
        "printed reports; unset, `kembar serve` takes the address it listens on.",
        "http://127.0.0.1:8000",
        "public_url",
        text,
    ),
    Setting(
        "KEMBAR_SMTP_HOST",
        "SMTP server that sends reminders (kembar remind); empty: reminders are listed, not sent.",
        "",
        "smtp_host",
        text,
    ),
    Setting(
        "KEMBAR_SMTP_PORT", "Port of the SMTP server.", "587", "smtp_port", number(1, 65535, integer=True)
    ),
    Setting("KEMBAR_SMTP_USER", "User name on the SMTP server (empty: no login).", "", "smtp_user", text),
    Setting(
        "KEMBAR_SMTP_PASSWORD",
        "Password on the SMTP server. Never printed.",
        "",
        "smtp_password",
        text,
        secret=True,
    ),
    Setting(
        "KEMBAR_SMTP_STARTTLS",
        "Use STARTTLS with the SMTP server (yes or no).",
        "yes",
        "smtp_starttls",
        yes_no,
    ),
    Setting("KEMBAR_SMTP_FROM", "The sender of reminders.", "kembar@localhost", "smtp_from", text),
    Setting(
        "KEMBAR_SMTP_TIMEOUT",
        "Seconds to wait for the SMTP server before a send counts as failed (retried next run).",
        "10",
        "smtp_timeout",
        number(1, 300),
    ),
    Setting(
        "KEMBAR_FETCH_TIMEOUT",
        "Seconds kembar ingest URL may take in all (every redirect, the lookups, connecting, the headers"
        " and the body together); a server that answers slower is cut off and nothing is stored.",
        "15",
        "fetch_timeout",
        number(0.1, 3600),
    ),
    Setting(
        "KEMBAR_FETCH_ALLOW_LOOPBACK",
        "Let the URL fetcher reach loopback addresses (127.0.0.1, ::1), for tests against a local server"
        " (yes or no). Private, link-local and other internal addresses stay refused.",
        "no",
        "fetch_allow_loopback",
        yes_no,
    ),
)

MIN_SECRET = 32


def _checkout_root() -> Path | None:
    """The source checkout this package runs from (editable install), if any."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "pyproject.toml").is_file() and (parent / "src" / "kembar").is_dir():
            return parent
    return None


def _default_cache(env: dict[str, str] | None = None) -> Path:
    env = dict(os.environ) if env is None else env
    xdg = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg) / "kembar"


def _default_home() -> Path:
    root = _checkout_root()
    if root is not None:
        return root / "var"
    xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg) / "kembar"


@dataclass(frozen=True)
class Settings:
    home: Path
    database_url: str
    cache_dir: Path = field(default_factory=lambda: _default_cache())
    busy_timeout: float = 10.0
    pool_size: int = 20
    sqlite_synchronous: str = "FULL"
    retrain_check: float = 30.0
    # None: kembar.web.security generates one into KEMBAR_HOME/secret_key.
    secret_key: str | None = field(default=None, repr=False)
    expiring_days: int = 90
    quiet_years: float = 2.0
    dormant_years: float = 4.0
    public_url: str = "http://127.0.0.1:8000"
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_user: str = ""
    smtp_password: str = field(default="", repr=False)
    smtp_starttls: bool = True
    smtp_from: str = "kembar@localhost"
    smtp_timeout: float = 10.0
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
        raw_cache = env.get("KEMBAR_CACHE_DIR", "").strip()
        cache_dir = Path(raw_cache).expanduser() if raw_cache else _default_cache(env)
        if cache_dir.exists() and not cache_dir.is_dir():
            raise ConfigError(f"KEMBAR_CACHE_DIR={raw_cache!r} is a file, not a folder")
        values: dict[str, Any] = {
            "home": home,
            "database_url": url,
            "secret_key": secret,
            "cache_dir": cache_dir,
        }
        for setting in SETTINGS:
            if setting.parse is not None:
                raw = env.get(setting.env, "").strip() or setting.default
                values[setting.attr] = setting.parse(setting.env, raw) if raw else raw
        made = cls(**values)
        if made.dormant_years <= made.quiet_years:
            raise ConfigError(
                f"KEMBAR_DORMANT_YEARS={made.dormant_years:g} must be more than "
                f"KEMBAR_QUIET_YEARS={made.quiet_years:g}"
            )
        return made

    def values(self) -> dict[str, str]:
        """The current value of each setting, by its environment variable (secrets masked)."""
        out = {}
        for setting in SETTINGS:
            value = getattr(self, setting.attr)
            if setting.secret:
                out[setting.env] = "(set)" if value else "(unset)"
            elif setting.env == "KEMBAR_DATABASE_URL":
                out[setting.env] = safe_url(value)
            elif isinstance(value, bool):
                out[setting.env] = "yes" if value else "no"
            elif isinstance(value, float):
                out[setting.env] = f"{value:g}"
            else:
                out[setting.env] = str(value)
        return out

    def environ(self) -> dict[str, str]:
        """The environment that gives a child process these same settings."""
        env = self.values()
        env["KEMBAR_DATABASE_URL"] = self.database_url
        for setting in SETTINGS:
            if setting.secret:
                value = getattr(self, setting.attr)
                if value:
                    env[setting.env] = value
                else:
                    env.pop(setting.env)
        return env

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


WILDCARD_HOSTS = ("", "0.0.0.0", "::", "[::]")


def served_public_url(host: str, port: int, env: dict[str, str] | None = None) -> str | None:
    """The KEMBAR_PUBLIC_URL `kembar serve --host H --port P` runs with when none is set:
    the address it listens on (links in workbooks and reports then lead back to it, not to
    the default port 8000); None when one is set or the host is every interface, which no
    reader reaches by that name."""
    given = (os.environ if env is None else env).get("KEMBAR_PUBLIC_URL", "")
    if given.strip() or host in WILDCARD_HOSTS:
        return None
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


def settings_help() -> str:
    return "\n".join(f"{s.env}: {s.help} Default: {s.default}." for s in SETTINGS)
