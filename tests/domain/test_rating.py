import math

import pytest

from wsoa_analysis.config.settings import RatingRules
from wsoa_analysis.domain.rating import RATINGS, rate

RULES = RatingRules(
    amber_band_percent_of_distance=10,
    maintain_band_percent=5,
    no_change_band_percent=0,
    first_value_as_baseline=True,
)
PLAN_END = "2023-06-30"


def kpi(**kw):
    row = dict(
        kpi_id="K",
        target_kind="absolute",
        polarity="higher",
        baseline_value=52.5,
        baseline_date="2021-06-30",
        target_value=75.0,
        target_date="2023-06-30",
    )
    row.update(kw)
    return row


def r(k, value, end="2022-06-30", **kw):
    return rate(k, value, end, rules=RULES, plan_end_date=PLAN_END, **kw)


# Audited good or better, 52.5% -> 75% over 730 days. At 30 June 2022 (365 days) the
# trajectory stands at 52.5 + 22.5 * 365/730 = 63.75. The amber band is 10% of 22.5 = 2.25.
@pytest.mark.parametrize(
    "value, expected",
    [
        (75.0, "met"),
        (80.0, "met"),
        (63.75, "green"),
        (64.0, "green"),
        (61.5, "amber"),  # 2.25 behind: the edge of the band
        (61.4, "red"),
        (50.0, "red"),
    ],
)
def test_absolute_target_against_trajectory(value, expected):
    assert r(kpi(), value).code == expected


def test_result_carries_trajectory_and_target():
    res = r(kpi(), 62.0)
    assert res.expected == pytest.approx(63.75)
    assert res.target == 75.0
    assert res.rating.label == "Slightly behind"


def test_target_date_defaults_to_plan_end():
    # requests per month 64 (Jul 2021) -> 50 with no date: plan end June 2023 (699 days)
    k = kpi(
        polarity="lower",
        baseline_value=64,
        baseline_date="2021-07-31",
        target_value=50,
        target_date=None,
    )
    res = r(k, 60, end="2022-07-31")
    expected = 64 - 14 * 365 / 699
    assert res.expected == pytest.approx(expected)
    # trajectory 56.69; band 1.4
    assert res.code == "red"  # 3.31 behind
    assert r(k, 58, end="2022-07-31").code == "amber"  # 1.31 behind
    assert r(k, 56, end="2022-07-31").code == "green"
    assert r(k, 49, end="2022-07-31").code == "met"


def test_relative_target_is_a_share_of_the_baseline():
    k = kpi(target_kind="relative", baseline_value=1000, target_value=20)
    assert r(k, 1200).code == "met"
    assert r(k, 1100).target == pytest.approx(1200)


def test_first_value_stands_in_for_a_missing_baseline():
    k = kpi(target_kind="relative", baseline_value=None, baseline_date=None, target_value=20)
    res = r(k, 4500, end="2023-06-30", first_value=4200, first_period_end="2022-10-31")
    assert res.baseline_from_first_value
    assert res.target == pytest.approx(5040)
    assert res.code == "red"
    assert "first recorded value" in res.reason
    strict = RatingRules(first_value_as_baseline=False)
    res = rate(
        k,
        4500,
        "2023-06-30",
        rules=strict,
        plan_end_date=PLAN_END,
        first_value=4200,
        first_period_end="2022-10-31",
    )
    assert res.code == "no_target"


@pytest.mark.parametrize(
    "value, expected",
    [
        (52, "green"),
        (60, "green"),
        (49.5, "green"),
        (49.3, "amber"),
        (46.8, "amber"),
        (46.7, "red"),
    ],
)
def test_maintain_band(value, expected):
    # maintain 52 ceased plans: 5% band is 2.6, twice it 5.2
    k = kpi(target_kind="maintain", baseline_value=52, target_value=None)
    assert r(k, value).code == expected


def test_maintain_uses_target_value_where_given():
    k = kpi(target_kind="maintain", baseline_value=100, target_value=100)
    assert r(k, 100).code == "green"
    assert r(k, 91.7).code == "amber"  # 8.3 short: within twice the 5-point band
    assert r(k, 89.9).code == "red"


@pytest.mark.parametrize("kind", ["reduce", "increase", "to_be_set"])
def test_targets_without_a_number_get_no_colour(kind):
    res = r(kpi(target_kind=kind, target_value=None), 10)
    assert res.code == "no_target"
    assert RATINGS[res.code].label == "No target set"


@pytest.mark.parametrize(
    "value, previous, expected",
    [(36, 30, "green"), (30, 30, "amber"), (25, 30, "red"), (25, None, "no_data")],
)
def test_month_on_month(value, previous, expected):
    k = kpi(target_kind="month_on_month", baseline_value=None, target_value=None)
    assert r(k, value, previous_value=previous).code == expected


@pytest.mark.parametrize(
    "value, national, expected",
    [(60, 59.9, "green"), (57, 59.9, "amber"), (50, 59.9, "red"), (50, None, "no_target")],
)
def test_national_average(value, national, expected):
    k = kpi(target_kind="national_average", baseline_value=None, target_value=None)
    assert r(k, value, national_value=national).code == expected


def test_no_value_is_no_data():
    assert r(kpi(), None).code == "no_data"
    assert r(kpi(), math.nan).code == "no_data"


def test_lower_is_better_absolute():
    # permanent exclusions of EHCP pupils 5 -> 3
    k = kpi(
        polarity="lower",
        baseline_value=5,
        baseline_date="2021-08-31",
        target_value=3,
        target_date=None,
    )
    assert r(k, 3, end="2022-08-31").code == "met"
    assert r(k, 6, end="2022-08-31").code == "red"


def test_every_rating_has_a_symbol_and_label():
    for rating in RATINGS.values():
        assert rating.symbol and rating.label
    assert len({x.symbol for x in RATINGS.values()}) == len(RATINGS)
