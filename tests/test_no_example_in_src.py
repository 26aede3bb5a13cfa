"""Nothing of the bundled example is in the library or its templates: its area's name, its
neighbours', its plan's title, its organisation, its board, its inspection, its meetings and
its own sentences belong in data/ and params/. The words are read from the example's settings
and data, so a new example's words are checked too. ``src/wsoa_example/`` (the generator of
the example's synthetic data) is the one exception."""

import csv
import re

import pytest
import yaml

from conftest import ROOT
from wsoa_analysis.config.plan import SYNTHETIC_NOTE

SRC = ROOT / "src"
SUFFIXES = {".py", ".j2", ".typ", ".css", ".html", ".txt", ".md"}


def _example_words() -> set[str]:
    area = yaml.safe_load((ROOT / "params" / "area.yaml").read_text(encoding="utf-8"))
    plan, pack = area["plan"], area.get("pack", {})
    words = {area["area"]["name"], plan["title"], pack.get("organisation", "")}
    words |= {
        plan.get("governance", {}).get("board", ""),
        plan.get("inspection", {}).get("name", ""),
    }
    words.add(plan.get("inspection", {}).get("outcome", ""))
    # the example's own sentences (its note on what is synthetic), but those the workbook
    # says itself by default
    generic = set(re.split(r"(?<=[.;:])\s", SYNTHETIC_NOTE))
    words |= set(re.split(r"(?<=[.;:])\s", pack.get("synthetic_note", ""))) - generic
    for path in (ROOT / "params").glob("2*.yaml"):
        cycle = yaml.safe_load(path.read_text(encoding="utf-8"))
        words.add(cycle["cycle_name"])
        words.add(cycle.get("meeting", "").split(",")[0].split("(")[0])  # who it went to
    with open(ROOT / "data" / "statistical_neighbours.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    words |= {v for r in rows for k, v in r.items() if k.endswith("name")}
    return {w.strip() for w in words if len(w.strip()) >= 6 and not w.startswith("DfE")}


WORDS = sorted(_example_words())


def _library_files():
    for path in sorted(SRC.rglob("*")):
        if path.suffix in SUFFIXES and "wsoa_example" not in path.parts:
            if "egg-info" not in str(path) and "__pycache__" not in path.parts:
                yield path


def test_the_words_are_read_from_the_example():
    assert "Rotherham" in WORDS and "SEND Executive Board" in WORDS
    assert len(WORDS) > 10


@pytest.mark.parametrize("path", list(_library_files()), ids=lambda p: str(p.relative_to(SRC)))
def test_no_word_of_the_example_is_in_the_library(path):
    text = path.read_text(encoding="utf-8")
    found = [w for w in WORDS if w.lower() in text.lower()]
    assert not found, f"{path.relative_to(ROOT)} has the example's words: {found}"
