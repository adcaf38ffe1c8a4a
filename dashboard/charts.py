"""Charts drawn on the server as SVG: no JavaScript, nothing from a CDN, readable on a 360-pixel
phone. Each chart is 360 units wide (its viewBox) and scales to the width of its box, so one
unit is a little under one pixel on a phone (the chart's box is about 310 px wide at 360 px):
text is 14 units, so it stays at least 12 px tall there. Every page shows the
same figures in a table beside the chart; the SVG carries a title and a description for screen
readers.

Colours are written as presentation attributes as well as classes, so a chart saved on its own
looks the same as on the page.
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 360
FONT = 14
INK = "#1d2329"
MUTED = "#5b6670"
GRID = "#d5dbe0"
BAR = "#0b5cad"
# A sequential scale (ColorBrewer OrRd, 5 classes), lightest for the smallest values.
CLASS_COLOURS = ("#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000")
# No figure (none, or withheld) is a smaller dashed grey ring, not a pale dot that reads as "few".
NO_DATA_MARK = 'r="4.5" fill="#ffffff" stroke="#5b6670" stroke-width="1.4" stroke-dasharray="2.2 1.6"'
SERIES_COLOURS = ("#0b5cad", "#1f7a3a", "#b3261e")


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    text: str  # the value as the table shows it ("1,234", "₹6,25,000", "<5")
    href: str = ""


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float | None]


@dataclass(frozen=True)
class Dot:
    label: str
    lat: float
    lon: float
    value: float | None
    text: str
    href: str = ""


def _num(value: float) -> str:
    """Coordinates with at most one decimal: small SVGs, stable output for tests."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _svg(width: float, height: float, title: str, description: str, body: list[str], css: str) -> SafeString:
    return mark_safe(  # noqa: S308 - every text in `body` is escaped where it is made
        f'<svg class="chart {css}" viewBox="0 0 {_num(width)} {_num(height)}" width="100%" '
        # A chart whose marks are links is a group (an image may hold nothing one can focus).
        f'role="{"group" if any("<a " in part for part in body) else "img"}" aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg" '
        f'font-size="{FONT}" font-family="Noto Sans, Noto Sans Devanagari, sans-serif">'
        f"<title>{escape(title)}</title><desc>{escape(description)}</desc>" + "".join(body) + "</svg>"
    )


def _link(href: str, inner: str) -> str:
    return f'<a href="{escape(href)}">{inner}</a>' if href else inner


def _short(label: str, limit: int = 17) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bar_chart(*, title: str, description: str, bars: Sequence[Bar]) -> SafeString:
    """Horizontal bars, one row per item, longest first as given; a missing value has no bar
    and shows its text (e.g. "<5")."""
    label_width, row, bar_height, top = 132, 20, 14, 6
    value_room = 84
    plot = WIDTH - label_width - value_room
    largest = max((bar.value for bar in bars if bar.value is not None), default=0) or 1
    body = []
    for index, bar in enumerate(bars):
        y = top + index * row
        length = 0 if bar.value is None else max(0.0, bar.value) / largest * plot
        parts = [
            f"<title>{escape(bar.label)}: {escape(bar.text)}</title>",
            f'<text x="{label_width - 4}" y="{_num(y + bar_height - 1.5)}" text-anchor="end" fill="{INK}">'
            f"{escape(_short(bar.label))}</text>",
        ]
        if length > 0:
            parts.append(
                f'<rect class="bar" x="{label_width}" y="{y}" width="{_num(length)}" height="{bar_height}" '
                f'fill="{BAR}"/>'
            )
        parts.append(
            f'<text x="{_num(label_width + length + 3)}" y="{_num(y + bar_height - 1.5)}" fill="{MUTED}">'
            f"{escape(bar.text)}</text>"
        )
        body.append(f'<g class="bar-row">{_link(bar.href, "".join(parts))}</g>')
    height = top * 2 + max(1, len(bars)) * row
    return _svg(WIDTH, height, title, description, body, "bar-chart")


def _nice_top(value: float) -> float:
    """A round number at or above `value` for the top of an axis (1, 2, 5 x 10^n)."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def trend_chart(
    *,
    title: str,
    description: str,
    labels: Sequence[str],
    series: Sequence[Series],
    fmt: Callable[[float], str],
) -> SafeString:
    """Grouped vertical bars: one group per month, one bar per series, with a legend."""
    left, right, top, bottom = 52, 6, 28, 58
    plot_height = 150
    plot_width = WIDTH - left - right
    top_value = _nice_top(max((v for s in series for v in s.values if v is not None), default=0))
    body = []
    # Legend on one line above the plot.
    x = left
    for index, item in enumerate(series):
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        body.append(
            f'<rect x="{x}" y="6" width="10" height="10" fill="{colour}" class="series-{index}"/>'
            f'<text x="{x + 14}" y="16" fill="{INK}">{escape(item.label)}</text>'
        )
        x += 24 + len(item.label) * 8
    for fraction in (0, 0.5, 1):
        y = top + plot_height * (1 - fraction)
        body.append(
            f'<line x1="{left}" x2="{WIDTH - right}" y1="{_num(y)}" y2="{_num(y)}" stroke="{GRID}"/>'
            f'<text x="{left - 4}" y="{_num(y + 4)}" text-anchor="end" fill="{MUTED}">'
            f"{escape(fmt(top_value * fraction))}</text>"
        )
    group = plot_width / max(1, len(labels))
    bar_width = (group - 4) / max(1, len(series))
    for month_index, label in enumerate(labels):
        x0 = left + month_index * group + 2
        for index, item in enumerate(series):
            value = item.values[month_index]
            if not value:
                continue
            height = value / top_value * plot_height
            body.append(
                f'<rect class="series-{index}" x="{_num(x0 + index * bar_width)}" '
                f'y="{_num(top + plot_height - height)}" width="{_num(bar_width)}" height="{_num(height)}" '
                f'fill="{SERIES_COLOURS[index % len(SERIES_COLOURS)]}">'
                f"<title>{escape(label)}, {escape(item.label)}: {escape(fmt(value))}</title></rect>"
            )
        # Month labels (2027-03) slanted so twelve of them fit at a legible size.
        lx, ly = _num(x0 + (group - 4) / 2 + 4), top + plot_height + 12
        body.append(
            f'<text x="{lx}" y="{ly}" text-anchor="end" transform="rotate(-50 {lx} {ly})" '
            f'fill="{INK}">{escape(label)}</text>'
        )
    return _svg(WIDTH, top + plot_height + bottom, title, description, body, "trend-chart")


def colour_class(value: float | None, largest: float) -> int | None:
    """Which of the five colours a value gets: equal fifths of the range 0..largest, so the
    legend reads "0-20", "20-40", ... None (no figure, or withheld) has no colour."""
    if value is None:
        return None
    if largest <= 0:
        return 0
    return min(len(CLASS_COLOURS) - 1, max(0, math.floor(value * len(CLASS_COLOURS) / largest)))


def _hull(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Convex hull (Andrew's monotone chain): the outline drawn behind the dots."""
    points = sorted(set(points))
    if len(points) < 3:
        return points

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower, upper = [], []
    for p in points:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(points):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def _class_ranges(largest: float, fmt: Callable[[float], str], whole_numbers: bool) -> list[tuple[int, str]]:
    """What each colour stands for. Counts list the whole numbers in each fifth ("2", "5 – 6"),
    leaving out a fifth that holds none; amounts give the fifth's bounds."""
    classes = len(CLASS_COLOURS)
    if largest <= 0:
        return [(0, fmt(0))]
    ranges = []
    for index in range(classes):
        if whole_numbers:
            low = math.ceil(index * largest / classes)
            high = largest if index == classes - 1 else math.ceil((index + 1) * largest / classes) - 1
            if low > high:
                continue
            ranges.append((index, fmt(low) if low == high else f"{fmt(low)} – {fmt(high)}"))
        else:
            ranges.append(
                (index, f"{fmt(index * largest / classes)} – {fmt((index + 1) * largest / classes)}")
            )
    return ranges


def district_map(
    *,
    title: str,
    description: str,
    dots: Sequence[Dot],
    fmt: Callable[[float], str],
    no_data: str,
    whole_numbers: bool = False,
) -> SafeString:
    """The districts as dots at their headquarters, coloured by value, with a legend. Longitude
    is scaled by the cosine of the middle latitude so the state keeps its shape."""
    placed = [dot for dot in dots if dot.lat is not None and dot.lon is not None]
    margin, radius = 14, 6
    if placed:
        lats = [dot.lat for dot in placed]
        lons = [dot.lon for dot in placed]
        south, north, west, east = min(lats), max(lats), min(lons), max(lons)
    else:
        south, north, west, east = 24.0, 30.0, 77.0, 84.0
    squeeze = math.cos(math.radians((south + north) / 2))
    span_x = max((east - west) * squeeze, 0.1)
    span_y = max(north - south, 0.1)
    scale = (WIDTH - 2 * margin) / span_x
    map_height = span_y * scale + 2 * margin

    def project(lat: float, lon: float) -> tuple[float, float]:
        return margin + (lon - west) * squeeze * scale, margin + (north - lat) * scale

    body = []
    hull = _hull([project(dot.lat, dot.lon) for dot in placed])
    if len(hull) >= 3:
        outline = " ".join(f"{_num(x)},{_num(y)}" for x, y in hull)
        body.append(
            f'<polygon class="outline" points="{outline}" fill="#f7efeb" stroke="#f7efeb" '
            f'stroke-width="{radius * 4}" stroke-linejoin="round"/>'
        )
    largest = max((dot.value for dot in placed if dot.value is not None), default=0)
    for dot in placed:
        x, y = project(dot.lat, dot.lon)
        klass = colour_class(dot.value, largest)
        css = "m-none" if klass is None else f"m{klass}"
        look = (
            NO_DATA_MARK
            if klass is None
            else f'r="{radius}" fill="{CLASS_COLOURS[klass]}" stroke="{INK}" stroke-width="0.6"'
        )
        circle = f'<circle class="dot {css}" cx="{_num(x)}" cy="{_num(y)}" {look}><title>{escape(dot.label)}: {escape(dot.text)}</title></circle>'
        body.append(_link(dot.href, circle))
    # Legend: one line per colour, the range it stands for, then "no figure" with its own mark.
    legend_top = map_height + 4
    entries = [
        (f"m{index}", f'r="{radius}" fill="{CLASS_COLOURS[index]}" stroke="{INK}" stroke-width="0.6"', text)
        for index, text in _class_ranges(largest, fmt, whole_numbers)
    ]
    entries.append(("m-none", NO_DATA_MARK, no_data))
    for index, (css, look, text) in enumerate(entries):
        x = margin
        y = legend_top + index * 20
        body.append(
            f'<g class="legend-item"><circle class="dot-key {css}" cx="{x + 6}" cy="{y + 7}" {look}/>'
            f'<text x="{x + 18}" y="{y + 12}" fill="{INK}">{escape(text)}</text></g>'
        )
    height = legend_top + len(entries) * 20 + 4
    return _svg(WIDTH, height, title, description, body, "district-map")
