"""Publishing: at every instant ``<out>/<date>`` is the old pack or the new one, whole; a run
stopped at any step is finished or undone by the next; earlier versions are kept as a record;
nothing the workbook did not write is moved or removed."""

import json
import os
import shutil

import pytest

from wsoa_analysis.build import publish as pub
from wsoa_analysis.build.revisions import published
from wsoa_analysis.errors import BuildError

DATE = "2022-09-30"


def pack(folder, text, extra=None):
    """A small pack as a build writes it: pages, a PDF, a manifest of the workbook's own."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "overview.html").write_text(text)
    (folder / "appendix.pdf").write_bytes(b"%PDF " + text.encode())
    record = {
        "reporting_date": DATE,
        "workbook_version": "1",
        "finished_utc": "2024-03-01T10:00:00+00:00",
        "outputs": ["overview.html", "appendix.pdf"],
        "parameters": {"notebooks": {"overview": {"title": "Overview"}}},
        **(extra or {}),
    }
    (folder / "manifest.json").write_text(json.dumps(record))
    return folder


def build(out, text):
    """Stage and publish a pack saying ``text``, as ``build_pack`` does."""
    with pub.staging(out, DATE) as staged:
        pack(staged, text)
        return pub.publish(staged, out / DATE, say=lambda m: None)


def shown(out):
    return (out / DATE / "overview.html").read_text()


def test_first_publish_links_the_date_to_its_first_version(tmp_path):
    final = build(tmp_path, "one")
    assert final.is_symlink() and os.readlink(final) == f"{DATE}.v1"
    assert shown(tmp_path) == "one"
    assert sorted(p.name for p in tmp_path.iterdir()) == [DATE, f"{DATE}.v1"]


def test_a_changed_rebuild_keeps_the_earlier_version_and_says_what_changed(tmp_path):
    build(tmp_path, "one")
    build(tmp_path, "two")
    assert shown(tmp_path) == "two" and os.readlink(tmp_path / DATE) == f"{DATE}.v2"
    assert (tmp_path / f"{DATE}.v1" / "overview.html").read_text() == "one"
    revision = json.loads((tmp_path / DATE / "manifest.json").read_text())["revision"]
    assert revision["revises"] == f"{DATE}.v1"
    assert revision["changed"] == ["appendix.pdf", "overview.html"]
    [listed] = published(tmp_path)
    assert [e["folder"] for e in listed["earlier"]] == [f"{DATE}.v1"]
    assert listed["earlier"][0]["superseded_utc"] == revision["revised_utc"]


def test_an_identical_rebuild_is_not_a_revision(tmp_path):
    build(tmp_path, "one")
    build(tmp_path, "two")
    build(tmp_path, "two")
    assert sorted(p.name for p in tmp_path.iterdir()) == [DATE, f"{DATE}.v1", f"{DATE}.v3"]
    revision = json.loads((tmp_path / DATE / "manifest.json").read_text())["revision"]
    assert revision["revises"] == f"{DATE}.v1"  # still the one revision
    assert [e["folder"] for e in published(tmp_path)[0]["earlier"]] == [f"{DATE}.v1"]


class Stopped(BaseException):
    """The process killed at this point."""


def stepping(monkeypatch, out, stop_at, allowed):
    """Make the k-th rename, replace or link the build makes raise :class:`Stopped`, and
    check before and after every one of them that ``<out>/<date>`` shows a whole pack
    whose text is one of ``allowed``."""
    calls = []

    def check():
        if allowed:
            assert shown(out) in allowed
            assert (out / DATE / "manifest.json").exists()

    def wrap(real):
        def step(*args, **kwargs):
            calls.append(real.__name__)
            check()
            if len(calls) == stop_at:
                raise Stopped
            result = real(*args, **kwargs)
            check()
            return result

        return step

    for name in ("rename", "replace", "symlink"):
        monkeypatch.setattr(pub.os, name, wrap(getattr(os, name)))
    return calls


def legacy_pack(out, text):
    """A pack as published before versions existed: a real folder."""
    return pack(out / DATE, text)


@pytest.mark.parametrize("layout", ["versions", "legacy"])
def test_stopped_at_any_step_the_previous_pack_stays_or_comes_back(tmp_path, layout):
    steps = 0
    while True:
        steps += 1
        out = tmp_path / f"{layout}-{steps}"
        out.mkdir()
        if layout == "versions":
            build(out, "old")
        else:
            legacy_pack(out, "old")
        allowed = {"old", "new"} if layout == "versions" else set()  # the old layout: a gap
        with pytest.MonkeyPatch.context() as mp:
            calls = stepping(mp, out, steps, allowed)
            try:
                build(out, "new")
                done = True
            except Stopped:
                done = False
        pub.recover(out, say=lambda m: None)  # the next run, before anything else
        assert shown(out) == ("new" if done else "old")
        assert not list(out.glob(".publishing-*")) and not list(out.glob(".*.link"))
        assert build(out, "newer") and shown(out) == "newer"  # and it publishes again
        versions = sorted(p.name for p in out.iterdir() if p.name.startswith(f"{DATE}.v"))
        kept = {(out / v / "overview.html").read_text() for v in versions}
        assert "old" in kept  # never deleted: kept as an earlier version
        if done:
            break
    assert steps > 3 and calls  # every step was interrupted once


def test_a_pack_left_by_an_older_workbook_as_old_is_put_back(tmp_path):
    pack(tmp_path / f".old-{DATE}", "old")
    pub.recover(tmp_path, say=lambda m: None)
    assert shown(tmp_path) == "old"
    build(tmp_path, "new")
    assert shown(tmp_path) == "new"
    assert "old" in {(p / "overview.html").read_text() for p in tmp_path.glob(f"{DATE}.v*")}


@pytest.mark.parametrize("what", ["folder", "link", "staging"])
def test_what_the_workbook_did_not_write_is_left_alone(tmp_path, what):
    if what == "folder":
        theirs = tmp_path / DATE
        theirs.mkdir()
        (theirs / "minutes.docx").write_text("board minutes")
    elif what == "link":
        (tmp_path / "elsewhere").mkdir()
        theirs = tmp_path / DATE
        theirs.symlink_to("elsewhere")
    else:
        theirs = tmp_path / f".staging-{DATE}"
        theirs.mkdir()
        (theirs / "notes.txt").write_text("mine")
    before = sorted(p.name for p in tmp_path.rglob("*"))
    with pytest.raises(BuildError, match=str(theirs)):
        build(tmp_path, "new")
    with pytest.raises(BuildError, match=str(theirs)) if what != "staging" else nullcontext():
        pub.check_out(tmp_path, DATE)
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def nullcontext():
    import contextlib

    return contextlib.nullcontext()


def test_a_stale_staging_folder_of_the_workbook_is_cleared(tmp_path):
    stale = tmp_path / f".staging-{DATE}"
    stale.mkdir()
    (stale / ".wsoa-staging").write_text("")
    (stale / "overview.html").write_text("half")
    build(tmp_path, "new")
    assert shown(tmp_path) == "new" and not stale.exists()


def test_a_version_name_taken_by_something_else_is_skipped_not_replaced(tmp_path):
    build(tmp_path, "one")
    (tmp_path / f"{DATE}.v2").mkdir()  # someone's empty folder
    build(tmp_path, "two")
    assert os.readlink(tmp_path / DATE) == f"{DATE}.v3"
    assert (tmp_path / f"{DATE}.v2").is_dir() and not any((tmp_path / f"{DATE}.v2").iterdir())
    shutil.rmtree(tmp_path / f"{DATE}.v2")
