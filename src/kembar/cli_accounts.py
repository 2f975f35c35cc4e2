"""`kembar users` and `kembar tokens`: accounts from the command line.

Commands act as the local admin (the first active admin). On a database where no admin
is active any more, they act as Kembar itself, so the person at the server can always
recover an account. Passwords are read from standard input (--password-stdin) or
generated and printed once; they are never an argument, since arguments show in the
process list and the shell history.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from kembar import tokens
    from kembar.permissions import Actor
    from kembar.schemas import ApiTokenOut, UserOut

from kembar.cli_common import JsonOpt, err, out, print_json, run, session_scope
from kembar.errors import InvalidInput, NotAuthenticated

users_app = typer.Typer(help="Manage accounts: roles, scope, passwords.", no_args_is_help=True)
tokens_app = typer.Typer(help="Manage API tokens for scripts.", no_args_is_help=True)

ScopeOpt = Annotated[
    list[str] | None,
    typer.Option("--scope", help="A place id or an ISO 3166-1 country code (repeatable)."),
]
PasswordStdin = Annotated[
    bool, typer.Option("--password-stdin", help="Read the password from the first line of standard input.")
]


def _local_admin(session: Session) -> Actor:
    from kembar import users
    from kembar.permissions import system_actor

    try:
        return users.cli_actor(session, None)
    except NotAuthenticated:
        return system_actor("cli")


def _read_password() -> str:
    line = sys.stdin.readline().rstrip("\r\n")
    if not line:
        raise InvalidInput("--password-stdin read no password (an empty first line)")
    return line


def _scope_text(session: Session, user: Any) -> str:
    from kembar import users

    return users.scope_summary(session, user)


@users_app.command("add")
def users_add(
    email: str,
    role: Annotated[str, typer.Option("--role", help="admin, reviewer, editor or viewer.")],
    scope: ScopeOpt = None,
    name: Annotated[str | None, typer.Option("--name", help="The person's name.")] = None,
    organisation: Annotated[str | None, typer.Option("--organisation", help="Office or institution.")] = None,
    language: Annotated[str, typer.Option("--language", help="id or en.")] = "en",
    password_stdin: PasswordStdin = False,
) -> None:
    """Add an account. A scope is a place id (as in /places/ID; a province covers its
    places) or a country code. Without --password-stdin a random password is printed once.

    Example: kembar users add ani@bandung.go.id --role editor --scope 412 --name "Ani Lestari"
    """
    from kembar import users

    def work() -> tuple[str, str, str | None]:
        password = _read_password() if password_stdin else users.generate_password()
        with session_scope() as session:
            user = users.add_user(
                session,
                _local_admin(session),
                email,
                role,
                password,
                scope=scope or [],
                name=name,
                organisation=organisation,
                language=language,
            )
            return user.email, _scope_text(session, user), None if password_stdin else password

    address, scope_text, generated = run(work)
    out.print(f"Added {address} ({role}; scope: {scope_text}).", markup=False)
    if role == "editor" and scope_text == "nothing":
        out.print("Note: an editor without --scope can edit nothing (kembar users set-role).", markup=False)
    if generated:
        out.print(f"Password (shown only now): {generated}", markup=False)


@users_app.command("list")
def users_list(as_json: JsonOpt = False) -> None:
    """List every account with its role, scope and status. Example: kembar users list --json"""
    from kembar import users
    from kembar.schemas import UserOut

    def work() -> tuple[list[UserOut], list[str]]:
        with session_scope() as session:
            everyone = users.list_users(session)
            return [UserOut.of(u) for u in everyone], [_scope_text(session, u) for u in everyone]

    found, scopes = run(work)
    if as_json:
        print_json([u.model_dump(mode="json") for u in found])
        return
    if not found:
        out.print("No account yet: kembar init creates the first admin.")
        return
    columns = ("id", "Email", "Name", "Organisation", "Role", "Scope", "Active")
    table = Table(*columns, title=f"{len(found)} users")
    for u, scope_text in zip(found, scopes, strict=True):
        active = "yes" if u.active else "no"
        table.add_row(str(u.id), u.email, u.name or "", u.organisation or "", u.role, scope_text, active)
    out.print(table)


@users_app.command("set-role")
def users_set_role(email: str, role: str, scope: ScopeOpt = None) -> None:
    """Change an account's role; --scope replaces its scope.

    Example: kembar users set-role ani@bandung.go.id editor --scope 412 --scope MY
    """
    from kembar import users

    def work() -> tuple[str, str]:
        with session_scope() as session:
            user = users.set_role(session, _local_admin(session), email, role, scope)
            return user.email, _scope_text(session, user)

    address, scope_text = run(work)
    out.print(f"{address} is now {role} (scope: {scope_text}).", markup=False)


@users_app.command("disable")
def users_disable(email: str) -> None:
    """Disable an account: it cannot sign in, its sessions end, its tokens stop working.

    Example: kembar users disable ani@bandung.go.id
    """
    from kembar import users

    def work() -> str:
        with session_scope() as session:
            return users.disable_user(session, _local_admin(session), email).email

    out.print(f"Disabled {run(work)}.", markup=False)


@users_app.command("enable")
def users_enable(email: str) -> None:
    """Enable a disabled account again. Example: kembar users enable ani@bandung.go.id"""
    from kembar import users

    def work() -> str:
        with session_scope() as session:
            return users.enable_user(session, _local_admin(session), email).email

    out.print(f"Enabled {run(work)}.", markup=False)


@users_app.command("set-password")
def users_set_password(email: str, password_stdin: PasswordStdin = False) -> None:
    """Set an account's password (its browser sessions end). Without --password-stdin a
    random one is printed once. Example: kembar users set-password ani@bandung.go.id --password-stdin
    """
    from kembar import users

    def work() -> tuple[str, str | None]:
        password = _read_password() if password_stdin else users.generate_password()
        with session_scope() as session:
            user = users.set_password(session, _local_admin(session), email, password)
            return user.email, None if password_stdin else password

    address, generated = run(work)
    out.print(f"New password set for {address}.", markup=False)
    if generated:
        out.print(f"Password (shown only now): {generated}", markup=False)


@tokens_app.command("create")
def tokens_create(
    email: str, name: Annotated[str, typer.Option("--name", help="What the token is for.")]
) -> None:
    """Create an API token for an account and print it once (only its digest is kept).

    Example: kembar tokens create ani@bandung.go.id --name "laptop script"
    """
    from kembar import tokens

    def work() -> tokens.CreatedToken:
        with session_scope() as session:
            return tokens.create_token(session, _local_admin(session), email, name)

    created = run(work)
    owner = email.strip().lower()
    err.print(f"Token {created.id} ({created.name}) for {owner}; shown only now:", markup=False)
    sys.stdout.write(created.secret + "\n")


@tokens_app.command("list")
def tokens_list(email: str, as_json: JsonOpt = False) -> None:
    """List an account's tokens with their last use. Example: kembar tokens list ani@bandung.go.id"""
    from kembar import tokens
    from kembar.schemas import ApiTokenOut

    def work() -> list[ApiTokenOut]:
        with session_scope() as session:
            return [ApiTokenOut.of(t) for t in tokens.list_tokens(session, _local_admin(session), email)]

    found = run(work)
    if as_json:
        print_json([t.model_dump(mode="json") for t in found])
        return
    table = Table("id", "Name", "Created", "Last used", "Revoked", title=f"{len(found)} tokens")
    for t in found:
        table.add_row(
            str(t.id),
            t.name,
            f"{t.created_at:%Y-%m-%d %H:%M}",
            f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "never",
            f"{t.revoked_at:%Y-%m-%d %H:%M}" if t.revoked_at else "",
        )
    out.print(table)


@tokens_app.command("revoke")
def tokens_revoke(token_id: int) -> None:
    """Revoke a token: requests with it are refused from now on. Example: kembar tokens revoke 3"""
    from kembar import tokens

    def work() -> str:
        with session_scope() as session:
            token = tokens.revoke_token(session, _local_admin(session), token_id)
            return f"Revoked token {token.id} ({token.name}) of {token.user.email}."

    out.print(run(work), markup=False)
