"""The matchmaking commands of `kembar`: `recommend` (one place, or a batch of them),
`priorities` (the fields a place wants partners for) and `evaluate recommend` (the
offline protocol). Registered on the main command by kembar.cli."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from kembar import vocab
from kembar.cli_common import CountryOpt, JsonOpt, err, out, print_json, progress_bar, run, session_scope
from kembar.config import Settings
from kembar.errors import KembarError

if TYPE_CHECKING:
    from kembar.recommend.policy import RuleOptions


def register(app: typer.Typer, evaluate_app: typer.Typer) -> None:
    app.command()(recommend)
    app.command()(priorities)
    evaluate_app.command("recommend")(evaluate_recommend)


KOpt = Annotated[int, typer.Option("--k", min=1, max=100, help="How many candidates.")]
FieldsOpt = Annotated[
    list[str] | None, typer.Option("--field", help="A field of cooperation to favour (repeatable).")
]
InCountryOpt = Annotated[str | None, typer.Option("--in-country", help="Only candidates in this country.")]
BatchOpt = Annotated[
    Path | None, typer.Option("--batch", help='JSON lines of {"name", "country"}; one output line each.')
]
LangOpt = Annotated[str, typer.Option("--lang", help="Language of the reasons: en or id.")]
WorkersOpt = Annotated[int, typer.Option("--workers", min=1, max=16, help="Processes answering a --batch.")]
AnyLevelOpt = Annotated[
    bool, typer.Option("--any-level", help="Also propose places of another level of government.")
]
AnyCountryOpt = Annotated[
    bool, typer.Option("--any-country", help="Ignore the partner-country rules (e.g. diplomatic relations).")
]
UnlocatedOpt = Annotated[
    bool, typer.Option("--unlocated", help="Also propose places without coordinates or country.")
]


def recommend(
    place_name: Annotated[str | None, typer.Argument(help="The place to find partners for.")] = None,
    country: CountryOpt = None,
    k: KOpt = 10,
    fields: FieldsOpt = None,
    in_country: InCountryOpt = None,
    batch: BatchOpt = None,
    lang: LangOpt = "en",
    workers: WorkersOpt = 2,
    any_level: AnyLevelOpt = False,
    any_country: AnyCountryOpt = False,
    unlocated: UnlocatedOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Places a city should partner with, best first, each with its reasons. By default
    only places of the same level of government, in countries both countries' rules allow.

    Example: kembar recommend Jakarta --country ID --k 10
    """
    from kembar.recommend.policy import RuleOptions

    options = RuleOptions(any_level=any_level, any_country=any_country, unlocated=unlocated)
    settings = run(Settings.from_env)
    if batch is not None:
        run(lambda: _recommend_batch(batch, k, workers, settings, options))
        return
    if not place_name:
        err.print("error: name a place, or pass --batch QUERIES.jsonl", markup=False)
        raise typer.Exit(2)
    if lang not in ("en", "id"):
        err.print(f"error: --lang must be en or id, not {lang!r}", markup=False)
        raise typer.Exit(2)
    query = _Query(place_name, country, k, fields, in_country, lang)
    name, found = run(lambda: _ranked(settings, query, options))
    if as_json:
        print_json(found)
        return
    table = Table("#", "Place", "Country", "Score", "Why", title=f"Suggested partners for {name}")
    for i, c in enumerate(found, 1):
        table.add_row(str(i), c["name"], c["country"], f"{c['score']:.3f}", "; ".join(c["reasons"]))
    out.print(table)


@dataclass(frozen=True)
class _Query:
    place_name: str
    country: str | None
    k: int
    fields: list[str] | None
    in_country: str | None
    lang: str


def _ranked(settings: Settings, q: _Query, options: RuleOptions) -> tuple[str, list[dict[str, Any]]]:
    """The query place's name and its ranked candidates; the ranker is built first when the
    partnerships changed since it was (with a spinner on stderr)."""
    from kembar.db import Database
    from kembar.places import get_place
    from kembar.recommend.service import Outsider, locate
    from kembar.recommend.service import recommend as do_recommend
    from kembar.recommend.trainer import ensure

    db = Database(settings)
    try:
        with db.session() as session:
            place = locate(session, q.place_name, q.country, strict=True)
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
            return place.name, do_recommend(session, rec, place, q.k, q.fields, q.in_country, q.lang, options)
    finally:
        db.dispose()


def _recommend_batch(path: Path, k: int, workers: int, settings: Settings, options: RuleOptions) -> None:
    from kembar.recommend.batch import run_batch

    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise KembarError(f"cannot read {path}: {exc}") from None

    def write(line: str) -> None:
        sys.stdout.write(line + "\n")

    run_batch(settings, lines, k, workers, write, options)


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
        with session_scope(write=bool(set_keys or clear)) as session:
            place = find_place(session, place_name, country)
            keys = set_priorities(session, place, set_keys or []) if set_keys or clear else None
            return (
                place.name,
                place.country_code,
                keys if keys is not None else get_priorities(session, place),
            )

    name, cc, keys = run(work)
    if as_json:
        print_json({"place": name, "country": cc, "priorities": keys})
        return
    if not keys:
        out.print(f"{name} ({cc}) declares no priorities.", markup=False)
        return
    labels = ", ".join(f"{vocab.FIELDS[key].en} ({key})" for key in keys)
    out.print(f"{name} ({cc}) priorities: {labels}", markup=False)


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
        with session_scope() as session:
            graph = Graph.load(session)
        with progress_bar(quiet=as_json) as bar:
            task = bar.add_task("hiding, training, then ranking held-out pairs", total=None)

            def step() -> None:
                bar.update(task, advance=1)

            def started(queries: int) -> None:
                bar.update(task, total=queries, completed=0)

            return evaluate(graph, seed=0, limit=limit, progress=step, started=started)

    result = run(work)
    if as_json:
        print_json(result)
        return
    for name, title in _SPLITS.items():
        _print_split(title, result[name])
    _print_regions(result["regions"])
    out.print(f"{result['seconds']} s", markup=False)


_SPLITS = {
    "protocol": "protocol (10% hidden at random, seed 0)",
    "sparse": "sparse split (10% hidden among places with few partners and rare country pairs, seed 0)",
}
_METHODS = {
    "ranker": "ranker",
    "ranker_general": "ranker without partner-list features",
    "adamic_adar": "Adamic-Adar",
    "popularity": "popularity",
}


def _print_split(title: str, part: dict[str, Any]) -> None:
    """One split of `kembar evaluate recommend`: each method, then the queries cut by
    whether the query place shares a partner with the hidden one."""
    out.print(
        f"{title}: {part['held_out_pairs']:,} held-out pairs, {part['queries']:,} queries "
        f"({part['queries_the_rules_exclude']:,} of a pair the rules exclude)",
        markup=False,
    )
    for method, label in _METHODS.items():
        _print_scores(label, part[method])
    for key, text in (("shared", "sharing a partner with the target"), ("none", "sharing no partner")):
        sub = part["by_common_partner"][key]
        share = sub["queries"] / max(part["queries"], 1)
        out.print(
            f"  queries {text}: {sub['queries']:,} ({share:.0%}): ranker Hits@10 "
            f"{sub['ranker']['hits_at_10']:.3f}, Adamic-Adar {sub['adamic_adar']['hits_at_10']:.3f}",
            markup=False,
        )


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
