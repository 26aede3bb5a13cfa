import numpy as np
import pandas as pd
import pytest

from wsoa_analysis.disclosure import DisclosurePolicy, protect_rate
from wsoa_analysis.errors import ParameterError

DEFAULT = DisclosurePolicy()


@pytest.mark.parametrize(
    "settings, within, issued, expected",
    [
        ({}, 20, 40, ["20", "40", "50.0%"]),
        ({}, 38, 40, ["c", "40", "c"]),  # 2 late plans
        ({}, 3, 40, ["c", "40", "c"]),
        ({}, 35, 40, ["35", "40", "87.5%"]),  # 5 late: not small
        ({}, 36, 40, ["c", "40", "c"]),  # 4 late
        ({}, 0, 40, ["0", "40", "0.0%"]),
        ({}, 40, 40, ["40", "40", "100.0%"]),
        ({}, 3, 3, ["c", "c", "c"]),
        ({}, 0, 4, ["c", "c", "c"]),  # "0 of 4" says all four were late
        ({}, 5, 5, ["5", "5", "100.0%"]),
        ({}, 0, 0, ["0", "0", "–"]),
        ({}, 1, 7, ["c", "7", "c"]),
        ({"suppress_zero": True}, 0, 40, ["c", "40", "c"]),
        ({"suppress_zero": True}, 40, 40, ["c", "40", "c"]),
        ({"suppress_zero": True}, 0, 0, ["c", "c", "c"]),
        ({"threshold": 10}, 31, 40, ["c", "40", "c"]),  # 9 late
        ({"rounding_base": 5}, 21, 43, ["20", "45", "48.8%"]),  # percent from unrounded counts
        ({"enabled": False}, 38, 40, ["38", "40", "95.0%"]),
    ],
)
def test_protect_rate(settings, within, issued, expected):
    got = protect_rate(
        pd.Series([within], name="within_20_weeks"),
        pd.Series([issued], name="plans_issued"),
        None,
        DisclosurePolicy(**settings),
    )
    assert list(got.shown.columns) == ["within_20_weeks", "plans_issued", "percent"]
    assert list(got.shown.iloc[0]) == expected
    assert list(got.suppressed.iloc[0]) == [s == "c" for s in expected]


def test_protect_rate_uses_the_given_percent_and_keeps_the_index():
    table = pd.DataFrame(
        {
            "period_end": pd.to_datetime(["2022-12-31", "2023-12-31"]),
            "plans_issued": [40, 40],
            "within_20_weeks": [38, 23],
            "percent": [95.0, 57.5],
        }
    ).set_index("period_end")
    before = table.copy()
    got = protect_rate(table["within_20_weeks"], table["plans_issued"], table["percent"], DEFAULT)
    pd.testing.assert_frame_equal(table, before)
    expected = pd.DataFrame(
        {
            "within_20_weeks": [np.nan, 23.0],
            "plans_issued": [40.0, 40.0],
            "percent": [np.nan, 57.5],
        },
        index=table.index,
    )
    pd.testing.assert_frame_equal(got.values, expected)
    assert got.primary["within_20_weeks"].tolist() == [False, False]  # withheld for the 2 late
    assert got.primary["percent"].tolist() == [True, False]


@pytest.mark.parametrize(
    "num, den, message",
    [
        ([5, 41], [40, 40], r"a numerator is larger than its denominator \(row 1: 41 of 40\)"),
        ([5], [-1], r"column 'plans_issued', row 0: .*is not a count"),
    ],
)
def test_protect_rate_rejects_bad_counts(num, den, message):
    with pytest.raises(ParameterError, match=message):
        protect_rate(
            pd.Series(num, name="within_20_weeks"),
            pd.Series(den, name="plans_issued"),
            None,
            DEFAULT,
        )
