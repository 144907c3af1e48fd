#!/usr/bin/env python3
"""Deterministic synthetic content for `make bench`.

    generate.py --pages N --records M --out DIR [--seed S] [--dates day|rfc3339]

Writes, the same bytes for the same arguments:
- DIR/pages/post-00001.md … : N Markdown pages with YAML front matter in the convention Hugo
  reads (title, date, tags, summary; the date a calendar day, `2024-01-02`, or with
  `--dates rfc3339` a date-time with its offset as Hugo's users write it, `2024-01-02T12:13:00+02:00`),
  ~400 words of mixed Ukrainian and English Markdown with
  headings, lists, emphasis, links and code spans;
- DIR/cecsite/content/: a minimal cecsite site (site.yaml and a one-goal plan) whose news/ folder
  holds the same pages (hard-linked, not copied, so both generators read the same files);
- DIR/hugo/: a Hugo site doing the work cecsite does on the same pages: two languages (uk at the
  root, en under /en/) whose contentDir is the same folder, each page, list and home page also in a
  second HTML output format `LowVision` (under /low-vision/, with its own templates), the news list
  paginated as cecsite's (10 a page), an RSS feed of the 50 newest per language and the sitemaps;
- DIR/hugo-one/: the earlier minimal Hugo site, one language and one HTML file per page (single
  page, list page, sitemap, RSS): Hugo doing less work than cecsite, kept for comparison;
- DIR/records/members.csv: M person-level records of election commission members
  (election,level,commission_id,region,position,gender), ~30,000 commissions.
Standard library only.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
from pathlib import Path

UK = ("вибори виборців виборча комісія дільниця кандидат партія голосування бюлетень спостерігач громада "
      "область район закон кодекс строк рішення засідання протокол реєстр звернення адреса місце "
      "посвідчення підрахунок голосів результат округ територіальна член голова секретар "
      "обов’язок право з’їзд сім’я інтерв’ю").split()
EN = ("election voters commission polling station candidate party voting ballot observer community "
      "region district law code deadline decision meeting protocol register appeal address "
      "certificate count result constituency member chair secretary duty right").split()
REGIONS = ["Вінницька область", "Волинська область", "Дніпропетровська область", "Донецька область",
           "Житомирська область", "Закарпатська область", "Запорізька область", "Івано-Франківська область",
           "Київська область", "Кіровоградська область", "Луганська область", "Львівська область",
           "Миколаївська область", "Одеська область", "Полтавська область", "Рівненська область",
           "Сумська область", "Тернопільська область", "Харківська область", "Херсонська область",
           "Хмельницька область", "Черкаська область", "Чернівецька область", "Чернігівська область", "м. Київ"]
LEVELS = ["district", "territorial", "precinct"]
POSITIONS = ["chair", "deputy_chair", "secretary", "member"]
GENDERS = ["female"] * 58 + ["male"] * 40 + ["other"] + [""]

SITE_YAML = """title: {uk: "Тестовий сайт для вимірювань", en: "Benchmark site"}
description: {uk: "Синтетичний сайт для вимірювання швидкості.", en: "A synthetic site for measuring speed."}
"""
PLAN_YAML = """title: {uk: "План", en: "Plan"}
start_year: 2020
end_year: 2025
"""
UNITS_YAML = """units:
  - slug: office-of-informatization
    name: {uk: "Управління інформатизації", en: "Office of Informatization"}
"""
PILLAR_YAML = """id: "1"
slug: capacity
title: {uk: "Інституційна спроможність", en: "Institutional Capacity"}
goals:
  - id: "1.1"
    title: {uk: "Розвиток управління персоналом", en: "Human resource management development"}
    actions:
      - id: "1.1.1"
        title: {uk: "Навчання працівників", en: "Staff training"}
        results:
          - id: "1.1.1.1"
            title: {uk: "Проведено оцінювання", en: "Conducted an assessment"}
            units: [office-of-informatization]
            from: 2020-09-15
            till: 2021-04-01
"""
HUGO_ONE_CONFIG = """baseURL = "http://localhost:8000/"
languageCode = "uk"
title = "Benchmark site"
disableKinds = ["taxonomy", "term"]
[outputs]
  home = ["HTML", "RSS"]
  section = ["HTML", "RSS"]
"""
# Equal work: what cecsite makes of the news folder. Both languages read the same folder (each
# contentDir links to it: one contentDir named twice gives the second language no pages in Hugo
# 0.111; the same file is then a page of each language, each other's translation); every
# page, list and home page has a standard and a low-vision edition; the list is paginated as
# cecsite's /news/ (news_per_page 10), the home page shows the 5 newest (news_on_home 5); one
# feed of the 50 newest per language (cecsite: an Atom feed per language); the sitemaps.
HUGO_CONFIG = """baseURL = "http://localhost:8000/"
title = "Benchmark site"
defaultContentLanguage = "uk"
defaultContentLanguageInSubdir = false
disableKinds = ["taxonomy", "term"]
paginate = 10
[services.rss]
  limit = 50
[languages.uk]
  languageCode = "uk"
  languageName = "Українська"
  title = "Тестовий сайт для вимірювань"
  contentDir = "content"
  weight = 1
[languages.en]
  languageCode = "en"
  languageName = "English"
  title = "Benchmark site"
  contentDir = "content-en"
  weight = 2
[outputFormats.LowVision]
  mediaType = "text/html"
  path = "low-vision"
  baseName = "index"
  isHTML = true
  permalinkable = false
[outputs]
  home = ["HTML", "LowVision"]
  section = ["HTML", "LowVision", "RSS"]
  page = ["HTML", "LowVision"]
"""
BASEOF = """<!DOCTYPE html>
<html lang="uk">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} — {{ .Site.Title }}</title>
{{ with .Description }}<meta name="description" content="{{ . }}">{{ end }}
<link rel="canonical" href="{{ .Permalink }}"></head>
<body><header><p><a href="/">{{ .Site.Title }}</a></p><nav aria-label="Main"><ul><li><a href="/posts/">News</a></li></ul></nav></header>
<main id="main">{{ block "main" . }}{{ end }}</main>
<footer><p>{{ .Site.Title }}</p></footer></body></html>
"""
SINGLE = """{{ define "main" }}<h1>{{ .Title }}</h1>
<p>{{ .Date.Format "2006-01-02" }}{{ with .Params.tags }} · {{ delimit . ", " }}{{ end }}</p>
{{ .Content }}{{ end }}
"""
LIST = """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2><p>{{ .Summary }}</p></li>{{ end }}</ul>{{ end }}
"""


# The equal-work site's templates: the same markup in both editions; the low-vision edition has
# its own base template (its stylesheet, a class on the body, canonical to the standard edition)
# and links to the low-vision edition of the other pages.
EQUAL_BASEOF = """<!DOCTYPE html>
<html lang="{{ .Site.Language.Lang }}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} — {{ .Site.Title }}</title>
{{ with .Description }}<meta name="description" content="{{ . }}">{{ end }}
<link rel="canonical" href="{{ .Permalink }}">
{{ range .Translations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">
{{ end }}<link rel="stylesheet" href="/assets/site.css">
{{ block "head" . }}{{ end }}</head>
<body><header><p><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a></p>
<p>{{ with .OutputFormats.Get "LowVision" }}<a href="{{ .RelPermalink }}">Low vision</a>{{ end }}{{ range .Translations }} · <a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}">{{ .Language.LanguageName }}</a>{{ end }}</p>
<nav aria-label="Main"><ul><li><a href="{{ "news/" | relLangURL }}">News</a></li></ul></nav></header>
<main id="main">{{ block "main" . }}{{ end }}</main>
<footer><p>{{ .Site.Title }}</p></footer></body></html>
"""
EQUAL_BASEOF_LOW_VISION = """<!DOCTYPE html>
<html lang="{{ .Site.Language.Lang }}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} — {{ .Site.Title }}</title>
{{ with .Description }}<meta name="description" content="{{ . }}">{{ end }}
{{ with .OutputFormats.Get "HTML" }}<link rel="canonical" href="{{ .Permalink }}">{{ end }}
<link rel="stylesheet" href="/assets/site.css"><link rel="stylesheet" href="/assets/low-vision.css">
{{ block "head" . }}{{ end }}</head>
<body class="low-vision"><header><p><a href="{{ with .Site.Home.OutputFormats.Get "LowVision" }}{{ .RelPermalink }}{{ end }}">{{ .Site.Title }}</a></p>
<p>{{ with .OutputFormats.Get "HTML" }}<a href="{{ .RelPermalink }}">Standard version</a>{{ end }}{{ range .Translations }} · {{ with .OutputFormats.Get "LowVision" }}<a href="{{ .RelPermalink }}">{{ end }}{{ .Language.LanguageName }}</a>{{ end }}</p>
<nav aria-label="Main"><ul><li><a href="{{ with site.GetPage "/news" }}{{ with .OutputFormats.Get "LowVision" }}{{ .RelPermalink }}{{ end }}{{ end }}">News</a></li></ul></nav></header>
<main id="main">{{ block "main" . }}{{ end }}</main>
<footer><p>{{ .Site.Title }}</p></footer></body></html>
"""
EQUAL_SINGLE = """{{ define "main" }}<h1>{{ .Title }}</h1>
<p class="meta">{{ .Date.Format "2006-01-02" }}</p>
<div class="prose">
{{ .Content }}
</div>
{{ with .Params.tags }}<p class="meta">Tags: {{ delimit . ", " }}</p>{{ end }}{{ end }}
"""
EQUAL_LIST = """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul class="news-list">{{ range .Paginator.Pages }}
<li><h2><a href="{{ (.OutputFormats.Get "%(format)s").RelPermalink }}">{{ .Title }}</a></h2>
<p class="meta">{{ .Date.Format "2006-01-02" }}</p>
<p>{{ .Summary }}</p></li>{{ end }}
</ul>
{{ template "_internal/pagination.html" . }}{{ end }}
"""
EQUAL_HOME = """{{ define "main" }}<h1>{{ .Site.Title }}</h1>
<h2><a href="{{ "news/" | relLangURL }}">News</a></h2>
<ul class="news-list">{{ range first 5 .Site.RegularPages }}
<li><h3><a href="{{ (.OutputFormats.Get "%(format)s").RelPermalink }}">{{ .Title }}</a></h3>
<p class="meta">{{ .Date.Format "2006-01-02" }}</p>
<p>{{ .Summary }}</p></li>{{ end }}
</ul>{{ end }}
"""


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(UK if rng.random() < 0.6 else EN) for _ in range(n)]
    return " ".join(words).capitalize()


def page(rng: random.Random, i: int, dates: str) -> str:
    title = sentence(rng, 6).replace('"', "")
    month = 1 + i % 12
    day = f"20{21 + i % 5}-{month:02d}-{1 + i % 28:02d}"
    if dates == "rfc3339":  # Kyiv's offset: +03:00 in summer time (April to October), +02:00 otherwise
        day += f"T{i % 24:02d}:{i * 7 % 60:02d}:00+0{3 if 4 <= month <= 10 else 2}:00"
    tags = sorted({rng.choice(UK), rng.choice(EN)})
    summary = sentence(rng, 24).replace('"', "") + "."
    body = []
    for s in range(4):
        body.append(f"## {sentence(rng, 4)}\n")
        body.append(f"{sentence(rng, 45)}, *{sentence(rng, 2).lower()}* і **{sentence(rng, 2).lower()}**; "
                    f"див. [документ](https://example.org/docs/{i}-{s}) та `код-{i}-{s}`. {sentence(rng, 20)}.\n")
        body.append("\n".join(f"- {sentence(rng, 6)}" for _ in range(3)) + "\n")
        body.append(f"{sentence(rng, 18)}.\n")
    front = (f"---\ntitle: \"{title}\"\ndate: {day}\ntags: [{', '.join(chr(34) + t + chr(34) for t in tags)}]\n"
             f"summary: \"{summary}\"\n---\n")
    return front + "\n".join(body)


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, required=True)
    parser.add_argument("--records", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dates", choices=["day", "rfc3339"], default="day",
                        help="front matter dates as calendar days (2024-01-02) or RFC 3339 date-times")
    args = parser.parse_args()
    out: Path = args.out
    if out.exists():
        shutil.rmtree(out)
    rng = random.Random(args.seed)

    pages = out / "pages"
    pages.mkdir(parents=True)
    for i in range(1, args.pages + 1):
        (pages / f"post-{i:05d}.md").write_text(page(rng, i, args.dates), encoding="utf-8")

    content = out / "cecsite" / "content"
    write(content / "site.yaml", SITE_YAML)
    write(content / "plan" / "plan.yaml", PLAN_YAML)
    write(content / "plan" / "units.yaml", UNITS_YAML)
    write(content / "plan" / "pillars" / "1-capacity.yaml", PILLAR_YAML)
    # cecsite follows no symbolic link out of content/ (a link could read anything), so its
    # news folder holds hard links to the same files: one inode per page, edited in place.
    (content / "news").mkdir(parents=True)
    for file in sorted(pages.iterdir()):
        os.link(file, content / "news" / file.name)

    hugo = out / "hugo"
    write(hugo / "config.toml", HUGO_CONFIG)
    layouts = hugo / "layouts"
    write(layouts / "_default" / "baseof.html", EQUAL_BASEOF)
    write(layouts / "_default" / "baseof.lowvision.html", EQUAL_BASEOF_LOW_VISION)
    for edition, format_ in (("", "HTML"), (".lowvision", "LowVision")):
        write(layouts / "_default" / f"single{edition}.html", EQUAL_SINGLE)
        write(layouts / "_default" / f"list{edition}.html", EQUAL_LIST % {"format": format_})
        write(layouts / f"index{edition}.html", EQUAL_HOME % {"format": format_})
    for content_dir in ("content", "content-en"):
        (hugo / content_dir).mkdir(parents=True)
        os.symlink(pages.resolve(), hugo / content_dir / "news")

    hugo_one = out / "hugo-one"
    write(hugo_one / "config.toml", HUGO_ONE_CONFIG)
    write(hugo_one / "layouts" / "_default" / "baseof.html", BASEOF)
    write(hugo_one / "layouts" / "_default" / "single.html", SINGLE)
    write(hugo_one / "layouts" / "_default" / "list.html", LIST)
    write(hugo_one / "layouts" / "index.html", LIST)
    (hugo_one / "content").mkdir(parents=True)
    os.symlink(pages.resolve(), hugo_one / "content" / "posts")

    if args.records:
        records = out / "records" / "members.csv"
        records.parent.mkdir(parents=True)
        commissions = max(1, min(30000, args.records // 10))
        with records.open("w", encoding="utf-8", newline="") as f:
            f.write("election,level,commission_id,region,position,gender\n")
            for n in range(args.records):
                c = rng.randrange(commissions)
                election = "Місцеві вибори 2020" if c % 3 else "Вибори народних депутатів 2019"
                level = LEVELS[0] if c < commissions // 100 else LEVELS[1] if c < commissions // 10 else LEVELS[2]
                position = POSITIONS[min(n % 12, 3)]
                f.write(f"{election},{level},C-{c:05d},{REGIONS[c % len(REGIONS)]},{position},{rng.choice(GENDERS)}\n")


if __name__ == "__main__":
    main()
