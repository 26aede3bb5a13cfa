"""The sections for an area unlike the first example, on the second bundled example
(``examples/priority-action-plan/``): a plan of workstreams with no published comparators, its
own status words and measure kinds, and a workstream with actions but no measures."""

import pytest

from conftest import ROOT
from wsoa_analysis.context import load_context
from wsoa_analysis.present import sections

EXAMPLE = ROOT / "examples" / "priority-action-plan"


@pytest.fixture(scope="module")
def westmere():
    return load_context("2026-03-31", EXAMPLE / "data", EXAMPLE / "params")


@pytest.fixture(scope="module")
def first():
    return load_context("2022-08-31", ROOT / "data", ROOT / "params")


def test_no_comparator_column_where_the_area_has_none(westmere, first):
    assert westmere.ds.benchmarks.empty
    assert "Published comparator" not in str(sections.area_scorecard(westmere, "WS1"))
    assert "None published" not in str(sections.area_scorecard(westmere, "WS3"))
    assert "Published comparator" in str(sections.area_scorecard(first, "1"))


def test_no_word_of_published_figures_where_the_area_has_none(westmere, first):
    changes = str(sections.changes_since_previous(westmere))
    assert "Compared with the previous cycle" in changes
    assert "published figure" not in changes.lower()
    notes = " ".join(sections.data_notes(westmere).notes)
    for word in ("Department for Education", "statistical-neighbour", "DfE"):
        assert word not in notes, word
    assert "Department for Education" in " ".join(sections.data_notes(first).notes)


def test_the_figures_note_names_only_the_frequencies_in_use(westmere, first):
    said = sections.data_notes(westmere).notes[0]
    for used in ("months", "financial-year quarters", "half-years", "school terms"):
        assert used in said, used
    assert "the January school census" in said
    for unused in ("academic years", "calendar years", "financial years"):
        assert unused not in said, unused
    assert "academic years from September" in sections.data_notes(first).notes[0]


def test_a_workstream_with_no_measures_says_so_once(westmere):
    shown = str(sections.area_scorecard(westmere, "WS5"))
    assert shown.count("This workstream has no key impact measures.") == 1
    assert "None." not in shown and "Rating:" not in shown  # no empty table, no legend
    assert str(sections.rating_history(westmere, "WS5")) == ""
    assert str(sections.measure_details(westmere, "WS5")) == ""


def _detail(ctx, area: str, kpi_id: str) -> str:
    ids = list(ctx.card.loc[ctx.card["priority_id"] == area, "kpi_id"])
    return str(sections.measure_details(ctx, area)[ids.index(kpi_id)])


def test_a_milestone_done_late_says_when_it_was_done(westmere):
    """Due by January 2026, recorded done from February: met, but never said to be on time,
    and the caption names February, not the latest month."""
    row = westmere.card.set_index("kpi_id").loc["WS2-2"]
    assert row["rating"] == "met"
    late = "done in February 2026, after its due date of January 2026"
    assert row["rating_reason"] == late
    detail = _detail(westmere, "WS2", "WS2-2")
    assert f"open: {late}." in detail and "Done in Mar 2026" not in detail
    changes = str(sections.changes_since_previous(westmere))
    assert f"Reached its target: {late}" in changes and "(Done by Jan 2026)" not in changes


def test_a_caption_says_a_term_as_a_sentence_does(westmere):
    detail = _detail(westmere, "WS3", "WS3-2")
    assert "in the spring term 2024/25 (baseline) to 25.5% in the autumn term 2025/26" in detail
    census = _detail(westmere, "WS3", "WS3-3")
    assert "in the January 2025 census (baseline)" in census


def test_a_rates_population_has_its_own_place_not_stacked_brackets(westmere):
    detail = _detail(westmere, "WS3", "WS3-1")
    judged = (
        "Judged on its latest term: 55.0 per 10,000 children aged 5 to 15 (Autumn term 2025/26)."
    )
    assert judged in detail and ")) (" not in detail
    population = (
        "<dt>Population</dt><dd>Per 10,000 children aged 5 to 15: Westmere Council population "
        "estimate for mid-2024 (invented for this example)</dd>"
    )
    assert population in detail
    assert "<dt>Population</dt>" not in _detail(westmere, "WS3", "WS3-2")  # not a rate
