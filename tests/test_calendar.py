"""The calendar feed: its secret address made on the account page or by the CLI, an
all-day event per expiry date of the scope's instruments (parsed with the icalendar
package), the user's language, and 404 for any wrong, old or disabled address."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from icalendar import Calendar
from sqlalchemy import select
from typer.testing import CliRunner

from helpers import web_client
from kembar import tokens, users
from kembar.cli import app
from kembar.db.accounts import User
from kembar.db.models import Instrument
from kembar.lifecycle import ical
from kembar.permissions import system_actor
from lifecycle_world import World, ahead, world_fixture  # noqa: F401  (the `world` fixture)
from test_auth_web import csrf, sign_in

ROOT = system_actor("cli")
PASSWORD = "a long passphrase 1"  # the world's editor, bandung@example.org


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:
    yield web_client(world.settings)


def feed_of(world: World, email: str = "bandung@example.org") -> str:
    with world.db.write() as s:
        return ical.new_token(s, world.settings, ROOT, email).secret


def events(text: str) -> dict[str, Any]:
    calendar = Calendar.from_ical(text)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_the_feed_has_an_all_day_event_per_expiry_date_of_the_scope(world: World, client: TestClient) -> None:
    r = client.get(f"/calendar/{feed_of(world)}.ics")
    assert r.status_code == 200 and r.headers["content-type"] == "text/calendar; charset=utf-8"
    assert r.text.startswith("BEGIN:VCALENDAR\r\n") and r.text.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in r.text.split("\r\n"))
    found = events(r.text)
    with world.db.session() as s:
        expected = {
            i.id: i
            for i in s.scalars(
                select(Instrument).where(
                    Instrument.partnership_id.in_([world.pairs["expiring"], world.pairs["never"]])
                )
            )
        }
    # Bandung's and Bekasi's MoUs with an end of validity; Surabaya's are out of scope
    assert set(found) == {f"kembar-instrument-{iid}@127.0.0.1" for iid in expected}
    expiring = next(i for i in expected.values() if i.partnership_id == world.pairs["expiring"])
    event = found[f"kembar-instrument-{expiring.id}@127.0.0.1"]
    assert event.decoded("DTSTART") == date.fromisoformat(ahead(30))
    assert (event.decoded("DTEND") - event.decoded("DTSTART")).days == 1  # all day
    assert str(event["SUMMARY"]) == "Memorandum of Understanding expires: Bandung – Busan"
    assert "Bandung (Indonesia) and Busan (South Korea)" in str(event["DESCRIPTION"])
    assert str(event["URL"]) == f"http://127.0.0.1:8000/partnerships/{world.pairs['expiring']}"
    # the UIDs stay the same from one fetch to the next, so calendars update, not duplicate
    assert set(events(client.get(f"/calendar/{feed_of(world)}.ics").text)) == set(found)


def test_the_feed_speaks_the_users_language(world: World, client: TestClient) -> None:
    with world.db.write() as s:
        users.add_user(
            s, ROOT, "sari@bekasi.go.id", "editor", "a long passphrase 2", scope=["ID"], language="id"
        )
    found = events(client.get(f"/calendar/{feed_of(world, 'sari@bekasi.go.id')}.ics").text)
    summaries = sorted(str(e["SUMMARY"]) for e in found.values())
    assert "Nota kesepahaman berakhir: Bandung – Busan" in summaries
    # the whole country: with Surabaya's renewal; its MoU of 2015, renewed, is left out
    assert len(found) == 3 and "Perpanjangan berakhir: Surabaya – Busan" in summaries
    assert any("Korea Selatan" in str(e["DESCRIPTION"]) for e in found.values())


def test_a_wrong_old_or_disabled_address_is_404(world: World, client: TestClient) -> None:
    first = feed_of(world)
    assert client.get(f"/calendar/{first}.ics").status_code == 200
    second = feed_of(world)  # replaces the first
    assert client.get(f"/calendar/{first}.ics").status_code == 404
    assert client.get(f"/calendar/{second}.ics").status_code == 200
    assert client.get(f"/calendar/{second[:-1]}x.ics").status_code == 404
    assert client.get("/calendar/kcal_.ics").status_code == 404
    assert client.get("/calendar/kcal_" + "k" * 300 + ".ics").status_code == 404
    with world.db.session() as s:
        user = s.scalars(select(User).where(User.email == "bandung@example.org")).one()
        assert user.calendar_token_hash == tokens.digest(second)  # only the digest is kept
    with world.db.write() as s:
        users.disable_user(s, ROOT, "bandung@example.org")
    assert client.get(f"/calendar/{second}.ics").status_code == 404


def test_the_account_page_makes_the_address_once(world: World, client: TestClient) -> None:
    assert client.get("/account/calendar", follow_redirects=False).status_code == 303  # sign in first
    assert sign_in(client, "bandung@example.org", PASSWORD).status_code == 303
    page = client.get("/account/calendar?lang=en")
    assert page.status_code == 200 and "You have no calendar feed yet." in page.text
    refused = client.post("/account/calendar", data={})
    assert refused.status_code == 403  # no CSRF token
    made = client.post("/account/calendar", data={"csrf_token": csrf(page.text)})
    assert made.status_code == 201 and made.headers["cache-control"] == "no-store"
    url = made.text.split('id="calendar-url">')[1].split("<")[0]
    assert url.startswith("http://127.0.0.1:8000/calendar/kcal_") and url.endswith(".ics")
    assert client.get(url.removeprefix("http://127.0.0.1:8000")).status_code == 200
    again = client.get("/account/calendar")
    assert url not in again.text and "You have a calendar feed." in again.text
    assert "Umpan kalender" in client.get("/account/calendar?lang=id").text


def test_the_command_prints_the_address_once(world: World, client: TestClient) -> None:
    r = CliRunner().invoke(app, ["users", "calendar", "bandung@example.org"])
    assert r.exit_code == 0, r.output
    url = r.stdout.strip()
    assert url.startswith("http://127.0.0.1:8000/calendar/kcal_")
    assert client.get(url.removeprefix("http://127.0.0.1:8000")).status_code == 200
    r = CliRunner().invoke(app, ["users", "calendar", "nobody@example.org"])
    assert r.exit_code == 1 and "error: no user with the email 'nobody@example.org'" in r.output


def test_only_the_user_or_an_admin_makes_an_address(world: World) -> None:
    from kembar.errors import PermissionDenied

    with world.db.write() as s:
        users.add_user(s, ROOT, "sari@bekasi.go.id", "editor", "a long passphrase 2")
    with pytest.raises(PermissionDenied), world.db.write() as s:
        ical.new_token(s, world.settings, world.editor, "sari@bekasi.go.id")


def test_text_is_escaped_and_folded_per_rfc_5545() -> None:
    assert ical.escape("a, b; c\\d\ne") == "a\\, b\\; c\\\\d\\ne"
    line = "DESCRIPTION:" + "Łódź – Târgu Mureș " * 10
    folded = ical.fold(line).split("\r\n ")
    assert all(len(part.encode()) <= (75 if i == 0 else 74) for i, part in enumerate(folded))
    assert "".join(folded) == line  # never cut inside a character
