"""The small-counts policy of each measure (``disclosure/measures.py``)."""

from __future__ import annotations

import pandas as pd
import pytest

from wsoa_analysis.disclosure import DisclosurePolicy
from wsoa_analysis.disclosure.measures import counts_people, protect_observed

KPIS = pd.DataFrame(
    {
        "kpi_id": ["EXCL", "SCHOOLS", "PCT", "BLANK"],
        "unit": ["count", "count", "percent", "count"],
        "small_counts": ["suppress", "show", "", None],
    }
)


def _obs(kpi_id, values):
    return pd.DataFrame({"kpi_id": kpi_id, "value": values, "symbol": ""})


def test_counts_of_people_are_protected_unless_a_measure_says_show():
    got = counts_people(KPIS)
    assert got.to_dict() == {"EXCL": True, "SCHOOLS": False, "PCT": False, "BLANK": True}


def test_counts_people_without_the_column_protects_every_count():
    got = counts_people(KPIS.drop(columns="small_counts"))
    assert got.to_dict() == {"EXCL": True, "SCHOOLS": True, "PCT": False, "BLANK": True}


@pytest.mark.parametrize(
    ("value", "withheld"), [(0.0, False), (1.0, True), (4.0, True), (5.0, False), (17.0, False)]
)
def test_a_small_count_of_people_is_withheld_at_the_threshold(value, withheld):
    got = protect_observed(_obs("EXCL", [value]), KPIS, DisclosurePolicy(threshold=5))
    assert bool(pd.isna(got["value"].iloc[0])) is withheld
    assert got["symbol"].iloc[0] == ("c" if withheld else "")


def test_counts_of_things_and_percentages_are_shown_as_they_are():
    obs = pd.concat([_obs("SCHOOLS", [3.0]), _obs("PCT", [2.0])], ignore_index=True)
    got = protect_observed(obs, KPIS, DisclosurePolicy())
    assert got["value"].tolist() == [3.0, 2.0] and got["symbol"].tolist() == ["", ""]


def test_zero_is_withheld_when_the_policy_withholds_zeros():
    got = protect_observed(_obs("EXCL", [0.0]), KPIS, DisclosurePolicy(suppress_zero=True))
    assert got["symbol"].iloc[0] == "c"


def test_shown_counts_of_people_are_rounded_to_the_policys_base():
    got = protect_observed(_obs("EXCL", [17.0, 3.0]), KPIS, DisclosurePolicy(rounding_base=5))
    assert got["value"].iloc[0] == 15.0 and got["symbol"].tolist() == ["", "c"]


def test_the_policy_off_shows_everything():
    got = protect_observed(_obs("EXCL", [4.0]), KPIS, DisclosurePolicy(enabled=False))
    assert got["value"].tolist() == [4.0]
