"""The importer on DfE's real published files, when they sit beside the repository."""

from __future__ import annotations

import warnings

import pytest
from dfe_fixtures import (
    REAL_DFE,
    needs_real_files,
)

from conftest import ROOT
from wsoa_analysis.importers import dfe
from wsoa_analysis.inputs.load import load_table

# --- the real published files -------------------------------------------------------------

ENGLAND_SERIES = [59.2, 58.6, 64.9, 60.1, 60.4, 58.0, 59.9, 49.2, 50.3, 46.4]
ROTHERHAM_SERIES = [66.3, 38.6, 48.4, 48.1, 67.9, 65.1, 62.2, 51.6, 76.7, 77.7]
ROTHERHAM_NEIGHBOURS_2021 = [
    ("371", "Doncaster", "E08000017"),
    ("359", "Wigan", "E08000010"),
    ("332", "Dudley", "E08000027"),
    ("357", "Tameside", "E08000008"),
    ("370", "Barnsley", "E08000016"),
    ("894", "Telford and Wrekin", "E06000020"),
    ("813", "North Lincolnshire", "E06000013"),
    ("807", "Redcar and Cleveland", "E06000003"),
    ("812", "North East Lincolnshire", "E06000012"),
    ("384", "Wakefield", "E08000036"),
]


EXAMPLE_AREA = {
    "area_code": "E08000018",
    "region_code": "E12000003",
    "old_la_code": "372",
    "neighbour_workbook": "sn_april_2021.xlsx",
}
CALENDAR = ROOT / "data" / "dfe_releases.csv"  # the project's release calendar


@pytest.fixture(scope="module")
def real_extract():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the releases agree where they overlap
        calendar = load_table(CALENDAR, "dfe_releases")
        return dfe.build_extract(REAL_DFE, **EXAMPLE_AREA, calendar=calendar)


def series(extract, measure, area_code):
    rows = extract[(extract["measure_key"] == measure) & (extract["area_code"] == area_code)]
    return dict(zip(rows["time_period"], rows["value"], strict=True))


@needs_real_files
@pytest.mark.parametrize(
    ("area_code", "year", "value"),
    [
        ("E92000001", "2024", 46.4),
        ("E08000018", "2024", 77.7),
        ("E92000001", "2022", 49.2),
    ],
)
def test_real_headline_figures(real_extract, area_code, year, value):
    assert series(real_extract, "ehc_plans_20_weeks_ex", area_code)[year] == value


@needs_real_files
@pytest.mark.parametrize(
    ("area_code", "values"), [("E92000001", ENGLAND_SERIES), ("E08000018", ROTHERHAM_SERIES)]
)
def test_real_headline_series_2015_to_2024(real_extract, area_code, values):
    got = series(real_extract, "ehc_plans_20_weeks_ex", area_code)
    assert got == dict(zip([str(y) for y in range(2015, 2025)], values, strict=True))


@needs_real_files
def test_real_rotherham_has_exactly_ten_neighbours():
    codes = dfe.la_codes([dfe.read_ees_csv(REAL_DFE / "ry2025" / "timeliness_20_week.csv")])
    got = dfe.statistical_neighbours(REAL_DFE / "sn_april_2021.xlsx", 372, codes)
    assert len(got) == 10
    assert (
        list(zip(got["old_la_code"], got["area_name"], got["area_code"], strict=True))
        == ROTHERHAM_NEIGHBOURS_2021
    )
    assert got["rank"].tolist() == list(range(1, 11))


@needs_real_files
def test_real_extract_covers_area_region_england_and_neighbours(real_extract):
    expected = {"E92000001", "E12000003", "E08000018"} | {
        code for _, _, code in ROTHERHAM_NEIGHBOURS_2021
    }
    for measure, rows in real_extract.groupby("measure_key"):
        assert set(rows["area_code"]) == expected, measure


@needs_real_files
def test_real_requests_and_supported_internships(real_extract):
    requests = series(real_extract, "ehc_requests_per_month", "E08000018")
    assert requests["2024"] == pytest.approx(959 / 12)
    assert requests["2016"] == pytest.approx(303 / 12)  # from the 2022 release's InreqEHC
    interns = series(real_extract, "supported_internships", "E08000018")
    assert interns["2022"] == 4.0 and interns["202425"] == 39.0
    england = real_extract[
        (real_extract["measure_key"] == "ehc_requests_per_month")
        & (real_extract["area_code"] == "E92000001")
        & (real_extract["time_period"] == "2014")
    ]
    assert england["symbol"].tolist() == ["z"] and england["value"].isna().all()


def rows_for(extract, measure, area_code, period):
    rows = extract[
        (extract["measure_key"] == measure)
        & (extract["area_code"] == area_code)
        & (extract["time_period"] == period)
    ]
    return rows.sort_values("published_on")


@needs_real_files
def test_real_supported_internships_are_january_census_counts(real_extract):
    """The 2022 release's "2022, Calendar year" count of supported internships is the January
    2022 census (4 in the example's area), published in May 2022; "202425, Academic year" in
    the 2025 release is the January 2025 census."""
    jan22 = rows_for(real_extract, "supported_internships", "E08000018", "2022").iloc[0]
    assert (jan22["period_kind"], jan22["value"]) == ("census", 4.0)
    assert (str(jan22["period_start"].date()), str(jan22["period_end"].date())) == (
        "2022-01-01",
        "2022-01-31",
    )
    assert (jan22["release"], jan22["first_release"]) == ("Reporting year 2022",) * 2
    jan25 = rows_for(real_extract, "supported_internships", "E08000018", "202425").iloc[0]
    assert str(jan25["period_end"].date()) == "2025-01-31"


@needs_real_files
def test_real_calendar_2022_was_first_published_in_june_2023(real_extract):
    """England's 49.2% for 2022 is held from the 2025 release only, but was first published in
    the 2023 release (8 June 2023), not when the year ended."""
    england = rows_for(real_extract, "ehc_plans_20_weeks_ex", "E92000001", "2022")
    assert england["release"].tolist() == ["Reporting year 2025"]
    first = england.iloc[0]
    assert (first["first_release"], str(first["first_published_on"].date())) == (
        "Reporting year 2023",
        "2023-06-08",
    )


@needs_real_files
def test_real_2021_is_kept_from_both_releases(real_extract):
    rows = rows_for(real_extract, "ehc_plans_20_weeks_ex", "E08000018", "2021")
    assert rows["release"].tolist() == ["Reporting year 2022", "Reporting year 2025"]
    assert rows["value"].tolist() == [62.2, 62.2]
    assert set(rows["first_release"]) == {"Reporting year 2022"}
