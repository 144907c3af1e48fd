#!/usr/bin/env python3
"""Checks the open data of a built site with independent tools.

    check_data.py SITE_DIR BASE_URL   (the base URL the site was built with: iCalendar UIDs end in its host)

- `frictionless` validates data/datapackage.json as written (Data Package v1) and again with
  the v2 profile declared: every resource valid, zero errors (types, constraints, primary and
  foreign keys, byte counts, SHA-256 hashes).
- Each CSV file and its JSON twin hold the same records, typed by the Table Schema; the XLSX
  workbook holds them too (read back with openpyxl), and so does the spreadsheet CSV
  (`<id>.excel.csv`: byte-order mark, `;`, ids as `="…"`; check_spreadsheet.py opens it in
  LibreOffice); the `alternates` sizes and hashes match.
- No link in the data is site-relative: every value of a link column (`link`, `*_url`) and
  every link of the FAQ's Markdown answers is absolute, in the JSON and the XLSX files (the CSV
  holds the JSON's records).
- Breaking a foreign key in a copy of the package (with its size and hash updated, so that
  only the key is wrong) makes validation fail with a foreign-key error, and changing one byte
  without updating the hash makes it fail with a hash error: the validator really checks.
- The DCAT-AP catalog parses as JSON-LD (rdflib) and describes every dataset of the package
  with its mandatory and recommended properties and one distribution per file; it passes the
  offline DCAT-AP 3 shapes (pyshacl) and a CKAN harvest's reading of it (check_dcat.py).
- Every dataset has a catalog page in both languages and both editions, linking all its files,
  with schema.org `Dataset` JSON-LD naming them, with the catalog's spatial and temporal
  coverage, the publisher and creator as organisations with name and URL, and no `sameAs` (the
  shipped content configures none).
- Only faq/index.html and en/faq/index.html carry `FAQPage` JSON-LD, each question once.
- Every iCalendar feed parses (icalendar); the main feed of each language holds exactly the
  events of the calendar-events dataset, with unique UIDs.

Exits 0 when everything holds, 1 with one line per problem otherwise.
"""
import csv
import hashlib
import io
import json
import pathlib
import re
import shutil
import sys
import urllib.parse
import tempfile

import frictionless
import icalendar
import openpyxl
import rdflib

import check_dcat as check_dcat_module

problems = []


def problem(message):
    problems.append(message)
    print(f"open-data check: {message}", file=sys.stderr)


def validate(descriptor_path):
    """The frictionless report of a package, as a plain dict."""
    report = frictionless.validate(str(descriptor_path))
    return report


def error_types(report):
    types = set()
    for task in report.tasks:
        for error in task.errors:
            types.add(error.type)
    for error in report.errors:
        types.add(error.type)
    return types


def typed(value, field):
    """A CSV cell as the JSON twin holds it, by the field's Table Schema type."""
    if value == "":
        return None
    kind = field["type"]
    if kind == "integer":
        return int(value)
    if kind == "number":
        return float(value)
    if kind == "boolean":
        return {"true": True, "false": False}[value]
    return value


def check_package(site):
    data = site / "data"
    descriptor = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    report = validate(data / "datapackage.json")
    if not report.valid:
        problem(f"datapackage.json is invalid (v1): {sorted(error_types(report))}")
        for task in report.tasks:
            for error in task.errors[:5]:
                problem(f"  {task.name}: {error.message}")
    if len(report.tasks) != len(descriptor["resources"]):
        problem(f"frictionless checked {len(report.tasks)} resources of {len(descriptor['resources'])}")

    with tempfile.TemporaryDirectory() as tmp:
        copy = pathlib.Path(tmp) / "data"
        shutil.copytree(data, copy)
        v2 = dict(descriptor)
        v2 = {"$schema": "https://datapackage.org/profiles/2.0/datapackage.json", **descriptor}
        (copy / "datapackage.json").write_text(json.dumps(v2, ensure_ascii=False), encoding="utf-8")
        report2 = validate(copy / "datapackage.json")
        if not report2.valid:
            problem(f"datapackage.json is invalid under the v2 profile: {sorted(error_types(report2))}")

    for resource in descriptor["resources"]:
        if resource["path"].startswith("/") or "://" in resource["path"] or ".." in resource["path"]:
            problem(f"{resource['name']}: path {resource['path']!r} is not relative")
        fields = resource["schema"]["fields"]
        names = [f["name"] for f in fields]
        for f in fields:
            if not re.fullmatch(r"[a-z][a-z0-9_]*", f["name"]):
                problem(f"{resource['name']}: field name {f['name']!r} is not snake_case ASCII")
            for key in ("title", "title_en", "description", "description_en"):
                if not f.get(key):
                    problem(f"{resource['name']}.{f['name']}: no {key}")
        raw = (data / resource["path"]).read_bytes()
        text = raw.decode("utf-8")
        if raw.startswith(b"\xef\xbb\xbf"):
            problem(f"{resource['path']} starts with a byte-order mark")
        # Records end with CRLF; a line break inside a quoted field (a Markdown answer) is data.
        unquoted = re.sub(r'"(?:[^"]|"")*"', '""', text)
        if "\r\n" not in unquoted or re.search(r"(?<!\r)\n", unquoted):
            problem(f"{resource['path']} does not end every record with CRLF")
        rows = list(csv.reader(io.StringIO(text, newline="")))
        # A text cell starting like a formula (=, +, -, @, tab, CR) carries a leading ' in the
        # CSV only (docs/OPEN-DATA.md); the JSON and XLSX files hold the value as is.
        strings = [f["type"] == "string" for f in fields]
        rows = rows[:1] + [[v[1:] if s and v[:1] == "'" and v[1:2] in ("=", "+", "-", "@", "\t", "\r") else v
                            for v, s in zip(row, strings)] for row in rows[1:]]
        if rows[0] != names:
            problem(f"{resource['path']}: header {rows[0]} differs from the schema's fields {names}")
        records = [{n: typed(v, f) for n, v, f in zip(names, row, fields)} for row in rows[1:]]

        files = {"csv": (resource["path"], resource["bytes"], resource["hash"])}
        for alternate in resource.get("alternates", []):
            # The spreadsheet CSV is a CSV too: told apart by its name.
            kind = "excel.csv" if alternate["path"].endswith(".excel.csv") else alternate["format"]
            files[kind] = (alternate["path"], alternate["bytes"], alternate["hash"])
        for fmt in FORMATS:
            if fmt not in files:
                problem(f"{resource['name']}: no {fmt} file listed")
                continue
            path, size, digest = files[fmt]
            content = (data / path).read_bytes()
            if len(content) != size:
                problem(f"{path}: {len(content)} bytes, the package says {size}")
            if "sha256:" + hashlib.sha256(content).hexdigest() != digest:
                problem(f"{path}: SHA-256 differs from the package's {digest}")

        twin = json.loads((data / files["json"][0]).read_text(encoding="utf-8"))
        if twin != records:
            problem(f"{files['json'][0]} does not hold the same records as {resource['path']}")
        elif any(list(record.keys()) != names for record in twin):
            problem(f"{files['json'][0]}: keys are not in the CSV's column order")

        book = openpyxl.load_workbook(data / files["xlsx"][0], read_only=True)
        sheet = book["data"]
        cells = [["" if c is None else c for c in row] for row in sheet.iter_rows(values_only=True)]
        kinds = [f["type"] for f in fields]

        def cell(value, kind):
            """A cell as text, numbers compared by value (a workbook drops trailing zeros)."""
            if isinstance(value, bool):
                return "true" if value else "false"
            if kind == "number" and value != "":
                return float(value)
            return str(value)

        def normalised(table):
            padded = [list(row) + [""] * (len(names) - len(row)) for row in table]
            return [[str(c) for c in padded[0]]] + [[cell(c, k) for c, k in zip(row, kinds)] for row in padded[1:]]

        as_text = normalised(cells)
        padded = normalised(rows)
        if as_text != padded:
            problem(f"{files['xlsx'][0]} does not hold the same rows as {resource['path']}")
        described = [row[0] for row in book["fields"].iter_rows(min_row=2, values_only=True)]
        if described != names:
            problem(f"{files['xlsx'][0]}: the fields sheet lists {described}, not {names}")
        if "excel.csv" in files:
            check_spreadsheet_csv(data / files["excel.csv"][0], names, fields, twin)
        check_links(resource, twin, data / files["xlsx"][0])
    return descriptor


def check_spreadsheet_csv(path, names, fields, records):
    """The spreadsheet CSV: BOM, `;`, CRLF, the same records, an id as `="…"` (see check_spreadsheet.py
    for what LibreOffice makes of it)."""
    raw = path.read_bytes()
    if not raw.startswith(b"\xef\xbb\xbf"):
        problem(f"{path.name} does not start with a UTF-8 byte-order mark")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    if rows[:1] != [names]:
        problem(f"{path.name}: header {rows[:1]} is not {names}")
        return
    if len(rows) - 1 != len(records):
        problem(f"{path.name}: {len(rows) - 1} rows, not {len(records)}")
        return
    for number, (row, record) in enumerate(zip(rows[1:], records), start=2):
        for value, field in zip(row, fields):
            source = record[field["name"]]
            if value.startswith('="') and value.endswith('"'):
                value = value[2:-1].replace('""', '"')
            elif field["type"] == "string" and value[:1] == "'" and value[1:2] in ("=", "+", "-", "@", "\t", "\r"):
                value = value[1:]
            if typed(value, field) != source:
                problem(f"{path.name}: row {number}, {field['name']}: {value!r} is not {source!r}")
                return


def is_link_column(name):
    return name == "link" or name.endswith(("_link", "_url"))


# Markdown link destinations: inline links and images, and link reference definitions.
MARKDOWN_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)|^ {0,3}\[[^\]]+\]:[ \t]*<?(\S+?)>?(?:\s|$)", re.M)


def check_links(resource, records, workbook):
    """Every link in the data is absolute (built with a base URL): each value of a link column,
    each link of a Markdown column (the FAQ's answers), in the JSON records and in the workbook
    (the CSV holds the JSON's records: checked above)."""
    fields = resource["schema"]["fields"]
    markdown = [f["name"] for f in fields if f["name"].startswith("answer_")]
    links = [f["name"] for f in fields if is_link_column(f["name"])]
    book = openpyxl.load_workbook(workbook, read_only=True)
    sheet = [list(row) for row in book["data"].iter_rows(values_only=True)]
    header = sheet[0]
    tables = {"json": records, "xlsx": [dict(zip(header, row)) for row in sheet[1:]]}
    for kind, rows in tables.items():
        for record in rows:
            for name in links:
                value = record.get(name)
                if value and not re.match(r"https?://", value):
                    problem(f"{resource['name']} ({kind}): {name} {value!r} is not an absolute address")
            for name in markdown:
                for inline, reference in MARKDOWN_LINK.findall(record.get(name) or ""):
                    url = inline or reference
                    if not re.match(r"(https?|mailto):", url):
                        problem(f"{resource['name']} ({kind}): a link in {name} is not absolute: {url!r}")
    if resource["name"] in ("calendar-events", "faq"):
        count = sum(1 for r in records for n in links + markdown if r.get(n))
        if count == 0:
            problem(f"{resource['name']}: no links found in {links + markdown}: the link check saw nothing")


def check_broken_copies(site, descriptor):
    """A foreign key broken on purpose must fail validation, and so must a wrong hash."""
    keyed = [r for r in descriptor["resources"] if r["schema"].get("foreignKeys")]
    if not keyed:
        problem("no resource has a foreign key, so the package's relations are not described")
        return
    resource = keyed[0]
    column = resource["schema"]["foreignKeys"][0]["fields"][0]
    with tempfile.TemporaryDirectory() as tmp:
        copy = pathlib.Path(tmp) / "data"
        shutil.copytree(site / "data", copy)
        path = copy / resource["path"]
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
        index = rows[0].index(column)
        rows[1][index] = "999"
        out = io.StringIO(newline="")
        csv.writer(out, lineterminator="\r\n").writerows(rows)
        content = out.getvalue().encode("utf-8")
        path.write_bytes(content)
        broken = json.loads((copy / "datapackage.json").read_text(encoding="utf-8"))
        for r in broken["resources"]:
            if r["name"] == resource["name"]:
                r["bytes"] = len(content)
                r["hash"] = "sha256:" + hashlib.sha256(content).hexdigest()
        (copy / "datapackage.json").write_text(json.dumps(broken, ensure_ascii=False), encoding="utf-8")
        report = validate(copy / "datapackage.json")
        if report.valid or error_types(report) != {"foreign-key"}:
            problem(f"a broken foreign key in {resource['path']}.{column} was not reported as exactly that: "
                    f"valid={report.valid}, errors={sorted(error_types(report))}")

        # Restore the file, then change one byte without updating the hash.
        shutil.copy(site / "data" / resource["path"], path)
        original = path.read_bytes()
        path.write_bytes(original.replace(b",", b";", 1))
        (copy / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
        report = validate(copy / "datapackage.json")
        if report.valid or "hash-count" not in error_types(report):
            problem(f"a changed byte in {resource['path']} was not reported as a hash mismatch: "
                    f"errors={sorted(error_types(report))}")


DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
# The files of every dataset, as the package tells them apart (check_package).
FORMATS = ("csv", "json", "xlsx", "excel.csv")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")


def check_dcat(site, descriptor):
    base = "https://example.org/data/catalog.jsonld"
    graph = rdflib.Graph()
    graph.parse(site / "data" / "catalog.jsonld", format="json-ld", publicID=base)
    catalogs = list(graph.subjects(rdflib.RDF.type, DCAT.Catalog))
    if len(catalogs) != 1:
        problem(f"the DCAT file holds {len(catalogs)} catalogs, not 1")
        return
    catalog = catalogs[0]
    for prop in (DCT.title, DCT.description, DCT.publisher, DCT.license):
        if graph.value(catalog, prop) is None:
            problem(f"the DCAT catalog has no {prop}")
    datasets = {str(graph.value(d, DCT.identifier)): d for d in graph.objects(catalog, DCAT.dataset)}
    names = [r["name"] for r in descriptor["resources"]]
    if sorted(datasets) != sorted(names):
        problem(f"DCAT lists datasets {sorted(datasets)}, the package {sorted(names)}")
    for name, node in datasets.items():
        titles = {t.language for t in graph.objects(node, DCT.title)}
        if not {"uk", "en"} <= titles:
            problem(f"DCAT {name}: titles in {sorted(titles)}, not uk and en")
        # A dataset with dates in its rows must state its temporal coverage; one whose rows
        # have none (the source gives no date) may lack it.
        resource = next(r for r in descriptor["resources"] if r["name"] == name)
        rows = list(csv.DictReader(io.StringIO((site / "data" / resource["path"]).read_text(encoding="utf-8"), newline="")))
        dated = any(f["type"] == "date" for f in resource["schema"]["fields"]) or any(row.get("as_of") for row in rows)
        for prop in (DCT.description, DCT.publisher, DCAT.keyword, DCAT.theme, DCT.temporal,
                     DCT.accrualPeriodicity, DCT.modified, DCAT.landingPage):
            if prop == DCT.temporal and not dated:
                continue
            if graph.value(node, prop) is None:
                problem(f"DCAT {name}: no {prop}")
        distributions = list(graph.objects(node, DCAT.distribution))
        if len(distributions) != len(FORMATS):
            problem(f"DCAT {name}: {len(distributions)} distributions, not {len(FORMATS)} (CSV, JSON, XLSX, CSV for spreadsheets)")
        for dist in distributions:
            for prop in (DCAT.accessURL, DCAT.downloadURL, DCT["format"], DCAT.mediaType, DCT.license, DCAT.byteSize):
                if graph.value(dist, prop) is None:
                    problem(f"DCAT {name} distribution {dist}: no {prop}")
            url = str(graph.value(dist, DCAT.downloadURL) or "")
            if not url.startswith("https://example.org/data/") and not url.startswith("http"):
                problem(f"DCAT {name}: download URL {url!r} is not absolute after resolution")
            local = site / "data" / url.rsplit("/", 1)[-1]
            if not local.is_file():
                problem(f"DCAT {name}: {url} names no file of the build")
            elif str(graph.value(dist, DCAT.byteSize)) != str(local.stat().st_size):
                problem(f"DCAT {name}: byte size of {local.name} is wrong")


def check_pages(site, descriptor):
    prefixes = ["", "en/", "low-vision/", "en/low-vision/"]
    for prefix in prefixes:
        catalog = site / prefix / "data" / "index.html"
        if not catalog.is_file():
            problem(f"no catalog page {prefix}data/")
    for resource in descriptor["resources"]:
        for prefix in prefixes:
            page = site / prefix / "data" / resource["name"] / "index.html"
            if not page.is_file():
                problem(f"no catalog page {prefix}data/{resource['name']}/")
                continue
            html = page.read_text(encoding="utf-8")
            match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
            if not match:
                problem(f"{prefix}data/{resource['name']}/: no JSON-LD")
                continue
            ld = json.loads(match.group(1))
            if ld.get("@type") != "Dataset" or len(ld.get("distribution", [])) != len(FORMATS):
                problem(f"{prefix}data/{resource['name']}/: JSON-LD is not a Dataset with {len(FORMATS)} distributions")
            check_dataset_ld(f"{prefix}data/{resource['name']}/", ld, resource, prefix.startswith("en/"))
            for path in [resource["path"]] + [a["path"] for a in resource.get("alternates", [])]:
                if f'href="/data/{path}"' not in html:
                    problem(f"{prefix}data/{resource['name']}/ does not link {path}")


def check_dataset_ld(page, ld, resource, english):
    """schema.org Dataset: the area and period of the DCAT catalog, the publisher and creator as
    organisations with name and URL, sameAs only as configured (the shipped site sets none)."""
    home = BASE_URL + ("/en/" if english else "/")
    for role in ("publisher", "creator"):
        org = ld.get(role) or {}
        if org.get("@type") != "Organization" or not org.get("name") or not org.get("url"):
            problem(f"{page}: JSON-LD {role} is not an Organization with name and url: {org}")
        elif org["url"] != (PUBLISHER_URL or home):
            problem(f"{page}: JSON-LD {role} url {org['url']!r} is neither publisher_url nor the home page {home!r}")
    place = ld.get("spatialCoverage") or {}
    name = "Ukraine" if english else "Україна"
    if place.get("@type") != "Place" or place.get("name") != name or place.get("sameAs") != SPATIAL.get(resource["name"]):
        problem(f"{page}: JSON-LD spatialCoverage {place} is not the Place {name} of the catalog's dct:spatial")
    temporal = TEMPORAL.get(resource["name"])
    if ld.get("temporalCoverage") != temporal:
        problem(f"{page}: JSON-LD temporalCoverage {ld.get('temporalCoverage')!r} is not the catalog's {temporal!r}")
    if "sameAs" in ld:
        problem(f"{page}: JSON-LD has sameAs {ld['sameAs']}, but the shipped datasets.yaml sets no same_as")


def check_faq_markup(site):
    """FAQPage JSON-LD is on the canonical FAQ page of each language only, every question once."""
    marked = sorted(str(p.relative_to(site)) for p in site.glob("**/*.html") if '"FAQPage"' in p.read_text(encoding="utf-8"))
    if marked != ["en/faq/index.html", "faq/index.html"]:
        problem(f"FAQPage JSON-LD is on {marked}, not only on faq/index.html and en/faq/index.html")
    questions = list(csv.DictReader(io.StringIO((site / "data" / "faq.csv").read_text(encoding="utf-8"), newline="")))
    for page in ("faq/index.html", "en/faq/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        ld = json.loads(match.group(1)) if match else {}
        names = [q.get("name") for q in ld.get("mainEntity", [])]
        if len(names) != len(questions) or len(set(names)) != len(names):
            problem(f"{page}: FAQPage marks up {len(names)} questions ({len(set(names))} distinct), the FAQ has {len(questions)}")


# The shipped content has a calendar, so its site must have these: each language's main feed and
# the events dataset they are compared with. A missing one is a problem, never a skipped check.
MAIN_FEEDS = ("calendar/calendar.ics", "en/calendar/calendar.ics")
EVENTS = "data/calendar-events.csv"


def check_feeds(site):
    feeds = sorted(site.glob("**/*.ics"))
    for name in MAIN_FEEDS:
        if not (site / name).is_file():
            problem(f"{name} is missing: the shipped calendar must give each language a feed")
    events = site / EVENTS
    if not events.is_file():
        problem(f"{EVENTS} is missing: the shipped calendar's events must be a dataset")
        return
    ids = [row["event_id"] for row in csv.DictReader(io.StringIO(events.read_text(encoding="utf-8"), newline=""))]
    if not ids:
        problem(f"{EVENTS} holds no events")
    compared = []
    for feed in feeds:
        raw = feed.read_bytes()
        if any(len(line) > 75 for line in raw.split(b"\r\n")):
            problem(f"{feed.relative_to(site)}: a line is longer than 75 octets")
        try:
            calendar = icalendar.Calendar.from_ical(raw)
        except ValueError as error:
            problem(f"{feed.relative_to(site)} does not parse: {error}")
            continue
        uids = [str(event["UID"]) for event in calendar.walk("VEVENT")]
        # Every UID ends in the site's host (the host of the base URL the site was built for).
        for uid in uids:
            if uid.rpartition("@")[2] != UID_HOST:
                problem(f"{feed.relative_to(site)}: UID {uid} does not end in @{UID_HOST}")
        if len(uids) != len(set(uids)):
            problem(f"{feed.relative_to(site)}: repeated UIDs")
        if any("DTSTART" not in event for event in calendar.walk("VEVENT")):
            problem(f"{feed.relative_to(site)}: an event without DTSTART")
        if feed.name == "calendar.ics":
            compared.append(str(feed.relative_to(site)))
            if sorted(u.removesuffix("@" + UID_HOST) for u in uids) != sorted(ids):
                problem(f"{feed.relative_to(site)} does not hold exactly the events of calendar-events.csv")
        if feed.parent.name == "events" and uids != [feed.stem + "@" + UID_HOST]:
            problem(f"{feed.relative_to(site)} does not hold exactly its one event")
        for event in calendar.walk("VEVENT"):
            if str(event["UID"]) == "local-2020-election-day@" + UID_HOST:
                start, end = event.decoded("DTSTART"), event.decoded("DTEND")
                if str(start) != "2020-10-25" or str(end) != "2020-10-26" or hasattr(start, "hour"):
                    problem(f"{feed.relative_to(site)}: the 2020 local election day is {start}–{end}, not the all-day 2020-10-25")
    missed = [name for name in MAIN_FEEDS if name not in compared]
    if missed:
        problem(f"the events of {EVENTS} were not compared with {missed}")


UID_HOST = ""  # the host of the base URL given on the command line
BASE_URL = ""  # the base URL given on the command line
PUBLISHER_URL = None  # the publisher's @id in the DCAT catalog, when it is its site (publisher_url)
SPATIAL = {}  # dataset id → the IRI of its dct:spatial in the DCAT catalog
TEMPORAL = {}  # dataset id → its dct:temporal in the catalog as "start/end"


def read_catalog_coverage(site):
    """The area, period and publisher the DCAT catalog states, which the pages' JSON-LD must repeat."""
    global PUBLISHER_URL
    graph = rdflib.Graph()
    graph.parse(site / "data" / "catalog.jsonld", format="json-ld")
    for node in graph.subjects(rdflib.RDF.type, DCAT.Dataset):
        name = str(graph.value(node, DCT.identifier))
        spatial = graph.value(node, DCT.spatial)
        SPATIAL[name] = str(spatial) if spatial is not None else None
        period = graph.value(node, DCT.temporal)
        if period is not None:
            start, end = graph.value(period, DCAT.startDate), graph.value(period, DCAT.endDate)
            TEMPORAL[name] = f"{start}/{end}"
        publisher = graph.value(node, DCT.publisher)
        if isinstance(publisher, rdflib.URIRef):
            PUBLISHER_URL = str(publisher)


def main():
    global UID_HOST, BASE_URL
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 64
    site = pathlib.Path(sys.argv[1])
    UID_HOST = urllib.parse.urlsplit(sys.argv[2]).hostname or ""
    BASE_URL = sys.argv[2].rstrip("/")
    if not (site / "data" / "datapackage.json").is_file():
        print(f"open-data check: {site}/data/datapackage.json is missing", file=sys.stderr)
        return 1
    descriptor = check_package(site)
    check_broken_copies(site, descriptor)
    check_dcat(site, descriptor)
    check_dcat_module.check(site, problem)
    read_catalog_coverage(site)
    check_pages(site, descriptor)
    check_faq_markup(site)
    check_feeds(site)
    count = len(descriptor["resources"])
    if problems:
        print(f"open-data check: FAILED with {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"open-data check: {count} datasets valid (frictionless v1 and v2), CSV = JSON = XLSX = spreadsheet CSV, "
          f"hashes match, broken key and hash detected, DCAT complete, DCAT-AP 3 shapes: 0 violations "
          f"and 0 warnings, CKAN reading finds licence, format, contact and language, catalog pages present "
          f"with complete Dataset JSON-LD, FAQPage on the two FAQ pages only, links in the data absolute, "
          f"{len(list(site.glob('**/*.ics')))} iCalendar feeds parse")
    return 0


if __name__ == "__main__":
    sys.exit(main())
