import pandas as pd
import pytest

from wsoa_analysis.domain.synthetic import (
    all_synthetic,
    any_synthetic,
    counted_synthetic,
    status_synthetic,
    synthetic_flags,
)


def test_synthetic_flags_read_missing_as_real():
    frame = pd.DataFrame({"synthetic": pd.array([True, pd.NA, False], dtype="boolean")})
    assert list(synthetic_flags(frame)) == [True, False, False]
    assert synthetic_flags(frame).dtype == bool
    assert list(synthetic_flags(pd.DataFrame({"x": [1]}))) == [False]
    assert synthetic_flags(pd.DataFrame({"x": [1]}, index=[7])).index.tolist() == [7]


def test_any_synthetic():
    real = pd.DataFrame({"synthetic": pd.array([pd.NA, False], dtype="boolean")})
    made_up = pd.DataFrame({"synthetic": [False, True]})
    assert not any_synthetic(real)
    assert any_synthetic(real, made_up)
    assert not any_synthetic(pd.DataFrame({"x": []}), pd.DataFrame())


# --- figures worked out from rows ---------------------------------------------------------

INVENTED = pd.DataFrame({"synthetic": [True, True]})
MIXED = pd.DataFrame({"synthetic": pd.array([True, pd.NA], dtype="boolean")})
REAL = pd.DataFrame({"x": [1, 2]})


@pytest.mark.parametrize(
    "counts,synthetic_counts,records,expected",
    [
        ([3, 2], [1, 0], MIXED, [True, False]),  # any synthetic row counted makes it synthetic
        ([3], [3], INVENTED, [True]),
        ([0], [0], INVENTED, [True]),  # an empty month of an invented extract is invented
        ([0], [0], MIXED, [False]),  # in data with real rows, an empty month is a real 0
        ([0], [0], REAL, [False]),
        ([0], [0], REAL.iloc[:0], [False]),  # no rows at all: nothing invented
        ([2, 0], [0, 0], REAL, [False, False]),
    ],
)
def test_a_figure_counted_from_rows_is_synthetic_where_a_row_it_counts_is(
    counts, synthetic_counts, records, expected
):
    assert counted_synthetic(counts, synthetic_counts, records).tolist() == expected


def test_all_synthetic():
    assert all_synthetic(INVENTED) and not all_synthetic(MIXED)
    assert not all_synthetic(REAL) and not all_synthetic(INVENTED.iloc[:0])


def test_a_status_is_synthetic_where_the_update_it_shows_is():
    updates = pd.DataFrame(
        {
            "action_ref": ["1.1.1", "1.1.1", "1.1.2"],
            "reporting_date": pd.to_datetime(["2022-08-31", "2022-12-31", "2022-08-31"]),
            "synthetic": pd.array([pd.NA, True, False], dtype="boolean"),
        }
    )
    tracker = pd.DataFrame(
        {
            "action_ref": ["1.1.1", "1.1.2", "1.1.3"],
            "status_date": pd.to_datetime(["2022-12-31", "2022-08-31", None]),
        },
        index=[5, 6, 7],
    )
    flags = status_synthetic(tracker, updates)
    assert flags.tolist() == [True, False, False]  # 1.1.3 has no status: nothing invented
    assert flags.index.tolist() == [5, 6, 7]
    earlier = tracker.assign(status_date=pd.to_datetime(["2022-08-31", "2022-08-31", None]))
    assert not status_synthetic(earlier, updates).any()
