"""Kernels started ahead of their notebooks: warm when a notebook is handed over, the
notebook's own environment set in them, and every one not used stopped at the end."""

import json
from pathlib import Path

import pytest

from wsoa_analysis.build.execute import Job, Limits, run_all, run_one
from wsoa_analysis.build.kernels import Kernel, KernelPool

pytestmark = pytest.mark.slow
PRELOADED = "wsoa_analysis.domain.rounding"  # a module a fresh kernel has not imported

PROBE = f"""\
import os, sys
print("preloaded:", {PRELOADED!r} in sys.modules)
print("bound:", "wsoa_analysis" in globals())
print("env:", os.environ.get("POOL_SETTING"), os.environ.get("JOB_SETTING"))
print("cwd:", os.getcwd())
"""


def notebook(path: Path, body: str) -> Path:
    cells = [
        {
            "cell_type": "code",
            "id": "parameters",
            "metadata": {"tags": ["parameters"]},
            "source": 'reporting_date = "2022-09-30"\n',
            "outputs": [],
            "execution_count": None,
        },
        {
            "cell_type": "code",
            "metadata": {},
            "source": body,
            "outputs": [],
            "execution_count": None,
        },
    ]
    nb = {
        "cells": cells,
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path.write_text(json.dumps(nb), encoding="utf-8")
    return path


def job(tmp_path, name="probe", env=None):
    return Job(
        name=f"{name}.ipynb",
        notebook=notebook(tmp_path / f"{name}.ipynb", PROBE),
        output=tmp_path / "out" / f"{name}.ipynb",
        parameters={},
        cwd=tmp_path,
        env=env or {},
    )


def printed(outcome) -> str:
    return "".join(o.get("text", "") for o in outcome.notebook.cells[-1].outputs)


def kernels_in(folder: Path) -> list:
    import psutil

    found = []
    for p in psutil.process_iter():
        try:
            if p.status() != psutil.STATUS_ZOMBIE and Path(p.cwd()).resolve() == folder.resolve():
                found.append(p)
        except (psutil.NoSuchProcess, psutil.ZombieProcess, psutil.AccessDenied):
            continue
    return found


def test_a_kernel_started_ahead_is_warm_and_gets_the_notebook_s_environment(tmp_path):
    """The preload is imported before the notebook runs, binds no name, counts no cell; the
    job's environment reaches a kernel started before the job was known."""
    kernel = Kernel(tmp_path, {"POOL_SETTING": "pool"}, "python3", (PRELOADED,))
    with KernelPool(kernel) as pool:
        pool.start(1)
        the_job = job(tmp_path, env={"JOB_SETTING": "job"})
        out = run_one(the_job, Limits(cell_timeout=60, notebook_timeout=120), pool.take(kernel))
    assert out.ok, out.message
    text = printed(out)
    assert "preloaded: True" in text and "bound: False" in text
    assert "env: pool job" in text
    assert [c.execution_count for c in out.notebook.cells] == [1, 2]


def test_a_kernel_started_for_its_job_imports_nothing_more(tmp_path):
    out = run_one(job(tmp_path, env={"JOB_SETTING": "job"}), Limits())
    assert out.ok, out.message
    assert "preloaded: False" in printed(out) and "env: None job" in printed(out)


def test_the_pool_keeps_one_ahead_and_stops_the_unused(tmp_path):
    """Three notebooks one at a time: the first starts its own kernel, each takes one the
    pool started ahead of it, and the pool starts none for notebooks that are not there."""
    jobs = [job(tmp_path, f"nb{i}") for i in range(3)]
    limits = Limits(cell_timeout=60, notebook_timeout=120, workers=1)
    with KernelPool(Kernel(tmp_path, {}, "python3")) as pool:
        outcomes = run_all(jobs, limits, pool=pool)
        assert pool.started == 2
    assert all(o.ok for o in outcomes)
    with KernelPool(Kernel(tmp_path, {}, "python3")) as pool:
        pool.start(2)
        run_all(jobs[:1], limits, pool=pool)
    assert not kernels_in(tmp_path)  # the one never used was stopped with its kernel


def test_a_job_for_another_folder_gets_a_kernel_of_its_own(tmp_path):
    here, there = tmp_path / "here", tmp_path / "there"
    here.mkdir()
    there.mkdir()
    with KernelPool(Kernel(here, {}, "python3", (PRELOADED,))) as pool:
        pool.start(1)
        (out,) = run_all([job(there)], Limits(), pool=pool)
    assert out.ok and f"cwd: {there.resolve()}" in printed(out)


def test_a_kernel_serves_a_notebook_that_adds_variables_of_its_own(tmp_path):
    pooled = Kernel(tmp_path, {"WSOA_CONTEXT_DIR": "/w/context"}, "python3", ("a",))
    wanted = Kernel(tmp_path, {"WSOA_CONTEXT_DIR": "/w/context", "OWN": "1"}, "python3", ("a",))
    assert pooled.serves(wanted)
    assert not pooled.serves(Kernel(tmp_path, {"WSOA_CONTEXT_DIR": "/x"}, "python3", ("a",)))
    assert not pooled.serves(Kernel(tmp_path / "x", wanted.env, "python3", ("a",)))
    assert not pooled.serves(Kernel(tmp_path, wanted.env, "other", ("a",)))
    assert not pooled.serves(Kernel(tmp_path, wanted.env, "python3", ()))
