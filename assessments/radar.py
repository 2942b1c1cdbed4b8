"""A competency radar chart rendered on the server as inline SVG: it works without JavaScript, prints, and needs no
external resources. The accessible data table with the same numbers is rendered by the template next to it."""

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from numbers import Real
from uuid import uuid4

from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

GRID_LEVELS = (25, 50, 75, 100)
MIN_AXES, MAX_AXES = 3, 8
# The drawing is wider than tall so that the labels of the side axes fit next to the chart.
WIDTH_RATIO = 1.5
RADIUS_RATIO = 0.36
LABEL_MAX_CHARS = 18
# Series are told apart by dash pattern too, not by colour alone; CSS may override it.
_DASHES = ("", "6 4", "2 3", "8 3 2 3")


@dataclass(frozen=True)
class RadarSeries:
    """One polygon: values per axis code (0..100, None when unknown) and the CSS class that colours it."""

    label: str
    values: Mapping[str, float | None]
    css_class: str


def _value(values: Mapping[str, float | None], code: str) -> float | None:
    value = values.get(code)
    if isinstance(value, bool) or not isinstance(value, Real | Decimal):
        return None
    try:
        value = float(value)
    except OverflowError:
        return 100.0 if value > 0 else 0.0
    except ValueError:  # a signalling NaN
        return None
    if math.isnan(value):
        return None
    return min(max(value, 0.0), 100.0)


def _number(value: float) -> str:
    """A value for people: localised, without a pointless ".0"."""
    value = round(value, 1)
    return formats.number_format(value, 0 if value.is_integer() else 1)


def _coord(value: float) -> str:
    return f"{value:.2f}"


def _wrap(label: str, max_lines: int = 3) -> list[str]:
    """Split a long label into lines of about LABEL_MAX_CHARS characters, at spaces or after hyphens: Russian
    competency names are long compounds like "Организационно-управленческая"."""
    pieces = [
        ("" if position else " ", chunk)
        for word in label.split()
        for position, chunk in enumerate(re.findall(r"[^-]+-*|-+", word))
    ]
    lines: list[list[tuple[str, str]]] = []
    for joiner, chunk in pieces:
        if lines and len(_join(lines[-1])) + len(joiner) + len(chunk) <= LABEL_MAX_CHARS:
            lines[-1].append((joiner, chunk))
        else:
            lines.append([(joiner, chunk)])
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], [piece for line in lines[max_lines - 1 :] for piece in line]]
    return [_join(line) for line in lines] or [""]


def _join(pieces: Sequence[tuple[str, str]]) -> str:
    return "".join(joiner + chunk for joiner, chunk in pieces).lstrip()


def radar_svg(
    axes: Sequence[tuple[str, str]],
    series: Sequence[RadarSeries],
    size: int = 320,
    title: str = "",
) -> SafeString:
    """Render the chart. `axes` are (code, label) pairs clockwise from the top; `size` is the height in px (the
    drawing is WIDTH_RATIO times as wide). Unknown values are drawn at the centre so the polygon still closes, and get
    no point marker. All text is escaped; ids are unique per call so several charts can share a page."""
    if not MIN_AXES <= len(axes) <= MAX_AXES:
        raise ValueError(f"A radar chart needs {MIN_AXES} to {MAX_AXES} axes, got {len(axes)}")
    if size <= 0:
        raise ValueError(f"The size of a radar chart must be positive, got {size}")

    width, height = round(size * WIDTH_RATIO), size
    cx, cy = width / 2, height / 2
    radius = size * RADIUS_RATIO
    font_size = max(10, round(size / 26))
    uid = f"radar-{uuid4().hex[:12]}"
    title = title or gettext("Competency profile")

    angles = [-math.pi / 2 + 2 * math.pi * index / len(axes) for index in range(len(axes))]

    def point(angle: float, level: float) -> tuple[float, float]:
        distance = radius * level / 100
        return cx + distance * math.cos(angle), cy + distance * math.sin(angle)

    def points(levels: Sequence[float]) -> str:
        return " ".join(
            f"{_coord(x)},{_coord(y)}" for x, y in (point(a, lv) for a, lv in zip(angles, levels, strict=True))
        )

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="radar" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-labelledby="{uid}-title {uid}-desc" '
        f'font-size="{font_size}" font-family="inherit">',
        f'<title id="{uid}-title">{escape(title)}</title>',
        f'<desc id="{uid}-desc">{escape(_description(axes, series))}</desc>',
        '<g class="radar-grid-group" fill="none" stroke="currentColor" stroke-opacity="0.25">',
    ]
    for level in GRID_LEVELS:
        parts.append(f'<polygon class="radar-grid" points="{points([level] * len(axes))}"/>')
    for angle in angles:
        x, y = point(angle, 100)
        parts.append(
            f'<line class="radar-axis" x1="{_coord(cx)}" y1="{_coord(cy)}" x2="{_coord(x)}" y2="{_coord(y)}"/>'
        )
    parts.append("</g>")

    parts.append('<g class="radar-ticks" fill="currentColor" fill-opacity="0.6" aria-hidden="true">')
    for level in GRID_LEVELS:
        parts.append(
            f'<text class="radar-tick" x="{_coord(cx + 3)}" y="{_coord(cy - radius * level / 100 + 2)}" '
            f'font-size="{round(font_size * 0.75)}" dominant-baseline="hanging">{level}</text>'
        )
    parts.append("</g>")

    parts.append('<g class="radar-labels" fill="currentColor">')
    for (_code, label), angle in zip(axes, angles, strict=True):
        parts.append(_label(label, angle, point(angle, 100), font_size))
    parts.append("</g>")

    for index, item in enumerate(series):
        css_class = escape(item.css_class)
        values = [_value(item.values, code) for code, _label_text in axes]
        dash = _DASHES[index % len(_DASHES)]
        dash_attribute = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<g class="radar-series-group {css_class}">')
        parts.append(
            f'<polygon class="radar-series {css_class}" points="{points([v or 0.0 for v in values])}" '
            f'fill="currentColor" fill-opacity="0.15" stroke="currentColor" stroke-width="2"{dash_attribute}/>'
        )
        for (_code, axis_label), angle, value in zip(axes, angles, values, strict=True):
            if value is None:
                continue
            x, y = point(angle, value)
            tooltip = gettext("%(series)s, %(axis)s: %(value)s") % {
                "series": item.label,
                "axis": axis_label,
                "value": _number(value),
            }
            parts.append(
                f'<circle class="radar-point {css_class}" cx="{_coord(x)}" cy="{_coord(y)}" r="3" '
                f'fill="currentColor"><title>{escape(tooltip)}</title></circle>'
            )
        parts.append("</g>")
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated text above is escaped


def _label(label: str, angle: float, anchor: tuple[float, float], font_size: int) -> str:
    """An axis label just outside the chart, anchored away from it: left/right by the side, above/below by height."""
    cos, sin = math.cos(angle), math.sin(angle)
    gap = font_size * 0.6
    x, y = anchor[0] + gap * cos, anchor[1] + gap * sin
    text_anchor = "middle" if abs(cos) < 0.1 else "start" if cos > 0 else "end"
    lines = _wrap(label)
    line_height = font_size * 1.15
    if sin < -0.1:  # above the centre: the block of lines ends at the anchor
        first = y - (len(lines) - 1) * line_height
        baseline = "auto"
    elif sin > 0.1:  # below: the block starts at the anchor
        first = y
        baseline = "hanging"
    else:
        first = y - (len(lines) - 1) * line_height / 2
        baseline = "middle"
    tspans = "".join(
        f'<tspan x="{_coord(x)}" y="{_coord(first + index * line_height)}">{escape(line)}</tspan>'
        for index, line in enumerate(lines)
    )
    return f'<text class="radar-label" text-anchor="{text_anchor}" dominant-baseline="{baseline}">{tspans}</text>'


def _description(axes: Sequence[tuple[str, str]], series: Sequence[RadarSeries]) -> str:
    """A text summary for screen readers: the axes, then every series with its values."""
    summary = [
        gettext("Radar chart on %(count)s axes from 0 to 100: %(axes)s.")
        % {"count": len(axes), "axes": ", ".join(label for _code, label in axes)}
    ]
    for item in series:
        values = []
        for code, label in axes:
            value = _value(item.values, code)
            shown = gettext("no data") if value is None else _number(value)
            values.append(f"{label} {shown}")
        summary.append(f"{item.label}: {', '.join(values)}.")
    return " ".join(summary)
