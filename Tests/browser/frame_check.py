#!/usr/bin/env python3
"""Check the page frame in headless Chromium as a phone and a desktop visitor see it.

    frame_check.py SITE_DIR

- Phone first: on a 360×780 screen the page's heading (h1) starts within 300 px of the top in
  the standard edition and within 450 px in the low-vision one, on the home page, a goal page
  and the FAQ, in both languages.
- The menu: at 360 px its links are hidden behind the menu button (a <details> summary, so no
  script is needed) and the language and edition switches stay visible; opening the button
  with the keyboard (focus, Enter) shows every menu link; at 1280 px the links show without
  the button.
- The favicon a browser asks for by name (/favicon.ico) and each icon the pages link to exist.

Exit status: 0 all passed; 1 a check failed; 3 the harness cannot run here.
Run with the virtual environment made by Tests/browser/setup.sh: `.venv/bin/python`.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import a11y_check as harness  # noqa: E402 - the browser and the server come from the harness

PAGES = ["", "plan/goals/1-1/", "faq/"]
LIMITS = {"": 300, "low-vision/": 450}

failures = harness.failures
check = harness.check


# Rendered and not skipped: a closed <details> keeps its content's boxes (content-visibility:
# hidden), so the size alone is not enough; checkVisibility() sees the skipped content.
VISIBLE = "const e = arguments[0]; const r = e.getBoundingClientRect(); return e.checkVisibility() && r.width > 0 && r.height > 0;"


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 64
    site = Path(sys.argv[1])
    check((site / "favicon.ico").is_file(), "/favicon.ico exists")
    opened = harness.serve_and_open(site)
    if opened is None:
        return 3
    server, base, browser = opened
    driver = browser.driver
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    try:
        for language in ["", "en/"]:
            for edition, limit in LIMITS.items():
                for page in PAGES:
                    url = f"/{language}{edition}{page}"
                    driver.execute_cdp_cmd(
                        "Emulation.setDeviceMetricsOverride", {"width": 360, "height": 780, "deviceScaleFactor": 1, "mobile": True}
                    )
                    driver.get(base + url)
                    top = driver.execute_script("return document.querySelector('main h1').getBoundingClientRect().top + window.scrollY")
                    check(top <= limit, f"{url} at 360 px: the heading starts at {top:.0f} px (at most {limit})")
                    links = driver.find_elements(By.CSS_SELECTOR, ".site-menu .main-nav a")
                    check(len(links) > 0 and not any(driver.execute_script(VISIBLE, a) for a in links), f"{url} at 360 px: the menu's links are behind the button")
                    for selector in (".languages a", ".edition-switch a", ".site-menu > summary"):
                        element = driver.find_element(By.CSS_SELECTOR, selector)
                        check(driver.execute_script(VISIBLE, element), f"{url} at 360 px: {selector} is visible")
                    summary = driver.find_element(By.CSS_SELECTOR, ".site-menu > summary")
                    driver.execute_script("arguments[0].focus()", summary)
                    driver.switch_to.active_element.send_keys(Keys.ENTER)
                    check(all(driver.execute_script(VISIBLE, a) for a in links), f"{url} at 360 px: Enter on the menu button shows all {len(links)} links")
                    driver.execute_cdp_cmd(
                        "Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": False}
                    )
                    driver.get(base + url)
                    links = driver.find_elements(By.CSS_SELECTOR, ".site-menu .main-nav a")
                    summary = driver.find_element(By.CSS_SELECTOR, ".site-menu > summary")
                    check(all(driver.execute_script(VISIBLE, a) for a in links), f"{url} at 1280 px: the menu's links show")
                    check(not driver.execute_script(VISIBLE, summary), f"{url} at 1280 px: no menu button")
                    for href in driver.execute_script("return [...document.querySelectorAll('link[rel~=icon], link[rel=apple-touch-icon]')].map(l => l.getAttribute('href'))"):
                        check((site / href.lstrip("/")).is_file(), f"{url}: the icon {href} exists")
    finally:
        browser.quit()
        server.shutdown()
    if failures:
        print(f"{len(failures)} frame check(s) failed", file=sys.stderr)
        return 1
    print("frame checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
