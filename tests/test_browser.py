"""The built pack in a real headless Chromium: axe-core finds no WCAG 2.2 A/AA violation on any
page (on a desktop screen, a 375 CSS px phone and at the 320 CSS px reflow width), on a phone
every measure's rating and every action's status is in view without scrolling sideways and
chart text is readable, every link within the site works from disk (file://) and from a web
server, no page logs an error, fails a request or reaches outside the site; and a screenshot
of the overview for a person to look at.

Chromium is the system's (Debian's `chromium`), driven by Playwright; nothing downloads a
browser. The tests skip when no Chromium is found (set WSOA_CHROMIUM to point at one).

    WSOA_SCREENSHOT_DIR=shots   where the overview screenshot goes (default: a tmp_path)
    WSOA_BROWSER_SITE=rendered  check an already built site instead of building the fixture's
"""

import datetime as dt
import os
import threading
from pathlib import Path

import browser as web
import pytest

from conftest import MINI
from wsoa_analysis.build.pack import PackOptions, build_pack

pytestmark = [pytest.mark.slow, pytest.mark.browser]

DATE = dt.date(2022, 9, 30)
NOTEBOOKS = MINI.parents[2] / "notebooks"
BROKEN = Path(__file__).parent / "fixtures" / "browser" / "broken"


@pytest.fixture(scope="module")
def chromium() -> str:
    found = web.find_chromium()
    if found is None:
        pytest.skip("no Chromium found (apt-get install chromium, or set WSOA_CHROMIUM)")
    return found


def _build(out: Path) -> Path:
    """The fixture's pack, built in a thread of its own: while Playwright's sync API is in use
    this thread counts as running an asyncio loop, which the notebook runner refuses."""
    options = PackOptions(
        data_dir=MINI / "data", params_dir=MINI / "params", out_dir=out, notebooks_dir=NOTEBOOKS
    )
    outcome: dict = {}

    def run():
        try:
            outcome["folder"] = build_pack(DATE, options, log=lambda m: None)
        except BaseException as exc:  # noqa: BLE001 - re-raised below
            outcome["error"] = exc

    worker = threading.Thread(target=run, name="wsoa-build")
    worker.start()
    worker.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["folder"]


@pytest.fixture(scope="module")
def site(tmp_path_factory, chromium) -> Path:
    """The root of a built site (index.html and one folder per reporting date)."""
    given = os.environ.get("WSOA_BROWSER_SITE")
    if given:
        root = Path(given).resolve()
        assert (root / "index.html").is_file(), f"WSOA_BROWSER_SITE={given}: no index.html"
        return root
    out = tmp_path_factory.mktemp("site")
    _build(out)
    return out


@pytest.fixture(scope="module")
def browser(chromium):
    with web.launch(chromium) as running:
        yield running


@pytest.fixture(scope="module")
def http_base(site):
    with web.serve(site) as base:
        yield base


def _pages(site: Path) -> list[Path]:
    pages = web.html_pages(site)
    assert site / "index.html" in pages and len(pages) >= 2, f"no pack in {site}"
    return pages


@pytest.mark.parametrize("viewport", web.VIEWPORTS)
def test_axe_finds_no_wcag_violations(site, browser, http_base, viewport):
    found = web.axe_site(browser, site, http_base, web.VIEWPORTS[viewport])
    assert sorted(found) == sorted(p.relative_to(site).as_posix() for p in _pages(site))
    report = web.format_violations(found)
    tags = ", ".join(web.AXE_TAGS)
    assert not report, f"axe-core {web.AXE_VERSION} ({tags}) at {viewport}:\n{report}"


@pytest.mark.parametrize("viewport", web.PHONES)
def test_a_phone_shows_every_rating_and_status_and_readable_charts(
    site, browser, http_base, viewport
):
    found = web.phone_site(browser, site, http_base, web.VIEWPORTS[viewport])
    problems = [f"{page}: {p}" for page, got in found.items() for p in got["problems"]]
    shown = "\n".join(problems[:40]) + ("\n..." if len(problems) > 40 else "")
    assert not problems, f"at {viewport}, {len(problems)} problem(s):\n{shown}"
    # Something was checked: each area's page has a scorecard and a tracker, and charts.
    areas = {page: got for page, got in found.items() if "/priority-" in page}
    assert len(areas) >= 2 and all(got["cells"] for got in areas.values()), areas
    cells = sum(got["cells"] for got in found.values())
    texts = sum(got["texts"] for got in found.values())
    assert texts > 0, "no chart text measured"
    smallest = min(got["smallest"] for got in found.values() if got["smallest"] is not None)
    print(f"at {viewport}: {cells} ratings and statuses in view; chart text {smallest:.1f} px+")


@pytest.mark.parametrize("via", ["file", "http"])
def test_links_work_and_nothing_fails_or_leaves_the_site(site, browser, http_base, via):
    base = web.site_base(site) if via == "file" else http_base
    crawl = web.crawl(browser, base + "index.html", base)
    problems = crawl.all_problems()
    assert not problems, f"{len(problems)} problem(s) over {via}:\n" + "\n".join(problems)
    reached = sorted(crawl.relative(u) for u in crawl.pages)
    on_disk = sorted(p.relative_to(site).as_posix() for p in _pages(site))
    assert reached == on_disk, "pages not linked from index.html (or linked but not built)"
    pdfs = [u for u in crawl.resources if u.endswith(".pdf")]
    assert len(pdfs) == len(_published_pdfs(site)) >= 1, crawl.resources
    assert crawl.links_checked > 0


def _published_pdfs(site):
    """PDFs of the site: the build cache's copies in .cache are not published."""
    return web.published_files(site, "*.pdf")


def test_pdf_links_resolve(site):
    problems = [p for pdf in _published_pdfs(site) for p in web.pdf_link_problems(pdf)]
    assert not problems, "\n".join(problems)


def test_screenshot_of_the_overview(site, browser, http_base, tmp_path):
    overview = sorted(site.glob("*/overview.html"))[-1]  # the newest reporting date
    folder = Path(os.environ.get("WSOA_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    shot = folder / f"overview-{overview.parent.name}.png"
    context = web.new_context(browser, http_base, viewport=web.VIEWPORTS["desktop"])
    try:
        page = context.new_page()
        page.goto(http_base + overview.relative_to(site).as_posix(), wait_until="load")
        page.screenshot(path=str(shot), full_page=True)
    finally:
        context.close()
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
    print(f"screenshot of the overview: {shot}")


# --- the checks themselves catch what they are for -------------------------------------------


def test_the_checks_catch_broken_pages(browser):
    """A small site with one of each fault (tests/fixtures/browser/broken): if these were not
    found, a clean result above would mean nothing."""
    with web.serve(BROKEN) as base:
        found = {}
        crawl = web.crawl(
            browser,
            base + "index.html",
            base,
            on_page=lambda page, url: found.setdefault(url, web.run_axe(page)),
        )
    text = "\n".join(crawl.all_problems())
    for expected in [
        "missing.html: status 404",
        "report.pdf: HTTP 404",
        "sub/page.html#nowhere: no such id",
        "request leaves the site: https://example.invalid/tracker.png",
        "console error: deliberate console error",
        "sub/missing.png -> HTTP 404",
    ]:
        assert expected in text, f"{expected!r} not reported in:\n{text}"
    assert "#here" not in text
    assert crawl.external_links and "example.invalid" in crawl.external_links[0]
    rules = {v["id"] for violations in found.values() for v in violations}
    assert {"image-alt", "color-contrast"} <= rules, rules

    disk = web.site_base(BROKEN)
    crawl = web.crawl(browser, disk + "index.html", disk)
    text = "\n".join(crawl.all_problems())
    for expected in [
        "missing.html: no such file",
        "report.pdf: no such file",
        "../outside.html",
        "points outside the site",
    ]:
        assert expected in text, f"{expected!r} not reported in:\n{text}"
