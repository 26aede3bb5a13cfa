"""The commands that look without building: cycles, measure, compare, open, pack --dry-run."""

import json
import shutil
import sys
import webbrowser
from pathlib import Path

import pytest

from conftest import MINI
from wsoa_analysis import lookups
from wsoa_analysis.cli import main
from wsoa_analysis.context import load_context

sys.path.insert(0, str(Path(__file__).parent / "build"))
from tiny_notebooks import notebooks  # noqa: E402

DATA = ["--data", str(MINI / "data"), "--params", str(MINI / "params")]


def tree(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``folder`` with its bytes and modification time."""
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The fixture's 2022-09-30 pack, built with small stand-in notebooks."""
    root = tmp_path_factory.mktemp("built")
    nbs = notebooks(root / "notebooks")
    out = root / "out"
    argv = ["pack", "--date", "2022-09-30", *DATA, "--out", str(out), "--notebooks", str(nbs)]
    assert main(argv) == 0
    return out, nbs


# --- cycles -----------------------------------------------------------------------------------


def test_cycles_lists_every_cycle_and_which_is_built(built, capsys):
    out, _ = built
    assert main(["cycles", "--params", str(MINI / "params"), "--out", str(out)]) == 0
    lines = capsys.readouterr().out.splitlines()
    manifest = json.loads((out / "2022-09-30" / "manifest.json").read_text())
    when = manifest["finished_utc"].replace("T", " ").replace("+00:00", " UTC")
    assert lines[0].split() == ["reporting", "date", "cycle", "built", "in", str(out)]
    assert lines[2].split() == ["2022-06-30", "Quarter", "1", "review", "no"]
    assert lines[3].split() == ["2022-09-30", "Quarter", "2", "review", *when.split()]
    assert len(lines) == 4


def test_cycles_as_json_includes_packs_without_a_cycle_file(built, tmp_path, capsys):
    out = tmp_path / "out"
    shutil.copytree(built[0] / "2022-09-30", out / "2022-09-30")
    shutil.copytree(built[0] / "2022-09-30", out / "2021-03-31")  # built ad hoc with --date
    (out / "2022-09-30" / "manifest.json").write_text(
        json.dumps({"finished_utc": "2022-10-01T06:00:00+00:00", "failed_pages": {"p": "x"}})
    )
    (out / "not-a-date").mkdir()
    assert main(["cycles", "--params", str(MINI / "params"), "--out", str(out), "--json"]) == 0
    listing = json.loads(capsys.readouterr().out)
    assert [c["reporting_date"] for c in listing] == ["2021-03-31", "2022-06-30", "2022-09-30"]
    assert listing[0]["cycle_file"] is False and listing[0]["built"] is True
    assert listing[1] == {
        "reporting_date": "2022-06-30",
        "cycle_name": "Quarter 1 review",
        "cycle_file": True,
        "built": False,
        "built_utc": "",
        "failed_pages": 0,
    }
    assert listing[2]["built_utc"] == "2022-10-01T06:00:00+00:00"
    text = lookups.format_cycles(listing, out)
    assert "(no cycle file)" in text and "2022-10-01 06:00:00 UTC (1 page(s) failed)" in text


def test_cycles_with_nothing_built(tmp_path, capsys):
    assert main(["cycles", "--params", str(MINI / "params"), "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.count(" no\n") == 2


# --- one measure ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def contexts():
    return {
        d: load_context(d, MINI / "data", MINI / "params") for d in ("2022-06-30", "2022-09-30")
    }


def test_measure_shows_its_scorecard_row(contexts, capsys):
    row = contexts["2022-09-30"].card.set_index("kpi_id").loc["A-1"]
    assert main(["measure", "A-1", "--date", "2022-09-30", *DATA]) == 0
    out = capsys.readouterr().out.splitlines()
    facts = dict(line.split(":  ", 1) for line in out)
    facts = {k.rstrip(": ").strip(): v.strip() for k, v in facts.items()}
    assert facts["measure"] == f"A-1: {row['title']}"
    assert facts["reporting date"] == "30 September 2022 (Quarter 2 review)"
    assert facts["value"] == f"{row['latest_value']:.1f}% ({row['latest_period']})"
    assert facts["target"] == row["target"]
    assert facts["trajectory value"] == f"{row['expected_value']:.1f}%"
    assert facts["rating"].startswith(f"{row['rating_symbol']} {row['rating_label']}: ")
    assert set(facts) >= {"baseline", "comparator", "since the previous period"}


def test_measure_as_json_defaults_to_the_latest_cycle(capsys):
    assert main(["measure", "A-1", "--json", *DATA]) == 0
    facts = json.loads(capsys.readouterr().out)
    assert facts["reporting date"].startswith("30 September 2022")


def test_an_unknown_measure_is_a_usage_error_listing_the_ids(capsys):
    assert main(["measure", "Z-9", "--latest", *DATA]) == 64
    err = capsys.readouterr().err
    assert "wsoa measure: no measure 'Z-9' (the measures are: A-1, " in err


def test_a_measure_with_a_published_comparator(contexts):
    card = contexts["2022-09-30"].card
    row = card[card["comparator_area"] != ""].iloc[0]
    facts = lookups.measure_facts(row, contexts["2022-09-30"])
    assert facts["comparator"].startswith(f"{row['comparator_area']} ")
    assert facts["comparator"].endswith(f"({row['comparator_period']})")


# --- two cycles compared ----------------------------------------------------------------------


def test_compare_lists_what_changed_with_the_rating_movement(contexts):
    before, now = contexts["2022-06-30"].card, contexts["2022-09-30"].card
    rows = lookups.compare_cards(before, now)
    everything = lookups.compare_cards(before, now, every=True)
    assert len(everything) == len(now)
    changed = {r["kpi_id"] for r in rows}
    for r in everything:
        b = before.set_index("kpi_id").loc[r["kpi_id"]]
        n = now.set_index("kpi_id").loc[r["kpi_id"]]
        moved = b["rating"] != n["rating"]
        assert (r["movement"] != "") == moved
        if r["kpi_id"] not in changed:
            assert not moved and r["value_before"] == r["value"]
    assert rows, "the fixture's figures change between its two cycles"


def test_compare_movement_words_come_from_domain_changes():
    import pandas as pd

    def card(rating, value):
        return pd.DataFrame(
            {
                "kpi_id": ["K"],
                "title": ["T"],
                "unit": ["percent"],
                "latest_value": [value],
                "latest_symbol": [""],
                "latest_period": ["Q1"],
                "rating": [rating],
            }
        )

    (row,) = lookups.compare_cards(card("red", 50.0), card("amber", 55.0))
    assert row["movement"] == "Improved"
    assert (row["rating_before"], row["rating"]) == ("Off track", "Slightly behind")
    assert (row["value_before"], row["value"]) == ("50.0%", "55.0%")
    assert lookups.compare_cards(card("red", 50.0), card("red", 50.0)) == []
    (same,) = lookups.compare_cards(card("red", 50.0), card("red", 51.0))
    assert same["movement"] == ""


def test_cli_compare_prints_a_table(capsys):
    assert main(["compare", "--from", "2022-06-30", "--to", "2022-09-30", *DATA]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Key impact measures, 30 June 2022 → 30 September 2022: ")
    assert "measure  title" in out and "2022-06-30" in out and "2022-09-30" in out
    assert main(["compare", *DATA]) == 0  # the newest cycle against the one before it
    assert capsys.readouterr().out == out


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--from", "2022-09-30", "--to", "2022-06-30"], "--from 2022-09-30 is not before --to"),
        (["--from", "2022-09-30", "--to", "2022-09-30"], "is not before"),
        (["--to", "2022-06-30"], "no cycle before 2022-06-30"),
    ],
)
def test_compare_refuses_dates_it_cannot_compare(argv, message, capsys):
    assert main(["compare", *argv, *DATA]) == 64
    assert message in capsys.readouterr().err


# --- opening a pack ---------------------------------------------------------------------------


@pytest.fixture
def opened(monkeypatch):
    calls = []

    def fake_open(url, *a, **k):
        calls.append(url)
        return True

    monkeypatch.setattr(webbrowser, "open", fake_open)
    return calls


def test_open_prints_the_page_and_opens_it(built, opened, capsys):
    out = built[0]
    assert main(["open", "--out", str(out)]) == 0
    page = out / "2022-09-30" / "overview.html"
    assert capsys.readouterr().out == f"{page}\n"
    assert opened == [page.resolve().as_uri()]
    assert main(["open", "--date", "2022-09-30", "--out", str(out), "--no-browser"]) == 0
    assert len(opened) == 1


@pytest.mark.parametrize("headless", ["no browser", "error"])
def test_open_on_a_machine_without_a_browser_only_prints(built, monkeypatch, capsys, headless):
    def fake_open(url, *a, **k):
        if headless == "error":
            raise webbrowser.Error("could not locate runnable browser")
        return False

    monkeypatch.setattr(webbrowser, "open", fake_open)
    assert main(["open", "--latest", "--out", str(built[0])]) == 0
    out = capsys.readouterr().out
    assert out.startswith(str(built[0] / "2022-09-30" / "overview.html"))
    assert "No browser could be started here" in out


def test_open_latest_is_the_newest_pack_built(built, tmp_path, opened, capsys):
    out = tmp_path / "out"
    for day in ("2022-09-30", "2021-03-31", "2022-06-30"):
        shutil.copytree(built[0] / "2022-09-30", out / day)
    (out / "2022-09-30" / "overview.html").unlink()  # a folder without a page is no pack
    assert main(["open", "--latest", "--out", str(out), "--no-browser"]) == 0
    assert capsys.readouterr().out == f"{out / '2022-06-30' / 'overview.html'}\n"


def test_open_a_pack_that_is_not_built(tmp_path, opened, capsys):
    assert main(["open", "--date", "2022-06-30", "--out", str(tmp_path)]) == 1
    assert "no pack for 2022-06-30 in" in capsys.readouterr().err
    assert main(["open", "--out", str(tmp_path)]) == 1
    assert "no pack is built in" in capsys.readouterr().err
    assert opened == []


# --- pack --dry-run ---------------------------------------------------------------------------


def dry_run(out, nbs, *extra):
    return main(
        ["pack", "--date", "2022-09-30", *DATA, "--out", str(out), "--notebooks", str(nbs)]
        + ["--dry-run", *extra]
    )


def test_dry_run_after_a_build_says_every_page_comes_from_the_cache(built, capsys):
    out, nbs = built
    before = tree(out)
    assert dry_run(out, nbs) == 0
    text = capsys.readouterr().out
    assert "2022-09-30 (Quarter 2 review): the inputs are valid; 4 pages, 0 notebook(s)" in text
    assert text.count("from the cache") == 4 and "run the notebook" not in text
    assert "priority-1  Priority 1: Plans & assessments  priority_area.ipynb  priority_id=1" in (
        text
    )
    assert text.rstrip().endswith("Dry run: nothing was run or written.")
    assert tree(out) == before  # nothing written, not even to the cache
    assert dry_run(out, nbs, "--no-cache") == 0
    assert capsys.readouterr().out.count("run the notebook") == 4


def test_dry_run_with_no_build_runs_nothing_and_writes_nothing(tmp_path, capsys):
    nbs = notebooks(tmp_path / "notebooks")
    assert dry_run(tmp_path / "out", nbs) == 0
    assert capsys.readouterr().out.count("run the notebook") == 4
    assert not (tmp_path / "out").exists()


def test_dry_run_validates(mini_data, tmp_path, capsys):
    (mini_data / "kpis.csv").unlink()
    argv = ["pack", "--latest", "--data", str(mini_data), "--params", str(MINI / "params")]
    assert main([*argv, "--out", str(tmp_path / "out"), "--dry-run"]) == 2
    assert "kpis.csv: the file is missing" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
