"""The extract (``importers.dfe.extract``)."""

from __future__ import annotations

import csv
import warnings
from datetime import date

import pandas as pd
import pytest
from dfe_fixtures import (
    LA,
    NAN,
    TEST_CALENDAR,
    TEST_DEFINITIONS,
    TEST_PERIODS,
    TEST_RELEASES,
    TEST_SOURCES,
    Y21,
    Y22,
    YH,
    benchmark_frame,
    build,
    copy_fixture_dir,
    long_frame,
    write_calendar,
)
from pandas.testing import assert_frame_equal

from wsoa_analysis.errors import InputError, ParameterError
from wsoa_analysis.importers import dfe
from wsoa_analysis.importers.dfe.measures import dated_periods
from wsoa_analysis.inputs.benchmark_checks import check_benchmarks
from wsoa_analysis.inputs.load import load_table
from wsoa_analysis.inputs.schema import BENCHMARKS, UNITS


@pytest.fixture
def fixture_dir(tmp_path):
    return copy_fixture_dir(tmp_path)


# --- the extract --------------------------------------------------------------------------

R22, R23, R25 = "Reporting year 2022", "Reporting year 2023", "Reporting year 2025"
NEW_PCT = "DfE, Education, health and care plans, Reporting year 2025, timeliness.csv, pc_ex"
OLD_PCT = "DfE, Education, health and care plans, Reporting year 2022, plans.csv, RateOld"
PER_MONTH = "; published annual total divided by 12"
OLD_REQ = "DfE, Education, health and care plans, Reporting year 2022, plans.csv, Requests"
NEW_REQ = "DfE, Education, health and care plans, Reporting year 2025, timeliness.csv, requests"


def test_build_extract_percent_measure(fixture_dir):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the two releases agree: no warning
        got = build(fixture_dir)
    assert list(got.columns) == BENCHMARKS.column_names
    pct = got[got["measure_key"] == "pct"].reset_index(drop=True)
    # 2020 is outside the measure's span; Sheffield is neither area, region nor neighbour;
    # sorted National, Regional, then local authorities by code, then period and release.
    # 2021 is in both releases: both rows are kept. Calendar 2021 was first published in
    # the 2022 release, 2022 in the 2023 release (which the extract does not hold).
    expected = benchmark_frame(
        "pct",
        "percent",
        [
            ("E92000001", "England", "National", *Y21, 59.9, None, R22, R22, OLD_PCT),
            ("E92000001", "England", "National", *Y21, 59.9, None, R25, R22, NEW_PCT),
            ("E92000001", "England", "National", *Y22, 49.2, None, R25, R23, NEW_PCT),
            ("E12000003", YH, "Regional", *Y21, 65.6, None, R22, R22, OLD_PCT),
            ("E12000003", YH, "Regional", *Y21, 65.6, None, R25, R22, NEW_PCT),
            ("E12000003", YH, "Regional", *Y22, NAN, "u", R25, R23, NEW_PCT),
            ("E06000047", "County Durham", LA, *Y21, 55.0, None, R22, R22, OLD_PCT),
            ("E06000047", "County Durham", LA, *Y21, 55.0, None, R25, R22, NEW_PCT),
            ("E06000047", "County Durham", LA, *Y22, NAN, "x", R25, R23, NEW_PCT),
            ("E08000016", "Barnsley", LA, *Y21, 86.4, None, R22, R22, OLD_PCT),
            ("E08000016", "Barnsley", LA, *Y21, 86.4, None, R25, R22, NEW_PCT),
            ("E08000016", "Barnsley", LA, *Y22, NAN, "c", R25, R23, NEW_PCT),
            ("E08000017", "Doncaster", LA, *Y21, 68.4, None, R22, R22, OLD_PCT),
            ("E08000017", "Doncaster", LA, *Y21, 68.4, None, R25, R22, NEW_PCT),
            ("E08000017", "Doncaster", LA, *Y22, NAN, "low", R25, R23, NEW_PCT),
            ("E08000018", "Rotherham", LA, *Y21, 62.2, None, R22, R22, OLD_PCT),
            ("E08000018", "Rotherham", LA, *Y21, 62.2, None, R25, R22, NEW_PCT),
            ("E08000018", "Rotherham", LA, *Y22, 51.6, None, R25, R23, NEW_PCT),
        ],
    )
    assert_frame_equal(pct, expected)


def test_build_extract_joins_releases_on_codes_and_divides_by_twelve(fixture_dir):
    got = build(fixture_dir)
    durham = got[
        (got["measure_key"] == "requests") & (got["area_code"] == "E06000047")
    ].reset_index(drop=True)
    # 2020 comes from the older release, where the area is called "Durham"; matched on its
    # code, it is shown under its newest name. The calendar starts in 2021: when 2020 was
    # first published it cannot say.
    y20 = ("2020", "2020-01-01", "2020-12-31")
    expected = benchmark_frame(
        "requests",
        "rate_per_month",
        [
            ("E06000047", "County Durham", LA, *y20, 25.0, None, R22, None, OLD_REQ + PER_MONTH),
            ("E06000047", "County Durham", LA, *Y21, 30.0, None, R22, R22, OLD_REQ + PER_MONTH),
            ("E06000047", "County Durham", LA, *Y21, 30.0, None, R25, R22, NEW_REQ + PER_MONTH),
            ("E06000047", "County Durham", LA, *Y22, NAN, "..", R25, R23, NEW_REQ + PER_MONTH),
        ],
    )
    assert_frame_equal(durham, expected)


def test_build_extract_dates_a_census_count_to_its_census_month(fixture_dir):
    """A January count is published as "2021, Calendar year" or "202425, Academic year": it
    is the January 2021 or January 2025 census, and is dated to that month."""
    got = build(fixture_dir)
    interns = got[(got["measure_key"] == "interns") & (got["area_code"] == "E08000018")]
    assert interns["time_period"].tolist() == ["2020", "2021", "202425"]
    assert interns["period_kind"].tolist() == ["census"] * 3
    assert interns["value"].tolist() == [0.0, 8.0, 39.0]  # a published 0 stays a 0
    assert interns["symbol"].isna().all()
    assert interns["period_start"].dt.date.tolist() == [
        date(2020, 1, 1),
        date(2021, 1, 1),
        date(2025, 1, 1),
    ]
    assert interns["period_end"].dt.date.tolist() == [
        date(2020, 1, 31),
        date(2021, 1, 31),
        date(2025, 1, 31),
    ]
    # January 2025 was first published in the 2025 release; for 2020 and 2021 the calendar
    # (from May 2021) cannot say
    assert interns["first_release"].fillna("").tolist() == ["", "", R25]


def test_build_extract_names_the_kind_of_each_period(fixture_dir):
    got = build(fixture_dir)
    assert set(got.loc[got["measure_key"] == "pct", "period_kind"]) == {"calendar_year"}
    assert set(got.loc[got["measure_key"] == "interns", "period_kind"]) == {"census"}


QUARTER = ("E08000018", "Rotherham", LA, "2022", "2022-04-01", "2022-06-30", 1.0, None)


@pytest.mark.parametrize(
    ("census_month", "message"),
    [
        (None, r"pct, src: the period 2022 \(2022-04-01 to 2022-06-30\) is not a calendar, "),
        (1, r"pct, src: 2022: the period 2022-04-01 to 2022-06-30 does not hold January"),
    ],
)
def test_a_period_of_no_known_kind_is_refused(census_month, message):
    spec = dfe.MeasureSource("pct", "new", "f.csv", "c", (), "percent", census_month=census_month)
    with pytest.raises(ParameterError, match=message):
        dated_periods(long_frame([QUARTER]), spec, "src")


def test_build_extract_row_counts(fixture_dir):
    got = build(fixture_dir)
    # 6 areas: pct 2 periods (2021 in both releases), requests 3 (2021 in both), interns 3
    assert got.groupby("measure_key").size().to_dict() == {"interns": 18, "pct": 18, "requests": 24}
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
    # both releases' figures are kept: a pack shows the one published by its date
    assert list(zip(rotherham["release"], rotherham["value"], strict=True)) == [
        (R22, 61.0),
        (R25, 62.2),
    ]


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        (
            {"region_code": "E12000001"},
            ParameterError,
            "place E08000018 in E12000003, not E12000001",
        ),
        # an area DfE's files do not hold is bad input (exit 2), naming the code and files
        (
            {"area_code": "E99999999"},
            InputError,
            r"column area.code: 'E99999999': is not a local authority in any of DfE's files "
            r"\(.*plans\.csv",
        ),
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
        ({"calendar": None}, ParameterError, "no release calendar: .* dfe_releases.csv"),
        (
            {"calendar": TEST_CALENDAR[TEST_CALENDAR["release"] != R25]},
            ParameterError,
            "release 'Reporting year 2025' of 'Education, health and care plans' \\(folder new\\) "
            "is not listed",
        ),
        (
            {"definitions": {**TEST_DEFINITIONS, "interns": ""}},
            ParameterError,
            "interns: no definition",
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


def write(fixture_dir, data):
    return dfe.write_extract(
        fixture_dir,
        data,
        "E08000018",
        "E12000003",
        old_la_code="372",
        neighbour_workbook="sn_test.xlsx",
        sources=TEST_SOURCES,
        periods=TEST_PERIODS,
        releases=TEST_RELEASES,
        definitions=TEST_DEFINITIONS,
    )


def test_write_extract(fixture_dir, tmp_path):
    data = tmp_path / "data"
    write_calendar(data)  # the release calendar sits beside the extract
    benchmarks_path, neighbours_path = write(fixture_dir, data)
    assert (benchmarks_path, neighbours_path) == (
        data / "benchmarks.csv",
        data / "statistical_neighbours.csv",
    )
    with benchmarks_path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == BENCHMARKS.column_names  # no index column
    assert len(rows) == 60
    by_key = {(r["measure_key"], r["area_code"], r["time_period"], r["release"]): r for r in rows}
    assert by_key[("pct", "E08000018", "2021", R25)] | {"source": ""} == {
        "measure_key": "pct",
        "area_code": "E08000018",
        "area_name": "Rotherham",
        "geographic_level": "Local authority",
        "time_period": "2021",
        "period_kind": "calendar_year",
        "period_start": "2021-01-01",
        "period_end": "2021-12-31",
        "value": "62.2",
        "symbol": "",
        "unit": "percent",
        "definition": "Percentage issued within 20 weeks",
        "publication": "Education, health and care plans",
        "release": R25,
        "published_on": "2025-06-26",
        "first_release": R22,
        "first_published_on": "2022-05-12",
        "source": "",
    }
    interns = by_key[("interns", "E08000018", "202425", R25)]
    assert (interns["value"], interns["period_start"], interns["period_end"]) == (
        "39",
        "2025-01-01",
        "2025-01-31",
    )
    assert by_key[("pct", "E08000017", "2022", R25)]["value"] == ""
    assert by_key[("pct", "E08000017", "2022", R25)]["symbol"] == "low"
    unknown = by_key[("requests", "E08000018", "2020", R22)]  # before the calendar starts
    assert (unknown["first_release"], unknown["first_published_on"]) == ("", "")
    with neighbours_path.open(newline="", encoding="utf-8") as handle:
        neighbours = list(csv.reader(handle))
    assert neighbours[0] == list(dfe.NEIGHBOUR_COLUMNS)
    assert [row[:5] for row in neighbours[1:]] == [
        ["1", "371", "E08000017", "Doncaster", "Extremely Close"],
        ["2", "840", "E06000047", "Durham", "Very Close"],
        ["3", "370", "E08000016", "Barnsley", "Very Close"],
    ]


def test_write_extract_needs_the_release_calendar_beside_it(fixture_dir, tmp_path):
    data = tmp_path / "data"
    with pytest.raises(InputError, match=r"dfe_releases.csv: the file is missing"):
        write(fixture_dir, data)
    assert not (data / "benchmarks.csv").exists()


def test_the_written_extract_loads_with_its_calendar(fixture_dir, tmp_path):
    """What the extract writes passes the loader's checks against the calendar (the fixture's
    older-style ".." marker and its empty cell, kept as published, are refused by the loader,
    which takes only the EES symbols)."""
    data = tmp_path / "data"
    write_calendar(data)
    write(fixture_dir, data)
    table = load_table(data / "benchmarks.csv", "benchmarks")
    problems = check_benchmarks(
        table, KPIS_NONE, load_table(data / "dfe_releases.csv", "dfe_releases"), SOURCES
    )
    assert {(p.column, p.value) for p in problems} == {("symbol", ".."), ("value", None)}


KPIS_NONE = pd.DataFrame({"comparator_key": pd.Series([], dtype="string")})
SOURCES = {"benchmarks": "benchmarks.csv", "kpis": "kpis.csv"}


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
