"""The geometry of a small bar chart, drawn as SVG by a template (no chart library, no script,
no CDN: the page must render under a strict CSP and without JavaScript).

Only numbers live here; the markup and its text alternatives are in the template, and the
look (colours, font sizes) in static/css/moderation.css, as the CSP forbids inline styles.
"""

from dataclasses import dataclass

WIDTH = 640
HEIGHT = 180
LEFT = 36  # room for the scale's labels
RIGHT = 4
TOP = 8
BOTTOM = 24  # room for the dates under the bars
GAP = 0.2  # the share of each day's slot left empty between bars


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: int


@dataclass(frozen=True)
class Tick:
    x: float
    y: float
    text: str


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    bars: list[Bar]
    peak: int
    # The plot area's edges, for the axis lines.
    left: float
    right: float
    top: float
    baseline: float
    value_ticks: list[Tick]  # beside the axis: 0 and the peak
    label_ticks: list[Tick]  # under the bars: first, middle and last labels


def bar_chart(points: list[tuple[str, int]], *, width=WIDTH, height=HEIGHT) -> BarChart:
    """One bar per (label, value), in order, scaled so the highest reaches the top. Every
    point gets a bar, a zero one included (with no height), so the bars always match the
    table beside the chart, one for one."""
    plot_width = width - LEFT - RIGHT
    plot_height = height - TOP - BOTTOM
    baseline = TOP + plot_height
    peak = max((value for _, value in points), default=0)
    scale = plot_height / peak if peak else 0
    slot = plot_width / len(points) if points else 0
    bars = []
    for n, (label, value) in enumerate(points):
        bar_height = round(value * scale, 1)
        bars.append(
            Bar(
                x=round(LEFT + n * slot + slot * GAP / 2, 1),
                y=round(baseline - bar_height, 1),
                width=round(slot * (1 - GAP), 1),
                height=bar_height,
                label=label,
                value=value,
            )
        )
    shown = sorted({0, len(points) // 2, len(points) - 1}) if points else []
    label_ticks = [
        Tick(x=round(LEFT + (n + 0.5) * slot, 1), y=height - 6, text=points[n][0]) for n in shown
    ]
    value_ticks = [Tick(x=LEFT - 4, y=baseline, text="0")]
    if peak:
        value_ticks.append(Tick(x=LEFT - 4, y=TOP + 10, text=str(peak)))
    return BarChart(
        width=width,
        height=height,
        bars=bars,
        peak=peak,
        left=LEFT,
        right=width - RIGHT,
        top=TOP,
        baseline=baseline,
        value_ticks=value_ticks,
        label_ticks=label_ticks,
    )
