"""The pages' HTML parsed into a tree, SVG kept whole."""

from wsoa_analysis.render.html_tree import parse, text_of


def test_svg_is_kept_whole_with_its_case():
    root, svgs = parse('<figure><svg viewBox="0 0 1 1"><linearGradient/></svg></figure>')
    assert 'viewBox="0 0 1 1"' in svgs[0] and "linearGradient" in svgs[0]
    assert 'xmlns="http://www.w3.org/2000/svg"' in svgs[0]


def test_text_of_collapses_whitespace():
    root, _ = parse("<p> a <b>b</b>\n c </p>")
    assert text_of(root) == "a b c"
