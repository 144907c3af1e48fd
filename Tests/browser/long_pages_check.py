#!/usr/bin/env python3
"""Check the long pages in headless Chromium at 360 px: the FAQ's index and folded answers, and
the calendar's filters, years and feeds.

    long_pages_check.py SITE_DIR

FAQ (/faq/ and one audience page, both languages and editions):
- The page opens with the list of its questions: one index link per answer, each leading to
  its question's heading; the index comes before the first answer.
- Answers are folded: no <details> is open, no answer text is rendered; Enter on a question (its
  <summary>, reached with the keyboard) opens its answer; the question keeps its heading (h3).
- "Show all answers" leads to the page's twin where every answer is open in the HTML itself (so
  print and search engines see them without a script), and back.
- "See also" links show page titles, never site paths (`plan/timeline`).
- The current audience is marked with aria-current="page" in the audience navigation.
- The folded page is at most half as tall as the open one (printed with both heights).

Calendar (/calendar/, both languages and editions):
- Three filters as links (all / electoral events / plan milestones), the current one marked,
  each leading to a page that marks itself and shows only its events, with its own feed, whose
  events are those of the page.
- Events are grouped under a heading per year; when nothing is upcoming, the page says so in a
  visible note.

Exit status: 0 all passed; 1 a check failed; 3 the harness cannot run here.
Run with the virtual environment made by Tests/browser/setup.sh: `.venv/bin/python`.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import a11y_check as harness  # noqa: E402 - the browser and the server come from the harness

PREFIXES = ["", "en/", "low-vision/", "en/low-vision/"]

failures = harness.failures
check = harness.check


HEIGHT = "return document.documentElement.scrollHeight;"
FAQ = r"""
const index = [...document.querySelectorAll('nav.faq-index a[href^="#q-"]')];
const entries = [...document.querySelectorAll('details.faq-entry')];
const first = entries[0];
return {
  index: index.map((a) => a.getAttribute('href').slice(1)),
  indexBeforeAnswers: !!first && !!document.querySelector('nav.faq-index') &&
    !!(document.querySelector('nav.faq-index').compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING),
  entries: entries.map((d) => { const h = d.querySelector('summary > h3[id]'); return h ? h.id : null; }),
  open: entries.filter((d) => d.open).length,
  rendered: entries.filter((d) => d.querySelector('.prose').checkVisibility()).length,
  related: [...document.querySelectorAll('details.faq-entry p.meta')].filter((p) => /^(Див\. також|See also)/.test(p.textContent))
    .flatMap((p) => [...p.querySelectorAll('a')].map((a) => a.textContent)),
  current: [...document.querySelectorAll('nav.faq-audiences a[aria-current="page"]')].map((a) => a.getAttribute('href')),
  showAll: (document.querySelector('.faq-toggle a') || {}).href || null,
};
"""
CALENDAR = r"""
return {
  filters: [...document.querySelectorAll('nav.calendar-filters a')].map((a) => ({href: a.getAttribute('href'), current: a.getAttribute('aria-current')})),
  events: [...document.querySelectorAll('li.event')].map((li) => li.id),
  years: [...document.querySelectorAll('main h3')].map((h) => h.textContent).filter((t) => /^\d{4}$/.test(t)),
  eventsOutsideYears: [...document.querySelectorAll('li.event')].filter((li) => {
    let e = li.closest('ol').previousElementSibling; return !(e && /^H[23]$/.test(e.tagName) && /^\d{4}$/.test(e.textContent));
  }).length,
  upcoming: document.querySelectorAll('#upcoming ~ h3[id^="upcoming-"]').length,
  none: (() => { const n = document.querySelector('.calendar-none'); return n && n.checkVisibility() ? n.textContent : null; })(),
  feed: (document.querySelector('.feed a[type="text/calendar"]') || {}).getAttribute?.('href') || null,
};
"""


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 64
    site = Path(sys.argv[1])
    opened = harness.serve_and_open(site)
    if opened is None:
        return 3
    server, base, browser = opened
    driver = browser.driver
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    try:
        browser.set_width(360)
        for prefix in PREFIXES:
            for page in ("faq/", "faq/voters/"):
                url = f"/{prefix}{page}"
                driver.get(base + url)
                faq = driver.execute_script(FAQ)
                folded = driver.execute_script(HEIGHT)
                check(len(faq["entries"]) > 0 and sorted(faq["index"]) == sorted(faq["entries"]),
                      f"{url}: the index lists every question of the page ({len(faq['index'])} links, {len(faq['entries'])} answers)")
                check(None not in faq["entries"], f"{url}: every question is an h3 inside its <summary>")
                check(faq["indexBeforeAnswers"], f"{url}: the index comes before the answers")
                check(faq["open"] == 0 and faq["rendered"] == 0, f"{url}: every answer is folded ({faq['open']} open, {faq['rendered']} rendered)")
                paths = [t for t in faq["related"] if re.fullmatch(r"[a-z0-9/_.-]+", t)]
                check(len(faq["related"]) > 0 and not paths, f"{url}: 'see also' names pages by title ({len(faq['related'])} links; paths: {paths[:3]})")
                expected = "/" + prefix + page
                check(faq["current"] == [expected], f"{url}: the audience navigation marks {faq['current']} as current")
                # An index link leads to its question, and Enter on the question opens its answer.
                target = (faq["index"] or faq["entries"] or [""])[-1]
                if not target or not driver.find_elements(By.CSS_SELECTOR, f'nav.faq-index a[href="#{target}"]'):
                    check(False, f"{url}: an index link to follow")
                    continue
                driver.find_element(By.CSS_SELECTOR, f'nav.faq-index a[href="#{target}"]').click()
                top = driver.execute_script("return document.getElementById(arguments[0]).getBoundingClientRect().top;", target)
                check(0 <= top < 780, f"{url}: the index link #{target} brings its question into view (top {top:.0f} px)")
                summary = driver.find_element(By.CSS_SELECTOR, f"details.faq-entry:has(h3[id='{target}']) > summary")
                driver.execute_script("arguments[0].focus()", summary)
                driver.switch_to.active_element.send_keys(Keys.ENTER)
                opened = driver.execute_script(
                    "const d = document.getElementById(arguments[0]).closest('details'); return d.open && d.querySelector('.prose').checkVisibility();", target)
                check(opened, f"{url}: Enter on the question #{target} opens its answer")
                # "Show all answers": every answer open in the HTML, and a way back.
                show_all = faq["showAll"]
                check(bool(show_all) and show_all.endswith("/answers/"), f"{url}: 'show all answers' leads to {show_all}")
                if show_all:
                    path = show_all[len(base) + 1:]
                    html = (site / path / "index.html").read_text(encoding="utf-8")
                    static_open = len(re.findall(r'<details class="faq-entry" open>', html))
                    check(static_open == len(faq["entries"]), f"/{path}: all {static_open} answers are open in the HTML, without a script")
                    driver.get(show_all)
                    opened = driver.execute_script(FAQ)
                    full = driver.execute_script(HEIGHT)
                    check(opened["rendered"] == len(faq["entries"]), f"/{path}: every answer shows ({opened['rendered']})")
                    check(opened["showAll"] is not None and opened["showAll"].endswith(expected), f"/{path}: a link folds the answers again ({opened['showAll']})")
                    check(folded * 2 <= full, f"{url}: {folded} px tall folded, {full} px with every answer open (at 360 px)")

            url = f"/{prefix}calendar/"
            driver.get(base + url)
            calendar = driver.execute_script(CALENDAR)
            filters = calendar["filters"]
            if len(filters) != 3:
                check(False, f"{url}: three filters, not {len(filters)}")
                continue
            check([f["href"] for f in filters] == [f"/{prefix}calendar/", f"/{prefix}calendar/electoral/", f"/{prefix}calendar/milestones/"],
                  f"{url}: filters all / electoral events / plan milestones: {[f['href'] for f in filters]}")
            check([f["current"] for f in filters] == ["page", None, None], f"{url}: the filter 'all' is marked current")
            every = set(calendar["events"])
            check(len(every) > 0 and calendar["eventsOutsideYears"] == 0, f"{url}: all {len(every)} events are under a year's heading ({calendar['years']})")
            if calendar["upcoming"] == 0:
                check(calendar["none"] is not None and re.search(r"\d{4}", calendar["none"] or "") is not None,
                      f"{url}: nothing is upcoming, and the page says so, dated: {calendar['none']!r}")
            seen = set()
            for index, (name, belongs) in enumerate((("electoral", lambda e: not e.startswith("event-plan-")),
                                                     ("milestones", lambda e: e.startswith("event-plan-"))), start=1):
                driver.get(base + filters[index]["href"])
                view = driver.execute_script(CALENDAR)
                where = filters[index]["href"]
                check([f["current"] for f in view["filters"]] == ["page" if i == index else None for i in range(3)], f"{where}: marks itself as the current filter")
                check(len(view["events"]) > 0 and all(belongs(e) for e in view["events"]), f"{where}: shows only its {len(view['events'])} events")
                check(view["eventsOutsideYears"] == 0, f"{where}: its events are under a year's heading ({view['years']})")
                feed = view["feed"] or ""
                ics = (site / feed.lstrip("/")).read_text(encoding="utf-8") if feed else ""
                uids = {"event-" + u.split("@")[0] for u in re.findall(r"^UID:(\S+)", ics, flags=re.M)}
                check(feed.endswith(f"calendar/{name}.ics") and uids == set(view["events"]),
                      f"{where}: its feed {feed} holds exactly its {len(uids)} events")
                seen |= set(view["events"])
            check(seen == every, f"{url}: the two filters together give every event ({len(seen)} of {len(every)})")
    finally:
        browser.quit()
        server.shutdown()
    if failures:
        print(f"{len(failures)} long-page check(s) failed", file=sys.stderr)
        return 1
    print("long pages: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
