"""
Charts drawn on the server as SVG: columns over time, and bars side by side
for things in order (lessons, questions, stars). Geometry only: the
templates in templates/analytics/charts/ draw it, each chart with its
numbers as a table beside it for screen readers and for copying.
"""

import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.dateformat import format as format_date

from .selectors import Series

WIDTH = 720
HEIGHT = 220
MARGIN_LEFT = 48  # the scale's numbers
MARGIN_BOTTOM = 24  # the dates
MAX_LABELS = 8  # dates written under the columns; the others are in tooltips
DATE_FORMATS = {"day": "j M", "week": "j M", "month": "M Y"}


def scale_top(value: Decimal | int) -> int:
    """The round number (1, 2 or 5 times a power of ten, at least 1) the
    scale goes up to."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= value)


@dataclass(frozen=True)
class Column:
    x: float
    y: float
    width: float
    height: float
    label: str  # for the tooltip
    short_label: str  # written under it, if labelled
    value: Decimal | int
    labelled: bool

    @property
    def center(self) -> float:
        return round(self.x + self.width / 2, 1)


@dataclass(frozen=True)
class Tick:
    y: float
    value: int


@dataclass(frozen=True)
class ColumnChart:
    title: str
    columns: list[Column]
    ticks: list[Tick]
    width: int = WIDTH
    height: int = HEIGHT
    plot_left: int = MARGIN_LEFT

    @property
    def empty(self) -> bool:
        return not any(column.value for column in self.columns)


def column_chart(series: Series) -> ColumnChart:
    plot_height = HEIGHT - MARGIN_BOTTOM - 8
    top = scale_top(max((value for _, value in series.points), default=0))
    slot = (WIDTH - MARGIN_LEFT) / max(len(series.points), 1)
    every = math.ceil(len(series.points) / MAX_LABELS)
    columns = []
    for index, (day, value) in enumerate(series.points):
        height = plot_height * float(value) / top
        columns.append(
            Column(
                x=round(MARGIN_LEFT + index * slot + slot * 0.15, 1),
                y=round(HEIGHT - MARGIN_BOTTOM - height, 1),
                width=round(slot * 0.7, 1),
                height=round(height, 1),
                label=date_label(day, series.unit),
                short_label=format_date(day, DATE_FORMATS[series.unit]),
                value=value,
                labelled=index % every == 0,
            )
        )
    # Quarters of the scale, where they are whole numbers.
    ticks = [
        Tick(
            y=round(HEIGHT - MARGIN_BOTTOM - plot_height * quarter / 4, 1),
            value=top * quarter // 4,
        )
        for quarter in range(5)
        if top * quarter % 4 == 0
    ]
    return ColumnChart(title=series.title, columns=columns, ticks=ticks)


def date_label(day: date, unit: str) -> str:
    label = format_date(day, DATE_FORMATS[unit])
    return f"Week of {label}" if unit == "week" else label


ROW_HEIGHT = 30
LABEL_WIDTH = 260
VALUE_WIDTH = 48


@dataclass(frozen=True)
class Segment:
    measure: int  # which measure: its colour
    y: float
    height: float
    length: float
    value: int  # percent

    @property
    def value_x(self) -> float:
        return LABEL_WIDTH + self.length + 4

    @property
    def middle(self) -> float:
        return round(self.y + self.height / 2, 1)


@dataclass(frozen=True)
class Bar:
    label: str
    detail: str  # the counts behind the percentages, for the tooltip
    y: int  # of the row's middle, for its label
    segments: list[Segment]


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars in percent, a row per item, a bar per measure."""

    title: str
    measures: list[str]
    bars: list[Bar]
    width: int = WIDTH
    label_width: int = LABEL_WIDTH

    @property
    def height(self) -> int:
        return ROW_HEIGHT * len(self.bars)


def bar_chart(
    title: str, measures: list[str], rows: list[tuple[str, str, list[int]]]
) -> BarChart:
    """`rows` are (label, detail, percentages) tuples, drawn top to bottom."""
    plot_width = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = (ROW_HEIGHT - 8) / len(measures)
    return BarChart(
        title=title,
        measures=measures,
        bars=[
            Bar(
                label=label,
                detail=detail,
                y=row * ROW_HEIGHT + ROW_HEIGHT // 2,
                segments=[
                    Segment(
                        measure=measure,
                        y=round(row * ROW_HEIGHT + 4 + measure * height, 1),
                        height=round(height, 1),
                        length=round(plot_width * value / 100, 1),
                        value=value,
                    )
                    for measure, value in enumerate(values)
                ],
            )
            for row, (label, detail, values) in enumerate(rows)
        ],
    )
