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
        "frequency": "quarterly",
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


def test_alt_text_says_a_baseline_period_is_assumed_where_the_row_does():
    row = ROW.copy()
    row["baseline_period"] = "Q1 2021/22 (assumed)"
    assert charts.describe_measure(KPI, VALUES, row).startswith(
        "Schools achieving Charter Gold rose from 23 in Q1 2021/22 (baseline, period assumed)"
    )


def test_alt_text_of_a_measure_judged_on_an_average_says_so():
    row = ROW.copy()
    row["baseline_period"] = "average of the 4 quarters to Q1 2021/22 (assumed)"
    row["judged_by"], row["judged_on"] = "mean_of_4", "judged on the average of its last 4 quarters"
    row["latest_value"] = 24.0
    assert charts.describe_measure(KPI, VALUES, row) == (
        "Schools achieving Charter Gold rose from 23, the average of the 4 quarters to Q1 "
        "2021/22 (baseline, period assumed) to 25 in Q4 2021/22; target 25; judged on the "
        "average of its last 4 quarters: 24."
    )


def test_the_trajectory_drawn_has_a_point_at_every_quarter():
    fig, ax = charts.new_figure()
    charts.measure_chart(ax, VALUES, KPI, ROW)
    line = next(x for x in ax.get_lines() if x.get_label() == "Trajectory")
    assert len(line.get_xdata()) == 9  # Q1 2021/22 to Q1 2023/24
    assert list(line.get_ydata())[:2] == [23.0, 23.25]


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


# --- a chart draws the figures as shown, no more exactly ------------------------------------


def _svg_values(fig, ax, colour: str) -> list[float]:
    """The y values a reader gets back from the SVG's coordinates of the line in ``colour``
    (through the axis's own transform, as exactly as the SVG writes them)."""
    text = charts.svg(fig)
    found = re.search(rf'<path d="([^"]+)"[^>]*style="fill: none; stroke: {colour}', text)
    points = [(float(x), float(y)) for x, y in re.findall(r"[ML] ([-\d.]+) ([-\d.]+)", found[1])]
    height = fig.get_size_inches()[1] * 72  # SVG user units are points, y downwards
    inverse = ax.transData.inverted()
    scale = fig.dpi / 72
    return [float(inverse.transform((x * scale, (height - y) * scale))[1]) for x, y in points]


@pytest.mark.parametrize(
    "unit, values, drawn",
    [
        # 272 of 511 and 51 of 54: to six places, each gives its two counts back
        ("percent", [53.228962, 94.444444, float("nan"), 57.5], [53.2, 94.4, 57.5]),
        ("count", [218.0, 152.0], [218.0, 152.0]),
        ("rate_per_month", [62.083333, 61.5], [62.0, 62.0]),
        ("rate_per_month", [0.38, 0.0449], [0.38, 0.045]),  # a small rate is not drawn at 0
    ],
)
def test_a_line_is_drawn_at_the_figures_as_shown(unit, values, drawn):
    frame = pd.DataFrame(
        {"period_end": pd.date_range("2022-01-31", periods=len(values), freq="ME"), "value": values}
    )
    fig, ax = charts.new_figure()
    charts.line_chart(ax, {"Local": frame}, unit=unit, colours={"Local": "#0072b2"})
    line = ax.get_lines()[0]
    assert [v for v in line.get_ydata() if v == v] == drawn  # a withheld value is a gap
    assert _svg_values(fig, ax, "#0072b2") == pytest.approx(drawn, abs=1e-4)


def test_a_measure_is_drawn_at_its_values_as_shown():
    kpi = KPI.copy()
    kpi["unit"] = "percent"
    values = VALUES.assign(value=[53.228962, 94.444444, 57.55])
    fig, ax = charts.new_figure()
    charts.measure_chart(ax, values, kpi, ROW)
    local = next(x for x in ax.get_lines() if x.get_label() == "Local figure")
    assert list(local.get_ydata()) == [53.2, 94.4, 57.6]  # half up, as the table shows


def test_bars_are_drawn_at_whole_counts():
    fig, ax = charts.new_figure()
    charts.bar_chart(ax, ["a", "b"], [218.4, 151.5])
    assert [p.get_height() for p in ax.patches] == [218.0, 152.0]


def test_a_long_legend_goes_under_the_chart_so_the_plot_keeps_its_width():
    from wsoa_analysis.present.charts import new_figure, place_legend

    fig, ax = new_figure()
    ax.plot([0, 1], [0, 1], label="Statistical neighbours, our unweighted average of 10")
    place_legend(ax, ax.get_legend_handles_labels()[1])
    anchor = ax.get_legend().get_bbox_to_anchor().transformed(ax.transAxes.inverted())
    assert anchor.y0 < 0  # below the axes
    fig, ax = new_figure()
    ax.plot([0, 1], [0, 1], label="England")
    place_legend(ax, ax.get_legend_handles_labels()[1])
    anchor = ax.get_legend().get_bbox_to_anchor().transformed(ax.transAxes.inverted())
    assert anchor.x0 > 1  # beside it


def test_a_milestone_is_drawn_as_done_or_not_never_a_line_or_trajectory():
    kpi = KPI.copy()
    kpi["unit"] = "milestone"
    row = ROW.copy()  # even where a trajectory could be drawn from its numbers
    row["target_date_used"] = pd.Timestamp("2022-03-31")
    values = VALUES.assign(value=[0.0, 0.0, 1.0])
    fig, ax = charts.new_figure()
    charts.measure_chart(ax, values, kpi, row)
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels == ["Not yet", "Done", "Due"]
    assert all(line.get_linestyle() in ("None", "--") for line in ax.get_lines())
    assert list(ax.get_yticks()) == []
    text = charts.describe_measure(
        kpi, values, pd.concat([row, pd.Series({"target": "Done by Mar 2022"})])
    )
    assert text.endswith("Done in Q4 2021/22; Done by Mar 2022.")


def test_a_chart_of_zeros_starts_at_0_and_reaches_at_least_1():
    frame = pd.DataFrame({"period_end": pd.date_range("2022-01-31", periods=3, freq="ME")})
    fig, ax = charts.new_figure()
    charts.line_chart(ax, {"Local": frame.assign(value=0.0)}, unit="count")
    assert ax.get_ylim() == (0, 1)  # not -0.04 to 0.04
    fig, ax = charts.new_figure()
    charts.bar_chart(ax, ["a", "b"], [0, 0])
    assert ax.get_ylim() == (0, 1)
    fig, ax = charts.new_figure()
    charts.bar_chart(ax, ["a", "b"], [0, 0], horizontal=True)
    assert ax.get_xlim() == (0, 1)
    fig, ax = charts.new_figure()
    charts.measure_chart(
        ax,
        VALUES.assign(value=0.0),
        KPI,
        pd.concat([ROW.drop("target_value"), pd.Series({"target_value": 0.0})]),
    )
    assert ax.get_ylim()[0] == 0 and ax.get_ylim()[1] >= 1


def test_a_small_rate_is_drawn_and_ticked_to_its_decimals():
    kpi = KPI.copy()
    kpi["unit"] = "rate_per_month"
    values = VALUES.assign(value=[0.38, 0.414, 0.5])
    fig, ax = charts.new_figure()
    charts.measure_chart(
        ax,
        values,
        kpi,
        pd.concat(
            [
                ROW.drop(["target_value", "baseline_value", "baseline_used"]),
                pd.Series(
                    {
                        "decimals": 2,
                        "target_value": 0.2,
                        "baseline_value": 0.6,
                        "baseline_used": 0.6,
                    }
                ),
            ]
        ),
    )
    local = next(x for x in ax.get_lines() if x.get_label() == "Local figure")
    assert list(local.get_ydata()) == [0.38, 0.41, 0.5]  # not 0, 0, 1
    assert any(0 < t < 1 for t in ax.get_yticks())  # not whole-number ticks only
    text = charts.describe_measure(kpi, values, pd.concat([ROW, pd.Series({"decimals": 2})]))
    assert "to 0.50 a month in Q4 2021/22" in text  # every figure to the measure's decimals
