import re
import warnings

import matplotlib.dates as mdates
import pandas as pd
import pytest

from conftest import ROOT
from wsoa_analysis.dates import month_year
from wsoa_analysis.present import charts

KPI = pd.Series(
    {
        "kpi_id": "P2-01",
        "title": "Schools achieving Charter Gold",
        "unit": "count",
        "frequency": "quarterly",
        "target_kind": "absolute",
        "polarity": "higher",
        "baseline_date": pd.Timestamp("2021-06-30"),
        "target_date": pd.NaT,
    }
)
ROW = pd.Series(
    {
        "target_kind": "absolute",
        "baseline_value": 23.0,
        "target_value": 25.0,
        "baseline_used": 23.0,
        "baseline_used_date": pd.Timestamp("2021-06-30"),
        "target_date_used": pd.Timestamp("2023-06-30"),
    }
)
VALUES = pd.DataFrame(
    {
        "period_end": pd.to_datetime(["2021-09-30", "2021-12-31", "2022-03-31"]),
        "value": [23.0, 24.0, 25.0],
    }
)


def test_counts_tick_only_at_whole_numbers():
    fig, ax = charts.new_figure()
    charts.measure_chart(ax, VALUES, KPI, ROW)
    ticks = [t for t in ax.get_yticks() if ax.get_ylim()[0] <= t <= ax.get_ylim()[1]]
    assert ticks and all(float(t).is_integer() for t in ticks)


def test_alt_text_says_where_the_measure_went():
    text = charts.describe_measure(KPI, VALUES, ROW)
    assert text == (
        "Schools achieving Charter Gold rose from 23 in Q1 2021/22 (baseline) to 25 "
        "in Q4 2021/22; target 25."
    )


def test_two_charts_never_share_an_svg_id():
    svgs = []
    for values in (VALUES, VALUES.assign(value=[20.0, 21.0, 22.0])):
        fig, ax = charts.new_figure()
        charts.measure_chart(ax, values, KPI, ROW)
        svgs.append(charts.svg(fig))
    ids = [set(re.findall(r'\sid="([^"]+)"', s)) for s in svgs]
    assert ids[0] and not ids[0] & ids[1]


def test_data_from_text_cannot_become_maths_or_markup():
    fig, ax = charts.new_figure()
    charts.line_chart(ax, {"Area $\\frac{a}{b$ <script>": VALUES})
    svg = charts.svg(fig)  # mathtext would raise on the unbalanced $
    assert "<script>" not in svg
    html = str(charts.figure_html(fig, 'alt "quoted" <b>', "cap"))
    assert 'aria-label="alt &#34;quoted&#34; &lt;b&gt;"' in html


def test_a_chart_can_be_scrolled_by_keyboard():
    """On a phone a chart is wider than the screen and scrolls inside its figure (pack.css):
    the figure must take keyboard focus, or a keyboard user cannot see its right-hand side."""
    fig, ax = charts.new_figure()
    charts.line_chart(ax, {"Area": VALUES})
    html = str(charts.figure_html(fig, "alt", "cap"))
    assert re.match(r'<figure class="chart" role="img" aria-label="alt" tabindex="0">', html)


# --- dated ticks -------------------------------------------------------------------------------


def _ticks_shown(ax) -> list[float]:
    low, high = ax.get_xlim()
    return [t for t in ax.get_xticks() if low <= t <= high]


@pytest.mark.parametrize("start", ["2020-07-31", "2021-05-15", "2023-01-01"])
def test_dated_ticks_fit_every_span(start):
    """From a single date to thirty years: two to six ticks, each on the first of a month and
    labelled once (an axis shorter than two months is widened to two)."""
    locator = charts.MonthTicks(maxticks=6)
    first = pd.Timestamp(start)
    for days in [0, 1, 15, 45, *range(61, 11000, 17)]:
        low, high = mdates.date2num([first, first + pd.Timedelta(days=days)])
        low, high = locator.nonsingular(low, high)
        ticks = [t for t in locator.tick_values(low, high) if low <= t <= high]
        where = f"{start} + {days} days"
        assert 2 <= len(ticks) <= 6, (where, len(ticks))
        shown = [mdates.num2date(t) for t in ticks]
        assert all(d.day == 1 and d.hour == 0 for d in shown), (where, shown)
        labels = [month_year(d) for d in shown]
        assert len(set(labels)) == len(labels), (where, labels)


@pytest.mark.parametrize(
    "dates",
    [
        ["2021-05-31", "2024-01-31"],  # AutoDateLocator(maxticks=6) found no step for this
        ["2021-05-31", "2021-06-30", "2021-07-31"],
        ["2023-06-30"],
        ["2012-03-31", "2024-08-31"],
    ],
    ids=["2y8m", "3 months", "one date", "12 years"],
)
def test_a_date_axis_draws_without_warnings(dates):
    """A warning at draw time shows in the notebook as a block of red text."""
    values = pd.DataFrame(
        {"period_end": pd.to_datetime(dates), "value": range(10, 10 + len(dates))}
    )
    for draw in (
        lambda ax: charts.measure_chart(ax, values, KPI, ROW),
        lambda ax: charts.line_chart(ax, {"Area": values}),
    ):
        fig, ax = charts.new_figure()
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            draw(ax)
            charts.svg(fig)
        assert 2 <= len(_ticks_shown(ax)) <= 6, [t.get_text() for t in ax.get_xticklabels()]


def _example_date(which: str) -> str:
    """The newest cycle of the example, or the last month its data reach (later than any
    cycle: charts there spanned lengths matplotlib's own locator warned about)."""
    from wsoa_analysis.config.settings import newest_cycle_date
    from wsoa_analysis.inputs.checks import data_period
    from wsoa_analysis.inputs.load import load_dataset

    if which == "newest cycle":
        return newest_cycle_date(ROOT / "params").isoformat()
    return data_period(load_dataset(ROOT / "data").tables)[1].date().isoformat()


@pytest.mark.slow
@pytest.mark.parametrize("which", ["newest cycle", "last month of the data"])
def test_every_example_chart_draws_without_warnings(which):
    from wsoa_analysis.context import load_context
    from wsoa_analysis.present import sections

    ctx = load_context(_example_date(which), ROOT / "data", ROOT / "params")
    drawn = 0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for pid in ctx.ds.priorities["priority_id"]:
            shown = [*sections.measure_details(ctx, pid), *sections.area_analyses(ctx, pid)]
            drawn += sum(s.figure is not None for s in shown)
    assert drawn >= 30
