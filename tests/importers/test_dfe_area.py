"""The area of an extract comes from its settings (``importers.dfe.area``, ``write_area_extract``
and ``wsoa extract-dfe``): any area gets its own rows, and a missing setting is named."""

from __future__ import annotations

import csv
import math

import pandas as pd
import pytest
import yaml
from dfe_fixtures import (
    REAL_DFE,
    TEST_CALENDAR,
    TEST_DEFINITIONS,
    TEST_PERIODS,
    TEST_RELEASES,
    TEST_SOURCES,
    YH,
    build,
    copy_fixture_dir,
    needs_real_files,
    write_calendar,
)

from conftest import MINI, ROOT
from wsoa_analysis.cli import main
from wsoa_analysis.config.settings import load_area
from wsoa_analysis.errors import ParameterError
from wsoa_analysis.importers import dfe

EXAMPLE = "E08000018"  # the bundled example's area
SHEFFIELD = "E08000019"
DONCASTER = "E08000017"
# Two measures are enough here (Sheffield has no row in the placements file).
PCT_AND_REQUESTS = tuple(spec for spec in TEST_SOURCES if spec.measure_key != "interns")


@pytest.fixture
def fixture_dir(tmp_path):
    return copy_fixture_dir(tmp_path)


def write_params(folder, area):
    """A params folder whose area.yaml is the small fixture's with this ``area`` section."""
    settings = yaml.safe_load((MINI / "params" / "area.yaml").read_text(encoding="utf-8"))
    settings["area"] = area
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "area.yaml").write_text(yaml.safe_dump(settings), encoding="utf-8")
    return folder


SHEFFIELD_AREA = {
    "name": "Sheffield",
    "code": SHEFFIELD,
    "old_la_code": "373",
    "region_code": "E12000003",
    "statistical_neighbours": {"source": "DfE statistical neighbours, sn_test.xlsx"},
}


def rows_of(path):
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


# --- another area from the fixture files ---------------------------------------------------


def test_another_area_gets_its_own_rows_and_its_own_neighbours(fixture_dir):
    got = build(fixture_dir, area_code=SHEFFIELD, old_la_code="373", sources=PCT_AND_REQUESTS)
    assert set(got["area_code"]) == {"E92000001", "E12000003", SHEFFIELD, "E08000016", DONCASTER}
    own = got[got["area_code"] == SHEFFIELD]
    assert own["area_name"].unique().tolist() == ["Sheffield"]
    assert dict(zip(own["measure_key"] + " " + own["time_period"], own["value"], strict=True)) == {
        "pct 2021": 45.0,  # from the older release: the newer has no 2021 row for Sheffield
        "pct 2022": 40.0,
        "requests 2020": pytest.approx(700 / 12),
        "requests 2021": pytest.approx(710 / 12),
        "requests 2022": pytest.approx(708 / 12),
    }
    assert set(got.loc[got["geographic_level"] == "Regional", "area_name"]) == {YH}


def test_neighbours_from_codes_alone(fixture_dir):
    benchmarks, neighbours = dfe.extract_tables(
        fixture_dir,
        DONCASTER,
        "E12000003",
        old_la_code="371",
        neighbour_codes=("E08000016", "E06000047"),
        neighbour_source="chosen by the area",
        sources=TEST_SOURCES,
        periods=TEST_PERIODS,
        releases=TEST_RELEASES,
        calendar=TEST_CALENDAR,
        definitions=TEST_DEFINITIONS,
    )
    assert EXAMPLE not in set(benchmarks["area_code"])
    assert set(benchmarks["area_code"]) == {
        "E92000001",
        "E12000003",
        DONCASTER,
        "E08000016",
        "E06000047",
    }
    assert neighbours[["rank", "old_la_code", "area_code", "area_name", "source"]].to_dict(
        "records"
    ) == [
        {
            "rank": 1,
            "old_la_code": "370",
            "area_code": "E08000016",
            "area_name": "Barnsley",
            "source": "chosen by the area",
        },
        {
            "rank": 2,
            "old_la_code": "840",
            "area_code": "E06000047",
            "area_name": "County Durham",  # the newest name in the EES files
            "source": "chosen by the area",
        },
    ]
    assert neighbours["closeness"].isna().all()  # a list of codes says nothing of closeness


def test_codes_that_match_the_workbook_are_accepted_in_any_order(fixture_dir):
    got = build(fixture_dir, neighbour_codes=("E08000016", "E06000047", DONCASTER))
    assert {DONCASTER, "E06000047", "E08000016"} <= set(got["area_code"])


# --- settings missing or contradicted ------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"area_code": ""}, "setting 'area.code' is missing"),
        ({"old_la_code": None}, "setting 'area.old_la_code' is missing.*pair E08000018 with 372"),
        (
            {"neighbour_workbook": None},
            r"setting 'area.statistical_neighbours' is missing: give the neighbours' ONS codes",
        ),
        ({"old_la_code": "371"}, "setting 'area.old_la_code' is '371', but DfE's files pair"),
        (
            {"neighbour_codes": (DONCASTER, "E08000016", SHEFFIELD)},
            r"'area.statistical_neighbours.codes' are not the neighbours in DfE statistical "
            r"neighbours, sn_test.xlsx, sheet 'LA SN Groups', row 6: only in the setting: "
            r"E08000019; only in the workbook: E06000047",
        ),
        (
            {"neighbour_workbook": None, "neighbour_codes": (DONCASTER, "E99999999")},
            r"'area.statistical_neighbours.codes': E99999999 is not a local authority",
        ),
        ({"settings_file": "p/area.yaml", "area_code": ""}, r"^p/area.yaml: setting 'area.code'"),
    ],
)
def test_a_missing_or_contradicted_setting_is_named(fixture_dir, options, message):
    with pytest.raises(ParameterError, match=message):
        build(fixture_dir, **options)


def area_settings(tmp_path, **changes):
    area = {**SHEFFIELD_AREA, **changes}
    return load_area(write_params(tmp_path / "params", area)).area


def test_area_options_take_everything_from_the_settings(tmp_path, fixture_dir):
    settings = area_settings(
        tmp_path,
        statistical_neighbours={
            "source": "DfE statistical neighbours, sn_test.xlsx, sheet 'LA SN Groups', row 18",
            "codes": ["E08000016", DONCASTER],
        },
    )
    assert dfe.area_options(settings, fixture_dir, settings_file="s/area.yaml") == {
        "area_code": SHEFFIELD,
        "region_code": "E12000003",
        "old_la_code": "373",
        "neighbour_codes": ("E08000016", DONCASTER),
        "neighbour_workbook": "sn_test.xlsx",
        "neighbour_source": "DfE statistical neighbours, sn_test.xlsx, sheet 'LA SN Groups', "
        "row 18",
        "settings_file": "s/area.yaml",
    }
    no_workbook = area_settings(tmp_path, statistical_neighbours={"codes": [DONCASTER]})
    assert dfe.area_options(no_workbook, fixture_dir)["neighbour_workbook"] is None
    chosen = dfe.area_options(no_workbook, fixture_dir, neighbour_workbook="other.xlsx")
    assert chosen["neighbour_workbook"] == "other.xlsx"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"region_code": None}, r"^s/area.yaml: setting 'area.region_code' is missing"),
        (
            {"statistical_neighbours": {"source": "DfE statistical neighbours, sn_gone.xlsx"}},
            r"setting 'area.statistical_neighbours.source' names sn_gone.xlsx, which is not in",
        ),
    ],
)
def test_area_options_refuse_missing_settings(tmp_path, fixture_dir, changes, message):
    settings = area_settings(tmp_path, **changes)
    with pytest.raises(ParameterError, match=message):
        dfe.area_options(settings, fixture_dir, settings_file="s/area.yaml")


# --- writing the extract for the area in params/ ---------------------------------------------


def test_write_area_extract_uses_the_area_in_the_settings(tmp_path, fixture_dir):
    params = write_params(tmp_path / "params", SHEFFIELD_AREA)
    write_calendar(tmp_path / "data")
    benchmarks, neighbours = dfe.write_area_extract(
        fixture_dir,
        tmp_path / "data",
        params,
        sources=PCT_AND_REQUESTS,
        periods=TEST_PERIODS,
        releases=TEST_RELEASES,
        definitions=TEST_DEFINITIONS,
    )
    rows = rows_of(benchmarks)
    codes = {row["area_code"] for row in rows}
    assert EXAMPLE not in codes
    assert SHEFFIELD in codes
    assert [(r["rank"], r["area_code"], r["closeness"]) for r in rows_of(neighbours)] == [
        ("1", "E08000016", "Very Close"),
        ("2", DONCASTER, "Close"),
    ]


def test_extract_dfe_names_a_missing_setting(tmp_path, fixture_dir, capsys):
    area = {key: value for key, value in SHEFFIELD_AREA.items() if key != "region_code"}
    params = write_params(tmp_path / "params", area)
    data = tmp_path / "data"
    code = main(
        ["extract-dfe", "--dfe", str(fixture_dir), "--data", str(data), "--params", str(params)]
    )
    assert code == 1
    assert (
        f"{params / 'area.yaml'}: setting 'area.region_code' is missing" in capsys.readouterr().err
    )
    assert not data.exists()  # nothing written


# --- the real published files ---------------------------------------------------------------

YORK = "E06000014"
YORK_AREA = {
    "name": "City of York",  # not DfE's name ("York"): areas are matched on codes
    "code": YORK,
    "old_la_code": "816",
    "region_code": "E12000003",
    "statistical_neighbours": {"source": "DfE statistical neighbours, sn_may_2025.xlsx"},
}
YORK_NEIGHBOURS_2025 = [
    "E10000013",
    "E06000022",
    "E06000024",
    "E10000015",
    "E10000031",
    "E10000025",
    "E10000032",
    "E08000009",
    "E10000014",
    "E08000007",
]


def with_calendar(data):
    """A data folder holding the project's release calendar, as the extract needs."""
    data.mkdir(parents=True, exist_ok=True)
    (data / "dfe_releases.csv").write_bytes((ROOT / "data" / "dfe_releases.csv").read_bytes())
    return data


@needs_real_files
def test_real_extract_dfe_for_another_area(tmp_path):
    params = write_params(tmp_path / "params", YORK_AREA)
    data = with_calendar(tmp_path / "data")
    args = ["extract-dfe", "--dfe", str(REAL_DFE), "--data", str(data), "--params", str(params)]
    assert main(args) == 0
    benchmarks = pd.read_csv(data / "benchmarks.csv", dtype={"time_period": str})
    assert EXAMPLE not in set(benchmarks["area_code"])
    assert set(benchmarks["area_code"]) == {"E92000001", "E12000003", YORK, *YORK_NEIGHBOURS_2025}
    york = benchmarks[benchmarks["area_code"] == YORK]
    assert york["area_name"].unique().tolist() == ["York"]
    headline = york[york["measure_key"] == "ehc_plans_20_weeks_ex"]
    got = dict(zip(headline["time_period"], headline["value"], strict=True))
    # as published: 2015 in the 2022 release (NoExc20weekRate), 2021 and 2024 in the 2025 one
    assert (got["2015"], got["2021"], got["2024"]) == (91.3, 63.0, 65.1)
    requests = york[york["measure_key"] == "ehc_requests_per_month"]
    y2019 = requests[requests["time_period"] == "2019"]  # in both releases, which agree
    assert y2019["release"].tolist() == ["Reporting year 2022", "Reporting year 2025"]
    assert all(math.isclose(v, 202 / 12) for v in y2019["value"])
    neighbours = pd.read_csv(data / "statistical_neighbours.csv")
    assert neighbours["area_code"].tolist() == YORK_NEIGHBOURS_2025
    assert set(neighbours["source"].str.split(",").str[1].str.strip()) == {"sn_may_2025.xlsx"}


@needs_real_files
def test_real_extract_dfe_for_the_example_reproduces_its_data(tmp_path):
    data = with_calendar(tmp_path / "data")
    args = [
        "extract-dfe",
        "--dfe",
        str(REAL_DFE),
        "--data",
        str(data),
        "--params",
        str(ROOT / "params"),
    ]
    assert main(args) == 0
    for name in ("benchmarks.csv", "statistical_neighbours.csv"):
        assert (data / name).read_bytes() == (ROOT / "data" / name).read_bytes(), name


@needs_real_files
def test_real_extract_dfe_takes_the_neighbour_workbook_from_the_command_line(tmp_path, capsys):
    area = {**YORK_AREA, "statistical_neighbours": {"source": "DfE neighbour groups"}}
    params = write_params(tmp_path / "params", area)
    data = with_calendar(tmp_path / "data")
    args = ["extract-dfe", "--dfe", str(REAL_DFE), "--data", str(data), "--params", str(params)]
    assert main(args) == 1  # the source names no workbook, and there are no codes
    assert "setting 'area.statistical_neighbours' is missing" in capsys.readouterr().err
    assert main([*args, "--neighbour-workbook", "sn_may_2025.xlsx"]) == 0
    neighbours = pd.read_csv(data / "statistical_neighbours.csv")
    assert neighbours["area_code"].tolist() == YORK_NEIGHBOURS_2025


@needs_real_files
def test_real_extract_dfe_refuses_an_area_the_files_do_not_hold(tmp_path, capsys):
    area = dict(YORK_AREA, code="E06000999", old_la_code="999")
    params = write_params(tmp_path / "params", area)
    data = with_calendar(tmp_path / "data")
    args = ["extract-dfe", "--dfe", str(REAL_DFE), "--data", str(data), "--params", str(params)]
    assert main(args) == 2  # bad input
    err = capsys.readouterr().err
    assert f"{params / 'area.yaml'}, column area.code: 'E06000999'" in err
    assert "sen2_mi.csv" in err  # the files searched are named
    assert not (data / "benchmarks.csv").exists()
