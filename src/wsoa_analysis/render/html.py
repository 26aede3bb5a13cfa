"""Executed notebooks as HTML for readers: the visible content of a notebook, and whole pages.

The notebook is walked here rather than passed to nbconvert's ``HTMLExporter``: what a reader
sees is decided in one short function (:func:`notebook_body`), nothing from nbconvert's stock
templates (require.js, MathJax, mermaid from a CDN) can leak in, and the import is a tenth of
the cost. Markdown is rendered by mistune, which nbconvert itself uses, with raw HTML escaped.

Pages are standalone: the stylesheet is inlined, there is no script, and nothing is loaded from
outside the file. The same inputs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import jinja2
import nbformat

from wsoa_analysis.errors import BuildError
from wsoa_analysis.inputs.schema import EHC_REQUESTS
from wsoa_analysis.present.format import long_date
from wsoa_analysis.present.markdown import markdown_to_html
from wsoa_analysis.present.sections.section import page_markup
from wsoa_analysis.render.notebook_cells import first_line, numbered_cells
from wsoa_analysis.render.self_contained import check_self_contained

#: Cells with any of these tags are left out entirely. ``papermill-error-cell-tag`` marks the
#: red "An Exception was encountered" banner papermill inserts into a failed notebook.
DROP_TAGS = frozenset({"parameters", "injected-parameters", "remove", "papermill-error-cell-tag"})


# Boilerplate of a standalone SVG file that means nothing once the SVG sits inside HTML.
_SVG_PROLOGUE = re.compile(r"<\?xml[^>]*\?>|<!DOCTYPE[^>]*>|<!--.*?-->", re.DOTALL)
_SVG_XMLNS = re.compile(r"""\s+xmlns(?::\w+)?=["']http://www\.w3\.org/[^"']*["']""")
_CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


# --- notebook outputs ---------------------------------------------------------------------


def _text(data) -> str:
    return "".join(data) if isinstance(data, list) else str(data)


def _clean_svg(markup: str) -> str:
    """An SVG document as inline SVG: no XML declaration, DOCTYPE (which names a URL),
    comments or namespace declarations (the HTML parser supplies the namespaces)."""
    return _SVG_XMLNS.sub("", _SVG_PROLOGUE.sub("", markup)).strip()


def _table_label(markup: str) -> str:
    found = _CAPTION.search(markup)
    if not found:
        return "Table"
    text = " ".join(html.unescape(_TAG.sub(" ", found.group(1))).split())
    return text or "Table"


def _wrap(markup: str) -> str:
    if re.search(r"<table\b", markup, re.IGNORECASE):
        # A focusable, labelled region so keyboard users can scroll a wide table on a phone.
        label = html.escape(_table_label(markup), quote=True)
        return (
            f'<div class="output table-wrap" role="region" aria-label="{label}" '
            f'tabindex="0">\n{markup}\n</div>\n'
        )
    return f'<div class="output">\n{markup}\n</div>\n'


#: Where exploring belongs: a build never runs these, so nothing shown there is published.
EXPLORE_HERE = "notebooks/explore.ipynb, or a notebook of your own in notebooks/scratch/"

# The record-level requests' own column names, as a frame's table heads its columns: a
# section never shows them (its headings are words), so a table that does shows records.
_RECORD_COLUMNS = tuple(c.name for c in EHC_REQUESTS.columns if "_" in c.name)
_RECORD_HEADING = re.compile(
    r"<th\b[^>]*>\s*(" + "|".join(map(re.escape, _RECORD_COLUMNS)) + r")\s*</th>", re.IGNORECASE
)


def _not_a_section(data: dict, where: str, notebook: str) -> BuildError:
    what = (
        "a table or HTML of its own"
        if "text/html" in data
        else "an image"
        if any(k.startswith("image/") for k in data)
        else f"content of type {next(iter(data), 'unknown')}"
    )
    return BuildError(
        f"{notebook}, {where}: this output is {what}, not a section of the pack; a pack "
        "publishes only what the sections of wsoa_analysis.present.sections show, so "
        "nothing was published. Explore in "
        f"{EXPLORE_HERE} (a build never runs or publishes them), and take the cell out of "
        f"{notebook}."
    )


def _output_html(output, where: str, notebook: str) -> str | None:
    """A kept output as page HTML: only a pack section (what ``Section`` shows in a notebook,
    inside its ``wsoa-nb`` element), without the notebook's wrapper. Any other output that a
    page would show (HTML, a table, an image) is refused; plain text is never shown."""
    if output.get("output_type") not in ("display_data", "execute_result"):
        return None  # stream (print) and error outputs are never shown
    data = {k: v for k, v in output.get("data", {}).items() if k != "text/plain"}
    if not data:
        return None  # text/plain-only results are reprs, not content
    text = _text(data.get("text/html", ""))
    markup = page_markup(text)  # a section's own stylesheet is for notebooks
    if "text/html" not in data or markup == text:
        raise _not_a_section(data, where, notebook)
    found = _RECORD_HEADING.search(markup)
    if found:
        raise BuildError(
            f"{notebook}, {where}: this output shows record-level requests (a column "
            f"{found.group(1)!r} of ehc_requests): records about children never reach a "
            f"page. Explore them in {EXPLORE_HERE}."
        )
    markup = _clean_svg(markup)
    check_self_contained(markup, f"{notebook}, {where}")
    return _wrap(markup)


def _visible_cells(nb: nbformat.NotebookNode):
    """The cells a reader may see, each with its number as the analyst counts it in the
    notebook (``notebook_cells``: papermill's cells are not counted)."""
    for number, cell in numbered_cells(nb):
        if not set(cell.get("metadata", {}).get("tags", [])) & DROP_TAGS:
            yield number, cell


def notebook_name(nb: nbformat.NotebookNode) -> str:
    """The notebook's file name (from papermill's record of the run), with the area it ran
    for: ``priority_area.ipynb (priority_id '2')``; ``the notebook`` where not recorded."""
    run = nb.get("metadata", {}).get("papermill", {})
    path = run.get("input_path") or ""
    name = re.split(r"[\\/]", str(path))[-1] or "the notebook"
    area = (run.get("parameters") or {}).get("priority_id")
    return f"{name} (priority_id {str(area)!r})" if area is not None else name


def notebook_body(nb: nbformat.NotebookNode, name: str | None = None) -> str:
    """The visible content of an executed notebook as an HTML fragment.

    Markdown cells are rendered (raw HTML in them is escaped; headings start at ``<h2>``).
    From code cells only the pack's sections are shown (``text/html`` outputs of
    ``Section``, without the notebook's wrapper). Code, prompts, ``print`` output,
    ``text/plain``-only results, errors, raw cells and every cell tagged ``parameters``,
    ``injected-parameters``, ``remove`` (or papermill's error marker) are left out.
    ``name`` names the notebook in messages (by default, :func:`notebook_name`).

    Raises
    ------
    BuildError
        Naming the notebook and the cell, if an output that a page would show is not a
        section (a frame, a table, HTML or an image of the analyst's own: exploring belongs
        in ``notebooks/explore.ipynb`` or ``notebooks/scratch/``), shows record-level
        requests, contains a ``<script>`` or loads something from another address.
    """
    name = name or notebook_name(nb)
    parts: list[tuple[str, str]] = []
    for number, cell in _visible_cells(nb):
        if cell.cell_type == "markdown":
            text = markdown_to_html(_text(cell.source), cell.get("attachments"))
            if text.strip():
                kind = "heading" if _HEADINGS_ONLY.fullmatch(text) else "text"
                parts.append((kind, f'<div class="text">\n{text}</div>\n'))
        elif cell.cell_type == "code":
            outputs = cell.get("outputs", [])
            for index, output in enumerate(outputs, start=1):
                where = f"cell {number}" + (f", output {index}" if len(outputs) > 1 else "")
                where += f" ({first_line(cell)})" if first_line(cell) else ""
                markup = _output_html(output, where, name)
                if markup is not None:
                    parts.append(("empty" if _EMPTY_OUTPUT.fullmatch(markup) else "shown", markup))
    return "".join(_without_empty_headings(parts))


_HEADINGS_ONLY = re.compile(r"(?:\s*<h[1-6][^>]*>.*?</h[1-6]>)+\s*", re.S)
_EMPTY_OUTPUT = re.compile(r'\s*<div class="output">\s*</div>\s*')


def _without_empty_headings(parts: list[tuple[str, str]]) -> list[str]:
    """The parts, less a heading cell with nothing shown under it before the next heading
    (an area with no measures has no "The measures in detail")."""
    out: list[str] = []
    pending = None  # where the last heading is, while nothing is shown under it
    for kind, markup in parts:
        if kind == "heading":
            if pending is not None:
                out[pending] = ""
            pending = len(out)
        elif kind != "empty":
            pending = None
        out.append(markup)
    if pending is not None:
        out[pending] = ""
    return out


def has_error_output(nb: nbformat.NotebookNode) -> bool:
    """True if any code cell has an ``error`` output (a cell raised when the notebook ran)."""
    return any(
        output.get("output_type") == "error"
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
    )


# --- pages --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageContext:
    """What a page says about itself: its title, the pack it belongs to and its neighbours.

    ``nav`` lists every page of the pack as ``(label, href, is_current)``.
    """

    title: str
    cycle_name: str
    reporting_date: dt.date
    area_name: str
    appendix_title: str
    nav: Sequence[tuple[str, str, bool]] = field(default_factory=list)
    index_href: str = "index.html"
    banner: str | None = None
    synthetic_note: str | None = None


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("wsoa_analysis.render", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["long_date"] = long_date
    return env


@cache
def stylesheet(name: str = "pack.css") -> str:
    """A stylesheet from ``static/``, checked to be safe to inline in a ``<style>``."""
    css = resources.files("wsoa_analysis.render").joinpath("static", name).read_text("utf-8")
    if re.search(r"</\s*style", css, re.IGNORECASE):
        raise BuildError(f"static/{name} contains '</style', which would end the <style> early")
    return css


def render_template(name: str, **values) -> str:
    """Render one of the package's jinja2 templates (autoescaped)."""
    return _environment().get_template(name).render(**values)


def render_page(body: str, ctx: PageContext) -> str:
    """A complete standalone HTML5 page: header strip, navigation, optional banner and
    synthetic-data note, and ``body`` (trusted HTML from :func:`notebook_body`) in ``<main>``.

    Every string in ``ctx`` is escaped. The page has no script and loads nothing.
    """
    index_in_nav = any(href == ctx.index_href for _, href, _ in ctx.nav)
    return render_template(
        "page.html.j2",
        body=body,
        ctx=ctx,
        index_in_nav=index_in_nav,
        css=stylesheet("pack.css"),
    )
