"""The importer on DfE's real published files, when they sit beside the repository."""

from __future__ import annotations

import warnings

import pytest
from dfe_fixtures import (
    REAL_DFE,
    needs_real_files,
)

from wsoa_analysis.importers import dfe

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


@pytest.fixture(scope="module")
def real_extract():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the releases agree where they overlap
        return dfe.build_extract(REAL_DFE, **EXAMPLE_AREA)


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
