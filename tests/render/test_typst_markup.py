"""The pages' HTML as Typst markup: what each element becomes."""

import base64

from wsoa_analysis.render.typst_markup import Assets, to_typst


def convert(html, labels=()):
    assets = Assets()
    return to_typst(html, assets, set(labels)), assets


def test_chart_takes_the_figures_label_as_alt_text_and_caption_below():
    html = (
        '<figure class="chart" aria-label="Rose from 5 to 7"><svg width="400pt" height="200pt">'
        "</svg><figcaption>Requests, monthly</figcaption></figure>"
    )
    markup, assets = convert(html)
    assert '#chart("asset-' in markup and '"Rose from 5 to 7"' in markup
    assert '[#"Requests, monthly";]' in markup
    assert len(assets.files) == 1 and next(iter(assets.files)).endswith(".svg")


def test_a_tall_chart_is_drawn_narrower_so_that_it_fits_a_page():
    tall = '<figure aria-label="t"><svg width="100pt" height="1000pt"></svg></figure>'
    wide = '<figure aria-label="w"><svg width="1000pt" height="100pt"></svg></figure>'
    assert "13.0mm" in convert(tall)[0] and "140.0mm" in convert(wide)[0]


def test_png_image_becomes_a_file_with_its_alt_text():
    data = base64.b64encode(b"\x89PNG fake").decode()
    markup, assets = convert(f'<img src="data:image/png;base64,{data}" alt="A map">')
    assert '"A map"' in markup and list(assets.files.values()) == [b"\x89PNG fake"]


def test_chart_data_tables_stay_on_the_page_not_in_print():
    markup, _ = convert(
        '<details class="chart-data"><summary>Data</summary><table><tr><td>7</td></tr>'
        "</table></details><details><summary>More</summary><p>kept</p></details>"
    )
    assert "7" not in markup and "kept" in markup and "More" in markup


def test_links():
    markup, _ = convert(
        '<p><a href="https://gov.uk/x">GOV.UK</a> <a href="priority-2.html">P2</a> '
        '<a href="#priority-3">P3</a> <a href="data.xlsx">the data</a></p>',
        labels={"priority-2", "priority-3"},
    )
    assert '#link("https://gov.uk/x")[#"GOV.UK";]' in markup
    assert "#link(<priority-2>)[P2]" in markup and "#link(<priority-3>)[P3]" in markup
    assert "the data" in markup and "data.xlsx" not in markup


def test_pills_notes_and_periods():
    markup, _ = convert(
        '<p class="note">Synthetic <span class="pill rating rating-red">✗ Off track</span>'
        '<span class="period">Q1 2023/24</span><sup class="synthetic-mark">†</sup></p>'
    )
    assert markup.startswith("#note[")
    assert '#pill("rating-red")[✗ Off track]' in markup
    assert '#period[#"Q1 2023/24";]' in markup and "#super[†]" in markup


def test_headings_start_at_level_two_and_stay_out_of_the_contents():
    markup, _ = convert("<h1>A</h1><h2>B</h2><h3>C</h3><h6>D</h6>")
    for level, text in ((2, "A"), (2, "B"), (3, "C"), (4, "D")):
        assert f"#heading(level: {level}, outlined: false)[{text}]" in markup


def test_short_lists_are_kept_on_one_page_long_ones_may_split():
    short, _ = convert("<ul><li>one</li><li>two</li></ul>")
    long, _ = convert("<ol>" + "<li>" + "word " * 800 + "</li></ol>")
    assert short.startswith("#keep[#list(") and long.startswith("#enum(")


def test_scripts_and_styles_are_dropped_unknown_tags_keep_their_text():
    markup, _ = convert("<style>p{}</style><script>x()</script><custom>visible</custom>")
    assert "visible" in markup and "x()" not in markup and "p{}" not in markup


def test_preformatted_text_is_a_raw_block():
    markup, _ = convert('<pre>a "b"\n  c</pre>')
    assert markup.startswith('#raw("a \\"b\\"\\n  c", block: true)')
