"""HTML tables: a phone shows the scorecard and the action plan one block per row, so those
tables label each cell with its column and state their roles; other tables stay as they were."""

import re

import pandas as pd
import pytest

from wsoa_analysis.present.tables import Col, html_table

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
