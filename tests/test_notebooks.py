"""The committed notebooks: clean for review, thin over the library, stored in the form git's
filter writes, and the exploration notebook kept out of every pack."""

import json
import re
import shlex
import shutil
import subprocess

import pytest
import yaml

from conftest import MINI, ROOT

NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
PACK_NOTEBOOKS = ["overview.ipynb", "priority_area.ipynb"]
EXPLORE = NOTEBOOK_DIR / "explore.ipynb"
NBSTRIPOUT = ROOT / ".venv-lab" / "bin" / "nbstripout"


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


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_opens_on_the_newest_cycle_with_the_projects_kernel(path):
    """`reporting_date = "latest"` (a build passes its own date); the kernel `make lab-env`
    installs. A build runs them with .venv's "python3" whatever they name."""
    nb = json.loads(path.read_text())
    params = next(c for c in nb["cells"] if "parameters" in c["metadata"].get("tags", []))
    assert 'reporting_date = "latest"' in "".join(params["source"])
    assert nb["metadata"]["kernelspec"] == {
        "display_name": "wsoa-workbook (Python)",
        "language": "python",
        "name": "wsoa-workbook",
    }
    makefile = (ROOT / "Makefile").read_text()
    assert '--name wsoa-workbook \\\n\t\t--display-name "wsoa-workbook (Python)"' in makefile


def test_the_pack_notebooks_and_one_to_explore():
    """Deeper analyses are declared in settings, not in copies of the area notebook."""
    assert [p.name for p in NOTEBOOKS] == ["explore.ipynb", *PACK_NOTEBOOKS]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_notebook_names_a_measure(path):
    import csv

    ids = {r["kpi_id"] for r in csv.DictReader((ROOT / "data" / "kpis.csv").open())}
    nb = json.loads(path.read_text())
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert ids
    assert not [i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", code)]


# --- stored in the form git's filter writes -------------------------------------------------


def _filter_args() -> list[str]:
    """The nbstripout arguments `make lab` gives git's filter, checked equal to the
    pre-commit hook's."""
    makefile = (ROOT / "Makefile").read_text()
    args = shlex.split(re.search(r"^NBSTRIPOUT_ARGS := (.*)$", makefile, re.M).group(1))
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    hooks = [h for r in config["repos"] for h in r["hooks"] if h["id"] == "nbstripout"]
    assert [h.get("args") for h in hooks] == [args]
    return args


def test_git_filter_is_relative_and_never_required():
    """An absolute path into .venv-lab, marked required, made `git add` fail once the folder
    moved. The filter runs from the top of the work tree and fails open."""
    assert "*.ipynb filter=nbstripout" in (ROOT / ".gitattributes").read_text().splitlines()
    lab = (ROOT / "Makefile").read_text().split("\nlab: ", 1)[1].split("\n\n", 1)[0]
    clean = re.search(r"git config filter\.nbstripout\.clean \\\n\s*(.*); \\", lab).group(1)
    assert clean.startswith('"$$(git rev-parse --show-prefix)$(LAB_VENV)/bin/python -m nbstripout')
    assert "git config filter.nbstripout.required false" in lab
    assert "--install" not in lab


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_stored_as_the_filter_writes_them(path, tmp_path):
    """So that git sees no change in a notebook that was only opened or run."""
    if not NBSTRIPOUT.exists():
        pytest.skip("no nbstripout in .venv-lab (run `make lab-env`)")
    copy = tmp_path / path.name
    shutil.copy(path, copy)
    subprocess.run([str(NBSTRIPOUT), *_filter_args(), str(copy)], check=True, timeout=60)
    assert copy.read_bytes() == path.read_bytes()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_stored_in_nbformats_own_layout(path):
    """What nbformat (and so nbstripout) writes: sorted keys, one-space indent, a final
    newline; no language_info, which a run in JupyterLab would fill in."""
    nb = json.loads(path.read_text())
    assert path.read_text() == json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    assert "language_info" not in nb["metadata"]


# --- the notebook to explore in ------------------------------------------------------------


def test_no_pack_runs_the_explore_notebook(mini_dataset):
    from wsoa_analysis.build.plan import plan_pages

    pages = plan_pages(mini_dataset, NOTEBOOK_DIR)
    assert {p.notebook.name for p in pages} == set(PACK_NOTEBOOKS)


def test_scratch_is_ignored_by_git():
    if not (ROOT / ".git").exists():
        pytest.skip("not a git work tree")
    done = subprocess.run(
        ["git", "check-ignore", "-q", "notebooks/scratch/try.ipynb"], cwd=ROOT, timeout=30
    )
    assert done.returncode == 0


@pytest.mark.slow
def test_the_explore_notebook_runs_and_shows_frames_and_a_chart(tmp_path):
    """Top to bottom against the fixture data, as papermill runs it: no error, the cycle's
    banner, a section, a frame, a chart as an image."""
    import papermill

    out = tmp_path / "explore.ipynb"
    nb = papermill.execute_notebook(
        str(EXPLORE),
        str(out),
        parameters={"data_dir": str(MINI / "data"), "params_dir": str(MINI / "params")},
        kernel_name="python3",
        cwd=str(NOTEBOOK_DIR),
        progress_bar=False,
    )
    outputs = [o for c in nb["cells"] if c["cell_type"] == "code" for o in c["outputs"]]
    assert not [o for o in outputs if o["output_type"] == "error"]
    kinds = {k for o in outputs for k in o.get("data", {})}
    assert {"text/html", "image/png"} <= kinds, kinds
    html = "".join("".join(o["data"].get("text/html", "")) for o in outputs if "data" in o)
    assert "Board, October 2022" in html  # the meeting of the fixture's newest cycle
    assert 'class="dataframe"' in html and 'class="wsoa-nb"' in html


def test_the_readmes_papermill_lines_name_the_build_kernel():
    """The notebooks name JupyterLab's kernel, which .venv does not have: papermill from
    .venv needs its own, as a build uses."""
    lines = [
        line
        for line in (ROOT / "README.md").read_text().splitlines()
        if re.search(r"\bpapermill\s+(-\S+\s+\S+\s+)*notebooks/", line)
    ]
    assert len(lines) >= 2, lines
    assert all(" -k python3 " in line for line in lines), lines
