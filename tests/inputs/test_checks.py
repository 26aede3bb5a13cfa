"""The checks on typed tables: duplicate keys, units and ranges, numerators, references."""

import re

import pandas as pd
import pytest

from conftest import rows_of, write_rows
from wsoa_analysis.errors import InputError, ParameterError
from wsoa_analysis.inputs import checks
from wsoa_analysis.inputs.load import load_dataset


def set_cells(data, table, row, **values):
    rows = rows_of(data / f"{table}.csv")
    for column, value in values.items():
        rows[row - 1][rows[0].index(column)] = value
    write_rows(data / f"{table}.csv", rows)


def problems_of(data) -> list[str]:
    with pytest.raises(InputError) as info:
        load_dataset(data)
    return [str(p) for p in info.value.problems]


# observations.csv row 2 is A-1 (percent), 13/25 = 52.0%; the tolerance is 0.05 points.
@pytest.mark.parametrize("value", ["52.0", "52.04", "51.96", "52.05", "51.95"])
def test_a_percentage_within_the_tolerance_of_its_numerator_is_accepted(mini_data, value):
    set_cells(mini_data, "observations", 2, value=value)
    ds = load_dataset(mini_data)
    assert ds.observations.loc[0, "value"] == float(value)


@pytest.mark.parametrize("value", ["52.06", "51.94", "52.1", "57.0"])
def test_a_percentage_outside_the_tolerance_of_its_numerator_is_refused(mini_data, value):
    set_cells(mini_data, "observations", 2, value=value)
    assert problems_of(mini_data) == [
        f"observations.csv row 2, column value: '{float(value)}': does not match "
        "numerator/denominator (13/25 = 52.0%)"
    ]


def test_the_numerator_check_is_for_percentages_only(mini_data):
    # B-2 is a count: a numerator and denominator beside it are kept as given
    set_cells(mini_data, "observations", 7, numerator="3", denominator="4")
    assert load_dataset(mini_data).observations.loc[5, "numerator"] == 3


@pytest.mark.parametrize(
    "column, value",
    [
        ("baseline_value", "100.5"),
        ("baseline_value", "-0.5"),
        ("target_value", "101"),
        ("target_value", "-1"),
    ],
)
def test_a_percentage_baseline_or_target_outside_0_to_100_is_refused(mini_data, column, value):
    set_cells(mini_data, "kpis", 2, **{column: value})  # A-1, unit percent, target absolute
    assert problems_of(mini_data) == [
        f"kpis.csv row 2, column {column}: '{float(value)}': a percentage must be between 0 and 100"
    ]


@pytest.mark.parametrize("baseline, target", [("0", "100"), ("100", "0"), ("0.0", "99.9")])
def test_a_percentage_baseline_or_target_at_the_ends_of_the_range_is_accepted(
    mini_data, baseline, target
):
    # the better direction is the way from baseline to target (else the target is refused
    # as on the wrong side of the baseline)
    better = "higher" if float(target) > float(baseline) else "lower"
    set_cells(mini_data, "kpis", 2, baseline_value=baseline, target_value=target, polarity=better)
    kpis = load_dataset(mini_data).kpis
    assert (kpis.loc[0, "baseline_value"], kpis.loc[0, "target_value"]) == (
        float(baseline),
        float(target),
    )


def test_a_relative_target_is_a_percentage_change_and_may_exceed_100(mini_data):
    set_cells(mini_data, "kpis", 2, target_kind="relative", target_value="150")
    assert load_dataset(mini_data).kpis.loc[0, "target_value"] == 150


def test_a_relative_target_does_not_excuse_the_baseline(mini_data):
    set_cells(mini_data, "kpis", 2, target_kind="relative", baseline_value="150")
    assert problems_of(mini_data) == [
        "kpis.csv row 2, column baseline_value: '150.0': a percentage must be between 0 and 100"
    ]


def test_a_count_target_may_exceed_100(mini_data):
    set_cells(mini_data, "kpis", 5, target_kind="absolute", target_value="250")  # B-2, count
    assert load_dataset(mini_data).kpis.loc[3, "target_value"] == 250


def test_every_row_of_a_repeated_key_is_named(mini_data):
    rows = rows_of(mini_data / "priorities.csv")
    write_rows(mini_data / "priorities.csv", rows + [rows[1], rows[1]])
    message = "column priority_id: duplicate row: another row has the same priority_id"
    assert problems_of(mini_data) == [f"priorities.csv row {r}, {message}" for r in (2, 5, 6)]


def test_a_key_with_a_part_missing_is_not_also_a_duplicate(mini_data):
    rows = rows_of(mini_data / "observations.csv")
    rows[1][1] = ""
    write_rows(mini_data / "observations.csv", rows + [rows[1]])
    assert problems_of(mini_data) == [
        f"observations.csv row {r}, column period_end: is empty (a value is required)"
        for r in (2, 13)
    ]


def test_check_keys_on_a_typed_frame():
    frame = pd.DataFrame(
        {
            "kpi_id": pd.Series(["A", "A", "B", "A"], dtype="string"),
            "period_end": pd.to_datetime(["2022-03-31", "2022-06-30", "2022-03-31", "2022-03-31"]),
        }
    )
    found = checks.check_keys("observations", frame, "obs.csv")
    assert [(p.row, p.column) for p in found] == [
        (2, "kpi_id, period_end"),
        (5, "kpi_id, period_end"),
    ]


def test_a_baseline_date_must_end_a_period_of_the_measure(mini_data):
    set_cells(mini_data, "kpis", 2, baseline_date="2021-06-15")
    assert problems_of(mini_data) == [
        "kpis.csv row 2, column baseline_date: '2021-06-15': is not the last day of a quarter "
        "(ends 30 Jun, 30 Sep, 31 Dec or 31 Mar)"
    ]


@pytest.mark.parametrize(
    "table, row, values, message",
    [
        (
            "observations",
            7,
            {"value": "9.5"},
            "observations.csv row 7, column value: '9.5': a count must be a whole number",
        ),
        (
            "ehc_requests",
            2,
            {"decision": "no"},
            "ehc_requests.csv row 2, column decision: 'no': a plan was issued, so the decision "
            "should be yes",
        ),
        (
            "ehc_requests",
            2,
            {"decision_date": "2020-01-01"},
            "ehc_requests.csv row 2, column decision_date: '2020-01-01': is before date_received",
        ),
        (
            "benchmarks",
            2,
            {"value": ""},
            "benchmarks.csv row 2, column value: needs a value or a published symbol",
        ),
        (
            "benchmarks",
            2,
            {"period_start": "2023-01-01"},
            "benchmarks.csv row 2, column period_end: '2020-12-31': is before period_start",
        ),
        (
            "kpis",
            2,
            {"comparator_key": "nothing"},
            "kpis.csv row 2, column comparator_key: 'nothing': has no rows in benchmarks",
        ),
        (
            "kpis",
            2,
            {"baseline_date": ""},
            "kpis.csv row 2, column baseline_date: a baseline_value needs the date its period ends",
        ),
    ],
)
def test_checks_across_rows_and_tables(mini_data, table, row, values, message):
    set_cells(mini_data, table, row, **values)
    found = problems_of(mini_data)
    assert any(f.startswith(message) for f in found), found


def test_computed_measures_need_the_requests_table(mini_data):
    (mini_data / "ehc_requests.csv").unlink()
    assert problems_of(mini_data) == [
        f"kpis.csv row {r}, column method: '{m}': is computed from ehc_requests, but there is "
        "no ehc_requests table"
        for r, m in ((3, "ehc_issued_within_20_weeks"), (4, "ehc_requests_per_month"))
    ]


def test_a_status_is_read_once_and_its_reading_noted(mini_data):
    set_cells(mini_data, "action_updates", 2, status=" green ")
    notes = [str(n) for n in load_dataset(mini_data).notes]
    assert "action_updates.csv row 2, column status: 'green': read as Green" in notes


def test_references_into_an_unreadable_table_are_not_reported_again(mini_data):
    (mini_data / "priorities.csv").write_text("")
    assert problems_of(mini_data) == [
        "priorities.csv: the file is empty (expected a header row and data rows)"
    ]


@pytest.mark.parametrize(
    "date, message",
    [
        ("2020-12-31", "is before the first date in the data (2021-01-03)"),
        ("2022-10-31", "is after the last date in the data (2022-09-30)"),
    ],
)
def test_a_reporting_date_outside_the_data_is_refused(mini_dataset, date, message):
    with pytest.raises(ParameterError, match=re.escape(f"reporting date {date} {message}")):
        checks.check_reporting_date(mini_dataset.tables, date)


def test_a_reporting_date_at_either_end_of_the_data_is_accepted(mini_dataset):
    first, last = checks.data_period(mini_dataset.tables)
    checks.check_reporting_date(mini_dataset.tables, first)
    checks.check_reporting_date(mini_dataset.tables, last)
