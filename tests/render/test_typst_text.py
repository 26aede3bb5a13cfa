"""Text as Typst markup: printed as written, long words breakable."""

import pytest

from wsoa_analysis.render.typst_text import breakable, escape, string


@pytest.mark.parametrize(
    "text", ["#sys.exit()", "$x$", "*b*", "_i_", "a // b", "@ref", "<l>", 'say "hi" \\ -- ...']
)
def test_text_with_markup_characters_is_one_string(text):
    """A string prints as typed; the ";" ends it, so a "." or "(" after it stays text."""
    assert escape(text) == f"#{string(text)};"


def test_spaces_at_either_end_stay_markup():
    assert escape("  a.b ") == ' #"a.b"; '
    assert escape(" ") == " " and escape("") == ""


def test_long_text_of_punctuation_is_one_string():
    """One string, not a backslash before each mark: Typst lays out a paragraph of many
    escapes in time growing with the square of their number."""
    text = "a.b,c;d(e)f#g " * 2000
    assert escape(text).count('"') == 2 and "\\" not in escape(text)


def test_whitespace_collapses_as_in_html():
    assert escape("a \n\t b") == "a b"


def test_long_words_get_break_points():
    assert "\u200b" in breakable("x" * 100) and "\u200b" not in breakable("short words only")
