#!/usr/bin/env python3
"""Deterministic synthetic content for `make bench`.

    generate.py --pages N --records M --out DIR [--seed S]

Writes, the same bytes for the same arguments:
- DIR/pages/post-00001.md … : N Markdown pages with YAML front matter in the convention Hugo
  reads (title, date, tags, summary), ~400 words of mixed Ukrainian and English Markdown with
  headings, lists, emphasis, links and code spans;
- DIR/cecsite/content/: a minimal cecsite site (site.yaml and a one-goal plan) whose news/ folder
  holds the same pages (hard-linked, not copied, so both generators read the same files);
- DIR/hugo/: a minimal Hugo site (single page, list page, sitemap, RSS) around the same pages;
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
HUGO_CONFIG = """baseURL = "http://localhost:8000/"
languageCode = "uk"
title = "Benchmark site"
disableKinds = ["taxonomy", "term"]
[outputs]
  home = ["HTML", "RSS"]
  section = ["HTML", "RSS"]
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


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(UK if rng.random() < 0.6 else EN) for _ in range(n)]
    return " ".join(words).capitalize()


def page(rng: random.Random, i: int) -> str:
    title = sentence(rng, 6).replace('"', "")
    day = f"20{21 + i % 5}-{1 + i % 12:02d}-{1 + i % 28:02d}"
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
    args = parser.parse_args()
    out: Path = args.out
    if out.exists():
        shutil.rmtree(out)
    rng = random.Random(args.seed)

    pages = out / "pages"
    pages.mkdir(parents=True)
    for i in range(1, args.pages + 1):
        (pages / f"post-{i:05d}.md").write_text(page(rng, i), encoding="utf-8")

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
    write(hugo / "layouts" / "_default" / "baseof.html", BASEOF)
    write(hugo / "layouts" / "_default" / "single.html", SINGLE)
    write(hugo / "layouts" / "_default" / "list.html", LIST)
    write(hugo / "layouts" / "index.html", LIST)
    (hugo / "content").mkdir(parents=True)
    os.symlink(pages.resolve(), hugo / "content" / "posts")

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
