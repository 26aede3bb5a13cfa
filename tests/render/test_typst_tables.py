"""HTML tables as Typst tables: header rows, row headers, numbers, fills, and widths that
always fit the page."""

import random

import pytest

from wsoa_analysis.render.html_tree import Node, parse
from wsoa_analysis.render.typst_markup import Assets, Converter
from wsoa_analysis.render.typst_tables import (
    TEXT_WIDTH,
    column_widths,
    table,
    too_wide_for_portrait,
    type_size,
)


def first_table(html):
    root, svgs = parse(html)
    node = next(n for n in root.children if isinstance(n, Node) and n.tag == "table")
    return node, Converter(svgs, Assets(), set())


def widths(rows_html, size=8.5):
    node, _ = first_table(f"<table>{rows_html}</table>")
    rows = [r for r in node.children if isinstance(r, Node)]
    cols = max(len([c for c in r.children if isinstance(c, Node)]) for r in rows)
    return [float(w.removesuffix("pt")) for w in column_widths(rows, cols, size)]


SCORECARD = (
    '<table class="data scorecard"><caption>Key measures</caption><thead><tr>'
    '<th scope="col">Measure</th><th scope="col" class="num">Latest</th>'
    '<th scope="col">Rating</th></tr></thead><tbody><tr><th scope="row">Plans on time</th>'
    '<td class="num">56.6%</td><td class="rating-red">✗ Off track</td></tr></tbody></table>'
)


def test_header_rows_repeat_and_row_headers_are_bold():
    node, convert = first_table(SCORECARD)
    markup = table(node, convert)
    assert "table.header(" in markup and markup.count("table.header(") == 1
    assert "#strong[Plans on time]" in markup
    assert "caption: [Key measures]" in markup


def test_numbers_align_right_and_rating_cells_are_filled():
    markup = table(*first_table(SCORECARD))
    assert "align: right + top" in markup
    assert 'fill: cell-fill("rating-red")' in markup


def test_spans_carry_over():
    markup = table(*first_table('<table><tr><td colspan="2" rowspan="3">x</td></tr></table>'))
    assert "colspan: 2" in markup and "rowspan: 3" in markup


def test_a_first_row_of_th_is_the_header_without_thead():
    markup = table(*first_table("<table><tr><th>A</th></tr><tr><td>1</td></tr></table>"))
    assert "table.header(" in markup


def test_short_columns_are_not_wrapped_and_the_rest_share_what_is_left():
    got = widths(
        "<tr><td>" + "a long action description " * 6 + "</td><td>September 2022</td></tr>"
    )
    date_width = len("September 2022") * 0.62 * 8.5
    assert got[1] >= date_width and got[0] > got[1]


def test_the_column_naming_rows_is_not_squeezed():
    cells = "".join(f"<td>{'x' * 8}</td>" for _ in range(7))
    got = widths(f'<tr><th scope="row">{"measure name " * 6}</th>{cells}</tr>', size=7.5)
    assert got[0] >= 12 * 7.5 * 0.96


@pytest.mark.parametrize("seed", range(25))
def test_columns_never_add_up_to_more_than_the_page(seed):
    rng = random.Random(seed)
    columns = rng.randint(1, 20)
    rows = "".join(
        "<tr>"
        + "".join(
            f"<td>{' '.join('w' * rng.randint(1, 14) for _ in range(rng.randint(1, 12)))}</td>"
            for _ in range(columns)
        )
        + "</tr>"
        for _ in range(rng.randint(1, 5))
    )
    size = type_size(columns)
    assert sum(widths(rows, size)) <= TEXT_WIDTH


def test_a_table_whose_words_cannot_fit_portrait_is_turned():
    wide, convert = first_table(
        "<table><tr>" + "".join(f"<td>{123456 + i:,}</td>" for i in range(30)) + "</tr></table>"
    )
    rows = [r for r in wide.children if isinstance(r, Node)]
    assert too_wide_for_portrait(rows, 30, type_size(30))
    assert table(wide, convert).startswith("#landscape[")
    narrow, convert = first_table(SCORECARD)
    assert not table(narrow, convert).startswith("#landscape[")
