import pandas as pd
import pytest

from wsoa_analysis.domain import actions as act
from wsoa_analysis.errors import InputError

ACTIONS = pd.DataFrame(
    {
        "action_ref": ["1.1.1", "1.1.2", "2.1.1", "2.1.2"],
        "objective_ref": ["1.1", "1.1", "2.1", "2.1"],
        "priority_id": ["1", "1", "2", "2"],
        "description": ["a", "b", "c", "d"],
        "target_date": pd.to_datetime(["2022-07-31", "2022-12-31", "2022-04-30", None]),
    }
)

UPDATES = pd.DataFrame(
    {
        "action_ref": ["1.1.1", "2.1.1", "1.1.1", "2.1.1", "1.1.2", "2.1.2"],
        "reporting_date": pd.to_datetime(
            ["2022-08-31", "2022-08-31", "2022-12-31", "2022-12-31", "2022-12-31", "2023-03-31"]
        ),
        "status": ["Yellow", " green ", "Green", "BLUE", "Grey", "Red"],
        "commentary": [None] * 6,
    }
)


@pytest.mark.parametrize(
    "recorded, expected",
    [
        ("Yellow", "Amber"),
        ("yellow", "Amber"),
        ("  Green ", "Green"),
        ("BLUE", "Blue"),
        ("Grey", "Grey"),
        ("Amber", "Amber"),
        ("Red", "Red"),
    ],
)
def test_normalise_status(recorded, expected):
    assert act.normalise_status(pd.Series([recorded])).iloc[0] == expected


def test_unknown_status_is_an_error_naming_the_value():
    with pytest.raises(InputError, match="'Purple': is not a BRAG status"):
        act.normalise_status(pd.Series(["Green", "Purple"]))


def test_status_at_uses_latest_on_or_before():
    t = act.status_at(ACTIONS, UPDATES, "2022-08-31").set_index("action_ref")
    assert t.loc["1.1.1", "status"] == "Amber"  # recorded as Yellow
    assert t.loc["1.1.1", "status_as_recorded"] == "Yellow"
    assert t.loc["2.1.1", "status"] == "Green"
    assert t.loc["1.1.2", "status"] == act.NO_STATUS
    t = act.status_at(ACTIONS, UPDATES, "2023-01-15").set_index("action_ref")
    assert t.loc["2.1.1", "status"] == "Blue"
    assert t.loc["2.1.2", "status"] == act.NO_STATUS  # its update is dated later


def test_status_counts_overall_and_by_priority():
    t = act.status_at(ACTIONS, UPDATES, "2022-12-31")
    overall = act.status_counts(t)
    assert overall.to_dict() == {
        "Blue": 1,
        "Green": 1,
        "Amber": 0,
        "Red": 0,
        "Grey": 1,
        act.NO_STATUS: 1,
    }
    by = act.status_counts(t, by="priority_id")
    assert by.loc["1", "Green"] == 1 and by.loc["1", "Grey"] == 1
    assert by.loc["2", "Blue"] == 1 and by.loc["2", act.NO_STATUS] == 1
    assert list(by.columns) == [*act.BRAG_ORDER, act.NO_STATUS]


def test_overdue_and_green_past_target():
    t = act.status_at(ACTIONS, UPDATES, "2022-12-31")
    # 1.1.1 due Jul 2022, Green: overdue and Green past target; 2.1.1 due Apr 2022 but Blue;
    # 1.1.2 due 31 Dec 2022: not yet passed on the day itself; 2.1.2 has no date
    assert list(act.overdue(t, "2022-12-31")["action_ref"]) == ["1.1.1"]
    assert list(act.green_past_target(t, "2022-12-31")["action_ref"]) == ["1.1.1"]
    t = act.status_at(ACTIONS, UPDATES, "2023-01-31")
    assert list(act.overdue(t, "2023-01-31")["action_ref"]) == ["1.1.1", "1.1.2"]


def test_changes_since_previous_cycle():
    ch = act.changes_since(ACTIONS, UPDATES, "2022-12-31", "2022-08-31").set_index("action_ref")
    assert ch.loc["1.1.1", "change"] == "moved from Amber to Green"
    assert ch.loc["2.1.1", "change"] == "became Blue (was Green)"
    assert ch.loc["1.1.2", "change"] == "first status recorded: Grey"
    assert "2.1.2" not in ch.index
    assert act.changes_since(ACTIONS, UPDATES, "2022-08-31", "2022-08-31").empty


@pytest.mark.parametrize(
    "reporting_date, overdue_refs, unknown_refs",
    [
        ("2022-04-30", [], []),  # 2.1.1 is due 30 April 2022: not late on the day itself
        # the day after: late, but no status is recorded yet: not overdue, a gap of its own
        ("2022-05-01", [], ["2.1.1"]),
        ("2022-07-31", [], ["2.1.1"]),  # 1.1.1 due that day: not yet
        ("2022-08-31", ["1.1.1", "2.1.1"], []),  # 1.1.1 Amber, 2.1.1 Green, both past
        ("2022-12-31", ["1.1.1"], []),  # 2.1.1 is Blue: complete, never overdue
    ],
)
def test_tracker_says_which_actions_are_overdue(reporting_date, overdue_refs, unknown_refs):
    t = act.status_at(ACTIONS, UPDATES, reporting_date)
    assert t["overdue"].dtype == bool and t["past_target_no_status"].dtype == bool
    assert list(t.loc[t["overdue"], "action_ref"]) == overdue_refs
    assert list(act.overdue(t, reporting_date)["action_ref"]) == overdue_refs
    assert list(t.loc[t["past_target_no_status"], "action_ref"]) == unknown_refs
    assert list(act.past_target_without_status(t, reporting_date)["action_ref"]) == unknown_refs
    assert not t.loc[t["target_date"].isna(), "overdue"].any()  # 2.1.2 has no date


# August 2022 in the example: 31 actions past their target date and not Blue, of which 22
# have no status at all. Overdue is said of the 9 with a status; the 22 are counted apart.
def test_an_action_with_no_status_is_past_its_target_date_not_overdue():
    actions = pd.DataFrame(
        {
            "action_ref": ["a", "b", "c"],
            "target_date": pd.to_datetime(["2022-03-31", "2022-03-31", "2022-03-31"]),
        }
    )
    updates = pd.DataFrame(
        {
            "action_ref": ["a", "b"],
            "reporting_date": pd.to_datetime(["2022-08-31"] * 2),
            "status": ["Amber", "Blue"],
            "commentary": [None, None],
        }
    )
    t = act.status_at(actions, updates, "2022-08-31").set_index("action_ref")
    assert list(t["overdue"]) == [True, False, False]
    assert list(t["past_target_no_status"]) == [False, False, True]


def test_is_overdue_on_any_tracker():
    t = pd.DataFrame(
        {
            "target_date": pd.to_datetime(["2022-06-30", "2022-06-29", "2022-06-29", None]),
            "status": pd.array(["Green", "Blue", pd.NA, "Red"], dtype="string"),
        }
    )
    # a missing status is no status recorded: past its date, but not said to be overdue
    assert list(act.is_overdue(t, "2022-06-30")) == [False, False, False, False]
    assert list(act.is_past_target_without_status(t, "2022-06-30")) == [False, False, True, False]


@pytest.mark.parametrize(
    "reporting_date, carried_refs",
    [
        ("2022-08-31", []),  # both statuses recorded that day
        ("2022-09-30", ["1.1.1", "2.1.1"]),  # August's statuses, not updated in September
        ("2022-12-31", []),  # every status recorded on the day (2.1.2 has none yet)
        # only 2.1.2 was updated; 2.1.1 is Blue, closed: its status stands
        ("2023-03-31", ["1.1.1", "1.1.2"]),
    ],
)
def test_a_status_from_an_earlier_cycle_is_carried_and_said_to_be(reporting_date, carried_refs):
    t = act.status_at(ACTIONS, UPDATES, reporting_date)
    assert list(t.loc[t["status_carried"], "action_ref"]) == carried_refs
    assert list(act.carried(t, reporting_date)["action_ref"]) == carried_refs
    # the status shown keeps the date it was recorded
    dated = t.set_index("action_ref")["status_date"]
    assert all(dated[r] < pd.Timestamp(reporting_date) for r in carried_refs)


def test_brag_vocabulary():
    assert act.BRAG_AS_WRITTEN == ("Blue", "Green", "Amber", "Yellow", "Red", "Grey")
    assert [act.brag_code(s) for s in (*act.BRAG_ORDER, act.NO_STATUS)] == [
        "blue",
        "green",
        "amber",
        "red",
        "grey",
        "none",
    ]
    with pytest.raises(KeyError, match="'Yellow' is not a BRAG status"):
        act.brag_code("Yellow")  # a word as written, not a canonical status
    assert set(act.BRAG_MEANINGS) == {*act.BRAG_ORDER, act.NO_STATUS}
    assert act.COMPLETE in act.BRAG_ORDER
    # every word accepted as written reads as a canonical status
    read = act.normalise_status(pd.Series(list(act.BRAG_AS_WRITTEN)))
    assert set(read) == set(act.BRAG_ORDER)
