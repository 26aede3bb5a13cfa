"""Published periods (``importers.dfe.periods``)."""

from __future__ import annotations

from datetime import date

import pytest

from wsoa_analysis.importers import dfe

# --- periods and figures ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "identifier", "first", "last"),
    [
        ("2022", "Calendar year", date(2022, 1, 1), date(2022, 12, 31)),
        ("202425", "Academic year", date(2024, 9, 1), date(2025, 8, 31)),
        ("202425", "Financial year", date(2024, 4, 1), date(2025, 3, 31)),
        ("199900", "Academic year", date(1999, 9, 1), date(2000, 8, 31)),
        ("202425", "Tax year", date(2024, 4, 6), date(2025, 4, 5)),
        ("2024", "Calendar year Q1", date(2024, 1, 1), date(2024, 3, 31)),
        ("202425", "Financial year Q1", date(2024, 4, 1), date(2024, 6, 30)),
        ("202425", "Financial year Q4", date(2025, 1, 1), date(2025, 3, 31)),
        ("2024", "February", date(2024, 2, 1), date(2024, 2, 29)),
        (" 2022 ", "calendar  YEAR", date(2022, 1, 1), date(2022, 12, 31)),
    ],
)
def test_period_bounds(period, identifier, first, last):
    assert dfe.period_bounds(period, identifier) == (first, last)


@pytest.mark.parametrize(
    ("period", "identifier", "column", "message"),
    [
        ("2024", "Reporting year", "time_identifier", "'Reporting year' is not a kind of period"),
        ("202426", "Academic year", "time_period", "not two consecutive years"),
        ("2024", "Financial year", "time_period", "not two consecutive years"),
        ("20a4", "Calendar year", "time_period", "not a year such as 2024"),
        ("202425", "Calendar year", "time_period", "not a year such as 2024"),
    ],
)
def test_period_bounds_rejects_what_it_cannot_read(period, identifier, column, message):
    with pytest.raises(dfe.PeriodError, match=message) as caught:
        dfe.period_bounds(period, identifier)
    assert caught.value.column == column
