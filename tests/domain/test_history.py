"""Statuses and ratings cycle by cycle (``domain/history.py``)."""

from __future__ import annotations

import pandas as pd

from wsoa_analysis.domain import history

ACTIONS = pd.DataFrame(
    {
        "action_ref": ["1.1", "1.2", "2.1"],
        "objective_ref": ["1", "1", "2"],
        "priority_id": ["1", "1", "2"],
        "description": ["a", "b", "c"],
        "target_date": pd.to_datetime(["2024-12-31", "2024-12-31", None]),
    }
)
DATES = ["2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30"]


def _updates(rows) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["action_ref", "reporting_date", "status"])
    return frame.assign(
        reporting_date=pd.to_datetime(frame["reporting_date"]), commentary="", synthetic="no"
    )


UPDATES = _updates(
    [
        ("1.1", "2024-01-31", "Amber"),
        ("1.1", "2024-02-29", "Amber"),
        # not updated in March: the March pack showed February's Amber
        ("1.1", "2024-04-30", "Amber"),
        ("1.2", "2024-01-31", "Red"),
        ("1.2", "2024-02-29", "Red"),
        ("1.2", "2024-03-31", "Amber"),
        ("1.2", "2024-04-30", "Red"),
        ("2.1", "2024-03-31", "Green"),
    ]
)


def test_each_cycle_shows_the_status_its_pack_showed():
    got = history.status_history(ACTIONS, UPDATES, DATES)
    assert list(got.columns[2:]) == [pd.Timestamp(d) for d in DATES]
    rows = got.set_index("action_ref")
    assert list(rows.loc["1.1"].iloc[1:]) == ["Amber"] * 4  # March carried from February
    assert list(rows.loc["2.1"].iloc[1:]) == ["No status", "No status", "Green", "Green"]


def test_an_update_after_a_cycle_does_not_change_what_that_cycle_showed():
    got = history.status_history(ACTIONS, UPDATES, DATES[:2]).set_index("action_ref")
    assert list(got.loc["1.2"].iloc[1:]) == ["Red", "Red"]


def test_actions_unchanged_at_amber_or_red_for_three_cycles_are_named():
    hist = history.status_history(ACTIONS, UPDATES, DATES)
    got = history.unchanged(hist)
    assert got[["action_ref", "status", "cycles"]].values.tolist() == [["1.1", "Amber", 4]]
    # 1.2 went Red, Red, Amber, Red: Red for one cycle only
    three = history.unchanged(history.status_history(ACTIONS, UPDATES, DATES[1:]))
    assert three[["action_ref", "cycles"]].values.tolist() == [["1.1", 3]]  # exactly three
    assert history.run_length(hist)["1.2"] == 1


def test_two_cycles_are_not_enough_and_green_never_counts():
    hist = history.status_history(ACTIONS, UPDATES, DATES[:2])
    assert history.unchanged(hist).empty
    green = history.status_history(ACTIONS, _updates([("2.1", d, "Green") for d in DATES]), DATES)
    assert history.unchanged(green).empty
    assert history.unchanged(green, statuses=("Green",))["action_ref"].tolist() == ["2.1"]


def test_cycles_so_far_end_at_the_reporting_date():
    got = history.cycles_so_far(DATES, "2024-03-15")
    assert got == [pd.Timestamp(d) for d in ("2024-01-31", "2024-02-29", "2024-03-15")]


def test_rating_history_gives_each_cycles_rating(mini_dataset, mini_settings):
    from wsoa_analysis.domain.scorecard import scorecard
    from wsoa_analysis.domain.values import measure_values

    values = measure_values(mini_dataset, mini_settings.disclosure)
    dates = ["2022-06-30", "2022-09-30"]
    got = history.rating_history(mini_dataset, mini_settings, values, dates)
    for day in dates:
        card = scorecard(mini_dataset, mini_settings, day, values).set_index("kpi_id")
        assert got.set_index("kpi_id")[pd.Timestamp(day)].to_dict() == card["rating"].to_dict()


def test_rating_history_uses_the_scorecards_it_is_given(mini_dataset, mini_settings):
    from wsoa_analysis.domain.scorecard import scorecard
    from wsoa_analysis.domain.values import measure_values

    values = measure_values(mini_dataset, mini_settings.disclosure)
    card = scorecard(mini_dataset, mini_settings, "2022-09-30", values).assign(rating="given")
    got = history.rating_history(
        mini_dataset, mini_settings, values, ["2022-09-30"], cards={"2022-09-30": card}
    )
    assert set(got[pd.Timestamp("2022-09-30")]) == {"given"}
    some = history.rating_history(
        mini_dataset, mini_settings, values, ["2022-09-30"], kpi_ids=[card["kpi_id"].iloc[0]]
    )
    assert some["kpi_id"].tolist() == [card["kpi_id"].iloc[0]]
