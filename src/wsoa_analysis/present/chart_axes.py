"""The axes of the pack's charts: dated ticks that never crowd, whole-number ticks for
counts, and a scale from 0 that a chart of zeros cannot shrink to nothing."""

from __future__ import annotations

import datetime as dt
from itertools import count

from matplotlib.dates import DateLocator, date2num, num2date
from matplotlib.ticker import MaxNLocator

from wsoa_analysis.dates import month_year


def _whole_number_axis(ax):
    """Counts tick at whole numbers only: a tick at 23.5 shown as "24" would mislead."""
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:,.0f}")


class MonthTicks(DateLocator):
    """Ticks on the first day of a month, every 1, 2, 3, 6 or 12 months, or every 2, 5, 10,
    20... years: the shortest of those steps that puts at most ``maxticks`` on the axis.

    matplotlib's ``AutoDateLocator`` finds no step for some spans (a little under three years
    with at most six ticks) and warns when the chart is drawn, which a notebook shows."""

    def __init__(self, maxticks: int = 6, tz=None):
        super().__init__(tz)
        self.maxticks = maxticks

    def __call__(self):
        vmin, vmax = self.axis.get_view_interval()
        return self.tick_values(vmin, vmax)

    def tick_values(self, vmin, vmax):
        start, end = (num2date(v, self.tz) for v in sorted((vmin, vmax)))
        # months counted from year 0: the first month starting at or after `start`
        first = start.year * 12 + start.month - 1
        if start != start.replace(day=1, hour=0, minute=0, second=0, microsecond=0):
            first += 1
        last = end.year * 12 + end.month - 1
        for step in _month_steps():
            months = range(-(-first // step) * step, last + 1, step)
            if len(months) <= self.maxticks:
                break
        ticks = [dt.datetime(m // 12, m % 12 + 1, 1, tzinfo=start.tzinfo) for m in months]
        return date2num(ticks) if ticks else []

    def nonsingular(self, vmin, vmax):
        """At least two months on the axis (so at least two ticks), about the data."""
        vmin, vmax = super().nonsingular(vmin, vmax)
        short = _SHORTEST_SPAN_DAYS - (vmax - vmin)
        return (vmin - short / 2, vmax + short / 2) if short > 0 else (vmin, vmax)


_SHORTEST_SPAN_DAYS = 62  # any 62 days hold the first of two months


def _month_steps():
    yield from (1, 2, 3, 6)
    for decade in count():
        yield from (12 * 10**decade * k for k in (1, 2, 5))


def _date_axis(ax):
    """At most six dated ticks, so labels never run into each other."""
    ax.xaxis.set_major_locator(MonthTicks(maxticks=6))
    ax.xaxis.set_major_formatter(lambda x, _: month_year(num2date(x)))


def _zero_based(ax, bottom: float = 0) -> None:
    """The y axis from ``bottom`` up to at least 1: a chart of zeros has no
    -0.04 to 0.04 axis."""
    ax.set_ylim(bottom=bottom, top=max(ax.get_ylim()[1], 1))
