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


def test_trajectory_is_a_straight_line_in_days():
    # 27.1% at 30 June 2021 to 100% at 30 June 2023: 730 days
    args = (27.1, "2021-06-30", 100, "2023-06-30")
    assert m.trajectory_value("2021-06-30", *args) == pytest.approx(27.1)
    assert m.trajectory_value("2022-06-30", *args) == pytest.approx(27.1 + 72.9 * 365 / 730)
    assert m.trajectory_value("2023-06-30", *args) == pytest.approx(100)
    assert m.trajectory_value("2024-01-31", *args) == 100  # after the date: the target
    assert m.trajectory_value("2020-01-31", *args) == 27.1  # before the baseline


def test_trajectory_series():
    s = m.trajectory_series(["2021-06-30", "2023-06-30"], 0, "2021-06-30", 50, "2023-06-30")
    assert list(s) == [0.0, 50.0]


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
