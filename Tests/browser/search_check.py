#!/usr/bin/env python3
"""Check the built site's search in headless Chromium: the search script and the static index
together, as a visitor uses them.

    search_check.py SITE_DIR

- The script's normalize/words/stem give the same terms as the Swift indexer for every example
  in Tests/search/vectors.json (the Swift tests check the same file).
- Queries find what they must: "виборців" and "voters" the State Register question on both
  language pages, apostrophe variants the same documents, a prefix, a plan id first.
- Typing into the search box announces the count in the role=status region, lists results
  linking into the page's own language and edition, and Escape clears back to the full list.
- Results come in pages of 20: a query with more shows 20, the total and "20 of N" in the status,
  and a "more" button that adds the next page, moves the focus to its first result and goes away
  once every result shows.
- axe-core finds no WCAG 2.2 A/AA violation on the page with its results showing, at 1280 and
  320 px, and the page does not scroll sideways.
- Prints the median query time over the queries (for BENCHMARKS.md).

Exit status: 0 all passed; 1 a check failed; 3 the harness cannot run here.
Run with the virtual environment made by Tests/browser/setup.sh: `.venv/bin/python`.
"""

from __future__ import annotations

import json
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import a11y_check as harness  # noqa: E402 - the browser and the server come from the harness

ROOT = Path(__file__).resolve().parents[2]
REGISTER = "faq/answers/#q-what-is-the-state-register-of-voters"

QUERY = """
const done = arguments[arguments.length - 1];
window.cecsiteSearch.query(arguments[0]).then(
  (docs) => done({ok: true, paths: docs.map((d) => d[0])}),
  (e) => done({ok: false, error: String(e)}));
"""

failures = harness.failures
check = harness.check


def wait_for(driver, script: str, timeout: float = 10.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = driver.execute_script(script)
        if value:
            return value
        time.sleep(0.05)
    return None


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 64
    site = Path(sys.argv[1])
    if not (site / "search" / "index.html").is_file():
        print(f"{site} holds no built site with a search page", file=sys.stderr)
        return 1
    opened = harness.serve_and_open(site)
    if opened is None:
        return 3
    server, base, browser = opened
    driver = browser.driver
    timings: list[float] = []
    try:
        def query(page: str, text: str) -> list[str]:
            if driver.current_url != base + page:
                driver.get(base + page)
            start = time.perf_counter()
            result = driver.execute_async_script(QUERY, text)
            timings.append((time.perf_counter() - start) * 1000)
            if not result["ok"]:
                failures.append(f"query {text!r} on {page} failed: {result['error']}")
                return []
            return result["paths"]

        # The script tokenises exactly as the indexer.
        driver.get(base + "/search/")
        vectors = json.loads((ROOT / "Tests/search/vectors.json").read_text(encoding="utf-8"))
        check(len(vectors) > 0, f"Tests/search/vectors.json holds {len(vectors)} examples")
        for vector in vectors:
            terms = driver.execute_script(
                "const s = window.cecsiteSearch;"
                "return s.words(arguments[0]).map(s.stem).filter((t) => Array.from(t).length >= 2);",
                vector["text"])
            check(terms == vector["terms"], f"script terms of {vector['text']!r}: {terms} == {vector['terms']}")

        # Warm the cache once, so timings measure queries, not the first download.
        query("/search/", "виборців")
        timings.clear()
        for page in ("/search/", "/en/search/"):
            for text in ("виборців", "voters", "Виборців", "VOTERS"):
                paths = query(page, text)
                check(REGISTER in paths[:10], f"{page} {text!r} finds the State Register question in the first 10")
                check(sum(p.startswith("faq/") for p in paths) >= 3, f"{page} {text!r} finds several FAQ answers")
        variants = [query("/search/", w) for w in ("бар’єри", "бар'єри", "барʼєри", "барєри")]
        check(bool(variants[0]) and all(v == variants[0] for v in variants),
              f"apostrophe variants of бар’єри find the same {len(variants[0])} documents")
        prefix = query("/search/", "реєс")
        check(REGISTER in prefix, "the prefix 'реєс' finds the State Register question")
        check(query("/en/search/", "regist")[:1] != [], "the prefix 'regist' finds documents")
        plan = query("/search/", "2.1.3.1")
        check(plan[:1] == ["plan/goals/2-1/#result-2-1-3-1"], f"'2.1.3.1' lists result 2.1.3.1 first: {plan[:1]}")
        # A word the content holds with ґ ("ґрунтуються"), so the comparison is of results, not
        # of two empty lists.
        with_g = query("/search/", "ґрунтуються")
        check(bool(with_g) and with_g == query("/search/", "грунтуються"),
              f"ґ and г are read as one: 'ґрунтуються' and 'грунтуються' find the same {len(with_g)} documents")
        check(query("/search/", "zzqqxx") == [], "a word in no document finds nothing")

        # The page as a visitor uses it: type, hear the count, follow a link, clear.
        from selenium.webdriver.common.by import By
        from selenium.webdriver.common.keys import Keys

        for page, prefix_url in (("/low-vision/search/", "/low-vision/"), ("/en/search/", "/en/")):
            driver.get(base + page)
            box = driver.find_element(By.ID, "search-q")
            check(box.is_displayed(), f"{page}: the search box is shown when the script runs")
            check(driver.find_element(By.CSS_SELECTOR, "label[for=search-q]").is_displayed(), f"{page}: the box has a visible label")
            box.send_keys("виборців")
            status = wait_for(driver, "const s = document.getElementById('search-status').textContent;"
                                      "return /\\d/.test(s) ? s : null;")
            check(status is not None, f"{page}: the status region announces a count: {status!r}")
            check(driver.find_element(By.ID, "search-status").get_attribute("role") == "status",
                  f"{page}: the status region is role=status")
            links = driver.execute_script(
                "return Array.from(document.querySelectorAll('#search-results a')).map((a) => a.getAttribute('href'));")
            check(bool(links) and all(link.startswith(prefix_url) for link in links),
                  f"{page}: results link within the page's language and edition ({len(links)} links)")
            check(not driver.find_element(By.ID, "search-all").is_displayed(), f"{page}: the full list is hidden while results show")
            check("q=" in driver.current_url, f"{page}: the query is kept in the address for sharing")
            # The page with its results showing is judged by axe-core too, at 1280 and 320 px.
            for width in (1280, 320):
                browser.set_width(width)
                browser.inject()
                result = driver.execute_async_script(
                    harness.RUN_AXE, {"runOnly": {"type": "tag", "values": harness.AXE_TAGS}, "resultTypes": ["violations"]})
                violations = [v["id"] for v in (result or {}).get("violations", [])] if result and result.get("ok") else ["axe-failed"]
                check(violations == [], f"{page} with results at {width} px: axe-core violations {violations}")
                overflow = driver.execute_script("return document.documentElement.scrollWidth > window.innerWidth + 1;")
                check(not overflow, f"{page} with results at {width} px: no sideways scrolling")
            browser.set_width(1280)
            box.send_keys(Keys.ESCAPE)
            check(wait_for(driver, "return !document.getElementById('search-all').hidden") is True,
                  f"{page}: Escape clears the query and shows the full list again")
        # Pages of 20, the total, and "more" until every result shows.
        for page in ("/search/", "/en/low-vision/search/"):
            driver.get(base + page + "?q=%D0%BF%D0%BB%D0%B0%D0%BD")  # план
            shown = wait_for(driver, "return document.querySelectorAll('#search-results li').length || null")
            status = driver.find_element(By.ID, "search-status").text
            more = driver.find_element(By.ID, "search-more")
            check(shown == 20, f"{page} 'план': the first page lists 20 results ({shown})")
            check(more.is_displayed(), f"{page} 'план': a 'more' button shows: {more.text!r}")
            # "Знайдено 231 результат для «план». Показано 20 з 231." (a number may be grouped).
            numbers = [int(n) for n in re.findall(r"\d+", re.sub(r"(?<=\d)[\u00a0\u202f,](?=\d)", "", status))]
            found = numbers[0] if numbers else 0
            digits = numbers[-2:]
            check(found > 40, f"{page} 'план': the status gives the total: {status!r}")
            check(digits[-2:] == [20, found], f"{page} 'план': the status says 20 of {found} show: {status!r}")
            pages = 1
            while more.is_displayed() and pages < 20:
                before = len(driver.find_elements(By.CSS_SELECTOR, "#search-results li"))
                more.send_keys(Keys.ENTER)
                after = wait_for(driver, f"const n = document.querySelectorAll('#search-results li').length; return n > {before} ? n : null")
                pages += 1
                if after is None:
                    check(False, f"{page} 'план': 'more' adds results")
                    break
                focused = driver.execute_script(
                    f"return document.activeElement === document.querySelectorAll('#search-results li')[{before}].querySelector('a');")
                check(focused, f"{page} 'план': after 'more' the focus is on result {before + 1}")
                check(after - before <= 20, f"{page} 'план': 'more' adds at most 20 ({after - before})")
            listed = len(driver.find_elements(By.CSS_SELECTOR, "#search-results li"))
            check(listed == found and not more.is_displayed(),
                  f"{page} 'план': after {pages} pages all {found} results show ({listed}) and the button is gone")
        driver.get(base + "/search/?q=%D0%B2%D0%B8%D0%B1%D0%BE%D1%80%D1%86%D1%96%D0%B2")
        check(wait_for(driver, "return document.querySelectorAll('#search-results li').length > 0") is True,
              "a /search/?q=… address (the header form's) shows results on arrival")
    finally:
        browser.quit()
        server.shutdown()

    if timings:
        print(f"median query time {statistics.median(timings):.1f} ms over {len(timings)} queries "
              f"(warm cache, headless Chromium, including the WebDriver round trip)")
    if failures:
        print(f"{len(failures)} search check(s) failed", file=sys.stderr)
        return 1
    print("search: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
