"""Several cycles at once (``wsoa pack --all``): every cycle is attempted, and the exit status
keeps what the README promises: 2 for bad input, 3 for a pack published with failed pages,
1 for anything else; the most serious outcome of any cycle decides (1, then 2, then 3)."""

import shutil

import pytest
import tiny_notebooks

from conftest import MINI
from wsoa_analysis.cli import main
from wsoa_analysis.errors import CyclesFailed, exit_status_of_cycles

FAILING_AREA = "raise RuntimeError('no figures for this area')"


@pytest.mark.parametrize(
    "kinds, status",
    [
        (set(), 0),
        ({"incomplete"}, 3),
        ({"input"}, 2),
        ({"failed"}, 1),
        ({"input", "incomplete"}, 2),
        ({"failed", "incomplete"}, 1),
        ({"failed", "input"}, 1),
        ({"failed", "input", "incomplete"}, 1),
    ],
)
def test_the_most_serious_outcome_decides(kinds, status):
    assert exit_status_of_cycles(kinds) == status


def test_cycles_failed_names_each_date_and_knows_its_kinds():
    err = CyclesFailed(
        {"2022-09-30": ("input", "InputError: 1 problem"), "2022-06-30": ("incomplete", "x")}, 3
    )
    assert str(err) == "2 of 3 cycles failed:\n2022-06-30: x\n2022-09-30: InputError: 1 problem"
    assert err.kinds == {"input", "incomplete"}
    with pytest.raises(ValueError, match="unknown kinds of failure"):
        CyclesFailed({"2022-09-30": ("oops", "")}, 1)


@pytest.fixture
def workspace(tmp_path):
    shutil.copytree(MINI / "data", tmp_path / "data")
    shutil.copytree(MINI / "params", tmp_path / "params")
    tiny_notebooks.notebooks(tmp_path / "notebooks", area_body=FAILING_AREA)
    return tmp_path


def pack_all(root, *extra):
    return main(
        [
            "pack",
            "--all",
            "--data",
            str(root / "data"),
            "--params",
            str(root / "params"),
            "--out",
            str(root / "out"),
            "--notebooks",
            str(root / "notebooks"),
            *extra,
        ]
    )


def bad_commentary(root, date):
    (root / "data" / "commentary" / f"{date}.md").write_text("## Priority 99: Nowhere\n")


def test_bad_input_in_every_cycle_exits_2(workspace, capsys):
    (workspace / "data" / "kpis.csv").write_text("kpi_id\n")
    assert pack_all(workspace) == 2
    err = capsys.readouterr().err
    assert "2 of 2 cycles failed" in err and "2022-06-30: InputError" in err
    assert not (workspace / "out" / "2022-09-30").exists()


def test_bad_input_and_another_failure_exit_1(workspace, capsys):
    bad_commentary(workspace, "2022-06-30")
    (workspace / "params" / "2022-09-30.yaml").unlink()
    (workspace / "params" / "2026-01-31.yaml").write_text(
        "reporting_date: 2026-01-31\ncycle_name: Later\n"
    )
    assert pack_all(workspace) == 1
    err = capsys.readouterr().err
    assert "2022-06-30: InputError" in err and "Priority 99" in err
    assert "2026-01-31: ParameterError" in err


@pytest.mark.slow
def test_published_with_failed_pages_exits_3_and_bad_input_beside_it_2(workspace, capsys):
    assert pack_all(workspace, "--keep-going") == 3
    out, err = capsys.readouterr()
    assert "2 of 2 cycles failed" in err and "2022-09-30: PackFailedPages" in err
    for date in ("2022-06-30", "2022-09-30"):
        assert (workspace / "out" / date / "overview.html").exists()
        assert f"[{date}] Published" in out  # each cycle's lines name it
    assert "FAILED: priority_area.ipynb (Priority 5: Local Offer)" in out

    bad_commentary(workspace, "2022-06-30")
    assert pack_all(workspace, "--keep-going") == 2
    assert "2022-06-30: InputError" in capsys.readouterr().err
