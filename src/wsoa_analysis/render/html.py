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
from wsoa_analysis.present.format import long_date
from wsoa_analysis.present.markdown import base64_text, markdown_to_html
from wsoa_analysis.present.sections.section import page_markup

#: Cells with any of these tags are left out entirely. ``papermill-error-cell-tag`` marks the
#: red "An Exception was encountered" banner papermill inserts into a failed notebook.
DROP_TAGS = frozenset({"parameters", "injected-parameters", "remove", "papermill-error-cell-tag"})


_SCRIPT = re.compile(r"<\s*script\b", re.IGNORECASE)
# Anything that makes a browser or the PDF fetch from another host. A plain link
# (<a href="https://...">) is navigation, not a load, and is allowed.
_REMOTE_LOAD = re.compile(
    r"""(?:\b(?:src|srcset|poster|data|xlink:href)\s*=\s*["']?\s*(?:https?:)?//"""
    r"""|<\s*(?:link|iframe|object|embed|base)\b"""
    r"""|<\s*(?:image|use|feImage)\b[^>]*\bhref\s*=\s*["']?\s*(?:https?:)?//"""
    r"""|url\(\s*["']?\s*(?:https?:)?//"""
    r"""|@import\b)""",
    re.IGNORECASE,
)
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


def check_self_contained(markup: str, where: str) -> None:
    """Refuse HTML that would run a script or load anything from another address.

    ``where`` names the place for the message (e.g. ``"cell 7, output 1"``). Links to other
    sites (``<a href="https://...">``) are navigation, not loads, and are allowed.

    Raises
    ------
    BuildError
        Naming ``where`` and what was found.
    """
    if _SCRIPT.search(markup):
        raise BuildError(
            f"{where}: the output contains a <script>, which a reader's page must not run. "
            "Display it as a table or a chart from wsoa_analysis instead."
        )
    found = _REMOTE_LOAD.search(markup)
    if found:
        raise BuildError(
            f"{where}: the output loads something from elsewhere ({found.group(0)!r}); "
            "pages and the PDF must be self-contained. Embed it instead (e.g. inline SVG)."
        )


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


def _output_html(output, cell, where: str) -> str | None:
    if output.get("output_type") not in ("display_data", "execute_result"):
        return None  # stream (print) and error outputs are never shown
    data = output.get("data", {})
    if "text/html" in data:
        # a section's own stylesheet is for notebooks: the page has the pack's
        markup = _clean_svg(page_markup(_text(data["text/html"])))
    elif "image/svg+xml" in data:
        markup = _clean_svg(_text(data["image/svg+xml"]))
    elif "image/png" in data:
        alt = cell.get("metadata", {}).get("alt")
        src = html.escape("data:image/png;base64," + base64_text(data["image/png"]), quote=True)
        if alt:
            markup = f'<img src="{src}" alt="{html.escape(str(alt), quote=True)}">'
        else:
            markup = f'<img src="{src}" alt="" role="presentation">'
    else:
        return None  # text/plain-only results are reprs, not content
    check_self_contained(markup, where)
    return _wrap(markup)


def _visible_cells(nb: nbformat.NotebookNode):
    for number, cell in enumerate(nb.cells, start=1):
        tags = set(cell.get("metadata", {}).get("tags", []))
        if tags & DROP_TAGS:
            continue
        yield number, cell


def notebook_body(nb: nbformat.NotebookNode) -> str:
    """The visible content of an executed notebook as an HTML fragment.

    Markdown cells are rendered (raw HTML in them is escaped; headings start at ``<h2>``). From
    code cells only ``text/html``, ``image/svg+xml`` and ``image/png`` outputs are kept. Code,
    prompts, ``print`` output, ``text/plain``-only results, errors, raw cells and every cell
    tagged ``parameters``, ``injected-parameters``, ``remove`` (or papermill's error marker)
    are left out.

    Raises
    ------
    BuildError
        If a kept output contains a ``<script>`` or loads something from another address.
    """
    parts: list[str] = []
    for number, cell in _visible_cells(nb):
        if cell.cell_type == "markdown":
            text = markdown_to_html(_text(cell.source), cell.get("attachments"))
            if text.strip():
                parts.append(f'<div class="text">\n{text}</div>\n')
        elif cell.cell_type == "code":
            for index, output in enumerate(cell.get("outputs", []), start=1):
                markup = _output_html(output, cell, f"cell {number}, output {index}")
                if markup is not None:
                    parts.append(markup)
    return "".join(parts)


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
