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
        # from the rounded counts: 21 of 43 (48.8%) would give the counts back beside 20 and 45
        ({"rounding_base": 5}, 21, 43, ["20", "45", "44.4%"]),
        ({"rounding_base": 5}, 152, 218, ["150", "220", "68.2%"]),  # not 69.7%
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


@pytest.mark.parametrize(
    "settings, given, expected",
    [
        ({}, None, [88.9, 53.2]),  # 48 of 54 and 272 of 511, to the 1 decimal shown
        ({}, [88.888889, 53.228962], [88.9, 53.2]),  # a percent given is rounded as shown too
        ({"enabled": False}, None, [100 * 48 / 54, 100 * 272 / 511]),  # working figures only
        # from the rounded counts: 50 of 55 and 270 of 510, not 48 of 54 and 272 of 511
        ({"rounding_base": 5}, None, [90.9, 52.9]),
    ],
)
def test_the_percentage_published_is_the_one_shown_never_a_finer_fraction(
    settings, given, expected
):
    """A percentage to six places is an exact fraction of two counts: a chart or a workbook
    carrying it would give back a count the table withholds, so the value is as shown."""
    got = protect_rate(
        pd.Series([48, 272], name="within_20_weeks"),
        pd.Series([54, 511], name="plans_issued"),
        None if given is None else pd.Series(given, name="percent"),
        DisclosurePolicy(**settings),
    )
    assert got.values["percent"].tolist() == pytest.approx(expected, abs=1e-12)
