"""The context is computed once per build and reused by every notebook and the data
workbook, but only for exactly the inputs it was computed from: a changed file is never served
a stale context."""

import shutil

import pytest

from conftest import MINI
from wsoa_analysis import context

DATE = "2022-09-30"


@pytest.fixture
def inputs(tmp_path):
    shutil.copytree(MINI / "data", tmp_path / "data")
    shutil.copytree(MINI / "params", tmp_path / "params")
    return tmp_path / "data", tmp_path / "params"


@pytest.fixture
def loads(monkeypatch):
    """Every load of a context from the files, counted."""
    calls = []
    real = context.context_from_files

    def counted(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(context, "context_from_files", counted)
    return calls


def test_a_shared_context_is_used_for_exactly_its_inputs(inputs, tmp_path, loads):
    data, params = inputs
    store = tmp_path / "contexts"
    assert context.share_context(store, DATE, data, params) is True
    assert context.share_context(store, DATE, data, params) is False  # kept, not recomputed
    assert len(loads) == 1
    with context.shared_contexts(store):
        ctx = context.load_context(DATE, data, params)
    assert len(loads) == 1  # taken from the store
    assert len(ctx.card) == 6 and str(ctx.reporting_date.date()) == DATE
    with context.shared_contexts(store):
        context.load_context("2022-06-30", data, params)  # another date: not stored
    assert len(loads) == 2


@pytest.mark.parametrize("changed", ["observations.csv", "params"])
def test_a_changed_input_is_never_served_a_stale_context(inputs, tmp_path, loads, changed):
    data, params = inputs
    store = tmp_path / "contexts"
    context.share_context(store, DATE, data, params)
    if changed == "observations.csv":
        obs = data / "observations.csv"
        obs.write_text(
            obs.read_text().replace("A-1,2022-09-30,62.5,25,40", "A-1,2022-09-30,65.0,26,40")
        )
    elif changed == "params":
        (params / "2022-09-30.yaml").write_text(
            (params / "2022-09-30.yaml").read_text().replace("Quarter 2 review", "Second review")
        )
    with context.shared_contexts(store):
        ctx = context.load_context(DATE, data, params)
    assert len(loads) == 2  # loaded again from the files
    if changed == "observations.csv":
        assert ctx.card.set_index("kpi_id").loc["A-1", "latest_value"] == 65.0
    else:
        assert ctx.cycle.cycle_name == "Second review"


def test_changed_commentary_is_read_afresh_from_the_stored_context(inputs, tmp_path, loads):
    """Rewording the date's commentary needs no new context: the stored one serves, with the
    commentary as it is now (and a bad heading is refused as before)."""
    from wsoa_analysis.errors import InputError

    data, params = inputs
    store = tmp_path / "contexts"
    context.share_context(store, DATE, data, params)
    note = data / "commentary" / "2022-09-30.md"
    original = note.read_text()
    note.write_text(original.replace("steady improvement", "a late addition"))
    assert context.share_context(store, DATE, data, params) is False  # kept
    with context.shared_contexts(store):
        ctx = context.load_context(DATE, data, params)
    assert len(loads) == 1
    assert "a late addition" in ctx.commentary.areas["1"]
    note.write_text(original + "\n## Priority 9: Nowhere\n")
    with context.shared_contexts(store), pytest.raises(InputError, match="Priority 9"):
        context.load_context(DATE, data, params)


def read_notes(path):
    return path.read_text().splitlines() if path.exists() else []


def test_a_build_s_context_notes_which_commentary_is_read(inputs, tmp_path, monkeypatch):
    """Looked-up ids are noted one by one; anything that reads every entry notes ``*``."""
    import copy
    import json
    import pickle

    data, params = inputs
    store, noted = tmp_path / "contexts", tmp_path / "reads"
    context.share_context(store, DATE, data, params)
    monkeypatch.setenv(context.READS_VARIABLE, str(noted))
    with context.shared_contexts(store):
        ctx = context.load_context(DATE, data, params)
    assert read_notes(noted) == [context.LOADED]
    areas, measures = ctx.commentary.areas, ctx.commentary.measures
    assert "steady improvement" in areas.get("1")
    assert measures.get("B-1") is None and "A-1" in measures and measures["A-1"]
    assert read_notes(noted)[1:] == ["areas\t1", "measures\tB-1", "measures\tA-1"] + [
        "measures\tA-1"
    ]
    for reads_all in (
        lambda d: [k for k in d],
        list,
        len,
        dict,
        repr,
        json.dumps,
        pickle.dumps,
        copy.copy,
        lambda d: d.items(),
        lambda d: {**d},
        lambda d: d == {},
        lambda d: areas.get(1),  # not an id as the commentary has them
    ):
        noted.unlink()
        reads_all(measures)
        assert "*" in read_notes(noted), reads_all
    assert pickle.loads(pickle.dumps(measures)) == dict(measures)  # a plain table again
    monkeypatch.delenv(context.READS_VARIABLE)
    noted.unlink()
    context.load_context(DATE, data, params).commentary.areas.get("1")
    assert not noted.exists()  # outside a build nothing is noted


def test_the_data_workbook_reads_no_commentary(inputs, tmp_path, monkeypatch):
    """The build keys the workbook on every input but the commentary: this holds only while
    the workbook shows none of it."""
    from wsoa_analysis.render.xlsx import write_downloads

    data, params = inputs
    store, noted = tmp_path / "contexts", tmp_path / "reads"
    context.share_context(store, DATE, data, params)
    monkeypatch.setenv(context.READS_VARIABLE, str(noted))
    with context.shared_contexts(store):
        write_downloads(tmp_path / "data.xlsx", DATE, data, params)
    assert read_notes(noted) == [context.LOADED]


def test_the_build_uses_the_names_the_context_reads_and_writes():
    from wsoa_analysis.build import pages

    assert (pages.CONTEXT_DIR_VARIABLE, pages.READS_VARIABLE, pages.LOADED) == (
        context.CONTEXT_DIR_VARIABLE,
        context.READS_VARIABLE,
        context.LOADED,
    )


def test_a_change_to_the_code_changes_the_key(inputs, monkeypatch):
    from wsoa_analysis.build import cache

    data, params = inputs

    class Digest:
        def __init__(self, value):
            self.__wrapped__ = lambda: value

    monkeypatch.setattr(cache, "environment_digest", Digest("code one"))
    first = context.context_key(DATE, data, params)
    monkeypatch.setattr(cache, "environment_digest", Digest("code two"))
    assert context.context_key(DATE, data, params) != first


def test_the_environment_variable_names_the_store_and_a_broken_file_is_ignored(
    inputs, tmp_path, loads, monkeypatch
):
    data, params = inputs
    store = tmp_path / "contexts"
    context.share_context(store, DATE, data, params)
    monkeypatch.setenv(context.CONTEXT_DIR_VARIABLE, str(store))
    context.load_context(DATE, data, params)
    assert len(loads) == 1
    (stored,) = store.glob("*.pickle")
    stored.write_bytes(b"not a pickle")
    assert len(context.load_context(DATE, data, params).card) == 6
    assert len(loads) == 2
    monkeypatch.delenv(context.CONTEXT_DIR_VARIABLE)
    context.load_context(DATE, data, params)
    assert len(loads) == 3  # outside a build: from the files


def test_a_new_context_for_a_date_replaces_the_old_one(inputs, tmp_path):
    data, params = inputs
    store = tmp_path / "contexts"
    context.share_context(store, DATE, data, params)
    context.share_context(store, "2022-06-30", data, params)
    (data / "commentary" / "2022-09-30.md").write_text("")
    context.share_context(store, DATE, data, params)
    names = sorted(p.name.split(".")[0] for p in store.glob("*.pickle"))
    assert names == ["2022-06-30", "2022-09-30"]


def test_wsoa_status_takes_the_same_context(inputs, tmp_path, monkeypatch, capsys):
    """``wsoa status`` goes through load_context: given a stored context (here marked by a
    changed area name), it reports from it."""
    import json
    import pickle

    from wsoa_analysis.cli import main

    data, params = inputs
    store = tmp_path / "contexts"
    context.share_context(store, DATE, data, params)
    (stored,) = store.glob("*.pickle")
    ctx = pickle.loads(stored.read_bytes())
    area = ctx.settings.area.model_copy(update={"name": "Stored context"})
    ctx.settings = ctx.settings.model_copy(update={"area": area})
    stored.write_bytes(pickle.dumps(ctx))
    monkeypatch.setenv(context.CONTEXT_DIR_VARIABLE, str(store))
    args = ["status", "--date", DATE, "--json", "--data", str(data), "--params", str(params)]
    assert main(args) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["area"] == "Stored context" and summary["measures"] == 6


BUILD_SCRIPT = """
import datetime as dt, json, sys
from pathlib import Path
import tiny_notebooks
from wsoa_analysis import context
from wsoa_analysis.build.pack import PackOptions, build_pack

if __name__ == "__main__":
    root = Path(sys.argv[1])
    loads, real = [], context.context_from_files
    context.context_from_files = lambda *a, **k: loads.append(1) or real(*a, **k)
    nbs = tiny_notebooks.notebooks(root / "notebooks", tiny_notebooks.SHARED_ONLY)
    options = PackOptions(
        data_dir=root / "data", params_dir=root / "params", out_dir=root / "out", notebooks_dir=nbs
    )
    events = []
    build_pack(dt.date(2022, 9, 30), options, log=events.append)
    print(json.dumps({"loads": len(loads), "events": [e.__dict__ for e in events]}))
"""


@pytest.mark.slow
def test_the_notebooks_and_the_data_workbook_reuse_the_build_s_context(inputs, tmp_path):
    """The notebooks here refuse to load from the files; the build computes the context once
    (counted in the building process) and the data workbook takes it too.

    The build runs on a copy of the package, so that edits to the working tree while the test
    runs cannot change the code's digest between the build and its kernels."""
    import json
    import os
    import subprocess
    import sys

    from conftest import ROOT

    shutil.copytree(
        ROOT / "src" / "wsoa_analysis",
        tmp_path / "code" / "wsoa_analysis",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    (tmp_path / "build.py").write_text(BUILD_SCRIPT)
    path = [str(tmp_path / "code"), str(ROOT / "tests" / "build")]
    done = subprocess.run(
        [sys.executable, str(tmp_path / "build.py"), str(tmp_path)],
        env={**os.environ, "PYTHONPATH": os.pathsep.join(path)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.splitlines()[-1])
    assert result["loads"] == 1  # in the building process: once, shared with the workbook
    kinds = [e["kind"] for e in result["events"]]
    assert kinds.count("context_ready") == 1 and kinds.count("page_finished") == 4
    # the workbook is written while notebooks run (once fewer are left than run at once),
    # not after the PDF
    assert kinds.index("running") < kinds.index("writing_workbook") < kinds.index("writing_pdf")
    executed = (tmp_path / "out" / ".work" / DATE / "priority-5.ipynb").read_text()
    assert "6 measures" in executed
    assert (tmp_path / "out" / DATE / "data.xlsx").exists()
