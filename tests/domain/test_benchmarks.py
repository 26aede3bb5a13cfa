"""Which published comparators a measure is shown against: chosen by kind and code, never by
the words of a label."""

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


def _rows(key, unit, figures):
    """figures: {area code: {year: value}} for calendar years."""
    rows = []
    for code, by_year in figures.items():
        name, level = _AREAS[code]
        for year, value in by_year.items():
            rows.append(
                {
                    "measure_key": key,
                    "area_code": code,
                    "area_name": name,
                    "geographic_level": level,
                    "time_period": str(year),
                    "period_start": pd.Timestamp(f"{year}-01-01"),
                    "period_end": pd.Timestamp(f"{year}-12-31"),
                    "value": value,
                    "symbol": "" if value == value else "c",
                    "unit": unit,
                    "source": f"DfE test release, {key}",
                }
            )
    return rows


BENCHMARKS = pd.DataFrame(
    _rows(
        "timely",
        "percent",
        {
            "E92000001": {2021: 59.9, 2022: 49.2},
            "E12000003": {2021: 65.6, 2022: 55.0},
            "E06000014": {2021: 62.2, 2022: 58.0},
            "E06000001": {2021: 70.0, 2022: 60.0},
            "E06000002": {2021: 50.0, 2022: math.nan},
            "E12000009": {2021: 61.0},
            "E10000099": {2021: 64.0},
        },
    )
    + _rows(
        "requests",
        "rate_per_month",
        {
            "E92000001": {2021: 5000.0, 2022: 6000.0},
            "E12000003": {2021: 400.0, 2022: 450.0},
            "E06000014": {2021: 12.0, 2022: 14.0},
            "E06000001": {2021: 20.0},
            "E10000099": {2021: 30.0},
        },
    )
)


def _by_kind(frame):
    return {k: list(part["value"]) for k, part in frame.groupby("kind", sort=False)}


def test_comparator_kinds():
    assert bm.comparator_kinds("percent") == ("england", "region", "neighbours")
    assert bm.comparator_kinds("count") == ("area",)
    assert bm.comparator_kinds("rate_per_month") == ("area",)


def test_york_gets_its_region_as_region_not_as_its_own():
    series = bm.comparator_series(BENCHMARKS, "timely", YORK)
    kinds = series.drop_duplicates("kind").set_index("kind")
    assert kinds.loc["region", "area_code"] == "E12000003"
    assert kinds.loc["region", "label"] == "Yorkshire and The Humber"
    assert kinds.loc["region", "series"] == "Yorkshire and The Humber (published)"
    assert kinds.loc["area", "area_code"] == "E06000014"
    assert kinds.loc["area", "label"] == "York"
    assert kinds.loc["england", "label"] == "England"
    assert kinds.loc["neighbours", "area_code"] == ""
    assert kinds.loc["neighbours", "label"] == bm.NEIGHBOURS_LABEL
    # a percentage: England, the region and the neighbours, not York's own figure
    shown = bm.chart_comparators(BENCHMARKS, "timely", YORK, "2022-12-31", "percent")
    assert _by_kind(shown) == {
        "england": [59.9, 49.2],
        "region": [65.6, 55.0],
        "neighbours": [60.0, 60.0],  # 2022: Middlesbrough withheld, Hartlepool alone
    }
    # a rate: York's own published figure only, never the region's
    shown = bm.chart_comparators(BENCHMARKS, "requests", YORK, "2022-12-31", "rate_per_month")
    assert _by_kind(shown) == {"area": [12.0, 14.0]}
    assert set(shown["label"]) == {"York"}


def test_an_area_named_differently_from_dfe_still_gets_its_own_figure():
    shown = bm.chart_comparators(BENCHMARKS, "requests", FOOSHIRE, "2022-12-31", "count")
    assert list(shown["kind"]) == ["area"] and list(shown["value"]) == [30.0]
    assert list(shown["label"]) == ["Fooshire"]  # DfE's name, found by code
    at = bm.comparators_at(BENCHMARKS, "requests", "2022-12-31", FOOSHIRE).set_index("kind")
    assert at.loc["area", "value"] == 30.0 and at.loc["area", "area_code"] == "E10000099"
    shown = bm.chart_comparators(BENCHMARKS, "timely", FOOSHIRE, "2022-12-31", "percent")
    assert _by_kind(shown) == {"england": [59.9, 49.2], "region": [61.0]}


@pytest.mark.parametrize(
    "date, years",
    [("2022-12-30", [2021]), ("2022-12-31", [2021, 2022]), ("2021-12-30", [])],
)
def test_no_comparator_after_the_reporting_date(date, years):
    shown = bm.chart_comparators(BENCHMARKS, "timely", YORK, date, "percent")
    assert sorted(set(shown["period_end"].dt.year)) == years
    assert (shown["period_end"] <= pd.Timestamp(date)).all()


def test_since_cuts_the_start():
    shown = bm.chart_comparators(
        BENCHMARKS, "timely", YORK, "2022-12-31", "percent", since="2022-12-31"
    )
    assert set(shown["period_end"].dt.year) == {2022}


@pytest.mark.parametrize("unit", ["count", "rate_per_month"])
def test_counts_and_rates_never_get_england(unit):
    shown = bm.chart_comparators(BENCHMARKS, "requests", YORK, "2022-12-31", unit)
    assert "england" not in set(shown["kind"]) and "E92000001" not in set(shown["area_code"])
    at = bm.comparators_at(BENCHMARKS, "requests", "2022-12-31", YORK)
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
    assert at.loc["region", "label"] == "Yorkshire and The Humber"
    assert at.loc["neighbours", "value"] == 60.0
    assert "average of 2 of 2 statistical neighbours (test list)" in at.loc["neighbours", "source"]
    at = bm.comparators_at(BENCHMARKS, "timely", "2022-12-31", YORK).set_index("kind")
    assert at.loc["neighbours", "value"] == 60.0
    assert "average of 1 of 2" in at.loc["neighbours", "source"]
    assert bm.scorecard_comparator(at.reset_index().iloc[0:0], "percent") is None


def test_a_withheld_latest_figure_keeps_its_symbol():
    at = bm.comparators_at(BENCHMARKS, "timely", "2022-12-31", YORK)
    row = bm.latest_published(BENCHMARKS, "timely", "E06000002", "2022-12-31")
    assert row["symbol"] == "c" and math.isnan(row["value"])
    assert bm.latest_published(BENCHMARKS, "timely", "E06000002", "2020-12-31") is None
    assert set(at["symbol"]) == {""}
