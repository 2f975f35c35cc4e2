"""Why a candidate is proposed: the signals behind its score, in words a person reads,
in English or Indonesian. Each reason has a weight; the strongest one to three are shown
(none when nothing true can be said)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from kembar import vocab
from kembar.i18n import Translator
from kembar.recommend import geography as geo
from kembar.recommend import policy, regional
from kembar.recommend.graph import Features, Node, Query
from kembar.recommend.policy import RuleOptions
from kembar.text import fold

# A candidate counts as close in the network when its embedding points this way.
NETWORK_SIMILARITY = 0.9
SIZE_RATIO = 1.5


@dataclass
class Profile:
    """What a place says of itself and the fields its partnerships work on, for the
    Ministry's criteria (function, shared problems, complementarity)."""

    name: str
    declared: set[str] = field(default_factory=set)  # fields it seeks partners for (priorities)
    worked: dict[str, str] = field(default_factory=dict)  # field -> a partner it works on it with
    offers: set[str] = field(default_factory=set)
    functions: set[str] = field(default_factory=set)  # declared functions (vocab.FUNCTIONS)


@dataclass
class Context:
    """What the reasons need beyond the features: who asks, and the fields in play."""

    feats: Features
    query: Query
    wanted: set[str]  # the --field options and the place's declared priorities
    declared: set[str]  # the place's declared priorities alone
    mine: set[str]  # fields of the place's own partnerships
    me: Profile | None = None  # the query place's profile (None: a place outside the registry)
    options: RuleOptions | None = None  # the rules lifted for the query (--any-level: not regional.py)


# Reasons of one topic say the same thing in other words: only the strongest is shown.
# A weak reason (the coast, the latitude band) is shown only beside a stronger one.
WEAK = ("coast", "band")


@dataclass(frozen=True)
class Reason:
    weight: float
    topic: str
    text: str


def _name(node: Node, t: Translator) -> str:
    """A place's name in the reader's language, where the registry holds one ("Moskwa")."""
    return t.place(node.id, node.name)


def _fields(keys: list[str], t: Translator) -> str:
    return ", ".join(t.label("field", k).lower() for k in keys[:3])


def _people(n: float, t: Translator) -> str:
    if n >= 1_000_000:
        return t.num(n / 1_000_000, 1) + (" juta" if t.lang == "id" else " million")
    return t.num(round(n, -3) if n >= 10_000 else n)


def _degrees(lat: float, t: Translator) -> str:
    return (
        f"{t.num(abs(lat), 1)}°{'S' if lat < 0 else 'N'}"
        if t.lang == "en"
        else (f"{t.num(abs(lat), 1)}°{'LS' if lat < 0 else 'LU'}")
    )


def reasons(
    ctx: Context,
    v: int,
    f: dict[str, float],
    theirs: set[str],
    t: Translator,
    other: Profile | None = None,
    said: frozenset[str] = frozenset(),
) -> list[str]:
    """One to three reasons for candidate index v (features f, fields `theirs`, its
    profile `other`), each naming its evidence, no two of one topic, the weak ones only
    beside a stronger one; none of the topics `said` elsewhere (a mutual match's
    explanation already says what each offers the other)."""
    found = [
        *_graph(ctx, v, f, t),
        *_criteria(ctx, v, f, theirs, other, t),
        *_countries(ctx, v, f, t),
        *_across(ctx, v, t),
        *_geography(ctx, v, f, t),
    ]
    best: dict[str, Reason] = {}
    for r in found:
        if r.topic in said:
            continue
        if r.topic not in best or r.weight > best[r.topic].weight:
            best[r.topic] = r
    if "neighbour" in best:  # two seats within 400 km share a latitude band: said already
        best.pop("band", None)
    ranked = sorted(best.values(), key=lambda r: -r.weight)
    strong = [r for r in ranked if r.topic not in WEAK]
    # the weak ones, even when they outweigh a stronger one, are read after it: the first
    # reason a person reads is the one the suggestion stands on
    shown = sorted(ranked[:3], key=lambda r: r.topic in WEAK) if strong else []
    return [r.text for r in shown] if shown else _activity(ctx, v, t)


def _activity(ctx: Context, v: int, t: Translator) -> list[str]:
    """The last evidence: what the place does, or, for a region without partners of its
    own (ranked by its places' activity, regional.py), what its places do; nothing rather
    than "a well-connected place (0 partners)"."""
    fs = ctx.feats
    deg = int(fs.deg[v])
    if deg:
        return [t("why.connected", n=deg) if deg != 1 else t("why.connected1")]
    rv = int(fs.ridx[v])
    active = int(fs.region_country[rv].sum()) if rv >= 0 else 0
    region = fs.g.nodes[int(fs.ids[v])].region
    if not active or not region:
        return []
    if active == 1:
        return [t("why.region_active1", region=region)]
    return [t("why.region_active", region=region, n=t.num(active))]


def _graph(ctx: Context, v: int, f: dict[str, float], t: Translator) -> list[Reason]:
    fs, q = ctx.feats, ctx.query
    nodes = fs.g.nodes
    out = []
    common = np.intersect1d(q.partners, fs.partners(v))
    if len(common):
        top = sorted(common, key=lambda w: -fs.deg[w])[:3]
        names = ", ".join(_name(nodes[int(fs.ids[w])], t) for w in top)
        key = "why.shared" if len(common) > 1 else "why.shared1"
        out.append(
            Reason(4 + len(common), "graph", t(key, n=len(common), place=_name(q.node, t), names=names))
        )
    elif f["embedding_similarity"] >= NETWORK_SIMILARITY:
        out.append(Reason(2.2, "graph", t("why.network")))
    near = int(f["neighbours_partner"])
    if near:
        key = "why.neighbours" if near > 1 else "why.neighbours1"
        out.append(Reason(2.5 + near, "neighbours", t(key, n=near, place=_name(q.node, t))))
    return out


def _criteria(
    ctx: Context, v: int, f: dict[str, float], theirs: set[str], other: Profile | None, t: Translator
) -> list[Reason]:
    """The Ministry's criteria (SE Mendagri 1993): shared problems, complementarity,
    administrative status and size, function."""
    fs, q = ctx.feats, ctx.query
    nu, nv = q.node, fs.g.nodes[int(fs.ids[v])]
    gives = _gives(ctx, other)
    return [
        *_complement(ctx, gives, other, nu, nv, t),
        *_function(ctx.me, other, t),
        # leaving out what the complementarity already said
        *_shared_problems(ctx, theirs - set(gives), other, nu, t),
        *_alike(f, nu, nv, t),
    ]


def _gives(ctx: Context, other: Profile | None) -> list[str]:
    """The fields the candidate offers that the query place seeks (declared or asked)."""
    if other is None or ctx.me is None:
        return []
    return sorted(other.offers & (ctx.me.declared | ctx.wanted))


def _complement(
    ctx: Context, gives: list[str], other: Profile | None, nu: Node, nv: Node, t: Translator
) -> list[Reason]:
    """Complementarity: the candidate offers what the query place seeks, or the other
    way round (declared profiles)."""
    me = ctx.me
    if other is None or me is None:
        return []
    takes = sorted(me.offers & other.declared)
    if gives:
        text = t("why.offers", cand=_name(nv, t), fields=_fields(gives, t), place=_name(nu, t))
        return [Reason(6.5 + len(gives), "complement", text)]
    if takes:
        text = t("why.offers", cand=_name(nu, t), fields=_fields(takes, t), place=_name(nv, t))
        return [Reason(5.5 + len(takes), "complement", text)]
    return []


def _function(me: Profile | None, other: Profile | None, t: Translator) -> list[Reason]:
    """The functions both declare (the coast is said apart, from Natural Earth's data)."""
    if other is None or me is None:
        return []
    same = sorted((me.functions & other.functions) - {"coastal"})
    if not same:
        return []
    labels = ", ".join(vocab.FUNCTIONS[k].label(t.lang).lower() for k in same)
    return [Reason(3.5 + len(same), "function", t("why.function", functions=labels))]


def _shared_problems(
    ctx: Context, worked: set[str], other: Profile | None, nu: Node, t: Translator
) -> list[Reason]:
    """Shared problems: the query's priorities (or asked fields) the candidate works on."""
    on_priorities = sorted(worked & ctx.declared)
    on_fields = sorted(worked & (ctx.wanted | ctx.mine) - set(on_priorities))
    if on_priorities:
        text = t("why.priorities", place=_name(nu, t), fields=_fields(on_priorities, t))
        return [Reason(6 + len(on_priorities), "problems", text + _where(on_priorities, other, t))]
    if on_fields:
        text = t("why.fields", fields=_fields(on_fields, t)) + _where(on_fields, other, t)
        return [Reason(5 + len(on_fields), "problems", text)]
    return []


def _alike(f: dict[str, float], nu: Node, nv: Node, t: Translator) -> list[Reason]:
    """How alike the two are: both capitals (or new capitals), namesakes, populations
    within SIZE_RATIO of each other (and the same administrative status)."""
    out = []
    if f["both_new_capitals"]:
        out.append(Reason(7, "capital", t("why.new_capitals")))
    elif f["both_capitals"]:
        out.append(Reason(3, "capital", t("why.capitals")))
    if f["namesake"]:
        out.append(Reason(5, "namesake", t("why.namesake", name=nv.name)))
    if (
        nu.population
        and nv.population
        and max(nu.population, nv.population) <= SIZE_RATIO * min(nu.population, nv.population)
    ):
        status = t(f"kinds.{nv.kind}") if nu.kind == nv.kind else None
        key = "why.status_size" if status else "why.size"
        text = t(key, a=_people(nu.population, t), b=_people(nv.population, t), kind=status)
        out.append(Reason(2.4, "status", text))
    return out


def _where(keys: list[str], other: Profile | None, t: Translator) -> str:
    """The evidence of a candidate's fields: its declared priorities, or a partnership."""
    if other is None:
        return ""
    if keys[0] in other.declared:
        return t("why.by_declared", place=other.name)
    if keys[0] in other.worked:
        return t("why.by_partnership", a=other.name, b=other.worked[keys[0]])
    if keys[0] in other.offers:
        return t("why.by_offer", place=other.name)
    return ""


def _countries(ctx: Context, v: int, f: dict[str, float], t: Translator) -> list[Reason]:
    fs, q = ctx.feats, ctx.query
    nu, nv = q.node, fs.g.nodes[int(fs.ids[v])]
    out = []
    country_v, country_u = t.country_in_text(nv.country), t.country_in_text(nu.country)
    mine_there = round(f["own_country_share"] * len(q.partners))
    if mine_there:
        key = "why.mine_there" if mine_there > 1 else "why.mine_there1"
        text = t(key, place=_name(nu, t), n=mine_there, country=country_v)
        out.append(Reason(2 + min(mine_there, 5), "country", text))
    # a province is judged by its places (regional.py), its own partnerships among them:
    # their links are said below, and not its own besides
    province = nv.kind == "province"
    likes_mine = round(f["candidate_likes_my_country"] * fs.deg[v])
    if likes_mine and nu.country != nv.country and not province:
        key = "why.likes_mine" if likes_mine > 1 else "why.likes_mine1"
        out.append(
            Reason(
                1.5 + min(likes_mine, 5),
                "country",
                t(key, cand=_name(nv, t), n=likes_mine, country=country_u),
            )
        )
    linked = int(fs.country_pairs[q.cidx, fs.cidx[v]]) if q.cidx >= 0 else 0
    if linked and nu.country != nv.country:
        key = "why.linked" if linked > 1 else "why.linked1"
        out.append(
            Reason(1 + min(linked, 500) / 100, "country", t(key, n=t.num(linked), a=country_u, b=country_v))
        )
    return out + _regions(ctx, v, t)


def _regions(ctx: Context, v: int, t: Translator) -> list[Reason]:
    """What the candidate's region does with the query's region and country: the evidence
    regional.py ranks on, true of a region at home as abroad (Niedersachsen and Sachsen-
    Anhalt are linked by their towns' partnerships, though "Germany and Germany" is not said)."""
    fs, q = ctx.feats, ctx.query
    nu, nv = q.node, fs.g.nodes[int(fs.ids[v])]
    # a city that is its own region (Daejeon, Daejeon-gwangyeoksi; Istanbul, İstanbul): its
    # region's links are its own, said above; a province's are its places', which rank it.
    # A province's query ranks such a city (Berlin for Brandenburg) on its region's links
    # with the province's (regional.py): those are said, under the city's name.
    own = nv.kind != "province" and _is_its_region(nv) and fs.deg[v] > 0
    by_region = regional.applies(q, ctx.options)
    rv = int(fs.ridx[v]) if not own or by_region else -1
    if rv < 0 or rv == q.ridx:  # a place of the query's own region: nothing to tell apart
        return []
    out = []
    if q.ridx >= 0:
        between = int(fs.region_pairs[q.ridx, rv])
        if between:
            key = "why.region_linked" if between > 1 else "why.region_linked1"
            text = t(key, n=t.num(between), a=nu.region, b=_name(nv, t) if own else nv.region)
            out.append(Reason(2 + min(between, 6) / 2, "region", text))
    to_mine = int(fs.region_country[rv, q.cidx]) if q.cidx >= 0 and not own else 0
    if to_mine > 1:
        country_u = t.country_in_text(nu.country)
        text = t("why.region_likes_mine", region=nv.region, n=t.num(to_mine), country=country_u)
        out.append(Reason(1.6 + min(to_mine, 10) / 10, "region", text))
    return out


def _across(ctx: Context, v: int, t: Translator) -> list[Reason]:
    """A place of another country near the query region (a region, or a city that is one:
    Basel for Baden-Württemberg): the neighbour regional.py ranks up."""
    fs, q = ctx.feats, ctx.query
    nu, nv = q.node, fs.g.nodes[int(fs.ids[v])]
    if nu.country == nv.country or not regional.applies(q, ctx.options):
        return []
    km = float(geo.distances_km(fs.xyz[[v]], q.xyz)[0])
    if not km < regional.NEIGHBOUR_KM:  # NaN (no seat) included
        return []
    text = t(
        "why.across",
        cand=_name(nv, t),
        km=t.num(km),
        place=_name(nu, t),
        country=t.country_in_text(nv.country),
    )
    return [Reason(2.5 + (1 - km / regional.NEIGHBOUR_KM) * 2, "neighbour", text)]


def _is_its_region(node: Node) -> bool:
    """Whether the city is its region: a city-region of rules/city_regions.csv (Bangkok,
    whose region is Krung Thep Maha Nakhon), or a city its region is named after."""
    return policy.both_levels(policy.policy(), node) or _named_after(node.region, node.name)


def _named_after(region: str | None, name: str) -> bool:
    """Whether the region bears the place's name: the city is the region."""
    folded, own = fold(region or ""), fold(name)
    return bool(own) and (folded == own or folded.startswith(own + " "))


def _geography(ctx: Context, v: int, f: dict[str, float], t: Translator) -> list[Reason]:
    nu, nv = ctx.query.node, ctx.feats.g.nodes[int(ctx.feats.ids[v])]
    out = []
    if f["both_coastal"]:
        out.append(Reason(1.4, "coast", t("why.coast")))
    band = geo.band_of(nu.lat)
    if (
        f["same_band"]
        and band is not None
        and band != "temperate"
        and nu.lat is not None
        and nv.lat is not None
    ):
        text = t("why.band", band=t(f"band.{band}"), a=_degrees(nu.lat, t), b=_degrees(nv.lat, t))
        out.append(Reason(1.3, "band", text))
    return out


def field_keys(keys: list[str] | None) -> set[str]:
    """The --field options checked against the vocabulary (an unknown key lists the valid ones)."""
    for key in keys or []:
        vocab.check(vocab.FIELDS, key, "field")
    return set(keys or [])
