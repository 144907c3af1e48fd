#!/usr/bin/env python3
"""Judge a built site's discovery files with independent tools.

    check_discovery.py SITE_DIR BASE_URL

- sitemap.xml (or its index and parts): well-formed, the sitemaps.org namespace, one absolute
  <loc> per <url> below BASE_URL, at most 50,000 per file, every standard-edition page listed
  exactly once and nothing else, every page with hreflang alternates naming exactly itself and
  its twin in the other language, reciprocal and each one itself listed;
- robots.txt: allows crawling and names the sitemap, which exists;
- the Atom feeds: parsed by feedparser without a single complaint (bozo = 0), with the elements
  RFC 4287 requires on the feed and on every entry, absolute links, unique entry ids;
- 404.html: not indexed, both languages, every link to the site root-relative so it works at any
  address (links to other sites, such as the licence, are absolute and fine);
- every page: a meta description, og:title, and og:url equal to its canonical link.

Exit status 0 when all hold, 1 otherwise. Run it with .venv/bin/python (Tests/data/setup.sh).
"""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
ATOM = "{http://www.w3.org/2005/Atom}"
failures: list[str] = []


def check(condition: bool, message: str) -> None:
    if not condition:
        failures.append(message)
        print("FAIL " + message)


def sitemap_entries(site: Path, base: str) -> dict[str, set[str]]:
    """loc → its alternates, over the sitemap or every part of a sitemap index."""
    root = ET.parse(site / "sitemap.xml").getroot()
    parts = [root]
    if root.tag == SM + "sitemapindex":
        for loc in root.iter(SM + "loc"):
            check(loc.text.startswith(base + "/"), f"sitemap index entry {loc.text} is not below {base}")
            parts.append(ET.parse(site / loc.text[len(base) + 1:]).getroot())
        parts = parts[1:]
    entries: dict[str, set[str]] = {}
    for part in parts:
        check(part.tag == SM + "urlset", f"a sitemap's root is {part.tag}, not urlset")
        urls = part.findall(SM + "url")
        check(len(urls) <= 50000, f"a sitemap file lists {len(urls)} URLs (limit 50,000)")
        for url in urls:
            locs = url.findall(SM + "loc")
            check(len(locs) == 1, "a <url> without exactly one <loc>")
            loc = locs[0].text or ""
            check(loc.startswith(base + "/"), f"{loc} is not absolute below {base}")
            check(loc not in entries, f"{loc} is listed twice")
            entries[loc] = {link.get("href") for link in url.findall(XHTML + "link") if link.get("hreflang") != "x-default"}
    return entries


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 64
    site, base = Path(sys.argv[1]), sys.argv[2].rstrip("/")

    # Sitemap: exactly the standard-edition pages.
    entries = sitemap_entries(site, base)
    pages = sorted(p for p in site.rglob("index.html") if "low-vision" not in p.relative_to(site).parts)
    expected = {base + "/" + str(p.relative_to(site))[: -len("index.html")] for p in pages}
    check(set(entries) == expected,
          f"sitemap lists {len(entries)} pages, the site has {len(expected)}: missing {sorted(expected - set(entries))[:5]}, "
          f"extra {sorted(set(entries) - expected)[:5]}")
    # Every page has a twin in the other language (Ukrainian at the root, English under /en/),
    # so every entry must name exactly itself and its twin as hreflang alternates: an entry
    # without alternates is a failure, not a check that does not apply.
    def twin(loc: str) -> str:
        path = loc[len(base) + 1:]
        return base + "/" + (path[len("en/"):] if path.startswith("en/") else "en/" + path)

    for loc, alternates in entries.items():
        other = twin(loc)
        check(other in entries, f"{loc} has no twin {other} in the sitemap")
        check(alternates == {loc, other}, f"{loc}: hreflang alternates {sorted(alternates)}, not itself and its twin {other}")
        for alternate in alternates:
            check(entries.get(alternate) == alternates, f"alternates of {loc} and {alternate} differ")

    # robots.txt
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    check(re.search(r"(?m)^User-agent: \*$", robots) is not None, "robots.txt has no User-agent: *")
    check(re.search(r"(?m)^Disallow: /$", robots) is None, "robots.txt disallows the whole site")
    check(f"Sitemap: {base}/sitemap.xml" in robots, "robots.txt does not name the sitemap")

    # Atom feeds.
    feeds = sorted(site.rglob("atom.xml"))
    check(len(feeds) == 2, f"expected an Atom feed per language, found {len(feeds)}")
    for feed in feeds:
        name = str(feed.relative_to(site))
        parsed = feedparser.parse(feed.read_bytes())
        check(not parsed.bozo, f"{name}: feedparser: {parsed.get('bozo_exception')}")
        check(parsed.version == "atom10", f"{name}: parsed as {parsed.version}, not Atom 1.0")
        try:
            root = ET.parse(feed).getroot()
        except ET.ParseError as error:
            check(False, f"{name}: not well-formed XML: {error}")
            continue
        for required in ("id", "title", "updated", "author"):
            check(root.find(ATOM + required) is not None, f"{name}: the feed has no <{required}>")
        self_links = [l for l in root.findall(ATOM + "link") if l.get("rel") == "self"]
        check(len(self_links) == 1 and self_links[0].get("href") == f"{base}/{name}", f"{name}: wrong or missing rel=self")
        ids = []
        for entry in root.findall(ATOM + "entry"):
            for required in ("id", "title", "updated"):
                check(entry.find(ATOM + required) is not None, f"{name}: an entry has no <{required}>")
            ids.append(entry.findtext(ATOM + "id"))
            for link in entry.findall(ATOM + "link"):
                href = link.get("href", "")
                check(href.startswith(base + "/"), f"{name}: entry link {href} is not absolute")
                page = site / href[len(base) + 1:] / "index.html"
                check(page.is_file(), f"{name}: entry link {href} leads to no page")
        check(len(ids) == len(set(ids)), f"{name}: entry ids repeat")
        check(len(ids) == len(parsed.entries), f"{name}: feedparser read {len(parsed.entries)} of {len(ids)} entries")

    # 404 pages.
    for name, other in (("404.html", "en"), ("en/404.html", "uk")):
        html = (site / name).read_text(encoding="utf-8")
        check('<meta name="robots" content="noindex">' in html, f"{name} may be indexed")
        check(f'lang="{other}"' in html, f"{name} has no part in {other}")
        for href in re.findall(r'href="([^"]*)"', html):
            external = re.match(r"https?://", href) and not href.startswith(base + "/") and href != base
            check(href.startswith("#") or external or (href.startswith("/") and not href.startswith("//")), f"{name}: link {href} is not root-relative")

    # Every page: description, Open Graph, og:url = canonical.
    for page in pages:
        html = page.read_text(encoding="utf-8")
        name = str(page.relative_to(site))
        check(re.search(r'<meta name="description" content="[^"]+">', html) is not None, f"{name}: no meta description")
        check('<meta property="og:title" content="' in html, f"{name}: no og:title")
        canonical = re.search(r'<link rel="canonical" href="([^"]+)">', html)
        og = re.search(r'<meta property="og:url" content="([^"]+)">', html)
        check(canonical is not None and og is not None and canonical.group(1) == og.group(1)
              and canonical.group(1) == base + "/" + name[: -len("index.html")],
              f"{name}: canonical and og:url are not its own absolute address")

    if failures:
        print(f"discovery: {len(failures)} problem(s)", file=sys.stderr)
        return 1
    print(f"discovery: sitemap ({len(entries)} pages), robots.txt, {len(feeds)} Atom feeds, 404 pages and "
          f"the meta/Open Graph tags of {len(pages)} pages are valid")
    return 0


if __name__ == "__main__":
    sys.exit(main())
