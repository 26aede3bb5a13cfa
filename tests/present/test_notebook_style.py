"""Sections in JupyterLab and VS Code, where no pack stylesheet is around them: each carries a
small stylesheet of its own, scoped to its element, which the pages leave out."""

import re

import nbformat
import pytest

from conftest import MINI
from wsoa_analysis.context import load_context
from wsoa_analysis.present import sections
from wsoa_analysis.present.sections.section import (
    NOTEBOOK_CLASS,
    NOTEBOOK_CSS,
    Section,
    Sections,
    html,
    notebook_markup,
    page_markup,
)
from wsoa_analysis.render.html import notebook_body, stylesheet

# Classes pack.css styles that a notebook needs no rule for, and why.
PAGE_ONLY = {
    "scorecard": "the phone layout of a table (one block per row)",
    "tracker": "the phone layout of a table",
    "stack": "the phone layout of a table",
    "keep": "print: keeps a chart with its heading on one sheet",
    "synthetic-note": "only spaces a .synthetic label inside it",
    "rating": "the phone layout (a pill's cell first); pills are styled by rating-*",
    "brag": "the phone layout; pills are styled by brag-*",
}


@pytest.fixture(scope="module")
def shown():
    """Every section of the overview and of each area, on the fixture data."""
    ctx = load_context("2022-09-30", MINI / "data", MINI / "params")
    out = [
        sections.cycle_banner(ctx),
        sections.overview_at_a_glance(ctx),
        sections.ratings_by_area(ctx),
        sections.measures_off_track(ctx),
        sections.actions_by_area(ctx),
        sections.overdue_actions(ctx),
        sections.actions_without_status(ctx),
        sections.changes_since_previous(ctx),
        sections.data_notes(ctx),
    ]
    for pid in ctx.ds.priorities["priority_id"]:
        out += [
            sections.priority_intro(ctx, pid),
            sections.area_scorecard(ctx, pid),
            *sections.measure_details(ctx, pid),
            sections.action_summary(ctx, pid),
            sections.action_tracker(ctx, pid),
            *sections.area_analyses(ctx, pid),
            sections.data_notes(ctx, pid),
        ]
    return out


def _rules(css: str) -> list[tuple[str, str]]:
    """(selector, declarations) of each rule of a stylesheet without nested blocks."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    return [(s.strip(), d) for s, d in re.findall(r"([^{}]+)\{([^{}]*)\}", css)]


def _pack_rules() -> str:
    """pack.css without its @media blocks (print and phone layouts)."""
    css = re.sub(r"/\*.*?\*/", "", stylesheet("pack.css"), flags=re.S)
    while "@media" in css:
        start = css.index("@media")
        depth, i = 0, css.index("{", start)
        while True:
            depth += {"{": 1, "}": -1}.get(css[i], 0)
            if depth == 0:
                break
            i += 1
        css = css[:start] + css[i + 1 :]
    return css


def test_a_section_shows_in_a_notebook_with_its_own_style_and_on_a_page_without(shown):
    for section in shown:
        in_notebook = section._repr_html_()
        assert in_notebook.startswith(f'<div class="{NOTEBOOK_CLASS}"><style>'), section
        assert page_markup(in_notebook) == str(section), section


def test_a_list_of_sections_shows_each_with_its_style(monkeypatch):
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj: shown.append(obj))
    Sections([Section(html("one")), Section(html("two"))])._ipython_display_()
    assert [page_markup(s._repr_html_()) for s in shown] == ["one", "two"]
    shown.clear()
    Sections([], empty=html("Nothing to show."))._ipython_display_()
    assert [o.data for o in shown] == [notebook_markup("Nothing to show.")]


def test_every_rule_is_scoped_to_the_sections_element():
    """Nothing of JupyterLab's own look (or another notebook output's) is restyled."""
    for selector, _ in _rules(NOTEBOOK_CSS):
        for part in re.split(r",(?![^(]*\))", selector):
            assert part.strip().startswith(f".{NOTEBOOK_CLASS}"), part


def test_colours_are_the_packs():
    pack = stylesheet("pack.css")
    root = dict(re.findall(r"--([\w-]+):\s*([^;]+);", pack.split(":root", 1)[1].split("}")[0]))
    mine = dict(re.findall(r"--wsoa-([\w-]+):\s*([^;]+);", NOTEBOOK_CSS))
    assert mine and all(root.get(name) == value for name, value in mine.items()), mine
    for colour in set(re.findall(r"#[0-9a-fA-F]{3,6}\b", NOTEBOOK_CSS)):
        assert colour.lower() in pack.lower(), colour


def test_every_class_the_pack_styles_is_styled_in_a_notebook(shown):
    """A class a section uses and pack.css styles on screen needs a rule here too (or a
    reason in PAGE_ONLY), or it looks different in JupyterLab than on the page."""
    used = {
        c for s in shown for attr in re.findall(r'\bclass="([^"]*)"', str(s)) for c in attr.split()
    }
    pack = _pack_rules()
    styled = {c for c in used if re.search(rf"\.{re.escape(c)}(?![\w-])", pack)}
    missing = {
        c
        for c in styled - set(PAGE_ONLY)
        if not re.search(rf"\.{re.escape(c)}(?![\w-])", NOTEBOOK_CSS)
    }
    assert not missing, missing
    assert {"kpi-grid", "card", "big", "rating-red", "num"} <= styled


def test_pages_leave_the_notebook_style_out(shown):
    """A page carries pack.css once; the PDF is laid out from the same HTML as before."""
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("sections.x(ctx)")
    cell.outputs = [
        nbformat.v4.new_output("display_data", data={"text/html": s._repr_html_()})
        for s in shown[:4]
    ]
    nb.cells = [cell]
    body = notebook_body(nb)
    assert "<style" not in body and NOTEBOOK_CLASS not in body
    for section in shown[:4]:
        assert str(section) in body


def test_other_html_reaches_the_page_as_it_is():
    markup = '<div class="wsoa-nb-like"><style>p {}</style><p>x</p></div>'
    assert page_markup(markup) == markup
