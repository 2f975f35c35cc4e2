"""`kembar remind` (reminders by e-mail, for cron) and `kembar users calendar` (a user's
calendar feed address). Registered on the main command by kembar.cli."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from kembar.lifecycle.reminders import RunResult
    from kembar.permissions import Actor

from kembar.cli_common import err, fail, out
from kembar.config import Settings
from kembar.errors import KembarError, NotAuthenticated


def remind(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="List what each user would receive; send and record nothing.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Mail each user with a scope the instruments of their scope expiring within 90, 30
    and 7 days and the partnerships that turned dormant, each notice once (meant for a
    daily cron job). A failed send is reported (exit code 1) and retried on the next run.
    Without KEMBAR_SMTP_HOST it lists what it would send.

    Example: kembar remind --dry-run --json
    """
    from kembar.db import Database
    from kembar.lifecycle import reminders
    from kembar.lifecycle.notice_schemas import RemindOut

    try:
        settings = Settings.from_env()
        db = Database(settings)
        try:
            result = reminders.run(db, settings, dry_run=dry_run)
        finally:
            db.dispose()
    except KembarError as exc:
        raise fail(exc) from None
    if as_json:
        sys.stdout.write(json.dumps(RemindOut.of(result, settings).model_dump(mode="json"), indent=2) + "\n")
    else:
        _print_run(settings, result)
    for failed in result.failed:
        err.print(f"error: reminder to {failed.batch.email} not sent: {failed.error}", markup=False)
    if result.failed:
        raise typer.Exit(1)


def _print_run(settings: Settings, result: RunResult) -> None:
    from kembar.lifecycle import reminders
    from kembar.lifecycle.words import Words

    for o in result.outcomes:
        b = o.batch
        state = "sent" if o.sent else ("failed" if o.error else "not sent")
        out.print(f"{b.email} ({b.language}): {len(b.notices)} notices, {state}", markup=False)
        words = Words("en")
        for n in b.notices:
            parties = reminders.parties_text(words, n.parties)
            if n.kind == "dormant":
                line = f"  dormant since {n.due}: {parties} (partnership {n.partnership_id})"
                out.print(line, markup=False)
            else:
                out.print(
                    f"  {n.threshold}-day notice: {n.instrument_type} {n.instrument_id} valid until "
                    f"{n.due} ({n.days_left} days): {parties} (partnership {n.partnership_id})",
                    markup=False,
                )
    if not result.outcomes:
        out.print("No reminder is due.")
    elif result.dry_run:
        out.print("Dry run: nothing was sent or recorded.")
    elif not result.smtp:
        out.print("KEMBAR_SMTP_HOST is not set: nothing was sent or recorded.")
    else:
        out.print(f"Sent {len(result.sent)} of {len(result.outcomes)} mails.")


def _local_admin(session: Session) -> Actor:
    """The CLI acts as the first active admin, or as Kembar where none is left."""
    from kembar import users
    from kembar.permissions import system_actor

    try:
        return users.cli_actor(session, None)
    except NotAuthenticated:
        return system_actor("cli")


def users_calendar(email: str) -> None:
    """Make a new calendar feed address for an account and print it once (only its digest
    is kept; the account's previous address stops working).

    Example: kembar users calendar ani@bandung.go.id
    """
    from kembar.db import Database
    from kembar.lifecycle import ical

    try:
        settings = Settings.from_env()
        db = Database(settings)
        try:
            with db.write() as session:
                made = ical.new_token(session, settings, _local_admin(session), email)
        finally:
            db.dispose()
    except KembarError as exc:
        raise fail(exc) from None
    err.print(f"Calendar feed of {email.strip().lower()}; shown only now:", markup=False)
    sys.stdout.write(made.url + "\n")


def register(app: typer.Typer, users_app: typer.Typer) -> None:
    app.command("remind")(remind)
    users_app.command("calendar")(users_calendar)
