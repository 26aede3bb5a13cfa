"""The build cache: nothing changed, nothing runs; a changed input, notebook, parameter or
library rebuilds what it affects, and only that."""

import datetime as dt
import json
import shutil

import pytest

from conftest import MINI, ROOT
from wsoa_analysis.build import cache
from wsoa_analysis.build.pack import PackOptions, build_pack

pytestmark = pytest.mark.slow
DATE = dt.date(2022, 9, 30)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    root = tmp_path_factory.mktemp("cache")
    shutil.copytree(MINI / "data", root / "data")
    shutil.copytree(MINI / "params", root / "params")
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    options = PackOptions(
        data_dir=root / "data",
        params_dir=root / "params",
        out_dir=root / "out",
        notebooks_dir=root / "notebooks",
    )
    log = []
    build_pack(DATE, options, log=lambda e: log.append(e.message))
    assert "Running 4 notebooks for 2022-09-30" in log  # cold: everything ran
    return root, options


def build(options, **changes):
    log = []
    opts = PackOptions(**{**options.__dict__, **changes})
    folder = build_pack(DATE, opts, log=lambda e: log.append(e.message))
    return folder, "\n".join(log)


def snapshot(folder):
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.name != "manifest.json"}


def test_warm_rebuild_runs_nothing_and_gives_the_same_pack(workspace):
    root, options = workspace
    before = snapshot(root / "out" / "2022-09-30")
    contexts = root / "out" / ".work" / "context"
    aside = contexts.rename(contexts.with_name("context-aside"))
    try:
        folder, log = build(options)
        assert not contexts.exists()  # nothing to run: no context needed
    finally:
        shutil.rmtree(contexts, ignore_errors=True)
        aside.rename(contexts)
    assert "Running" not in log and "Validating" not in log
    assert "Computed the figures" not in log
    assert "Reusing 4 of 4 pages from the cache" in log and "Reusing the PDF" in log
    assert snapshot(folder) == before
    assert json.loads((folder / "manifest.json").read_text())["reporting_date"] == "2022-09-30"


def test_a_changed_notebook_rebuilds_only_its_pages(workspace):
    """The overview has a notebook of its own; every area page is made with the generic one."""
    root, options = workspace
    nb = root / "notebooks" / "overview.ipynb"
    original = nb.read_text()
    try:
        nb.write_text(original.replace("## At a glance", "## At a glance, one by one"))
        folder, log = build(options)
        assert "Running 1 notebooks" in log and "Reusing 3 of 4 pages" in log
        assert "Computed the figures" not in log  # same inputs: the stored context serves
        assert "overview.ipynb (Overview)" in log
        assert "one by one" in (folder / "overview.html").read_text()
        assert "one by one" not in (folder / "priority-1.html").read_text()
        assert "Writing the PDF" in log  # a page changed, so the PDF did
    finally:
        nb.write_text(original)
    area = root / "notebooks" / "priority_area.ipynb"
    original = area.read_text()
    try:
        area.write_text(original.replace("## The measures in detail", "## In detail, one by one"))
        folder, log = build(options)
        assert "Running 3 notebooks" in log and "Reusing 1 of 4 pages" in log
        assert "priority_area.ipynb (Priority 5: Local Offer)" in log
        assert "one by one" in (folder / "priority-5.html").read_text()
        assert "one by one" not in (folder / "overview.html").read_text()
    finally:
        area.write_text(original)


def test_a_changed_input_rebuilds_every_page(workspace):
    root, options = workspace
    obs = root / "data" / "observations.csv"
    original = obs.read_text()
    try:
        obs.write_text(original.replace("A-1,2022-09-30,62.5,25,40", "A-1,2022-09-30,65.0,26,40"))
        folder, log = build(options)
        assert "Validating" in log and "Running 4 notebooks" in log
        assert "Computed the figures for 2022-09-30 once for every page" in log
        assert "65.0%" in (folder / "priority-1.html").read_text()
    finally:
        obs.write_text(original)


def test_no_cache_forces_a_cold_build(workspace):
    _, options = workspace
    for _ in range(2):  # the second time too, although the first stored a context
        _, log = build(options, use_cache=False)
        assert "Running 4 notebooks" in log and "Reusing" not in log
        assert "Computed the figures for 2022-09-30" in log


def test_keys_change_with_parameters_and_notebook():
    env, inputs = "e" * 64, "i" * 64
    nb = ROOT / "notebooks" / "priority_area.ipynb"
    base = cache.page_key(env, inputs, nb, {"reporting_date": "2022-09-30", "priority_id": "1"})
    assert base != cache.page_key(
        env, inputs, nb, {"reporting_date": "2022-12-31", "priority_id": "1"}
    )
    assert base != cache.page_key(
        env, inputs, nb, {"reporting_date": "2022-09-30", "priority_id": "2"}
    )
    assert base != cache.page_key(
        env, "j" * 64, nb, {"reporting_date": "2022-09-30", "priority_id": "1"}
    )
    assert base != cache.page_key(
        env,
        inputs,
        ROOT / "notebooks" / "overview.ipynb",
        {"reporting_date": "2022-09-30", "priority_id": "1"},
    )


def test_library_code_is_part_of_the_key_but_compiled_files_are_not(tmp_path):
    package = tmp_path / "wsoa_analysis"
    shutil.copytree(
        ROOT / "src" / "wsoa_analysis", package, ignore=shutil.ignore_patterns("__pycache__")
    )
    first = cache.environment_digest.__wrapped__(package)
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "rating.cpython-311.pyc").write_bytes(b"compiled")
    assert cache.environment_digest.__wrapped__(package) == first
    rating = package / "domain" / "rating.py"
    rating.write_text(rating.read_text() + "\n# a change\n")
    assert cache.environment_digest.__wrapped__(package) != first


def test_build_all_builds_every_cycle_and_reports_the_one_that_failed(tmp_path):
    from wsoa_analysis.build.pack import build_all, resolve_dates
    from wsoa_analysis.errors import BuildError

    params = tmp_path / "params"
    shutil.copytree(MINI / "params", params)
    (params / "2026-01-31.yaml").write_text("reporting_date: 2026-01-31\ncycle_name: Later\n")
    options = PackOptions(
        data_dir=MINI / "data",
        params_dir=params,
        out_dir=tmp_path / "out",
        notebooks_dir=ROOT / "notebooks",
    )
    todo = resolve_dates(params, every=True)
    assert [d.isoformat() for d, _ in todo] == ["2022-06-30", "2022-09-30", "2026-01-31"]
    with pytest.raises(
        BuildError,
        match="1 of 3 cycles failed:\n2026-01-31: ParameterError: "
        "reporting date 2026-01-31 is after the last date",
    ):
        build_all(todo, options, log=lambda m: None)
    index = (tmp_path / "out" / "index.html").read_text()
    for d in ("2022-06-30", "2022-09-30"):
        assert (tmp_path / "out" / d / "appendix.pdf").exists()
        assert f'href="{d}/overview.html"' in index
    assert not (tmp_path / "out" / "2026-01-31").exists()
    assert index.index("Quarter 2 review") < index.index("Quarter 1 review")  # newest first


def test_changed_commentary_rebuilds_only_the_pages_that_show_it(workspace):
    """Area 1's commentary reworded: its page alone runs again, on the stored context, without
    validating the inputs again; a measure's commentary added: its area's page alone."""
    root, options = workspace
    note = root / "data" / "commentary" / "2022-09-30.md"
    original = note.read_text()
    folder = root / "out" / "2022-09-30"
    before = snapshot(folder)
    try:
        note.write_text(original.replace("steady improvement", "a steadier improvement"))
        folder, log = build(options)
        assert "Running 1 notebooks" in log and "Reusing 3 of 4 pages" in log
        assert "priority_area.ipynb (Priority 1: Plans & assessments)" in log
        assert "Validating" not in log and "Computed the figures" not in log
        after = snapshot(folder)
        assert "a steadier improvement" in after["priority-1.html"].decode()
        for same in ("overview.html", "priority-2.html", "priority-5.html", "data.xlsx"):
            assert after[same] == before[same], same
        note.write_text(original + "\n### B-1: Requests\n\nRequests fell after the new panel.\n")
        folder, log = build(options)  # area 1's words as they were, and a note for B-1
        assert "Running 1 notebooks" in log and "Reusing 3 of 4 pages" in log
        assert "priority_area.ipynb (Priority 2: Early help)" in log
        assert "Requests fell after the new panel" in (folder / "priority-2.html").read_text()
        assert snapshot(folder)["priority-1.html"] == before["priority-1.html"]
    finally:
        note.write_text(original)


def test_bad_commentary_is_refused_when_the_inputs_were_validated_before(workspace):
    from wsoa_analysis.errors import InputError

    root, options = workspace
    note = root / "data" / "commentary" / "2022-09-30.md"
    original = note.read_text()
    before = snapshot(root / "out" / "2022-09-30")
    try:
        note.write_text(original + "\n## Priority 9: Nowhere\n\nNo such area.\n")
        with pytest.raises(InputError, match="names no priority area in the data"):
            build(options)
    finally:
        note.write_text(original)
    assert snapshot(root / "out" / "2022-09-30") == before


def test_kernels_start_while_the_inputs_are_validated_and_only_when_needed(workspace, monkeypatch):
    """A build that will run every notebook starts kernels before it validates; one with
    nothing to run starts none."""
    from wsoa_analysis.build import kernels

    _, options = workspace
    events = []
    real = kernels.KernelPool.start

    def start(self, count):
        if count > 0:
            events.append(f"kernels started: {count}")
        return real(self, count)

    monkeypatch.setattr(kernels.KernelPool, "start", start)
    cold = PackOptions(**{**options.__dict__, "use_cache": False})
    build_pack(DATE, cold, log=lambda e: events.append(e.kind))
    first = next(i for i, e in enumerate(events) if e.startswith("kernels started"))
    assert first < events.index("validating") < events.index("running")
    events.clear()
    build_pack(DATE, options, log=lambda e: events.append(e.kind))
    assert "pages_reused" in events and not any(e.startswith("kernels") for e in events)


def test_the_index_lists_a_cycle_published_since_this_one_was_built(workspace):
    """A rebuild with nothing changed takes the index from the cache only while every
    published pack is as it was."""
    root, options = workspace
    build_pack(dt.date(2022, 6, 30), options, log=lambda e: None)
    build(options)  # 2022-09-30 again, nothing changed
    index = (root / "out" / "index.html").read_text()
    assert 'href="2022-06-30/overview.html"' in index
    assert 'href="2022-09-30/overview.html"' in index


def test_the_index_shows_no_build_times(tmp_path, mini_settings):
    """The index's cache key leaves the manifests' times out: this holds only while the index
    shows none of the pack published now (an earlier version's, shown, never change)."""
    from wsoa_analysis.build.revisions import published
    from wsoa_analysis.render.site import write_index

    folder = tmp_path / "2022-09-30"
    folder.mkdir()
    info = {
        "reporting_date": "2022-09-30",
        "cycle_name": "Quarter 2 review",
        "parameters": {"notebooks": {"overview": {"notebook": "overview.ipynb", "title": "O"}}},
        "outputs": ["overview.html", "appendix.pdf", "data.xlsx"],
        "failed_pages": {},
        "started_utc": "2022-10-01T06:00:00+00:00",
        "finished_utc": "2022-10-01T06:01:00+00:00",
    }
    (folder / "manifest.json").write_text(json.dumps(info))
    first = write_index(tmp_path, mini_settings, published(tmp_path)).read_text()
    info.update(started_utc="2031-12-31T23:00:00+00:00", finished_utc="2031-12-31T23:59:59+00:00")
    (folder / "manifest.json").write_text(json.dumps(info))
    assert write_index(tmp_path, mini_settings, published(tmp_path)).read_text() == first


WARM_SCRIPT = """
import datetime as dt, json, sys
from pathlib import Path
import tiny_notebooks
from wsoa_analysis.build.pack import PackOptions, build_pack

if __name__ == "__main__":
    root = Path(sys.argv[1])
    options = PackOptions(
        data_dir=root / "data",
        params_dir=root / "params",
        out_dir=root / "out",
        notebooks_dir=tiny_notebooks.notebooks(root / "notebooks"),
    )
    events = []
    build_pack(dt.date(2022, 9, 30), options, log=events.append)
    heavy = ("pandas", "matplotlib", "nbformat", "jinja2", "papermill", "wsoa_analysis.render")
    print(json.dumps({
        "kinds": [e.kind for e in events],
        "imported": sorted(m for m in sys.modules if m.split(".")[0] in heavy or m in heavy),
    }))
"""


def test_a_rebuild_with_nothing_changed_imports_no_pandas_and_no_renderer(tmp_path):
    """What keeps a rebuild with nothing to do well under a second: everything it needs comes
    from the cache, so pandas, nbformat and the renderers are never imported. (Built from a
    copy of the package, so that edits to the working tree cannot change the code's digest
    between the two builds.)"""
    import os
    import subprocess
    import sys

    shutil.copytree(
        ROOT / "src" / "wsoa_analysis",
        tmp_path / "code" / "wsoa_analysis",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    shutil.copytree(MINI / "data", tmp_path / "data")
    shutil.copytree(MINI / "params", tmp_path / "params")
    (tmp_path / "build.py").write_text(WARM_SCRIPT)
    path = [str(tmp_path / "code"), str(ROOT / "tests" / "build")]
    runs = []
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, str(tmp_path / "build.py"), str(tmp_path)],
            env={**os.environ, "PYTHONPATH": os.pathsep.join(path)},
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        runs.append(json.loads(done.stdout.splitlines()[-1]))
    cold, warm = runs
    assert "running" in cold["kinds"] and "running" not in warm["kinds"]
    assert warm["imported"] == []


def test_package_versions_are_read_as_importlib_reads_them():
    """Read from the metadata's headers alone (quicker): the same versions."""
    from importlib import metadata

    got = cache.package_versions()
    for name in cache.PACKAGES:
        try:
            expected = metadata.version(name)
        except metadata.PackageNotFoundError:
            expected = "not installed"
        assert got[name] == expected, name


# --- damaged entries ---------------------------------------------------------------------


def test_an_entry_is_checked_before_use_and_a_damaged_one_removed(tmp_path, caplog):
    store = cache.BuildCache(tmp_path)
    store.put("pdf", "k", b"%PDF-1.7 " + b"x" * 5000, ".pdf")
    assert store.get("pdf", "k", ".pdf").startswith(b"%PDF")
    path = tmp_path / ".cache" / "pdf" / "k.pdf"
    path.write_bytes(path.read_bytes()[:1000])  # cut short on disk
    with caplog.at_level("WARNING"):
        assert store.get("pdf", "k", ".pdf") is None
    assert not path.exists()
    assert f"The cache entry {path} is damaged (1000 bytes" in caplog.text
    store.put("pdf", "k", b"same length", ".pdf")
    data = bytearray(path.read_bytes())
    data[-1] ^= 1  # one bit changed, same length
    path.write_bytes(bytes(data))
    assert store.get("pdf", "k", ".pdf") is None


def test_a_damaged_pdf_or_page_in_the_cache_is_rebuilt_never_published(tmp_path):
    import tiny_notebooks

    shutil.copytree(MINI / "data", tmp_path / "data")
    options = PackOptions(
        data_dir=tmp_path / "data",
        params_dir=MINI / "params",
        out_dir=tmp_path / "out",
        notebooks_dir=tiny_notebooks.notebooks(tmp_path / "notebooks"),
    )
    folder = build_pack(DATE, options, log=lambda e: None)
    before = snapshot(folder)
    entries = tmp_path / "out" / ".cache"
    for kind, suffix in (("pack-pdf", ".pdf"), ("pdf", ".pdf"), ("pages", ".fragment")):
        for path in (entries / kind).glob(f"*{suffix}"):
            data = path.read_bytes()
            path.write_bytes(data[: min(1000, len(data) // 2)])  # cut short
    folder, log = build(options)
    assert "Writing the PDF" in log and "Running" in log
    assert snapshot(folder) == before
