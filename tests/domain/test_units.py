"""Each kind of measure is written its own way: a rate per N with its N, population and the
population's source; durations in weeks or days; a milestone as Done or Not yet; and no rate
that is not 0 shown as 0."""

import pytest

from wsoa_analysis.domain.rounding import format_value
from wsoa_analysis.domain.units import (
    draws_line,
    format_measure,
    measure_digits,
    period_in_sentence,
)

PER_10K = {
    "unit": "rate_per_n",
    "rate_per": 10000,
    "rate_population": "children",
    "rate_population_source": "ONS mid-2021 estimate",
}


def test_a_rate_per_10000_names_its_n_and_population_never_a_month():
    assert format_measure(24.08, PER_10K) == "24.1 per 10,000 children"
    assert (
        format_measure(24.08, PER_10K, with_source=True)
        == "24.1 per 10,000 children (population: ONS mid-2021 estimate)"
    )
    assert "month" not in format_measure(24.08, PER_10K)


@pytest.mark.parametrize(
    "value, unit, expected",
    [
        (0.38, "rate_per_month", "0.38 a month"),  # was "0 a month"
        (0.0449, "rate_per_month", "0.045 a month"),
        (64.2, "rate_per_month", "64 a month"),  # the example's rates keep their form
        (0, "rate_per_month", "0 a month"),
        (12.25, "weeks", "12.3 weeks"),
        (0.2, "days", "0.20 days"),  # two significant figures below 1
        (1, "milestone", "Done"),
        (0, "milestone", "Not yet"),
    ],
)
def test_each_unit_is_written_its_own_way(value, unit, expected):
    assert format_value(value, unit) == expected


def test_a_measure_shows_its_figures_to_its_own_decimals():
    rate = {"unit": "rate_per_month", "decimals": 2}
    assert format_measure(2.0, rate) == "2.00 a month"
    assert format_measure(0.38, rate | {"decimals": 1}) == "0.4 a month"  # the area's choice
    assert format_measure(0.038, rate | {"decimals": 1}) == "0.038 a month"  # but never 0
    assert measure_digits({"unit": "rate_per_n"}) == 1
    assert measure_digits({"unit": "rate_per_n", "decimals": float("nan")}) == 1


def test_a_milestone_is_not_drawn_as_a_line():
    assert not draws_line({"unit": "milestone"})
    assert draws_line({"unit": "percent"})


@pytest.mark.parametrize(
    "label, said",
    [
        ("Spring term 2024/25", "the spring term 2024/25"),
        ("Autumn term 2025/26 (assumed)", "the autumn term 2025/26 (assumed)"),
        ("January 2026 census", "the January 2026 census"),
        ("Q4 2025/26", "Q4 2025/26"),
        ("Mar 2026", "Mar 2026"),
    ],
)
def test_a_period_in_a_sentence(label, said):
    assert period_in_sentence(label) == said
