"""Small server-side SVG charts (no script, no outside library): bars for a series."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from kembar.i18n import Translator
from kembar.i18n_figures import figure_period
from kembar.schemas import IndicatorOut


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value_text: str


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    baseline: float
    bars: list[Bar]


def bar_chart(
    points: list[tuple[str, float, str]], width: int = 560, height: int = 220, pad: int = 28
) -> BarChart:
    """Bars for (label, value, value as text) points, scaled to the largest value."""
    top = max((v for _, v, _ in points), default=0) or 1
    n = max(len(points), 1)
    slot = (width - 2 * pad) / n
    usable = height - 2 * pad
    bars = []
    for i, (label, value, text) in enumerate(points):
        h = max(usable * value / top, 1.0) if value > 0 else 0.0
        bars.append(
            Bar(
                x=round(pad + i * slot + slot * 0.15, 1),
                y=round(height - pad - h, 1),
                width=round(slot * 0.7, 1),
                height=round(h, 1),
                label=label,
                value_text=text,
            )
        )
    return BarChart(width=width, height=height, baseline=height - pad, bars=bars)


@dataclass(frozen=True)
class HBar:
    y: float
    width: float
    label: str
    value_text: str
    url: str | None
    short: str = ""  # the label as drawn: cut to the labels' column when too long


@dataclass(frozen=True)
class HBarChart:
    width: int
    height: int
    label_width: int
    bar_height: int
    bars: list[HBar]


# The width of a character of a bar's label (12px sans-serif, kembar.css's .hlabel), on
# the generous side so that a label ending at the bars never runs off the left edge.
CHAR_WIDTH = 7.0


def _fit(label: str, room: float) -> str:
    """The label, cut with an ellipsis when it is wider than `room` (the whole label stays
    in the bar's tooltip)."""
    most = max(int(room / CHAR_WIDTH), 4)
    return label if len(label) <= most else label[: most - 1].rstrip() + "…"


def hbar_chart(
    points: list[tuple[str, float, str, str | None]], width: int = 560, row: int = 22, label_width: int = 190
) -> HBarChart:
    """Horizontal bars for (label, value, value as text, link) points: long labels (stages,
    countries) stay readable, and each bar can lead to the list it counts. The labels'
    column widens to the longest label, up to half the chart; a longer label is cut."""
    longest = max((len(label) for label, _, _, _ in points), default=0)
    label_width = int(min(max(label_width, longest * CHAR_WIDTH + 12), width / 2))
    top = max((v for _, v, _, _ in points), default=0) or 1
    usable = width - label_width - 60
    bars = [
        HBar(
            y=i * row + 2,
            width=round(max(usable * value / top, 1.0) if value > 0 else 0.0, 1),
            label=label,
            value_text=text,
            url=url,
            short=_fit(label, label_width - 12),
        )
        for i, (label, value, text, url) in enumerate(points)
    ]
    return HBarChart(width, max(len(points), 1) * row + 4, label_width, row - 6, bars)


def heat_class(value: int, top: int, steps: int = 8) -> str:
    """A CSS class heat-0..heat-<steps> on a square-root scale of value / top."""
    if value <= 0 or top <= 0:
        return "heat-0"
    return f"heat-{max(1, round(steps * (value / top) ** 0.5))}"


def indicator_charts(indicators: list[IndicatorOut], t: Translator) -> list[dict[str, Any]]:
    """One bar chart per series of figures (same name, unit and currency), by period."""
    groups: dict[tuple[str, str | None, str | None], list[IndicatorOut]] = defaultdict(list)
    for ind in indicators:
        groups[(ind.name, ind.unit, ind.currency)].append(ind)
    charts = []
    for (name, unit, currency), items in groups.items():
        items.sort(key=lambda i: i.period_start or i.period_label or "")
        points = [
            (
                figure_period(t, i.period_label or i.period_start),
                i.value,
                f"{t.num(i.value, 1 if i.value % 1 else 0)} {currency or unit or ''}".strip(),
            )
            for i in items
        ]
        charts.append({"name": name, "unit": currency or unit, "chart": bar_chart(points)})
    return charts
