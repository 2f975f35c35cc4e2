"""Ranking for a place of the regional level: a province, state or prefecture.

The lists the atlas comes from hold almost no partnerships between regions (9 of 24,218
join two of them) and 3,654 of its 3,882 regions have no partner at all, so the ranker,
which learns from partnerships and proposes partnered places, has nothing to offer a
province but the few regions the lists happen to partner with cities. A region is judged
here by what the places in it do instead:

- `between`: partnerships already joining places of the two regions;
- `to_mine`: partnerships of the candidate region's places with the query's country;
- `affinity`: the share of the query's country's partnerships that go to the candidate's;
- `activity`: all partnerships of the candidate region's places;
- `across`: a region of another country whose seat lies within 400 km of the query's, a
  neighbour across a border (Kelantan and Narathiwat, Bayern and Tirol; not Texas and
  Nuevo León: the atlas places them at Houston and Monterrey, 666 km apart).

The score adds log1p(between) + log1p(to_mine) + 5 x affinity + 0.1 x log1p(activity)
+ NEIGHBOUR_WEIGHT x across.
Measured by the regions split of `kembar evaluate recommend` (evaluation._rank_regions):
a partnership between a region and a city says the region deals with the city's region;
with it hidden, the city's region is ranked among every region the rules allow (2,494 for
a median query), and the other way round. A region's places are those whose region name
is its name: 1,731 of the atlas's 3,882 regions have partnered places so named (since
gazetteer/data/region_names.csv.gz ties GeoNames' regions to ISO's; 1,168 before, none of
Russia's); the others are told apart by country affinity alone.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kembar.recommend import geography as geo
from kembar.recommend import policy
from kembar.recommend.graph import Features, Query
from kembar.recommend.policy import RuleOptions

AFFINITY_WEIGHT = 5.0
ACTIVITY_WEIGHT = 0.1
NEIGHBOUR_KM = 400.0
NEIGHBOUR_WEIGHT = 4.0


@dataclass(frozen=True)
class Signals:
    """The regional signals of some candidate places (one value per candidate)."""

    between: np.ndarray
    to_mine: np.ndarray
    affinity: np.ndarray
    activity: np.ndarray
    across: np.ndarray  # a neighbour across a border (bool)

    def score(self) -> np.ndarray:
        return (
            np.log1p(self.between)
            + np.log1p(self.to_mine)
            + AFFINITY_WEIGHT * self.affinity
            + ACTIVITY_WEIGHT * np.log1p(self.activity)
            + NEIGHBOUR_WEIGHT * self.across
        )


def applies(q: Query, options: RuleOptions | None = None) -> bool:
    """Whether the query is ranked here: a regional place, its peers only (the level rule).
    A city-region (Jakarta, Berlin) partners as cities do: the learned ranker serves it."""
    if options is not None and options.any_level:
        return False
    pol = policy.policy()
    return pol.level(q.node.country, q.node.kind) == "regional" and not policy.both_levels(pol, q.node)


def signals(fs: Features, q: Query, rows: np.ndarray) -> Signals:
    """The signals of the places `rows` as partners for q."""
    ridx, cidx = fs.ridx[rows], fs.cidx[rows]
    known = ridx >= 0
    at = np.maximum(ridx, 0)
    between = np.zeros(len(rows))
    if q.ridx >= 0:
        mine = np.asarray(fs.region_pairs[q.ridx].toarray()).ravel()
        between = np.where(known, mine[at], 0.0)
    to_mine = np.where(known, fs.region_country[at, q.cidx], 0.0) if q.cidx >= 0 else np.zeros(len(rows))
    affinity = np.zeros(len(rows))
    if q.cidx >= 0:
        affinity = fs.country_pairs[q.cidx][cidx] / max(float(fs.country_total[q.cidx]), 1.0)
    activity = np.where(known, fs.region_total[at], 0.0)
    across = np.zeros(len(rows))
    if not np.isnan(q.xyz).any():
        km = np.nan_to_num(geo.distances_km(fs.xyz[rows], q.xyz), nan=np.inf)
        across = np.clip(1.0 - km / NEIGHBOUR_KM, 0.0, 1.0) * (cidx != q.cidx)
    return Signals(between, to_mine, affinity, activity, across)


def candidates(fs: Features, q: Query, options: RuleOptions | None = None) -> np.ndarray:
    """Which places a regional query may be offered (a boolean per place): every place the
    rules allow, with partners or not, but the query and its partners."""
    allowed = policy.allowed(fs, q, options)
    if q.index is not None:
        allowed[fs.excluded(q.index)] = False
    return allowed


def scores(
    fs: Features, q: Query, options: RuleOptions | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(candidate indices, scores, features of every place) for a regional query, best
    first, among its `candidates`."""
    pool = np.flatnonzero(candidates(fs, q, options))
    score = signals(fs, q, pool).score()
    order = np.argsort(-score, kind="stable")
    return pool[order], score[order], fs.of(q)
