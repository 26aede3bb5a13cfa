"""Shared fixtures for the tests of the DfE importer (``wsoa_analysis.importers.dfe``).

The fixtures in ``tests/fixtures/dfe/`` are small hand-written files in the EES format:

- ``old/plans.csv``: an older release's file, no breakdown columns, figures written
  ``59.900000000000``, Durham named "Durham", a ``z``, and Sheffield (never asked for).
- ``new/timeliness.csv``: a newer release's file, with a byte-order mark, CRLF line ends,
  breakdown columns, renamed columns, "County Durham", and ``c``, ``x``, ``low``, ``u``, ``..``
  and an empty cell.
- ``new/placements.csv``: an academic-year file.
- ``bad/bad_value.csv``: ``12..3`` where a figure should be, on spreadsheet row 4.

The neighbour workbook is written by the tests themselves, in the layout of DfE's workbooks.
Tests of the real published files (``test_dfe_real.py``) run when they sit beside the
repository.
"""

from __future__ import annotations

import math
from datetime import date

import openpyxl
import pandas as pd
import pytest

from conftest import ROOT
from wsoa_analysis.importers import dfe
from wsoa_analysis.inputs.schema import BENCHMARKS

FIXTURES = ROOT / "tests" / "fixtures" / "dfe"
OLD = FIXTURES / "old" / "plans.csv"
NEW = FIXTURES / "new" / "timeliness.csv"
PLACEMENTS = FIXTURES / "new" / "placements.csv"
BAD = FIXTURES / "bad" / "bad_value.csv"

REAL_DFE = ROOT.parent / "shared" / "dfe"
needs_real_files = pytest.mark.skipif(
    not REAL_DFE.is_dir(), reason=f"published files not found at {REAL_DFE}"
)

YH = "Yorkshire and The Humber"
ALL_PLANS = (("breakdown", "All EHC plans issued"),)

TEST_RELEASES = (
    dfe.Release("old", "Reporting year 2022"),
    dfe.Release("new", "Reporting year 2025"),
)
PUBLICATION = "Education, health and care plans"
# The release calendar the tests date figures by: one release a year, as DfE's.
RELEASE_DAYS = {
    "Reporting year 2021": "2021-05-13",
    "Reporting year 2022": "2022-05-12",
    "Reporting year 2023": "2023-06-08",
    "Reporting year 2024": "2024-06-13",
    "Reporting year 2025": "2025-06-26",
}
TEST_CALENDAR = pd.DataFrame(
    {
        "publication": PUBLICATION,
        "release": list(RELEASE_DAYS),
        "published_on": pd.to_datetime(list(RELEASE_DAYS.values())),
        "covers": "",
        "source": "test",
    }
)
TEST_DEFINITIONS = {
    "pct": "Percentage issued within 20 weeks",
    "requests": "Requests a month",
    "interns": "Interns at the January census",
}
TEST_SOURCES = (
    dfe.MeasureSource("pct", "old", "plans.csv", "RateOld", (), "percent"),
    dfe.MeasureSource("pct", "new", "timeliness.csv", "pc_ex", ALL_PLANS, "percent"),
    dfe.MeasureSource(
        "requests", "old", "plans.csv", "Requests", (), "rate_per_month", "per_month"
    ),
    dfe.MeasureSource(
        "requests", "new", "timeliness.csv", "requests", ALL_PLANS, "rate_per_month", "per_month"
    ),
    dfe.MeasureSource("interns", "old", "plans.csv", "Interns", (), "count", census_month=1),
    dfe.MeasureSource(
        "interns",
        "new",
        "placements.csv",
        "supp",
        (("breakdown", "All work based placements"),),
        "count",
        census_month=1,
    ),
)
TEST_PERIODS = {"pct": (date(2021, 1, 1), date(2022, 12, 31))}

NAN = math.nan


# --- helpers ------------------------------------------------------------------------------


def long_frame(rows):
    """An extracted measure, as :func:`dfe.extract_measure` returns it, from plain tuples
    (code, name, level, period, first day, last day, value, symbol)."""
    columns = list(zip(*rows, strict=True)) if rows else [[]] * 8
    return pd.DataFrame(
        {
            "area_code": pd.Series(columns[0], dtype=str),
            "area_name": pd.Series(columns[1], dtype=str),
            "geographic_level": pd.Series(columns[2], dtype=str),
            "time_period": pd.Series(columns[3], dtype=str),
            "period_start": pd.Series(pd.to_datetime(list(columns[4])), dtype="datetime64[ns]"),
            "period_end": pd.Series(pd.to_datetime(list(columns[5])), dtype="datetime64[ns]"),
            "value": pd.Series(columns[6], dtype="float64"),
            "symbol": pd.Series(columns[7], dtype=str),
        }
    )


def benchmark_frame(measure_key, unit, rows, kind="calendar_year"):
    """Rows of the benchmarks table: tuples as for :func:`long_frame` plus the release the
    value is from, the release that first published it (None where the calendar cannot
    say) and the source. Release dates are looked up in :data:`RELEASE_DAYS`."""
    frame = long_frame([row[:8] for row in rows])
    frame.insert(0, "measure_key", pd.Series([measure_key] * len(rows), dtype=str))
    frame.insert(5, "period_kind", pd.Series([kind] * len(rows), dtype=str))
    frame["unit"] = pd.Series([unit] * len(rows), dtype=str)
    frame["definition"] = pd.Series([TEST_DEFINITIONS[measure_key]] * len(rows), dtype=str)
    frame["publication"] = pd.Series([PUBLICATION] * len(rows), dtype=str)
    frame["release"] = pd.Series([row[8] for row in rows], dtype=str)
    frame["published_on"] = pd.to_datetime([RELEASE_DAYS[row[8]] for row in rows])
    frame["first_release"] = pd.Series([row[9] for row in rows], dtype=str)
    frame["first_published_on"] = pd.to_datetime(
        [RELEASE_DAYS[row[9]] if row[9] else None for row in rows]
    ).astype("datetime64[ns]")
    frame["source"] = pd.Series([row[10] for row in rows], dtype=str)
    return frame[BENCHMARKS.column_names]


def write_calendar(data_dir):
    """The test calendar as ``dfe_releases.csv`` in ``data_dir``, where the extract reads it."""
    data_dir.mkdir(parents=True, exist_ok=True)
    TEST_CALENDAR.assign(published_on=TEST_CALENDAR["published_on"].dt.date).to_csv(
        data_dir / "dfe_releases.csv", index=False
    )
    return data_dir / "dfe_releases.csv"


def write_csv(tmp_path, text, name="file.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


HEADER = (
    "time_period,time_identifier,geographic_level,country_code,country_name,"
    "region_code,region_name,new_la_code,old_la_code,la_name"
)

SN_HEADER = ["LA num", "LA Name", "LA number", "GOInd", "GOReg"] + [
    name for k in range(1, 11) for name in (f"SN{k}", "SNP")
]

DONCASTER_NEIGHBOURS = [
    (372, "Extremely Close"),
    (370, "Very Close"),
    (812, "Very Close"),
    (359, "Very Close"),
    (384, "Very Close"),
    (357, "Very Close"),
    (813, "Close"),
    (807, "Close"),
    (332, "Somewhat close"),
    (894, "Not Close"),
]
NAMES = {
    370: "Barnsley",
    371: "Doncaster",
    372: "Rotherham",
    840: "Durham",
    812: "North East Lincolnshire",
    359: "Wigan",
    384: "Wakefield",
    357: "Tameside",
    813: "North Lincolnshire",
    807: "Redcar and Cleveland",
    332: "Dudley",
    894: "Telford and Wrekin",
    825: "Buckinghamshire",
    826: "Milton Keynes",
    373: "Sheffield",
}
NEIGHBOURS = {
    371: DONCASTER_NEIGHBOURS,
    # The fixture gives Rotherham three neighbours only (the real workbook gives ten).
    372: [(371, "Extremely Close"), (840, "Very Close"), (370, "Very Close")],
    826: [(825, "Very Close")],
    # An area other than the example's, whose neighbours leave the example's area out.
    373: [(370, "Very Close"), (371, "Close")],
}


def write_neighbour_workbook(path):
    """A workbook laid out like DfE's: three header rows, the main table, a blank row, then
    an "Old SNs:" section for an authority that no longer exists."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "LA SN Groups"
    sheet.append(["A", "B", "C", "D", "E", *range(3, 23)])
    sheet.append(list(range(1, 26)))
    sheet.append(SN_HEADER)
    for number, name in NAMES.items():
        cells = [number, name, number, 9, "Yorkshire and the Humber"]
        for code, closeness in NEIGHBOURS.get(number, []):
            cells += [code, closeness]
        sheet.append(cells + ["-"] * (25 - len(cells)))
    sheet.append([None])
    sheet.append([None, "Old SNs:"])
    sheet.append([None])
    sheet.append(
        [
            928,
            "Northamptonshire",
            928,
            1,
            "East Midlands",
            *[x for code in range(940, 950) for x in (code, "Very Close")],
        ]
    )
    book.save(path)
    return path


def copy_fixture_dir(tmp_path):
    """A copy of the fixture releases plus the neighbour workbook, as a dfe_dir."""
    root = tmp_path / "dfe"
    for release in ("old", "new"):
        (root / release).mkdir(parents=True)
        for file in (FIXTURES / release).iterdir():
            (root / release / file.name).write_bytes(file.read_bytes())
    write_neighbour_workbook(root / "sn_test.xlsx")
    return root


def build(dfe_dir, **options):
    settings = {
        "area_code": "E08000018",
        "region_code": "E12000003",
        "old_la_code": "372",
        "neighbour_workbook": "sn_test.xlsx",
        "sources": TEST_SOURCES,
        "periods": TEST_PERIODS,
        "releases": TEST_RELEASES,
        "calendar": TEST_CALENDAR,
        "definitions": TEST_DEFINITIONS,
    }
    settings.update(options)
    return dfe.build_extract(dfe_dir, **settings)


Y21 = ("2021", "2021-01-01", "2021-12-31")
Y22 = ("2022", "2022-01-01", "2022-12-31")
LA = "Local authority"
