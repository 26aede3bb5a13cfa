import datetime as dt
import functools
import math
import re

import pytest

from pdf_checks import drawn_outside, structure_problems
from wsoa_analysis.errors import BuildError
from wsoa_analysis.render.pdf import PdfCover, PdfSection, appendix_source, pdf_text, render_pdf
from wsoa_analysis.render.typst_markup import Assets

pypdf = pytest.importorskip("pypdf")

A4 = (595.28, 841.89)  # points
HEADER = "Performance reporting pack · Support and challenge 5"

COVER = PdfCover(
    appendix_title="Performance reporting pack",
    plan_title="Written Statement of Action: special educational needs and disabilities",
    area_name="Westshire",
    cycle_name="Support and challenge 5",
    reporting_date=dt.date(2023, 6, 30),
    organisation="Westshire County Council",
    synthetic_note="Figures after August 2022 are invented for testing.",
)


def long_table(rows=60):
    # Tall rows (several lines in every cell), so a page break inside a row would show.
    body = "".join(
        f'<tr><th scope="row">Action {i}: review of annual reviews<br>Priority 2<br>'
        f"Workstream: EHC plans</th><td>{i * 7 % 100}%<br>of milestones</td>"
        f"<td>Owner: SEND service lead<br>Due: 31 March 2023<br>Evidence: audit<br>"
        f"Last update: June 2023<br>Next review: September 2023<br>Risk: medium<br>"
        f"(end of action {i})</td></tr>"
        for i in range(1, rows + 1)
    )
    return (
        '<div class="output table-wrap"><table><caption>Action tracker</caption><thead><tr>'
        '<th scope="col">Action name</th><th scope="col">Progress</th>'
        '<th scope="col">Details</th></tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


def wide_table(columns, rows=6):
    head = "".join(f'<th scope="col">Measure column {c}</th>' for c in range(columns))
    row = "".join(f"<td>{123456 + c:,}</td>" for c in range(1, columns))
    body = "".join(
        f'<tr><th scope="row">Percentage of plans issued within 20 weeks</th>{row}</tr>'
        for _ in range(rows)
    )
    return (
        f'<table class="scorecard"><caption>Scorecard</caption><thead><tr>{head}</tr>'
        f"</thead><tbody>{body}</tbody></table>"
    )


def chart(i):
    points = " ".join(f"L{20 + k * 17},{150 - 60 * math.sin(k / 5):.1f}" for k in range(36))
    return (
        f'<figure class="chart"><svg viewBox="0 0 640 320" role="img" '
        f'aria-label="Line chart {i}"><rect x="20" y="10" width="600" height="280" '
        f'fill="none" stroke="#b1b4b6"/><path d="M20,150 {points}" fill="none" '
        f'stroke="#0072b2" stroke-width="2"/><text x="20" y="310" font-size="14">Jul 2020'
        f"</text></svg><figcaption>Chart {i}: requests per month</figcaption></figure>"
    )


SECTIONS = [
    PdfSection("Action plan tracker", "<h2>Actions</h2>" + long_table(), "actions"),
    PdfSection("Timeliness of EHC plans", "<h2>Trend</h2>" + chart(1), "timeliness"),
    PdfSection(
        "Scorecard of key impact measures", "<h2>All measures</h2>" + wide_table(13), "scorecard"
    ),
]


@functools.cache
def page_texts(path):
    return tuple(page.extract_text() or "" for page in pypdf.PdfReader(str(path)).pages)


slow = pytest.mark.slow


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    out = tmp_path_factory.mktemp("pdf") / "appendix" / "pack.pdf"
    assert render_pdf(SECTIONS, cover=COVER, out_path=out) == out
    return out


@slow
def test_pdf_is_written_whole(pack):
    assert pack.read_bytes()[:5] == b"%PDF-"
    assert not list(pack.parent.glob("*.partial"))


@slow
def test_every_page_is_a4_portrait(pack):
    pages = pypdf.PdfReader(str(pack)).pages
    assert len(pages) > 3
    for number, page in enumerate(pages, start=1):
        size = (float(page.mediabox.width), float(page.mediabox.height))
        assert size == pytest.approx(A4, abs=1), f"page {number} is {size}"


@slow
def test_page_numbers_run_through(pack):
    texts = page_texts(pack)
    total = len(texts)
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {total}" in text


@slow
def test_running_header_on_every_page_but_the_cover(pack):
    texts = page_texts(pack)
    assert HEADER not in texts[0]
    for number, text in enumerate(texts[1:], start=2):
        assert HEADER in text, f"page {number} has no running header"


@slow
def test_cover_says_what_the_pack_is(pack):
    cover = page_texts(pack)[0]
    for expected in (
        "Performance reporting pack",
        "Written Statement of Action",
        "Westshire",
        "Support and challenge 5",
        "30 June 2023",
        "Westshire County Council",
        "Figures after August 2022 are invented for testing.",
    ):
        assert expected in cover


@slow
def test_contents_gives_each_section_its_page(pack):
    texts = page_texts(pack)
    contents = texts[1]
    assert "Contents" in contents
    for section in SECTIONS:
        first = next(n for n, t in enumerate(texts[2:], start=3) if section.title in t)
        line = next(ln for ln in contents.splitlines() if section.title in ln)
        assert re.search(rf"\b{first}\s*$", line), (section.title, line, first)


@slow
def test_each_section_starts_a_new_page_with_its_title(pack):
    texts = page_texts(pack)
    starts = [next(n for n, t in enumerate(texts[2:], start=3) if s.title in t) for s in SECTIONS]
    assert starts == sorted(set(starts))
    for section, start in zip(SECTIONS, starts, strict=True):
        lines = [ln.strip() for ln in texts[start - 1].splitlines()]
        content = [
            ln
            for ln in lines
            if ln
            and HEADER not in ln
            and ln != COVER.area_name
            and not re.fullmatch(r"Page \d+ of \d+", ln)
        ]
        assert content[0] == section.title


@slow
def test_long_table_spans_pages_and_repeats_its_header(pack):
    texts = page_texts(pack)
    pages = [n for n, t in enumerate(texts) if "review of annual reviews" in t]
    assert len(pages) >= 2
    for n in pages:
        assert "Action name" in texts[n], f"page {n + 1} lost the table header"
    assert "Action 1:" in texts[pages[0]] and "Action 60:" in texts[pages[-1]]


@slow
def test_table_rows_are_not_split_across_pages(pack):
    texts = page_texts(pack)
    for i in range(1, 61):
        start = next(n for n, t in enumerate(texts) if f"Action {i}:" in t)
        assert f"(end of action {i})" in texts[start], f"row {i} is split across pages"


@slow
def test_contents_links_to_the_sections(pack):
    reader = pypdf.PdfReader(str(pack))
    dests = reader.named_destinations
    for section in SECTIONS:
        assert section.anchor in dests
    assert len(reader.pages[1].get("/Annots", [])) >= len(SECTIONS)


@slow
def test_pdf_is_tagged_with_title_and_language(pack):
    reader = pypdf.PdfReader(str(pack))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert "/StructTreeRoot" in root
    assert reader.metadata.title.startswith("Performance reporting pack")


@slow
def test_font_is_the_one_named(pack):
    reader = pypdf.PdfReader(str(pack))
    fonts = {
        str(f["/BaseFont"])
        for page in reader.pages
        for f in page["/Resources"]["/Font"].get_object().values()
    }
    assert fonts and all(re.search(r"\+DejaVu-?Sans", f) for f in fonts), fonts


@slow
def test_pdf_is_reproducible(pack, tmp_path):
    again = render_pdf(SECTIONS, cover=COVER, out_path=tmp_path / "again.pdf")
    assert again.read_bytes() == pack.read_bytes()


@slow
def test_pdf_text_reads_every_page(pack):
    text = pdf_text(pack)
    assert "Contents" in text and "Action 60:" in text


# --- nothing runs off the page --------------------------------------------------------------


def built(tmp_path, body, name="s.pdf"):
    return render_pdf([PdfSection("S", body, "s")], cover=COVER, out_path=tmp_path / name)


@slow
def test_overflow_check_can_see_an_overflow(tmp_path):
    # a word no line can hold, with the project's breaking of long words turned off
    from wsoa_analysis.render import typst_text

    original = typst_text.LONGEST_WORD
    typst_text.LONGEST_WORD = 10_000
    try:
        out = built(tmp_path, "<p>" + "x" * 300 + "</p>")
    finally:
        typst_text.LONGEST_WORD = original
    assert drawn_outside(out)


@slow
@pytest.mark.parametrize("columns", [8, 13, 17, 24])
def test_wide_tables_fit_the_page(columns, tmp_path):
    assert drawn_outside(built(tmp_path, wide_table(columns))) == []


@slow
@pytest.mark.parametrize(
    "body",
    [
        "<p>" + "x" * 300 + "</p>",
        '<div class="output"><figure class="chart" aria-label="wide"><svg width="2000" '
        'height="200"><rect width="2000" height="200"/></svg></figure></div>',
        '<figure class="chart" aria-label="tall"><svg width="200pt" height="2000pt">'
        '<rect width="200" height="2000"/></svg></figure>',
        "<pre>" + "y" * 400 + "</pre>",
        chart(2),
    ],
)
def test_long_words_and_big_graphics_fit_the_page(body, tmp_path):
    assert drawn_outside(built(tmp_path, body)) == []


@slow
def test_landscape_pages_on_request(tmp_path):
    sections = [PdfSection("Wide", f'<div class="landscape">{wide_table(20)}</div>', "wide")]
    out = render_pdf(sections, cover=COVER, out_path=tmp_path / "l.pdf")
    sizes = [
        (round(float(p.mediabox.width)), round(float(p.mediabox.height)))
        for p in pypdf.PdfReader(str(out)).pages
    ]
    assert set(sizes) == {(595, 842), (842, 595)}
    turned = sizes.index((842, 595))
    assert "Wide" in page_texts(out)[turned], "the section's title is not on its turned page"


@slow
def test_a_table_too_wide_for_portrait_is_turned(tmp_path):
    out = built(tmp_path, wide_table(24))
    sizes = [round(float(p.mediabox.width)) for p in pypdf.PdfReader(str(out)).pages]
    assert 842 in sizes


# --- accessibility ----------------------------------------------------------------------------


@slow
def test_structure_tree_has_alt_text_scopes_and_link_text(pack):
    assert structure_problems(pack) == []


@slow
def test_structure_check_sees_a_figure_without_alt_text(tmp_path):
    out = built(tmp_path, '<figure class="chart"><svg width="100pt" height="50pt"></svg></figure>')
    assert any("alternative text" in p for p in structure_problems(out))


@slow
def test_a_chart_keeps_its_html_text_alternative(tmp_path):
    out = built(tmp_path, chart(7))
    from pdf_checks import struct_elements

    alts = [str(e.get("/Alt")) for kind, e in struct_elements(out) if kind == "/Figure"]
    assert alts == ["Line chart 7"]


@slow
def test_typst_markup_in_text_prints_as_typed(tmp_path):
    payload = "#sys.exit() $x$ *bold* // not a comment @ref [x] \\ end"
    out = built(tmp_path, f"<p>{payload}</p>")
    assert payload in pdf_text(out).replace("\n", " ")


# --- refusals (fast) -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "sections, message",
    [
        ([], "no sections"),
        ([PdfSection("A", "<p>a</p>", "1st")], "'1st' is not a valid id"),
        ([PdfSection("A", "", "a"), PdfSection("B", "", "a")], "'a' is used twice"),
        ([PdfSection("A", "<script>x</script>", "a")], "<script>"),
        ([PdfSection("A", '<img src="http://example.org/a.png">', "a")], "elsewhere"),
    ],
)
def test_bad_sections_are_refused(sections, message, tmp_path):
    out = tmp_path / "pack.pdf"
    with pytest.raises(BuildError, match=re.escape(message)):
        render_pdf(sections, cover=COVER, out_path=out)
    assert not out.exists()


def test_the_appendix_label_leads_the_running_header_and_is_on_the_cover(tmp_path):
    import dataclasses

    labelled = dataclasses.replace(COVER, appendix_label="Appendix #2")
    out = render_pdf(
        [PdfSection("S", "<p>x</p>", "s")], cover=labelled, out_path=tmp_path / "a.pdf"
    )
    texts = page_texts(out)
    assert texts[0].index("Appendix #2") < texts[0].index("Performance reporting pack")
    for text in texts[1:]:
        assert "Appendix #2: Performance reporting pack · Support and challenge 5" in text
    plain = render_pdf([PdfSection("S", "<p>x</p>", "s")], cover=COVER, out_path=tmp_path / "b.pdf")
    assert not any("Appendix" in text for text in page_texts(plain))


def test_document_escapes_cover_and_titles():
    cover = PdfCover("A [b]", "P", "Area #co", "C", dt.date(2023, 4, 1), "O", None)
    got = appendix_source([PdfSection("T *x*", "<p>trusted</p>", "t")], cover, Assets())
    assert '#"A [b]";' in got and '#"Area #co";' in got and '#"T *x*";' in got
    assert "trusted" in got and "1 April 2023" in got
    assert "Synthetic data" not in got


def test_the_pdf_step_has_a_time_limit(tmp_path):
    """Typst runs in a process of its own, stopped when the time is up (--pdf-timeout);
    nothing is left behind."""
    out = tmp_path / "slow.pdf"
    with pytest.raises(BuildError) as err:
        render_pdf(SECTIONS, cover=COVER, out_path=out, timeout=0.01)
    said = str(err.value)
    assert said.startswith(f"{out}: the PDF step (Typst laying out the appendix) was stopped")
    assert "after 0.01 seconds (--pdf-timeout)" in said
    assert not out.exists() and not out.with_name("slow.pdf.partial").exists()


@slow
def test_a_pdf_typst_cannot_tag_is_written_untagged_and_the_log_says_why(tmp_path, caplog):
    body = '<figure class="chart"><svg width="100pt" height="50pt"></svg></figure>'
    with caplog.at_level("WARNING", logger="wsoa_analysis.render.pdf"):
        out = built(tmp_path, body)
    assert out.exists()
    assert "not written as PDF/UA-1" in caplog.text and "writing it untagged" in caplog.text
