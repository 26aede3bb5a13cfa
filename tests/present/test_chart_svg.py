"""A figure as inline SVG, and the switch that skips drawing."""

from wsoa_analysis.present.chart_svg import svg, without_drawing
from wsoa_analysis.present.charts import new_figure


def test_without_drawing_a_chart_is_an_empty_svg_and_drawing_comes_back():
    fig, ax = new_figure()
    ax.plot([0, 1], [0, 1])
    with without_drawing():
        assert svg(fig) == '<svg focusable="false" aria-hidden="true"></svg>'
    drawn = svg(fig)
    assert drawn.startswith("<svg ") and "<path" in drawn
