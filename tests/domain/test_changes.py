"""What changed since the previous cycle, as numbers: checked by hand against the fixture
data (cycles 30 June and 30 September 2022) and the bundled example data."""

import dataclasses

import pandas as pd
import pytest

from conftest import MINI, ROOT
from wsoa_analysis.context import load_context
from wsoa_analysis.domain import changes as ch


@pytest.fixture(scope="module")
def sept():
    return load_context("2022-09-30", MINI / "data", MINI / "params")


@pytest.fixture(scope="module")
def june23():
    return load_context("2023-06-30", ROOT / "data", ROOT / "params")


def _put(frame, kpi, **values):
    for k, v in values.items():
        frame.loc[frame["kpi_id"] == kpi, k] = v


@pytest.mark.parametrize(
    "before, now, expected",
    [
        ("amber", "red", "Worsened"),
        ("red", "met", "Improved"),
        ("met", "green", "Worsened"),
        ("no_data", "amber", "Now rated"),
        ("green", "no_target", "No longer rated"),
        ("no_target", "no_data", "Still not rated"),
    ],
)
def test_rating_movement(before, now, expected):
    assert ch.rating_movement(before, now) == expected


def test_no_change_between_the_fixture_cycles(sept):
    # A-1 is Off track at both dates; the other measures keep their ratings
    assert ch.rating_changes(sept.card, sept.previous_card).empty
    assert ch.crossings(sept.card, sept.previous_card).empty


def test_rating_changes_and_their_direction(sept):
    card, prev = sept.card.copy(), sept.previous_card.copy()
    _put(prev, "A-1", rating="amber")  # now red
    _put(card, "B-1", rating="met")
    _put(prev, "B-1", rating="red")
    _put(prev, "B-2", rating="no_data")  # now amber
    _put(prev, "C-1", rating="green")  # now no_target
    _put(prev, "A-2", rating="no_target")  # now no_data
    moved = ch.rating_changes(card, prev).set_index("kpi_id")
    assert moved["movement"].to_dict() == {
        "A-1": "Worsened",
        "A-2": "Still not rated",
        "B-1": "Improved",
        "B-2": "Now rated",
        "C-1": "No longer rated",
    }
    assert moved.loc["A-1", "before"] == "amber" and moved.loc["A-1", "rating"] == "red"
    assert "B-3" not in moved.index  # no target at both dates


def test_target_and_trajectory_crossings(sept):
    card, prev = sept.card.copy(), sept.previous_card.copy()
    # A-1 (higher is better): 60.0 behind 63.3 expected on 30 June; 67.0 is ahead of 66.6
    _put(card, "A-1", latest_value=67.0, rating="green")
    # A-2 (withheld in the fixture): 60 behind 62 expected before; 70.0 reaches 70% now
    _put(prev, "A-2", latest_value=60.0, expected_value=62.0, rating="red", latest_symbol="")
    _put(card, "A-2", latest_value=70.0, expected_value=70.0, rating="met", latest_symbol="")
    # B-1 (lower is better): 9 under 9.5 expected was ahead; 9 over 8.5 expected is behind
    _put(prev, "B-1", latest_value=9.0, expected_value=9.5, rating="green")
    _put(card, "B-1", latest_value=9.0, expected_value=8.5, rating="amber")
    # B-2 (maintain, no trajectory): 10 then 9 against a level of 10 is not listed
    _put(prev, "B-2", latest_value=10.0, rating="green")
    crossed = ch.crossings(card, prev).set_index("kpi_id")
    assert crossed["change"].to_dict() == {
        "A-1": "Now on or ahead of the trajectory to its target",
        "A-2": "Reached its target (70%)",
        "B-1": "Fell behind the trajectory to its target",
    }
    assert crossed["crossing"].to_dict() == {
        "A-1": ch.NOW_ON_TRACK,
        "A-2": ch.REACHED_TARGET,
        "B-1": ch.FELL_BEHIND,
    }
    _put(card, "A-1", latest_value=66.0, rating="red")  # still behind 66.6
    assert "A-1" not in set(ch.crossings(card, prev)["kpi_id"])


@pytest.mark.parametrize(
    "value, expected, polarity, result",
    [
        (63.75, 63.75, "higher", True),  # exactly on the trajectory is on it
        (63.7, 63.75, "higher", False),
        (8.5, 8.5, "lower", True),
        (8.6, 8.5, "lower", False),
        (None, 8.5, "lower", None),
    ],
)
def test_on_or_ahead_of_trajectory(value, expected, polarity, result):
    row = pd.Series(
        {
            "latest_value": value,
            "expected_value": expected,
            "polarity": polarity,
            "baseline_value": 50.0,
            "baseline_used": 50.0,
            "target_value": 75.0,
        }
    )
    assert ch.on_or_ahead_of_trajectory(row) is result


def test_hold_polarity_uses_the_baseline_the_rating_used():
    # no stated baseline: the first recorded value (40) stood in for it; target 30, so down
    # is better
    row = pd.Series(
        {
            "latest_value": 34.0,
            "expected_value": 35.0,
            "polarity": "hold",
            "baseline_value": pd.NA,
            "baseline_used": 40.0,
            "target_value": 30.0,
        }
    )
    assert ch.on_or_ahead_of_trajectory(row) is True
    assert ch.on_or_ahead_of_trajectory(row.drop("baseline_used")) is None


def test_actions_that_became_overdue_between_two_dates(sept):
    ds = sept.ds
    # 2.1.1 is due 30 June 2022: not overdue on that day, overdue (still Amber) the next
    moves = ch.action_moves(ds.actions, ds.action_updates, "2022-07-01", "2022-06-30")
    assert list(moves.became_overdue["action_ref"]) == ["2.1.1"]
    assert moves.became_blue.empty
    # by 31 October 5.1.1 (due 30 Sep, Red) is late; 1.1.1 was late already, 2.1.1 is Blue
    # and 5.1.2 is not due until January 2023
    blue, late, other = ch.action_moves(ds.actions, ds.action_updates, "2022-10-31", "2022-06-30")
    assert list(late["action_ref"]) == ["5.1.1"]
    assert list(late["status"]) == ["Red"]
    assert list(blue["action_ref"]) == ["2.1.1"]
    assert "became Blue (was Amber)" in blue["change"].iloc[0]
    assert "2.1.1" not in set(other["action_ref"])


def test_september_against_june_actions(sept):
    ds = sept.ds
    blue, late, other = ch.action_moves(ds.actions, ds.action_updates, "2022-09-30", "2022-06-30")
    assert list(blue["action_ref"]) == ["2.1.1"]
    assert late.empty  # 5.1.1 is due 30 Sep 2022, which has not passed on 30 Sep
    assert list(other["action_ref"]) == ["1.1.2", "2.1.2", "5.1.1"]
    assert other.set_index("action_ref").loc["5.1.1", "change"] == "moved from Grey to Red"


def test_newly_published_comparators(sept):
    """The fixture's calendar: calendar 2021 first published 12 May 2022, calendar 2022 on 20
    January 2023 (and 2020 on 13 May 2021, its value held from the 2022 release)."""
    area = sept.settings.area
    b = sept.ds.benchmarks

    def figures(prev, now):
        return ch.newly_published(b, sept.card, area, prev, now)

    # calendar 2022 ended on 31 December 2022 but was published on 20 January 2023: it is
    # new in the cycle whose window holds its publication, not the one holding its end
    assert figures("2022-09-30", "2022-12-31").empty
    new = figures("2022-12-31", "2023-01-31")
    assert list(new["kind"]) == ["england"] and list(new["label"]) == ["England"]
    assert list(new["value"]) == [49.2] and list(new["unit"]) == ["percent"]
    assert list(new["title"]) == ["New plans issued within 20 weeks"]  # A-2 uses the key
    assert list(new["shown_from"]) == [pd.Timestamp("2023-01-20")]
    assert list(new["relation"]) == ["comparator"]
    # calendar 2021, published 12 May 2022: England and the area itself, not the region
    # (65.6) nor neighbours (70.0, 50.0), and not 2020 (published before the previous date)
    got = figures("2022-03-31", "2022-06-30")
    assert list(zip(got["kind"], got["label"], got["value"], strict=True)) == [
        ("england", "England", 59.9),
        ("area", "Fixtureshire", 62.2),
    ]
    assert list(got["area_code"]) == ["E92000001", area.code]
    assert "Fixture release 2022 (published 12 May 2022)" in got["citation"].iloc[0]
    assert figures("2022-06-30", "2022-09-30").empty
    # the year ending is not news: 2021 ended in the window, but was published after it
    assert figures("2021-06-30", "2021-12-31").empty
    # published on the previous date itself is not new
    assert figures("2022-05-12", "2022-06-30").empty
    assert list(figures("2022-05-11", "2022-05-12")["value"]) == [59.9, 62.2]


def test_newly_published_lists_a_figure_held_from_a_later_release_when_it_first_appeared(sept):
    """2020 was first published on 13 May 2021; the fixture holds it from the 2022 release
    only. It is new in the cycle holding 13 May 2021, with its value as in the later one."""
    got = ch.newly_published(
        sept.ds.benchmarks, sept.card, sept.settings.area, "2021-03-31", "2021-06-30"
    )
    assert list(got["value"]) == [58.0]
    assert (
        got["citation"]
        .iloc[0]
        .startswith("First published 13 May 2021 in Fixture release 2021; value as in")
    )


def test_newly_published_keeps_a_withheld_figure_with_its_symbol(sept):
    b = sept.ds.benchmarks.copy()
    own = b["area_code"] == sept.settings.area.code
    b.loc[own, "value"] = float("nan")
    b.loc[own, "symbol"] = "c"
    got = ch.newly_published(b, sept.card, sept.settings.area, "2022-03-31", "2022-06-30")
    assert list(got["symbol"]) == ["", "c"]
    assert pd.isna(got["value"].iloc[1])


def test_newly_published_related_figures_and_counts(sept):
    """A related figure (kpis.related_key) is listed as related; a count measure gets the
    area's own figure only, never England's."""
    kpis = sept.ds.kpis.assign(unit="count", comparator_key=pd.NA, related_key=pd.NA)
    kpis.loc[kpis["kpi_id"] == "B-2", "related_key"] = "ehc_plans_20_weeks_ex"
    got = ch.newly_published(
        sept.ds.benchmarks, kpis, sept.settings.area, "2022-03-31", "2022-06-30"
    )
    assert list(zip(got["relation"], got["kind"], got["value"], strict=True)) == [
        ("related", "area", 62.2)
    ]
    assert list(got["title"]) == ["Plans ceased because outcomes were met"]


def test_june_2023_against_may_2023(june23):
    moved = ch.rating_changes(june23.card, june23.previous_card).set_index("kpi_id")
    # P4-03 went from On track (9 in May) to Off track (6 in June, down month on month);
    # P4-02 the other way (22 then 36)
    assert moved.loc["P4-03", "movement"] == "Worsened"
    assert moved.loc["P4-02", "movement"] == "Improved"
    titles = june23.card.set_index("kpi_id")["title"]
    assert titles["P2-09"] == "Schools engaged in the Whole School SEND project"
    # P2-09 was Amber in May; June 2023 is its target date (the plan's end), and 55 of 60
    # has missed it
    assert (moved.loc["P2-09", "before"], moved.loc["P2-09", "rating"]) == ("amber", "missed")
    assert moved.loc["P2-09", "movement"] == "Worsened"
    crossed = ch.crossings(june23.card, june23.previous_card)
    assert list(crossed["title"]) == [
        "Hits on the graduated response electronic portal",  # 14,856 then 15,024 of 15,000
        "Practitioners who have completed multi-agency training",  # 44 then 51 of 50
        "Care Act assessments in place by age 17.5 (Adults Transition Team)",
    ]  # 69.4, 70.0
    # requests a month are judged on the average of 12 months (62), not June's 50 alone
    assert "Reached its target (50 a month)" not in set(crossed["change"])
    # calendar 2022 was first published on 8 June 2023: new in this cycle (31 May to 30
    # June), for England and Rotherham, 20-week timeliness and requests a month
    new = ch.newly_published(
        june23.ds.benchmarks,
        june23.ds.kpis,
        june23.settings.area,
        june23.previous_date,
        june23.reporting_date,
    )
    assert list(zip(new["measure_key"], new["label"], new["value"], strict=True)) == [
        ("ehc_plans_20_weeks_ex", "England", 49.2),
        ("ehc_plans_20_weeks_ex", "Rotherham", 51.6),
        ("ehc_requests_per_month", "Rotherham", pytest.approx(615 / 12)),
    ]
    assert set(new["shown_from"]) == {pd.Timestamp("2023-06-08")}
    assert set(new["period_end"]) == {pd.Timestamp("2022-12-31")}
    blue, late, other = ch.action_moves(
        june23.ds.actions, june23.ds.action_updates, june23.reporting_date, june23.previous_date
    )
    # June 2023 updates only the actions due at the plan's end; the others keep May's status
    assert list(blue["action_ref"]) == ["1.5.3"]
    assert late.empty
    assert other.set_index("action_ref").loc["2.7.1", "change"] == "moved from Green to Amber"


def test_a_context_with_other_dates_gives_other_moves(sept):
    ctx = dataclasses.replace(sept, reporting_date=pd.Timestamp("2022-10-31"))
    late = ch.action_moves(
        ctx.ds.actions, ctx.ds.action_updates, ctx.reporting_date, ctx.previous_date
    ).became_overdue
    assert list(late["action_ref"]) == ["5.1.1"]
    assert late["target_date_as_written"].iloc[0] == "September 2022"
