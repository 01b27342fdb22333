"""Horizontal bar charts drawn on the server as inline SVG: no script, no library, nothing
fetched. Each chart is an image with an accessible name and description; the same figures are
in a table beside it, which is the accessible alternative.

The geometry is computed here and drawn by reports/_chart.html (escaped by Jinja). Each group is
a label on its own line with its bars under it, so the chart reads on a phone as on a desktop.
Every bar is labelled with its series and value: colour is never the only way to tell them apart.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

# GOV.UK Design System colours with at least 3:1 contrast on white (WCAG 1.4.11).
PALETTE = ("#1d70b8", "#00703c", "#4c2c92", "#d4351c", "#003078")
TEXT_COLOUR = "#0b0c0c"
AXIS_COLOUR = "#505a5f"

WIDTH = 400  # small, so the text stays readable when a phone scales it down
LABEL_BESIDE = 90  # left of the bars, for labels beside them
CHARACTER = 9  # a generous average width of a 16px Arial character
MIN_BAR_ROOM = 120
FONT = 16
LINE = 24
BAR = 20
BAR_GAP = 4
GROUP_GAP = 14


@dataclass(frozen=True)
class Series:
    name: str
    colour: str


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    fill: str


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str
    bold: bool = False


@dataclass
class BarChart:
    id: str
    title: str
    description: str
    width: int = WIDTH
    height: float = 0
    rects: list[Rect] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    lines: list[tuple[float, float, float, float]] = field(default_factory=list)


def bar_chart(
    *,
    id: str,
    title: str,
    description: str,
    series: Sequence[str],
    groups: Sequence[tuple[str, Sequence[int]]],
    label_beside: bool = False,
) -> BarChart:
    """A chart of `groups` (label, one value per series), bars scaled to the largest value.
    Labels go above their bars, or beside them (`label_beside`, for short labels such as months,
    so a long series stays compact)."""
    chart = BarChart(id=id, title=title, description=description)
    styled = [Series(name, PALETTE[i % len(PALETTE)]) for i, name in enumerate(series)]
    largest = max((v for _, values in groups for v in values), default=0)
    left = LABEL_BESIDE if label_beside else 0
    # Room for the bars: what the longest "Series 123" label beside a bar leaves.
    longest = max(
        (len(f"{s.name} {v}") for _, values in groups for s, v in zip(styled, values, strict=True)),
        default=0,
    )
    room = max(WIDTH - left - 6 - longest * CHARACTER, MIN_BAR_ROOM)
    y = 0.0
    if len(styled) > 1:
        for s in styled:
            chart.rects.append(Rect(0, y + 4, 16, 16, s.colour))
            chart.texts.append(Text(24, y + 17, s.name))
            y += LINE
        y += GROUP_GAP
    for label, values in groups:
        if label_beside:
            chart.texts.append(Text(0, y + 15, label, bold=True))
        else:
            chart.texts.append(Text(0, y + 17, label, bold=True))
            y += LINE
        top = y
        for s, value in zip(styled, values, strict=True):
            width = round(room * value / largest if largest else 0, 1)
            chart.rects.append(Rect(left, y, width, BAR, s.colour))
            chart.texts.append(Text(left + width + 6, y + 15, f"{s.name} {value}"))
            y += BAR + BAR_GAP
        chart.lines.append((left, top - 2, left, y - BAR_GAP + 2))
        y += GROUP_GAP
    chart.height = max(y, LINE)
    return chart
