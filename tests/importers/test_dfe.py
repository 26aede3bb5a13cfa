"""Tests for the importer of DfE's published statistics (``wsoa_analysis.importers.dfe``).

The fixtures in ``tests/fixtures/dfe/`` are small hand-written files in the EES format:

- ``old/plans.csv``: an older release's file, no breakdown columns, figures written
  ``59.900000000000``, Durham named "Durham", a ``z``, and Sheffield (never asked for).
- ``new/timeliness.csv``: a newer release's file, with a byte-order mark, CRLF line ends,
  breakdown columns, renamed columns, "County Durham", and ``c``, ``x``, ``low``, ``u``, ``..``
  and an empty cell.
- ``new/placements.csv``: an academic-year file.
- ``bad/bad_value.csv``: ``12..3`` where a figure should be, on spreadsheet row 4.

The neighbour workbook is written by the tests themselves, in the layout of DfE's workbooks.
Tests at the end read the real published files when they sit beside the repository.
"""

from __future__ import annotations

import csv
import math
import warnings
from datetime import date

import openpyxl
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from conftest import ROOT
from wsoa_analysis.errors import InputError, ParameterError
from wsoa_analysis.importers import dfe
from wsoa_analysis.inputs.schema import BENCHMARKS, UNITS

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
    dfe.Release("old", "reporting year 2022"),
    dfe.Release("new", "reporting year 2025"),
)
TEST_SOURCES = (
    dfe.MeasureSource("pct", "old", "plans.csv", "RateOld", (), "percent"),
    dfe.MeasureSource("pct", "new", "timeliness.csv", "pc_ex", ALL_PLANS, "percent"),
    dfe.MeasureSource(
        "requests", "old", "plans.csv", "Requests", (), "rate_per_month", "per_month"
    ),
    dfe.MeasureSource(
        "requests", "new", "timeliness.csv", "requests", ALL_PLANS, "rate_per_month", "per_month"
    ),
    dfe.MeasureSource("interns", "old", "plans.csv", "Interns", (), "count"),
    dfe.MeasureSource(
        "interns",
        "new",
        "placements.csv",
        "supp",
        (("breakdown", "All work based placements"),),
        "count",
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


def benchmark_frame(measure_key, unit, rows):
    """Rows of the benchmarks table: tuples as for :func:`long_frame` plus the source."""
    frame = long_frame([row[:8] for row in rows])
    frame.insert(0, "measure_key", pd.Series([measure_key] * len(rows), dtype=str))
    frame["unit"] = pd.Series([unit] * len(rows), dtype=str)
    frame["source"] = pd.Series([row[8] for row in rows], dtype=str)
    return frame[BENCHMARKS.column_names]


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
}
NEIGHBOURS = {
    371: DONCASTER_NEIGHBOURS,
    # The fixture gives Rotherham three neighbours only (the real workbook gives ten).
    372: [(371, "Extremely Close"), (840, "Very Close"), (370, "Very Close")],
    826: [(825, "Very Close")],
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


@pytest.fixture
def workbook(tmp_path):
    return write_neighbour_workbook(tmp_path / "sn_test.xlsx")


@pytest.fixture
def fixture_dir(tmp_path):
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
        "neighbour_workbook": "sn_test.xlsx",
        "sources": TEST_SOURCES,
        "periods": TEST_PERIODS,
        "releases": TEST_RELEASES,
    }
    settings.update(options)
    return dfe.build_extract(dfe_dir, **settings)


# --- reading a file -----------------------------------------------------------------------


def test_read_ees_csv_drops_the_byte_order_mark_and_reads_text():
    table = dfe.read_ees_csv(NEW)
    assert list(table.columns[:3]) == ["time_period", "time_identifier", "geographic_level"]
    assert all(pd.api.types.is_string_dtype(table[c]) for c in table.columns)
    # CRLF line ends leave nothing behind in the last column
    assert table["requests"].tolist()[:2] == ["1200", "400"]
    # the index is the spreadsheet row number: header is row 1
    assert table.index.tolist() == list(range(2, 17))


def test_read_ees_csv_keeps_figures_as_published_text():
    table = dfe.read_ees_csv(OLD)
    assert table.at[9, "RateOld"] == "59.900000000000"
    assert table.at[2, "region_code"] == ""  # written "" in the file
    assert table.attrs["source"] == str(OLD)


@pytest.mark.parametrize(
    ("text", "row", "message"),
    [
        (
            HEADER + ",x\n2021,Calendar year,National,E92000001,England,,,,,,1\n"
            "2021,Calendar year,National\n",
            3,
            "has 3 fields but the header has 11",
        ),
        ("", None, "is empty"),
    ],
)
def test_read_ees_csv_rejects_malformed_files(tmp_path, text, row, message):
    path = write_csv(tmp_path, text)
    with pytest.raises(InputError) as caught:
        dfe.read_ees_csv(path)
    [problem] = caught.value.problems
    assert (problem.source, problem.row) == (str(path), row)
    assert message in problem.message


def test_read_ees_csv_reports_a_missing_file(tmp_path):
    with pytest.raises(InputError, match="file not found"):
        dfe.read_ees_csv(tmp_path / "nowhere.csv")


# --- periods and figures ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "identifier", "first", "last"),
    [
        ("2022", "Calendar year", date(2022, 1, 1), date(2022, 12, 31)),
        ("202425", "Academic year", date(2024, 9, 1), date(2025, 8, 31)),
        ("202425", "Financial year", date(2024, 4, 1), date(2025, 3, 31)),
        ("199900", "Academic year", date(1999, 9, 1), date(2000, 8, 31)),
        ("202425", "Tax year", date(2024, 4, 6), date(2025, 4, 5)),
        ("2024", "Calendar year Q1", date(2024, 1, 1), date(2024, 3, 31)),
        ("202425", "Financial year Q1", date(2024, 4, 1), date(2024, 6, 30)),
        ("202425", "Financial year Q4", date(2025, 1, 1), date(2025, 3, 31)),
        ("2024", "February", date(2024, 2, 1), date(2024, 2, 29)),
        (" 2022 ", "calendar  YEAR", date(2022, 1, 1), date(2022, 12, 31)),
    ],
)
def test_period_bounds(period, identifier, first, last):
    assert dfe.period_bounds(period, identifier) == (first, last)


@pytest.mark.parametrize(
    ("period", "identifier", "column", "message"),
    [
        ("2024", "Reporting year", "time_identifier", "'Reporting year' is not a kind of period"),
        ("202426", "Academic year", "time_period", "not two consecutive years"),
        ("2024", "Financial year", "time_period", "not two consecutive years"),
        ("20a4", "Calendar year", "time_period", "not a year such as 2024"),
        ("202425", "Calendar year", "time_period", "not a year such as 2024"),
    ],
)
def test_period_bounds_rejects_what_it_cannot_read(period, identifier, column, message):
    with pytest.raises(dfe.PeriodError, match=message) as caught:
        dfe.period_bounds(period, identifier)
    assert caught.value.column == column


@pytest.mark.parametrize(
    ("text", "value", "symbol"),
    [
        ("59.900000000000", 59.9, None),
        ("62180", 62180.0, None),
        ("0", 0.0, None),
        (" 4.5 ", 4.5, None),
        ("c", NAN, "c"),
        ("x", NAN, "x"),
        ("z", NAN, "z"),
        ("low", NAN, "low"),
        ("u", NAN, "u"),
        ("..", NAN, ".."),
        ("", NAN, None),
    ],
)
def test_parse_figure(text, value, symbol):
    got_value, got_symbol = dfe.parse_figure(text)
    assert got_symbol == symbol
    if math.isnan(value):
        assert math.isnan(got_value)  # a symbol is never a zero
    else:
        assert got_value == value


@pytest.mark.parametrize("text", ["12..3", "1,234", "nan", "inf", "-", "12 3", "C1", "n/a"])
def test_parse_figure_rejects_other_text(text):
    with pytest.raises(ValueError, match="neither a number nor a published symbol"):
        dfe.parse_figure(text)


# --- extracting one measure ---------------------------------------------------------------

Y21 = ("2021", "2021-01-01", "2021-12-31")
Y22 = ("2022", "2022-01-01", "2022-12-31")
LA = "Local authority"


def test_extract_keeps_the_breakdown_asked_for_and_the_symbols():
    got = dfe.extract_measure(dfe.read_ees_csv(NEW), "pc_ex", {"breakdown": "All EHC plans issued"})
    expected = long_frame(
        [
            ("E92000001", "England", "National", *Y21, 59.9, None),
            ("E12000003", YH, "Regional", *Y21, 65.6, None),
            ("E08000018", "Rotherham", LA, *Y21, 62.2, None),
            ("E08000017", "Doncaster", LA, *Y21, 68.4, None),
            ("E06000047", "County Durham", LA, *Y21, 55.0, None),
            ("E08000016", "Barnsley", LA, *Y21, 86.4, None),
            ("E92000001", "England", "National", *Y22, 49.2, None),
            ("E12000003", YH, "Regional", *Y22, NAN, "u"),
            ("E08000018", "Rotherham", LA, *Y22, 51.6, None),
            ("E08000017", "Doncaster", LA, *Y22, NAN, "low"),
            ("E06000047", "County Durham", LA, *Y22, NAN, "x"),
            ("E08000016", "Barnsley", LA, *Y22, NAN, "c"),
            ("E08000019", "Sheffield", LA, *Y22, 40.0, None),
        ]
    )
    assert_frame_equal(got, expected)


@pytest.mark.parametrize(
    ("code", "period", "symbol"),
    [
        ("E08000017", "2022", "c"),
        ("E06000047", "2022", ".."),
        ("E08000016", "2022", None),  # an empty cell: no figure and no symbol
    ],
)
def test_extract_never_turns_a_blank_or_symbol_into_zero(code, period, symbol):
    got = dfe.extract_measure(dfe.read_ees_csv(NEW), "requests", ALL_PLANS)
    row = got[(got["area_code"] == code) & (got["time_period"] == period)]
    assert len(row) == 1
    assert math.isnan(row["value"].iloc[0])
    assert (row["symbol"].iloc[0] if isinstance(row["symbol"].iloc[0], str) else None) == symbol


def test_extract_old_style_file_without_breakdown_columns():
    table = dfe.read_ees_csv(OLD)
    got = dfe.extract_measure(table, "RateOld", {"breakdown": "All EHC plans issued"})
    assert_frame_equal(got, dfe.extract_measure(table, "RateOld"))
    durham = got[got["area_code"] == "E06000047"]
    assert_frame_equal(
        durham.reset_index(drop=True),
        long_frame(
            [
                ("E06000047", "Durham", LA, "2020", "2020-01-01", "2020-12-31", NAN, "z"),
                ("E06000047", "Durham", LA, *Y21, 55.0, None),
            ]
        ),
    )
    assert got.loc[got["area_code"] == "E92000001", "value"].tolist() == [60.0, 59.9]


def test_extract_academic_year_file():
    got = dfe.extract_measure(
        dfe.read_ees_csv(PLACEMENTS), "supp", {"breakdown": "All work based placements"}
    )
    ay = ("202425", "2024-09-01", "2025-08-31")
    assert_frame_equal(
        got,
        long_frame(
            [
                ("E92000001", "England", "National", *ay, 2673.0, None),
                ("E12000003", YH, "Regional", *ay, 250.0, None),
                ("E08000018", "Rotherham", LA, *ay, 39.0, None),
                ("E08000017", "Doncaster", LA, *ay, 1.0, None),
                ("E06000047", "County Durham", LA, *ay, 12.0, None),
                ("E08000016", "Barnsley", LA, *ay, 27.0, None),
            ]
        ),
    )


def test_bad_value_names_file_row_column_and_value():
    with pytest.raises(InputError) as caught:
        dfe.extract_measure(dfe.read_ees_csv(BAD), "RateOld")
    [problem] = caught.value.problems
    assert (problem.source, problem.row, problem.column, problem.value) == (
        str(BAD),
        4,
        "RateOld",
        "12..3",
    )
    message = str(caught.value)
    for part in ("bad_value.csv", "row 4", "column RateOld", "'12..3'"):
        assert part in message


NATIONAL = "2021,Calendar year,National,E92000001,England,,,,,"
ROTHERHAM = (
    f"2021,Calendar year,Local authority,E92000001,England,E12000003,{YH},E08000018,372,Rotherham"
)


@pytest.mark.parametrize(
    ("text", "column", "filters", "where", "message"),
    [
        pytest.param(
            f"{HEADER},a\n{NATIONAL},1\n",
            "b",
            None,
            (None, "b", None),
            "column not found",
            id="missing column",
        ),
        pytest.param(
            f"{HEADER},a\n{NATIONAL.replace('Calendar year', 'Reporting year')},1\n",
            "a",
            None,
            (2, "time_identifier", "Reporting year"),
            "not a kind of period",
            id="unknown time identifier",
        ),
        pytest.param(
            f"{HEADER},a\n{NATIONAL.replace('2021,Calendar', '2021,Academic')},1\n",
            "a",
            None,
            (2, "time_period", "2021"),
            "not two consecutive years",
            id="academic year written as one year",
        ),
        pytest.param(
            f"{HEADER},a\n{ROTHERHAM.replace('E08000018', '')},1\n",
            "a",
            None,
            (2, "new_la_code", ""),
            "needs an area code",
            id="no area code",
        ),
        pytest.param(
            f"{HEADER},breakdown,a\n{NATIONAL},Total,1\n",
            "a",
            {"breakdown": "All"},
            (None, "breakdown", "All"),
            "no row has this value",
            id="filter matches nothing",
        ),
        pytest.param(
            f"{HEADER},breakdown,a\n{NATIONAL},Total,1\n{NATIONAL},Female,2\n",
            "a",
            None,
            (2, "a", None),
            "more than one row for E92000001 in 2021",
            id="two rows for one area and period",
        ),
        pytest.param(
            f"{HEADER},a,a\n{NATIONAL},1,2\n",
            "a",
            None,
            (None, "a", None),
            "appears more than once",
            id="duplicated column",
        ),
    ],
)
def test_extract_reports_problems(tmp_path, text, column, filters, where, message):
    path = write_csv(tmp_path, text)
    with pytest.raises(InputError) as caught:
        dfe.extract_measure(dfe.read_ees_csv(path), column, filters)
    problem = caught.value.problems[0]
    assert (problem.row, problem.column, problem.value) == where
    assert problem.source == str(path)
    assert message in problem.message


def test_extract_leaves_out_other_geographic_levels(tmp_path):
    path = write_csv(
        tmp_path,
        f"{HEADER},a\n{NATIONAL},1\n"
        "2021,Calendar year,Local authority district,E92000001,England,"
        ",,,,,2\n",
    )
    got = dfe.extract_measure(dfe.read_ees_csv(path), "a")
    assert got["area_code"].tolist() == ["E92000001"]


# --- area codes and statistical neighbours ------------------------------------------------


def test_la_codes_pairs_old_and_new_codes_from_several_files():
    got = dfe.la_codes([dfe.read_ees_csv(OLD), dfe.read_ees_csv(NEW)])
    expected = pd.DataFrame(
        {
            "old_la_code": pd.Series(["370", "371", "372", "373", "840"], dtype=str),
            "new_la_code": pd.Series(
                ["E08000016", "E08000017", "E08000018", "E08000019", "E06000047"], dtype=str
            ),
            # the newest row's name wins: "County Durham" (2022), not "Durham" (2021)
            "la_name": pd.Series(
                ["Barnsley", "Doncaster", "Rotherham", "Sheffield", "County Durham"], dtype=str
            ),
            "last_period_end": pd.Series(
                pd.to_datetime(["2022-12-31"] * 5), dtype="datetime64[ns]"
            ),
        }
    )
    assert_frame_equal(got, expected)


def test_statistical_neighbours_reads_ten_in_order(workbook):
    got = dfe.statistical_neighbours(workbook, 371)
    expected = pd.DataFrame(
        {
            "rank": pd.Series(range(1, 11), dtype="int64"),
            "old_la_code": pd.Series([str(c) for c, _ in DONCASTER_NEIGHBOURS], dtype=str),
            "area_code": pd.Series([None] * 10, dtype=str),
            "area_name": pd.Series([NAMES[c] for c, _ in DONCASTER_NEIGHBOURS], dtype=str),
            "closeness": pd.Series([w for _, w in DONCASTER_NEIGHBOURS], dtype=str),
            "source": pd.Series(
                ["DfE statistical neighbours, sn_test.xlsx, sheet 'LA SN Groups', row 5"] * 10,
                dtype=str,
            ),
        }
    )
    assert_frame_equal(got, expected)


@pytest.mark.parametrize("old_code", [372, "372", 372.0, " 372 "])
def test_statistical_neighbours_join_new_codes_from_ees_files(workbook, old_code):
    codes = dfe.la_codes([dfe.read_ees_csv(OLD), dfe.read_ees_csv(NEW)])
    got = dfe.statistical_neighbours(workbook, old_code, codes)
    assert got["old_la_code"].tolist() == ["371", "840", "370"]
    assert got["area_code"].tolist() == ["E08000017", "E06000047", "E08000016"]
    # the name is the workbook's; the join was on codes, so "Durham" still finds its code
    assert got["area_name"].tolist() == ["Doncaster", "Durham", "Barnsley"]
    assert got["closeness"].tolist() == ["Extremely Close", "Very Close", "Very Close"]


def code_pairs(*rows):
    return pd.DataFrame(
        {
            "old_la_code": pd.Series([r[0] for r in rows], dtype=str),
            "new_la_code": pd.Series([r[1] for r in rows], dtype=str),
            "la_name": pd.Series([r[2] for r in rows], dtype=str),
            "last_period_end": pd.Series(
                pd.to_datetime([r[3] for r in rows]), dtype="datetime64[ns]"
            ),
        }
    )


def test_statistical_neighbours_take_the_newest_code_of_a_changed_authority(workbook):
    codes = code_pairs(
        ("825", "E10000002", "Buckinghamshire", "2019-12-31"),
        ("825", "E06000060", "Buckinghamshire", "2022-12-31"),
    )
    got = dfe.statistical_neighbours(workbook, 826, codes)
    assert got["area_code"].tolist() == ["E06000060"]


@pytest.mark.parametrize(
    ("old_code", "codes", "error", "message"),
    [
        (928, None, ParameterError, "not in the main table"),  # only in "Old SNs:"
        (999, None, ParameterError, "not in the main table"),
        (370, None, ParameterError, "gives LA number 370 no neighbours"),
        ("37", None, ParameterError, "not an old three-digit LA number"),
        (
            826,
            code_pairs(("372", "E08000018", "Rotherham", "2022-12-31")),
            InputError,
            "no EES file has this LA number",
        ),
        (
            826,
            code_pairs(
                ("825", "E10000002", "Buckinghamshire", "2022-12-31"),
                ("825", "E06000060", "Buckinghamshire", "2022-12-31"),
            ),
            InputError,
            "more than one new_la_code",
        ),
    ],
)
def test_statistical_neighbours_errors(workbook, old_code, codes, error, message):
    with pytest.raises(error, match=message):
        dfe.statistical_neighbours(workbook, old_code, codes)


# --- combining releases -------------------------------------------------------------------


def release_part(source, rows):
    """Rows (area code, period, value, symbol) of measure "m" from one release."""
    frame = long_frame(
        [
            (code, "Area", LA, period, f"{period}-01-01", f"{period}-12-31", value, symbol)
            for code, period, value, symbol in rows
        ]
    )
    return frame.assign(measure_key="m", unit="count", source=source)


def test_combine_releases_newer_wins_and_differences_are_recorded():
    older = release_part(
        "old",
        [
            ("A", "2020", 1.0, None),
            ("A", "2021", 2.0, None),
            ("B", "2021", NAN, "c"),
            ("C", "2021", 5.0, None),
        ],
    )
    newer = release_part(
        "new",
        [
            ("A", "2021", 2.0, None),
            ("B", "2021", 3.0, None),
            ("C", "2021", 5.5, None),
            ("A", "2022", NAN, "x"),
        ],
    )
    combined, differences = dfe.combine_releases([older, newer])
    got = combined[["area_code", "time_period", "value", "symbol", "source"]]
    expected = pd.DataFrame(
        {
            "area_code": pd.Series(["A", "A", "B", "C", "A"], dtype=str),
            "time_period": pd.Series(["2020", "2021", "2021", "2021", "2022"], dtype=str),
            "value": [1.0, 2.0, 3.0, 5.5, NAN],
            "symbol": pd.Series([None, None, None, None, "x"], dtype=str),
            "source": pd.Series(["old", "new", "new", "new", "new"], dtype=str),
        }
    )
    assert_frame_equal(got.reset_index(drop=True), expected)
    assert differences[
        ["area_code", "time_period", "older_value", "older_symbol", "newer_value"]
    ].to_dict("records") == [
        {
            "area_code": "B",
            "time_period": "2021",
            "older_value": pytest.approx(NAN, nan_ok=True),
            "older_symbol": "c",
            "newer_value": 3.0,
        },
        {
            "area_code": "C",
            "time_period": "2021",
            "older_value": 5.0,
            "older_symbol": pytest.approx(NAN, nan_ok=True),
            "newer_value": 5.5,
        },
    ]


def test_combine_releases_that_agree_have_no_differences():
    older = release_part("old", [("A", "2021", 59.9, None), ("B", "2021", NAN, "z")])
    newer = release_part("new", [("A", "2021", 59.9, None), ("B", "2021", NAN, "z")])
    combined, differences = dfe.combine_releases([older, newer])
    assert differences.empty
    assert combined["source"].tolist() == ["new", "new"]


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


@pytest.fixture(scope="module")
def real_extract():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the releases agree where they overlap
        return dfe.build_extract(REAL_DFE)


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
