"""Nothing executable or identifying reaches a reader: payloads in every text field come out
as inert text, and planted record-level canaries appear in no published file."""

import csv
import datetime as dt
import html
import json
import re
import shutil
from html.parser import HTMLParser

import pytest

from conftest import MINI, ROOT
from wsoa_analysis.build.pack import PackOptions, build_pack
from wsoa_analysis.render.pdf import pdf_text

pytestmark = pytest.mark.slow

#: Text that only mentions a load: an officer quoting a web page, pasted markup. It is shown as
#: typed and loads nothing (the pack used to refuse it, naming a notebook cell).
MENTIONS = [
    "url(https://example.org/x.png)",
    '@import "https://example.org/a.css";',
    '<img src="https://example.org/t.gif">',
]
PAYLOAD = (
    "<script>alert(1)</script><img src=x onerror=alert(2)> "
    '<a href="javascript:alert(3)">x</a> $\\frac{a}{b$ =HYPERLINK("x") ' + " ".join(MENTIONS)
)
CANARY = "ZQXCANARY"

TEXT_FIELDS = {
    "priorities": ["title", "weakness", "aim", "lead_officers"],
    "kpis": ["title", "definition", "baseline_as_written", "target_as_written"],
    "actions": ["description", "leads", "target_date_as_written"],
    "action_updates": ["commentary"],
    "benchmarks": ["area_name", "source"],
}


def _edit(path, fn):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    rows = [rows[0]] + [fn(rows[0], r) for r in rows[1:]]
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    data, params = root / "data", root / "params"
    shutil.copytree(MINI / "data", data)
    shutil.copytree(MINI / "params", params)
    for table, cols in TEXT_FIELDS.items():

        def fn(header, row, cols=cols, table=table):
            for c in cols:
                i = header.index(c)
                if table == "benchmarks" and c == "area_name" and row[1] != "E12000099":
                    continue  # the region's name reaches a chart legend
                row[i] = f"{row[i]} {PAYLOAD}"
            return row

        _edit(data / f"{table}.csv", fn)

    def canary(header, row):
        row[0] = f"{CANARY}{row[0]}"
        return row

    _edit(data / "ehc_requests.csv", canary)
    commentary = data / "commentary" / "2022-09-30.md"
    text = commentary.read_text(encoding="utf-8")
    commentary.write_text(text.replace("Two more audits rated good.", PAYLOAD), encoding="utf-8")
    (params / "2022-09-30.yaml").write_text(
        f"reporting_date: 2022-09-30\ncycle_name: 'Q2 {PAYLOAD}'\nmeeting: 'Board {PAYLOAD}'\n"
    )
    out = root / "out"
    folder = build_pack(
        dt.date(2022, 9, 30),
        PackOptions(
            data_dir=data, params_dir=params, out_dir=out, notebooks_dir=ROOT / "notebooks"
        ),
        log=lambda m: None,
    )
    return out, folder


def _published(out):
    return [p for p in out.rglob("*") if p.is_file() and ".work" not in p.parts]


class _Tags(HTMLParser):
    """Every element and attribute as a browser's parser sees them, and the text of every
    ``<style>`` (the CSS a browser reads)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attrs, self.css = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [(tag, k, v or "") for k, v in attrs]
        self.css += [v or "" for k, v in attrs if k == "style"]

    def handle_data(self, data):
        if self.tags and self.tags[-1] == "style":
            self.css.append(data)


def test_no_script_or_handler_or_javascript_url(hostile):
    out, _ = hostile
    pages = [p for p in _published(out) if p.suffix == ".html"]
    assert len(pages) >= 5
    for page in pages:
        parsed = _Tags()
        parsed.feed(page.read_text(encoding="utf-8"))
        assert "script" not in parsed.tags, page.name
        assert "img" not in parsed.tags, page.name  # the payload's <img> stayed text
        handlers = [(t, k) for t, k, _ in parsed.attrs if k.lower().startswith("on")]
        assert not handlers, (page.name, handlers)
        urls = [v for _, k, v in parsed.attrs if k in ("href", "src", "xlink:href")]
        assert not [u for u in urls if u.strip().lower().startswith("javascript:")], page.name
        assert not [u for u in urls if re.match(r"\s*(https?:)?//", u)], page.name
        assert not {"link", "iframe", "object", "embed", "base"} & set(parsed.tags), page.name
        assert not [c for c in parsed.css if re.search(r"url\(|@import", c)], page.name


def _squashed(text: str) -> str:
    """Text without line breaks, hyphens at them, or spaces (as a PDF's text comes out)."""
    return re.sub(r"[\s\u200b]", "", text.replace("-\n", ""))


def test_text_that_mentions_a_load_is_published_as_typed(hostile):
    """Action descriptions, updates and commentary quoting url(...), @import or an <img> are
    shown as typed on the pages and in the PDF, not refused."""
    _, folder = hostile
    for page in ["overview.html", "priority-1.html"]:
        shown = html.unescape((folder / page).read_text(encoding="utf-8"))
        for typed in MENTIONS:
            assert typed in shown, (page, typed)
    text = _squashed(pdf_text(folder / "appendix.pdf"))
    for typed in MENTIONS:
        assert _squashed(typed) in text, typed


def test_payloads_are_shown_as_text(hostile):
    _, folder = hostile
    html = (folder / "priority-1.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    text = pdf_text(folder / "appendix.pdf")
    assert "<script>alert(1)</script>" in text
    assert "$\\frac{a}{b$" in text


def test_record_level_canaries_are_nowhere(hostile):
    out, folder = hostile
    for path in _published(out):
        if path.suffix == ".pdf":
            assert CANARY not in pdf_text(path), path.name
        elif path.suffix == ".xlsx":
            import openpyxl

            wb = openpyxl.load_workbook(path, read_only=True)
            cells = [str(c) for ws in wb for r in ws.iter_rows(values_only=True) for c in r]
            assert not [c for c in cells if CANARY in c], path.name
            formulas = [c for c in cells if c.startswith("=")]
            assert not formulas, formulas  # "=HYPERLINK(...)" stays text behind a quote
        else:
            assert CANARY not in path.read_text(encoding="utf-8", errors="replace"), path.name
    assert CANARY not in json.dumps(json.loads((folder / "manifest.json").read_text()))


def test_only_pages_pdf_data_ledger_and_manifest_are_published(hostile):
    out, folder = hostile
    assert {p.suffix for p in folder.iterdir()} <= {".html", ".pdf", ".json", ".xlsx", ".csv"}
    assert [p.name for p in folder.glob("*.csv")] == ["figures.csv"]  # the figure ledger
    assert not list(folder.glob("*.ipynb"))


def test_a_notebook_output_that_is_not_a_section_is_refused_and_nothing_is_published(tmp_path):
    """An analyst exploring in the area notebook saved a cell showing the records: the build
    stops, names the notebook and the cell, says where exploring belongs, publishes nothing."""
    import subprocess
    import sys
    from pathlib import Path

    import nbformat

    notebooks = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", notebooks, ignore=shutil.ignore_patterns("scratch"))
    path = notebooks / "priority_area.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(8, nbformat.v4.new_code_cell("ctx.ds.ehc_requests.head()"))
    nbformat.write(nb, path)
    out = tmp_path / "out"
    wsoa = [str(Path(sys.executable).with_name("wsoa")), "pack", "--date", "2022-09-30"]
    done = subprocess.run(
        [*wsoa, "--data", str(MINI / "data"), "--params", str(MINI / "params")]
        + ["--notebooks", str(notebooks), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    said = done.stdout + done.stderr
    assert done.returncode == 1, said
    assert "priority_area.ipynb (priority_id '1'), cell 9 (ctx.ds.ehc_requests.head())" in said
    assert "not a section of the pack" in said and "nothing was published" in said
    assert "notebooks/explore.ipynb" in said and "notebooks/scratch/" in said
    assert "FX00" not in said  # the message names the cell, never shows the records
    published = [p for p in out.rglob("*") if p.is_file() and ".work" not in p.parts]
    assert not [p for p in published if p.parent.name == "2022-09-30"], published
