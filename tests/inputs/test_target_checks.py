"""A measure's target against its baseline, dates and polarity: the combinations no rule could
rate without contradicting itself are refused, naming file, row, column and value."""

import pytest

from conftest import rows_of, write_rows
from wsoa_analysis.errors import InputError
from wsoa_analysis.inputs.load import load_dataset

# kpis.csv of the fixture: row 2 is A-1 (percent, higher is better, 50% in Q1 2021/22 to 70%
# by 31 Dec 2022, quarterly), row 5 B-2 (a count, maintain, baseline 10), row 6 B-3
# (mediations, lower is better, reduce), row 7 C-1 (no baseline, to be set).


def set_kpi(data, row, **values):
    rows = rows_of(data / "kpis.csv")
    for column, value in values.items():
        if column not in rows[0]:  # an optional column the fixture leaves out
            for r in rows:
                r.append(column if r is rows[0] else "")
        rows[row - 1][rows[0].index(column)] = value
    write_rows(data / "kpis.csv", rows)


def problems_of(data) -> list[str]:
    with pytest.raises(InputError) as info:
        load_dataset(data)
    return [str(p) for p in info.value.problems]


@pytest.mark.parametrize(
    "row, values, message",
    [
        (
            2,
            {"target_value": "40"},
            "kpis.csv row 2, column target_value: '40': puts the target below the baseline "
            "(50), but higher is better: the target is on the wrong side of the baseline",
        ),
        (
            2,
            {"polarity": "lower"},
            "kpis.csv row 2, column target_value: '70': puts the target above the baseline "
            "(50), but lower is better: the target is on the wrong side of the baseline",
        ),
        (
            2,
            {"target_kind": "relative", "target_value": "-10"},
            "kpis.csv row 2, column target_value: '-10': puts the target below the baseline, "
            "but higher is better: the target is on the wrong side of the baseline",
        ),
        (
            2,
            {"target_value": "50"},
            "kpis.csv row 2, column target_value: '50': is the baseline: a target to keep a "
            "level is target_kind maintain",
        ),
        (
            2,
            {"target_date": "2021-06-30"},
            "kpis.csv row 2, column target_date: '2021-06-30': is not after the baseline "
            "period, which ends 2021-06-30: the target would be due before the measure could "
            "move from its baseline",
        ),
        (
            2,
            {"target_date": "2021-01-31"},
            "kpis.csv row 2, column target_date: '2021-01-31': is not after the baseline "
            "period, which ends 2021-06-30: the target would be due before the measure could "
            "move from its baseline",
        ),
        (
            2,
            {"polarity": "hold"},
            "kpis.csv row 2, column target_kind: 'absolute': cannot go with polarity hold "
            "(movement either way is a concern): use maintain, or polarity higher or lower",
        ),
        (
            6,
            {"polarity": "higher"},
            "kpis.csv row 6, column target_kind: 'reduce': asks the measure to go down, but "
            "its polarity is higher (higher is better)",
        ),
        (
            5,
            {"target_value": "12"},
            "kpis.csv row 5, column target_value: '12': differs from the baseline (10): a "
            "maintain target keeps the baseline; a number to reach is target_kind absolute",
        ),
        (
            2,
            {"judged_by": "average"},
            "kpis.csv row 2, column judged_by: 'average': is not latest or mean_of_N with N of "
            "2 or more (e.g. mean_of_12)",
        ),
        (
            2,
            {"judged_by": "mean_of_1"},
            "kpis.csv row 2, column judged_by: 'mean_of_1': is not latest or mean_of_N with N "
            "of 2 or more (e.g. mean_of_12)",
        ),
        (
            7,
            {"baseline_period_assumed": "yes"},
            "kpis.csv row 7, column baseline_period_assumed: 'yes': says the baseline's period "
            "is assumed, but there is no baseline_date",
        ),
    ],
)
def test_a_target_no_rule_could_rate_is_refused(mini_data, row, values, message):
    set_kpi(mini_data, row, **values)
    assert problems_of(mini_data) == [message]


@pytest.mark.parametrize(
    "row, values",
    [
        (2, {"target_date": "2021-09-30"}),  # the next quarter: one step
        (2, {"judged_by": "mean_of_4"}),
        (2, {"judged_by": "latest", "baseline_period_assumed": "yes"}),
        (5, {"target_value": "10"}),  # maintain the baseline, written out
        (5, {"polarity": "hold"}),  # hold steady with a maintain target
        (6, {"polarity": "lower"}),  # reduce, lower is better
        (2, {"polarity": "lower", "target_value": "30"}),  # lower is better, target below
    ],
)
def test_a_target_that_agrees_with_itself_is_accepted(mini_data, row, values):
    set_kpi(mini_data, row, **values)
    load_dataset(mini_data)


def test_a_baseline_out_of_range_is_not_also_said_to_be_on_the_wrong_side(mini_data):
    set_kpi(mini_data, 2, baseline_value="100.5")
    assert problems_of(mini_data) == [
        "kpis.csv row 2, column baseline_value: '100.5': a percentage must be between 0 and 100"
    ]
