"""End to end: every notebook run by papermill against the fixture data, then the pages, the
PDF, the manifest and the index checked for what a reader must and must not see."""

import datetime as dt
import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import MINI
from wsoa_analysis.build.pack import PackOptions, build_pack, plan_pages
from wsoa_analysis.errors import BuildError, InputError
from wsoa_analysis.render.pdf import pdf_text

pytestmark = pytest.mark.slow

DATE = dt.date(2022, 9, 30)
NOTEBOOKS = MINI.parents[2] / "notebooks"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("rendered")
    options = PackOptions(
        data_dir=MINI / "data", params_dir=MINI / "params", out_dir=out, notebooks_dir=NOTEBOOKS
    )
    folder = build_pack(DATE, options, log=lambda m: None)
    return out, folder, options


def test_every_page_is_written(built):
    out, folder, _ = built
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "appendix.pdf",
        "data.xlsx",
        "figures.csv",
        "manifest.json",
        "overview.html",
        "priority-1.html",
        "priority-2.html",
        "priority-5.html",
    ]
    assert (out / "index.html").exists()
    assert not any(p.suffix == ".ipynb" for p in folder.iterdir())


def test_pages_use_the_right_notebooks(mini_dataset, tmp_path):
    for name in ("overview.ipynb", "priority_area.ipynb", "own.ipynb"):
        (tmp_path / name).write_text("{}")
    pages = plan_pages(mini_dataset, tmp_path, {"2": "own.ipynb"})
    used = {p.slug: p.notebook.name for p in pages}
    assert used == {
        "overview": "overview.ipynb",
        "priority-1": "priority_area.ipynb",
        "priority-2": "own.ipynb",
        "priority-5": "priority_area.ipynb",
    }
    assert [p.parameters for p in pages] == [{}, *({"priority_id": i} for i in ("1", "2", "5"))]
    with pytest.raises(BuildError, match="notebook.s. not found: .*missing.ipynb"):
        plan_pages(mini_dataset, tmp_path, {"5": "missing.ipynb"})


FORBIDDEN = [
    "<script",
    "sections.",
    "ctx =",
    "import ",
    "reporting_date =",
    "In&nbsp;[",
    "In [",
    "Out[",
    "Traceback",
    "Error",
    "../data",
    "FX0001",
]


@pytest.mark.parametrize("page", ["overview", "priority-1", "priority-2", "priority-5"])
def test_no_code_or_records_in_html(built, page):
    html = (built[1] / f"{page}.html").read_text()
    for bad in FORBIDDEN:
        assert bad not in html, f"{bad!r} found in {page}.html"
    assert len(re.findall(r"<h1[ >]", html)) == 1
    assert not re.search(r"""(src|href)=["']https?://""", html)


def test_every_measure_in_its_area_with_a_rating(built, mini_dataset):
    labels = [
        "Target met",
        "On track",
        "Slightly behind",
        "Off track",
        "No target set",
        "No data yet",
    ]
    for _, k in mini_dataset.kpis.iterrows():
        html = (built[1] / f"priority-{k['priority_id']}.html").read_text()
        assert k["title"] in html
        section = html[html.index(k["title"]) :]
        assert any(label in section[:4000] for label in labels), k["title"]


def test_area_page_content(built):
    html = (built[1] / "priority-1.html").read_text()
    assert "Plans &amp; assessments" in html  # escaped title from data
    assert "Timeliness of new EHC plans" in html  # the area's own notebook
    assert "England: 59.9%" in html  # latest published by 30 Sep 2022: calendar 2021
    assert 'role="img"' in html and "aria-label=" in html
    html2 = (built[1] / "priority-2.html").read_text()
    assert "Supplier delay" in html2
    overdue = '<span class="pill overdue">Overdue</span>'
    assert overdue in html and overdue not in html2  # 1.1.1 is past March 2022
    html5 = (built[1] / "priority-5.html").read_text()
    assert "No target set" in html5
    assert "Timeliness of new EHC plans" not in html5  # generic notebook


def test_overview_content(built):
    html = (built[1] / "overview.html").read_text()
    for text in (
        "At a glance",
        "Measures by rating",
        "Overdue actions",
        "What changed since the previous cycle",
        "Quarter 2 review",
        "30 September 2022",
        "Agree a quality framework",
    ):
        assert text in html, text
    assert "moved from Amber to Blue" not in html  # 2.1.1 went Yellow(Amber) -> Blue
    assert "became Blue (was Amber)" in html


def test_pdf(built):
    text = pdf_text(built[1] / "appendix.pdf")
    assert "Page 1 of" in text
    assert "Performance pack" in text and "Quarter 2 review" in text
    for title in ("Plans & assessments", "Early help", "Local Offer"):
        assert title in text
    assert "Contents" in text
    assert "FX0001" not in text


def test_manifest(built):
    _, folder, options = built
    m = json.loads((folder / "manifest.json").read_text())
    assert m["reporting_date"] == "2022-09-30"
    expected = hashlib.sha256((options.data_dir / "kpis.csv").read_bytes()).hexdigest()
    assert m["inputs_sha256"]["data"]["kpis.csv"] == expected  # relative to the data folder
    assert m["versions"]["pandas"] and m["versions"]["papermill"]
    assert m["parameters"]["notebooks"]["priority-5"]["notebook"] == "priority_area.ipynb"
    assert m["started_utc"] <= m["finished_utc"]
    assert "FX0001" not in json.dumps(m)


def test_index_lists_the_cycle(built):
    html = (built[0] / "index.html").read_text()
    assert "Quarter 2 review" in html
    assert 'href="2022-09-30/overview.html"' in html
    assert 'href="2022-09-30/appendix.pdf"' in html


def broken_notebooks(tmp_path):
    """A copy of the notebooks whose generic area notebook raises in its last cell, for
    priority area 5 only (the other areas use the same notebook)."""
    nbs = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS, nbs)
    broken = (
        (nbs / "priority_area.ipynb")
        .read_text()
        .replace(
            "sections.data_notes(ctx, priority_id)",
            '(1 / 0) if priority_id == \\"5\\" else sections.data_notes(ctx, priority_id)',
        )
    )
    (nbs / "priority_area.ipynb").write_text(broken)
    return nbs


def test_failed_notebook_names_cell_and_keeps_published_pack(built, tmp_path):
    out, folder, options = built
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    nbs = broken_notebooks(tmp_path)
    bad = PackOptions(
        data_dir=options.data_dir, params_dir=options.params_dir, out_dir=out, notebooks_dir=nbs
    )
    with pytest.raises(
        BuildError,
        match=r"priority_area.ipynb \(Priority 5: Local Offer\) "
        r"failed in cell \d+: ZeroDivisionError",
    ):
        build_pack(DATE, bad, log=lambda m: None)
    after = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert after == before
    assert not list(out.glob(".staging-*"))


def test_bad_input_stops_before_anything_runs(tmp_path, mini_data):
    (mini_data / "kpis.csv").write_text("kpi_id\n")
    out = tmp_path / "out"
    options = PackOptions(
        data_dir=mini_data, params_dir=MINI / "params", out_dir=out, notebooks_dir=NOTEBOOKS
    )
    with pytest.raises(InputError):
        build_pack(DATE, options, log=lambda m: None)
    assert not (out / "2022-09-30").exists()


@pytest.mark.parametrize("where", ["root", "notebooks"])
def test_plain_papermill_with_defaults(tmp_path, where):
    """`papermill notebooks/X.ipynb out.ipynb -p reporting_date ...` from the project root,
    and the notebook's defaults from notebooks/ (as JupyterLab runs it)."""
    import subprocess
    import sys

    root = NOTEBOOKS.parent
    papermill = Path(sys.executable).with_name("papermill")
    nb = "notebooks/overview.ipynb" if where == "root" else "overview.ipynb"
    cwd = root if where == "root" else NOTEBOOKS
    done = subprocess.run(
        [
            str(papermill),
            nb,
            str(tmp_path / "out.ipynb"),
            "-p",
            "reporting_date",
            "2022-08-31",
            "--no-progress-bar",
        ],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    out = (tmp_path / "out.ipynb").read_text()
    assert "At a glance" in out and "Traceback" not in out


def test_keep_going_publishes_the_rest_with_a_banner(tmp_path):
    from wsoa_analysis.errors import PackFailedPages

    nbs = broken_notebooks(tmp_path)
    out = tmp_path / "out"
    options = PackOptions(
        data_dir=MINI / "data",
        params_dir=MINI / "params",
        out_dir=out,
        notebooks_dir=nbs,
        keep_going=True,
    )
    events = []
    with pytest.raises(PackFailedPages) as info:
        build_pack(DATE, options, log=events.append)
    assert set(info.value.failures) == {"priority-5"}
    (failed_event,) = [e for e in events if e.kind == "page_failed"]
    assert failed_event.slug == "priority-5" and failed_event.notebook == "priority_area.ipynb"
    assert (failed_event.error_name, failed_event.error_value) == (
        "ZeroDivisionError",
        "division by zero",
    )
    assert f"failed in cell {failed_event.cell}: ZeroDivisionError" in failed_event.detail
    assert [e.kind for e in events].count("page_finished") == 3
    folder = out / "2022-09-30"
    failed = (folder / "priority-5.html").read_text()
    assert "could not be built" in failed and "ZeroDivisionError" not in failed  # reviewers
    assert (
        "could not be built"
        not in (folder / "priority-1.html").read_text().split("<main")[1].split("</main>")[0]
    )
    assert "Priority 5: Local Offer (not built)" in (folder / "overview.html").read_text()
    assert "Incomplete: 1 page(s) could not be built" in (out / "index.html").read_text()
    assert "(not built)" in pdf_text(folder / "appendix.pdf")
    assert json.loads((folder / "manifest.json").read_text())["failed_pages"]


def test_same_inputs_give_identical_pages_and_pdf(built, tmp_path):
    """Reproducible: a second build of the same inputs gives byte-identical HTML and PDF;
    only the manifest (times) differs."""
    _, first, options = built
    again = PackOptions(
        data_dir=options.data_dir,
        params_dir=options.params_dir,
        out_dir=tmp_path / "again",
        notebooks_dir=options.notebooks_dir,
    )
    second = build_pack(DATE, again, log=lambda m: None)
    for page in sorted(first.glob("*.html")) + [first / "appendix.pdf"]:
        assert page.read_bytes() == (second / page.name).read_bytes(), page.name


def test_data_workbook_matches_the_pages(built):
    import openpyxl

    wb = openpyxl.load_workbook(built[1] / "data.xlsx", read_only=True)
    assert {"Scorecard", "Values", "Actions", "Published comparators"} <= set(wb.sheetnames)
    rows = list(wb["Scorecard"].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    a1 = dict(zip(header, next(r for r in body if r[0] == "A-1"), strict=True))
    assert a1["Latest value"] == 62.5 and a1["Latest period"] == "Q2 2022/23"
    b1 = dict(zip(header, next(r for r in body if r[0] == "B-1"), strict=True))
    assert b1["Latest value"] is None and b1["Withheld"] == "c"  # small numbers stay withheld
    text = " ".join(str(c) for ws in wb for r in ws.iter_rows(values_only=True) for c in r)
    assert "FX0001" not in text


@pytest.mark.parametrize("page", ["overview", "priority-1", "priority-2", "priority-5"])
def test_every_chart_has_alt_text_and_its_data_as_a_table(built, page):
    html = (built[1] / f"{page}.html").read_text()
    figures = re.findall(r'<figure class="chart" role="img" aria-label="([^"]*)"', html)
    assert all(len(alt) > 20 for alt in figures)
    assert html.count('class="chart-data"') == len(figures)
