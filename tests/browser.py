"""Support for the browser tests (tests/test_browser.py): find Chromium, serve a built pack over
http://127.0.0.1, open its pages in headless Chromium through Playwright, run axe-core on them
and crawl their links.

Nothing here downloads a browser: Playwright drives the system's Chromium (Debian's `chromium`
package) through `executable_path`, and axe-core comes bundled in the `axe-playwright-python`
wheel. Also a command for a developer, without pytest:

    .venv/bin/python tests/browser.py rendered        # axe + links + console over a built pack
"""

from __future__ import annotations

import functools
import os
import shutil
import sys
import threading
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

# The axe-core rule tags for WCAG 2.0, 2.1 and 2.2 at levels A and AA.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# Sizes the pages are checked at: a desktop screen, a common phone (375 CSS px), and the 320 CSS
# px of WCAG 1.4.10 (Reflow), where wide tables must scroll within a region that a keyboard can
# reach.
VIEWPORTS = {
    "desktop": {"width": 1280, "height": 800},
    "375px": {"width": 375, "height": 667},
    "320px": {"width": 320, "height": 640},
}
PHONES = ["375px", "320px"]

# The smallest text a chart may show on a phone, in CSS px (today's 6 px could not be read).
MIN_CHART_TEXT_PX = 11

# Known to work with Debian's chromium as root in a container. Playwright adds --headless and a
# fresh --user-data-dir of its own for every launch.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",  # containers often have a 64 MB /dev/shm
]

CHROMIUM_CANDIDATES = ["chromium", "chromium-browser", "google-chrome-stable", "google-chrome"]

# Schemes a page may load from without leaving the machine (besides file:// and the server).
LOCAL_SCHEMES = ("data:", "blob:", "about:")

PAGE_SUFFIXES = (".html", ".htm")


def find_chromium() -> str | None:
    """The Chromium to drive: $WSOA_CHROMIUM, else /usr/bin/chromium, else one on PATH."""
    wanted = os.environ.get("WSOA_CHROMIUM")
    if wanted:
        return wanted if os.access(wanted, os.X_OK) else None
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    for name in CHROMIUM_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


@contextmanager
def launch(executable: str) -> Iterator:
    """One headless Chromium (a Playwright Browser) for as long as the block runs.

    While it runs, Playwright's sync API leaves its asyncio loop marked as running in this
    thread, so nothing that calls asyncio.run() (papermill, nbclient: i.e. building a pack) may
    run until the block ends.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve `root` on a free port of 127.0.0.1 from a thread; yields the base URL (ending /)."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="wsoa-http", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def file_url(path: Path) -> str:
    return path.resolve().as_uri()


def site_base(root: Path) -> str:
    """The file:// URL of a site's root folder, ending with /."""
    return file_url(root).rstrip("/") + "/"


def _strip(url: str) -> str:
    return urllib.parse.urldefrag(url)[0]


# --- watching a page: console errors, failed requests, requests that leave the site ----------


@dataclass
class PageLog:
    url: str
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    offsite_requests: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return (
            [f"console error: {m}" for m in self.console_errors]
            + [f"failed request: {m}" for m in self.failed_requests]
            + [f"request leaves the site: {m}" for m in self.offsite_requests]
        )


def is_local(url: str, base: str) -> bool:
    return url.startswith(base) or url.startswith(LOCAL_SCHEMES)


def new_context(browser, base: str, **options):
    """A fresh browser context whose pages cannot reach anything outside `base`: any other
    request is aborted (and reported by `watch` as leaving the site)."""
    context = browser.new_context(**options)

    def guard(route):
        if is_local(route.request.url, base):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    context.route(lambda url: True, guard)
    return context


def watch(page, base: str) -> PageLog:
    """Record, from now on, what goes wrong on `page`."""
    log = PageLog(page.url)

    def on_console(msg):
        if msg.type == "error":
            where = msg.location.get("url", "") if msg.location else ""
            log.console_errors.append(f"{msg.text} ({where})" if where else msg.text)

    def on_response(response):
        if response.status >= 400:
            log.failed_requests.append(f"{response.url} -> HTTP {response.status}")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: log.console_errors.append(f"uncaught: {exc}"))
    page.on("requestfailed", lambda req: log.failed_requests.append(f"{req.url} ({req.failure})"))
    page.on("response", on_response)
    page.on(
        "request",
        lambda req: None if is_local(req.url, base) else log.offsite_requests.append(req.url),
    )
    return log


def open_details(page) -> int:
    """Open every <details> (e.g. a chart's data table), so that axe checks what is inside."""
    return page.evaluate("""() => {
      const all = [...document.querySelectorAll('details')];
      all.forEach(d => { d.open = true; });
      return all.length;
    }""")


# --- axe-core -----------------------------------------------------------------------------------

_AXE = Axe()
AXE_VERSION = _AXE.axe_script[:60].split("axe v", 1)[-1].split()[0]  # from the /*! banner


def run_axe(page, tags: list[str] = AXE_TAGS) -> list[dict]:
    """axe-core's violations on the page as loaded (rules with the given tags only)."""
    options = {"runOnly": {"type": "tag", "values": tags}, "resultTypes": ["violations"]}
    violations = _AXE.run(page, options=options).response["violations"]
    nodes = [node for v in violations for node in v["nodes"]]
    targets = [n["target"][0] if len(n["target"]) == 1 else None for n in nodes]
    for node, where in zip(nodes, page.evaluate(_WHERE_JS, targets), strict=True):
        node["where"] = where
    return violations


# What an offending node is part of, since axe's html is only its opening tag: the caption of
# a table in it, the label of a region around it, the heading before it.
_WHERE_JS = """(targets) => targets.map(t => {
  let el = null;
  try { el = t && document.querySelector(t); } catch (e) {}
  if (!el) return '';
  const said = [];
  const caption = el.querySelector('caption') || el.closest('table')?.querySelector('caption');
  if (caption) said.push('table "' + caption.textContent.trim() + '"');
  const region = el.closest('[aria-label]');
  if (region) said.push('in "' + region.getAttribute('aria-label') + '"');
  const all = [...document.querySelectorAll('h1, h2, h3')];
  const before = all.filter(h => h.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
  if (before.length) said.push('under heading "' + before.at(-1).textContent.trim() + '"');
  return said.join(', ');
})"""


def _clip(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def format_violations(found: dict[str, list[dict]], nodes_per_rule: int = 8) -> str:
    """A report a developer can fix from: per page, each rule, its impact, help, and the
    offending nodes (CSS target and HTML)."""
    lines = []
    for page, violations in found.items():
        if not violations:
            continue
        total = sum(len(v["nodes"]) for v in violations)
        lines.append(f"== {page}: {len(violations)} rule(s) violated, {total} node(s)")
        for v in violations:
            lines.append(
                f"-- {v['id']} ({v.get('impact')}): {v['help']} "
                f"[{len(v['nodes'])} node(s)] {v.get('helpUrl', '')}"
            )
            for node in v["nodes"][:nodes_per_rule]:
                target = " ".join(str(t) for t in node["target"])
                lines.append(f"     target: {target}")
                lines.append(f"       html: {_clip(node.get('html', ''))}")
                if node.get("where"):
                    lines.append(f"      where: {_clip(node['where'])}")
                summary = node.get("failureSummary")
                if summary:
                    lines.append(f"        why: {_clip(summary, 400)}")
            if len(v["nodes"]) > nodes_per_rule:
                lines.append(f"     ... and {len(v['nodes']) - nodes_per_rule} more node(s)")
    return "\n".join(lines)


# --- crawling ---------------------------------------------------------------------------------

_LINKS_JS = """() => {
  const links = [];
  for (const a of document.querySelectorAll('a')) {
    const raw = a.getAttribute('href') ?? a.getAttribute('xlink:href');
    if (raw === null) continue;
    let abs = null;
    try { abs = new URL(raw, document.baseURI).href; } catch (e) {}
    links.push({raw: raw, abs: abs, text: (a.textContent || '').trim().slice(0, 60)});
  }
  const ids = [...document.querySelectorAll('[id]')].map(e => e.id);
  const names = [...document.querySelectorAll('a[name]')].map(e => e.getAttribute('name'));
  return {links: links, ids: ids.concat(names)};
}"""


@dataclass
class Crawl:
    """What a crawl of a site found."""

    base: str
    pages: dict[str, PageLog] = field(default_factory=dict)  # page URL -> its log
    resources: dict[str, str] = field(default_factory=dict)  # other target URL -> "ok" / why
    problems: list[str] = field(default_factory=list)
    external_links: list[str] = field(default_factory=list)  # not followed
    links_checked: int = 0

    def relative(self, url: str) -> str:
        return url[len(self.base) :] if url.startswith(self.base) else url

    def all_problems(self) -> list[str]:
        out = list(self.problems)
        for url, log in self.pages.items():
            out += [f"{self.relative(url)}: {p}" for p in log.problems()]
        return out


def _path_of(url: str) -> Path:
    return Path(urllib.request.url2pathname(urllib.parse.urlsplit(url).path))


def _origin(url: str) -> tuple[str, str]:
    parts = urllib.parse.urlsplit(url)
    return parts.scheme, parts.netloc


def _is_page(url: str) -> bool:
    path = urllib.parse.urlsplit(url).path
    return path.endswith("/") or path.lower().endswith(PAGE_SUFFIXES)


def _check_resource(context, url: str) -> str:
    """'ok', or why the (non-HTML) target is broken."""
    if url.startswith("file:"):
        path = _path_of(url)
        if not path.is_file():
            return "no such file"
        if path.suffix.lower() == ".pdf" and not path.read_bytes()[:5] == b"%PDF-":
            return "not a PDF"
        return "ok"
    response = context.request.get(url)
    try:
        if response.status != 200:
            return f"HTTP {response.status}"
        if url.lower().endswith(".pdf") and not response.body()[:5] == b"%PDF-":
            return f"not a PDF (Content-Type {response.headers.get('content-type')})"
        return "ok"
    finally:
        response.dispose()


def crawl(browser, start: str, base: str, *, on_page=None) -> Crawl:
    """Open `start` and every page reachable from it by <a href> within `base` (file:// or
    http://), one fresh page each; check every link target exists and every #fragment names an
    id on its target page. `on_page(page, url)` runs on each page once loaded (e.g. axe)."""
    result = Crawl(base)
    ids: dict[str, set[str] | None] = {}  # page URL -> its ids (None: could not load)
    fragments: list[tuple[str, str, str]] = []  # (from page, target page, fragment)
    queue = [_strip(start)]
    context = new_context(browser, base)
    try:
        while queue:
            url = queue.pop(0)
            if url in result.pages:
                continue
            page = context.new_page()
            result.pages[url] = watch(page, base)
            try:
                target = url
                if url.endswith("/"):  # a folder: a static host serves its index.html
                    target = url + "index.html"
                if target.startswith("file:") and not _path_of(target).is_file():
                    result.problems.append(f"{result.relative(url)}: no such file")
                    ids[url] = None
                    continue
                try:
                    response = page.goto(target, wait_until="load")
                except Exception as exc:  # noqa: BLE001 - reported, not raised
                    result.problems.append(f"{result.relative(url)}: cannot open ({exc})")
                    ids[url] = None
                    continue
                if response is None or response.status != 200:
                    status = response.status if response else "no response"
                    result.problems.append(f"{result.relative(url)}: status {status}")
                found = page.evaluate(_LINKS_JS)
                ids[url] = set(found["ids"])
                if on_page is not None:
                    on_page(page, url)
            finally:
                page.close()
            for link in found["links"]:
                result.links_checked += 1
                abs_url, raw = link["abs"], link["raw"]
                where = f"{result.relative(url)}: <a href={raw!r}> ({link['text']!r})"
                if abs_url is None:
                    result.problems.append(f"{where}: not a valid URL")
                    continue
                if abs_url.startswith(("mailto:", "tel:")):
                    continue
                if not abs_url.startswith(base):
                    if _origin(abs_url) == _origin(base):
                        result.problems.append(f"{where}: points outside the site ({abs_url})")
                    else:
                        result.external_links.append(f"{where}: {abs_url}")
                    continue
                target_url, fragment = urllib.parse.urldefrag(abs_url)
                if _is_page(target_url):
                    if target_url not in result.pages and target_url not in queue:
                        queue.append(target_url)
                    if fragment:
                        fragments.append((url, target_url, urllib.parse.unquote(fragment)))
                elif target_url not in result.resources:
                    result.resources[target_url] = _check_resource(context, target_url)
        for url, why in result.resources.items():
            if why != "ok":
                result.problems.append(f"{result.relative(url)}: {why}")
        for source, target_url, fragment in fragments:
            known = ids.get(target_url)
            if known is not None and fragment not in known and fragment != "top":
                result.problems.append(
                    f"{result.relative(source)}: link to "
                    f"{result.relative(target_url)}#{fragment}: no such id"
                )
    finally:
        context.close()
    return result


def pdf_link_problems(pdf: Path) -> list[str]:
    """Every link in a PDF goes somewhere: a named destination that exists, a page of the
    document, or (for a relative URI) a file that exists next to it."""
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject

    reader = PdfReader(pdf)
    names = set(reader.named_destinations)
    problems = []
    for number, page in enumerate(reader.pages, start=1):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            action = annot.get("/A")
            action = action.get_object() if action is not None else {}
            where = f"{pdf.name} page {number}"
            dest = annot.get("/Dest", action.get("/D"))
            kind = action.get("/S")
            if kind == "/URI":
                uri = str(action["/URI"])
                target = urllib.parse.urldefrag(uri)[0]
                if (
                    not urllib.parse.urlsplit(uri).scheme
                    and target
                    and not (pdf.parent / urllib.parse.unquote(target)).exists()
                ):
                    problems.append(f"{where}: link to {uri}: no such file")
            elif kind == "/GoToR":
                target = str(action.get("/F", ""))
                if not (pdf.parent / target).exists():
                    problems.append(f"{where}: link to {target}: no such file")
            elif dest is not None:
                dest = dest.get_object() if hasattr(dest, "get_object") else dest
                if isinstance(dest, ArrayObject):
                    continue  # an explicit page and position in this document
                if str(dest).lstrip("/") not in names:  # a string, or a /Name
                    problems.append(f"{where}: link to #{dest}: no such destination")
            else:
                problems.append(f"{where}: a link that goes nowhere")
    return problems


def published_files(root: Path, pattern: str) -> list[Path]:
    """The site's files matching ``pattern``, as a reader reaches them: each reporting date's
    pack through its link (``2023-06-30`` -> ``2023-06-30.v2``), the folder a link points to
    not a second time, superseded versions in their own folders; hidden folders (.cache,
    .work, .staging) are not part of the site."""
    linked = {p.resolve() for p in root.iterdir() if p.is_symlink()}
    found = []
    for entry in sorted(root.iterdir()):
        if entry.name.startswith(".") or (not entry.is_symlink() and entry.resolve() in linked):
            continue
        if entry.is_dir():
            found += [
                entry / p.relative_to(entry.resolve())
                for p in entry.resolve().rglob(pattern)
                if not any(x.startswith(".") for x in p.relative_to(entry.resolve()).parts)
            ]
        elif entry.match(pattern):
            found.append(entry)
    return sorted(found)


def html_pages(root: Path) -> list[Path]:
    return published_files(root, "*.html")


def axe_site(browser, root: Path, http_base: str, viewport: dict) -> dict[str, list[dict]]:
    """axe-core's violations on every page under `root` (served at `http_base`), each opened
    in a fresh page of the given viewport size with every <details> opened."""
    found: dict[str, list[dict]] = {}
    context = new_context(browser, http_base, viewport=viewport)
    try:
        for path in html_pages(root):
            name = path.relative_to(root).as_posix()
            page = context.new_page()
            try:
                response = page.goto(http_base + name, wait_until="load")
                if response is None or response.status != 200:
                    raise AssertionError(f"{name}: cannot open for axe ({response})")
                open_details(page)  # the data tables behind the charts too
                found[name] = run_axe(page)
            finally:
                page.close()
    finally:
        context.close()
    return found


# --- a page on a phone ---------------------------------------------------------------------

# What a reader of a page on a narrow screen may miss. For each column named in `columns`
# (table class -> column heading), every body cell of that column must lie within the
# viewport and within every box around it that clips (e.g. a table's sideways-scrolling
# region), at the page's first view: nothing to scroll sideways to see it. Every text of a
# chart is measured as drawn (its font size times the scale from the SVG to CSS px). The page
# itself must not scroll sideways, and a table region that does must show that it does.
_PHONE_JS = """([columns, minText]) => {
  const vw = document.documentElement.clientWidth;
  const out = {cells: 0, texts: 0, smallest: null, problems: []};
  const said = (el) => (el.closest('tr')?.querySelector('th')?.textContent || '').trim();
  if (document.documentElement.scrollWidth > vw)
    out.problems.push('the page scrolls sideways: ' + document.documentElement.scrollWidth
                      + ' px wide in a ' + vw + ' px viewport');
  for (const [cls, heading] of Object.entries(columns)) {
    for (const table of document.querySelectorAll('table.' + cls)) {
      const heads = [...table.tHead.rows[0].cells].map(c => c.textContent.trim());
      const index = heads.indexOf(heading);
      if (index < 0) { out.problems.push(`table.${cls} has no column "${heading}"`); continue; }
      for (const row of table.tBodies[0].rows) {
        const cell = row.cells[index];
        out.cells += 1;
        const r = cell.getBoundingClientRect();
        const where = `table.${cls} "${heading}" of "${said(cell)}"`;
        if (r.width === 0 || r.height === 0) { out.problems.push(where + ': not shown'); continue; }
        if (r.left < -0.5 || r.right > vw + 0.5) {
          out.problems.push(`${where}: at x ${Math.round(r.left)}-${Math.round(r.right)}, `
                            + `outside the ${vw} px viewport`);
          continue;
        }
        for (let box = cell.parentElement; box && box !== document.body; box = box.parentElement) {
          const style = getComputedStyle(box);
          if (style.overflowX === 'visible') continue;
          const b = box.getBoundingClientRect();
          const left = b.left + box.clientLeft, right = left + box.clientWidth;
          if (r.left < left - 0.5 || r.right > right + 0.5) {
            out.problems.push(`${where}: at x ${Math.round(r.left)}-${Math.round(r.right)}, `
                              + `outside the visible ${Math.round(left)}-${Math.round(right)} `
                              + `of its ${box.tagName.toLowerCase()}.${box.className}`);
            break;
          }
        }
      }
    }
  }
  for (const text of document.querySelectorAll('figure.chart svg text')) {
    const m = text.getScreenCTM();
    const scale = Math.sqrt(Math.abs(m.a * m.d - m.b * m.c));
    const px = parseFloat(getComputedStyle(text).fontSize) * scale;
    out.texts += 1;
    out.smallest = out.smallest === null ? px : Math.min(out.smallest, px);
    if (px < minText) {
      const chart = text.closest('figure').getAttribute('aria-label');
      out.problems.push(`chart text "${text.textContent.trim()}" is ${px.toFixed(1)} px, `
                        + `under ${minText} px (in "${chart}")`);
    }
  }
  for (const region of document.querySelectorAll('.table-wrap')) {
    if (region.scrollWidth <= region.clientWidth) continue;
    if (getComputedStyle(region).backgroundImage === 'none')
      out.problems.push(`"${region.getAttribute('aria-label')}" scrolls sideways with no cue`);
  }
  return out;
}"""

# The table columns a reader on a phone must see without scrolling sideways.
PHONE_COLUMNS = {"scorecard": "Rating", "tracker": "Status"}


def phone_check(page, columns=PHONE_COLUMNS, min_text=MIN_CHART_TEXT_PX) -> dict:
    """`_PHONE_JS` on a loaded page: counts of cells and chart texts checked, the smallest chart
    text in CSS px, and the problems found."""
    return page.evaluate(_PHONE_JS, [columns, min_text])


def phone_site(browser, root: Path, http_base: str, viewport: dict) -> dict[str, dict]:
    """`phone_check` on every page under `root` (served at `http_base`) at `viewport`."""
    found: dict[str, dict] = {}
    context = new_context(browser, http_base, viewport=viewport)
    try:
        for path in html_pages(root):
            name = path.relative_to(root).as_posix()
            page = context.new_page()
            try:
                page.goto(http_base + name, wait_until="load")
                found[name] = phone_check(page)
            finally:
                page.close()
    finally:
        context.close()
    return found


# --- a report for a developer, without pytest ----------------------------------------------


def report(root: Path, executable: str | None = None) -> int:
    """Print every problem the tests look for in a built site; 0 when there is none."""
    executable = executable or find_chromium()
    if executable is None:
        print("no chromium found (set WSOA_CHROMIUM)", file=sys.stderr)
        return 2
    root = root.resolve()
    failed = False
    with launch(executable) as browser, serve(root) as http_base:
        for base in (site_base(root), http_base):
            done = crawl(browser, base + "index.html", base)
            problems = done.all_problems()
            print(
                f"links from {base}index.html: {len(done.pages)} pages, "
                f"{len(done.resources)} other files, {done.links_checked} links, "
                f"{len(problems)} problem(s)"
            )
            for line in problems:
                print("  " + line)
            for line in done.external_links:
                print("  external (not followed): " + line)
            failed |= bool(problems)
        for pdf in published_files(root, "*.pdf"):
            for line in pdf_link_problems(pdf):
                print(f"  {pdf.relative_to(root)}: {line}")
                failed = True
        for name, viewport in VIEWPORTS.items():
            found = axe_site(browser, root, http_base, viewport)
            text = format_violations(found)
            print(
                f"axe-core {AXE_VERSION} ({', '.join(AXE_TAGS)}) at {name}, "
                f"{len(found)} pages: " + ("\n" + text if text else "no violations")
            )
            failed |= bool(text)
        for name in PHONES:
            found = phone_site(browser, root, http_base, VIEWPORTS[name])
            problems = [f"{page}: {p}" for page, got in found.items() for p in got["problems"]]
            print(f"on a phone at {name}: {len(problems)} problem(s)")
            for line in problems:
                print("  " + line)
            failed |= bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(report(Path(sys.argv[1] if len(sys.argv) > 1 else "rendered")))
