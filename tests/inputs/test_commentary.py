import pandas as pd
import pytest

from conftest import MINI
from wsoa_analysis.config.plan import AreaWords
from wsoa_analysis.errors import InputError
from wsoa_analysis.inputs import commentary

AREAS, KPIS = {"1", "2", "5"}, {"A-1", "A-2", "B-1", "B-2", "B-3", "C-1"}


def test_fixture_commentary_is_read():
    notes = commentary.load(MINI / "data", "2022-09-30", AREAS, KPIS)
    assert notes.areas == {
        "1": "Audits show steady improvement; the **quality panel** now meets monthly."
    }
    assert notes.measures["A-1"] == (
        "**What happened:** Two more audits rated good.\n"
        "**Evidence:** Panel minutes, September 2022."
    )
    assert "A-2" not in notes.measures  # only placeholders
    assert "5" not in notes.areas


def test_no_file_means_no_commentary():
    notes = commentary.load(MINI / "data", "2022-06-30", AREAS, KPIS)
    assert notes.areas == {} and notes.measures == {}


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "## Priority 9: Nowhere\ntext",
            "line 1: '## Priority 9: Nowhere': names no priority area in the data ('9')",
        ),
        ("## Priority 1\n### Z-1: gone\ntext", "line 2: '### Z-1: gone': names no measure"),
        (
            "## Area one\ntext",
            "line 1: '## Area one': expected a heading like '## Priority 1: its title'",
        ),
    ],
)
def test_unknown_headings_are_named(text, message):
    with pytest.raises(InputError) as info:
        commentary.parse(text, "commentary/2022-09-30.md", AREAS, KPIS)
    assert message in str(info.value)
    assert "commentary/2022-09-30.md" in str(info.value)


def test_scaffold_lists_every_area_and_measure_and_reads_back_empty():
    pri = pd.DataFrame({"priority_id": ["1", "5"], "title": ["Plans", "Offer"]})
    kpis = pd.DataFrame(
        {"kpi_id": ["A-1", "C-1"], "priority_id": ["1", "5"], "title": ["Audits", "Feedback"]}
    )
    text = commentary.scaffold(pri, kpis, "2022-12-31", "Quarter 3")
    assert "## Priority 1: Plans" in text and "### C-1: Feedback" in text
    assert "**Corrective action:** ..." in text
    parsed = commentary.parse(text, "x.md", {"1", "5"}, {"A-1", "C-1"})
    assert parsed.areas == {} and parsed.measures == {}


@pytest.mark.parametrize(
    "line, message",
    [
        (
            "### A-1 Annual review",
            "a colon is missing after the id: write '### A-1: Annual review'",
        ),
        ("#### Annual review", "a heading 1 level(s) too deep"),
        ("##### Notes", "a heading 2 level(s) too deep"),
        ("## Priority 1 Plans", "a colon is missing after the id: write '## Priority 1: Plans'"),
        ("###", "names no measure"),
        ("# Another title", "a '# ' heading is only the file's title, at the top"),
    ],
)
def test_a_heading_that_would_put_text_under_the_wrong_measure_is_refused(line, message):
    text = f"# Title\n## Priority 1: P\n### A-1: one\nfor A-1\n{line}\nwhose text?\n"
    with pytest.raises(InputError) as info:
        commentary.parse(text, "commentary/2022-09-30.md", AREAS, KPIS)
    assert f"commentary/2022-09-30.md line 5: {line!r}: {message}" in str(info.value)


def test_any_id_the_data_accept_can_be_addressed():
    kpis = {"P1", "P1 03", "P1:04"}
    text = "## Priority 1: P\n### P1: one\nfor P1\n### P1  03: spaced\nfor P1 03\n### P1:04: x\nc\n"
    notes = commentary.parse(text, "c.md", {"1"}, kpis)
    assert notes.measures == {"P1": "for P1", "P1 03": "for P1 03", "P1:04": "c"}


def test_validate_checks_every_commentary_file(tmp_path):
    folder = tmp_path / "commentary"
    folder.mkdir()
    (folder / "2022-06-30.md").write_text("## Priority 9: gone\n")
    (folder / "notes.md").write_text("anything\n")
    (folder / "2022-09-30.md").write_text("### A-1: fine\ntext\n")
    found = [str(p) for p in commentary.folder_problems(tmp_path, AREAS, KPIS)]
    assert found == [
        "commentary/2022-06-30.md line 1: '## Priority 9: gone': names no priority area in the "
        "data ('9')",
        "commentary/notes.md: is not named for a reporting date (YYYY-MM-DD.md), so no pack "
        "shows it",
    ]


WORKSTREAMS = AreaWords(singular="Workstream", plural="Workstreams", label="Workstream {id}")


def test_areas_are_addressed_in_the_plans_own_word():
    """``## Workstream WS1:`` for a plan of workstreams; ``## Priority WS1:`` (files written
    before plans had words of their own) still read; any other word refused, naming the
    plan's."""
    text = "## Workstream WS1: EHC plans\nmine\n## Priority WS2: Health\ntheirs\n"
    notes = commentary.parse(text, "c.md", {"WS1", "WS2"}, set(), WORKSTREAMS)
    assert notes.areas == {"WS1": "mine", "WS2": "theirs"}
    with pytest.raises(InputError) as info:  # a plan of priorities has no workstreams
        commentary.parse("## Workstream 1: P\ntext\n", "c.md", AREAS, KPIS)
    assert "expected a heading like '## Priority 1: its title'" in str(info.value)
    with pytest.raises(InputError) as info:
        commentary.parse("## Strand WS1: P\ntext\n", "c.md", {"WS1"}, set(), WORKSTREAMS)
    assert "expected a heading like '## Workstream WS1: its title'" in str(info.value)
    with pytest.raises(InputError) as info:
        commentary.parse("## Workstream WS9: P\ntext\n", "c.md", {"WS1"}, set(), WORKSTREAMS)
    assert "names no workstream in the data ('WS9')" in str(info.value)


def test_a_label_and_a_word_that_share_a_start_are_both_read():
    """A plan whose label and word share a start (``Priority {id}``, ``Priority area``)."""
    words = AreaWords(singular="Priority area", label="Priority {id}")
    text = "## Priority area 2: P\nlong\n## Priority 1: Q\nshort\n"
    assert commentary.parse(text, "c.md", AREAS, set(), words).areas == {"2": "long", "1": "short"}


def test_the_scaffold_names_areas_as_the_plan_does_and_reads_back():
    pri = pd.DataFrame({"priority_id": ["WS1"], "title": ["Plans"]})
    kpis = pd.DataFrame({"kpi_id": ["WS1-1"], "priority_id": ["WS1"], "title": ["Audits"]})
    text = commentary.scaffold(pri, kpis, "2022-12-31", "Quarter 3", WORKSTREAMS)
    assert "## Workstream WS1: Plans" in text and "Priority" not in text
    filled = text.replace("\n...\n", "\nSaid.\n", 1)
    assert commentary.parse(filled, "x.md", {"WS1"}, {"WS1-1"}, WORKSTREAMS).areas == {
        "WS1": "Said."
    }
