import base64
import datetime as dt
import re

import nbformat
import pytest
from nbformat.v4 import (
    new_code_cell,
    new_markdown_cell,
    new_notebook,
    new_output,
    new_raw_cell,
)

from conftest import ROOT
from wsoa_analysis.errors import BuildError
from wsoa_analysis.present.sections.section import notebook_markup
from wsoa_analysis.render.html import (
    PageContext,
    has_error_output,
    long_date,
    notebook_body,
    notebook_name,
    render_page,
)

STATIC = ROOT / "src" / "wsoa_analysis" / "render" / "static"

TABLE = (
    '<table class="scorecard"><caption>Key impact measures at 30 June 2023</caption>'
    '<thead><tr><th scope="col">Measure</th><th scope="col">Latest</th>'
    '<th scope="col">Rating</th></tr></thead>'
    '<tbody><tr><th scope="row">New EHC plans issued within 20 weeks</th><td>57.5%</td>'
    '<td><span class="rating-amber">! Slightly behind</span></td></tr></tbody></table>'
)
CHART = (
    '<figure class="chart"><svg viewBox="0 0 400 200" role="img" '
    'aria-label="Line chart: timeliness rising from 31% to 57.5%">'
    '<path d="M0,180 L400,40" stroke="#0072b2"/></svg>'
    "<figcaption>Timeliness of EHC plans, July 2020 to June 2023</figcaption></figure>"
)
# What matplotlib writes for format="svg": a standalone file with a DOCTYPE naming a URL.
MPL_SVG = (
    '<?xml version="1.0" encoding="utf-8" standalone="no"?>\n'
    '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"\n'
    '  "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
    "<!-- Created with matplotlib (https://matplotlib.org/) -->\n"
    '<svg xmlns:xlink="http://www.w3.org/1999/xlink" width="460pt" height="345pt" '
    'viewBox="0 0 460 345" xmlns="http://www.w3.org/2000/svg" version="1.1">'
    '<g id="mpl-figure-marker"><rect width="460" height="345" fill="#fff"/></g></svg>'
)
PNG = base64.b64encode(b"\x89PNG\r\n\x1a\nnot-really-a-png").decode()

# Text that must never reach a reader: each is unique so a hit names the leak.
HIDDEN = {
    "code source": "CODE-SOURCE-MARKER",
    "parameter default": "PARAM-DEFAULT-7781",
    "parameter cell output": "PARAM-OUTPUT-5521",
    "injected parameter": "PARAM-INJECTED-4410",
    "injected cell output": "INJECTED-OUTPUT-3391",
    "print output": "PRINTED-DEBUG-LINE",
    "text/plain repr": "PLAIN-REPR-3141",
    "error value": "ERROR-EVALUE-99",
    "traceback": "TRACEBACK-LINE-42",
    "removed code output": "REMOVED-OUTPUT-6060",
    "removed markdown": "REMOVED-MARKDOWN-7070",
    "raw cell": "RAW-CELL-8080",
    "papermill error banner": "An Exception was encountered",
}


def _code(source, outputs=(), tags=(), **metadata):
    cell = new_code_cell(source, metadata={"tags": list(tags), **metadata})
    cell.outputs = [new_output(**o) for o in outputs]
    cell.execution_count = 7
    return cell


def _html(markup, output_type="display_data"):
    out = {"output_type": output_type, "data": {"text/html": markup}}
    if output_type == "execute_result":
        out["execution_count"] = 7
    return out


def _section(markup, output_type="display_data"):
    """An output as a pack section shows in a notebook (``Section._repr_html_``)."""
    return _html(notebook_markup(markup), output_type)


def make_notebook():
    cells = [
        _code(
            'reporting_date = "2023-06-30"\nlabel = "PARAM-DEFAULT-7781"',
            [_html("<p>PARAM-OUTPUT-5521</p>")],
            tags=["parameters"],
        ),
        _code(
            'label = "PARAM-INJECTED-4410"',
            [_html("<p>INJECTED-OUTPUT-3391</p>", "execute_result")],
            tags=["injected-parameters"],
        ),
        new_markdown_cell(
            '<span id="papermill-error-cell">An Exception was encountered at cell 5</span>',
            metadata={"tags": ["papermill-error-cell-tag"]},
        ),
        new_markdown_cell("# Priority 1\n\n## Summary\n\nProgress is **mixed** this quarter."),
        new_markdown_cell("Note: <script>alert(1)</script> and <b>bold</b> stay as text."),
        _code(
            "from wsoa_analysis import scorecard  # CODE-SOURCE-MARKER",
            [{"output_type": "stream", "name": "stdout", "text": "PRINTED-DEBUG-LINE\n"}],
        ),
        _code(
            "3.141  # CODE-SOURCE-MARKER",
            [
                {
                    "output_type": "execute_result",
                    "execution_count": 7,
                    "data": {"text/plain": "'PLAIN-REPR-3141'"},
                }
            ],
        ),
        _code(
            "raise ValueError  # CODE-SOURCE-MARKER",
            [
                {
                    "output_type": "error",
                    "ename": "ValueError",
                    "evalue": "ERROR-EVALUE-99",
                    "traceback": ["\x1b[0;31mValueError\x1b[0m TRACEBACK-LINE-42"],
                }
            ],
        ),
        new_markdown_cell("### Scorecard"),
        _code("sections.area_scorecard(ctx, 1)  # CODE-SOURCE-MARKER", [_section(TABLE)]),
        _code(
            "sections.timeliness_analysis(ctx)  # CODE-SOURCE-MARKER",
            [
                _section(CHART),
                {"output_type": "stream", "name": "stderr", "text": "PRINTED-DEBUG-LINE\n"},
            ],
        ),
        _code(
            "sections.weeks_to_plan(ctx)  # CODE-SOURCE-MARKER",
            [_section(f'<figure class="chart">{MPL_SVG}</figure>', "execute_result")],
        ),
        _code(
            "debug_table  # CODE-SOURCE-MARKER",
            [_html("<p>REMOVED-OUTPUT-6060</p>")],
            tags=["remove"],
        ),
        new_markdown_cell("REMOVED-MARKDOWN-7070", metadata={"tags": ["remove"]}),
        new_raw_cell("RAW-CELL-8080"),
    ]
    return new_notebook(cells=cells)


@pytest.fixture(scope="module")
def body():
    return notebook_body(make_notebook())


def ctx(**changes):
    values = dict(
        title="Priority 1: timeliness of EHC plans",
        cycle_name="Support and challenge 5",
        reporting_date=dt.date(2023, 6, 30),
        area_name="Westshire",
        appendix_title="Performance reporting pack",
        nav=[
            ("Summary", "summary.html", False),
            ("Priority 1", "priority-1.html", True),
            ("Priority 2", "priority-2.html", False),
        ],
        index_href="index.html",
        banner=None,
        synthetic_note=None,
    )
    values.update(changes)
    return PageContext(**values)


# --- what a reader sees ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "expected",
    [
        "<h2>Summary</h2>",
        "<strong>mixed</strong>",
        "<h3>Scorecard</h3>",
        "<caption>Key impact measures at 30 June 2023</caption>",
        '<th scope="col">Measure</th>',
        '<span class="rating-amber">! Slightly behind</span>',
        'aria-label="Line chart: timeliness rising from 31% to 57.5%"',
        "<figcaption>Timeliness of EHC plans, July 2020 to June 2023</figcaption>",
        '<g id="mpl-figure-marker">',
    ],
)
def test_body_shows_content(body, expected):
    assert expected in body


def test_body_keeps_notebook_order(body):
    order = [body.index(s) for s in ("<h2>Summary</h2>", "<caption>", "<figure", "mpl-figure")]
    assert order == sorted(order)


@pytest.mark.parametrize("what, marker", sorted(HIDDEN.items()))
def test_body_hides(body, what, marker):
    assert marker not in body, f"{what} reached the reader"


def test_body_has_no_script_prompts_or_urls(body):
    assert "<script" not in body.lower()
    assert "In [" not in body and "Out[" not in body
    assert "http" not in body  # matplotlib's DOCTYPE and xmlns URLs are stripped


def test_raw_html_in_markdown_is_escaped(body):
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "&lt;b&gt;bold&lt;/b&gt;" in body


def test_markdown_headings_stay_below_the_page_h1(body):
    assert "<h1" not in body
    assert "<h2>Priority 1</h2>" in body


def test_tables_scroll_in_a_labelled_focusable_region(body):
    found = re.search(
        r'<div class="output table-wrap" role="region" aria-label="([^"]*)" '
        r'tabindex="0">\s*<table',
        body,
    )
    assert found and found.group(1) == "Key impact measures at 30 June 2023"


def test_markdown_images_are_never_fetched():
    nb = new_notebook(
        cells=[new_markdown_cell("![Logo of the council](https://example.org/x.png)")]
    )
    got = notebook_body(nb)
    assert "<img" not in got and "example.org" not in got
    assert "Logo of the council" in got


def test_markdown_links_are_kept_and_unsafe_ones_neutralised():
    nb = new_notebook(
        cells=[
            new_markdown_cell(
                "[DfE statistics](https://explore-education-statistics.service.gov.uk/) "
                "and [bad](javascript:alert(1))"
            )
        ]
    )
    got = notebook_body(nb)
    assert '<a href="https://explore-education-statistics.service.gov.uk/">' in got
    assert "javascript:" not in got


@pytest.mark.parametrize(
    "markup, message",
    [
        ("<div><script>alert(1)</script></div>", "<script>"),
        ('<SCRIPT src="x.js"></SCRIPT>', "<script>"),
        ('<img src="https://example.org/t.gif" alt="">', "loads something from elsewhere"),
        ('<link rel="stylesheet" href="https://cdn.example.org/a.css">', "elsewhere"),
        ('<div style="background: url(//example.org/a.png)">x</div>', "elsewhere"),
        ('<svg><image href="https://example.org/a.png"/></svg>', "elsewhere"),
    ],
)
def test_outputs_that_run_or_fetch_are_refused(markup, message):
    nb = new_notebook(cells=[_code("x", [_section(markup)])])
    with pytest.raises(BuildError, match=re.escape(message)) as err:
        notebook_body(nb)
    assert "the notebook, cell 1 (x)" in str(err.value)


# --- only the pack's sections reach a page ------------------------------------------------

FRAME_HTML = (  # what a DataFrame of the record-level requests shows in a notebook
    '<div><table border="1" class="dataframe"><thead><tr style="text-align: right;">'
    "<th></th><th>request_id</th><th>date_received</th><th>plan_issued_date</th></tr>"
    "</thead><tbody><tr><th>0</th><td>RQ000001</td><td>2020-07-01</td><td>NaT</td></tr>"
    "</tbody></table></div>"
)


def _run_by_papermill(cells, priority_id="1"):
    """A notebook as the build gets it back: papermill's record of the run, its injected
    parameters cell after the parameters cell."""
    nb = new_notebook(
        cells=[
            _code('priority_id = "1"', tags=["parameters"]),
            _code(f'priority_id = "{priority_id}"', tags=["injected-parameters"]),
            *cells,
        ]
    )
    nb.metadata["papermill"] = {
        "input_path": "/srv/wsoa/notebooks/priority_area.ipynb",
        "parameters": {"priority_id": priority_id},
    }
    return nb


@pytest.mark.parametrize(
    "data, what",
    [
        ({"text/html": FRAME_HTML, "text/plain": "  request_id ..."}, "a table or HTML"),
        ({"text/html": "<p>12 plans</p>"}, "a table or HTML"),
        ({"text/html": TABLE}, "a table or HTML"),  # a section's HTML, but not as a section
        ({"image/png": PNG, "text/plain": "<Figure>"}, "an image"),
        ({"image/svg+xml": MPL_SVG}, "an image"),
        ({"text/markdown": "**12** plans"}, "content of type text/markdown"),
    ],
)
def test_an_output_that_is_not_a_section_is_refused_naming_notebook_and_cell(data, what):
    nb = _run_by_papermill(
        [
            new_markdown_cell("## Timeliness"),
            _code("sections.area_scorecard(ctx, priority_id)", [_section(TABLE)]),
            _code(
                "ctx.ds.ehc_requests.head()",
                [{"output_type": "execute_result", "execution_count": 7, "data": data}],
            ),
        ],
        priority_id="2",
    )
    with pytest.raises(BuildError) as err:
        notebook_body(nb)
    message = str(err.value)
    # the notebook and the cell as the analyst counts it (papermill's injected cell is not)
    assert message.startswith(
        "priority_area.ipynb (priority_id '2'), cell 4 (ctx.ds.ehc_requests.head()): "
    )
    assert what in message and "not a section of the pack" in message
    assert "notebooks/explore.ipynb" in message and "notebooks/scratch/" in message
    assert "nothing was published" in message


def test_plain_text_and_printed_output_are_dropped_not_refused():
    nb = _run_by_papermill(
        [
            _code(
                "ctx.ds.ehc_requests['request_id'].tolist()",
                [
                    {
                        "output_type": "execute_result",
                        "execution_count": 1,
                        "data": {"text/plain": "['RQ1']"},
                    }
                ],
            ),
            _code("print(1)", [{"output_type": "stream", "name": "stdout", "text": "RQ1\n"}]),
        ]
    )
    assert "RQ1" not in notebook_body(nb)


def test_a_section_showing_record_level_columns_is_refused():
    nb = _run_by_papermill([_code("Section(Markup(df.to_html()))", [_section(FRAME_HTML)])])
    with pytest.raises(BuildError, match="record-level requests \\(a column 'request_id'"):
        notebook_body(nb)


def test_the_notebook_is_named_from_papermills_record():
    assert notebook_name(_run_by_papermill([], priority_id="3")) == (
        "priority_area.ipynb (priority_id '3')"
    )
    assert notebook_name(new_notebook()) == "the notebook"
    assert notebook_body(new_notebook(cells=[_code("x", [_section("<p>ok</p>")])])) == (
        '<div class="output">\n<p>ok</p>\n</div>\n'
    )


def test_has_error_output():
    assert has_error_output(make_notebook())
    clean = make_notebook()
    clean.cells = [
        c
        for c in clean.cells
        if not any(o.get("output_type") == "error" for o in c.get("outputs", []))
    ]
    assert not has_error_output(clean)


def test_body_is_reproducible():
    assert notebook_body(make_notebook()) == notebook_body(make_notebook())


def test_body_reads_a_notebook_file_as_written(tmp_path, body):
    path = tmp_path / "executed.ipynb"
    nbformat.write(make_notebook(), path)
    assert notebook_body(nbformat.read(path, as_version=4)) == body


# --- whole pages ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "day, expected",
    [
        (dt.date(2023, 6, 30), "30 June 2023"),
        (dt.date(2023, 4, 1), "1 April 2023"),  # no leading zero
        (dt.date(2022, 12, 31), "31 December 2022"),
    ],
)
def test_long_date(day, expected):
    assert long_date(day) == expected


@pytest.fixture(scope="module")
def page(body):
    return render_page(
        body,
        ctx(
            banner="The Priority 3 page could not be built.",
            synthetic_note="Figures after August 2022 are invented.",
        ),
    )


@pytest.mark.parametrize(
    "expected",
    [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Priority 1: timeliness of EHC plans – Westshire – Support and challenge 5</title>",
        "Performance reporting pack",
        "Position at 30 June 2023",
        '<a href="index.html">Contents</a>',
        '<a href="priority-2.html">Priority 2</a>',
        '<div class="banner" role="note">',
        "The Priority 3 page could not be built.",
        '<strong class="synthetic">Synthetic data</strong> Figures after August 2022 are invented.',
    ],
)
def test_page_shows(page, expected):
    assert expected in page


def test_page_has_one_h1_and_it_is_the_title(page):
    assert page.count("<h1") == 1
    assert "<h1>Priority 1: timeliness of EHC plans</h1>" in page


def test_page_puts_body_in_main(page, body):
    main = re.search(r"<main\b[^>]*>(.*)</main>", page, re.DOTALL)
    assert main and body in main.group(1)


def test_page_marks_only_the_current_page(page):
    assert re.findall(r'<a href="([^"]*)" aria-current="page">', page) == ["priority-1.html"]


def test_page_is_self_contained(page):
    assert "<script" not in page.lower()
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page)
    assert "<link" not in page
    assert "http" not in page
    style = re.search(r"<style>(.*?)</style>", page, re.DOTALL)
    assert style and ".rating-met" in style.group(1) and "@media print" in style.group(1)


def test_page_without_banner_or_note():
    got = render_page("<p>x</p>", ctx())
    assert 'class="banner"' not in got and "Synthetic data" not in got


def test_index_link_is_not_repeated_when_nav_holds_it():
    got = render_page(
        "<p>x</p>",
        ctx(nav=[("Contents", "index.html", True), ("Priority 1", "priority-1.html", False)]),
    )
    assert got.count('href="index.html"') == 2  # the nav entry and the footer's back link
    assert '<a href="index.html" aria-current="page">Contents</a>' in got


@pytest.mark.parametrize(
    "field", ["title", "cycle_name", "area_name", "appendix_title", "banner", "synthetic_note"]
)
def test_page_escapes_every_context_string(field):
    got = render_page("<p>trusted</p>", ctx(**{field: "Cycle <b>5</b> & more"}))
    assert "Cycle &lt;b&gt;5&lt;/b&gt; &amp; more" in got
    assert "<b>5</b>" not in got
    assert "<p>trusted</p>" in got


def test_page_escapes_nav_labels_and_hrefs():
    got = render_page("", ctx(nav=[("<i>x</i>", 'a.html" onclick="x', True)]))
    assert "&lt;i&gt;x&lt;/i&gt;" in got
    assert 'onclick="x"' not in got


def test_page_is_reproducible(body):
    c = ctx(banner="b", synthetic_note="s")
    assert render_page(body, c) == render_page(body, c)


# --- the stylesheet ------------------------------------------------------------------------


def _luminance(hex_colour):
    def channel(c):
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    h = hex_colour.lstrip("#")
    if len(h) == 3:
        h = "".join(ch * 2 for ch in h)
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast(a, b):
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _pill_colours(css, cls):
    """(background, text) for a pill class, resolving var(--x) from :root."""
    variables = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{3,6})", css))

    def resolve(value):
        found = re.fullmatch(r"var\(--([\w-]+)\)", value.strip())
        return variables[found.group(1)] if found else value.strip()

    props = {}
    for rule in re.findall(r"(?m)^[^{}]*\." + re.escape(cls) + r"\b[^{}]*\{([^}]*)\}", css):
        for declaration in rule.split(";"):
            if ":" in declaration:
                name, value = declaration.split(":", 1)
                props[name.strip()] = value
    assert "color" in props, f".{cls} sets no text colour"
    return resolve(props.get("background", "#fff")), resolve(props["color"])


@pytest.mark.parametrize(
    "cls",
    [
        "rating-met",
        "rating-green",
        "rating-amber",
        "rating-red",
        "rating-no_target",
        "rating-no_data",
        "brag-blue",
        "brag-green",
        "brag-amber",
        "brag-red",
        "brag-grey",
        "brag-none",
    ],
)
def test_pill_text_meets_aa_contrast(cls):
    background, text = _pill_colours((STATIC / "pack.css").read_text(), cls)
    assert _contrast(background, text) >= 4.5, (cls, background, text)


def test_pill_colours_differ_between_statuses():
    css = (STATIC / "pack.css").read_text()
    fills = {
        _pill_colours(css, c)[0]
        for c in ("brag-blue", "brag-green", "brag-amber", "brag-red", "brag-grey")
    }
    assert len(fills) == 5


def test_body_text_is_at_least_16px_on_screen():
    css = (STATIC / "pack.css").read_text()
    body_rule = re.search(r"(?m)^body\s*\{([^}]*)\}", css).group(1)
    size = re.search(r"font-size:\s*([\d.]+)(rem|px)", body_rule)
    px = float(size.group(1)) * (16 if size.group(2) == "rem" else 1)
    assert px >= 16


def test_print_rules_keep_rows_and_figures_whole_and_repeat_headers():
    css = (STATIC / "pack.css").read_text()
    printed = css[css.index("@media print") :]
    assert re.search(r"thead\s*\{\s*display:\s*table-header-group", printed)
    assert re.search(r"tr, figure[^{]*\{\s*break-inside:\s*avoid", printed)
    assert re.search(r"\.pack-nav[^{]*\{\s*display:\s*none", printed)


def test_a_heading_with_nothing_shown_under_it_is_left_out():
    """An area with no measures shows no "The measures in detail" with nothing under it; a
    heading with a section under it, or text, stays."""
    nb = _run_by_papermill(
        [
            new_markdown_cell("## Key impact measures"),
            _code("sections.area_scorecard(ctx, '5')", [_section("<p>SCORECARD-1</p>")]),
            new_markdown_cell("## The measures in detail"),
            _code("sections.measure_details(ctx, '5')", [_section("")]),  # shown empty
            new_markdown_cell("## Action plan"),
            new_markdown_cell("Words of the analyst's own."),
            new_markdown_cell("## About the figures"),
        ]
    )
    body = notebook_body(nb)
    assert "Key impact measures" in body and "SCORECARD-1" in body
    assert "The measures in detail" not in body
    assert "Action plan" in body  # text follows it
    assert "About the figures" not in body  # nothing at all under it
