"""A plan's own kinds of measure, through the loader and the scorecard: a rate per 10,000
children, a small rate per month, a yes/no milestone with a due date, a termly measure."""

import math

import pandas as pd
import pytest

from conftest import rows_of, write_rows
from wsoa_analysis.domain import scorecard as sc
from wsoa_analysis.domain.units import format_measure
from wsoa_analysis.errors import InputError
from wsoa_analysis.inputs.load import load_dataset

NEW_KPIS = [
    # kpi_id, unit, polarity, baseline, baseline_date, kind, target, target_date, frequency
    ("R-1", "rate_per_n", "lower", "30", "2021-06-30", "absolute", "20", "", "quarterly"),
    ("R-2", "rate_per_month", "lower", "", "", "reduce", "", "", "monthly"),  # decimals 2
    # a milestone with a baseline of 0 (not done): still no trajectory, no "Progress 100%"
    ("M-1", "milestone", "higher", "0", "2021-06-30", "absolute", "1", "2022-08-31", "monthly"),
    ("T-1", "weeks", "lower", "30", "2021-08-31", "absolute", "18", "2022-12-31", "termly"),
]
NEW_VALUES = [
    ("R-1", "2022-06-30", "24.08"),
    ("R-2", "2022-08-31", "0.38"),
    ("R-2", "2022-09-30", "2"),
    ("M-1", "2022-06-30", "0"),
    ("M-1", "2022-07-31", "1"),
    ("T-1", "2022-04-30", "24.5"),
]
RATE_COLUMNS = {
    "R-2": {"decimals": "2"},
    "R-1": {
        "rate_per": "10000",
        "rate_population": "children",
        "rate_population_source": "ONS mid-2021 estimate",
    },
}


def _add_measures(data, kpis=NEW_KPIS, values=NEW_VALUES, columns=RATE_COLUMNS):
    rows = rows_of(data / "kpis.csv")
    head = rows[0] + ["rate_per", "rate_population", "rate_population_source", "decimals"]
    out = [head] + [r + [""] * (len(head) - len(r)) for r in rows[1:]]
    for kid, unit, pol, base, bdate, kind, target, tdate, freq in kpis:
        row = dict.fromkeys(head, "")
        row |= dict(kpi_id=kid, priority_id="1", title=f"Measure {kid}", unit=unit)
        row |= dict(polarity=pol, baseline_value=base, baseline_date=bdate, target_kind=kind)
        row |= dict(target_value=target, target_date=tdate, frequency=freq)
        row |= dict(source="local", method="observed") | columns.get(kid, {})
        out.append([row[c] for c in head])
    write_rows(data / "kpis.csv", out)
    obs = rows_of(data / "observations.csv")
    for kid, end, value in values:
        obs.append([kid, end, value] + [""] * (len(obs[0]) - 3))
    write_rows(data / "observations.csv", obs)


@pytest.fixture
def card(mini_data, mini_settings):
    _add_measures(mini_data)
    ds = load_dataset(mini_data)
    return sc.scorecard(ds, mini_settings, "2022-09-30").set_index("kpi_id")


def test_a_rate_per_10000_is_shown_per_10000_with_its_population(card):
    r1 = card.loc["R-1"]
    assert format_measure(r1["latest_value"], r1, with_source=True) == (
        "24.1 per 10,000 children (population: ONS mid-2021 estimate)"
    )


def test_a_small_rate_keeps_its_decimals_on_every_figure(card):
    r2 = card.loc["R-2"]
    assert r2["decimals"] == 2
    assert format_measure(r2["latest_value"], r2) == "2.00 a month"
    assert format_measure(0.38, r2) == "0.38 a month"


def test_a_milestone_has_no_trajectory_and_no_progress(card):
    m1 = card.loc["M-1"]
    assert format_measure(m1["latest_value"], m1) == "Done"
    assert m1["rating"] == "met" and "by its due date" in m1["rating_reason"]
    assert math.isnan(m1["progress"])
    assert sc.trajectory_line(m1).empty
    assert m1["target"] == "Done by Aug 2022"


def test_a_termly_measure_is_judged_on_its_terms(card):
    t1 = card.loc["T-1"]
    assert t1["latest_period"] == "Spring term 2021/22"
    # summer 2021 (30) to autumn 2022 (18): four terms; spring 2022 is the second
    assert t1["expected_value"] == pytest.approx(24)
    assert sc.trajectory_line(t1).index[1] == pd.Timestamp("2021-12-31")


@pytest.mark.parametrize(
    "kpis, values, columns, expected",
    [
        (
            [("X-1", "rate_per_n", "lower", "", "", "reduce", "", "", "quarterly")],
            [],
            {},
            "column rate_per: a rate_per_n measure needs the N its values are per",
        ),
        (
            [("X-1", "milestone", "higher", "", "", "absolute", "1", "", "monthly")],
            [],
            {},
            "column target_date: a milestone needs the date it is due by",
        ),
        (
            [("X-1", "milestone", "higher", "", "", "absolute", "1", "2022-08-31", "monthly")],
            [("X-1", "2022-07-31", "100")],
            {},
            "column value: '100.0': a milestone is 1 (done) or 0 (not yet)",
        ),
        (
            [("X-1", "weeks", "lower", "", "", "reduce", "", "", "termly")],
            [("X-1", "2022-06-30", "3")],
            {},
            "'2022-06-30': is not the last day of a term",
        ),
    ],
)
def test_a_measure_missing_what_its_kind_needs_is_refused(
    mini_data, kpis, values, columns, expected
):
    _add_measures(mini_data, kpis, values, columns)
    with pytest.raises(InputError) as err:
        load_dataset(mini_data)
    assert expected in str(err.value)
