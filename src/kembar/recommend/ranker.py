"""Training the ranker, recommending with reasons, and the offline evaluation.

The ranker is a gradient-boosted classifier (scikit-learn) on the features of
graph.py. It learns from the graph itself: one part of the partnerships is hidden,
features are computed on the rest, and the hidden pairs (positives) are told apart
from other candidates of the same places (negatives).
"""

from __future__ import annotations

import math
import pickle
import random
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier

from kembar.recommend.graph import FEATURES, Featurizer, Graph

NEGATIVES_PER_POSITIVE = 20


def split(g: Graph, share: float, seed: int) -> tuple[Graph, list[tuple[int, int]]]:
    """Hide `share` of the edges uniformly at random, keeping every place's degree >= 1."""
    rng = random.Random(seed)
    edges = g.edges()
    rng.shuffle(edges)
    degree = {n: len(g.adj.get(n, ())) for n in g.nodes}
    want = int(len(edges) * share)
    hidden: list[tuple[int, int]] = []
    for a, b in edges:
        if len(hidden) >= want:
            break
        if degree[a] > 1 and degree[b] > 1:
            hidden.append((a, b))
            degree[a] -= 1
            degree[b] -= 1
    return g.without(hidden), hidden


def train(g: Graph, seed: int = 1) -> HistGradientBoostingClassifier:
    inner, targets = split(g, 0.1, seed)
    feats = Featurizer(inner)
    rng = random.Random(seed)
    xs, ys = [], []
    for a, b in targets:
        for u, v in ((a, b), (b, a)):
            cands = feats.candidates(u)
            negatives = [c for c in cands if c != v]
            sample = rng.sample(negatives, min(NEGATIVES_PER_POSITIVE, len(negatives)))
            xs.append(feats.matrix(u, [v, *sample]))
            ys += [1] + [0] * len(sample)
    model = HistGradientBoostingClassifier(max_iter=200, learning_rate=0.08, random_state=seed)
    model.fit(np.vstack(xs), np.array(ys))
    return model


@dataclass
class Scored:
    place: int
    score: float
    features: dict[str, float]


def rank(
    feats: Featurizer, model: Any, u: int, k: int | None = None, extra: list[int] | None = None
) -> list[Scored]:
    cands = feats.candidates(u)
    if extra:
        mine = feats.g.adj.get(u, set()) | {u}
        seen = set(cands)
        cands += [v for v in extra if v not in seen and v not in mine]
    if not cands:
        return []
    x = feats.matrix(u, cands)
    p = model.predict_proba(x)[:, 1]
    order = np.argsort(-p, kind="stable")
    if k is not None:
        order = order[:k]
    return [Scored(cands[i], float(p[i]), dict(zip(FEATURES, x[i], strict=True))) for i in order]


def evaluate(g: Graph, seed: int = 0, limit: int | None = None) -> dict[str, Any]:
    """The protocol of ../shared/eval/README.md: hide 10% (seed 0), retrain without them,
    rank every place for both ends of each hidden pair; Hits@10 and MRR for the ranker,
    popularity and Adamic-Adar."""
    t0 = time.perf_counter()
    train_graph, hidden = split(g, 0.1, seed)
    if limit:
        hidden = hidden[:limit]
    model = train(train_graph)
    trained = time.perf_counter() - t0
    feats = Featurizer(train_graph)
    popular = sorted(train_graph.nodes, key=lambda n: -feats.degree[n])
    results: dict[str, list[float]] = {"ranker": [], "adamic_adar": [], "popularity": []}
    for a, b in hidden:
        for u, v in ((a, b), (b, a)):
            exclude = train_graph.adj.get(u, set()) | {u}
            ranked = [s.place for s in rank(feats, model, u)]
            results["ranker"].append(_reciprocal(ranked, v))
            aa = _adamic_adar(train_graph, feats, u, exclude)
            results["adamic_adar"].append(_reciprocal(aa, v))
            pop = [n for n in popular[:2000] if n not in exclude]
            results["popularity"].append(_reciprocal(pop, v))
    out: dict[str, Any] = {
        "held_out_pairs": len(hidden),
        "queries": 2 * len(hidden),
        "train_seconds": round(trained, 1),
    }
    for name, rr in results.items():
        out[name] = {
            "hits_at_10": round(sum(1 for r in rr if r >= 0.1) / len(rr), 3) if rr else 0.0,
            "mrr": round(sum(rr) / len(rr), 3) if rr else 0.0,
        }
    out["seconds"] = round(time.perf_counter() - t0, 1)
    return out


def _reciprocal(ranked: list[int], target: int) -> float:
    try:
        return 1.0 / (ranked.index(target) + 1)
    except ValueError:
        return 0.0


def _adamic_adar(g: Graph, feats: Featurizer, u: int, exclude: set[int]) -> list[int]:
    scores: dict[int, float] = {}
    for w in g.adj.get(u, ()):
        weight = 1.0 / math.log(max(feats.degree[w], 2))
        for v in g.adj.get(w, ()):
            if v not in exclude:
                scores[v] = scores.get(v, 0.0) + weight
    return sorted(scores, key=lambda v: (-scores[v], -feats.degree[v]))


def load_or_train(g: Graph, path: Path) -> Any:
    """The model for this graph, from `path` when it was trained on the same data."""
    stamp = f"{len(g.nodes)}:{sum(len(n) for n in g.adj.values())}"
    if path.exists():
        try:
            with path.open("rb") as f:
                saved = pickle.load(f)
            if saved.get("stamp") == stamp:
                return saved["model"]
        except (OSError, pickle.UnpicklingError, EOFError, KeyError, AttributeError):
            pass
    model = train(g)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        pickle.dump({"stamp": stamp, "model": model}, f)
    return model
