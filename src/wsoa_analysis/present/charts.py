"""Charts for the pack: matplotlib's object-oriented interface (no pyplot state), drawn to SVG
so they stay sharp in the browser and in the PDF, each with alternative text that says what it
shows. Plot helpers take an ``Axes`` and return it.
"""

from __future__ import annotations

import math

import matplotlib
import pandas as pd
from markupsafe import Markup
from matplotlib.figure import Figure

from wsoa_analysis.domain.judging import ASSUMED
from wsoa_analysis.domain.missing import is_missing
from wsoa_analysis.domain.periods import period_label
from wsoa_analysis.domain.rounding import decimals_of, round_half_up
from wsoa_analysis.domain.scorecard import trajectory_line
from wsoa_analysis.domain.units import format_measure, is_milestone, per_text, period_in_sentence
from wsoa_analysis.present.chart_axes import (  # noqa: F401 (MonthTicks: re-exported)
    MonthTicks,
    _date_axis,
    _whole_number_axis,
    _zero_based,
)
from wsoa_analysis.present.chart_svg import svg

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
COLOURS = {
    "local": "#0072B2",
    "target": "#009E73",
    "trajectory": "#56B4E9",
    "baseline": "#555555",
    # published comparators, by kind (never by their label)
    "england": "#D55E00",
    "neighbours": "#CC79A7",
    "region": "#E69F00",
    "area": "#000000",  # the area's own published figure, drawn beside the region
    "bar": "#0072B2",
}

matplotlib.rcParams.update(
    {
        "svg.hashsalt": "wsoa-workbook",  # stable ids: the same chart gives the same SVG
        "svg.fonttype": "none",  # text stays text: smaller, selectable, quicker to lay out
        "font.family": "DejaVu Sans",
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titlesize": 10,
        "legend.fontsize": 8,
        "legend.frameon": False,
    }
)

# Every chart is 6.4 in wide and its smallest text (legends, values on bars) is 8 pt, which a
# phone shows at no less than 11 CSS px because pack.css keeps a chart at least 40rem wide.
# Change one of these and check the others (tests/test_browser.py measures it).
_SIZE = (6.4, 2.9)


def new_figure(size=_SIZE) -> tuple[Figure, object]:
    fig = Figure(figsize=size, layout="constrained")
    return fig, fig.add_subplot()


#: A legend with a label longer than this goes under the chart, not beside it, so that it
#: does not squeeze the plot (and its date labels) into a sliver.
LEGEND_BESIDE_CHARACTERS = 36


def place_legend(ax, labels: list[str]) -> None:
    """The legend beside the plot, or under it when a label is long."""
    if max((len(label) for label in labels), default=0) <= LEGEND_BESIDE_CHARACTERS:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)
    else:
        ax.legend(loc="upper left", bbox_to_anchor=(0, -0.12), fontsize=8, frameon=False)


def figure_html(fig: Figure, alt: str, caption: str = "", *, data_table: str = "") -> Markup:
    """A figure block: the chart with its alternative text, a caption and (optionally) the
    chart's data as a table for readers who cannot see it.

    On a phone the chart keeps a width at which its text is readable and scrolls sideways
    inside the figure (pack.css), so the figure takes keyboard focus, as a scrolling region
    must."""
    parts = [
        Markup('<figure class="chart" role="img" aria-label="{}" tabindex="0">').format(alt),
        Markup(svg(fig)),
    ]
    parts.append(Markup("<figcaption>{}</figcaption>").format(caption or alt))
    parts.append(Markup("</figure>"))
    if data_table:
        parts.append(data_details(data_table))
    return Markup("").join(parts)


def data_details(data_table: str) -> Markup:
    """A chart's data as a table, folded away under the chart (shown on the web pages only)."""
    return Markup(
        '<details class="chart-data"><summary>Data for this chart</summary>{}</details>'
    ).format(Markup(data_table))


def as_shown(values, unit: str, digits: int | None = None) -> list[float]:
    """Values as the pages show them: rounded half up to the decimals of their unit, or of
    their measure where given (missing stays missing). A chart draws these, so its
    coordinates carry no more exact a figure than its table shows (a percentage to six
    places is a fraction of two counts).

    >>> as_shown([53.228962, None], "percent"), as_shown([218.0], "count")
    ([53.2, nan], [218.0])
    """
    return [
        math.nan if is_missing(v) else round_half_up(v, decimals_of(v, unit, digits))
        for v in values
    ]


def _digits(row) -> int | None:
    """A measure's own decimals (``kpis.decimals``), None where it has none."""
    d = row.get("decimals") if row is not None else None
    return None if d is None or pd.isna(d) else int(d)


def _label(text: str) -> str:
    """Text from data made safe for matplotlib, which reads $...$ as mathematics."""
    return str(text).replace("$", r"\$")


def measure_chart(
    ax,
    values: pd.DataFrame,
    kpi: pd.Series,
    row: pd.Series,
    *,
    comparators: pd.DataFrame | None = None,
):
    """A measure's values with its baseline, target and trajectory, and published comparators.

    ``values``: ``period_end`` and ``value`` up to the reporting date. ``row``: the measure's
    scorecard row (target and baseline actually used).
    """
    unit = kpi["unit"]
    if is_milestone(kpi):  # done or not: no line, no trajectory
        return _milestone_strip(ax, values, row)
    if len(values):
        ax.plot(
            values["period_end"],
            as_shown(values["value"], unit, _digits(row)),
            marker="o",
            markersize=3,
            color=COLOURS["local"],
            linewidth=1.8,
            label="Local figure",
        )
    base = row.get("baseline_value")
    base_date = kpi.get("baseline_date")
    if pd.notna(base) and pd.notna(base_date):
        ax.plot(
            [base_date],
            [base],
            marker="D",
            color=COLOURS["baseline"],
            linestyle="none",
            label="Baseline",
        )
    target = row.get("target_value")
    if pd.notna(target) and kpi["target_kind"] in ("absolute", "relative", "maintain"):
        ax.axhline(
            target,
            color=COLOURS["target"],
            linestyle="--",
            linewidth=1.2,
            label="Target" if kpi["target_kind"] != "maintain" else "Level to maintain",
        )
    line = trajectory_line(row)  # exactly the line the rating was judged against
    if len(line):
        ax.plot(
            line.index,
            line.values,
            color=COLOURS["trajectory"],
            linestyle=":",
            linewidth=1.5,
            label="Trajectory",
        )
    if comparators is not None and len(comparators):
        _comparator_lines(ax, comparators)
    return _measure_axes(ax, unit, row)


def _milestone_strip(ax, values: pd.DataFrame, row):
    """A milestone's record on one row: each period a hollow mark (not yet) or a filled one
    (done), and its due date; no line, no trajectory, no scale."""
    done = values["value"] >= 1
    for mask, face, label in ((~done, "white", "Not yet"), (done, COLOURS["local"], "Done")):
        if mask.any():
            ends = values.loc[mask, "period_end"]
            ax.plot(ends, [0] * len(ends), "o", mfc=face, color=COLOURS["local"], label=label)
    due = row.get("target_date_used")
    if due is not None and not pd.isna(due):
        ax.axvline(due, color=COLOURS["target"], linestyle="--", linewidth=1.2, label="Due")
    ax.set_yticks([])
    ax.set_ylim(-1, 1)
    ax.spines["left"].set_visible(False)
    _date_axis(ax)
    handles, labels = ax.get_legend_handles_labels()
    if handles:
        place_legend(ax, labels)
    return ax


def _measure_axes(ax, unit: str, row=None):
    """Scale, ticks, grid, legend and label of a measure chart's axes."""
    if unit == "percent":
        ax.set_ylim(bottom=0, top=max(100, ax.get_ylim()[1]))
        ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0f}%")
    else:
        low, high = ax.get_ylim()
        span = high - low
        # start at zero unless every point sits well above it (then the change would vanish)
        bottom = 0 if low < high / 2 else max(0, low - 0.1 * span)
        ax.set_ylim(bottom=bottom, top=high + 0.08 * span)
        _zero_based(ax, bottom)
        if unit == "count" or _digits(row) == 0:
            _whole_number_axis(ax)
    _date_axis(ax)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    handles, labels = ax.get_legend_handles_labels()
    if handles:
        place_legend(ax, labels)
    words = {"percent": "Per cent", "count": "Number", "rate_per_month": "A month"}
    words |= {"weeks": "Weeks", "days": "Days"}
    ax.set_ylabel(
        per_text(row).capitalize() if row is not None and per_text(row) else words.get(unit, "")
    )
    return ax


def _comparator_lines(ax, comparators: pd.DataFrame):
    """Published series, one line per ``kind``, coloured by kind and labelled by ``series``."""
    for kind, part in comparators.groupby("kind", sort=False):
        ax.plot(
            part["period_end"],
            part["value"],
            marker="s",
            markersize=3,
            linestyle="-",
            linewidth=1,
            color=COLOURS[kind],
            label=_label(part["series"].iloc[0]),
        )
    return ax


def _in(end, frequency: str) -> str:
    """The period ending ``end`` after "in": ``Mar 2026``, ``the autumn term 2025/26``."""
    return period_in_sentence(period_label(end, frequency))


def describe_measure(kpi: pd.Series, values: pd.DataFrame, row: pd.Series) -> str:
    """Alternative text: where the measure started and ended, against its target."""
    freq, title = kpi["frequency"], kpi["title"]
    if values.empty:
        return f"{title}: no values recorded yet."
    measure = {**dict(kpi), "decimals": _digits(row)}

    def shown(v, compact=False):  # every figure as the measure is written
        return format_measure(v, measure, compact=compact)

    if is_milestone(kpi):  # when it was first done, and whether by its due date: the rating's
        reason = row.get("rating_reason") or ""
        if reason and row.get("rating") in ("met", "missed", "not_due"):
            return f"{title}: {reason}."
        last = values.iloc[-1]
        state = shown(last["value"])
        return f"{title}: {state} in {_in(last['period_end'], freq)}; {row.get('target', '')}."
    first, last = values.iloc[0], values.iloc[-1]
    start_v = row.get("baseline_value")
    if pd.notna(start_v) and pd.notna(kpi.get("baseline_date")):
        # the scorecard's label, which says where the WSoA does not state the period
        period = row.get("baseline_period") or period_label(kpi["baseline_date"], freq)
        said = "baseline"
        if period.endswith(f" {ASSUMED}"):
            period, said = period.removesuffix(f" {ASSUMED}"), "baseline, period assumed"
        joiner = ", the" if period.startswith("average") else " in"  # an average's period
        start_text = f"{shown(start_v)}{joiner} {period_in_sentence(period)} ({said})"
        start_num = float(start_v)
    else:
        start_text = f"{shown(first['value'])} in {_in(first['period_end'], freq)}"
        start_num = float(first["value"])
    end_num = float(last["value"])
    verb = "rose" if end_num > start_num else "fell" if end_num < start_num else "stayed at"
    end_text = f"{shown(end_num)} in {_in(last['period_end'], freq)}"
    text = (
        f"{title} {verb} from {start_text} to {end_text}"
        if verb != "stayed at"
        else f"{title} stayed at {end_text}, as at {start_text}"
    )
    if pd.notna(row.get("target_value")) and kpi["target_kind"] in ("absolute", "relative"):
        text += f"; target {shown(row['target_value'], compact=True)}"
    elif kpi["target_kind"] == "maintain":
        text += f"; aim: maintain {shown(row.get('target_value'), compact=True)}"
    if row.get("judged_by", "latest") != "latest" and pd.notna(row.get("latest_value")):
        # the chart draws each period; the rating judged an average of them
        text += f"; {row['judged_on']}: {shown(row['latest_value'])}"
    return text + "."


def bar_chart(
    ax,
    labels: list[str],
    counts: list[float],
    *,
    colour=COLOURS["bar"],
    xlabel: str = "",
    horizontal: bool = False,
    value_labels: list[str] | None = None,
):
    """A simple bar chart with the value (or ``value_labels``, e.g. a suppression symbol)
    written on each bar."""
    labels = [_label(x) for x in labels]
    counts = as_shown(counts, "count")
    if horizontal:
        bars = ax.barh(labels, counts, color=colour)
        ax.invert_yaxis()
        ax.set_xlim(left=0, right=max(ax.get_xlim()[1], 1))  # bars of 0: no -0.05 to 0.05
    else:
        bars = ax.bar(labels, counts, color=colour)
        _zero_based(ax)
    ax.set_xlabel(xlabel)
    shown = value_labels or [f"{c:,.0f}" for c in counts]
    ax.bar_label(bars, labels=[_label(x) for x in shown], padding=2, fontsize=8)
    ax.grid(axis="x" if horizontal else "y", color="#dddddd", linewidth=0.6)
    return ax


def line_chart(
    ax,
    series: dict[str, pd.DataFrame],
    *,
    unit: str = "count",
    colours: dict[str, str] | None = None,
    period_labels: dict | None = None,
):
    """Several named series (``period_end``, ``value``) on one axis. ``period_labels``
    (period end -> label, e.g. ``2021/22``) puts one tick at each period instead of dated
    ticks: a few yearly points would otherwise get crowded month ticks."""
    for name, frame in series.items():
        colour = (colours or {}).get(name)
        ax.plot(
            frame["period_end"],
            as_shown(frame["value"], unit),
            marker="o",
            markersize=2.5,
            linewidth=1.5,
            label=_label(name),
            color=colour,
        )
    if unit == "percent":
        ax.set_ylim(0, 100)
        ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0f}%")
    else:
        _zero_based(ax)
        _whole_number_axis(ax)
    if period_labels:
        ends = sorted(period_labels)
        ax.set_xticks(ends, [period_labels[e] for e in ends])
    else:
        _date_axis(ax)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    place_legend(ax, ax.get_legend_handles_labels()[1])
    return ax
