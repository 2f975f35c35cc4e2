"""Reminders by e-mail against a real SMTP server started here (aiosmtpd): what each user
is due, in their language, sent once per threshold; a refusing server and one that never
answers leave nothing recorded, and the next run sends."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import func, select
from typer.testing import CliRunner

from kembar import users
from kembar.cli import app
from kembar.config import Settings
from kembar.db import Database
from kembar.db.registry import Reminder
from kembar.i18n import Translator
from kembar.lifecycle import reminders
from kembar.lifecycle.notices import notices_for, threshold_crossed
from kembar.permissions import system_actor
from kembar.registry import instruments, partnerships
from kembar.registry.schemas import InstrumentCreate, PartnershipCreate
from lifecycle_world import TODAY, World, ahead, world_fixture  # noqa: F401  (the `world` fixture)

ROOT = system_actor("cli")
runner = CliRunner()


class Inbox:
    """An aiosmtpd handler keeping what it accepts; `refuse` rejects every recipient."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []
        self.refuse = False

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append((list(envelope.rcpt_tos), parsed))
        return "250 Message accepted"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for rcpt, m in self.messages if address in rcpt]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    handler, port = Inbox(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A server that accepts connections and never says a word."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield int(listener.getsockname()[1])
    finally:
        stop.set()
        thread.join()
        for conn in held:
            conn.close()
        listener.close()


def smtp(settings: Settings, port: int) -> Settings:
    return replace(
        settings,
        smtp_host="127.0.0.1",
        smtp_port=port,
        smtp_starttls=False,
        smtp_timeout=1,
        public_url="https://kembar.example.org",
    )


@pytest.fixture
def mailed(world: World) -> World:
    """The world, with an Indonesian-speaking editor for Bekasi, a viewer and an admin
    without scope, a disabled editor, and a partnership that turned dormant last week."""
    db, ids = world.db, world.ids
    with db.write() as s:
        users.add_user(
            s,
            ROOT,
            "sari@bekasi.go.id",
            "editor",
            "a long passphrase 2",
            scope=[str(ids["bekasi"])],
            name="Sari",
            language="id",
        )
        users.add_user(s, ROOT, "lurker@example.org", "viewer", "a long passphrase 3")
        users.add_user(s, ROOT, "boss@example.org", "admin", "a long passphrase 4")
        users.add_user(s, ROOT, "gone@example.org", "editor", "a long passphrase 5", scope=["ID"])
        users.disable_user(s, ROOT, "gone@example.org")
        # the MoU's last fact becomes four years old (KEMBAR_DORMANT_YEARS) eight days ago
        signed = (TODAY - timedelta(days=round(4 * 365.25) + 9)).isoformat()
        pid = partnerships.create(
            s, ROOT, PartnershipCreate(place_a=ids["bekasi"], place_b=ids["busan"], stage="mou", date=signed)
        ).partnership.id
        instruments.add(s, ROOT, pid, InstrumentCreate(type="mou", signed_on=signed))
    world.pairs["turned_dormant"] = pid
    return world


def count_reminders(db: Database) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(Reminder)) or 0)


def test_thresholds_are_the_tightest_crossed() -> None:
    assert [threshold_crossed(d) for d in (120, 91, 90, 31, 30, 20, 8, 7, 0, -1)] == [
        None,
        None,
        90,
        90,
        30,
        30,
        30,
        7,
        7,
        None,
    ]


def test_each_user_is_due_the_notices_of_their_scope(mailed: World) -> None:
    w = mailed
    with w.db.session() as s:
        due = {b.email: b for b in reminders.pending(s, w.settings, TODAY)}
        assert set(due) == {"bandung@example.org", "sari@bekasi.go.id"}  # no scope, disabled: nothing
        bandung = due["bandung@example.org"].notices
        assert [(n.kind, n.partnership_id, n.threshold, n.days_left) for n in bandung] == [
            ("expiring", w.pairs["expiring"], "30", 30),
            ("dormant", w.pairs["turned_dormant"], "dormant", None),
        ]
        assert bandung[0].due.isoformat() == ahead(30)
        assert bandung[1].due == TODAY - timedelta(days=8)
        # the 2014 MoU went dormant years ago: on the dashboard, not news
        assert all(n.partnership_id != w.pairs["dormant"] for n in bandung)
        # Sari's scope is Bekasi: the partnership that turned dormant, not Bandung's MoU
        assert [n.partnership_id for n in due["sari@bekasi.go.id"].notices] == [w.pairs["turned_dormant"]]
        user = users.get_user(s, "bandung@example.org")
        assert notices_for(s, w.settings, user, TODAY) == bandung


def test_mails_are_sent_once_in_the_users_language(mailed: World, inbox: tuple[Inbox, int]) -> None:
    box, port = inbox
    settings = smtp(mailed.settings, port)
    result = reminders.run(mailed.db, settings, TODAY)
    assert [o.sent for o in result.outcomes] == [True, True] and not result.failed
    (english,) = box.to("bandung@example.org")
    text = english.get_body().get_content()  # type: ignore[union-attr]
    assert english["Subject"] == "Kembar: 1 instrument expiring, 1 partnership turned dormant"
    assert "Memorandum of Understanding: valid until" in text and "30 days left" in text
    assert f"https://kembar.example.org/partnerships/{mailed.pairs['expiring']}" in text
    assert "Bandung (Indonesia) – Busan (South Korea)" in text
    (indonesian,) = box.to("sari@bekasi.go.id")
    text_id = indonesian.get_body().get_content()  # type: ignore[union-attr]
    assert indonesian["Subject"] == "Kembar: 1 kemitraan menjadi tidak aktif"
    assert text_id.startswith("Yth. Sari,") and "tidak aktif sejak" in text_id
    assert "Korea Selatan" in text_id
    assert f"tidak aktif sejak {Translator('id').when((TODAY - timedelta(days=8)).isoformat())}" in text_id
    assert f"https://kembar.example.org/partnerships/{mailed.pairs['turned_dormant']}" in text_id
    assert count_reminders(mailed.db) == 3

    # the next run has nothing new to say
    again = reminders.run(mailed.db, settings, TODAY)
    assert again.outcomes == [] and len(box.messages) == 2

    # 23 days later the MoU has 7 days left: a 7-day notice, once
    later = TODAY + timedelta(days=23)
    third = reminders.run(mailed.db, settings, later)
    assert [(o.batch.email, [n.threshold for n in o.batch.notices]) for o in third.outcomes] == [
        ("bandung@example.org", ["7"])
    ]
    assert "7 days left" in box.to("bandung@example.org")[-1].get_body().get_content()  # type: ignore[union-attr]
    assert reminders.run(mailed.db, settings, later + timedelta(days=1)).outcomes == []


def test_a_late_first_look_sends_only_the_tightest_threshold(mailed: World, inbox: tuple[Inbox, int]) -> None:
    box, port = inbox
    # first run 25 days from now: 5 days left; the 90- and 30-day notices are never sent
    result = reminders.run(mailed.db, smtp(mailed.settings, port), TODAY + timedelta(days=25))
    bandung = next(o for o in result.outcomes if o.batch.email == "bandung@example.org")
    assert [n.threshold for n in bandung.batch.notices if n.kind == "expiring"] == ["7"]
    with mailed.db.session() as s:
        thresholds = set(s.scalars(select(Reminder.threshold).where(Reminder.subject == "instrument")))
    assert thresholds == {"7"}
    assert "5 days left" in box.to("bandung@example.org")[0].get_body().get_content()  # type: ignore[union-attr]


def test_a_refused_recipient_is_reported_and_retried(mailed: World, inbox: tuple[Inbox, int]) -> None:
    box, port = inbox
    settings = smtp(mailed.settings, port)
    box.refuse = True
    failed = reminders.run(mailed.db, settings, TODAY)
    assert len(failed.failed) == 2 and not failed.sent
    assert "the server refused the recipient bandung@example.org: 550" in (failed.failed[0].error or "")
    assert count_reminders(mailed.db) == 0 and box.messages == []
    box.refuse = False
    retried = reminders.run(mailed.db, settings, TODAY)
    assert len(retried.sent) == 2 and len(box.messages) == 2 and count_reminders(mailed.db) == 3


def test_a_server_that_does_not_answer_times_out_and_nothing_is_recorded(
    mailed: World, silent_server: int, inbox: tuple[Inbox, int]
) -> None:
    result = reminders.run(mailed.db, smtp(mailed.settings, silent_server), TODAY)
    errors = [o.error for o in result.outcomes]
    assert errors[0] == f"no answer from 127.0.0.1:{silent_server} within 1 s"
    assert errors[1] == f"not tried: no answer from 127.0.0.1:{silent_server} within 1 s"  # no second wait
    assert count_reminders(mailed.db) == 0
    box, port = inbox
    assert len(reminders.run(mailed.db, smtp(mailed.settings, port), TODAY).sent) == 2 == len(box.messages)
    assert count_reminders(mailed.db) == 3


def cli(*args: str) -> Any:
    return runner.invoke(app, ["remind", *args])


def test_the_command_lists_without_a_server_and_sends_with_one(
    mailed: World, inbox: tuple[Inbox, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    r = cli("--dry-run", "--json")
    assert r.exit_code == 0, r.output
    listed = json.loads(r.stdout)
    assert listed["dry_run"] is True
    by_user = {u["user"]: u for u in listed["users"]}
    assert set(by_user) == {"bandung@example.org", "sari@bekasi.go.id"}
    first = by_user["bandung@example.org"]["notices"][0]
    assert (first["partnership_id"], first["threshold"], first["due"]) == (
        mailed.pairs["expiring"],
        "30",
        ahead(30),
    )
    assert isinstance(first["instrument_id"], int) and first["url"].endswith(
        f"/partnerships/{first['partnership_id']}"
    )
    assert by_user["sari@bekasi.go.id"]["notices"][0]["threshold"] == "dormant"

    r = cli()  # no KEMBAR_SMTP_HOST: listed, nothing sent or recorded
    assert r.exit_code == 0 and "KEMBAR_SMTP_HOST is not set: nothing was sent or recorded." in r.stdout
    assert count_reminders(mailed.db) == 0

    box, port = inbox
    for key, value in (("HOST", "127.0.0.1"), ("PORT", str(port)), ("STARTTLS", "no")):
        monkeypatch.setenv(f"KEMBAR_SMTP_{key}", value)
    r = cli("--dry-run")
    assert r.exit_code == 0 and "Dry run: nothing was sent or recorded." in r.stdout and box.messages == []
    r = cli()
    assert r.exit_code == 0 and "Sent 2 of 2 mails." in r.stdout and len(box.messages) == 2
    r = cli("--json")
    assert r.exit_code == 0 and json.loads(r.stdout)["users"] == []


def test_the_command_reports_a_refusal_with_exit_code_1(
    mailed: World, inbox: tuple[Inbox, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    box, port = inbox
    box.refuse = True
    for key, value in (("HOST", "127.0.0.1"), ("PORT", str(port)), ("STARTTLS", "no")):
        monkeypatch.setenv(f"KEMBAR_SMTP_{key}", value)
    r = cli()
    assert r.exit_code == 1
    assert "error: reminder to sari@bekasi.go.id not sent: the server refused the recipient" in r.stderr
    assert "Traceback" not in r.output and count_reminders(mailed.db) == 0


def test_bad_settings_and_a_second_run_are_one_line_errors(
    mailed: World, inbox: tuple[Inbox, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KEMBAR_SMTP_PORT", "99999")
    r = cli("--dry-run")
    assert r.exit_code == 2
    assert r.stderr.strip() == "error: KEMBAR_SMTP_PORT='99999' must be a whole number between 1 and 65535"
    box, port = inbox
    for key, value in (("HOST", "127.0.0.1"), ("PORT", str(port)), ("STARTTLS", "no")):
        monkeypatch.setenv(f"KEMBAR_SMTP_{key}", value)
    with reminders.one_run_at_a_time(mailed.settings):  # as if cron's run were still sending
        r = cli()
        assert r.exit_code == 1 and "another kembar remind is running" in r.stderr
        assert cli("--dry-run").exit_code == 0  # listing needs no lock
    assert box.messages == [] and count_reminders(mailed.db) == 0
    assert cli().exit_code == 0 and len(box.messages) == 2
