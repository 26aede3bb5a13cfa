"""Which published comparators a measure is shown against: only figures published by the
reporting date (never from the day their period ended), cited from the release they came
from, chosen by kind and code, never by the words of a label; the neighbours' average is ours
and says so."""

import math

import pandas as pd
import pytest

from wsoa_analysis.config.settings import Area
from wsoa_analysis.domain import benchmarks as bm

YORK = Area(
    name="York",
    code="E06000014",
    region_code="E12000003",
    statistical_neighbours={"source": "test list", "codes": ["E06000001", "E06000002"]},
)
# The settings name adds "County Council" to the name DfE uses
FOOSHIRE = Area(name="Fooshire County Council", code="E10000099", region_code="E12000009")

_AREAS = {
    "E92000001": ("England", "National"),
    "E12000003": ("Yorkshire and The Humber", "Regional"),
    "E06000014": ("York", "Local authority"),
    "E06000001": ("Hartlepool", "Local authority"),
    "E06000002": ("Middlesbrough", "Local authority"),
    "E12000009": ("South West", "Regional"),
    "E10000099": ("Fooshire", "Local authority"),
}

# A release calendar: calendar year Y is first published in "Release Y+1"; we hold the 2022
# and 2025 releases, not the 2023 one.
R22, R23, R25 = "Release 2022", "Release 2023", "Release 2025"
DAYS = {R22: "2022-05-12", R23: "2023-06-08", R25: "2025-06-26"}
FIRST = {2020: None, 2021: R22, 2022: R23}


def _rows(key, unit, figures, release=R22):
    """figures: {area code: {year: value}} for calendar years, as held from ``release``."""
    rows = []
    for code, by_year in figures.items():
        name, level = _AREAS[code]
        for year, value in by_year.items():
            first = FIRST[year]
            rows.append(
                {
                    "measure_key": key,
                    "area_code": code,
                    "area_name": name,
                    "geographic_level": level,
                    "time_period": str(year),
                    "period_kind": "calendar_year",
                    "period_start": pd.Timestamp(f"{year}-01-01"),
                    "period_end": pd.Timestamp(f"{year}-12-31"),
                    "value": value,
                    "symbol": "" if value == value else "c",
                    "unit": unit,
                    "definition": f"what {key} counts",
                    "publication": "Test statistics",
                    "release": release,
                    "published_on": pd.Timestamp(DAYS[release]),
                    "first_release": first,
                    "first_published_on": pd.Timestamp(DAYS[first]) if first else pd.NaT,
                    "source": f"DfE, Test statistics, {release}, file.csv, {key}",
                }
            )
    return rows


BENCHMARKS = pd.DataFrame(
    _rows(
        "timely",
        "percent",
        {
            "E92000001": {2021: 59.9},
            "E12000003": {2021: 65.6},
            "E06000014": {2021: 62.2},
            "E06000001": {2021: 70.0},
            "E06000002": {2021: 50.0},
            "E12000009": {2021: 61.0},
            "E10000099": {2021: 64.0},
        },
    )
    # the 2025 release: 2022 (first published in 2023's, which we do not hold) and 2021
    # again, England and Hartlepool revised
    + _rows(
        "timely",
        "percent",
        {
            "E92000001": {2021: 60.1, 2022: 49.2},
            "E12000003": {2021: 65.6, 2022: 55.0},
            "E06000014": {2021: 62.2, 2022: 58.0},
            "E06000001": {2021: 72.0, 2022: 60.0},
            "E06000002": {2021: 50.0, 2022: math.nan},
        },
        release=R25,
    )
    + _rows(
        "requests",
        "rate_per_month",
        {
            "E92000001": {2021: 5000.0},
            "E12000003": {2021: 400.0},
            "E06000014": {2021: 12.0},
            "E06000001": {2021: 20.0},
            "E10000099": {2021: 30.0},
        },
    )
    + _rows(
        "requests",
        "rate_per_month",
        {"E92000001": {2022: 6000.0}, "E12000003": {2022: 450.0}, "E06000014": {2022: 14.0}},
        release=R25,
    )
)


def _by_kind(frame):
    return {k: list(part["value"]) for k, part in frame.groupby("kind", sort=False)}


def test_comparator_kinds():
    # the area's own published percentage is shown too: it is not the local series
    assert bm.comparator_kinds("percent") == ("england", "region", "neighbours", "area")
    assert bm.comparator_kinds("count") == ("area",)
    assert bm.comparator_kinds("rate_per_month") == ("area",)


# --- shown from the day it was published -------------------------------------------------


@pytest.mark.parametrize(
    "date, year, value",
    [
        ("2022-05-11", None, None),  # 2021 not yet published
        ("2022-05-12", 2021, 59.9),  # the day its release was published
        ("2022-12-31", 2021, 59.9),  # 2022 has ended, but is not published
        ("2023-06-07", 2021, 59.9),
        ("2023-06-08", 2022, 49.2),  # first published in the 2023 release
        ("2025-07-01", 2022, 49.2),
    ],
)
def test_a_figure_is_shown_from_its_first_publication_not_its_period_end(date, year, value):
    row = bm.latest_published(BENCHMARKS, "timely", "E92000001", date)
    if year is None:
        assert row is None
    else:
        assert (row["period_end"].year, row["value"]) == (year, value)


@pytest.mark.parametrize(
    "date, years",
    [
        ("2022-05-11", []),
        ("2022-12-31", [2021]),
        ("2023-06-07", [2021]),
        ("2023-06-08", [2021, 2022]),
    ],
)
def test_charts_plot_only_what_was_published_by_the_date(date, years):
    shown = bm.chart_comparators(BENCHMARKS, "timely", YORK, date, "percent")
    assert sorted(set(shown["period_end"].dt.year)) == years
    assert (shown["period_end"] <= pd.Timestamp(date)).all()


def test_a_pack_cites_the_newest_release_it_holds_published_by_its_date():
    """2021 is in the 2022 and the 2025 releases: a pack before June 2025 shows and cites the
    2022 release's figure, a later one the 2025 release's (England revised to 60.1)."""
    then = bm.comparators_at(BENCHMARKS, "timely", "2022-08-31", YORK).set_index("kind")
    assert then.loc["england", "value"] == 59.9
    assert then.loc["england", "source"] == (
        "DfE, Test statistics, Release 2022 (published 12 May 2022), file.csv, timely"
    )
    rows = BENCHMARKS[
        (BENCHMARKS["measure_key"] == "timely") & (BENCHMARKS["time_period"] == "2021")
    ]
    later = bm.published_by(rows, "2025-07-01").set_index("area_code")
    assert later.loc["E92000001", "value"] == 60.1
    assert later.loc["E92000001", "citation"] == (
        "DfE, Test statistics, Release 2025 (published 26 June 2025), file.csv, timely; "
        "first published 12 May 2022 in Release 2022"
    )


def test_a_figure_first_published_in_a_release_not_held_says_where_its_value_is_from():
    at = bm.comparators_at(BENCHMARKS, "timely", "2023-06-30", YORK).set_index("kind")
    assert at.loc["england", "value"] == 49.2 and at.loc["england", "period"] == "2022"
    assert at.loc["england", "source"] == (
        "First published 8 June 2023 in Release 2023; value as in DfE, Test statistics, "
        "Release 2025 (published 26 June 2025), file.csv, timely"
    )
    assert at.loc["england", "shown_from"] == pd.Timestamp("2023-06-08")


def test_where_the_calendar_cannot_say_a_figure_waits_for_the_release_held():
    """A 2020 figure with no known first release is shown from the day the earliest release
    we hold of it was published: later than it may have been, never earlier."""
    old = pd.DataFrame(_rows("old", "percent", {"E92000001": {2020: 58.0}}))
    assert bm.latest_published(old, "old", "E92000001", "2022-05-11") is None
    row = bm.latest_published(old, "old", "E92000001", "2022-05-12")
    assert (
        row["citation"]
        == "DfE, Test statistics, Release 2022 (published 12 May 2022), file.csv, old"
    )


# --- the neighbours' average: ours ---------------------------------------------------------


def test_the_neighbours_average_is_labelled_ours_and_names_the_authorities():
    at = bm.comparators_at(BENCHMARKS, "timely", "2022-08-31", YORK).set_index("kind")
    label = "Statistical neighbours, our unweighted average of 2 authorities"
    assert at.loc["neighbours", "label"] == label
    assert "(published)" not in at.loc["neighbours", "label"]
    assert at.loc["neighbours", "value"] == 60.0  # (70 + 50) / 2, not pooled
    source = at.loc["neighbours", "source"]
    assert source.startswith("Our calculation, not a DfE figure: the unweighted average")
    assert "not pooled" in source and ": Hartlepool, Middlesbrough." in source
    assert "from DfE's Release 2022" in source and "test list" in source
    series = bm.chart_comparators(BENCHMARKS, "timely", YORK, "2022-08-31", "percent")
    assert set(series.loc[series["kind"] == "neighbours", "series"]) == {label}


def test_the_neighbours_average_uses_each_figure_as_published_by_the_date():
    """Hartlepool's 2021 figure is 70.0 in the 2022 release, 72.0 in the 2025 one."""
    codes = YORK.statistical_neighbours.codes
    then = bm.neighbour_average(BENCHMARKS, "timely", codes, "2022-08-31")
    later = bm.neighbour_average(BENCHMARKS, "timely", codes, "2025-07-01")
    assert then["value"].tolist() == [60.0]
    assert later["value"].tolist() == [61.0, 60.0]  # 2022: Middlesbrough withheld
    assert later["areas"].tolist() == [2, 1]


def test_a_withheld_neighbour_is_named():
    at = bm.comparators_at(BENCHMARKS, "timely", "2023-06-30", YORK).set_index("kind")
    assert at.loc["neighbours", "value"] == 60.0  # Hartlepool alone
    source = at.loc["neighbours", "source"]
    assert "of 1 of the 2 statistical neighbours" in source
    assert "(no figure for Middlesbrough)" in source


# --- by kind and code, never by label ------------------------------------------------------


def test_york_gets_its_region_as_region_not_as_its_own():
    series = bm.comparator_series(BENCHMARKS, "timely", YORK, "2025-07-01")
    kinds = series.drop_duplicates("kind").set_index("kind")
    assert kinds.loc["region", "area_code"] == "E12000003"
    assert kinds.loc["region", "label"] == "Yorkshire and The Humber"
    assert kinds.loc["region", "series"] == "Yorkshire and The Humber (published)"
    assert kinds.loc["area", "area_code"] == "E06000014"
    assert kinds.loc["area", "label"] == "York"
    assert kinds.loc["area", "series"] == "York (published)"
    assert kinds.loc["england", "label"] == "England"
    assert kinds.loc["neighbours", "area_code"] == ""
    assert kinds.loc["neighbours", "label"] == bm.neighbours_label(2)
    # a percentage: England, the region, the neighbours and York's own published figure
    shown = bm.chart_comparators(BENCHMARKS, "timely", YORK, "2025-07-01", "percent")
    assert _by_kind(shown) == {
        "england": [60.1, 49.2],
        "region": [65.6, 55.0],
        "area": [62.2, 58.0],
        "neighbours": [61.0, 60.0],  # 2022: Middlesbrough withheld, Hartlepool alone
    }
    # a rate: York's own published figure only, never the region's
    shown = bm.chart_comparators(BENCHMARKS, "requests", YORK, "2025-07-01", "rate_per_month")
    assert _by_kind(shown) == {"area": [12.0, 14.0]}
    assert set(shown["label"]) == {"York"}


def test_an_area_named_differently_from_dfe_still_gets_its_own_figure():
    shown = bm.chart_comparators(BENCHMARKS, "requests", FOOSHIRE, "2025-07-01", "count")
    assert list(shown["kind"]) == ["area"] and list(shown["value"]) == [30.0]
    assert list(shown["label"]) == ["Fooshire"]  # DfE's name, found by code
    at = bm.comparators_at(BENCHMARKS, "requests", "2025-07-01", FOOSHIRE).set_index("kind")
    assert at.loc["area", "value"] == 30.0 and at.loc["area", "area_code"] == "E10000099"
    shown = bm.chart_comparators(BENCHMARKS, "timely", FOOSHIRE, "2025-07-01", "percent")
    assert _by_kind(shown) == {"england": [60.1, 49.2], "region": [61.0], "area": [64.0]}


def test_since_cuts_the_start():
    shown = bm.chart_comparators(
        BENCHMARKS, "timely", YORK, "2025-07-01", "percent", since="2022-12-31"
    )
    assert set(shown["period_end"].dt.year) == {2022}


@pytest.mark.parametrize("unit", ["count", "rate_per_month"])
def test_counts_and_rates_never_get_england(unit):
    shown = bm.chart_comparators(BENCHMARKS, "requests", YORK, "2025-07-01", unit)
    assert "england" not in set(shown["kind"]) and "E92000001" not in set(shown["area_code"])
    at = bm.comparators_at(BENCHMARKS, "requests", "2025-07-01", YORK)
    picked = bm.scorecard_comparator(at, unit)
    assert picked["kind"] == "area" and picked["value"] == 14.0
    assert bm.scorecard_comparator(at, "percent")["kind"] == "england"


def test_no_key_gives_an_empty_frame_with_the_columns():
    for key in (None, float("nan"), ""):
        shown = bm.chart_comparators(BENCHMARKS, key, YORK, "2022-12-31", "percent")
        assert shown.empty and list(shown.columns) == bm.SERIES_COLUMNS


def test_comparators_at_a_date():
    at = bm.comparators_at(BENCHMARKS, "timely", "2022-06-30", YORK).set_index("kind")
    assert list(at.index) == ["england", "region", "area", "neighbours"]
    assert at.loc["england", "value"] == 59.9 and at.loc["england", "period"] == "2021"
    assert at.loc["region", "label"] == "Yorkshire and The Humber"
    assert at.loc["england", "definition"] == "what timely counts"
    assert bm.scorecard_comparator(at.reset_index().iloc[0:0], "percent") is None


def test_a_withheld_latest_figure_keeps_its_symbol():
    at = bm.comparators_at(BENCHMARKS, "timely", "2023-06-30", YORK)
    row = bm.latest_published(BENCHMARKS, "timely", "E06000002", "2023-06-30")
    assert row["symbol"] == "c" and math.isnan(row["value"])
    assert bm.latest_published(BENCHMARKS, "timely", "E06000002", "2021-12-31") is None
    assert set(at["symbol"]) == {""}


@pytest.mark.parametrize(
    "start, end, kind, label",
    [
        ("2022-01-01", "2022-12-31", "calendar_year", "2022"),
        ("2022-09-01", "2023-08-31", "academic_year", "2022/23 academic year"),
        ("2022-04-01", "2023-03-31", "financial_year", "2022/23 financial year"),
        ("2022-01-01", "2022-01-31", "census", "January 2022 census"),
        ("2022-01-01", "2022-01-31", None, "January 2022"),
    ],
)
def test_published_period_label(start, end, kind, label):
    assert bm.published_period_label(start, end, kind) == label
