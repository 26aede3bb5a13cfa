import pandas as pd
import pytest

from wsoa_analysis.domain import periods as p
from wsoa_analysis.errors import ParameterError


@pytest.mark.parametrize(
    "date, frequency, expected",
    [
        ("2021-06-15", "monthly", "2021-06-30"),
        ("2024-02-10", "monthly", "2024-02-29"),
        ("2021-04-01", "quarterly", "2021-06-30"),  # Q1 = April to June
        ("2021-06-30", "quarterly", "2021-06-30"),
        ("2022-01-15", "quarterly", "2022-03-31"),  # Q4 of 2021/22
        ("2021-10-01", "quarterly", "2021-12-31"),
        ("2021-03-01", "half_yearly", "2021-06-30"),
        ("2021-07-01", "half_yearly", "2021-12-31"),
        ("2020-09-01", "academic_year", "2021-08-31"),
        ("2021-08-31", "academic_year", "2021-08-31"),
        ("2021-09-01", "academic_year", "2022-08-31"),
        ("2021-04-01", "financial_year", "2022-03-31"),
        ("2022-03-31", "financial_year", "2022-03-31"),
        ("2022-05-05", "calendar_year", "2022-12-31"),
    ],
)
def test_period_end(date, frequency, expected):
    assert p.period_end(date, frequency) == pd.Timestamp(expected)


def test_period_ends_vectorised_keeps_missing():
    s = pd.Series(pd.to_datetime(["2021-05-01", None, "2021-12-01"]))
    out = p.period_ends(s, "quarterly")
    assert out.iloc[0] == pd.Timestamp("2021-06-30")
    assert pd.isna(out.iloc[1])
    assert out.iloc[2] == pd.Timestamp("2021-12-31")


@pytest.mark.parametrize(
    "end, frequency, expected",
    [
        ("2021-06-30", "quarterly", "2021-04-01"),
        ("2021-08-31", "academic_year", "2020-09-01"),
        ("2021-06-30", "half_yearly", "2021-01-01"),
        ("2022-02-28", "monthly", "2022-02-01"),
    ],
)
def test_period_start(end, frequency, expected):
    assert p.period_start(end, frequency) == pd.Timestamp(expected)


@pytest.mark.parametrize(
    "end, frequency, expected",
    [
        ("2021-06-30", "monthly", "Jun 2021"),
        ("2021-06-30", "quarterly", "Q1 2021/22"),
        ("2022-03-31", "quarterly", "Q4 2021/22"),
        ("2021-12-31", "quarterly", "Q3 2021/22"),
        ("2021-06-30", "half_yearly", "Jan–Jun 2021"),
        ("2021-08-31", "academic_year", "2020/21 academic year"),
        ("2000-08-31", "academic_year", "1999/00 academic year"),
        ("2022-03-31", "financial_year", "2021/22 financial year"),
        ("2022-12-31", "calendar_year", "2022"),
    ],
)
def test_period_label(end, frequency, expected):
    assert p.period_label(end, frequency) == expected


def test_period_label_rejects_a_date_inside_a_period():
    with pytest.raises(ParameterError, match="not the end of a quarterly period"):
        p.period_label("2021-05-31", "quarterly")


def test_unknown_frequency_is_named():
    with pytest.raises(ParameterError, match="unknown frequency 'weekly'"):
        p.period_end("2021-05-31", "weekly")


@pytest.mark.parametrize(
    "end, frequency, n, expected",
    [
        ("2021-06-30", "quarterly", -1, "2021-03-31"),
        ("2021-03-31", "monthly", -1, "2021-02-28"),
        ("2021-02-28", "monthly", 1, "2021-03-31"),
        ("2021-08-31", "academic_year", -1, "2020-08-31"),
        ("2021-06-30", "half_yearly", 1, "2021-12-31"),
    ],
)
def test_shift_period_end(end, frequency, n, expected):
    assert p.shift_period_end(end, frequency, n) == pd.Timestamp(expected)


def test_year_earlier_handles_leap_day():
    assert p.year_earlier("2024-02-29") == pd.Timestamp("2023-02-28")
    assert p.year_earlier("2023-06-30") == pd.Timestamp("2022-06-30")


def test_period_range():
    got = p.period_range("2021-06-30", "2022-01-10", "quarterly")
    assert list(got.strftime("%Y-%m-%d")) == [
        "2021-06-30",
        "2021-09-30",
        "2021-12-31",
        "2022-03-31",
    ]
    assert len(p.period_range("2022-01-01", "2021-01-01", "monthly")) == 0


def test_is_period_end():
    s = pd.Series(pd.to_datetime(["2021-06-30", "2021-05-31", "2021-08-31"]))
    assert list(p.is_period_end(s, "quarterly")) == [True, False, False]
    assert list(p.is_period_end(s, "monthly")) == [True, True, True]


def test_latest_on_or_before_never_uses_a_later_row():
    frame = pd.DataFrame(
        {
            "kpi_id": ["A", "A", "A", "B"],
            "period_end": pd.to_datetime(["2022-06-30", "2022-09-30", "2022-12-31", "2022-03-31"]),
            "value": [1, 2, 3, 4],
        }
    )
    got = p.latest_on_or_before(frame, "2022-09-30", by="kpi_id")
    assert list(got["value"]) == [2, 4]
    got = p.latest_on_or_before(frame, "2022-09-29", by="kpi_id")
    assert list(got["value"]) == [1, 4]
    assert p.latest_on_or_before(frame, "2021-01-01").empty


@pytest.mark.parametrize("bad", ["31/08/2022", "Aug-22", "2022-02-30", ""])
def test_to_date_rejects_non_iso(bad):
    with pytest.raises(ParameterError, match="is not a date"):
        p.to_date(bad)


def _calendar_end(day: pd.Timestamp, frequency: str) -> pd.Timestamp:
    """The period end by the calendar, one date at a time (the reference)."""
    import calendar

    spec = p.FREQUENCY_SPECS[frequency]
    year, month = day.year, day.month
    while (month - spec.end_month) % spec.months:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return pd.Timestamp(year, month, calendar.monthrange(year, month)[1])


@pytest.mark.parametrize("frequency", list(p.FREQUENCY_SPECS))
def test_period_ends_and_labels_agree_with_the_calendar_every_day(frequency):
    """Every day of 1999-2032 (leap years, century-ish edges), in the units pandas reads dates
    in, with missing dates and times of day: vectorised ends, is_period_end and the label's
    own check give what the calendar gives."""
    days = pd.Series(pd.date_range("1999-01-01", "2032-12-31", freq="D"))
    expected = pd.Series([_calendar_end(d, frequency) for d in days], dtype="datetime64[ns]")
    for unit in ("ns", "us", "s"):
        got = p.period_ends(days.astype(f"datetime64[{unit}]"), frequency)
        assert got.dtype == "datetime64[ns]" and got.equals(expected)
    ends = days == expected
    assert p.is_period_end(days, frequency).equals(ends)
    for day in days[ends.to_numpy()][::5]:
        p.period_label(day, frequency)  # a period end: labelled, not refused
    with_gaps = days.astype("object").where(days.dt.day != 15, None)
    got = p.is_period_end(with_gaps, frequency)
    assert not got[days.dt.day == 15].any() and got[days.dt.day != 15].equals(
        ends[days.dt.day != 15]
    )
    at_noon = days + pd.Timedelta(hours=12)
    assert not p.is_period_end(at_noon, frequency).any()
    assert p.period_ends(at_noon, frequency).equals(expected)


@pytest.mark.parametrize(
    "date, frequency, end, label",
    [
        ("2022-10-05", "termly", "2022-12-31", "Autumn term 2022/23"),
        ("2023-02-01", "termly", "2023-04-30", "Spring term 2022/23"),
        ("2023-06-01", "termly", "2023-08-31", "Summer term 2022/23"),
        ("2023-01-19", "january_census", "2023-01-31", "January 2023 census"),
    ],
)
def test_terms_and_the_january_census_are_periods(date, frequency, end, label):
    assert p.period_end(date, frequency) == pd.Timestamp(end)
    assert p.period_label(end, frequency) == label


def test_a_termly_trajectory_steps_by_term():
    from wsoa_analysis.domain.targets import trajectory_value

    # summer 2022 to summer 2023 is three terms: the spring term stands two thirds of the way
    assert trajectory_value("2023-04-30", 10, "2022-08-31", 16, "2023-08-31", "termly") == 14
    assert p.shift_period_end("2023-01-31", "january_census", 1) == pd.Timestamp("2024-01-31")
