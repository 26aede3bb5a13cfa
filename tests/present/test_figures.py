"""A figure as the ledger lists it: its kind is one of four, its columns are the ledger's,
and a withheld figure has no value."""

import math

import pandas as pd
import pytest

from wsoa_analysis.present.figures import COLUMNS, KINDS, figure, figures


def test_a_figure_has_every_column_and_its_flags():
    row = figure(
        "Key impact measures",
        "Mediations: latest value",
        "13",
        kind="local",
        source="observations.csv: kpi_id P1-05, period_end 2023-06-30, column value",
        value="13",
        synthetic=1,
        published_on="2023-06-08",
    )
    assert list(row) == COLUMNS
    assert row["value"] == 13.0 and row["synthetic"] is True and row["suppressed"] is False
    assert row["published_on"] == pd.Timestamp("2023-06-08")


def test_a_withheld_figure_has_no_value():
    row = figure("s", "m", "c", kind="our calculation", source="x", value=3, suppressed=True)
    assert math.isnan(row["value"]) and row["shown"] == "c"


@pytest.mark.parametrize(
    "kind,more,message",
    [
        ("guess", {}, "unknown kind of figure 'guess'"),
        ("local", {"colour": "red"}, r"unknown column\(s\) of a figure: colour"),
    ],
)
def test_a_figure_is_refused_with_what_is_wrong(kind, more, message):
    with pytest.raises(ValueError, match=message):
        figure("s", "m", "1", kind=kind, source="x", **more)


def test_figures_have_the_ledgers_types():
    frame = figures([figure("s", "m", "1", kind=k, source="x", value=1) for k in KINDS])
    assert list(frame.columns) == COLUMNS
    assert frame["value"].dtype == "float64" and frame["synthetic"].dtype == bool
    assert str(frame["published_on"].dtype).startswith("datetime64")
    assert figures([]).empty and list(figures([]).columns) == COLUMNS
