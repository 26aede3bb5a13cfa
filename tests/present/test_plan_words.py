"""The pages speak the plan's own words: what it calls its areas, its status words (pills,
legends, tallies), its inspection's findings, its governance and its note on synthetic
figures, all from its settings; and the overview keeps every area, in the pack's order."""

import shutil

import pytest
import yaml

from conftest import MINI, rows_of, set_csv_cell, write_rows
from wsoa_analysis.context import load_context
from wsoa_analysis.present import sections

OWN = {"Green": "On track", "Yellow": "At risk", "Grey": "Not started", "Blue": "Complete",
       "Amber": "At risk", "Red": "Off track"}  # fmt: skip
PLAN = {
    "kind": "priority_action_plan",
    "areas": {"singular": "Workstream", "label": "Workstream {id}"},
    "inspection": {
        "name": "Area SEND inspection",
        "date": "2022-03-04",
        "outcome": "Widespread and/or systemic failings",
        "findings": {"2": "Leaders should make sure needs are identified early."},
    },
    "governance": {
        "board": "Improvement Board",
        "meets": "every six weeks",
        "signs_off": "the Improvement Board",
    },  # fmt: skip
    "statuses": [
        {"word": "Complete", "code": "Blue", "meaning": "Done and signed off"},
        {"word": "On track", "code": "Green"},
        {"word": "At risk", "code": "Amber"},
        {"word": "Off track", "code": "Red"},
        {"word": "Not started", "code": "Grey"},
    ],
}
NOTE = "Every figure here is made up for a demonstration."


@pytest.fixture(scope="module")
def own_folders(tmp_path_factory):
    """The fixture's data and settings, for a plan of workstreams with its own words."""
    root = tmp_path_factory.mktemp("own-words")
    data, params = root / "data", root / "params"
    shutil.copytree(MINI / "data", data)
    shutil.copytree(MINI / "params", params)
    path = data / "action_updates.csv"
    for row, record in enumerate(rows_of(path)[1:], start=2):
        set_csv_cell(path, row, "status", OWN[record[2]])
    settings = yaml.safe_load((params / "area.yaml").read_text())
    settings["plan"].update(PLAN)
    settings["pack"]["synthetic_note"] = NOTE
    (params / "area.yaml").write_text(yaml.safe_dump(settings, sort_keys=False))
    return data, params


@pytest.fixture(scope="module")
def ctx(own_folders):
    return load_context("2022-09-30", *own_folders)


def test_areas_are_called_what_the_plan_calls_them(ctx):
    glance = sections.overview_at_a_glance(ctx).frame
    assert glance["what"].iloc[0] == "Workstreams"
    for shown in (sections.ratings_by_area(ctx), sections.actions_by_area(ctx)):
        html = str(shown)
        assert '<th scope="col">Workstream</th>' in html and "Priority" not in html
    assert sections.actions_by_area(ctx).caption == "Actions by status and workstream"


def test_statuses_show_the_areas_words_in_the_codes_colours(ctx):
    tracker = str(sections.action_tracker(ctx, "2"))
    assert '<span class="pill brag brag-blue">Complete</span>' in tracker
    assert ">Blue<" not in tracker and "recorded as" not in tracker
    summary = sections.action_summary(ctx, "2")
    assert list(summary.frame["word"]) == [
        "Complete", "On track", "At risk", "Off track", "Not started", "No status"
    ]  # fmt: skip
    assert summary.frame.set_index("status")["meaning"]["Blue"] == "Done and signed off"
    heads = str(sections.actions_by_area(ctx))
    assert all(f">{w}</th>" in heads for w in ("Complete", "On track", "Not started"))
    glance = sections.overview_at_a_glance(ctx).frame
    assert "Actions complete" in list(glance["what"])  # the area's word, said once
    assert not any("(Complete)" in w for w in glance["what"])
    overdue = sections.overdue_actions(ctx)
    assert overdue.caption.endswith("not Complete")


def test_a_change_of_status_is_said_in_the_areas_words(ctx):
    html = str(sections.changes_since_previous(ctx))
    assert "Actions that became Complete<" in html and "(complete)" not in html
    assert "became Complete (was At risk)" in html and "Blue" not in html


def test_colour_words_say_what_complete_is(mini_dataset):
    """A plan in the workbook's own words (colours) says once what its Blue means."""
    plain = load_context("2022-09-30", MINI / "data", MINI / "params")
    assert "Actions complete (Blue)" in list(sections.overview_at_a_glance(plain).frame["what"])
    assert "Actions that became Blue (complete)" in str(sections.changes_since_previous(plain))


def test_the_highlight_summary_names_areas_in_the_plans_word(own_folders, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(own_folders[0], data)
    write_rows(
        data / "highlights.csv",
        [
            ["priority_id", "reporting_date", "kind", "text", "synthetic"],
            ["1", "2022-09-30", "decision_needed", "Fund two posts.", "yes"],
        ],
    )
    summary = str(sections.highlights_summary(load_context("2022-09-30", data, own_folders[1])))
    assert 'columnheader">Workstream</th>' in summary and "Priority" not in summary


def test_the_inspections_words_introduce_the_area(ctx):
    html = str(sections.priority_intro(ctx, "2"))
    assert "<dt>Area for priority action</dt><dd>Leaders should make sure needs" in html
    assert "<dt>Area for priority action</dt><dd>Families cannot find" in str(
        sections.priority_intro(ctx, "5")
    )  # no finding in the settings: the weakness as the data give it


def test_the_overview_says_what_the_plan_is(ctx):
    said = dict(sections.about_the_plan(ctx).frame.itertuples(index=False))
    assert said["Answers"] == "Area SEND inspection, report of 4 March 2022"
    assert said["Governance"].startswith("Improvement Board, meeting every six weeks")
    assert said["Prepares for"] == "Ofsted and CQC monitoring inspection"


def test_the_synthetic_note_is_the_areas_own(ctx):
    assert NOTE in str(sections.cycle_banner(ctx))


def test_which_statuses_are_synthetic_is_said_from_the_data(ctx):
    html = str(sections.action_tracker(ctx, "2"))
    said = "Statuses and progress updates recorded at 30 June 2022, 30 September 2022 are synthetic"
    assert said in html


@pytest.fixture
def more_areas(mini_data, mini_params):
    """Areas 10 (no measures, no actions) and 4 after the fixture's, with no sort order."""
    path = mini_data / "priorities.csv"
    rows = rows_of(path)
    at = rows[0].index("sort_order")
    rows = [r[:at] + r[at + 1 :] for r in rows]
    rows += [["10", "Tenth", "Weakness ten", "", ""], ["4", "Fourth", "Weakness four", "", ""]]
    write_rows(path, rows)
    return load_context("2022-09-30", mini_data, mini_params)


def test_the_overview_keeps_every_area_in_the_order_of_the_file(more_areas):
    by_rating = sections.ratings_by_area(more_areas).frame
    assert list(by_rating["priority_id"]) == ["1", "2", "5", "10", "4"]  # not "10" first
    assert list(by_rating["area"])[3:] == ["Tenth (no measures)", "Fourth (no measures)"]
    by_status = sections.actions_by_area(more_areas).frame
    assert list(by_status["priority_id"]) == ["1", "2", "5", "10", "4"]
    assert by_status.set_index("priority_id").loc["10", "area"] == "Tenth (no actions)"
    assert by_status.set_index("priority_id").loc["10"].drop(["area", "synthetic"]).sum() == 0


def test_commentary_under_the_plans_own_heading_reaches_the_page(own_folders, tmp_path):
    """``## Workstream 1:`` is read by ``wsoa validate`` and by the pages, as new-cycle
    writes it for a plan of workstreams."""
    from wsoa_analysis.inputs.everything import check_inputs

    data = tmp_path / "data"
    shutil.copytree(own_folders[0], data)
    notes = data / "commentary" / "2022-09-30.md"
    text = notes.read_text(encoding="utf-8")
    assert "## Priority 1:" in text
    notes.write_text(text.replace("## Priority ", "## Workstream "), encoding="utf-8")
    check_inputs(data, own_folders[1])  # no problem raised
    ctx = load_context("2022-09-30", data, own_folders[1])
    assert "quality panel" in ctx.commentary.areas["1"]
    assert "quality panel" in str(sections.priority_intro(ctx, "1"))
