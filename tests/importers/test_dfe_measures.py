"""Extracting one measure (``importers.dfe.measures``)."""

from __future__ import annotations

import math

import pytest
from dfe_fixtures import (
    ALL_PLANS,
    BAD,
    HEADER,
    LA,
    NAN,
    NEW,
    OLD,
    PLACEMENTS,
    Y21,
    Y22,
    YH,
    long_frame,
    write_csv,
)
from pandas.testing import assert_frame_equal

from wsoa_analysis.errors import InputError
from wsoa_analysis.importers import dfe

# --- extracting one measure ---------------------------------------------------------------


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
