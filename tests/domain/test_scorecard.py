import json
import math

import pandas as pd
import pytest

from wsoa_analysis.cli import main
from wsoa_analysis.disclosure.control import DisclosurePolicy
from wsoa_analysis.domain import scorecard as sc
from wsoa_analysis.domain.summary import status_summary


def test_measure_values_include_computed_ones(mini_dataset):
    values = sc.measure_values(mini_dataset, DisclosurePolicy(enabled=False))
    a2 = values[values["kpi_id"] == "A-2"].set_index("period_end")
    # June 2022: plans issued that month, hand-counted from the fixture requests
    june = a2.loc[pd.Timestamp("2022-06-30")]
    assert june["numerator"] <= june["denominator"]
    assert june["value"] == pytest.approx(100 * june["numerator"] / june["denominator"])
    b1 = values[values["kpi_id"] == "B-1"].set_index("period_end")["value"]
    assert b1.loc[pd.Timestamp("2021-07-31")] == 3
    assert b1.index.min() == pd.Timestamp("2021-07-31")  # values start after the baseline
    assert set(values["kpi_id"]) == {"A-1", "A-2", "B-1", "B-2", "B-3", "C-1"}


def test_small_computed_figures_are_withheld(mini_dataset):
    """The fixture has 3 requests a month: every monthly figure is below the threshold."""
    values = sc.measure_values(mini_dataset, DisclosurePolicy(threshold=5))
    b1 = values[values["kpi_id"] == "B-1"]
    assert b1["value"].isna().all() and (b1["symbol"] == "c").all()
    a2 = values[values["kpi_id"] == "A-2"]
    assert (a2["symbol"] == "c").all() and a2["numerator"].isna().all()
    lenient = sc.measure_values(mini_dataset, DisclosurePolicy(threshold=1))
    assert lenient.loc[lenient["kpi_id"] == "B-1", "value"].notna().all()


def test_a_withheld_latest_figure_gets_no_rating(mini_dataset, mini_settings):
    card = sc.scorecard(mini_dataset, mini_settings, "2022-09-30").set_index("kpi_id")
    assert card.loc["B-1", "latest_symbol"] == "c"
    assert card.loc["B-1", "rating"] == "no_data"
    assert "withheld" in card.loc["B-1", "rating_reason"]
    assert math.isnan(card.loc["B-1", "latest_value"])


def test_scorecard_row_for_an_observed_measure(mini_dataset, mini_settings):
    card = sc.scorecard(mini_dataset, mini_settings, "2022-09-30").set_index("kpi_id")
    a1 = card.loc["A-1"]
    assert a1["latest_value"] == 62.5
    assert a1["latest_period"] == "Q2 2022/23"
    assert a1["previous_value"] == 60.0
    assert a1["year_ago_value"] == 52.0
    assert a1["direction_previous"] == "Improving"
    assert a1["progress"] == pytest.approx((62.5 - 50) / 20 * 100)
    # 50 -> 70 from 30 Jun 2021 to 31 Dec 2022 (549 days); at 30 Sep 2022 (457 days)
    expected = 50 + 20 * 457 / 549
    assert a1["expected_value"] == pytest.approx(expected)
    assert a1["rating"] == "red"  # 4.15 behind; the amber band is 2
    assert a1["target"] == "70% by Dec 2022"
    assert a1["baseline_period"] == "Q1 2021/22"


def test_scorecard_uses_nothing_after_the_reporting_date(mini_dataset, mini_settings):
    card = sc.scorecard(mini_dataset, mini_settings, "2022-08-15").set_index("kpi_id")
    assert card.loc["A-1", "latest_value"] == 60.0
    assert card.loc["B-1", "latest_period"] == "Jul 2022"
    early = sc.scorecard(mini_dataset, mini_settings, "2021-07-01").set_index("kpi_id")
    assert early.loc["A-1", "rating"] == "no_data"
    assert math.isnan(early.loc["A-1", "latest_value"])


def test_comparator_is_the_latest_published_by_the_date(mini_dataset, mini_settings):
    card = sc.scorecard(mini_dataset, mini_settings, "2022-09-30").set_index("kpi_id")
    assert card.loc["A-2", "comparator_value"] == 59.9  # 2022 has not ended by then
    assert card.loc["A-2", "comparator_period"] == "2021"
    card = sc.scorecard(mini_dataset, mini_settings, "2023-01-31").set_index("kpi_id")
    assert card.loc["A-2", "comparator_value"] == 49.2


def test_ratings_by_priority(mini_dataset, mini_settings):
    card = sc.scorecard(mini_dataset, mini_settings, "2022-09-30")
    table = sc.ratings_by_priority(card)
    assert table.sum().sum() == 6
    assert table.loc["2", "No target set"] == 1  # B-3 reduce
    assert list(card["priority_id"].unique()) == ["1", "2", "5"]


@pytest.mark.parametrize(
    "kind, value, date, expected",
    [
        ("absolute", 75, None, "75%"),
        ("absolute", 100, "2023-06-30", "100% by Jun 2023"),
        ("relative", 20, None, "+20% on baseline"),
        ("maintain", None, None, "Maintain 52% (baseline)"),
        ("maintain", 100, None, "Maintain 100%"),
        ("to_be_set", None, None, "To be set"),
        ("month_on_month", None, None, "Increase month on month"),
    ],
)
def test_target_label(kind, value, date, expected, mini_settings):
    kpi = pd.Series(
        {
            "target_kind": kind,
            "unit": "percent",
            "target_value": value,
            "target_date": pd.Timestamp(date) if date else pd.NaT,
            "baseline_value": 52.0,
        }
    )
    assert sc.target_label(kpi, mini_settings) == expected


def test_status_summary(mini_dataset, mini_settings):
    s = status_summary(mini_dataset, mini_settings, "2022-09-30")
    assert s["priority_areas"] == 3 and s["measures"] == 6 and s["actions"] == 6
    assert s["actions_by_status"] == {"Blue": 1, "Green": 2, "Amber": 1, "Red": 1, "Grey": 0}
    assert s["actions_without_status"] == 1
    # 1.1.1 (Mar 2022, Green) and 5.1.1 (Sep 2022 is not past on 30 Sep) -> only 1.1.1
    assert s["overdue_actions"] == 1 and s["green_past_target_date"] == 1
    assert sum(s["measures_by_rating"].values()) == 6


def test_cli_status_json(capsys, mini_params):
    from conftest import MINI

    code = main(
        [
            "status",
            "--date",
            "2022-09-30",
            "--json",
            "--data",
            str(MINI / "data"),
            "--params",
            str(mini_params),
        ]
    )
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert out["reporting_date"] == "2022-09-30"
    assert out["actions"] == 6


def test_cli_bad_date_is_a_message(capsys):
    assert main(["status", "--date", "31/08/2022"]) != 0
    assert "31/08/2022" in capsys.readouterr().err
