import math

import pandas as pd
import pytest

from wsoa_analysis.domain import judging as jd
from wsoa_analysis.errors import ParameterError


def values(rows, kpi_id="B-1"):
    """A measure's values: (period end, value, symbol) rows."""
    return pd.DataFrame(
        {
            "kpi_id": kpi_id,
            "period_end": pd.to_datetime([d for d, _, _ in rows]),
            "value": [v for _, v, _ in rows],
            "numerator": math.nan,
            "denominator": math.nan,
            "note": "",
            "synthetic": [False] * (len(rows) - 1) + [True] if rows else [],
            "symbol": [s for _, _, s in rows],
        }
    )


MONTHS = values(
    [
        ("2022-03-31", 12.0, ""),
        ("2022-04-30", 9.0, ""),
        ("2022-05-31", 12.0, ""),
        ("2022-06-30", 6.0, ""),
    ]
)


@pytest.mark.parametrize(
    "judged_by, n",
    [(None, 1), ("", 1), ("latest", 1), ("mean_of_12", 12), (" mean_of_3 ", 3)],
)
def test_periods_of(judged_by, n):
    assert jd.periods_of({"judged_by": judged_by}) == n


@pytest.mark.parametrize("judged_by", ["mean_of_1", "mean_of_0", "average", "mean_of_x"])
def test_an_unknown_judged_by_is_named(judged_by):
    with pytest.raises(ParameterError, match=f"judged_by '{judged_by}' is not latest or mean_of_N"):
        jd.periods_of({"judged_by": judged_by})


def test_latest_is_the_values_themselves():
    pd.testing.assert_frame_equal(jd.judged_values(MONTHS, "monthly", 1), MONTHS)


def test_an_average_of_three_months_needs_all_three():
    got = jd.judged_values(MONTHS, "monthly", 3)
    # May: (12 + 9 + 12) / 3 = 11; June: (9 + 12 + 6) / 3 = 9; March and April have no
    # three months before them
    assert list(got["period_end"].dt.strftime("%Y-%m")) == ["2022-05", "2022-06"]
    assert list(got["value"]) == [11.0, 9.0]
    assert list(got["synthetic"]) == [False, True]  # June's own value is synthetic
    assert list(got.columns) == list(MONTHS.columns)


def test_a_gap_leaves_no_average():
    gap = MONTHS[MONTHS["period_end"] != pd.Timestamp("2022-04-30")]
    got = jd.judged_values(gap, "monthly", 2)
    # May would need April: none; June averages May and June, (12 + 6) / 2
    assert list(got["period_end"].dt.strftime("%Y-%m")) == ["2022-06"]
    assert list(got["value"]) == [9.0]


def test_an_average_over_a_withheld_value_is_withheld():
    # the other two months and the average would give the withheld one away
    withheld = MONTHS.assign(value=[12.0, math.nan, 12.0, 6.0], symbol=["", "c", "", ""])
    got = jd.judged_values(withheld, "monthly", 3)
    assert list(got["symbol"]) == ["c", "c"]
    assert got["value"].isna().all()


@pytest.mark.parametrize(
    "end, frequency, n, expected",
    [
        ("2023-06-30", "monthly", 1, "Jun 2023"),
        ("2023-06-30", "monthly", 12, "average of the 12 months to Jun 2023"),
        ("2023-06-30", "quarterly", 4, "average of the 4 quarters to Q1 2023/24"),
    ],
)
def test_judged_period(end, frequency, n, expected):
    assert jd.judged_period(end, frequency, n) == expected


@pytest.mark.parametrize(
    "kind, frequency, n, expected",
    [
        ("absolute", "quarterly", 1, "judged on its latest quarter"),
        ("absolute", "monthly", 12, "judged on the average of its last 12 months"),
        ("maintain", "half_yearly", 1, "judged on its latest half-year"),
        (
            "national_average",
            "academic_year",
            1,
            "judged against the national figure for the same period",
        ),
        ("month_on_month", "monthly", 1, "judged on its latest month against the one before"),
        ("reduce", "quarterly", 1, ""),
        ("to_be_set", "quarterly", 1, ""),
    ],
)
def test_judged_on(kind, frequency, n, expected):
    assert jd.judged_on({"target_kind": kind, "frequency": frequency}, n) == expected


@pytest.mark.parametrize(
    "assumed, expected",
    [(True, "Q1 2021/22 (assumed)"), (False, "Q1 2021/22"), (None, "Q1 2021/22")],
)
def test_a_baseline_period_the_wsoa_does_not_state_is_marked_assumed(assumed, expected):
    kpi = {"baseline_date": pd.Timestamp("2021-06-30"), "frequency": "quarterly"}
    assert jd.baseline_period({**kpi, "baseline_period_assumed": assumed}) == expected
    assert jd.baseline_period({**kpi, "baseline_date": pd.NaT}) == ""


def test_an_assumed_baseline_of_an_average_says_both():
    kpi = {
        "baseline_date": pd.Timestamp("2021-07-31"),
        "frequency": "monthly",
        "baseline_period_assumed": True,
    }
    assert jd.baseline_period(kpi, 12) == "average of the 12 months to Jul 2021 (assumed)"
