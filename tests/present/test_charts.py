import re

import pandas as pd

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
