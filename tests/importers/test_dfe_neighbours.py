"""Area codes and statistical neighbours (``importers.dfe.codes``, ``importers.dfe.neighbours``)."""

from __future__ import annotations

import pandas as pd
import pytest
from dfe_fixtures import (
    DONCASTER_NEIGHBOURS,
    NAMES,
    NEW,
    OLD,
    write_neighbour_workbook,
)
from pandas.testing import assert_frame_equal

from wsoa_analysis.errors import InputError, ParameterError
from wsoa_analysis.importers import dfe


@pytest.fixture
def workbook(tmp_path):
    return write_neighbour_workbook(tmp_path / "sn_test.xlsx")


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
