import math

import pandas as pd
import pytest

from wsoa_analysis.domain.rounding import digits_shown, format_value, round_half_up


@pytest.mark.parametrize(
    "value, digits, expected",
    [
        (0.5, 0, 1.0),
        (1.5, 0, 2.0),
        (2.5, 0, 3.0),  # Python's round gives 2
        (-2.5, 0, -3.0),
        (2.675, 2, 2.68),  # binary float 2.67499.. still rounds up on its decimal text
        (57.45, 1, 57.5),
        (57.44, 1, 57.4),
        (12.0, 1, 12.0),
    ],
)
def test_round_half_up(value, digits, expected):
    assert round_half_up(value, digits) == expected


def test_round_half_up_keeps_missing_and_series():
    assert math.isnan(round_half_up(float("nan"), 1))
    got = round_half_up(pd.Series([0.25, 0.35, None]), 1)
    assert got.iloc[0] == 0.3 and got.iloc[1] == 0.4 and math.isnan(got.iloc[2])


@pytest.mark.parametrize(
    "value, unit, expected",
    [
        (57.5, "percent", "57.5%"),
        (57.45, "percent", "57.5%"),
        (6132, "count", "6,132"),
        (64.5, "rate_per_month", "65 a month"),
        (float("nan"), "percent", "–"),
        (None, "count", "–"),
    ],
)
def test_format_value(value, unit, expected):
    assert format_value(value, unit) == expected


def test_format_value_compact():
    assert format_value(75.0, "percent", compact=True) == "75%"
    assert format_value(57.5, "percent", compact=True) == "57.5%"
    assert format_value(15000, "count", compact=True) == "15,000"


@pytest.mark.parametrize(
    "unit, digits", [("percent", 1), ("count", 0), ("rate_per_month", 0), ("other", 1)]
)
def test_digits_shown(unit, digits):
    assert digits_shown(unit) == digits
