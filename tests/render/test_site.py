"""The site's index: every cycle, and for a revised pack what changed and when, with the
earlier version kept, linked and marked as superseded."""

import datetime as dt
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "build"))

from test_publish import DATE, build  # noqa: E402

from wsoa_analysis.build.revisions import published  # noqa: E402
from wsoa_analysis.render.html import long_date  # noqa: E402
from wsoa_analysis.render.site import write_index  # noqa: E402


def test_a_revised_pack_and_the_version_it_superseded_are_both_listed(tmp_path, mini_settings):
    build(tmp_path, "one")
    build(tmp_path, "two")
    html = write_index(tmp_path, mini_settings, published(tmp_path)).read_text()
    today = long_date(dt.datetime.now(dt.UTC).date())
    assert f"Revised on {today} (changed: the PDF appendix, Overview)" in html
    assert f'href="{DATE}/overview.html"' in html
    assert "Earlier version, built 1 March 2024, superseded on " + today in html
    assert f'href="{DATE}.v1/overview.html"' in html and f'href="{DATE}.v1/appendix.pdf"' in html


def test_a_pack_built_once_is_not_marked_revised(tmp_path, mini_settings):
    build(tmp_path, "one")
    build(tmp_path, "one")  # the same again: not a revision
    html = write_index(tmp_path, mini_settings, published(tmp_path)).read_text()
    assert "Revised" not in html and "Earlier version" not in html
    assert "revision" not in json.loads((tmp_path / DATE / "manifest.json").read_text())
