"""Text as Typst markup: printed as written, long words breakable."""

import pytest

from wsoa_analysis.render.typst_text import breakable, escape


@pytest.mark.parametrize("text", ["#sys.exit()", "$x$", "*b*", "_i_", "a // b", "@ref", "<l>"])
def test_markup_characters_are_escaped(text):
    escaped = escape(text)
    for mark in "#$*_/@<>":
        assert f"\\{mark}" in escaped or mark not in text


def test_whitespace_collapses_as_in_html():
    assert escape("a \n\t b") == "a b"


def test_long_words_get_break_points():
    assert "\u200b" in breakable("x" * 100) and "\u200b" not in breakable("short words only")
