import math

import numpy as np
import pandas as pd
import pytest

from wsoa_analysis.domain.missing import as_date, as_float, is_missing


@pytest.mark.parametrize(
    "value, expected",
    [
        (None, True),
        (pd.NA, True),
        (pd.NaT, True),
        (math.nan, True),
        (np.float64("nan"), True),
        (np.datetime64("NaT"), True),
        (0, False),
        (0.0, False),
        ("", False),
        ("c", False),
        (False, False),
        (pd.Timestamp("2022-06-30"), False),
        ([], False),
        ([None], False),
        (np.array([np.nan]), False),
    ],
)
def test_is_missing(value, expected):
    assert is_missing(value) is expected


def test_as_float_and_as_date():
    assert math.isnan(as_float(pd.NA)) and as_float("2.5") == 2.5
    assert as_date(pd.NaT) is None and as_date(None) is None
    assert as_date("2022-06-30") == pd.Timestamp("2022-06-30")
