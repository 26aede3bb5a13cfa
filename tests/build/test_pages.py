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
