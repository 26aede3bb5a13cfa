"""The analyst's path in JupyterLab, driven in a real browser: open the area notebook, run all
cells, then in a new cell take a section's frame and filter it; and the sections look as on
the pack's pages, though Lab has no pack stylesheet (tiles, pills, text left and figures right).

JupyterLab runs from `.venv-lab` (`make lab-env` sets it up, as `make lab` would, without
starting it) on a free port of 127.0.0.1 with a token of the test's own, over a copy of
`notebooks/`, `data/` and `params/` in a temporary folder (the notebooks find `data/` and
`params/` by walking up from their folder). Its settings, workspaces and runtime files go to
that folder too, so nothing of the machine's own Jupyter set-up is read or changed. Chromium is
the system's (Debian's `chromium`), driven by Playwright as in tests/test_browser.py; nothing
downloads a browser. The test skips when `.venv-lab` or Chromium is missing.

    WSOA_SCREENSHOT_DIR=shots   where the screenshots go (default: tmp_path): Lab at the end of
                                each test (lab-end-<test>.png), and each kind of section as
                                Lab shows it (lab-<notebook>-<n>.png)
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import browser as web
import psutil
import pytest

from conftest import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.browser]

LAB_VENV = ROOT / ".venv-lab"
LAB_BIN = LAB_VENV / "bin"
NOTEBOOK = "priority_area.ipynb"
KERNEL = ("wsoa-workbook", "wsoa-workbook (Python)")  # `make lab-env` installs it

# What an analyst types into the new cell: a section's frame, filtered.
NEW_CELL = (
    "card = sections.area_scorecard(ctx, priority_id).frame\n"
    'rated = card[card["rating"] != "no_target"][["kpi_id", "rating"]]\n'
    "rated"
)

STARTUP_TIMEOUT = 120  # s, for the server to answer and for Lab to draw the notebook
ACTION_TIMEOUT = 30  # s, for a click or a keystroke to find its target
RUN_TIMEOUT = 600  # s, for every cell of the notebook (2 shared cores: allow for a slow day)

# Lab's own user settings for the run: no news or update checks (they would reach the internet
# and put a notification over the notebook).
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}

# Every code cell's prompt, whether it ran ("[3]:"), runs ("[*]:") or waits ("[ ]:").
_PROMPTS_JS = """() => [...document.querySelectorAll(
    '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-CodeCell .jp-InputArea-prompt'
  )].map(p => p.textContent.trim())"""


# --- JupyterLab, started and stopped -------------------------------------------------------


@dataclass
class Lab:
    process: subprocess.Popen
    url: str  # ends with /
    token: str
    root: Path  # the folder Lab shows (the copy of notebooks/)
    log: Path

    def api(self, path: str, method: str = "GET", timeout: float = 10):
        request = urllib.request.Request(
            self.url + "api/" + path,
            method=method,
            headers={"Authorization": f"token {self.token}"},
            data=b"" if method == "POST" else None,
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body else None

    def log_tail(self, lines: int = 40) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _lab_env(home: Path) -> dict[str, str]:
    """The environment Lab runs in: .venv-lab first on PATH, and Jupyter's config, data,
    runtime, settings and workspace folders all under `home`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "PYTHON"))}
    env.pop("VIRTUAL_ENV", None)
    env["PATH"] = f"{LAB_BIN}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(LAB_VENV)
    folders = {
        "JUPYTER_CONFIG_DIR": home / "config",
        "JUPYTER_DATA_DIR": home / "data",
        "JUPYTER_RUNTIME_DIR": home / "runtime",
        "JUPYTERLAB_SETTINGS_DIR": home / "settings",
        "JUPYTERLAB_WORKSPACES_DIR": home / "workspaces",
        "IPYTHONDIR": home / "ipython",
    }
    for name, folder in folders.items():
        folder.mkdir(parents=True, exist_ok=True)
        env[name] = str(folder)
    for name, values in LAB_SETTINGS.items():
        target = folders["JUPYTERLAB_SETTINGS_DIR"] / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values))
    return env


def start_lab(project: Path, home: Path) -> Lab:
    token = secrets.token_hex(24)
    log = home / "lab.log"
    env = _lab_env(home)
    root = project / "notebooks"
    command = [
        str(LAB_BIN / "jupyter"),
        "lab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={_free_port()}",
        "--ServerApp.port_retries=50",  # another run may take the port first: Lab moves on
        f"--ServerApp.root_dir={root}",
        f"--IdentityProvider.token={token}",
        "--ServerApp.terminals_enabled=False",
        "--LabApp.extension_manager=readonly",  # no extension look-ups on PyPI
    ]
    if os.geteuid() == 0:  # CI containers run as root, which Jupyter refuses unless told
        command.append("--allow-root")
    with log.open("wb") as out:
        process = subprocess.Popen(
            command,
            cwd=root,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, killed as one in stop_lab
        )
    lab = Lab(process, "", token, root, log)
    # The server writes its URL (with the port it took) to the runtime folder once it listens.
    info_file = Path(env["JUPYTER_RUNTIME_DIR"]) / f"jpserver-{process.pid}.json"
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"jupyter lab exited with {process.returncode}:\n{lab.log_tail()}")
        if info_file.exists():
            try:
                lab.url = json.loads(info_file.read_text())["url"].rstrip("/") + "/"
                lab.api("status", timeout=5)
                return lab
            except (ValueError, KeyError, OSError):
                pass  # half written, or not answering yet
        time.sleep(0.3)
    stop_lab(lab)
    raise RuntimeError(f"jupyter lab did not start in {STARTUP_TIMEOUT} s:\n{lab.log_tail()}")


def stop_lab(lab: Lab) -> None:
    """Shut the server and its kernels down: politely through the API, then by killing its
    process group and any kernel still running (kernels run in sessions of their own)."""
    try:
        family = psutil.Process(lab.process.pid).children(recursive=True)
    except psutil.Error:
        family = []
    if lab.process.poll() is None and lab.url:
        try:
            lab.api("shutdown", method="POST", timeout=5)
            lab.process.wait(timeout=15)
        except (OSError, subprocess.TimeoutExpired):
            pass
    for sig, wait in ((signal.SIGTERM, 5), (signal.SIGKILL, 5)):
        if lab.process.poll() is None:
            try:
                os.killpg(lab.process.pid, sig)
            except ProcessLookupError:
                break
            try:
                lab.process.wait(timeout=wait)
            except subprocess.TimeoutExpired:
                pass
    for child in family:
        try:
            child.kill()
        except psutil.Error:
            pass
    psutil.wait_procs(family, timeout=5)


def _screenshot_dir(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("WSOA_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# --- fixtures ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def chromium() -> str:
    found = web.find_chromium()
    if found is None:
        pytest.skip("no Chromium found (apt-get install chromium, or set WSOA_CHROMIUM)")
    return found


@pytest.fixture(scope="module")
def lab_venv() -> Path:
    if not (LAB_BIN / "jupyter-lab").exists():
        pytest.skip(f"no JupyterLab environment in {LAB_VENV} (run `make lab-env`)")
    return LAB_VENV


@pytest.fixture
def project(tmp_path) -> Path:
    """notebooks/, data/ and params/ copied into a folder of their own, in the same layout."""
    dest = tmp_path / "project"
    ignore = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    for name in ("notebooks", "data", "params"):
        shutil.copytree(ROOT / name, dest / name, ignore=ignore)
    return dest


@pytest.fixture
def lab(lab_venv, project, tmp_path) -> Iterator[Lab]:
    running = start_lab(project, tmp_path / "jupyter")
    try:
        yield running
    finally:
        stop_lab(running)


@pytest.fixture
def lab_page(chromium, lab, tmp_path, request):
    with web.launch(chromium) as browser:
        context = web.new_context(browser, lab.url, viewport={"width": 1400, "height": 1000})
        try:
            opened = context.new_page()
            opened.set_default_timeout(ACTION_TIMEOUT * 1000)
            yield opened
            # What Lab showed at the end, pass or fail, for a person to look at.
            shot = _screenshot_dir(tmp_path) / f"lab-end-{request.node.name}.png"
            opened.screenshot(path=str(shot))
        finally:
            context.close()


# --- what the analyst does ---------------------------------------------------------------------


def _wait_for(page, condition, timeout: float, what: str, why=lambda: "") -> None:
    """Poll `condition` until true. Waits through the page, not time.sleep: the requests Lab
    makes (a save, say) pass through the context's route guard, a Python callback that runs
    only while Playwright has control."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        page.wait_for_timeout(250)
    raise AssertionError(f"{what} not within {timeout} s. {why()}")


def _kernel_idle(page, lab: Lab, notebook: str = NOTEBOOK) -> bool:
    """The notebook has a kernel (not "No Kernel"), and both Lab's toolbar and the server
    say it is idle. (Before a kernel is attached, the toolbar's indicator already says idle.)"""
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    indicator = panel.locator(".jp-Notebook-ExecutionIndicator")
    name = panel.locator(".jp-Toolbar-kernelName")
    if not indicator.count() or indicator.first.get_attribute("data-status") != "idle":
        return False
    if not name.count() or name.first.inner_text().strip() in ("", "No Kernel"):
        return False
    sessions = [s for s in lab.api("sessions") if s["path"].endswith(notebook)]
    return len(sessions) == 1 and sessions[0]["kernel"]["execution_state"] == "idle"


def _all_ran(page) -> bool:
    prompts = page.evaluate(_PROMPTS_JS)
    return bool(prompts) and all(re.fullmatch(r"\[\d+\]:", p) for p in prompts)


def _menu(page, menu: str, item: str) -> None:
    """Choose `item` from the menu bar's `menu`, as an analyst would (e.g. Run > Run All
    Cells). Matched on the labels shown, so a renamed command is caught too."""
    label = page.locator(".lm-MenuBar-itemLabel").filter(has_text=re.compile(f"^{menu}$"))
    page.locator(".lm-MenuBar-item").filter(has=label).click()
    entry = page.locator(".lm-Menu-itemLabel").filter(has_text=re.compile(f"^{item}$"))
    page.locator(".lm-Menu-item").filter(has=entry).click()


def _stderr_texts(cell) -> list[str]:
    outputs = cell.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
    return [outputs.nth(i).inner_text() for i in range(outputs.count())]


def _saved_outputs(path: Path) -> tuple[list, list[str], list[str]]:
    """From the notebook saved by Lab: each code cell's execution count, the errors and the
    text written to stderr (warnings)."""
    nb = json.loads(path.read_text())
    counts, errors, stderr = [], [], []
    for n, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        counts.append(cell.get("execution_count"))
        for out in cell.get("outputs", []):
            if out["output_type"] == "error":
                errors.append(f"cell {n}: {out['ename']}: {out['evalue']}")
            elif out["output_type"] == "stream" and out["name"] == "stderr":
                stderr.append(f"cell {n}: {''.join(out['text']).strip()}")
    return counts, errors, stderr


def _saved_run(path: Path) -> bool:
    """Lab has saved the notebook with every code cell run (and finished writing it)."""
    try:
        counts = _saved_outputs(path)[0]
    except (ValueError, KeyError, OSError):
        return False
    return bool(counts) and all(c is not None for c in counts)


def _kernel_pythons(lab: Lab) -> list[str]:
    """The Python each running kernel of the server was started with."""
    found = []
    for child in psutil.Process(lab.process.pid).children(recursive=True):
        try:
            command = child.cmdline()
        except psutil.Error:
            continue
        if "ipykernel_launcher" in command:
            found.append(command[0])
    return found


def _expected_kpis(project: Path) -> tuple[list[str], list[str]]:
    """The measures of area 1 with and without a target, from the library itself (in this
    process), for the notebook's own default parameters."""
    from wsoa_analysis.config.settings import reporting_date_or_newest
    from wsoa_analysis.context import load_context

    nb = json.loads((project / "notebooks" / NOTEBOOK).read_text())
    source = next(
        "".join(c["source"])
        for c in nb["cells"]
        if "parameters" in c.get("metadata", {}).get("tags", [])
    )
    params = dict(re.findall(r'^(\w+) = "([^"]*)"', source, re.M))
    date = reporting_date_or_newest(params["reporting_date"], project / params["params_dir"])
    ctx = load_context(date, project / params["data_dir"], project / params["params_dir"])
    card = ctx.card[ctx.card["priority_id"] == params["priority_id"]]
    rated = card["rating"] != "no_target"
    return list(card.loc[rated, "kpi_id"]), list(card.loc[~rated, "kpi_id"])


def _open(page, lab: Lab, notebook: str):
    """Open `notebook` in Lab and wait for its kernel: the project's, run by .venv-lab's
    Python, chosen without asking."""
    page.goto(f"{lab.url}lab/tree/{notebook}?token={lab.token}", wait_until="load")
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    panel.locator(".jp-Notebook .jp-Cell").first.wait_for(
        state="visible", timeout=STARTUP_TIMEOUT * 1000
    )
    _wait_for(
        page,
        lambda: _kernel_idle(page, lab, notebook),
        STARTUP_TIMEOUT,
        "the kernel idle after opening",
    )
    assert page.locator(".jp-Dialog").count() == 0, page.locator(".jp-Dialog").inner_text()
    kernel_name = panel.locator(".jp-Toolbar-kernelName").inner_text().strip()
    sessions = [s for s in lab.api("sessions") if s["path"].endswith(notebook)]
    assert len(sessions) == 1, sessions
    kernel = sessions[0]["kernel"]["name"]
    spec = lab.api("kernelspecs")["kernelspecs"][kernel]
    assert kernel_name == spec["spec"]["display_name"], (kernel_name, spec)
    assert (kernel, kernel_name) == KERNEL
    pythons = _kernel_pythons(lab)
    assert pythons == [str(LAB_BIN / "python")], f"kernel not run by .venv-lab: {pythons}"
    print(f"kernel: {kernel!r} shown as {kernel_name!r}, run by {pythons[0]}")
    return panel


def _run_all_and_save(page, lab: Lab, panel, project: Path, notebook: str) -> Path:
    """Run > Run All Cells, then File > Save Notebook: every code cell gets an execution
    count; nothing fails, and nothing is written to stderr (a warning shows as a red block)."""
    _menu(page, "Run", "Run All Cells")
    _wait_for(
        page,
        lambda: _all_ran(page) and _kernel_idle(page, lab, notebook),
        RUN_TIMEOUT,
        "every code cell run and the kernel idle",
        lambda: f"Prompts: {page.evaluate(_PROMPTS_JS)}",
    )
    errors = panel.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    shown = [errors.nth(i).inner_text()[:2000] for i in range(errors.count())]

    _menu(page, "File", "Save Notebook")  # to tell errors from warnings in the file
    saved = project / "notebooks" / notebook
    _wait_for(page, lambda: _saved_run(saved), 30, "the run notebook saved")
    counts, failed, warnings = _saved_outputs(saved)
    assert len(counts) == len(page.evaluate(_PROMPTS_JS)), counts
    assert not failed, "cells failed:\n" + "\n".join(failed)
    for line in warnings:
        print(f"stderr output after Run All Cells: {line[:500]}")
    assert not shown, "stderr shown in the notebook:\n" + "\n---\n".join(shown)
    return saved


def _as_git_stores_it(saved: Path) -> bytes:
    """The notebook through the filter `make lab` gives git (nbstripout, NBSTRIPOUT_ARGS)."""
    makefile = (ROOT / "Makefile").read_text()
    args = shlex.split(re.search(r"^NBSTRIPOUT_ARGS := (.*)$", makefile, re.M).group(1))
    done = subprocess.run(
        [str(LAB_BIN / "python"), "-m", "nbstripout", *args],
        input=saved.read_bytes(),
        capture_output=True,
        check=True,
        timeout=60,
    )
    return done.stdout


# --- how sections look in Lab ------------------------------------------------------------------

# Computed styles of what sections show, read in the page. Lab's own rules would right-align
# every table cell, float a definition list's terms and show tiles as one line of text.
_LOOK_JS = """() => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  const all = (sel) => [...panel.querySelectorAll('.wsoa-nb ' + sel)];
  const css = (el) => getComputedStyle(el);
  return {
    numbers: all('table.data td.num').map(e => css(e).textAlign),
    texts: all('table.data td:not(.num), table.data tbody th').map(e => css(e).textAlign),
    pills: all('.pill:is(.rating, .brag)').map(e => [
      [...e.classList].find(c => /^(rating|brag)-/.test(c)),
      css(e).backgroundColor, css(e).display, css(e).borderTopLeftRadius]),
    terms: all('dl dt').map(e => css(e).float),
    grids: all('.kpi-grid').map(e => css(e).display),
    tiles: all('.card').map(e => {
      const [big, label] = [e.querySelector('.big'), e.querySelector('.big + span')];
      return [big.getBoundingClientRect().bottom, label.getBoundingClientRect().top,
              css(big).display];
    }),
  };
}"""

# What each kind of section is shown by, for a screenshot of its output.
_SHOTS = [
    ".kpi-grid",
    "table.compact",
    "table.stack",
    "dl.intro",
    "table.scorecard",
    "section.measure",
    "table.tracker",
]


def _pack_colours() -> dict[str, str]:
    """The background of each rating and status pill in pack.css, as a browser reports it."""
    css = (ROOT / "src/wsoa_analysis/render/static/pack.css").read_text()
    root = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", css))

    def rgb(name: str) -> str:
        h = root[name].lstrip("#")
        return "rgb({}, {}, {})".format(*(int(h[i : i + 2], 16) for i in (0, 2, 4)))

    white = "rgb(255, 255, 255)"
    return {
        "rating-met": rgb("blue"),
        "brag-blue": rgb("blue"),
        "rating-green": rgb("green"),
        "brag-green": rgb("green"),
        "rating-amber": rgb("amber"),
        "brag-amber": rgb("amber"),
        "rating-red": rgb("red"),
        "brag-red": rgb("red"),
        "brag-grey": rgb("grey"),
        "rating-no_target": white,
        "rating-no_data": white,
        "brag-none": white,
    }


def _check_look(page, panel, name: str, tmp_path: Path) -> dict:
    """Sections look as on the pack's pages; a screenshot of each kind of section."""
    look = page.evaluate(_LOOK_JS)
    assert look["numbers"] and set(look["numbers"]) == {"right"}, look["numbers"]
    assert look["texts"] and set(look["texts"]) == {"left"}, look["texts"]
    assert look["pills"], "no rating or status pills"
    colours = _pack_colours()
    for cls, background, display, radius in look["pills"]:
        assert (background, display) == (colours[cls], "inline-block"), (cls, background)
        assert radius != "0px", cls
    assert set(look["terms"]) <= {"none"}, look["terms"]
    assert set(look["grids"]) <= {"grid"}, look["grids"]
    for bottom, top, display in look["tiles"]:  # the figure above its words, not "4Priority"
        assert display == "block" and bottom <= top + 1, (bottom, top, display)
    folder = _screenshot_dir(tmp_path)
    for n, selector in enumerate(_SHOTS, start=1):
        output = panel.locator(".jp-OutputArea-output", has=page.locator(selector))
        if output.count():
            # the output at the top of the notebook's view, with Lab around it as a user sees it
            output.first.evaluate("e => e.scrollIntoView({block: 'start'})")
            page.wait_for_timeout(300)
            path = folder / f"lab-{name}-{n}.png"
            page.screenshot(path=str(path))
            print(f"screenshot of {selector}: {path}")
    return look


def test_run_the_area_notebook_then_filter_a_section_frame(lab, lab_page, project, tmp_path):
    page = lab_page
    timings = {}
    started = time.monotonic()
    panel = _open(page, lab, NOTEBOOK)
    timings["open"] = time.monotonic() - started

    cells = panel.locator(".jp-Notebook .jp-Cell")
    before = cells.count()
    started = time.monotonic()
    saved = _run_all_and_save(page, lab, panel, project, NOTEBOOK)
    timings["run all"] = time.monotonic() - started

    # Run and saved, it is what git already holds: git sees no change.
    assert _as_git_stores_it(saved) == (ROOT / "notebooks" / NOTEBOOK).read_bytes()

    look = _check_look(page, panel, "priority_area", tmp_path)
    assert look["terms"] and not look["grids"], look

    # A new cell at the end: a section's frame, filtered, as an analyst would type it.
    started = time.monotonic()
    cells.last.locator(".jp-InputPrompt").click()  # select the last cell (command mode)
    page.keyboard.press("Escape")
    page.keyboard.press("b")  # insert a cell below
    _wait_for(page, lambda: cells.count() == before + 1, 30, "a new cell below the last")
    new = cells.nth(before)  # by position: Shift+Enter on it adds another empty cell below
    new.locator(".cm-content").click()
    page.keyboard.insert_text(NEW_CELL)
    typed = new.locator(".cm-content").inner_text()
    assert typed.split() == NEW_CELL.split(), typed
    page.keyboard.press("Shift+Enter")
    _wait_for(
        page,
        lambda: (
            re.fullmatch(r"\[\d+\]:", new.locator(".jp-InputArea-prompt").inner_text().strip())
            is not None
            and _kernel_idle(page, lab)
        ),
        120,
        "the new cell run",
    )
    timings["new cell"] = time.monotonic() - started
    assert not _stderr_texts(new), _stderr_texts(new)
    text = new.locator(".jp-OutputArea").inner_text()
    table = new.locator(".jp-OutputArea-output table.dataframe")
    assert table.count() == 1, f"no table in the new cell's output: {text[:1000]}"
    header = [h.strip() for h in table.locator("thead th").all_inner_texts()]
    assert "kpi_id" in header and "rating" in header, header
    rated, unrated = _expected_kpis(project)
    assert rated and unrated, "the example area should have measures with and without targets"
    shown_ids = [c.strip() for c in table.locator("tbody td").all_inner_texts()]
    assert [i for i in shown_ids if i in rated + unrated] == rated, (shown_ids, rated)
    assert "no_target" not in text

    print(f"timings (s): {', '.join(f'{k} {v:.1f}' for k, v in timings.items())}")
    print(f"screenshots in {_screenshot_dir(tmp_path)}")


def test_the_overview_looks_as_on_its_page(lab, lab_page, project, tmp_path):
    """The overview run in Lab: tiles side by side with the figure above its words, pills in
    their colours, text to the left and figures to the right; git sees no change."""
    page = lab_page
    panel = _open(page, lab, "overview.ipynb")
    saved = _run_all_and_save(page, lab, panel, project, "overview.ipynb")
    assert _as_git_stores_it(saved) == (ROOT / "notebooks" / "overview.ipynb").read_bytes()
    look = _check_look(page, panel, "overview", tmp_path)
    assert look["grids"] == ["grid"] and len(look["tiles"]) >= 4, look


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-s", *sys.argv[1:]]))
