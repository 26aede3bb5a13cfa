"""The story's rules for a reporting date: which cycle's highlight report and risks, how a
risk is rated, which quotes are published, and which recommendations are shown as at when."""

import pandas as pd
import pytest

from conftest import write_rows
from wsoa_analysis.domain import story
from wsoa_analysis.inputs.load import load_dataset
from wsoa_analysis.inputs.schema_story import rag_of_score

RISK_HEAD = ["risk_id", "priority_id", "reporting_date", "description", "owner"]
RISK_HEAD += ["likelihood", "impact", "rag", "mitigation", "synthetic"]


@pytest.fixture
def ds(mini_data):
    write_rows(
        mini_data / "highlights.csv",
        [
            ["priority_id", "reporting_date", "kind", "text"],
            ["1", "2022-09-30", "next_step", "Then this"],
            ["1", "2022-09-30", "progress", "First this"],
            ["1", "2022-06-30", "progress", "Last cycle"],
            ["2", "2022-09-30", "decision_needed", "Agree it"],
        ],
    )
    write_rows(
        mini_data / "risks.csv",
        [
            RISK_HEAD,
            ["R1", "1", "2022-09-30", "a", "Head", "2", "2", "", "m", "yes"],
            ["R2", "1", "2022-09-30", "b", "Head", "", "", "amber", "m", ""],
            ["R3", "1", "2022-09-30", "c", "Head", "5", "3", "", "m", ""],
            ["R4", "1", "2022-06-30", "d", "Head", "5", "5", "", "m", ""],
            ["R5", "2", "2022-09-30", "e", "Head", "1", "5", "", "m", ""],
        ],
    )
    write_rows(
        mini_data / "voice.csv",
        [
            ["voice_id", "priority_id", "date", "source_kind", "source", "kind", "text"]
            + ["consent"],
            ["V1", "1", "2022-07-01", "forum", "F", "quote", "in the cycle", "yes"],
            ["V2", "1", "2022-06-30", "forum", "F", "quote", "last cycle", "yes"],
            ["V3", "1", "2022-10-01", "forum", "F", "quote", "next cycle", "yes"],
            ["V4", "1", "2022-08-01", "forum", "F", "quote", "no consent", "no"],
            ["V5", "", "2022-08-01", "survey", "S", "quote", "no area", "yes"],
        ],
    )
    write_rows(
        mini_data / "recommendations.csv",
        [
            ["recommendation_id", "reporting_date", "date", "source", "text", "action_refs"]
            + ["response", "status"],
            ["A", "2022-06-30", "2022-05-01", "Visit", "t", "1.1.1", "r", "not_started"],
            ["A", "2022-09-30", "2022-05-01", "Visit", "t", "1.1.1", "r", "complete"],
            ["B", "2022-09-30", "2022-09-01", "Visit", "t", "2.1.1; 1.1.2", "r", "in_progress"],
            ["C", "2022-09-30", "2022-09-02", "Visit", "t", "", "r", "not_accepted"],
        ],
    )
    return load_dataset(mini_data)


@pytest.mark.parametrize(
    "score, rag",
    [(25, "red"), (15, "red"), (12, "amber"), (5, "amber"), (4, "green"), (1, "green")],
)
def test_a_risk_is_rated_by_its_score(score, rag):
    assert rag_of_score(score) == rag


def test_a_risk_with_no_score_keeps_the_rating_given():
    assert story.risk_rag(None, None, "amber")[1] == "amber"
    assert story.risk_rag(5, 3, None) == (15.0, "red")


def test_the_highlight_report_is_the_cycles_own_in_the_order_of_its_kinds(ds):
    points = story.highlights_at(ds, "2022-09-30", "1")
    assert points["text"].tolist() == ["First this", "Then this"]
    assert story.highlights_at(ds, "2022-06-30", "1")["text"].tolist() == ["Last cycle"]
    # a cycle with no report shows none: an earlier one is never passed off as this one's
    assert story.highlights_at(ds, "2022-09-30", "5").empty


def test_risks_most_pressing_first_with_score_and_rating(ds):
    risks = story.risks_at(ds, "2022-09-30", "1")
    assert risks["risk_id"].tolist() == ["R3", "R2", "R1"]
    assert risks["rating"].tolist() == ["red", "amber", "green"]
    assert risks["score"].tolist()[0] == 15 and pd.isna(risks["score"].tolist()[1])
    assert risks["synthetic"].tolist() == [False, False, True]


def test_risk_counts_by_area(ds):
    counts = story.risk_counts(ds, "2022-09-30", ["1", "2", "5"]).set_index("priority_id")
    assert counts.loc["1", ["red", "amber", "green", "decisions"]].tolist() == [1, 1, 1, 0]
    assert counts.loc["2", ["red", "amber", "green", "decisions"]].tolist() == [0, 1, 0, 1]
    assert counts["reported"].tolist() == [True, True, False]


def test_only_consented_voice_dated_in_the_cycle_is_published(ds):
    shown = story.voice_in_cycle(ds, "2022-09-30", "2022-06-30", "1")
    assert shown["voice_id"].tolist() == ["V1"]
    # the first cycle has no previous date: everything up to it
    assert story.voice_in_cycle(ds, "2022-06-30", None, "1")["voice_id"].tolist() == ["V2"]
    assert story.voice_in_cycle(ds, "2022-09-30", "2022-06-30")["voice_id"].tolist() == ["V5"]
    assert story.held_back(ds) == 1


def test_recommendations_as_at_the_date_under_the_areas_that_answer_them(ds):
    now = story.recommendations_at(ds, "2022-09-30")
    assert now["recommendation_id"].tolist() == ["A", "B", "C"]
    assert now["status"].tolist() == ["complete", "in_progress", "not_accepted"]
    assert now["areas"].tolist() == [["1"], ["1", "2"], []]
    then = story.recommendations_at(ds, "2022-06-30")
    assert then["recommendation_id"].tolist() == ["A"] and then["status"][0] == "not_started"
    assert story.recommendations_at(ds, "2022-09-30", "2")["recommendation_id"].tolist() == ["B"]


def test_an_area_before_any_recommendation_gets_none_with_the_columns(ds):
    # the example's earlier cycles: no recommendation yet, asked for one area
    before = story.recommendations_at(ds, "2022-01-31", "1")
    assert before.empty and {"recommendation_id", "date", "status"} <= set(before.columns)


def test_no_story_tables_means_nothing_to_show(mini_dataset):
    assert story.highlights_at(mini_dataset, "2022-09-30", "1").empty
    assert story.risks_at(mini_dataset, "2022-09-30").empty
    assert story.voice_in_cycle(mini_dataset, "2022-09-30").empty
    assert story.recommendations_at(mini_dataset, "2022-09-30").empty
    assert story.held_back(mini_dataset) == 0
