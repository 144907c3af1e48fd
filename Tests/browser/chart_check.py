#!/usr/bin/env python3
"""Measure the statistics charts in headless Chromium, as a reader sees them.

    chart_check.py SITE_DIR

On every page with a chart (the gender tables and each election of the person-level records),
in both languages and both editions, at 360 and 1280 px wide:

- No chart text is smaller than the page's body text (computed font sizes of every rendered text
  of the chart against the body's).
- No label touches a bar: every rendered text box of the chart keeps at least 2 px from every bar.
- No label sticks out of the chart or is cut (its box stays inside the chart's).
- Every category of the table is in the chart: a group has as many bars as the table has gender
  columns (four in the person-level records: women, men, other, not stated), and the shares its
  labels state add up to 100 % (within the rounding of two decimals).

Exit status: 0 all passed; 1 a check failed; 3 the harness cannot run here.
Run with the virtual environment made by Tests/browser/setup.sh: `.venv/bin/python`.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import a11y_check as harness  # noqa: E402 - the browser and the server come from the harness

WIDTHS = [360, 1280]
PREFIXES = ["", "en/", "low-vision/", "en/low-vision/"]

failures: list[str] = []
passed = 0


def check(condition: bool, message: str) -> None:
    global passed
    if condition:
        passed += 1
    else:
        print("FAIL " + message)
        failures.append(message)


# Everything the reader sees of each chart, measured once per page and width: the body's font
# size, each rendered text's font size and glyph box, each bar's box, the chart's box, and per
# group the bars' count and the shares their labels state.
MEASURE = r"""
const body = parseFloat(getComputedStyle(document.body).fontSize);
const charts = [...document.querySelectorAll('.chart')].map((chart) => {
  const box = chart.getBoundingClientRect();
  const texts = [];
  const walker = document.createTreeWalker(chart, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (!node.textContent.trim() || !element.checkVisibility() || element.closest('.visually-hidden')) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) {
      if (r.width > 0 && r.height > 0) {
        texts.push({text: node.textContent.trim(), size: parseFloat(getComputedStyle(element).fontSize),
                    left: r.left, right: r.right, top: r.top, bottom: r.bottom});
      }
    }
  }
  const bars = [...chart.querySelectorAll('rect.bar')].map((rect) => {
    const r = rect.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width};
  });
  const groups = [...chart.querySelectorAll('.chart-group')].map((group) => ({
    label: group.querySelector('.group-label').textContent,
    bars: group.querySelectorAll('rect.bar').length,
    values: [...group.querySelectorAll('.value-label')].map((v) => v.textContent),
  }));
  return {box: {left: box.left, right: box.right, top: box.top, bottom: box.bottom}, texts, bars, groups};
});
return {body, charts};
"""


def share(text: str) -> float | None:
    """The share a value label states: "4 (57,14 %)" or "4 (57.14%)" → 57.14."""
    match = re.search(r"\((\d+)[.,](\d+)\s*%\)", text.replace("\u00a0", " "))
    return float(f"{match.group(1)}.{match.group(2)}") if match else None


def chart_pages(site: Path) -> list[str]:
    pages = []
    for path in sorted((site / "statistics" / "gender").rglob("index.html")):
        if 'class="chart"' in path.read_text(encoding="utf-8"):
            pages.append(str(path.parent.relative_to(site)) + "/")
    return pages


def records_categories(site: Path, page: str) -> int:
    """The number of gender columns of a records page's breakdown table (its header's genders)."""
    html = (site / page / "index.html").read_text(encoding="utf-8")
    head = html.split("<thead>", 1)[1].split("</thead>", 1)[0]
    return len(re.findall(r"<th scope=\"col\">", head)) - 3  # less the row label, total and share


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 64
    site = Path(sys.argv[1])
    pages = chart_pages(site)
    check(len(pages) >= 3, f"the site has pages with charts ({len(pages)})")
    opened = harness.serve_and_open(site)
    if opened is None:
        return 3
    server, base, browser = opened
    driver = browser.driver
    smallest: dict[str, float] = {}
    try:
        for prefix in PREFIXES:
            for page in pages:
                url = f"/{prefix}{page}"
                for width in WIDTHS:
                    browser.set_width(width)
                    driver.get(base + url)
                    result = driver.execute_script(MEASURE)
                    body = result["body"]
                    where = f"{url} at {width} px"
                    check(len(result["charts"]) == 1, f"{where}: one chart")
                    for chart in result["charts"]:
                        check(len(chart["texts"]) > 0 and len(chart["bars"]) > 0, f"{where}: the chart shows texts and bars")
                        edition = "low-vision" if "low-vision/" in prefix else "standard"
                        for text in chart["texts"]:
                            ratio = text["size"] / body
                            smallest[edition] = min(smallest.get(edition, 9.9), ratio)
                            check(text["size"] >= body - 0.01,
                                  f"{where}: {text['text']!r} is {text['size']:.1f} px, smaller than the body's {body:.1f} px")
                            box = chart["box"]
                            check(text["left"] >= box["left"] - 0.5 and text["right"] <= box["right"] + 0.5,
                                  f"{where}: {text['text']!r} sticks out of the chart ({text['left']:.0f}–{text['right']:.0f} of {box['left']:.0f}–{box['right']:.0f})")
                            for bar in chart["bars"]:
                                if bar["width"] <= 0:
                                    continue
                                apart = (text["right"] + 2 <= bar["left"] or bar["right"] + 2 <= text["left"]
                                         or text["bottom"] + 2 <= bar["top"] or bar["bottom"] + 2 <= text["top"])
                                check(apart, f"{where}: {text['text']!r} touches a bar (text {text['top']:.1f}–{text['bottom']:.1f}, bar {bar['top']:.1f}–{bar['bottom']:.1f} px)")
                        expected = records_categories(site, prefix + page) if "/records/" in page else 2
                        for group in chart["groups"]:
                            check(group["bars"] == expected,
                                  f"{where}: {group['label']!r} has {group['bars']} bars for the table's {expected} categories")
                            shares = [share(v) for v in group["values"]]
                            if all(s is not None for s in shares) and any(shares):
                                total = sum(shares)
                                check(abs(total - 100) <= 0.01 * len(shares),
                                      f"{where}: the shares of {group['label']!r} add up to {total:.2f} %")
    finally:
        browser.quit()
        server.shutdown()
    for edition, ratio in sorted(smallest.items()):
        print(f"{edition}: the smallest chart text is {ratio:.2f} × the body text")
    if failures:
        print(f"{len(failures)} chart check(s) failed ({passed} passed)", file=sys.stderr)
        return 1
    print(f"charts: all {passed} checks passed on {len(pages)} pages × {len(PREFIXES)} × {len(WIDTHS)} widths")
    return 0


if __name__ == "__main__":
    sys.exit(main())
