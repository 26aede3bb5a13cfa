"""The self-containment guard: markup that would run or fetch something is refused; text that
only mentions such things (escaped, as every officer's word is) is shown."""

import html

import pytest

from wsoa_analysis.errors import BuildError
from wsoa_analysis.render.self_contained import check_self_contained

#: What an officer might paste into an action description or commentary.
MENTIONS = [
    "see url(https://example.org/a.png) for the chart",
    '@import "https://example.org/a.css"; as in the old page',
    '<img src="https://example.org/t.gif">',
]


@pytest.mark.parametrize("typed", MENTIONS)
@pytest.mark.parametrize(
    "place",
    [
        "<p>{}</p>",
        "<table class='data'><tr><td>{}</td></tr></table>",
        "<svg><text>{}</text><title>{}</title></svg>",
        '<figure aria-label="{}"><img alt="{}" src="data:image/png;base64,AAAA"></figure>',
    ],
)
def test_escaped_text_that_mentions_a_load_is_not_refused(typed, place):
    check_self_contained(place.replace("{}", html.escape(typed, quote=True)), "here")


@pytest.mark.parametrize(
    "markup",
    [
        '<a href="https://explore-education-statistics.service.gov.uk/">DfE</a>',
        '<img src="data:image/png;base64,AAAA" alt="x">',
        '<svg><use xlink:href="#m1"/><path clip-path="url(#p1)" style="fill: url(#g)"/></svg>',
        "<style>p { color: red }</style><p>url(https://x) @import</p>",
    ],
)
def test_markup_that_loads_nothing_is_allowed(markup):
    check_self_contained(markup, "here")


@pytest.mark.parametrize(
    "markup, found",
    [
        ('<img src="https://example.org/t.gif">', "<img src="),
        ("<img src=//example.org/t.gif>", "<img src="),
        ('<img src="&#104;ttps://example.org/t.gif">', "<img src="),
        ('<img srcset="a.png 1x, https://example.org/b.png 2x">', "srcset"),
        ('<object data="https://example.org/a.svg"></object>', "<object>"),
        ('<link rel="stylesheet" href="a.css">', "<link>"),
        ('<table background="http://example.org/a.png"></table>', "background"),
        ('<svg><image href="https://example.org/a.png"/></svg>', "<image href="),
        ('<svg><use href="https://example.org/s.svg#a"/></svg>', "<use href="),
        ('<div style="background: url(//example.org/a.png)">x</div>', "style"),
        ("<style>@import 'a.css';</style>", "@import"),
        ('<style>p { background: url( "https://example.org/a.png") }</style>', "url("),
        ("<style>p { background: u\\72l(\\68ttps://example.org/a.png) }</style>", "url("),
    ],
)
def test_real_loads_are_refused(markup, found):
    with pytest.raises(BuildError, match="loads something from elsewhere") as err:
        check_self_contained(markup, "cell 3")
    assert str(err.value).startswith("cell 3: ") and found in str(err.value)


@pytest.mark.parametrize(
    "markup",
    [
        "<div><script>alert(1)</script></div>",
        '<SCRIPT src="x.js"></SCRIPT>',
        '<img src="data:image/png;base64,AAAA" onerror="alert(1)">',
        '<a href=" javascript:alert(1)">x</a>',
    ],
)
def test_scripts_are_refused(markup):
    with pytest.raises(BuildError, match="must not run"):
        check_self_contained(markup, "cell 3")
