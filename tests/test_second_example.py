"""The second bundled example, ``examples/priority-action-plan/``: an invented area's priority
action plan in workstreams, with its own status words and measure kinds, no record-level data
and no published comparators. It validates, every cycle builds, its pages speak in its own
words, and nothing of the first example (``data/``, ``params/``) shows through in its pack."""

from __future__ import annotations

import csv
import html
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

pytestmark = pytest.mark.slow

EXAMPLE = ROOT / "examples" / "priority-action-plan"
DATA, PARAMS = EXAMPLE / "data", EXAMPLE / "params"
WSOA = Path(sys.executable).with_name("wsoa")


def _table(folder: Path, name: str) -> list[dict]:
    path = folder / f"{name}.csv"
    if not path.exists():
        return []
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def _area_settings(params: Path) -> dict:
    return yaml.safe_load((params / "area.yaml").read_text(encoding="utf-8"))


def _cycles(params: Path) -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(params.glob("20*.yaml"))]


def _newest() -> str:
    return str(_cycles(PARAMS)[-1]["reporting_date"])


@pytest.fixture(scope="session")
def second_packs(tmp_path_factory) -> Path:
    """Every cycle of the second example, built from scratch once a session, as a scheduled
    run would: the folder holding one pack per reporting date."""
    out = tmp_path_factory.mktemp("second-example") / "out"
    command = [str(WSOA), "pack", "--all", "--data", str(DATA), "--params", str(PARAMS)]
    command += ["--out", str(out), "--no-cache", "--notebooks", str(ROOT / "notebooks")]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return out


# --- what a reader of the published pack sees, file by file ---------------------------------


def _page_text(raw: str) -> str:
    """A page's words: its text and its attributes (alt, title, aria-label) unescaped, tags
    and whitespace runs as single spaces."""
    raw = re.sub(r"<style.*?</style>", " ", raw, flags=re.S)
    attributes = " ".join(re.findall(r'="([^"]*)"', raw))
    text = re.sub(r"<[^>]+>", " ", raw)
    return " ".join(html.unescape(f"{text} {attributes}").split())


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    text = re.sub(r"(\w)-\n(\w)", r"\1\2", text)  # a word hyphenated at a line's end
    return " ".join(text.split())


def _xlsx_text(path: Path) -> str:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    cells = (
        c for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for c in row
    )
    return " ".join(" ".join(str(c).split()) for c in cells if c is not None)


def _published(out: Path) -> dict[str, str]:
    """Every published file a reader can open, by its name under ``out``: the index, and for
    each cycle its pages, its PDF, its data workbook and its figures."""
    texts = {"index.html": _page_text((out / "index.html").read_text(encoding="utf-8"))}
    for pack in sorted(p for p in out.iterdir() if re.fullmatch(r"\d{4}-\d{2}-\d{2}", p.name)):
        for page in sorted(pack.glob("*.html")):
            texts[f"{pack.name}/{page.name}"] = _page_text(page.read_text(encoding="utf-8"))
        texts[f"{pack.name}/appendix.pdf"] = _pdf_text(pack / "appendix.pdf")
        texts[f"{pack.name}/data.xlsx"] = _xlsx_text(pack / "data.xlsx")
        texts[f"{pack.name}/figures.csv"] = (pack / "figures.csv").read_text(encoding="utf-8-sig")
    return texts


@pytest.fixture(scope="session")
def published(second_packs) -> dict[str, str]:
    return _published(second_packs)


# --- (a) it validates and builds, and says it is invented ------------------------------------


def test_the_second_example_validates_without_a_warning():
    command = [str(WSOA), "validate", "--data", str(DATA), "--params", str(PARAMS)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "warning" not in (done.stdout + done.stderr).lower(), done.stdout + done.stderr


def test_every_cycle_is_published_with_a_page_for_each_workstream(second_packs):
    workstreams = _table(DATA, "priorities")
    for cycle in _cycles(PARAMS):
        pack = second_packs / str(cycle["reporting_date"])
        pages = sorted(p.name for p in pack.glob("*.html"))
        assert "overview.html" in pages
        assert len(pages) == 1 + len(workstreams), pages
        for name in ("appendix.pdf", "data.xlsx", "figures.csv", "manifest.json"):
            assert (pack / name).stat().st_size > 0, name


def test_it_is_the_shape_the_first_is_not():
    """No record-level requests, no published comparators, areas with ids that are not
    numbers, and a plan of another kind with status words of its own."""
    assert not _table(DATA, "ehc_requests") and not _table(DATA, "benchmarks")
    assert all(not r["priority_id"].isdigit() for r in _table(DATA, "priorities"))
    plan = _area_settings(PARAMS)["plan"]
    assert plan["kind"] != _area_settings(ROOT / "params")["plan"]["kind"]
    assert plan["statuses"]


def test_everything_in_it_is_labelled_invented(published):
    for name in ("observations", "action_updates", "highlights", "risks", "closures"):
        rows = _table(DATA, name)
        assert rows and all(r["synthetic"] == "yes" for r in rows), name
    settings = _area_settings(PARAMS)
    note = " ".join(settings["pack"]["synthetic_note"].split())
    assert "invented" in note and "invented" in settings["plan"]["title"]
    assert "invented" in (DATA / "ABOUT.md").read_text(encoding="utf-8").lower()
    for name, text in published.items():
        if name.endswith(".html") and not name.startswith("index"):
            assert note in text, name
    assert "invented" in published[f"{_newest()}/appendix.pdf"][:3000]


# --- (b) nothing of the first example shows through ------------------------------------------

_PIECES = re.compile(r"\s*(?:;|,|/|\band\b|\s[–-]\s)\s*")
_PERSON_OR_GROUP = re.compile(r"(?:[A-Z][a-z]+ [A-Z][a-z]+|[A-Z]{4})")
_SCHOOL = re.compile(r"\b[A-Z][a-z]+ (?:Primary|Secondary|Junior|Infant|Academy) School\b")


def _month_forms(day) -> list[str]:
    return [f"{day:%B %Y}", f"{day:%b %Y}", f"{day.day} {day:%B %Y}"]


def first_example_words(data: Path = ROOT / "data", params: Path = ROOT / "params") -> dict:
    """The first example's distinctive words, each with where it comes from: its area, codes,
    organisation, board, plan title and inspection (``area.yaml``), its cycles' names and
    meetings, the months of its dates, and the people, groups and schools its leads name."""
    settings = _area_settings(params)
    area, plan = settings["area"], settings["plan"]
    words = {area["name"]: "area.name", area["code"]: "area.code"}
    for code in area.get("statistical_neighbours", {}).get("codes", []):
        words[code] = "area.statistical_neighbours"
    words[settings["pack"]["organisation"]] = "pack.organisation"
    words[plan["title"]] = "plan.title"
    words[plan["governance"]["board"]] = "plan.governance.board"
    words[plan["inspection"]["name"]] = "plan.inspection.name"
    days = {"plan.end_date": plan["end_date"], "plan.inspection.date": plan["inspection"]["date"]}
    for cycle in _cycles(params):
        words[cycle["cycle_name"]] = "a cycle's cycle_name"
        words[cycle["meeting"]] = "a cycle's meeting"
        days[f"reporting_date {cycle['reporting_date']}"] = cycle["reporting_date"]
    for where, day in days.items():
        words.update(dict.fromkeys(_month_forms(day), where))
    for table, column in (("actions", "leads"), ("priorities", "lead_officers")):
        for row in _table(data, table):
            for piece in _PIECES.split(row[column] or ""):
                if _PERSON_OR_GROUP.fullmatch(piece.strip()):
                    words[piece.strip()] = f"{table}.{column}"
            for school in _SCHOOL.findall(row[column] or ""):
                words[school] = f"{table}.{column}"
    return words


def _hits(words: dict, texts: dict[str, str], area_name: str) -> list[str]:
    hits = []
    for word, where in words.items():
        flags = re.IGNORECASE if word == area_name else 0
        pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", flags)
        hits += [
            f"{name}: {word!r} (from {where})" for name, t in texts.items() if pattern.search(t)
        ]
    return hits


def test_the_first_examples_words_are_found_and_many():
    """The words are derived, not typed: they must hold the area, its people and its months,
    or the next test would pass by checking nothing."""
    words = first_example_words()
    cycles = _cycles(ROOT / "params")
    area = _area_settings(ROOT / "params")["area"]["name"]
    assert words[area] == "area.name"
    assert sum(1 for w in words.values() if w.endswith(("leads", "lead_officers"))) >= 10
    assert all(f"{c['reporting_date']:%B %Y}" in words for c in cycles)
    month = f"{cycles[-1]['reporting_date']:%B %Y}"
    page = {"a page": f"Prepared for the {area.upper()} board, {month}."}
    assert len(_hits(words, page, area)) == 2  # the check sees them, in any case for the name


def test_nothing_of_the_first_example_appears_in_the_second_pack(published):
    area = _area_settings(ROOT / "params")["area"]["name"]
    hits = _hits(first_example_words(), published, area)
    assert not hits, "\n".join(hits[:40])


# --- (c) its own words -----------------------------------------------------------------------


def test_its_areas_are_workstreams_never_priorities(published):
    label = _area_settings(PARAMS)["plan"]["areas"]["label"]
    workstreams = _table(DATA, "priorities")
    day = _newest()
    for row in workstreams:
        named = label.replace("{id}", row["priority_id"])
        assert f"{named}: {row['title']}" in published[f"{day}/overview.html"], named
        assert named in published[f"{day}/appendix.pdf"], named
    wrong = re.compile(r"\bpriority areas?\b|\bPriority (?:\d+|WS\d)\b", re.IGNORECASE)
    found = {name: wrong.findall(t) for name, t in published.items() if not name.endswith(".csv")}
    assert not {k: v for k, v in found.items() if v}


def _pills(page_html: str) -> list[str]:
    """The status pills of a page's actions (a risk's red/amber/green rating is drawn in the
    same pill, in its own table: left out)."""
    page_html = re.sub(r"<caption>Issues and risks.*?</table>", "", page_html, flags=re.S)
    return re.findall(r'<span class="pill brag[^"]*">([^<]*)</span>', page_html)


def test_the_tracker_shows_the_plans_own_status_words(second_packs):
    words = {s["word"] for s in _area_settings(PARAMS)["plan"]["statuses"]}
    for cycle in _cycles(PARAMS):
        day = str(cycle["reporting_date"])
        recorded = {
            r["status"] for r in _table(DATA, "action_updates") if r["reporting_date"] == day
        }
        shown = set()
        for page in (second_packs / day).glob("*.html"):
            shown |= set(_pills(page.read_text(encoding="utf-8")))
        assert recorded <= shown <= words | {"No status"}, (day, shown)


def _figures(second_packs: Path) -> list[dict]:
    with open(second_packs / _newest() / "figures.csv", newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


_VALUE_ROWS = (": value", ": latest value", ": baseline", ": target")


def _shown_as(kpi: dict) -> re.Pattern:
    """How a value (or a target: ``... by Aug 2026``) of the measure's kind must read."""
    by = r"(?: by \w+ \d{4})?"
    if kpi["unit"] == "rate_per_n":
        per = f"{float(kpi['rate_per']):,.0f}"
        return re.compile(rf"\d[\d,.]* per {per} {re.escape(kpi['rate_population'])}{by}")
    if kpi["unit"] == "milestone":
        return re.compile(rf"(?:Done|Not yet){by}")
    suffix = {"percent": "%", "weeks": " weeks", "days": " days"}[kpi["unit"]]
    return re.compile(rf"\d[\d,.]*{re.escape(suffix)}{by}")


def test_each_measure_kind_is_shown_in_its_own_form(second_packs):
    figures = _figures(second_packs)
    kinds = set()
    for kpi in _table(DATA, "kpis"):
        rows = [
            r
            for r in figures
            if r["measure_id"] == kpi["kpi_id"] and r["measure"].endswith(_VALUE_ROWS)
        ]
        assert rows, kpi["kpi_id"]
        form = _shown_as(kpi)
        wrong = [(r["measure"], r["shown"]) for r in rows if not form.fullmatch(r["shown"])]
        assert not wrong, (kpi["kpi_id"], kpi["unit"], wrong)
        kinds.add(kpi["unit"])
    assert {"rate_per_n", "milestone", "weeks", "percent"} <= kinds


def test_a_milestone_is_never_a_progress_percentage(second_packs):
    milestones = {k["kpi_id"] for k in _table(DATA, "kpis") if k["unit"] == "milestone"}
    progress = [
        r["figure_id"]
        for r in _figures(second_packs)
        if r["measure_id"] in milestones and "progress" in r["measure"]
    ]
    assert milestones and not progress


def test_termly_and_census_values_name_their_term_and_census(second_packs):
    forms = {
        "termly": re.compile(r"(?:Autumn|Spring|Summer) term \d{4}/\d{2}"),
        "january_census": re.compile(r"January \d{4} census"),
    }
    kpis = {k["kpi_id"]: k["frequency"] for k in _table(DATA, "kpis")}
    rows = [r for r in _figures(second_packs) if kpis.get(r["measure_id"]) in forms and r["period"]]
    assert {kpis[r["measure_id"]] for r in rows} == set(forms)
    wrong = [
        (r["measure_id"], r["period"])
        for r in rows
        if not forms[kpis[r["measure_id"]]].fullmatch(r["period"])
    ]
    assert not wrong


def test_a_percentage_shows_its_numerator_and_denominator(second_packs):
    figures = _figures(second_packs)
    shown = {(r["measure_id"], r["shown"]) for r in figures}
    rows = [r for r in _table(DATA, "observations") if r["numerator"]]
    assert rows
    for r in rows:
        if r["period_end"] <= _newest():
            assert (r["kpi_id"], f"{int(float(r['numerator'])):,}") in shown, r
            assert (r["kpi_id"], f"{int(float(r['denominator'])):,}") in shown, r
