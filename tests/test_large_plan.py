"""benchmarks/large_plan.py, the benchmark's generator of large plans: what it writes must be
a plan the workbook accepts, or the benchmark's scale figures would time a build that fails."""

import importlib.util
import sys
from pathlib import Path

import pandas as pd
import pytest

from wsoa_analysis.cli import main as wsoa
from wsoa_analysis.config.settings import cycle_for_date, load_area
from wsoa_analysis.inputs import commentary
from wsoa_analysis.inputs.checks import check_reporting_date
from wsoa_analysis.inputs.load import load_dataset

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def large_plan():
    spec = importlib.util.spec_from_file_location(
        "large_plan", ROOT / "benchmarks" / "large_plan.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["large_plan"] = module  # its dataclass looks itself up there
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop("large_plan", None)


@pytest.fixture(scope="module")
def small(large_plan, tmp_path_factory):
    root = tmp_path_factory.mktemp("small-plan")
    return large_plan.write_large_plan(root, measures=10, actions=20, areas=2)


def test_wsoa_validate_accepts_a_small_generated_plan(small, capsys):
    args = ["validate", "--data", str(small.data_dir), "--params", str(small.params_dir)]
    assert wsoa(args) == 0, capsys.readouterr().err
    assert "all 8 tables are valid" in capsys.readouterr().out


def test_the_plan_has_the_size_asked_for_and_can_be_built_for_its_date(small):
    ds = load_dataset(small.data_dir)
    assert len(ds.priorities) == 2
    assert len(ds.kpis) == 10
    assert len(ds.actions) == 20
    assert set(ds.kpis["unit"]) == {"percent", "count", "rate_per_month"}
    assert set(ds.kpis["frequency"]) >= {"monthly", "quarterly"}
    span = ds.observations["period_end"]
    assert (span.max() - span.min()).days > 600  # about two years of values
    check_reporting_date(ds.tables, small.reporting_date)  # raises if outside the data
    settings = load_area(small.params_dir)
    assert settings.area.name == "Example Large Area"
    assert cycle_for_date(small.params_dir, small.reporting_date).cycle_name.startswith(
        "Quarterly review"
    )
    notes = commentary.load(
        small.data_dir,
        small.reporting_date,
        set(ds.priorities["priority_id"]),
        set(ds.kpis["kpi_id"]),
    )
    assert set(notes.areas) == {"1", "2"}


def test_the_same_seed_writes_the_same_files(large_plan, small, tmp_path):
    again = large_plan.write_large_plan(tmp_path, measures=10, actions=20, areas=2)
    for first in sorted(small.data_dir.rglob("*.*")) + sorted(small.params_dir.glob("*")):
        base = small.data_dir if first.is_relative_to(small.data_dir) else small.params_dir
        other = (again.data_dir if base == small.data_dir else again.params_dir) / (
            first.relative_to(base)
        )
        assert first.read_bytes() == other.read_bytes(), first.name


def test_a_reworded_area_changes_only_that_area_in_the_commentary(large_plan, small, tmp_path):
    priorities = pd.read_csv(small.data_dir / "priorities.csv", dtype=str)
    kpis = pd.read_csv(small.data_dir / "kpis.csv", dtype=str)
    before = large_plan.commentary_text(priorities, kpis, "Cycle", small.reporting_date)
    after = large_plan.commentary_text(
        priorities, kpis, "Cycle", small.reporting_date, revisions={"1": 2}
    )
    ids, kpi_ids = set(priorities["priority_id"]), set(kpis["kpi_id"])
    old = commentary.parse(before, "c.md", ids, kpi_ids)
    new = commentary.parse(after, "c.md", ids, kpi_ids)
    assert old.areas["1"] != new.areas["1"]
    assert old.areas["2"] == new.areas["2"]
    assert old.measures == new.measures
