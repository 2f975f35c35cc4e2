"""`kembar users`, `kembar tokens` and the first admin of `kembar init`, through Typer's
CliRunner on a database in tmp_path."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from helpers import add_places, write_csv
from kembar import tokens, users
from kembar.cli import app
from kembar.config import Settings
from kembar.db import Database

runner = CliRunner()


def run(*args: str, stdin: str | None = None) -> Any:
    return runner.invoke(app, list(args), input=stdin)


@pytest.fixture
def places(db: Database) -> dict[str, int]:
    with db.session() as s:
        return {label: p.id for label, p in add_places(s).items()}


def password_in(output: str) -> str:
    line = next(x for x in output.splitlines() if x.startswith("Password (shown only now): "))
    return line.split(": ", 1)[1]


def sign_in_ok(db: Database, email: str, password: str) -> bool:
    with db.session() as s:
        return users.authenticate(s, email, password, "cli-test") is not None


def test_users_add_prints_a_generated_password_once(db: Database, places: dict[str, int]) -> None:
    r = run(
        "users",
        "add",
        "Ani@Bandung.go.id",
        "--role",
        "editor",
        "--scope",
        str(places["west_java"]),
        "--scope",
        "my",
        "--name",
        "Ani Lestari",
        "--organisation",
        "Kota Bandung",
        "--language",
        "id",
    )
    assert r.exit_code == 0, r.output
    assert "Added ani@bandung.go.id (editor; scope: Jawa Barat (ID, province" in r.output
    assert "country MY" in r.output
    password = password_in(r.output)
    assert sign_in_ok(db, "ani@bandung.go.id", password)
    listed = json.loads(run("users", "list", "--json").output)
    assert listed[0]["email"] == "ani@bandung.go.id" and listed[0]["language"] == "id"
    assert listed[0]["scope"] == [f"place:{places['west_java']}", "country:MY"]
    assert password not in run("users", "list").output


def test_users_add_reads_the_password_from_stdin(db: Database) -> None:
    r = run(
        "users", "add", "rev@example.org", "--role", "reviewer", "--password-stdin", stdin="s3cret pass\n"
    )
    assert r.exit_code == 0, r.output
    assert "s3cret" not in r.output and "Password" not in r.output
    assert sign_in_ok(db, "rev@example.org", "s3cret pass")
    empty = run("users", "add", "x@example.org", "--role", "viewer", "--password-stdin", stdin="\n")
    assert empty.exit_code == 2 and "read no password" in empty.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--role", "chief"), "unknown role 'chief'"),
        (("--role", "editor", "--scope", "999999"), "no place has the id 999999"),
        (("--role", "editor", "--scope", "XQ"), "not an ISO 3166-1 country code"),
        (("--role", "editor", "--scope", "Bandung"), "neither a place id"),
        (("--role", "editor", "--language", "fr"), "unknown language 'fr'"),
    ],
)
def test_bad_values_are_one_line_errors_with_exit_2(
    db: Database, places: dict[str, int], args: tuple[str, ...], message: str
) -> None:
    r = run("users", "add", "new@example.org", *args)
    assert r.exit_code == 2
    assert r.output.count("\n") == 1 and r.output.startswith("error: ") and message in r.output
    assert json.loads(run("users", "list", "--json").output) == []


def test_a_reviewers_stored_scope_is_shown_with_what_it_means(db: Database, places: dict[str, int]) -> None:
    def said(*args: str) -> str:
        r = run(*args)
        assert r.exit_code == 0, r.output
        return " ".join(r.output.split())  # as one line, however rich wrapped it

    added = said("users", "add", "rina@example.org", "--role", "reviewer", "--scope", "ID")
    assert "scope: country ID (for My partnerships and reminders; a reviewer edits every place)" in added
    assert "scope: everything (an admin edits every place)" in said(
        "users", "add", "r@example.org", "--role", "admin"
    )
    editor = said("users", "set-role", "rina@example.org", "editor", "--scope", "MY")
    assert "is now editor (scope: country MY)." in editor


def test_roles_scope_disable_and_passwords(db: Database, places: dict[str, int]) -> None:
    run("users", "add", "root@example.org", "--role", "admin")
    first = run("users", "add", "ani@example.org", "--role", "editor", "--scope", "ID")
    assert "Added" in first.output
    r = run("users", "set-role", "ani@example.org", "editor", "--scope", str(places["surabaya"]))
    assert r.exit_code == 0 and "scope: Surabaya (ID, city" in r.output
    assert run("users", "set-role", "ani@example.org", "reviewer").exit_code == 0
    assert (
        run("users", "set-password", "ani@example.org", "--password-stdin", stdin="brand new pw\n").exit_code
        == 0
    )
    assert sign_in_ok(db, "ani@example.org", "brand new pw")
    assert run("users", "disable", "ani@example.org").exit_code == 0
    assert not sign_in_ok(db, "ani@example.org", "brand new pw")
    assert run("users", "enable", "ani@example.org").exit_code == 0
    missing = run("users", "disable", "nobody@example.org")
    assert missing.exit_code == 1 and "no user with the email 'nobody@example.org'" in missing.output
    last = run("users", "disable", "root@example.org")
    assert last.exit_code == 2 and "only active admin" in last.output


def test_tokens_create_list_revoke(db: Database) -> None:
    run("users", "add", "ani@example.org", "--role", "editor")
    created = run("tokens", "create", "ani@example.org", "--name", "laptop script")
    assert created.exit_code == 0, created.output
    secret = created.stdout.strip().splitlines()[-1]
    assert secret.startswith("kmb_")
    with db.session() as s:
        assert tokens.verify_token(s, secret).email == "ani@example.org"
    listed = json.loads(run("tokens", "list", "ani@example.org", "--json").output)
    assert [(t["name"], t["revoked_at"]) for t in listed] == [("laptop script", None)]
    assert listed[0]["last_used_at"] is not None and secret not in json.dumps(listed)
    assert run("tokens", "revoke", str(listed[0]["id"])).exit_code == 0
    assert json.loads(run("tokens", "list", "ani@example.org", "--json").output)[0]["revoked_at"]
    assert run("tokens", "revoke", "999").exit_code == 1
    assert run("tokens", "create", "ani@example.org", "--name", " ").exit_code == 2


def test_init_creates_the_first_admin_once(settings: Settings, tmp_path: Path) -> None:
    source = write_csv(
        tmp_path / "pairs.csv", ["Exeter,England,50.7256,-3.5269,Rennes,France,48.1147,-1.6794"]
    )
    first = run("init", "--source", str(source))
    assert first.exit_code == 0, first.output
    assert "Created the administrator admin@localhost with the password" in first.output
    password = first.output.split("with the password ", 1)[1].split(" ", 1)[0]
    database = Database(settings)
    try:
        assert sign_in_ok(database, "admin@localhost", password)
        with database.session() as s:
            assert password not in users.get_user(s, "admin@localhost").password_hash
    finally:
        database.dispose()
    again = run("init", "--source", str(source), "--json")
    assert json.loads(again.output)["admin_created"] is None
