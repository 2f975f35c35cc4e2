"""What every part of the `kembar` command shares: the consoles, the common options, one
transaction on the configured database, the progress bar, and turning a refusal of the
library into one line on stderr and an exit code."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from kembar.config import Settings
from kembar.errors import KembarError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

T = TypeVar("T")

out = Console(soft_wrap=True, highlight=False)
err = Console(stderr=True, soft_wrap=True, highlight=False)

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
CountryOpt = Annotated[str | None, typer.Option("--country", "-c", help="ISO 3166-1 alpha-2 code, e.g. ID.")]
AsOpt = Annotated[
    str | None,
    typer.Option("--as", help="Act as this user (email); default: the local admin. Recorded in the history."),
]


@contextmanager
def session_scope(write: bool = False) -> Iterator[Session]:
    """One transaction on the configured database; `write` for commands that change it."""
    from kembar.db import Database

    db = Database(Settings.from_env())
    try:
        with db.write() if write else db.session() as session:
            yield session
    finally:
        db.dispose()


def progress_bar(quiet: bool) -> Progress:
    """A progress bar on stderr, shown only in a terminal and not under --json."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=quiet or not err.is_terminal,
    )


def fail(exc: KembarError) -> typer.Exit:
    """The refusal as one line on stderr; the exit to raise with its code."""
    err.print(f"error: {exc.message}", markup=False, highlight=False)
    return typer.Exit(exc.exit_code)


def run(fn: Callable[[], T]) -> T:
    """`fn()`, a refusal of the library ending the command with its one-line error."""
    try:
        return fn()
    except KembarError as exc:
        raise fail(exc) from None


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
