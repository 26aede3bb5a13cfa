"""Recorded statuses read as the area's own words (``plan.statuses``), each standing for one of
the workbook's BRAG codes; a word the area has not listed is refused, naming where it is."""

import pandas as pd
import pytest

from conftest import rows_of, set_csv_cell
from wsoa_analysis.config.plan import PlanWords
from wsoa_analysis.domain import actions as act
from wsoa_analysis.errors import InputError
from wsoa_analysis.inputs.load import load_dataset

WORDS = PlanWords(
    title="A plan",
    end_date="2025-03-31",
    statuses=[
        {"word": "Complete", "code": "Blue"},
        {"word": "On track", "code": "Green"},
        {"word": "At risk", "code": "Amber"},
        {"word": "Off track", "code": "Red"},
        {"word": "Not started", "code": "Grey", "also": ["Not yet started"]},
    ],
).statuses
OWN = {"Green": "On track", "Yellow": "At risk", "Grey": "Not started", "Blue": "Complete",
       "Amber": "At risk", "Red": "Off track"}  # fmt: skip


@pytest.fixture
def own_words(mini_data):
    """The fixture's statuses written in the area's own words."""
    path = mini_data / "action_updates.csv"
    for row, record in enumerate(rows_of(path)[1:], start=2):
        set_csv_cell(path, row, "status", OWN[record[2]])
    return mini_data


def test_the_areas_words_are_read_as_the_workbooks_codes(own_words):
    ds = load_dataset(own_words, WORDS)
    tracker = act.status_at(ds.actions, ds.action_updates, "2022-09-30", {
        "complete": "Blue", "on track": "Green", "at risk": "Amber", "off track": "Red",
        "not started": "Grey"})  # fmt: skip
    assert tracker.set_index("action_ref")["status"].to_dict()["2.1.1"] == "Blue"
    assert tracker.set_index("action_ref")["status_as_recorded"].to_dict()["2.1.1"] == "Complete"


def test_a_word_the_area_has_not_listed_is_refused_naming_file_row_column_and_value(own_words):
    set_csv_cell(own_words / "action_updates.csv", 3, "status", "Blue")  # a code, not a word
    with pytest.raises(InputError) as err:
        load_dataset(own_words, WORDS)
    assert str(err.value.problems[0]) == (
        "action_updates.csv row 3, column status: 'Blue': is not one of the "
        "plan's status words (expected Complete, On track, At risk, Off track or Not started; "
        "see plan.statuses in params/area.yaml)"
    )


def test_the_areas_words_are_refused_without_its_settings(own_words):
    with pytest.raises(InputError, match="'On track': is not a BRAG status"):
        load_dataset(own_words)


def test_another_spelling_is_read_and_said_to_be(own_words):
    set_csv_cell(own_words / "action_updates.csv", 3, "status", "not  YET started")
    notes = [str(n) for n in load_dataset(own_words, WORDS).notes]
    assert (
        "action_updates.csv row 3, column status: 'not YET started': read as Not started" in notes
    )


def test_the_rules_use_the_codes_whatever_the_words():
    tracker = pd.DataFrame(
        {"action_ref": ["a", "b"], "target_date": pd.to_datetime(["2022-01-31", "2022-01-31"])}
    )
    updates = pd.DataFrame(
        {
            "action_ref": ["a", "b"],
            "reporting_date": pd.to_datetime(["2022-06-30", "2022-06-30"]),
            "status": ["Complete", "On track"],
            "commentary": [None, None],
        }
    )
    readings = {"complete": "Blue", "on track": "Green"}
    out = act.status_at(tracker, updates, "2022-06-30", readings).set_index("action_ref")
    assert out["overdue"].to_dict() == {"a": False, "b": True}  # complete is never overdue
