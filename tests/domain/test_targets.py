import math

import pytest

from wsoa_analysis.domain import targets as m


@pytest.mark.parametrize(
    "value, baseline, target, expected",
    [
        (63.75, 52.5, 75, 50.0),  # audited good or better: half way
        (75, 52.5, 75, 100.0),
        (52.5, 52.5, 75, 0.0),
        (50.25, 52.5, 75, -10.0),  # moved away from the target
        (57, 64, 50, 50.0),  # requests per month: lower is better, half way
        (43, 64, 50, 150.0),  # beyond the target
        (63.8, 57.5, 70, 50.4),
    ],
)
def test_progress_percent(value, baseline, target, expected):
    assert m.progress_percent(value, baseline, target) == pytest.approx(expected)


@pytest.mark.parametrize("args", [(None, 1, 2), (1, float("nan"), 2), (1, 2, 2)])
def test_progress_percent_missing(args):
    assert math.isnan(m.progress_percent(*args))


@pytest.mark.parametrize(
    "kind, value, baseline, expected",
    [
        ("absolute", 75, 52.5, 75.0),
        ("relative", 20, 1000, 1200.0),
        ("relative", -10, 50, 45.0),
        ("relative", 20, None, math.nan),
        ("maintain", None, 52, 52.0),
        ("maintain", 100, 98, 100.0),
        ("reduce", None, 16, math.nan),
        ("to_be_set", None, None, math.nan),
    ],
)
def test_effective_target(kind, value, baseline, expected):
    got = m.effective_target(kind, value, baseline)
    assert (math.isnan(got) and math.isnan(expected)) or got == pytest.approx(expected)


def test_trajectory_steps_by_the_measures_own_period():
    # 27.1% at Q1 2021/22 (June 2021) to 100% by June 2023: 8 quarters, 9.1125 a quarter
    args = (27.1, "2021-06-30", 100, "2023-06-30", "quarterly")
    assert m.trajectory_value("2021-06-30", *args) == pytest.approx(27.1)
    assert m.trajectory_value("2021-09-30", *args) == pytest.approx(27.1 + 72.9 / 8)
    assert m.trajectory_value("2022-06-30", *args) == pytest.approx(27.1 + 72.9 * 4 / 8)
    assert m.trajectory_value("2023-06-30", *args) == pytest.approx(100)
    assert m.trajectory_value("2024-01-31", *args) == 100  # after the date: the target
    assert m.trajectory_value("2020-01-31", *args) == 27.1  # before the baseline


# Exclusions, 913 in 2020/21 to 880 by the plan's end (June 2023, in 2022/23): two academic
# years, so 2021/22 stands half way. A line in days would stand 365/669 = 54.6% of the way.
@pytest.mark.parametrize(
    "end, expected",
    [("2021-08-31", 913.0), ("2022-08-31", 896.5), ("2023-08-31", 880.0), ("2024-08-31", 880.0)],
)
def test_an_academic_year_trajectory_moves_a_year_at_a_time(end, expected):
    args = (913, "2021-08-31", 880, "2023-06-30", "academic_year")
    assert m.trajectory_value(end, *args) == pytest.approx(expected)


@pytest.mark.parametrize(
    "start, end, frequency, expected",
    [
        ("2021-08-31", "2023-06-30", "academic_year", 2),
        ("2021-06-30", "2023-06-30", "quarterly", 8),
        ("2021-07-31", "2023-06-30", "monthly", 23),
        ("2021-06-30", "2022-12-31", "half_yearly", 3),
        ("2022-08-31", "2021-08-31", "academic_year", -1),
    ],
)
def test_periods_between(start, end, frequency, expected):
    assert m.periods_between(start, end, frequency) == expected


def test_trajectory_series():
    s = m.trajectory_series(
        ["2021-06-30", "2023-06-30"], 0, "2021-06-30", 50, "2023-06-30", "quarterly"
    )
    assert list(s) == [0.0, 50.0]


def test_trajectory_points_are_every_period_end():
    s = m.trajectory_points(913, "2021-08-31", 880, "2023-06-30", "academic_year")
    assert list(s.index.strftime("%Y-%m-%d")) == ["2021-08-31", "2022-08-31", "2023-08-31"]
    assert list(s) == [913.0, 896.5, 880.0]


@pytest.mark.parametrize(
    "value_end, expected",
    [("2023-03-31", False), ("2023-06-30", True), ("2023-09-30", True)],
)
def test_target_passed_from_the_period_containing_the_target_date(value_end, expected):
    assert m.target_passed(value_end, "2023-06-30", "quarterly") is expected


@pytest.mark.parametrize(
    "new, old, polarity, expected",
    [
        (60, 57.5, "higher", m.IMPROVING),
        (55, 57.5, "higher", m.WORSENING),
        (60, 64, "lower", m.IMPROVING),
        (70, 64, "lower", m.WORSENING),
        (64, 64, "lower", m.NO_CHANGE),
        (101, 100, "hold", m.WORSENING),
        (None, 64, "lower", m.NOT_COMPARABLE),
    ],
)
def test_direction_of_travel(new, old, polarity, expected):
    assert m.direction_of_travel(new, old, polarity) == expected


def test_direction_band_counts_small_moves_as_no_change():
    assert m.direction_of_travel(101, 100, "higher", no_change_band_percent=2) == m.NO_CHANGE
    assert m.direction_of_travel(103, 100, "higher", no_change_band_percent=2) == m.IMPROVING
