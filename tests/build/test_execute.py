"""Notebook runs that go wrong: each is reported by name with the cell and the cause."""

from pathlib import Path

import pytest

from conftest import ROOT
from wsoa_analysis.build.execute import (
    Job,
    Limits,
    check_parameters,
    raise_for_failures,
    run_all,
    run_one,
)
from wsoa_analysis.errors import BuildError, ParameterError

pytestmark = pytest.mark.slow
NB = ROOT / "tests" / "fixtures" / "notebooks"


def job(name, tmp_path, **params):
    return Job(
        name=f"{name}.ipynb",
        notebook=NB / f"{name}.ipynb",
        output=tmp_path / f"{name}.out.ipynb",
        parameters={"reporting_date": "2022-09-30", **params},
        cwd=tmp_path,
    )


def test_good_notebook_runs(tmp_path):
    out = run_one(job("good", tmp_path), Limits(cell_timeout=60, notebook_timeout=120))
    assert out.ok, out.message
    assert out.notebook.cells[-1].execution_count is not None


@pytest.mark.parametrize(
    "name, params, limits, message",
    [
        (
            "raises",
            {},
            Limits(),
            r"raises.ipynb failed in cell \d+: ValueError: no data for "
            "that date",
        ),
        (
            "hangs",
            {"sleep_for": 30},
            Limits(cell_timeout=2, notebook_timeout=60),
            r"hangs.ipynb a cell ran longer than the cell time limit",
        ),
        (
            "hangs",
            {"sleep_for": 30},
            Limits(cell_timeout=60, notebook_timeout=6),
            r"hangs.ipynb did not finish within the notebook time limit of 6 s",
        ),
        ("dies", {}, Limits(), r"dies.ipynb its kernel died"),
        ("exits", {}, Limits(), r"exits.ipynb stopped in cell \d+: SystemExit: 0"),
    ],
)
def test_failures_are_named(tmp_path, name, params, limits, message):
    out = run_one(job(name, tmp_path, **params), limits)
    assert not out.ok
    assert __import__("re").search(message, out.message), out.message


def test_timeout_leaves_no_kernel_running(tmp_path):
    """The kernel runs in the job's folder: after a timeout no live process may be left there
    (other test runs on the machine have kernels of their own, in other folders)."""
    import psutil

    here = tmp_path.resolve()

    def kernels_here():
        found = []
        for p in psutil.process_iter():
            try:
                if p.status() != psutil.STATUS_ZOMBIE and Path(p.cwd()).resolve() == here:
                    found.append(p)
            except (psutil.NoSuchProcess, psutil.ZombieProcess, psutil.AccessDenied):
                continue
        return found

    out = run_one(
        job("hangs", tmp_path, sleep_for=60), Limits(cell_timeout=120, notebook_timeout=5)
    )
    assert not out.ok and "notebook time limit" in out.message
    # checked at once: a kernel merely orphaned would still be alive now (it notices a dead
    # parent only after a second or so)
    assert not kernels_here()


def test_run_all_runs_side_by_side_and_reports_every_failure(tmp_path):
    jobs = [job("good", tmp_path / "a"), job("raises", tmp_path / "b"), job("good", tmp_path / "c")]
    for j in jobs:
        j.cwd.mkdir()
    outcomes = run_all(jobs, Limits(workers=3))
    assert [o.ok for o in outcomes] == [True, False, True]
    with pytest.raises(BuildError, match="raises.ipynb failed in cell"):
        raise_for_failures(outcomes)


@pytest.mark.parametrize(
    "params, message",
    [
        ({"nonsense": "1"}, "good.ipynb has no parameter 'nonsense'"),
        ({"reporting_date": '2022"\nimport os'}, "has characters a parameter may not contain"),
        ({"reporting_date": ["2022"]}, "must be text, a number or yes/no, not list"),
    ],
)
def test_parameters_are_checked_before_anything_runs(params, message):
    with pytest.raises(ParameterError, match=message):
        check_parameters(NB / "good.ipynb", params)


def test_parameters_pass_dates_and_paths_as_text(tmp_path):
    import datetime as dt

    got = check_parameters(
        NB / "good.ipynb", {"reporting_date": dt.date(2022, 9, 30), "sleep_for": 0}
    )
    assert got == {"reporting_date": "2022-09-30", "sleep_for": 0}


def test_a_failure_says_which_cell_and_which_error(tmp_path):
    out = run_one(job("raises", tmp_path), Limits())
    assert not out.ok
    failure = out.failure
    assert (failure.error_name, failure.error_value) == ("ValueError", "no data for that date")
    assert isinstance(failure.cell, int) and f"failed in cell {failure.cell}:" in out.message
    timed_out = run_one(
        job("hangs", tmp_path / "t", sleep_for=30), Limits(cell_timeout=60, notebook_timeout=6)
    )
    assert timed_out.failure.cell is None and timed_out.failure.error_name == "NotebookTimeout"


def test_a_failed_cell_is_numbered_as_the_analyst_sees_the_notebook(tmp_path):
    """ "cell N" counts every cell of the analyst's notebook from 1 at the top, markdown too,
    not papermill's execution count or its added cells; the message gives the cell's first
    line and where the executed notebook, with the error in place, is kept."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    cells = [
        new_code_cell('reporting_date = "2022-09-30"', metadata={"tags": ["parameters"]}),
        new_markdown_cell("# Title"),
        new_markdown_cell("Some words"),
        new_code_cell("x = 1"),
        new_markdown_cell("## Then"),
        new_code_cell("import wsoa_analysis\nwsoa_analysis.no_such_thing"),
    ]
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.metadata["language_info"] = {"name": "python"}
    nbformat.write(nb, tmp_path / "analysis.ipynb")
    j = Job(
        name="analysis.ipynb",
        notebook=tmp_path / "analysis.ipynb",
        output=tmp_path / "work" / "analysis.ipynb",
        parameters={"reporting_date": "2022-09-30"},
        cwd=tmp_path,
    )
    out = run_one(j, Limits())
    assert not out.ok and out.failure.cell == 6  # papermill's execution count is 4
    assert out.message.startswith(
        "analysis.ipynb failed in cell 6: AttributeError: module 'wsoa_analysis' has no "
        "attribute 'no_such_thing'; cell 6 (import wsoa_analysis), counting every cell"
    )
    assert out.message.endswith(f"The executed notebook is kept at {j.output}")
    kept = nbformat.read(j.output, as_version=4)
    assert any(o.get("ename") == "AttributeError" for c in kept.cells for o in c.get("outputs", []))
