"""HTML tables: a phone shows the scorecard and the action plan one block per row, so those
tables label each cell with its column and state their roles; other tables stay as they were."""

import re

import pandas as pd
import pytest

from wsoa_analysis.present.tables import Col, html_table, marked, synthetic_mark

FRAME = pd.DataFrame({"title": ["Mediations", "Tribunals <b>"], "rating": ["Red", "Green"]})
COLUMNS = [Col("title", "Measure"), Col("rating", "Rating & status")]


@pytest.mark.parametrize("cls", ["data scorecard", "data tracker", "data stack", "stack"])
def test_stacked_tables_label_each_cell_and_keep_their_roles(cls):
    html = str(html_table(FRAME, COLUMNS, caption="Measures", cls=cls))
    assert html.startswith(f'<table class="{cls}" role="table">')
    assert html.count('data-label="Rating &amp; status"') == 2  # one per row, escaped
    assert '<th scope="col" role="columnheader">Measure</th>' in html
    assert '<th scope="row" role="rowheader">Tribunals &lt;b&gt;</th>' in html
    assert '<td role="cell" data-label="Rating &amp; status">Red</td>' in html
    assert html.count('<tr role="row">') == 3
    assert html.count('role="rowgroup"') == 2
    assert "<caption>Measures</caption>" in html


@pytest.mark.parametrize("cls", ["data", "data compact", "scorecards", "tracker-like"])
def test_other_tables_are_unchanged(cls):
    html = str(html_table(FRAME, COLUMNS, caption="Measures", cls=cls))
    assert "data-label" not in html and "role=" not in html
    expected = (
        f'<table class="{cls}">\n<caption>Measures</caption>\n'
        '<thead><tr><th scope="col">Measure</th><th scope="col">Rating &amp; status</th></tr>'
        "</thead>\n<tbody>\n"
        '<tr><th scope="row">Mediations</th><td>Red</td></tr>\n'
        '<tr><th scope="row">Tribunals &lt;b&gt;</th><td>Green</td></tr>\n'
        "</tbody>\n</table>"
    )
    assert html == expected


def test_numeric_cells_keep_their_class_when_labelled():
    frame = pd.DataFrame({"ref": ["1.1"], "n": [3]})
    html = str(
        html_table(frame, [Col("ref", "Ref"), Col("n", "Actions", numeric=True)], cls="stack")
    )
    assert re.search(r'<td role="cell" class="num" data-label="Actions">3</td>', html)


def test_a_column_marks_the_figures_its_row_says_are_synthetic():
    frame = pd.DataFrame(
        {
            "month": ["Jul 2021", "Aug 2021", "Sep 2021"],
            "n": [67, None, 5],
            "invented": [True, True, False],
        }
    )
    cols = [Col("month", "Month"), Col("n", "Requests", numeric=True, synthetic="invented")]
    cells = re.findall(r'<td class="num">(.*?)</td>', str(html_table(frame, cols)))
    mark = '<sup class="synthetic-mark" title="synthetic example value">†</sup>'
    assert cells == [f"67.0{mark}", "–", "5.0"]  # no figure, no mark
    assert str(synthetic_mark()) == mark
    plain = [Col("month", "Month"), Col("n", "Requests", numeric=True)]
    assert "synthetic-mark" not in str(html_table(frame, plain))


def test_a_formatted_column_keeps_its_mark():
    frame = pd.DataFrame({"k": ["a"], "n": [3], "s": [True]})
    cols = [Col("k", "K"), Col("n", "N", fmt=lambda v, r: f"{v} a month", synthetic="s")]
    assert "3 a month<sup" in str(html_table(frame, cols))


def test_the_mark_is_the_pages_mark():
    from wsoa_analysis.present.sections import common

    assert str(common.synthetic_mark()) == str(synthetic_mark())
    assert marked("64", True) == "64†" and marked("64", False) == "64"
