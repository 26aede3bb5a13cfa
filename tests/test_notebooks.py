"""The committed notebooks: clean for review, thin over the library."""

import json
import re

import pytest

from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs(path):
    nb = json.loads(path.read_text())
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [] and cell.get("execution_count") is None, path.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_thin_over_the_library(path):
    nb = json.loads(path.read_text())
    code = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    params = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(params) == 1
    # the parameters cell holds only literals
    for line in "".join(params[0]["source"]).splitlines():
        assert re.fullmatch(r"[a-z_]+ = \"[^\"]*\"", line), line
    for source in code:
        assert not re.search(r"^\s*(def|class|for|if|while) ", source, re.M), source
        assert "pd." not in source and "plt." not in source, source


def test_one_generic_area_notebook_and_the_overview():
    """Deeper analyses are declared in settings, not in copies of the area notebook."""
    assert [p.name for p in NOTEBOOKS] == ["overview.ipynb", "priority_area.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_notebook_names_a_measure(path):
    import csv

    ids = {r["kpi_id"] for r in csv.DictReader((ROOT / "data" / "kpis.csv").open())}
    nb = json.loads(path.read_text())
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert ids
    assert not [i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", code)]
