"""Reminders by e-mail (`kembar remind`, meant for cron): every active account with a scope
receives, in its language, the notices of lifecycle/notices.py it has not been sent yet
(an instrument at 90, 30 and 7 days before it expires, a partnership turned dormant),
one plain-text mail per user through the SMTP server of KEMBAR_SMTP_*.

A notice is recorded (the `reminders` table) only once the server has accepted the mail;
a refusal or a server that does not answer is reported and leaves nothing recorded, so
the next run sends it. Without KEMBAR_SMTP_HOST nothing is sent or recorded: the run
lists what it would send. A dry run does the same with a server configured.
"""

from __future__ import annotations

import fcntl
import smtplib
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid
from types import TracebackType
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from kembar.config import Settings
from kembar.db import Database
from kembar.db.accounts import User
from kembar.db.registry import Reminder
from kembar.errors import DeliveryFailed, KembarError, RunInProgress
from kembar.lifecycle.notices import REMIND_DAYS, Notice, Party, notices_for
from kembar.lifecycle.status import explain
from kembar.lifecycle.words import Words

LOCK = "remind.lock"


@dataclass
class Batch:
    """The notices one user has not been sent yet."""

    user_id: int
    email: str
    name: str | None
    language: str
    notices: list[Notice]


@dataclass
class Outcome:
    batch: Batch
    sent: bool = False
    error: str | None = None


@dataclass
class RunResult:
    dry_run: bool
    smtp: bool  # a server is configured
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.error]

    @property
    def sent(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.sent]


Key = tuple[str, int, str, str]  # (subject, subject id, threshold, due)


def _recorded(session: Session, user_id: int) -> set[Key]:
    return {
        (r.subject, r.subject_id, r.threshold, r.due or "")
        for r in session.scalars(select(Reminder).where(Reminder.user_id == user_id))
    }


def _is_new(notice: Notice, recorded: set[Key]) -> bool:
    """Whether the notice was not sent before: a dormant one once per day it turned
    dormant, an expiring one once per threshold of the same end of validity (and never
    after a tighter one)."""
    subject, subject_id = notice.subject
    due = notice.due.isoformat()
    if notice.kind == "dormant":
        return (subject, subject_id, "dormant", due) not in recorded
    tighter_or_same = [str(t) for t in REMIND_DAYS if t <= int(notice.threshold)]
    return not any((subject, subject_id, t, due) in recorded for t in tighter_or_same)


def pending(session: Session, settings: Settings, today: date | None = None) -> list[Batch]:
    """Each user with notices not sent yet, by email."""
    today = today or date.today()
    batches = []
    for user in session.scalars(select(User).where(User.active.is_(True)).order_by(User.email)):
        if not user.scopes:
            continue
        recorded = _recorded(session, user.id)
        fresh = [n for n in notices_for(session, settings, user, today) if _is_new(n, recorded)]
        if fresh:
            batches.append(Batch(user.id, user.email, user.name, user.language, fresh))
    return batches


def partnership_url(settings: Settings, partnership_id: int) -> str:
    return f"{settings.public_url.rstrip('/')}/partnerships/{partnership_id}"


def parties_text(words: Words, parties: tuple[Party, Party]) -> str:
    a, b = parties
    return f"{a.name} ({words.t.country(a.country)}) – {b.name} ({words.t.country(b.country)})"


def _line(settings: Settings, words: Words, n: Notice) -> list[str]:
    t = words.t
    if n.kind == "dormant":
        reason = explain(n.reason, words.lang) if n.reason else ""
        what = words("mail.dormant_since", date=t.when(n.due.isoformat()), reason=reason)
    else:
        instrument = t.label("instrument", n.instrument_type)
        key = "mail.expires_today" if n.days_left == 0 else "mail.expires"
        what = words(key, instrument=instrument, date=t.when(n.valid_until), days=n.days_left)
    url = partnership_url(settings, n.partnership_id)
    return [f"- {parties_text(words, n.parties)}", f"  {what}", f"  {url}"]


def body(settings: Settings, batch: Batch) -> tuple[str, str]:
    """The subject and the plain text of a user's mail, in the user's language."""
    words = Words(batch.language)
    expiring = [n for n in batch.notices if n.kind == "expiring"]
    dormant = [n for n in batch.notices if n.kind == "dormant"]
    what = [words.count("mail.expiring", len(expiring))] if expiring else []
    what += [words.count("mail.dormant", len(dormant))] if dormant else []
    lines = [words("mail.hello", name=batch.name or batch.email), "", words("mail.lead")]
    for title, notices in ((words("mail.expiring"), expiring), (words("mail.dormant"), dormant)):
        if notices:
            lines += ["", title, ""]
            for n in notices:
                lines += _line(settings, words, n)
    calendar = f"{settings.public_url.rstrip('/')}/account/calendar"
    years = words.t.num(settings.dormant_years, 0 if float(settings.dormant_years).is_integer() else 1)
    lines += ["", "-- ", words("mail.once", years=years), words("mail.calendar", url=calendar)]
    return words("mail.subject", what=", ".join(what)), "\n".join(lines) + "\n"


def compose(settings: Settings, batch: Batch) -> EmailMessage:
    subject, text = body(settings, batch)
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = settings.smtp_from
    message["To"] = formataddr((batch.name or "", batch.email))
    message["Date"] = formatdate(usegmt=True)
    domain = urlsplit(settings.public_url).hostname or "kembar.local"
    message["Message-ID"] = make_msgid("kembar-reminder", domain=domain)
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies
    message.set_content(text)
    return message


class Mailer:
    """One connection to the SMTP server for a run. A refused recipient fails that mail
    only; a server that does not answer, drops the connection or refuses the login fails
    every mail after it without waiting again."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.smtp: smtplib.SMTP | None = None
        self.broken: str | None = None

    def __enter__(self) -> Mailer:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (smtplib.SMTPException, OSError):
                self.smtp.close()

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        smtp = smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=s.smtp_timeout)
        if s.smtp_starttls:
            smtp.starttls(context=ssl.create_default_context())
        if s.smtp_user:
            smtp.login(s.smtp_user, s.smtp_password)
        return smtp

    def send(self, message: EmailMessage) -> None:
        if self.broken:
            raise DeliveryFailed(f"not tried: {self.broken}")
        try:
            if self.smtp is None:
                self.smtp = self._connect()
            self.smtp.send_message(message)
        except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
            raise DeliveryFailed(_refusal(exc)) from None
        except (smtplib.SMTPException, OSError) as exc:
            self.broken = _failure(self.settings, exc)
            if self.smtp is not None:
                self.smtp.close()
                self.smtp = None
            raise DeliveryFailed(self.broken) from None


def _text(raw: bytes | str) -> str:
    return (raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw).replace("\n", " ").strip()


def _refusal(exc: smtplib.SMTPException) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        who, (code, answer) = next(iter(exc.recipients.items()))
        return f"the server refused the recipient {who}: {code} {_text(answer)}"
    if isinstance(exc, smtplib.SMTPSenderRefused):
        return f"the server refused the sender {exc.sender}: {exc.smtp_code} {_text(exc.smtp_error)}"
    assert isinstance(exc, smtplib.SMTPResponseException)
    return f"the server refused the message: {exc.smtp_code} {_text(exc.smtp_error)}"


def _failure(s: Settings, exc: BaseException) -> str:
    where = f"{s.smtp_host}:{s.smtp_port}"
    if isinstance(exc, TimeoutError) or "timed out" in str(exc):
        return f"no answer from {where} within {s.smtp_timeout:g} s"
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return f"{where} refused the login of {s.smtp_user} ({exc.smtp_code})"
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return f"{where} does not offer STARTTLS (set KEMBAR_SMTP_STARTTLS=no for a server without it)"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{where} answered {exc.smtp_code} {_text(exc.smtp_error)}"
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return f"{where} closed the connection"
    if isinstance(exc, OSError):
        return f"cannot reach {where}: {exc.strerror or exc}"
    return f"{where}: {exc}"


def record(session: Session, batch: Batch) -> None:
    """Remember the batch's notices as sent (skipping any another run recorded meanwhile)."""
    recorded = _recorded(session, batch.user_id)
    for n in batch.notices:
        subject, subject_id = n.subject
        key = (subject, subject_id, n.threshold, n.due.isoformat())
        if key not in recorded:
            session.add(
                Reminder(
                    user_id=batch.user_id,
                    subject=subject,
                    subject_id=subject_id,
                    threshold=n.threshold,
                    due=n.due.isoformat(),
                )
            )
            recorded.add(key)
    session.flush()


@contextmanager
def one_run_at_a_time(settings: Settings) -> Iterator[None]:
    """An exclusive lock file under KEMBAR_HOME, so that two runs started together (cron
    and a person) do not both send the same notices."""
    settings.home.mkdir(parents=True, exist_ok=True)
    with (settings.home / LOCK).open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RunInProgress("another kembar remind is running; try again when it has finished") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def run(db: Database, settings: Settings, today: date | None = None, dry_run: bool = False) -> RunResult:
    """Send each user the notices not sent yet and record those the server accepted. The
    database is not held while mails are sent: each accepted mail is recorded in its own
    short write. A dry run, or a run without a server, sends and records nothing."""
    if dry_run or not settings.smtp_host:
        return _send(db, settings, today, dry_run)
    with one_run_at_a_time(settings):
        return _send(db, settings, today, dry_run)


def _send(db: Database, settings: Settings, today: date | None, dry_run: bool) -> RunResult:
    with db.session() as session:
        batches = pending(session, settings, today)
    result = RunResult(dry_run=dry_run, smtp=bool(settings.smtp_host))
    result.outcomes = [Outcome(b) for b in batches]
    if dry_run or not settings.smtp_host:
        return result
    with Mailer(settings) as mailer:
        for outcome in result.outcomes:
            try:
                mailer.send(compose(settings, outcome.batch))
            except DeliveryFailed as exc:
                outcome.error = exc.message
                continue
            outcome.sent = True
            try:
                with db.write() as session:
                    record(session, outcome.batch)
            except KembarError as exc:
                outcome.error = f"sent, but not recorded (it will be sent again): {exc.message}"
    return result
