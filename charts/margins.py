"""Margins that already fit a chart's labels, so that the browser draws it once.

Plotly draws a chart, then measures its tick labels, axis titles, legend and colour bar, and
when they need more room than the layout's margins, it widens the margins and draws the whole
chart again. With the 10-pixel margins every chart had, every chart was drawn twice: a new
tab of Dependencies at 100,000 issues (five charts) took 4.6 s to draw, and 3.4 s with
margins that fit (benchmarks/page_speed.py, docs/PERFORMANCE.md). Here the margins are
estimated from the labels' lengths before the figure leaves the server. An estimate that
falls short costs what it did before (plotly still widens the margin; a label is never cut);
one that is too generous leaves some blank space, so the estimates lean a little wide.
"""
from __future__ import annotations

import math
import re
from datetime import date, datetime

import numpy as np
import plotly.graph_objects as go

# Measured on the app's charts in Chromium (the rooms plotly gave each chart after drawing it
# with 10-pixel margins): the width of a 12 px label's characters by kind, a line of it, the
# gap between an axis and its labels, an axis title, a legend entry besides its text, a
# legend row and its padding.
DIGIT_PX, UPPER_PX, LOWER_PX, SPACE_PX, WIDE_PX, OTHER_PX = 7.0, 7.6, 5.8, 3.2, 10.0, 6.4
WIDE = set("%@MWmw—")
LINE_PX = 18
Y_TICK_GAP_PX = 18
X_TICK_GAP_PX = 12
AXIS_TITLE_PX = 30
LEGEND_ENTRY_PX = 54
LEGEND_ROW_PX = 20
LEGEND_PADDING_PX = 19
COLORBAR_PX = 100       # a colour bar with its numbers
LAST_LABEL_PX = 30      # the last number or date of an x axis can reach past the plot's right edge
SPARE_PX = 6            # estimates lean wide: a redraw costs more than a few pixels
ASSUMED_WIDTH_PX = 940  # a full-width chart in the wide layout at 1400 px (narrower ones wrap sooner)
DATE_LABEL = "Mmm 2026"
_AXIS_NAME = re.compile(r"^([xy])axis(\d*)$")
_TAG = re.compile(r"<[^>]*>")
_ENTITY = re.compile(r"&#?\w+;")


def fit_margins(figure: go.Figure) -> go.Figure:
    """Widen the figure's margins (never narrow them) to what its labels, axis titles, legend
    and colour bars are expected to need; returns the figure."""
    need = {"l": 0.0, "r": 0.0, "t": 0.0, "b": 0.0}
    values = _axis_values(figure)
    stacked = _stacked(figure)
    layout = figure.layout
    for name in _axis_names(figure):
        axis = layout[name]
        if axis.visible is False:
            continue
        letter = name[0]
        side = axis.side or ("bottom" if letter == "x" else "left")
        axis_values = values.get(name, [])
        space = _axis_space(axis, letter, axis_values, stacked)
        edge = {"left": "l", "right": "r", "bottom": "b", "top": "t"}[side]
        need[edge] = max(need[edge], space)
        if letter == "x" and axis.showticklabels is not False and _continuous(axis, axis_values):
            need["r"] = max(need["r"], LAST_LABEL_PX)
    height = layout.height or 450
    margin = {side: getattr(layout.margin, side) or 0 for side in need}
    plot_height = max(100.0, height - margin["t"] - max(margin["b"], need["b"]))
    plot_width = max(200.0, ASSUMED_WIDTH_PX - max(margin["l"], need["l"]) - max(margin["r"], need["r"]))
    _legend_space(figure, need, plot_height, plot_width)
    if _has_colorbar(figure):
        need["r"] = max(need["r"], COLORBAR_PX)
    fitted = {side: max(margin[side], math.ceil(need[side] + SPARE_PX) if need[side] else 0) for side in need}
    if fitted != margin:
        figure.update_layout(margin=fitted)
    return figure


def text_width(text: str) -> float:
    """Pixels of the widest line of a label (an entity counts as one character, markup as none)."""
    lines = re.split(r"<br\s*/?>", str(text))
    return max(sum(_char_px(char) for char in _ENTITY.sub("&", _TAG.sub("", line))) for line in lines)


def _char_px(char: str) -> float:
    if char in WIDE:
        return WIDE_PX
    if char.isdigit():
        return DIGIT_PX
    if char.isspace():
        return SPACE_PX
    if char.isalpha():
        return UPPER_PX if char.isupper() else LOWER_PX
    return OTHER_PX


def _lines(text: str) -> int:
    return len(re.split(r"<br\s*/?>", str(text)))


def _axis_names(figure: go.Figure) -> list[str]:
    layout = figure.layout.to_plotly_json()
    names = {key for key in layout if _AXIS_NAME.match(key)}
    for trace in figure.data:
        if "xaxis" in trace and "yaxis" in trace:
            names |= {_axis_name("x", trace.xaxis or "x"), _axis_name("y", trace.yaxis or "y")}
    return sorted(names)


def _axis_name(letter: str, reference: str) -> str:
    return f"{letter}axis{reference[1:]}"


def _axis_values(figure: go.Figure) -> dict[str, list]:
    """Every axis's values from the traces drawn on it (x and y; a heat map's labels too),
    without missing ones (None, NaN)."""
    values: dict[str, list] = {}
    for trace in figure.data:
        if "xaxis" not in trace or "yaxis" not in trace or trace.visible is False:
            continue
        for letter in ("x", "y"):
            data = trace[letter]
            if data is None:
                continue
            name = _axis_name(letter, trace[f"{letter}axis"] or letter)
            values.setdefault(name, []).append(np.asarray(data, dtype=object).ravel())
    for shape in figure.layout.shapes:      # a target line (add_hline) widens the axis's range
        for letter in ("x", "y"):
            reference = shape[f"{letter}ref"] or letter
            if re.fullmatch(r"[xy]\d*", reference):
                ends = [shape[f"{letter}0"], shape[f"{letter}1"]]
                values.setdefault(_axis_name(letter, reference), []).append(np.asarray(ends, dtype=object))
    return {name: [value for value in np.concatenate(arrays) if value is not None and not _is_nan(value)]
            for name, arrays in values.items()}


def _stacked(figure: go.Figure) -> bool:
    """Bars on top of each other: an axis then reaches past the largest single value."""
    return figure.layout.barmode in ("stack", "relative")


def _axis_space(axis, letter: str, values: list, stacked: bool) -> float:
    """Pixels from the plot's edge outwards that the axis's labels and title take."""
    labels = _tick_labels(axis, values, stacked)
    title = axis.title.text if axis.title else None
    title_space = AXIS_TITLE_PX * _lines(title) if title else 0
    if not labels or axis.showticklabels is False:
        return title_space
    if letter == "y":
        return Y_TICK_GAP_PX + max(text_width(label) for label in labels) + title_space
    return X_TICK_GAP_PX + _x_labels_height(axis, labels) + title_space


def _x_labels_height(axis, labels: list[str]) -> float:
    widest = max(text_width(label) for label in labels)
    lines = max(_lines(label) for label in labels)
    if axis.tickangle not in (None, "auto", 0):
        return abs(math.sin(math.radians(axis.tickangle))) * widest + LINE_PX
    domain = axis.domain or (0, 1)
    per_label = ASSUMED_WIDTH_PX * (domain[1] - domain[0]) / max(1, len(labels))
    if widest + 8 <= per_label:
        return lines * LINE_PX
    if per_label >= 2 * LINE_PX:            # plotly tilts crowded labels by 30°, then by 90°
        return 0.5 * widest + LINE_PX + 4
    return widest + 6


def _tick_labels(axis, values: list, stacked: bool) -> list[str]:
    if axis.ticktext is not None and len(axis.ticktext):
        return [str(text) for text in axis.ticktext]
    if not values:
        return []
    if axis.type == "category" or any(isinstance(value, str) for value in values):
        return sorted({str(value) for value in values}, key=len)[-40:]
    if axis.type == "date" or any(isinstance(value, (date, datetime, np.datetime64)) for value in values):
        return [DATE_LABEL if axis.tickformat else DATE_LABEL + "<br>2026"]
    return [_number_label(axis, values, stacked)]


def _number_label(axis, values: list, stacked: bool) -> str:
    numbers = np.asarray(values, dtype=float)
    # Plotly's last tick is a round number past the largest value (980 has a tick at 1000).
    largest = float(np.abs(numbers).max()) * (2 if stacked else 1) * 1.25
    negative = bool((numbers < 0).any())
    fmt = axis.tickformat or ""
    if fmt.endswith("%"):
        text = f"{largest * 100:.0f}%"
    elif "," in fmt:
        text = f"{largest:,.0f}"
    elif largest >= 10_000:
        text = f"{largest / 1000:.0f}k"
    elif largest >= 10:
        text = f"{largest:.0f}"
    else:
        text = f"{largest:.1f}"
    return ("−" if negative else "") + (axis.tickprefix or "") + text + (axis.ticksuffix or "")


def _continuous(axis, values: list) -> bool:
    """A number or date axis (its last label is centred on a value that can be the plot's edge)."""
    if axis.type in ("category", "multicategory") or axis.ticktext is not None:
        return False
    return bool(values) and not any(isinstance(value, str) for value in values)


def _is_nan(value) -> bool:
    return isinstance(value, float) and math.isnan(value)


def _legend_space(figure: go.Figure, need: dict, plot_height: float, plot_width: float) -> None:
    names = [trace.name for trace in figure.data if trace.name and trace.showlegend is not False]
    if figure.layout.showlegend is False or not names or (len(names) < 2 and figure.layout.showlegend is not True):
        return
    legend = figure.layout.legend
    entries = [text_width(name) + LEGEND_ENTRY_PX for name in dict.fromkeys(names)]
    if legend.orientation == "h":
        rows, used = 1, 0.0
        for entry in entries:
            if used and used + entry > plot_width:
                rows, used = rows + 1, 0.0
            used += entry
        height = rows * LEGEND_ROW_PX + LEGEND_PADDING_PX
        y = legend.y if legend.y is not None else 1.02
        if y < 0:     # below the plot: from its bottom edge down, past the x labels
            need["b"] = max(need["b"], -y * plot_height + height)
        elif y > 1:
            need["t"] = max(need["t"], (y - 1) * plot_height + height)
    else:
        x = legend.x if legend.x is not None else 1.02
        if x >= 1:
            need["r"] = max(need["r"], max(entries))


def _has_colorbar(figure: go.Figure) -> bool:
    if figure.layout.coloraxis and figure.layout.coloraxis.showscale is not False and figure.layout.coloraxis.colorscale:
        return True
    return any(trace.type in ("heatmap", "contour", "histogram2d") and trace.showscale is not False
               and trace.coloraxis is None for trace in figure.data)
