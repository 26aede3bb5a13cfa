import math

import pandas as pd
import pytest

from wsoa_analysis.config.settings import RatingRules
from wsoa_analysis.domain.rating import (
    RATED,
    RATING_ORDER,
    RATINGS,
    baseline_for,
    maintain_band,
    on_or_ahead,
    rate,
    rating_rank,
)

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
        frequency="quarterly",
    )
    row.update(kw)
    return row


def r(k, value, end="2022-06-30", **kw):
    return rate(k, value, end, rules=RULES, plan_end_date=PLAN_END, **kw)


# Audited good or better, 52.5% -> 75% over 8 quarters. At 30 June 2022 (4 quarters) the
# trajectory stands at 52.5 + 22.5 * 4/8 = 63.75. The amber band is 10% of 22.5 = 2.25.
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
    # requests per month 64 (Jul 2021) -> 50 with no date: plan end June 2023 (23 months)
    k = kpi(
        polarity="lower",
        baseline_value=64,
        baseline_date="2021-07-31",
        target_value=50,
        target_date=None,
        frequency="monthly",
    )
    res = r(k, 60, end="2022-07-31")
    expected = 64 - 14 * 12 / 23
    assert res.expected == pytest.approx(expected)
    # trajectory 56.70; band 1.4
    assert res.code == "red"  # 3.31 behind
    assert r(k, 58, end="2022-07-31").code == "amber"  # 1.31 behind
    assert r(k, 56, end="2022-07-31").code == "green"
    assert r(k, 49, end="2022-07-31").code == "met"


def test_relative_target_is_a_share_of_the_baseline():
    k = kpi(target_kind="relative", baseline_value=1000, target_value=20)
    assert r(k, 1200).code == "met"
    assert r(k, 1100).target == pytest.approx(1200)


def test_first_value_stands_in_for_a_missing_baseline():
    k = kpi(
        target_kind="relative",
        baseline_value=None,
        baseline_date=None,
        target_value=20,
        frequency="monthly",
    )
    # Oct 2022 -> Jun 2023 is 8 months: in Mar 2023 the line stands at 4200 + 840 * 5/8
    res = r(k, 4500, end="2023-03-31", first_value=4200, first_period_end="2022-10-31")
    assert res.baseline_from_first_value
    assert res.target == pytest.approx(5040)
    assert res.expected == pytest.approx(4725)
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
    [(60, 59.9, "green"), (57, 59.9, "amber"), (50, 59.9, "red"), (50, None, "no_data")],
)
def test_national_average(value, national, expected):
    k = kpi(target_kind="national_average", baseline_value=None, target_value=None)
    assert r(k, value, national_value=national).code == expected


def test_a_national_average_target_is_a_target_even_before_the_figure_is_out():
    # "in line with the national average or better" sets a target: with no national figure
    # for the same period there is nothing to compare with yet, which is not "no target"
    k = kpi(target_kind="national_average", baseline_value=None, target_value=None)
    res = r(k, 88.3, national_value=None)
    assert res.code == "no_data" and res.rating.label != "No target set"
    assert "national figure for the same period" in res.reason
    assert "same period" in r(k, 90, national_value=88).reason


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
        frequency="academic_year",
    )
    assert r(k, 3, end="2022-08-31").code == "met"
    assert r(k, 6, end="2022-08-31").code == "red"


# The exclusions measures, academic years from 2020/21 to the plan's end (June 2023, in
# 2022/23): 2021/22 is one year of two, so the trajectory stands half way. A line in days
# (365 of 668 days, 54.6%) would put 192 -> 162 at 175.6 and rate 176 Amber.
@pytest.mark.parametrize(
    "baseline, target, value, expected_line, code",
    [
        (192, 162, 176, 177.0, "green"),  # suspensions, EHCP pupils
        (22, 12, 17, 17.0, "green"),  # permanent exclusions, SEN support
        (5, 3, 4, 4.0, "green"),  # permanent exclusions, EHCP pupils
        (913, 880, 920, 896.5, "red"),  # suspensions, SEN support: worse than the baseline
    ],
)
def test_academic_year_measures_are_judged_a_year_at_a_time(
    baseline, target, value, expected_line, code
):
    k = kpi(
        polarity="lower",
        baseline_value=baseline,
        baseline_date="2021-08-31",
        target_value=target,
        target_date=None,
        frequency="academic_year",
    )
    res = r(k, value, end="2022-08-31")
    assert res.expected == pytest.approx(expected_line)
    assert res.code == code


@pytest.mark.parametrize(
    "end, value, code",
    [
        ("2023-03-31", 74.0, "green"),  # the quarter before the target's: on the line
        ("2023-06-30", 74.0, "missed"),  # the target's own quarter, short of it
        ("2023-06-30", 75.0, "met"),
        ("2023-09-30", 70.0, "missed"),  # after it
        ("2023-09-30", 76.0, "met"),
    ],
)
def test_at_or_after_the_target_date_a_value_short_of_it_has_missed_it(end, value, code):
    k = kpi(target_date=None)  # the plan's end, June 2023
    res = r(k, value, end=end)
    assert res.code == code
    if code == "missed":
        assert res.rating.label == "Target missed" and res.rating.css == "red"
        assert res.reason == "the target date (Jun 2023) has passed and the target was not met"


def test_every_rating_has_a_symbol_and_label():
    for rating in RATINGS.values():
        assert rating.symbol and rating.label
    assert len({x.symbol for x in RATINGS.values()}) == len(RATINGS)


# Each band setting a different number, so a rule reading the wrong one gives another colour.
DISTINCT = RatingRules(
    amber_band_percent_of_distance=30,
    maintain_band_percent=5,
    no_change_band_percent=10,
    first_value_as_baseline=True,
)


def rd(k, value, **kw):
    return rate(k, value, "2022-06-30", rules=DISTINCT, plan_end_date=PLAN_END, **kw)


@pytest.mark.parametrize(
    "value, expected",
    [
        (33, "amber"),  # 3 up on 30: within the 10% no-change band (5% would make it Green)
        (27, "amber"),  # 3 down: no change, not Red
        (34, "green"),  # 4 up: beyond the band (30% of the distance would be 9)
        (25, "red"),
    ],
)
def test_month_on_month_reads_the_no_change_band(value, expected):
    k = kpi(target_kind="month_on_month", baseline_value=None, target_value=None)
    assert rd(k, value, previous_value=30).code == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        (60.0, "green"),
        (57.5, "amber"),  # 2.5 below 60: within 5% (3.0); 10% would say the same, 0% not
        (56.5, "red"),  # 3.5 below: beyond 5% (3.0) but within 10% (6.0) and 30% (18.0)
        (50.0, "red"),
    ],
)
def test_national_average_reads_the_maintain_band(value, expected):
    k = kpi(target_kind="national_average", baseline_value=None, target_value=None)
    assert rd(k, value, national_value=60.0).code == expected


def test_national_average_band_is_not_the_no_change_band():
    strict = RatingRules(maintain_band_percent=5, no_change_band_percent=0)
    k = kpi(target_kind="national_average", baseline_value=None, target_value=None)
    res = rate(k, 58, "2022-06-30", rules=strict, plan_end_date=PLAN_END, national_value=60)
    assert res.code == "amber"  # 2 below: within 5% of 60 (a 0% band would make it Red)


@pytest.mark.parametrize(
    "value, expected",
    [(0, "green"), (0.04, "green"), (0.08, "amber"), (0.2, "red"), (1, "red")],
)
def test_maintain_a_level_of_zero(value, expected):
    # permanent exclusions: maintain 0, lower is better. At a level of 0 the band is
    # maintain_band_percent hundredths of a unit (0.05), never zero wide nor a division by 0
    k = kpi(target_kind="maintain", polarity="lower", baseline_value=0, target_value=0)
    assert r(k, value).code == expected


def test_maintain_band_width():
    assert maintain_band(52, 5) == pytest.approx(2.6)
    assert maintain_band(-52, 5) == pytest.approx(2.6)
    assert maintain_band(0, 5) == pytest.approx(0.05)


def test_exactly_on_the_trajectory_is_on_track():
    # 27.1% -> 100% over 8 quarters: at 4 the line stands at 63.55, which floating point
    # gives as 63.550000000000004; a value of 63.55 is on it, not behind it
    k = kpi(baseline_value=27.1, target_value=100.0)
    res = r(k, 63.55)
    assert res.expected == pytest.approx(63.55)
    assert res.code == "green"
    # lower is better, 64 -> 50 over 8 quarters: 57 at 4
    k = kpi(polarity="lower", baseline_value=64, target_value=50)
    assert r(k, 57).code == "green"
    assert r(k, 57.01).code == "amber"


@pytest.mark.parametrize(
    "value, line, sign, expected",
    [
        (63.75, 63.75, 1, True),
        (63.75 - 1e-9, 63.75, 1, False),
        (0.1 + 0.2, 0.3, 1, True),  # 0.30000000000000004
        (0.3, 0.1 + 0.2, 1, True),  # just under by noise: still on the line
        (57, 57, -1, True),
        (56, 57, -1, True),
        (58, 57, -1, False),
    ],
)
def test_on_or_ahead(value, line, sign, expected):
    assert on_or_ahead(value, line, sign) is expected


def test_result_carries_where_the_trajectory_starts_and_ends():
    res = r(kpi(), 62.0)
    assert res.baseline_used == 52.5 and not res.baseline_from_first_value
    assert res.baseline_date == pd.Timestamp("2021-06-30")
    assert res.target_date == pd.Timestamp("2023-06-30")
    res = r(kpi(target_date=None), 62.0)
    assert res.target_date == pd.Timestamp(PLAN_END)  # the plan's end where none is given
    k = kpi(target_kind="relative", baseline_value=None, baseline_date=None, target_value=20)
    res = r(k, 4500, end="2023-06-30", first_value=4200, first_period_end="2022-10-31")
    assert (res.baseline_used, res.baseline_date) == (4200, pd.Timestamp("2022-10-31"))


def test_baseline_for():
    assert baseline_for(kpi(), RULES) == (52.5, pd.Timestamp("2021-06-30"), False)
    k = kpi(baseline_value=None, baseline_date=None)
    assert baseline_for(k, RULES, 40, "2022-01-31") == (40.0, pd.Timestamp("2022-01-31"), True)
    b, d, first = baseline_for(k, RatingRules(first_value_as_baseline=False), 40, "2022-01-31")
    assert math.isnan(b) and d is None and not first


def test_rating_order_and_rank():
    assert RATING_ORDER == (
        "met",
        "green",
        "amber",
        "red",
        "missed",
        "no_target",
        "no_data",
        "not_due",
        "withheld",
    )
    assert [rating_rank(c) for c in RATING_ORDER] == [0, 1, 2, 3, 4, None, None, None, None]
    assert set(RATED) < set(RATINGS)


# A milestone (1 done, 0 not yet) due by March 2023: no trajectory, judged on whether it is
# done and whether its due date has passed by the reporting date.
MILESTONE = kpi(unit="milestone", target_value=1.0, target_date="2023-03-31", frequency="monthly")


@pytest.mark.parametrize(
    "value, done_on, as_of, code, words",
    [
        (1, "2023-02-28", "2023-02-28", "met", "done in February 2023, by its due date of March"),
        (1, "2023-03-31", "2023-06-30", "met", "done in March 2023, by its due date of March"),
        (1, "2023-05-31", "2023-06-30", "met", "done in May 2023, after its due date of March"),
        (0, None, "2023-04-30", "missed", "due by Mar 2023 and not yet done"),
        (0, None, "2023-01-31", "not_due", "not yet done; due by Mar 2023"),
    ],
)
def test_a_milestone_is_rated_on_its_due_date(value, done_on, as_of, code, words):
    got = r(MILESTONE, value, as_of, as_of=as_of, done_on=done_on)
    assert got.code == code and words in got.reason
    assert math.isnan(got.expected)  # no trajectory


def test_a_milestone_done_late_names_the_period_it_was_done_in():
    """Due in January, done in February: still met (it is done), but said to be late and
    when; a termly milestone names its term as a sentence does."""
    due_jan = kpi(unit="milestone", target_value=1.0, target_date="2026-01-31", frequency="monthly")
    got = r(due_jan, 1, "2026-03-31", as_of="2026-03-31", done_on="2026-02-28")
    assert got.code == "met"
    assert got.reason == "done in February 2026, after its due date of January 2026"
    termly = kpi(unit="milestone", target_value=1.0, target_date="2026-08-31", frequency="termly")
    got = r(termly, 1, "2026-04-30", as_of="2026-04-30", done_on="2026-04-30")
    assert got.reason == "done in the spring term 2025/26, by its due date of August 2026"


def test_not_due_yet_is_no_colour_and_not_on_the_scale():
    assert RATINGS["not_due"].rag == "None" and rating_rank("not_due") is None
