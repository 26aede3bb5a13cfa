"""The plan's own words (``plan:`` in params/area.yaml): its kind's defaults, the words an
area sets, its governance, inspection and status words, each checked when read."""

import shutil

import pytest
import yaml

from conftest import MINI
from wsoa_analysis.config import settings
from wsoa_analysis.config.plan import PlanWords
from wsoa_analysis.errors import ParameterError
from wsoa_analysis.inputs.settings_checks import settings_problems


def _plan(**words) -> PlanWords:
    return PlanWords(title="A plan", end_date="2025-03-31", **words)


@pytest.fixture
def params(tmp_path):
    dest = tmp_path / "params"
    shutil.copytree(MINI / "params", dest)
    return dest


def _with_plan(params, **words):
    path = params / "area.yaml"
    data = yaml.safe_load(path.read_text())
    data["plan"].update(words)
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return params


@pytest.mark.parametrize(
    "kind, name, label, many",
    [
        ("wsoa", "Written Statement of Action", "Priority 3", "Priority areas"),
        ("priority_action_plan", "Priority action plan", "Area for priority action 3",
         "Areas for priority action"),
        ("improvement_plan", "Strategic improvement plan", "Area for improvement 3",
         "Areas for improvement"),
        ("send_strategy", "Local SEND strategy", "Priority 3", "Priorities"),
    ],
)  # fmt: skip
def test_each_kind_of_plan_has_its_own_words(kind, name, label, many):
    plan = _plan(kind=kind)
    assert (plan.name, plan.areas.label_for("3"), plan.areas.many) == (name, label, many)


def test_an_area_names_its_areas_in_its_own_words():
    workstreams = _plan(areas={"singular": "Workstream", "label": "{id}"})
    assert workstreams.areas.label_for("WS3") == "WS3"  # not "Priority WS3"
    assert workstreams.areas.many == "Workstreams"
    assert _plan(areas={"singular": "Recommendation"}).areas.label_for(2) == "Recommendation 2"


def test_a_label_without_the_id_is_refused(params):
    _with_plan(params, areas={"singular": "Workstream", "label": "Workstream"})
    with pytest.raises(ParameterError, match=r"plan\.areas.*must contain \{id\}"):
        settings.load_area(params)


def test_an_unknown_kind_of_plan_is_refused(params):
    _with_plan(params, kind="action_plan")
    with pytest.raises(ParameterError, match=r"'plan\.kind' = 'action_plan'"):
        settings.load_area(params)


def test_who_signs_off_completion_is_in_the_meaning_of_blue():
    plan = _plan(governance={"board": "Improvement Board", "signs_off": "the Improvement Board"})
    assert plan.status_meanings["Blue"].endswith("closure approved by the Improvement Board")
    assert _plan().status_meanings["Blue"] == "Complete: impact achieved and closure approved"


def test_the_overview_says_what_the_plan_is_in_its_own_words():
    plan = _plan(
        kind="priority_action_plan",
        inspection={"name": "Area SEND inspection", "date": "2024-02-09", "outcome": "Failings"},
        governance={
            "board": "Improvement Board",
            "meets": "every six weeks",
            "signs_off": "the DCS",
        },
        monitoring={"expected": "by autumn 2025"},
    )
    said = dict(plan.summary())
    assert said["Plan"] == "A plan (Priority action plan)"
    assert said["Answers"] == "Area SEND inspection, report of 9 February 2024"
    assert said["Inspection outcome"] == "Failings"
    assert said["Governance"] == (
        "Improvement Board, meeting every six weeks; completion of an action signed off by the DCS"
    )
    assert said["Prepares for"] == "Ofsted and CQC monitoring inspection, by autumn 2025"
    assert "Inspection outcome" not in dict(_plan().summary())  # nothing said that is not set


def test_a_title_that_names_its_kind_is_not_followed_by_the_kind_again():
    plan = PlanWords(title="Westshire Written Statement of Action", end_date="2025-03-31")
    assert dict(plan.summary())["Plan"] == "Westshire Written Statement of Action"


def test_status_words_map_to_the_workbooks_codes():
    plan = _plan(
        statuses=[
            {"word": "Complete", "code": "Blue"},
            {"word": "On track", "code": "Green", "also": ["On-track"]},
            {"word": "Not started", "code": "Grey"},
        ]
    )
    assert plan.status_readings == {
        "complete": "Blue",
        "on track": "Green",
        "on-track": "Green",
        "not started": "Grey",
    }
    assert plan.status_words["Green"] == "On track"
    assert plan.status_meanings["Grey"] == "Awaiting start"  # the code's, where none is given


@pytest.mark.parametrize(
    "statuses, said",
    [
        ([{"word": "Done", "code": "Blue"}, {"word": "Closed", "code": "Blue"}], "Blue is named"),
        (
            [
                {"word": "Done", "code": "Blue"},
                {"word": "On track", "code": "Green", "also": ["done"]},
            ],
            "'done' is read as both",
        ),
        ([{"word": "Done", "code": "Purple"}], "'plan.statuses.0.code' = 'Purple'"),
    ],
)
def test_a_status_vocabulary_that_reads_a_word_two_ways_is_refused(params, statuses, said):
    _with_plan(params, statuses=statuses)
    with pytest.raises(ParameterError, match=said):
        settings.load_area(params)


def test_findings_for_an_area_the_data_does_not_have_are_refused(params, mini_dataset):
    _with_plan(params, inspection={"findings": {"1": "As the report says", "9": "No such area"}})
    problems = settings_problems(settings.load_area(params), mini_dataset)
    assert [str(p) for p in problems] == [
        "area.yaml, column plan.inspection.findings: plan.inspection.findings: no priority "
        "area '9' in priorities.csv (known: 1, 2, 5)"
    ]
