"""The `kembar` command: thin glue that parses, calls one library function, formats.

Errors of the domain become one line on stderr and an exit code, never a traceback.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

from kembar import __version__, vocab
from kembar.cli_accounts import tokens_app, users_app
from kembar.cli_reports import register as register_reports
from kembar.config import SETTINGS, Settings
from kembar.errors import ConfigError, KembarError

if TYPE_CHECKING:
    from kembar.extract.model import Extraction
    from kembar.schemas import IngestOutcome

T = TypeVar("T")

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
review_app = typer.Typer(help="Work the review queue of facts read from articles.", no_args_is_help=True)
evaluate_app = typer.Typer(help="Measure Kembar on held-out data.", no_args_is_help=True)
partnerships_app = typer.Typer(help="List partnerships.", no_args_is_help=True)
app.add_typer(places_app, name="places")
app.add_typer(partnerships_app, name="partnerships")
app.add_typer(review_app, name="review")
app.add_typer(evaluate_app, name="evaluate")
app.add_typer(users_app, name="users")
app.add_typer(tokens_app, name="tokens")
register_reports(app, users_app)

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
CountryOpt = Annotated[str | None, typer.Option("--country", "-c", help="ISO 3166-1 alpha-2 code, e.g. ID.")]


@contextmanager
def _session(write: bool = False) -> Iterator[Session]:
    """One transaction on the configured database; `write` for commands that change it."""
    from kembar.db import Database

    db = Database(Settings.from_env())
    try:
        with db.write() if write else db.session() as session:
            yield session
    finally:
        db.dispose()


def _bar(quiet: bool) -> Progress:
    """A progress bar on stderr, shown only in a terminal and not under --json."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=quiet or not err.is_terminal,
    )


def _run(fn: Callable[[], T]) -> T:
    try:
        return fn()
    except KembarError as exc:
        err.print(f"error: {exc.message}", markup=False, highlight=False)
        raise typer.Exit(exc.exit_code) from None


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


@app.command()
def version() -> None:
    """Print Kembar's version. Example: kembar version"""
    out.print(__version__)


@app.command()
def settings() -> None:
    """List the settings, their help and current values. Example: kembar settings"""
    current = _run(Settings.from_env)
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
    from kembar.atlas.build import build_atlas

    def work() -> Any:
        with (
            _bar(quiet=as_json) as bar,
            _session(write=True) as session,
        ):
            tasks: dict[str, Any] = {}

            def progress(stage: str, done: int, total: int) -> None:
                if stage not in tasks:
                    tasks[stage] = bar.add_task(stage, total=total)
                bar.update(tasks[stage], completed=done, total=total)

            return build_atlas(session, source, progress=progress, force=force)

    report = _run(work)
    admin = _run(_first_admin)
    problems = {
        k: {"count": v, "examples": report.problems.examples[k]} for k, v in report.problems.counts.items()
    }
    if as_json:
        _print_json(
            {
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
        )
        return
    if report.up_to_date:
        out.print(
            f"Atlas already up to date: {report.partnerships:,} partnerships, {report.places:,} places."
        )
    else:
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
    if admin:
        out.print(
            f"Created the administrator {admin[0]} with the password {admin[1]} (shown only now; "
            f"change it with: kembar users set-password {admin[0]} --password-stdin).",
            markup=False,
        )


def _first_admin() -> tuple[str, str] | None:
    """On a database without any account: an admin with a random password, to print once."""
    from kembar.users import create_first_admin

    with _session() as session:
        made = create_first_admin(session)
        return (made[0].email, made[1]) if made else None


@app.command()
def stats(as_json: JsonOpt = False) -> None:
    """Figures about the registry: partnerships, places, resolved share, top places. Example: kembar stats"""
    from kembar.stats import compute_stats

    def work() -> Any:
        with _session() as session:
            return compute_stats(session)

    result = _run(work)
    if as_json:
        _print_json(result.model_dump())
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
        with _session() as session:
            return [PlaceSummary.of(p) for p in search_places(session, query, country, limit)]

    found = _run(work)
    if as_json:
        _print_json([p.model_dump() for p in found])
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
        with _session() as session:
            return place_profile(session, find_place(session, name, country))

    profile = _run(work)
    if as_json:
        _print_json(profile.model_dump())
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
        with _session() as session:
            place_id = find_place(session, place_name).id if place_name else None
            total, page = list_partnerships(session, place_id, country, kind, limit=limit, offset=offset)
            return total, [PartnershipSummary.of(p) for p in page]

    total, page = _run(work)
    if as_json:
        _print_json(
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
        with _session() as session:
            return do_export(session, fmt)

    from kembar.export import ATTRIBUTION

    text = _run(work)
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


def _published(value: str | None) -> Any:
    from datetime import date

    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise KembarError(f"--published {value!r} is not a date of the form YYYY-MM-DD") from None


def _read_source(path: str) -> tuple[bytes, str]:
    from kembar.extract.reader import read_path, read_stream

    if path == "-":
        return read_stream(sys.stdin.buffer, "standard input"), "standard input"
    if Path(path).is_dir():
        raise KembarError(f"{path} is a folder; extract reads one article (ingest takes folders)")
    return read_path(path), path


@app.command()
def extract(
    path: Annotated[str, typer.Argument(help="An article: a text or HTML file, or - for stdin.")],
    published: Annotated[
        str | None,
        typer.Option("--published", help="Publication date YYYY-MM-DD (for dates without a year)."),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="json or text.")] = "text",
) -> None:
    """Read one article and print the partnerships, events, people and amounts it reports,
    each with its evidence span. Nothing is stored.

    Example: kembar extract article.txt --published 2023-07-04 --format json
    """
    from kembar.extract.pipeline import extract as do_extract
    from kembar.extract.reader import read_article

    def work() -> Extraction:
        if fmt not in ("json", "text"):
            raise KembarError(f"unknown format {fmt!r}; valid: json, text")
        when = _published(published)
        raw, what = _read_source(path)
        article = read_article(raw, what)
        return do_extract(article.text, when)

    result = _run(work)
    if result.notice:
        # Not a guess: an article in a language no lexicon reads reports no partnership.
        err.print(f"warning: {result.notice}", markup=False, highlight=False)
    if fmt == "json":
        sys.stdout.write(result.contract_json() + "\n")
        return
    _print_extraction(result)


def _print_extraction(r: Extraction) -> None:
    out.print(f"Language: {r.language or '-'}  Title: {r.title or '-'}", markup=False)
    if not r.partnerships:
        out.print("No partnership between two subnational governments is reported.")
    for p in r.partnerships:
        out.print(f"Partnership: {p.summary()}", markup=False)
        if p.fields:
            out.print(f"  fields: {', '.join(p.fields)}", markup=False)
        if p.valid_until or p.term_years:
            term = f" ({p.term_years} years)" if p.term_years else ""
            out.print(f"  valid until: {p.valid_until or '-'}{term}", markup=False)
        if p.number:
            out.print(f"  number: {p.number}", markup=False)
        for span in p.evidence[:3]:
            out.print(f"  [{span.start}-{span.end}] {span.quote[:160]}", markup=False)
    for e in r.events:
        who = "; ".join(f"{x.name} ({x.role})" for x in e.participants[:6])
        counts = ", ".join(
            f"{n} {label}"
            for n, label in ((e.speakers, "speakers"), (e.participants_count, "participants"))
            if n
        )
        out.print(
            f"Event: {e.summary()}" + (f", {counts}" if counts else "") + (f"; {who}" if who else ""),
            markup=False,
        )
    for person in r.people:
        out.print(f"Person: {person.name}, {person.role}", markup=False)
    for a in r.amounts:
        change = f", change {a.change.value:+g}%" if a.change else ""
        out.print(
            f"Amount: {a.text} = {a.value:,.0f} {a.currency}, period {a.period or '-'}{change}",
            markup=False,
        )


AsOpt = Annotated[
    str | None,
    typer.Option("--as", help="Act as this user (email); default: the local admin. Recorded in the history."),
]


@app.command()
def ingest(
    target: Annotated[
        str, typer.Argument(help="A file, a folder of .txt/.html files, an http(s) URL, or -.")
    ],
    published: Annotated[str | None, typer.Option("--published", help="Publication date YYYY-MM-DD.")] = None,
    as_user: AsOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Store articles as sources and file what they report as proposals in the review
    queue (one transaction per article; an article seen before changes nothing). A folder
    is read to its end and ends with a table of its files; exit code 2 when any was refused.

    Example: kembar ingest article.txt --published 2023-07-04
    """
    from kembar.db import Database
    from kembar.ingest import inputs

    def work() -> tuple[bool, list[IngestOutcome]]:
        when = _published(published)
        settings = Settings.from_env()
        folder = not inputs.is_url(target) and target != "-" and Path(target).is_dir()
        if folder:
            entries = inputs.folder_entries(Path(target))
        else:
            raw, what, url = inputs.read_input(target, settings, sys.stdin.buffer)
        db = Database(settings)
        try:
            if folder:
                return True, inputs.ingest_folder(db, entries, when, as_user)
            return False, [inputs.ingest_one(db, raw, what, url, when, as_user)]
        finally:
            db.dispose()

    folder, outcomes = _run(work)
    if as_json:
        _print_json([o.model_dump() for o in outcomes])
    elif folder:
        _print_folder(Path(target), outcomes)
    else:
        _print_outcome(outcomes[0])
    refused = sum(o.status == "refused" for o in outcomes)
    if refused:
        err.print(f"error: {refused} of {len(outcomes)} files were refused (listed above)", markup=False)
        raise typer.Exit(2)


def _not_filed(outcome: IngestOutcome) -> str:
    from kembar.ingest.queue import MAX_PROPOSALS

    return "; ".join(
        f"{n} more {kind}s not filed (at most {MAX_PROPOSALS[kind]} per article)"
        for kind, n in outcome.not_filed.items()
    )


def _print_outcome(o: IngestOutcome) -> None:
    if o.status == "known":
        out.print(f"{o.input}: already ingested as source {o.source_id}; nothing changed.", markup=False)
        return
    capped = _not_filed(o)
    out.print(
        f"{o.input}: source {o.source_id}, {len(o.proposals)} proposals filed for review "
        f"(kembar review list)" + (f"; {capped}." if capped else "."),
        markup=False,
    )


def _print_folder(folder: Path, outcomes: list[IngestOutcome]) -> None:
    table = Table("File", "Result", "Proposals", title=str(folder), title_justify="left")
    words = {"stored": "stored", "known": "already known", "refused": "refused", "skipped": "skipped"}
    for o in outcomes:
        result = words[o.status] + (f" as source {o.source_id}" if o.source_id else "")
        if o.reason:
            result += f": {o.reason}"
        capped = _not_filed(o)
        filed = str(len(o.proposals)) if o.status == "stored" else "-"
        table.add_row(Path(o.input).name, result + (f" ({capped})" if capped else ""), filed)
    out.print(table)
    counts = {s: sum(o.status == s for o in outcomes) for s in words}
    proposals = sum(len(o.proposals) for o in outcomes if o.status == "stored")
    out.print(
        f"{len(outcomes)} files: {counts['stored']} stored, {counts['known']} already known, "
        f"{counts['refused']} refused, {counts['skipped']} skipped; {proposals} proposals filed "
        "(kembar review list).",
        markup=False,
    )


@review_app.command("list")
def review_list(
    status: Annotated[str, typer.Option("--status", help="pending, accepted, rejected or all.")] = "pending",
    as_json: JsonOpt = False,
) -> None:
    """List proposals. Example: kembar review list --status pending"""
    from kembar.ingest.queue import list_proposals

    def work() -> list[dict[str, Any]]:
        with _session() as session:
            return [
                {
                    "id": p.id,
                    "kind": p.kind,
                    "status": p.status,
                    "source_id": p.source_id,
                    "summary": p.summary,
                }
                for p in list_proposals(session, status)
            ]

    rows = _run(work)
    if as_json:
        _print_json(rows)
        return
    if not rows:
        out.print(f"No {status} proposals.")
        return
    table = Table("id", "Kind", "Status", "Source", "Summary", title=f"{len(rows)} proposals")
    for r in rows:
        table.add_row(str(r["id"]), r["kind"], r["status"], str(r["source_id"]), r["summary"])
    out.print(table)


@review_app.command("show")
def review_show(proposal_id: int, as_json: JsonOpt = False) -> None:
    """One proposal with its evidence. Example: kembar review show 1"""
    from kembar.ingest.queue import get_proposal, payload

    def work() -> dict[str, Any]:
        with _session() as session:
            p = get_proposal(session, proposal_id)
            return {
                "id": p.id,
                "kind": p.kind,
                "status": p.status,
                "summary": p.summary,
                "source": {"id": p.source.id, "title": p.source.title, "url": p.source.url},
                "item": payload(p).model_dump(mode="json"),
                "decided_by": p.decided_by,
                "result": {"type": p.result_type, "id": p.result_id} if p.result_type else None,
            }

    data = _run(work)
    if as_json:
        _print_json(data)
        return
    out.print(f"Proposal {data['id']} ({data['kind']}, {data['status']}): {data['summary']}", markup=False)
    out.print(f"Source {data['source']['id']}: {data['source']['title']}", markup=False)
    spans = data["item"].get("evidence") or []
    for e in spans if isinstance(spans, list) else [spans]:
        out.print(f"  [{e['start']}-{e['end']}] {e['quote']}", markup=False)


def _decide(ids: list[int], action: str, as_user: str | None) -> None:
    """Decide each proposal in its own transaction; one that fails (already decided,
    not found) is reported on its line and the others go on; exit 1 if any failed."""
    from kembar.db import Database
    from kembar.ingest import queue
    from kembar.users import cli_actor

    db = _run(lambda: Database(Settings.from_env()))
    failed = 0
    try:
        for pid in ids:
            try:
                with db.write() as session:
                    decide = queue.accept if action == "accept" else queue.reject
                    p = decide(session, cli_actor(session, as_user), pid)
                    line = f"proposal {p.id} {p.status}" + (
                        f" -> {p.result_type} {p.result_id}" if p.result_type else ""
                    )
                out.print(line, markup=False)
            except KembarError as exc:
                err.print(f"error: {exc.message}", markup=False, highlight=False)
                failed = max(failed, exc.exit_code)
    finally:
        db.dispose()
    if failed:
        raise typer.Exit(failed)


@review_app.command("accept")
def review_accept(
    proposal_ids: Annotated[list[int], typer.Argument(help="Proposal ids.")],
    as_user: AsOpt = None,
) -> None:
    """Accept proposals: merge them into the registry. Example: kembar review accept 1 2"""
    _decide(proposal_ids, "accept", as_user)


@review_app.command("reject")
def review_reject(
    proposal_ids: Annotated[list[int], typer.Argument(help="Proposal ids.")],
    as_user: AsOpt = None,
) -> None:
    """Reject proposals. Example: kembar review reject 3"""
    _decide(proposal_ids, "reject", as_user)


@review_app.command("edit")
def review_edit(
    proposal_id: int,
    changes: Annotated[
        list[str], typer.Option("--set", help="field=value; fields: kind, instrument, status, date, fields.")
    ],
    as_user: AsOpt = None,
) -> None:
    """Correct a pending partnership proposal. Example: kembar review edit 1 --set status=signed"""
    from kembar.ingest.queue import edit
    from kembar.users import cli_actor

    def work() -> str:
        parsed = {}
        for change in changes:
            if "=" not in change:
                raise KembarError(f"--set {change!r} is not of the form field=value")
            key, value = change.split("=", 1)
            parsed[key.strip()] = value.strip()
        with _session(write=True) as session:
            return edit(session, cli_actor(session, as_user), proposal_id, parsed).summary

    out.print(_run(work), markup=False)


@app.command()
def demo(
    seeds: Annotated[
        Path | None, typer.Option("--seeds", help="Folder of seed articles; default ../shared/seeds.")
    ] = None,
) -> None:
    """Ingest the seed articles and accept what they report, so the map and the
    Indonesia-Kazakhstan and Indonesia-Malaysia pages show them. Example: kembar demo
    """
    from kembar.ingest.demo import run_demo

    lines = _run(lambda: run_demo(Settings.from_env(), seeds))
    for line in lines:
        out.print(line, markup=False)


@app.command()
def recommend(
    place_name: Annotated[str | None, typer.Argument(help="The place to find partners for.")] = None,
    country: CountryOpt = None,
    k: Annotated[int, typer.Option("--k", min=1, max=100, help="How many candidates.")] = 10,
    fields: Annotated[
        list[str] | None, typer.Option("--field", help="A field of cooperation to favour (repeatable).")
    ] = None,
    in_country: Annotated[
        str | None, typer.Option("--in-country", help="Only candidates in this country.")
    ] = None,
    batch: Annotated[
        Path | None, typer.Option("--batch", help='JSON lines of {"name", "country"}; one output line each.')
    ] = None,
    lang: Annotated[str, typer.Option("--lang", help="Language of the reasons: en or id.")] = "en",
    workers: Annotated[
        int, typer.Option("--workers", min=1, max=16, help="Processes answering a --batch.")
    ] = 2,
    any_level: Annotated[
        bool, typer.Option("--any-level", help="Also propose places of another level of government.")
    ] = False,
    any_country: Annotated[
        bool,
        typer.Option("--any-country", help="Ignore the partner-country rules (e.g. diplomatic relations)."),
    ] = False,
    unlocated: Annotated[
        bool, typer.Option("--unlocated", help="Also propose places without coordinates or country.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Places a city should partner with, best first, each with its reasons. By default
    only places of the same level of government, in countries both countries' rules allow.

    Example: kembar recommend Jakarta --country ID --k 10
    """
    from kembar.db import Database
    from kembar.recommend.policy import RuleOptions
    from kembar.recommend.service import Outsider, locate
    from kembar.recommend.service import recommend as do_recommend

    options = RuleOptions(any_level=any_level, any_country=any_country, unlocated=unlocated)

    settings = _run(Settings.from_env)
    if batch is not None:
        _run(lambda: _recommend_batch(batch, k, workers, settings, options))
        return
    if not place_name:
        err.print("error: name a place, or pass --batch QUERIES.jsonl", markup=False)
        raise typer.Exit(2)

    def work() -> tuple[str, list[dict[str, Any]]]:
        from kembar.places import get_place
        from kembar.recommend.trainer import ensure

        db = Database(settings)
        try:
            with db.session() as session:
                place = locate(session, place_name, country, strict=True)
                if isinstance(place, Outsider):
                    err.print(
                        f"{place.name} ({place.country}) is not in the registry: suggestions from its "
                        f"country, surroundings and size (GeoNames {place.geonameid})",
                        markup=False,
                    )
            with err.status("Preparing the ranker (trained once after the partnerships change)..."):
                rec = ensure(settings, db)
            with db.session() as session:
                if not isinstance(place, Outsider):
                    place = get_place(session, place.id)
                return place.name, do_recommend(session, rec, place, k, fields, in_country, lang, options)
        finally:
            db.dispose()

    if lang not in ("en", "id"):
        err.print(f"error: --lang must be en or id, not {lang!r}", markup=False)
        raise typer.Exit(2)
    name, found = _run(work)
    if as_json:
        _print_json(found)
        return
    table = Table("#", "Place", "Country", "Score", "Why", title=f"Suggested partners for {name}")
    for i, c in enumerate(found, 1):
        table.add_row(str(i), c["name"], c["country"], f"{c['score']:.3f}", "; ".join(c["reasons"]))
    out.print(table)


def _recommend_batch(path: Path, k: int, workers: int, settings: Settings, options: Any) -> None:
    from kembar.recommend.batch import run_batch

    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise KembarError(f"cannot read {path}: {exc}") from None

    def write(line: str) -> None:
        sys.stdout.write(line + "\n")

    run_batch(settings, lines, k, workers, write, options)


@app.command()
def priorities(
    place_name: Annotated[str, typer.Argument(help="The place whose priorities to show or set.")],
    country: CountryOpt = None,
    set_keys: Annotated[
        list[str] | None,
        typer.Option("--set", help="A field the place declares as a priority (repeatable; replaces all)."),
    ] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Remove every declared priority.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Show or declare the fields of cooperation a place wants partners for; recommendations
    favour candidates that work on them. Example: kembar priorities Jakarta --country ID
    --set disaster_water --set transport --set environment_climate
    """
    from kembar.places import find_place
    from kembar.recommend.service import priorities as get_priorities
    from kembar.recommend.service import set_priorities

    if set_keys and clear:
        err.print("error: use --set or --clear, not both", markup=False)
        raise typer.Exit(2)

    def work() -> tuple[str, str, list[str]]:
        with _session(write=bool(set_keys or clear)) as session:
            place = find_place(session, place_name, country)
            keys = set_priorities(session, place, set_keys or []) if set_keys or clear else None
            return (
                place.name,
                place.country_code,
                keys if keys is not None else get_priorities(session, place),
            )

    name, cc, keys = _run(work)
    if as_json:
        _print_json({"place": name, "country": cc, "priorities": keys})
        return
    if not keys:
        out.print(f"{name} ({cc}) declares no priorities.", markup=False)
        return
    labels = ", ".join(f"{vocab.FIELDS[key].en} ({key})" for key in keys)
    out.print(f"{name} ({cc}) priorities: {labels}", markup=False)


@evaluate_app.command("recommend")
def evaluate_recommend(
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help="Use only the first N held-out pairs of each split.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Hide partnerships two ways (the protocol: 10% at random, seed 0; the sparse split:
    10% among places with few partners and rarely partnering countries), retrain without
    them, and print Hits@10 and MRR of the ranker, the ranker without the partner-list
    features, Adamic-Adar and popularity; then the regions split (provinces and states
    finding each other). Example: kembar evaluate recommend
    """
    from kembar.recommend.evaluation import evaluate
    from kembar.recommend.graph import Graph

    def work() -> dict[str, Any]:
        with _session() as session:
            graph = Graph.load(session)
        with _bar(quiet=as_json) as bar:
            task = bar.add_task("hiding, training, then ranking held-out pairs", total=None)

            def step() -> None:
                bar.update(task, advance=1)

            def started(queries: int) -> None:
                bar.update(task, total=queries, completed=0)

            return evaluate(graph, seed=0, limit=limit, progress=step, started=started)

    result = _run(work)
    if as_json:
        _print_json(result)
        return
    titles = {
        "protocol": "protocol (10% hidden at random, seed 0)",
        "sparse": "sparse split (10% hidden among places with few partners and rare country pairs, seed 0)",
    }
    labels = {
        "ranker": "ranker",
        "ranker_general": "ranker without partner-list features",
        "adamic_adar": "Adamic-Adar",
        "popularity": "popularity",
    }
    for name, title in titles.items():
        part = result[name]
        out.print(
            f"{title}: {part['held_out_pairs']:,} held-out pairs, {part['queries']:,} queries "
            f"({part['queries_the_rules_exclude']:,} of a pair the rules exclude)",
            markup=False,
        )
        for method, label in labels.items():
            _print_scores(label, part[method])
        for key, text in (("shared", "sharing a partner with the target"), ("none", "sharing no partner")):
            sub = part["by_common_partner"][key]
            share = sub["queries"] / max(part["queries"], 1)
            out.print(
                f"  queries {text}: {sub['queries']:,} ({share:.0%}): ranker Hits@10 "
                f"{sub['ranker']['hits_at_10']:.3f}, Adamic-Adar {sub['adamic_adar']['hits_at_10']:.3f}",
                markup=False,
            )
    _print_regions(result["regions"])
    out.print(f"{result['seconds']} s", markup=False)


def _print_scores(label: str, scores: dict[str, float]) -> None:
    out.print(f"  {label:38} Hits@10 {scores['hits_at_10']:.3f}  MRR {scores['mrr']:.3f}", markup=False)


def _print_regions(part: dict[str, Any]) -> None:
    """The regions split of `kembar evaluate recommend` (evaluation._rank_regions)."""
    out.print(
        f"regions (each partnership of a province or state with a place of another region, read as "
        f"the two regions): {part['held_out_pairs']:,} pairs, {part['queries']:,} queries "
        f"({part['queries_the_rules_exclude']:,} the rules exclude)",
        markup=False,
    )
    for method, label in (
        ("regional", "regional ranking (regional.py)"),
        ("ranker", "learned ranker (partnered places only)"),
        ("country_affinity", "country affinity"),
        ("popularity", "popularity"),
    ):
        _print_scores(label, part[method])


@app.command()
def backup(
    path: Annotated[Path, typer.Argument(help="The backup file to write (.tar.gz).")],
    force: Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")] = False,
) -> None:
    """Back up the registry and its uploaded documents into one file, while the server
    runs (SQLite's online backup, or pg_dump). Example: kembar backup kembar-2026-12-06.tar.gz
    """
    from kembar.backup import backup as do_backup

    report = _run(lambda: do_backup(Settings.from_env(), path, force))
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

    report = _run(lambda: do_restore(Settings.from_env(), path))
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

    _run(check)
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
