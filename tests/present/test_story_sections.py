"""The story's sections: an area's highlight report, the voice of families, the tracker of
recommendations and the overview's summary; what they show, what they never show, and the
figure ledger's rows for their numbers."""

import pytest

from conftest import MINI, write_rows
from wsoa_analysis.context import load_context
from wsoa_analysis.present import sections
from wsoa_analysis.present.ledger import page_figures
from wsoa_analysis.render.typst_markup import Assets, to_typst

DATE = "2022-09-30"


@pytest.fixture
def ctx(mini_data, tmp_path):
    write_rows(
        mini_data / "highlights.csv",
        [
            ["priority_id", "reporting_date", "kind", "text", "synthetic"],
            ["1", DATE, "progress", "Plans are checked before issue.", "yes"],
            ["1", DATE, "decision_needed", "Fund two posts.", "yes"],
        ],
    )
    write_rows(
        mini_data / "risks.csv",
        [
            ["risk_id", "priority_id", "reporting_date", "description", "owner", "likelihood"]
            + ["impact", "rag", "mitigation", "mitigation_due", "synthetic"],
            ["R1", "1", DATE, "Late advice", "Head of SEND", "4", "4", "", "Escalate weekly"]
            + ["2022-12-31", "yes"],
            ["R2", "1", DATE, "Staff turnover", "Head of SEND", "", "", "amber", "Recruit", ""]
            + ["yes"],
        ],
    )
    write_rows(
        mini_data / "voice.csv",
        [
            ["voice_id", "priority_id", "date", "source_kind", "source", "kind", "text"]
            + ["consent", "response", "synthetic"],
            ["V1", "1", "2022-08-15", "forum", "Forum meeting", "quote", "They listened."]
            + ["yes", "Kept <the> forum on the panel.", "yes"],
            ["V2", "1", "2022-08-16", "case_file", "Case review", "case_study", "Held back text."]
            + ["no", "Held back response.", "yes"],
            ["V3", "", "2022-08-17", "survey", "Parent survey", "quote", "Quicker now.", "yes"]
            + ["", "yes"],
        ],
    )
    write_rows(
        mini_data / "recommendations.csv",
        [
            ["recommendation_id", "reporting_date", "date", "source", "text", "action_refs"]
            + ["response", "status"],
            ["SC1", DATE, "2022-07-15", "Advisers' visit", "Audit more", "1.1.1; 2.1.1"]
            + ["Audits monthly", "in_progress"],
        ],
    )
    return load_context(DATE, mini_data, MINI / "params")


def test_an_area_without_a_story_gets_no_block_and_no_error(ctx, mini_dataset):
    for section in (
        sections.highlight_report(ctx, "5"),
        sections.voice(ctx, "5"),
        sections.recommendations(ctx, "5"),
    ):
        assert str(section) == ""
    plain = load_context(DATE, MINI / "data", MINI / "params")
    assert str(sections.highlights_summary(plain)) == ""
    assert str(sections.recommendations(plain)) == ""


def test_the_highlight_report_shows_its_points_and_rated_risks(ctx):
    shown = str(sections.highlight_report(ctx, "1"))
    assert shown.index("Progress this cycle") < shown.index("Issues and risks")
    assert shown.index("Issues and risks") < shown.index("Decisions needed from the board")
    assert "Plans are checked before issue." in shown
    assert "4 × 4 = 16" in shown and '<span class="pill brag brag-red">Red</span>' in shown
    assert '<span class="pill brag brag-amber">Amber</span>' in shown  # R2: rated as given
    assert "Head of SEND" in shown and "by 31 December 2022" in shown
    assert "Illustrative:" in shown  # invented rows are labelled


def test_real_narrative_is_not_labelled_illustrative(ctx):
    ctx.ds.tables["highlights"]["synthetic"] = False
    ctx.ds.tables["risks"]["synthetic"] = False
    assert "Illustrative" not in str(sections.highlight_report(ctx, "1"))


def test_voice_shows_date_and_source_and_never_what_lacks_consent(ctx):
    area, overview = str(sections.voice(ctx, "1")), str(sections.voice(ctx))
    assert "They listened." in area and "Forum meeting, 15 August 2022" in area
    assert "Quicker now." in overview and "They listened." not in overview
    for page in (area, overview):
        assert "Held back text." not in page and "Held back response." not in page


def test_what_was_done_is_shown_beneath_what_families_said(ctx):
    area, overview = str(sections.voice(ctx, "1")), str(sections.voice(ctx))
    said = "<strong>What we are doing:</strong> Kept &lt;the&gt; forum on the panel."
    assert said in area  # as text, escaped
    assert area.index("They listened.") < area.index("What we are doing")
    assert "What we are doing" not in overview  # V3 says nothing was asked of anyone


def test_the_tracker_links_each_action_to_its_areas_page(ctx):
    shown = str(sections.recommendations(ctx))
    assert '<a href="priority-1.html">1.1.1</a>' in shown
    assert '<a href="priority-2.html">2.1.1</a>' in shown
    assert "Audits monthly" in shown and "In progress" in shown
    mine = str(sections.recommendations(ctx, "2"))
    assert "Audit more" in mine and "<a " not in mine  # on an area's page: the refs only


def test_the_overview_summarises_risks_and_lists_decisions(ctx):
    summary = sections.highlights_summary(ctx)
    row = summary.frame.set_index("priority_id").loc["1"]
    assert [row["red"], row["amber"], row["green"], row["decisions"]] == [1, 1, 0, 1]
    assert "Fund two posts." in str(summary)


def test_the_ledger_lists_the_numbers_the_story_shows(ctx):
    area = page_figures(ctx, "priority-1")
    risks = area[area["section"] == "Issues and risks"]
    listed = dict(zip(risks["measure"], risks["shown"], strict=True))
    assert [listed["R1: likelihood"], listed["R1: impact"], listed["R1: score"]] == ["4", "4", "16"]
    assert "R2: score" not in set(risks["measure"])  # no score: none shown, none listed
    assert risks[risks["measure"].str.startswith("R1")]["synthetic"].all()
    over = page_figures(ctx, "overview")
    counts = over[over["section"].str.startswith("Highlight reports")]
    assert set(counts["shown"]) == {"0", "1"} and len(counts) == 4  # one area reported


def test_the_blocks_come_out_in_the_pdf(ctx):
    markup = to_typst(
        str(sections.highlight_report(ctx, "1")) + str(sections.voice(ctx, "1")),
        Assets(),
    )
    assert '#pill("brag-red")[Red]' in markup
    quote = markup[markup.index("#quote(block: true)") :]
    assert "They listened" in quote[: quote.index("\n\n")]
    note = markup[markup.index("#note[") :]
    assert "Illustrative" in note[: note.index("\n")]
