"""The `kembar` command: thin glue that parses, calls one library function, formats.

Errors of the domain become one line on stderr and an exit code, never a traceback.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from kembar import __version__
from kembar.cli_accounts import tokens_app, users_app
from kembar.cli_common import CountryOpt, JsonOpt, err, out, print_json, progress_bar, run, session_scope
from kembar.cli_news import register as register_news
from kembar.cli_recommend import register as register_recommend
from kembar.cli_reports import register as register_reports
from kembar.config import SETTINGS, Settings, served_public_url
from kembar.errors import ConfigError

if TYPE_CHECKING:
    from kembar.atlas.build import InitReport

app = typer.Typer(
    name="kembar",
    help="Kembar: the open platform for international city-to-city cooperation.",
    epilog="Settings (environment variables): "
    + " ".join(f"{s.env}: {s.help} Default: {s.default}." for s in SETTINGS),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
places_app = typer.Typer(help="Search the places of the registry.", no_args_is_help=True)
evaluate_app = typer.Typer(help="Measure Kembar on held-out data.", no_args_is_help=True)
partnerships_app = typer.Typer(help="List partnerships.", no_args_is_help=True)
app.add_typer(places_app, name="places")
app.add_typer(partnerships_app, name="partnerships")
app.add_typer(evaluate_app, name="evaluate")
app.add_typer(users_app, name="users")
app.add_typer(tokens_app, name="tokens")


@app.command()
def version() -> None:
    """Print Kembar's version. Example: kembar version"""
    out.print(__version__)


@app.command()
def settings() -> None:
    """List the settings, their help and current values. Example: kembar settings"""
    current = run(Settings.from_env)
    values = current.values()
    for s in SETTINGS:
        out.print(f"{s.env}={values[s.env]}\n  {s.help}\n  default: {s.default}", markup=False)


@app.command()
def init(
    source: Annotated[
        Path | None, typer.Option("--source", help="Another CSV (or .csv.gz) of the same columns.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Rebuild even when up to date.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Build the world atlas into the database from the bundled dataset. Example: kembar init"""
    report = run(lambda: _build_atlas(source, force, quiet=as_json))
    admin = run(_first_admin)
    problems = {
        k: {"count": v, "examples": report.problems.examples[k]} for k, v in report.problems.counts.items()
    }
    if as_json:
        print_json(_init_json(report, problems, admin))
        return
    _print_built(report, problems)
    if admin:
        out.print(
            f"Created the administrator {admin[0]} with the password {admin[1]} (shown only now; "
            f"change it with: kembar users set-password {admin[0]} --password-stdin).",
            markup=False,
        )


def _build_atlas(source: Path | None, force: bool, quiet: bool) -> InitReport:
    """Build the atlas in one write transaction, each stage drawn as a progress bar."""
    from kembar.atlas.build import build_atlas

    with progress_bar(quiet=quiet) as bar, session_scope(write=True) as session:
        tasks: dict[str, Any] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        return build_atlas(session, source, progress=progress, force=force)


def _init_json(
    report: InitReport, problems: dict[str, dict[str, Any]], admin: tuple[str, str] | None
) -> dict[str, Any]:
    return {
        "up_to_date": report.up_to_date,
        "rows": report.rows,
        "partnerships": report.partnerships,
        "places": report.places,
        "resolved_share": round(report.resolved_share, 4),
        "partnerships_added": report.partnerships_added,
        "places_added": report.places_added,
        "seconds": round(report.seconds, 2),
        "problems": problems,
        "admin_created": {"email": admin[0], "password": admin[1]} if admin else None,
    }


def _print_built(report: InitReport, problems: dict[str, dict[str, Any]]) -> None:
    if report.up_to_date:
        out.print(
            f"Atlas already up to date: {report.partnerships:,} partnerships, {report.places:,} places."
        )
        return
    out.print(
        f"Atlas built in {report.seconds:.1f} s: {report.rows:,} rows -> "
        f"{report.partnerships:,} partnerships "
        f"({report.partnerships_added:,} new) between {report.places:,} places, "
        f"{report.resolved_share:.1%} resolved to GeoNames, ISO 3166 or a national register."
    )
    if report.problems.total:
        out.print(f"Skipped or merged {report.problems.total:,} rows:")
        for kind, info in problems.items():
            out.print(f"  {kind}: {info['count']:,} (e.g. {'; '.join(info['examples'])})", markup=False)


def _first_admin() -> tuple[str, str] | None:
    """On a database without any account: an admin with a random password, to print once."""
    from kembar.users import create_first_admin

    with session_scope() as session:
        made = create_first_admin(session)
        return (made[0].email, made[1]) if made else None


@app.command()
def stats(as_json: JsonOpt = False) -> None:
    """Figures about the registry: partnerships, places, resolved share, top places. Example: kembar stats"""
    from kembar.stats import compute_stats

    def work() -> Any:
        with session_scope() as session:
            return compute_stats(session)

    result = run(work)
    if as_json:
        print_json(result.model_dump())
        return
    out.print(f"Partnerships      {result.partnerships:,}")
    out.print(f"Places            {result.places:,} in {result.countries} countries")
    out.print(f"Resolved places   {result.resolved_places:,} ({result.resolved_share:.1%})")
    out.print(f"Reference places  {result.reference_places:,} (countries, provinces and partnered places)")
    table = Table("Place", "Country", "Partners", title="Most partnered places")
    for t in result.top_places:
        table.add_row(t.name, t.country, str(t.partners))
    out.print(table)


@places_app.command("search")
def places_search(
    query: str,
    country: CountryOpt = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=200)] = 20,
    as_json: JsonOpt = False,
) -> None:
    """Find places by any of their names, accents and case ignored. Example: kembar places search jerman"""
    from kembar.places import search_places
    from kembar.schemas import PlaceSummary

    def work() -> list[PlaceSummary]:
        with session_scope() as session:
            return [PlaceSummary.of(p) for p in search_places(session, query, country, limit)]

    found = run(work)
    if as_json:
        print_json([p.model_dump() for p in found])
        return
    if not found:
        out.print(f"No place matches {query!r}.", markup=False)
        return
    table = Table("id", "Name", "Kind", "Country", "Region", "Partners")
    for p in found:
        table.add_row(str(p.id), p.name, p.kind, p.country, p.admin_name or "", str(p.partner_count))
    out.print(table)


@app.command()
def place(name: str, country: CountryOpt = None, as_json: JsonOpt = False) -> None:
    """A place's profile and partners. Example: kembar place Jakarta --country ID"""
    from kembar.places import find_place, place_profile

    def work() -> Any:
        with session_scope() as session:
            return place_profile(session, find_place(session, name, country))

    profile = run(work)
    if as_json:
        print_json(profile.model_dump())
        return
    coords = (
        f"{profile.lat:.4f}, {profile.lon:.4f}"
        if profile.lat is not None and profile.lon is not None
        else "unknown"
    )
    out.print(f"{profile.name} ({profile.kind}, {profile.country})", markup=False)
    if profile.admin_name:
        code = f" ({profile.admin_code})" if profile.admin_code else ""
        out.print(f"  region: {profile.admin_name}{code}", markup=False)
    out.print(f"  coordinates: {coords}; population: {profile.population or 'unknown'}")
    out.print(f"  resolved by: {profile.resolution}; GeoNames id: {profile.geonameid or '-'}")
    if profile.tags:
        out.print(f"  tags: {', '.join(profile.tags)}")
    table = Table("Partner", "Country", "Kind", "Stage", "Since", title=f"{len(profile.partners)} partners")
    for p in profile.partners:
        table.add_row(p.place.name, p.place.country, p.kind, p.stage or "", p.first_date or "")
    out.print(table)


@partnerships_app.command("list")
def partnerships_list(
    place_name: Annotated[
        str | None, typer.Option("--place", help="Only partnerships of this place.")
    ] = None,
    country: CountryOpt = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="sister_city, friendship_city or cooperation.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=10000)] = 50,
    offset: Annotated[int, typer.Option("--offset", min=0)] = 0,
    as_json: JsonOpt = False,
) -> None:
    """List partnerships, filtered. Example: kembar partnerships list --country ID --limit 20"""
    from kembar.partnerships import list_partnerships
    from kembar.places import find_place
    from kembar.schemas import PartnershipSummary

    def work() -> tuple[int, list[PartnershipSummary]]:
        with session_scope() as session:
            place_id = find_place(session, place_name).id if place_name else None
            total, page = list_partnerships(session, place_id, country, kind, limit=limit, offset=offset)
            return total, [PartnershipSummary.of(p) for p in page]

    total, page = run(work)
    if as_json:
        print_json(
            {"total": total, "limit": limit, "offset": offset, "items": [p.model_dump() for p in page]}
        )
        return
    table = Table("id", "Place", "Partner", "Kind", "Stage", title=f"{total:,} partnerships")
    for p in page:
        table.add_row(
            str(p.id), f"{p.a.name} ({p.a.country})", f"{p.b.name} ({p.b.country})", p.kind, p.stage or ""
        )
    out.print(table)
    if offset + len(page) < total:
        out.print(f"Showing {offset + 1}-{offset + len(page)}; more with --offset {offset + len(page)}.")


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="csv, geojson or json.")] = "csv",
    out_path: Annotated[
        Path | None, typer.Option("--out", "-o", help="File to write; stdout if absent.")
    ] = None,
) -> None:
    """Export every partnership with both places' coordinates.

    Example: kembar export --format geojson --out atlas.geojson
    """
    from kembar.export import export as do_export

    def work() -> str:
        with session_scope() as session:
            return do_export(session, fmt)

    from kembar.export import ATTRIBUTION

    text = run(work)
    if out_path is None:
        sys.stdout.write(text)
    else:
        try:
            out_path.write_text(text, encoding="utf-8")
        except OSError as exc:
            err.print(f"error: cannot write {out_path}: {exc.strerror}", markup=False)
            raise typer.Exit(2) from None
        err.print(f"Wrote {out_path} ({len(text.encode()):,} bytes).", markup=False)
    if fmt == "csv":  # JSON and GeoJSON carry the credit inside; a CSV file has no place for it
        err.print(f"Credit the data when you publish it: {ATTRIBUTION}", markup=False)


# the news, matchmaking and reminder commands (listed in this order by `kembar --help`)
register_news(app)
register_recommend(app, evaluate_app)
register_reports(app, users_app)


@app.command()
def backup(
    path: Annotated[Path, typer.Argument(help="The backup file to write (.tar.gz).")],
    force: Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")] = False,
) -> None:
    """Back up the registry and its uploaded documents into one file, while the server
    runs (SQLite's online backup, or pg_dump). Example: kembar backup kembar-2026-12-06.tar.gz
    """
    from kembar.backup import backup as do_backup

    report = run(lambda: do_backup(Settings.from_env(), path, force))
    out.print(
        f"Backed up {report.partnerships:,} partnerships, {report.places:,} places and {report.files} "
        f"documents ({report.backend}, schema {report.revision}) to {report.path} "
        f"({report.bytes / 1e6:.1f} MB).",
        markup=False,
    )


@app.command()
def restore(
    path: Annotated[Path, typer.Argument(help="A backup file written by kembar backup.")],
) -> None:
    """Put a backup back in place: the database and the documents it holds (a backup of
    an older schema is migrated; a newer one refused). Example: kembar restore kembar-2026-12-06.tar.gz
    """
    from kembar.backup import restore as do_restore

    report = run(lambda: do_restore(Settings.from_env(), path))
    out.print(
        f"Restored {report.partnerships:,} partnerships, {report.places:,} places and {report.files} "
        f"documents from {report.path} (schema {report.revision}).",
        markup=False,
    )


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option("--workers", min=1, max=64, help="Worker processes.")] = 1,
) -> None:
    """Run the web application and its JSON API. Example: kembar serve --port 8000"""
    import socket

    import uvicorn

    from kembar.db import Database
    from kembar.web.app import SERVER_OPTIONS, create_app

    def check() -> None:
        Database(Settings.from_env()).dispose()  # create or migrate before the workers start
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((host, port))
            except OSError as exc:
                raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror}; try --port") from None

    run(check)
    served = served_public_url(host, port)
    if served is not None:  # the app and its workers read it from the environment
        os.environ["KEMBAR_PUBLIC_URL"] = served
    shown = f"[{host}]" if ":" in host else host
    out.print(
        f"Kembar is running at http://{shown}:{port}/ (API: /api/v1, docs: /api/docs). Ctrl+C stops it."
    )
    if workers == 1:
        uvicorn.run(create_app(), host=host, port=port, **SERVER_OPTIONS)  # type: ignore[arg-type]
    else:
        uvicorn.run(
            "kembar.web.app:create_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            **SERVER_OPTIONS,  # type: ignore[arg-type]
        )


def main() -> None:
    app()
