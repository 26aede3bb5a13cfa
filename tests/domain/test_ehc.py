import numpy as np
import pandas as pd
import pytest

from wsoa_analysis.domain import ehc
from wsoa_analysis.errors import ParameterError


def requests(rows):
    frame = pd.DataFrame(
        rows, columns=["request_id", "date_received", "plan_issued_date", "exception_applies"]
    )
    for col in ("date_received", "plan_issued_date"):
        frame[col] = pd.to_datetime(frame[col])
    frame["exception_applies"] = frame["exception_applies"].astype("boolean")
    return frame


# Plans issued in June 2022: A exactly 140 days (counts as within), B 141 days (late),
# C within but an exception (left out of both), D within. E issued in July 2022, late.
# F has no plan. G received in June, issued in September (within 20 weeks).
SAMPLE = requests(
    [
        ("A", "2022-01-24", "2022-06-13", False),
        ("B", "2022-01-23", "2022-06-13", False),
        ("C", "2022-03-01", "2022-06-01", True),
        ("D", "2022-04-01", "2022-06-30", False),
        ("E", "2022-01-01", "2022-07-15", False),
        ("F", "2022-06-02", None, False),
        ("G", "2022-06-20", "2022-09-30", False),
    ]
)


def test_twenty_weeks_is_140_days_inclusive():
    flags = ehc.issued_within_20_weeks(SAMPLE)
    assert list(flags.iloc[:5]) == [True, False, True, True, False]
    assert pd.isna(flags.iloc[5])


def test_monthly_timeliness_leaves_exceptions_out():
    t = ehc.timeliness(SAMPLE, "month", "2022-06-01", "2022-09-30")
    assert list(t["period_end"].dt.strftime("%Y-%m")) == [
        "2022-06",
        "2022-07",
        "2022-08",
        "2022-09",
    ]
    assert list(t["plans_issued"]) == [3, 1, 0, 1]  # C (exception) not counted
    assert list(t["within_20_weeks"]) == [2, 0, 0, 1]
    assert t["percent"].iloc[0] == pytest.approx(200 / 3)
    assert t["percent"].iloc[1] == 0
    assert np.isnan(t["percent"].iloc[2])  # no plans: no percentage, not zero
    assert t["percent"].iloc[3] == 100


def test_quarterly_and_calendar_year():
    q = ehc.timeliness(SAMPLE, "quarter")
    assert list(q["period_end"].dt.strftime("%Y-%m-%d")) == ["2022-06-30", "2022-09-30"]
    assert list(q["plans_issued"]) == [3, 2]
    assert list(q["within_20_weeks"]) == [2, 1]
    y = ehc.timeliness(SAMPLE, "calendar_year")
    assert list(y["plans_issued"]) == [5] and list(y["within_20_weeks"]) == [3]
    assert y["percent"].iloc[0] == pytest.approx(60.0)


def test_rolling_twelve_months():
    covered = (pd.Timestamp("2021-07-01"), pd.Timestamp("2022-09-30"))
    t = ehc.timeliness(SAMPLE, "rolling_12_months", "2022-06-30", "2022-09-30", covered)
    assert list(t["plans_issued"]) == [3, 4, 4, 5]
    assert list(t["within_20_weeks"]) == [2, 2, 2, 3]
    assert t["period_end"].iloc[0] == pd.Timestamp("2022-06-30")
    assert not t["part_period"].any()


def test_coverage_runs_from_the_first_plan_issued():
    # the first plan (C) is issued on 1 June 2022; the last date held is G's, 30 Sep 2022
    assert ehc.coverage(SAMPLE) == (pd.Timestamp("2022-06-01"), pd.Timestamp("2022-09-30"))
    assert ehc.coverage(SAMPLE[SAMPLE["plan_issued_date"].isna()]) is None


def test_a_rolling_window_the_data_only_partly_cover_is_left_out():
    # the data hold plans from June 2022: the window to September 2022 holds four months of
    # plans, not twelve, and reads 3 of 5 as if it were a year's figure
    t = ehc.timeliness(SAMPLE, "rolling_12_months", "2022-06-30", "2022-09-30")
    assert t.empty
    covered = (pd.Timestamp("2021-10-01"), pd.Timestamp("2023-12-31"))
    t = ehc.timeliness(SAMPLE, "rolling_12_months", "2022-06-30", "2022-12-31", covered)
    assert list(t["period_end"].dt.strftime("%Y-%m")) == [
        "2022-09",
        "2022-10",
        "2022-11",
        "2022-12",
    ]


def test_a_year_the_data_only_partly_cover_is_a_part_period():
    y = ehc.timeliness(SAMPLE, "calendar_year")
    assert list(y["part_period"]) == [True]  # 2022, from June to September only
    whole = (pd.Timestamp("2022-01-01"), pd.Timestamp("2022-12-31"))
    assert list(ehc.timeliness(SAMPLE, "calendar_year", covered=whole)["part_period"]) == [False]
    q = ehc.timeliness(SAMPLE, "quarter")  # Apr-Jun 2022 starts before June; Jul-Sep whole
    assert list(q["part_period"]) == [True, False]


def test_unknown_period_is_named():
    with pytest.raises(ParameterError, match="unknown period 'week'"):
        ehc.timeliness(SAMPLE, "week")


def test_requests_per_month_fills_empty_months():
    got = ehc.requests_per_month(SAMPLE, "2022-01-01", "2022-07-31")
    assert list(got["requests"]) == [3, 0, 1, 1, 0, 2, 0]
    assert got["period_end"].iloc[-1] == pd.Timestamp("2022-07-31")


def test_weeks_distribution():
    got = ehc.weeks_distribution(SAMPLE, "2022-06-01", "2022-07-31")
    counts = dict(zip(got["weeks"], got["plans"], strict=True))
    assert counts["over 18 to 20"] == 1  # A: exactly 20 weeks
    assert counts["over 20 to 26"] == 1  # B: 20.14 weeks
    assert counts["over 10 to 14"] == 1  # D: 90 days = 12.9 weeks
    assert counts["over 26 to 40"] == 1  # E: 195 days = 27.9 weeks
    assert got["plans"].sum() == 4  # C is an exception


def test_empty_input_gives_empty_frames():
    empty = SAMPLE.iloc[0:0]
    assert ehc.timeliness(empty).empty
    assert ehc.requests_per_month(empty).empty


def test_twenty_weeks_or_less_includes_the_18_to_20_week_bin():
    got = ehc.weeks_distribution(SAMPLE, "2022-06-01", "2022-07-31").set_index("weeks")
    within = got.index[got["within_20_weeks"]]
    assert list(within) == [
        "6 or less",
        "over 6 to 10",
        "over 10 to 14",
        "over 14 to 18",
        "over 18 to 20",
    ]
    assert not got.loc["over 20 to 26", "within_20_weeks"]
    # A (exactly 20 weeks, in 18–20) and D: the same plans the timeliness rule counts
    assert ehc.plans_within_20_weeks(got) == 2
    t = ehc.timeliness(SAMPLE, "month", "2022-06-01", "2022-07-31")
    assert ehc.plans_within_20_weeks(got) == t["within_20_weeks"].sum()


def test_twenty_weeks_or_less_with_other_bins():
    got = ehc.weeks_distribution(SAMPLE, "2022-06-01", "2022-09-30", bins=(0, 20, np.inf))
    assert list(got["within_20_weeks"]) == [True, False]
    assert list(got["plans"]) == [3, 2]  # A, D, G within; B, E later


# --- which figures are synthetic ------------------------------------------------------------

# A (issued in June 2022) and E (issued in July 2022) invented; the rest real
MIXED = SAMPLE.assign(
    synthetic=pd.array([True, None, None, None, True, None, None], dtype="boolean")
)
INVENTED = SAMPLE.assign(synthetic=True)


def test_requests_per_month_are_synthetic_where_a_request_counted_is():
    got = ehc.requests_per_month(MIXED, "2022-01-01", "2022-07-31")
    # Jan: A, B, E (A and E invented); Mar: C; Apr: D; Jun: F, G; empty months are real zeros
    assert list(got["synthetic"]) == [True, False, False, False, False, False, False]
    everything = ehc.requests_per_month(INVENTED, "2022-01-01", "2022-07-31")
    assert everything["synthetic"].all()  # an invented extract invents its empty months too
    assert not ehc.requests_per_month(SAMPLE, "2022-01-01", "2022-07-31")["synthetic"].any()


def test_timeliness_is_synthetic_where_a_plan_counted_is():
    monthly = ehc.timeliness(MIXED, "month", "2022-06-01", "2022-09-30")
    assert list(monthly["synthetic"]) == [True, True, False, False]  # Jun: A; Jul: E
    quarters = ehc.timeliness(MIXED, "quarter")
    assert list(quarters["synthetic"]) == [True, True]
    covered = (pd.Timestamp("2021-07-01"), pd.Timestamp("2023-12-31"))
    rolling = ehc.timeliness(MIXED, "rolling_12_months", "2022-06-30", "2023-08-31", covered)
    # a window is synthetic while it holds A (June 2022) or E (July 2022)
    ends = rolling["period_end"].dt.strftime("%Y-%m")
    window = dict(zip(ends, rolling["synthetic"], strict=True))
    assert window["2022-06"] and window["2023-05"]
    assert window["2023-06"]  # July 2022 to June 2023 holds E
    assert not window["2023-07"] and not window["2023-08"]  # only G (September 2022)
    assert not ehc.timeliness(SAMPLE, "month")["synthetic"].any()


def test_weeks_distribution_is_synthetic_band_by_band():
    got = ehc.weeks_distribution(MIXED, "2022-06-01", "2022-07-31").set_index("weeks")
    assert got.loc["over 18 to 20", "synthetic"] and got.loc["over 26 to 40", "synthetic"]  # A, E
    assert (
        not got.loc["over 10 to 14", "synthetic"] and not got.loc["over 20 to 26", "synthetic"]
    )  # D, B
    assert not got.loc["6 or less", "synthetic"]  # no plan: a real 0
    assert ehc.weeks_distribution(INVENTED, "2022-06-01", "2022-07-31")["synthetic"].all()
