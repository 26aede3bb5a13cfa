import pandas as pd
import pytest

from conftest import MINI
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
            "line 1: '## Area one': expected a heading like '## Priority 1: EHC plans'",
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
