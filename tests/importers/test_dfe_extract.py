"""The extract (``importers.dfe.extract``)."""

from __future__ import annotations

import csv
import warnings
from datetime import date

import pytest
from dfe_fixtures import (
    LA,
    NAN,
    TEST_PERIODS,
    TEST_RELEASES,
    TEST_SOURCES,
    Y21,
    Y22,
    YH,
    benchmark_frame,
    build,
    copy_fixture_dir,
)
from pandas.testing import assert_frame_equal

from wsoa_analysis.errors import ParameterError
from wsoa_analysis.importers import dfe
from wsoa_analysis.inputs.schema import BENCHMARKS, UNITS


@pytest.fixture
def fixture_dir(tmp_path):
    return copy_fixture_dir(tmp_path)


# --- the extract --------------------------------------------------------------------------

NEW_PCT = "DfE, Education, health and care plans, reporting year 2025, timeliness.csv, pc_ex"
PER_MONTH = "; published annual total divided by 12"
OLD_REQ = "DfE, Education, health and care plans, reporting year 2022, plans.csv, Requests"
NEW_REQ = "DfE, Education, health and care plans, reporting year 2025, timeliness.csv, requests"


def test_build_extract_percent_measure(fixture_dir):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the two releases agree: no warning
        got = build(fixture_dir)
    assert list(got.columns) == BENCHMARKS.column_names
    pct = got[got["measure_key"] == "pct"].reset_index(drop=True)
    # 2020 is outside the measure's span; Sheffield is neither area, region nor neighbour;
    # sorted National, Regional, then local authorities by code.
    expected = benchmark_frame(
        "pct",
        "percent",
        [
            ("E92000001", "England", "National", *Y21, 59.9, None, NEW_PCT),
            ("E92000001", "England", "National", *Y22, 49.2, None, NEW_PCT),
            ("E12000003", YH, "Regional", *Y21, 65.6, None, NEW_PCT),
            ("E12000003", YH, "Regional", *Y22, NAN, "u", NEW_PCT),
            ("E06000047", "County Durham", LA, *Y21, 55.0, None, NEW_PCT),
            ("E06000047", "County Durham", LA, *Y22, NAN, "x", NEW_PCT),
            ("E08000016", "Barnsley", LA, *Y21, 86.4, None, NEW_PCT),
            ("E08000016", "Barnsley", LA, *Y22, NAN, "c", NEW_PCT),
            ("E08000017", "Doncaster", LA, *Y21, 68.4, None, NEW_PCT),
            ("E08000017", "Doncaster", LA, *Y22, NAN, "low", NEW_PCT),
            ("E08000018", "Rotherham", LA, *Y21, 62.2, None, NEW_PCT),
            ("E08000018", "Rotherham", LA, *Y22, 51.6, None, NEW_PCT),
        ],
    )
    assert_frame_equal(pct, expected)


def test_build_extract_joins_releases_on_codes_and_divides_by_twelve(fixture_dir):
    got = build(fixture_dir)
    durham = got[
        (got["measure_key"] == "requests") & (got["area_code"] == "E06000047")
    ].reset_index(drop=True)
    # 2020 comes from the older release, where the area is called "Durham"; matched on its
    # code, it is shown under its newest name.
    expected = benchmark_frame(
        "requests",
        "rate_per_month",
        [
            (
                "E06000047",
                "County Durham",
                LA,
                "2020",
                "2020-01-01",
                "2020-12-31",
                25.0,
                None,
                OLD_REQ + PER_MONTH,
            ),
            ("E06000047", "County Durham", LA, *Y21, 30.0, None, NEW_REQ + PER_MONTH),
            ("E06000047", "County Durham", LA, *Y22, NAN, "..", NEW_REQ + PER_MONTH),
        ],
    )
    assert_frame_equal(durham, expected)


def test_build_extract_mixes_calendar_and_academic_years(fixture_dir):
    got = build(fixture_dir)
    interns = got[(got["measure_key"] == "interns") & (got["area_code"] == "E08000018")]
    assert interns["time_period"].tolist() == ["2020", "2021", "202425"]
    assert interns["value"].tolist() == [0.0, 8.0, 39.0]  # a published 0 stays a 0
    assert interns["symbol"].isna().all()
    assert interns["period_end"].dt.date.tolist() == [
        date(2020, 12, 31),
        date(2021, 12, 31),
        date(2025, 8, 31),
    ]


def test_build_extract_row_counts(fixture_dir):
    got = build(fixture_dir)
    # 6 areas: pct 2 periods, requests 3, interns 3
    assert got.groupby("measure_key").size().to_dict() == {"interns": 18, "pct": 12, "requests": 18}
    assert "E08000019" not in set(got["area_code"])
    assert not got.duplicated(list(BENCHMARKS.key)).any()


def test_build_extract_warns_when_releases_disagree(fixture_dir):
    sources = (
        dfe.MeasureSource("pct", "old", "plans.csv", "RateDraft", (), "percent"),
        *TEST_SOURCES[1:2],
    )
    with pytest.warns(dfe.ReleaseDifferenceWarning, match=r"E08000018 2021: 61 .* 62\.2"):
        got = build(fixture_dir, sources=sources, periods={})
    rotherham = got[(got["area_code"] == "E08000018") & (got["time_period"] == "2021")]
    assert rotherham["value"].tolist() == [62.2]


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        (
            {"region_code": "E12000001"},
            ParameterError,
            "place E08000018 in E12000003, not E12000001",
        ),
        ({"area_code": "E99999999"}, ParameterError, "not a local authority in any"),
        (
            {
                "sources": (
                    dfe.MeasureSource("pct", "ry1999", "plans.csv", "RateOld", (), "percent"),
                )
            },
            ParameterError,
            "release 'ry1999'",
        ),
        (
            {
                "sources": (
                    dfe.MeasureSource(
                        "pct", "old", "plans.csv", "RateOld", (), "percent", "squared"
                    ),
                )
            },
            ParameterError,
            "transform 'squared'",
        ),
    ],
)
def test_build_extract_parameter_errors(fixture_dir, options, error, message):
    with pytest.raises(error, match=message):
        build(fixture_dir, **options)


def test_build_extract_can_take_the_region_from_the_files(fixture_dir):
    got = build(fixture_dir, region_code=None)
    assert set(got.loc[got["geographic_level"] == "Regional", "area_code"]) == {"E12000003"}


def test_shipped_measure_table_is_consistent():
    releases = {release.folder for release in dfe.RELEASES}
    for spec in dfe.MEASURE_SOURCES:
        assert spec.release in releases
        assert spec.unit in UNITS
        assert spec.transform in dfe.TRANSFORMS
    assert {spec.measure_key for spec in dfe.MEASURE_SOURCES} == {
        "ehc_plans_20_weeks_ex",
        "ehc_requests_per_month",
        "supported_internships",
    }


def test_write_extract(fixture_dir, tmp_path):
    data = tmp_path / "data"
    benchmarks_path, neighbours_path = dfe.write_extract(
        fixture_dir,
        data,
        "E08000018",
        "E12000003",
        old_la_code="372",
        neighbour_workbook="sn_test.xlsx",
        sources=TEST_SOURCES,
        periods=TEST_PERIODS,
        releases=TEST_RELEASES,
    )
    assert (benchmarks_path, neighbours_path) == (
        data / "benchmarks.csv",
        data / "statistical_neighbours.csv",
    )
    with benchmarks_path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == BENCHMARKS.column_names  # no index column
    assert len(rows) == 48
    by_key = {(r["measure_key"], r["area_code"], r["time_period"]): r for r in rows}
    assert by_key[("pct", "E08000018", "2021")] | {"source": ""} == {
        "measure_key": "pct",
        "area_code": "E08000018",
        "area_name": "Rotherham",
        "geographic_level": "Local authority",
        "time_period": "2021",
        "period_start": "2021-01-01",
        "period_end": "2021-12-31",
        "value": "62.2",
        "symbol": "",
        "unit": "percent",
        "source": "",
    }
    assert by_key[("interns", "E08000018", "202425")]["value"] == "39"
    assert by_key[("interns", "E08000018", "202425")]["period_start"] == "2024-09-01"
    assert by_key[("pct", "E08000017", "2022")]["value"] == ""
    assert by_key[("pct", "E08000017", "2022")]["symbol"] == "low"
    with neighbours_path.open(newline="", encoding="utf-8") as handle:
        neighbours = list(csv.reader(handle))
    assert neighbours[0] == list(dfe.NEIGHBOUR_COLUMNS)
    assert [row[:5] for row in neighbours[1:]] == [
        ["1", "371", "E08000017", "Doncaster", "Extremely Close"],
        ["2", "840", "E06000047", "Durham", "Very Close"],
        ["3", "370", "E08000016", "Barnsley", "Very Close"],
    ]


def test_build_extract_keeps_only_periods_wholly_inside_a_measure_span(fixture_dir):
    got = build(fixture_dir, periods={"pct": (date(2020, 6, 1), date(2021, 12, 31))})
    pct = got[got["measure_key"] == "pct"]
    # 2020 starts before the span, 2022 ends after it
    assert set(pct["time_period"]) == {"2021"}
    assert set(got.loc[got["measure_key"] == "requests", "time_period"]) == {"2020", "2021", "2022"}


def test_build_extract_refuses_an_area_a_measure_has_no_figures_for(fixture_dir):
    # Sheffield has no row in the placements file, the only one inside this span
    placements_only = {"interns": (date(2024, 9, 1), date(2025, 8, 31))}
    with pytest.raises(ParameterError, match="interns: no figures for E08000019 in any release"):
        build(fixture_dir, area_code="E08000019", old_la_code="373", periods=placements_only)
