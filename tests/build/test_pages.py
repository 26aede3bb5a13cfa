"""A page in the cache is reused only while the commentary its notebook read says the same:
entries it looked up one by one, or all of it when it read it whole or did not say."""

from wsoa_analysis.build import cache
from wsoa_analysis.build.cache import BuildCache
from wsoa_analysis.build.pages import LOADED, cached_bodies, commentary_reads
from wsoa_analysis.build.plan import PageSpec

NOTES = {"areas": {"1": "Area one.", "2": "Area two."}, "measures": {"A-1": "Measure."}}


def reworded(kind, key, text):
    return {**NOTES, kind: {**NOTES[kind], key: text}}


def test_what_a_notebook_read(tmp_path):
    noted = tmp_path / "page.reads"
    assert commentary_reads(noted) == [cache.EVERYTHING]  # the context was never loaded
    noted.write_text("areas\t1\n")
    assert commentary_reads(noted) == [cache.EVERYTHING]  # ...nor here
    noted.write_text(f"{LOADED}\nareas\t1\nmeasures\tA-1\nareas\t1\n")
    assert commentary_reads(noted) == ["areas\t1", "measures\tA-1"]
    noted.write_text(f"{LOADED}\n")
    assert commentary_reads(noted) == []  # a page that shows no commentary


def test_a_page_is_reused_while_what_it_read_says_the_same(tmp_path):
    store = BuildCache(tmp_path)
    pages = [PageSpec(s, s, tmp_path / "x.ipynb") for s in ("overview", "area-1", "whole")]
    keys = {p.slug: f"key-{p.slug}" for p in pages}
    for page, reads in zip(pages, ([], ["areas\t1", "measures\tB-9"], ["*"]), strict=True):
        store.put_page(keys[page.slug], f"<p>{page.slug}</p>", reads, NOTES)

    def reused(commentary):
        return sorted(cached_bodies(pages, store, keys, commentary, "2022-09-30", None))

    assert reused(NOTES) == ["area-1", "overview", "whole"]
    assert cached_bodies(pages, store, keys, NOTES, "d", None)["area-1"] == "<p>area-1</p>"
    assert reused(reworded("areas", "2", "Changed.")) == ["area-1", "overview"]
    assert reused(reworded("areas", "1", "Changed.")) == ["overview"]
    assert reused(reworded("measures", "B-9", "New.")) == ["overview"]  # absent, then said
    assert reused({"areas": {}, "measures": {}}) == ["overview"]


def test_a_page_made_with_earlier_commentary_is_reused_when_it_says_that_again(tmp_path):
    store = BuildCache(tmp_path)
    changed = reworded("areas", "1", "Changed.")
    store.put_page("key", "<p>first</p>", ["areas\t1"], NOTES)
    store.put_page("key", "<p>second</p>", ["areas\t1"], changed)
    assert store.get_page("key", changed) == "<p>second</p>"
    assert store.get_page("key", NOTES) == "<p>first</p>"  # reworded back
    assert store.get_page("key", reworded("areas", "1", "Third.")) is None


def test_the_spare_core_s_work_starts_when_fewer_notebooks_are_left_than_run_at_once():
    from wsoa_analysis.build.events import BuildEvent
    from wsoa_analysis.build.pack import when_a_core_is_free

    started, heard = [], []
    listener = when_a_core_is_free(heard.append, 4, 2, lambda: started.append(len(heard)))
    for kind in ("running", "page_finished", "page_finished", "page_failed", "page_finished"):
        listener(BuildEvent(kind))
    assert [e.kind for e in heard][:2] == ["running", "page_finished"]
    assert started[0] == 3  # when the third of four notebooks ended, the fourth running alone
    when_a_core_is_free(None, 1, 2, lambda: started.append("at once"))
    assert started[-1] == "at once"
    when_a_core_is_free(None, 0, 2, lambda: started.append("nothing ran"))
    assert started[-1] != "nothing ran"  # then the work waits for the build to ask for it


def test_a_failed_page_tells_reviewers_in_plain_words_and_the_analyst_everything(tmp_path):
    """--keep-going: the page that failed shows a plain sentence (on the page, its banner
    and so the PDF), never the error; the analyst's message has the notebook, the cell,
    the error and where the executed notebook is kept."""
    import pytest

    from conftest import ROOT
    from wsoa_analysis.build.options import PackOptions
    from wsoa_analysis.build.pages import FAILED_PAGE, page_context, run_pages
    from wsoa_analysis.config.settings import cycle_for_date, load_area

    pytest.importorskip("papermill")
    nbs = ROOT / "tests" / "fixtures" / "notebooks"
    pages = [
        PageSpec("good", "Good", nbs / "good.ipynb"),
        PageSpec("bad", "Bad", nbs / "raises.ipynb"),
    ]
    params = {p.slug: {"reporting_date": "2022-09-30"} for p in pages}
    options = PackOptions(out_dir=tmp_path / "out", notebooks_dir=tmp_path, keep_going=True)
    bodies = {}
    store, keys = BuildCache(tmp_path / "out"), {"good": "k1", "bad": "k2"}
    failures = run_pages(pages, params, options, "2022-09-30", bodies, store, keys)
    kept = tmp_path / "out" / ".work" / "2022-09-30" / "bad.ipynb"
    assert failures["bad"].startswith("raises.ipynb (Bad) failed in cell 4: ValueError: no data")
    assert "cell 4 (raise ValueError(" in failures["bad"] and str(kept) in failures["bad"]
    assert kept.exists()
    assert FAILED_PAGE in bodies["bad"]
    for words in ("ValueError", "raises.ipynb", "cell", "Traceback", "<pre"):
        assert words not in bodies["bad"] and words not in FAILED_PAGE
    mini = ROOT / "tests" / "fixtures" / "mini" / "params"
    settings, cycle = (
        load_area(mini),
        cycle_for_date(mini, __import__("datetime").date(2022, 9, 30)),
    )
    assert page_context(pages[1], pages, settings, cycle, failures).banner == FAILED_PAGE
    assert page_context(pages[0], pages, settings, cycle, failures).banner is None
