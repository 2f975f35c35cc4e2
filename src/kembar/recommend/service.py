"""Recommendations for a place, with reasons, from the registry's partnership graph."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kembar import vocab
from kembar.config import Settings
from kembar.db.models import Partnership, PartnershipField, Place, PlaceName
from kembar.errors import InvalidInput
from kembar.recommend.graph import Featurizer, Graph
from kembar.recommend.ranker import load_or_train, rank


@dataclass
class Recommender:
    graph: Graph
    feats: Featurizer
    model: Any


_cache: dict[tuple[str, str], Recommender] = {}


def recommender(session: Session, settings: Settings) -> Recommender:
    """The graph and the ranker for the registry as it is now (retrained when it changed)."""
    from kembar.network import registry_version

    key = (str(settings.home), registry_version(session))
    if key not in _cache:
        graph = Graph.load(session)
        model = load_or_train(graph, settings.home / "models" / "recommend.pickle")
        _cache.clear()
        _cache[key] = Recommender(graph, Featurizer(graph), model)
    return _cache[key]


def _linking(pairs: int, a: str, b: str) -> str:
    return (
        f"{pairs} partnerships already link {a} and {b}"
        if pairs != 1
        else f"1 partnership already links {a} and {b}"
    )


def _reasons(rec: Recommender, u: int, v: int, f: dict[str, float], fields_shared: list[str]) -> list[str]:
    g = rec.graph
    nu, nv = g.nodes[u], g.nodes[v]
    out: list[tuple[float, str]] = []
    common = sorted(g.adj.get(u, set()) & g.adj.get(v, set()), key=lambda w: -rec.feats.degree[w])
    if common:
        names = ", ".join(g.nodes[w].name for w in common[:3])
        out.append(
            (
                3 + len(common),
                f"shares {len(common)} partner{'s' if len(common) > 1 else ''} with {nu.name}: {names}",
            )
        )
    if nu.new_capital and nv.new_capital:
        out.append((5, "both are new capitals"))
    elif nu.capital and nv.capital:
        out.append((2.5, "both are capitals"))
    if f["namesake"]:
        out.append((4, f"namesakes: both are called {nv.name}"))
    if f["own_country_share"] > 0:
        n = round(f["own_country_share"] * len(g.adj.get(u, ())))
        out.append((2 + n, f"{nu.name} already has {n} partner{'s' if n != 1 else ''} in {nv.country}"))
    if f["candidate_likes_my_country"] > 0:
        n = round(f["candidate_likes_my_country"] * len(g.adj.get(v, ())))
        out.append((1.5 + n, f"{nv.name} has {n} partner{'s' if n != 1 else ''} in {nu.country}"))
    pairs = rec.feats.country_pairs[(nu.country, nv.country)]
    if pairs and nu.country != nv.country:
        out.append(
            (
                1 + min(pairs, 500) / 100,
                _linking(pairs, nu.country, nv.country),
            )
        )
    if fields_shared:
        out.append((3, "both list " + ", ".join(vocab.FIELDS[k].en.lower() for k in fields_shared[:3])))
    if f["neighbours_partner"]:
        out.append((1.2, f"partnered with {int(f['neighbours_partner'])} place(s) near {nu.name}"))
    if not out:
        out.append((0, f"a well-connected place ({rec.feats.degree[v]} partners)"))
    return [text for _, text in sorted(out, key=lambda x: -x[0])[:3]]


def _fields_of(session: Session, place_ids: list[int]) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {p: set() for p in place_ids}
    if not place_ids:
        return out
    rows = session.execute(
        select(Partnership.place_a_id, Partnership.place_b_id, PartnershipField.field_key)
        .join(PartnershipField, PartnershipField.partnership_id == Partnership.id)
        .where((Partnership.place_a_id.in_(place_ids)) | (Partnership.place_b_id.in_(place_ids)))
    )
    for a, b, key in rows:
        for p in (a, b):
            if p in out:
                out[p].add(key)
    return out


def recommend(
    session: Session,
    settings: Settings,
    place: Place,
    k: int = 10,
    fields: list[str] | None = None,
    in_country: str | None = None,
) -> list[dict[str, Any]]:
    if not 1 <= k <= 100:
        raise InvalidInput("k must be between 1 and 100")
    for key in fields or []:
        vocab.check(vocab.FIELDS, key, "field")
    cc = in_country.strip().upper() if in_country else None
    if cc is not None and (len(cc) != 2 or not cc.isalpha()):
        raise InvalidInput(f"--in-country {in_country!r} is not an ISO 3166-1 alpha-2 code")
    rec = recommender(session, settings)
    if place.id not in rec.graph.nodes:
        return []
    extra = rec.feats.by_country.get(cc, [])[:400] if cc else []
    scored = rank(rec.feats, rec.model, place.id, extra=extra)
    if cc:
        scored = [s for s in scored if rec.graph.nodes[s.place].country == cc]
    wanted = set(fields or [])
    mine = _fields_of(session, [place.id])[place.id] | wanted
    top = scored[: max(k * 3, 30)] if wanted else scored[:k]
    their = _fields_of(session, [s.place for s in top])
    if wanted:
        top.sort(key=lambda s: -(s.score + 0.2 * len(their[s.place] & wanted)))
    top = top[:k]
    names: dict[int, list[str]] = {}
    for pid, name in session.execute(
        select(PlaceName.place_id, PlaceName.name).where(PlaceName.place_id.in_([s.place for s in top]))
    ):
        names.setdefault(pid, []).append(name)
    out = []
    for s in top:
        node = rec.graph.nodes[s.place]
        p = session.get(Place, s.place)
        shared = sorted(their[s.place] & mine)
        out.append(
            {
                "id": s.place,
                "name": node.name,
                "country": node.country,
                "geonameid": p.geonameid if p else None,
                "aliases": sorted(set(names.get(s.place, [])) - {node.name})[:20],
                "score": round(s.score, 4),
                "reasons": _reasons(rec, place.id, s.place, s.features, shared),
            }
        )
    return out
