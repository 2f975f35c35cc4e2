"""The news commands of `kembar`: `extract` (read one article, store nothing), `ingest`
(store articles and file what they report for review), `review` (the queue) and `demo`.
Registered on the main command by kembar.cli."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from kembar.cli_common import AsOpt, JsonOpt, err, out, print_json, run, session_scope
from kembar.config import Settings
from kembar.errors import KembarError

if TYPE_CHECKING:
    from kembar.extract.model import Extraction
    from kembar.schemas import IngestOutcome

review_app = typer.Typer(help="Work the review queue of facts read from articles.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command()(extract)
    app.command()(ingest)
    app.add_typer(review_app, name="review")
    app.command()(demo)


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

    result = run(work)
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

    folder, outcomes = run(work)
    if as_json:
        print_json([o.model_dump() for o in outcomes])
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
        with session_scope() as session:
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

    rows = run(work)
    if as_json:
        print_json(rows)
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
        with session_scope() as session:
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

    data = run(work)
    if as_json:
        print_json(data)
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

    db = run(lambda: Database(Settings.from_env()))
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
        with session_scope(write=True) as session:
            return edit(session, cli_actor(session, as_user), proposal_id, parsed).summary

    out.print(run(work), markup=False)


def demo(
    seeds: Annotated[
        Path | None, typer.Option("--seeds", help="Folder of seed articles; default ../shared/seeds.")
    ] = None,
) -> None:
    """Ingest the seed articles and accept what they report, so the map and the
    Indonesia-Kazakhstan and Indonesia-Malaysia pages show them. Example: kembar demo
    """
    from kembar.ingest.demo import run_demo

    lines = run(lambda: run_demo(Settings.from_env(), seeds))
    for line in lines:
        out.print(line, markup=False)
