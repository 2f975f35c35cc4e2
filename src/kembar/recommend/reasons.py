"""Why a candidate is proposed: the signals behind its score, in words a person reads,
in English or Indonesian. Each reason has a weight; the strongest one to three are shown."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kembar import vocab
from kembar.i18n import Translator
from kembar.recommend import geography as geo
from kembar.recommend.graph import Features, Query

# A candidate counts as close in the network when its embedding points this way.
NETWORK_SIMILARITY = 0.9
SIZE_RATIO = 1.5


@dataclass
class Context:
    """What the reasons need beyond the features: who asks, and the fields in play."""

    feats: Features
    query: Query
    wanted: set[str]  # the --field options and the place's declared priorities
    declared: set[str]  # the place's declared priorities alone
    mine: set[str]  # fields of the place's own partnerships


def _fields(keys: list[str], t: Translator) -> str:
    return ", ".join(t.label("field", k).lower() for k in keys[:3])


def _people(n: float, t: Translator) -> str:
    if n >= 1_000_000:
        return t.num(n / 1_000_000, 1) + (" juta" if t.lang == "id" else " million")
    return t.num(round(n, -3) if n >= 10_000 else n)


def reasons(ctx: Context, v: int, f: dict[str, float], theirs: set[str], t: Translator) -> list[str]:
    """One to three reasons for candidate index v (features f, fields `theirs`)."""
    fs, q = ctx.feats, ctx.query
    nodes = fs.g.nodes
    nu, nv = q.node, nodes[int(fs.ids[v])]
    out: list[tuple[float, str]] = []

    common = np.intersect1d(q.partners, fs.partners(v))
    if len(common):
        top = sorted(common, key=lambda w: -fs.deg[w])[:3]
        names = ", ".join(nodes[int(fs.ids[w])].name for w in top)
        key = "why.shared" if len(common) > 1 else "why.shared1"
        out.append((4 + len(common), t(key, n=len(common), place=nu.name, names=names)))

    on_priorities = sorted(theirs & ctx.declared)
    on_fields = sorted(theirs & (ctx.wanted | ctx.mine) - set(on_priorities))
    if on_priorities:
        out.append(
            (6 + len(on_priorities), t("why.priorities", place=nu.name, fields=_fields(on_priorities, t)))
        )
    if on_fields:
        out.append((5 + len(on_fields), t("why.fields", fields=_fields(on_fields, t))))

    if f["both_new_capitals"]:
        out.append((7, t("why.new_capitals")))
    elif f["both_capitals"]:
        out.append((3, t("why.capitals")))
    if f["namesake"]:
        out.append((5, t("why.namesake", name=nv.name)))

    country_v, country_u = t.country(nv.country), t.country(nu.country)
    mine_there = round(f["own_country_share"] * len(q.partners))
    if mine_there:
        key = "why.mine_there" if mine_there > 1 else "why.mine_there1"
        out.append((2 + min(mine_there, 5), t(key, place=nu.name, n=mine_there, country=country_v)))
    likes_mine = round(f["candidate_likes_my_country"] * fs.deg[v])
    if likes_mine and nu.country != nv.country:
        key = "why.likes_mine" if likes_mine > 1 else "why.likes_mine1"
        out.append((1.5 + min(likes_mine, 5), t(key, cand=nv.name, n=likes_mine, country=country_u)))
    near = int(f["neighbours_partner"])
    if near:
        key = "why.neighbours" if near > 1 else "why.neighbours1"
        out.append((2.5 + near, t(key, n=near, place=nu.name)))
    if not len(common) and f["embedding_similarity"] >= NETWORK_SIMILARITY:
        out.append((2.2, t("why.network")))
    linked = int(fs.country_pairs[q.cidx, fs.cidx[v]]) if q.cidx >= 0 else 0
    if linked and nu.country != nv.country:
        key = "why.linked" if linked > 1 else "why.linked1"
        out.append((1 + min(linked, 500) / 100, t(key, n=t.num(linked), a=country_u, b=country_v)))
        rv = int(fs.ridx[v])
        if rv >= 0 and q.ridx >= 0:
            between = int(fs.region_pairs[q.ridx, rv])
            if between:
                key = "why.linked" if between > 1 else "why.linked1"
                region_text = t(key, n=t.num(between), a=nu.region, b=nv.region)
                out.append((2 + min(between, 6) / 2, region_text))
        to_mine = int(fs.region_country[rv, q.cidx]) if rv >= 0 else 0
        if to_mine > 1:
            region_text = t("why.region_likes_mine", region=nv.region, n=t.num(to_mine), country=country_u)
            out.append((1.6 + min(to_mine, 10) / 10, region_text))

    if f["both_coastal"]:
        out.append((1.4, t("why.coast")))
    band = geo.band_of(nu.lat)
    if f["same_band"] and band is not None and band != "temperate":
        out.append((1.3, t("why.band", band=t(f"band.{band}"))))
    if (
        nu.population
        and nv.population
        and max(nu.population, nv.population) <= SIZE_RATIO * min(nu.population, nv.population)
    ):
        out.append((1.2, t("why.size", a=_people(nu.population, t), b=_people(nv.population, t))))
    if not out:
        out.append((0, t("why.connected", n=int(fs.deg[v]))))
    return [text for _, text in sorted(out, key=lambda r: -r[0])[:3]]


def field_keys(keys: list[str] | None) -> set[str]:
    """The --field options checked against the vocabulary (an unknown key lists the valid ones)."""
    for key in keys or []:
        vocab.check(vocab.FIELDS, key, "field")
    return set(keys or [])
