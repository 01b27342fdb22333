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

WIDTH = 480
LABEL_ROOM = 170  # right of the longest bar, for its "Series 123" label
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
) -> BarChart:
    """A chart of `groups` (label, one value per series), bars scaled to the largest value."""
    chart = BarChart(id=id, title=title, description=description)
    styled = [Series(name, PALETTE[i % len(PALETTE)]) for i, name in enumerate(series)]
    largest = max((v for _, values in groups for v in values), default=0)
    room = WIDTH - LABEL_ROOM
    y = 0.0
    if len(styled) > 1:
        for s in styled:
            chart.rects.append(Rect(0, y + 4, 16, 16, s.colour))
            chart.texts.append(Text(24, y + 17, s.name))
            y += LINE
        y += GROUP_GAP
    for label, values in groups:
        chart.texts.append(Text(0, y + 17, label, bold=True))
        y += LINE
        top = y
        for s, value in zip(styled, values, strict=True):
            width = room * value / largest if largest else 0
            chart.rects.append(Rect(0, y, round(width, 1), BAR, s.colour))
            chart.texts.append(Text(round(width, 1) + 6, y + 15, f"{s.name} {value}"))
            y += BAR + BAR_GAP
        chart.lines.append((0, top - 2, 0, y - BAR_GAP + 2))
        y += GROUP_GAP
    chart.height = max(y, LINE)
    return chart
