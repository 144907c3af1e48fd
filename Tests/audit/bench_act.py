#!/usr/bin/env python3
"""Scores `cecsite audit` on the W3C ACT Rules test cases (`make bench-audit ACT=<clone>`).

The test cases come from a local clone (or bare git directory) of w3c/wcag-act-rules:
`content-assets/wcag-act-rules/testcases.json` and the files under `testcases/` beside it.
Nothing is fetched: the script reads the clone, writes every case into a temporary folder
at its path on www.w3.org, with the test assets it links to (stylesheets, images, the pages its
links and frames lead to), and runs `cecsite audit --format json` on each case on its own; only
findings in the case's own page are counted.

Scoring, per ACT rule: the rule's criteria are the WCAG success criteria its
`ruleAccessibilityRequirements` name (secondary ones included). A case counts as "failed" by
cecsite when cecsite reports an error whose criterion is one of them; warnings ("needs review")
are counted apart. Recall = failed cases found / failed cases; false positives = passed or
inapplicable cases flagged / passed + inapplicable cases. The headline covers the ACT rules
whose criteria cecsite's `--list-rules` claims; the table lists every such rule. Then all cases
are audited in one run (one folder per case) and the time is reported.

Writes the table between the markers `<!-- bench-act:start -->` and `<!-- bench-act:end -->`
of docs/AUDIT.md (with `--write`), and prints it.
"""

import argparse
import concurrent.futures
import datetime
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time

PREFIX = "content-assets/wcag-act-rules/"
START, END = "<!-- bench-act:start -->", "<!-- bench-act:end -->"


class Clone:
    """Reads files of a clone (work tree) or of a bare git directory at HEAD."""

    def __init__(self, path):
        self.path = path
        self.work_tree = os.path.isdir(os.path.join(path, PREFIX))
        self.git = ["git", "--git-dir=" + (os.path.join(path, ".git") if os.path.isdir(os.path.join(path, ".git")) else path)]

        self.batch = None

    def read(self, relative):
        """The file's bytes; b"" for a file the clone lists but does not hold (a large video)."""
        if self.work_tree:
            try:
                with open(os.path.join(self.path, relative), "rb") as handle:
                    return handle.read()
            except OSError:
                return b""
        if self.batch is None:
            self.batch = subprocess.Popen(self.git + ["cat-file", "--batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.batch.stdin.write(("HEAD:" + relative + "\n").encode())
        self.batch.stdin.flush()
        header = self.batch.stdout.readline().split()
        if len(header) != 3:  # "<name> missing"
            return b""
        data = self.batch.stdout.read(int(header[2]))
        self.batch.stdout.read(1)
        return data

    def commit(self):
        result = subprocess.run(self.git + ["log", "-1", "--format=%H %cs"], capture_output=True, text=True)
        return result.stdout.strip() or "unknown"

    def files(self, under):
        if self.work_tree:
            root = os.path.join(self.path, under)
            out = []
            for folder, _, names in os.walk(root):
                for name in names:
                    out.append(os.path.relpath(os.path.join(folder, name), self.path))
            return sorted(out)
        result = subprocess.run(self.git + ["ls-tree", "-r", "--name-only", "HEAD", under], check=True, capture_output=True, text=True)
        return result.stdout.split()


def criteria(case):
    out = set()
    for key in (case.get("ruleAccessibilityRequirements") or {}):
        match = re.match(r"wcag2\d:(\d+\.\d+\.\d+)$", key)
        if match:
            out.add(match.group(1))
    return out


def claimed_criteria(cecsite):
    listing = subprocess.run([cecsite, "audit", "--list-rules"], check=True, capture_output=True, text=True).stdout
    return set(re.findall(r"WCAG (\d+\.\d+\.\d+)", listing))


SITE = "WAI/" + PREFIX  # where the cases and assets lie on www.w3.org, which their links assume


def extract(clone, cases, folder):
    """Writes each case to folder/<n>/ at its path on www.w3.org, with the test assets it
    links to (hard links to one stored copy; files the clone does not hold stay empty)."""
    assets = {path[len(PREFIX):]: path for path in clone.files(PREFIX + "test-assets")}
    asset_store = os.path.join(folder, "_assets")
    layout = []
    for index, case in enumerate(cases):
        data = clone.read(PREFIX + case["relativePath"])
        root = os.path.join(folder, str(index))
        target = os.path.join(root, SITE, case["relativePath"])
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as handle:
            handle.write(data)
        text = data.decode("utf-8", "replace")
        for reference in set(re.findall(r"(test-assets/[^\"')\s>#?]+)", text)):
            if reference not in assets:
                continue
            stored = os.path.join(asset_store, reference)
            if not os.path.exists(stored):
                os.makedirs(os.path.dirname(stored), exist_ok=True)
                with open(stored, "wb") as handle:
                    handle.write(clone.read(assets[reference]))
            linked = os.path.join(root, SITE, reference)
            os.makedirs(os.path.dirname(linked), exist_ok=True)
            if not os.path.exists(linked):
                os.link(stored, linked)
        layout.append(root)
    return layout


def audit(cecsite, root):
    result = subprocess.run([cecsite, "audit", "--format", "json", root], capture_output=True, text=True)
    if result.returncode == 2:  # no HTML page (an SVG or XML case): nothing audited
        return []
    try:
        return [f for f in json.loads(result.stdout)["findings"] if f["file"].startswith(SITE + "testcases/")]
    except (ValueError, KeyError):
        sys.exit(f"cecsite audit {root} gave no JSON (exit {result.returncode}):\n{result.stderr}")


def score(cases, findings, claimed):
    rules = {}
    for case, found in zip(cases, findings):
        wanted = criteria(case)
        if not wanted:
            continue
        rule = rules.setdefault(
            case["ruleId"],
            {"name": case["ruleName"], "criteria": wanted, "failed": 0, "found": 0, "clean": 0, "flagged": 0,
             "review_failed": 0, "review_clean": 0, "misses": [], "alarms": []})
        errors = [f for f in found if f["criterion"] in wanted and f["severity"] == "error"]
        warnings = [f for f in found if f["criterion"] in wanted and f["severity"] == "warning"]
        label = case["testcaseTitle"] + " (" + case["relativePath"] + ")"
        if case["expected"] == "failed":
            rule["failed"] += 1
            if errors:
                rule["found"] += 1
            else:
                rule["misses"].append(label)
                if warnings:
                    rule["review_failed"] += 1
        else:
            rule["clean"] += 1
            if errors:
                rule["flagged"] += 1
                rule["alarms"].append(f"{label}: " + "; ".join(sorted({f['rule'] for f in errors})))
            elif warnings:
                rule["review_clean"] += 1
    covered = {k: v for k, v in rules.items() if v["criteria"] & claimed}
    return rules, covered


def totals(rules):
    failed = sum(r["failed"] for r in rules.values())
    found = sum(r["found"] for r in rules.values())
    clean = sum(r["clean"] for r in rules.values())
    flagged = sum(r["flagged"] for r in rules.values())
    return failed, found, clean, flagged


def pct(a, b):
    return f"{100 * a / b:.1f} %" if b else "–"


def table(rules, covered, commit, seconds, one_run, count):
    failed, found, clean, flagged = totals(covered)
    all_failed, all_found, all_clean, all_flagged = totals(rules)
    review_failed = sum(r["review_failed"] for r in covered.values())
    review_clean = sum(r["review_clean"] for r in covered.values())
    lines = [
        f"Measured {datetime.date.today().isoformat()} on ACT Rules commit `{commit}` ({count} test cases), "
        f"each case audited on its own in {seconds:.1f} s; all cases in one run: {one_run[0]:.2f} s "
        f"({one_run[1]:.2f} s of CPU time; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores).",
        "",
        "| scope | rules | recall (failed cases found) | false positives (passed/inapplicable cases flagged) |",
        "|---|---|---|---|",
        f"| ACT rules whose criteria cecsite claims | {len(covered)} | {found}/{failed} = **{pct(found, failed)}** | "
        f"{flagged}/{clean} = **{pct(flagged, clean)}** |",
        f"| every ACT rule mapped to a WCAG criterion | {len(rules)} | {all_found}/{all_failed} = {pct(all_found, all_failed)} | "
        f"{all_flagged}/{all_clean} = {pct(all_flagged, all_clean)} |",
        "",
        f"Warnings (\"needs review\") are not counted above: on the claimed rules {review_failed} missed failed "
        f"case(s) and {review_clean} passed/inapplicable case(s) got only a warning.",
        "",
        "| ACT rule | name | criteria | failed found | passed/inapplicable flagged |",
        "|---|---|---|---|---|",
    ]
    for rule_id, rule in sorted(covered.items(), key=lambda item: item[1]["name"].lower()):
        lines.append(
            f"| {rule_id} | {rule['name']} | {', '.join(sorted(rule['criteria']))} | {rule['found']}/{rule['failed']} | "
            f"{rule['flagged']}/{rule['clean']} |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--act", required=True, help="a clone (or bare git directory) of w3c/wcag-act-rules")
    parser.add_argument("--cecsite", required=True, help="the cecsite executable")
    parser.add_argument("--write", help="the Markdown file to write the table into (docs/AUDIT.md)")
    parser.add_argument("--details", action="store_true", help="also list the missed and falsely flagged cases")
    parser.add_argument("--rule", help="only the cases of this ACT rule id (for working on one rule)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    clone = Clone(args.act)
    catalog = json.loads(clone.read(PREFIX + "testcases.json"))
    cases = [c for c in catalog["testcases"] if not args.rule or c["ruleId"] == args.rule]
    claimed = claimed_criteria(args.cecsite)
    folder = tempfile.mkdtemp(prefix="bench-act-")
    try:
        roots = extract(clone, cases, folder)
        start = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
            findings = list(pool.map(lambda root: audit(args.cecsite, root), roots))
        seconds = time.monotonic() - start
        # All cases in one run: move the per-case folders under one root (assets stay aside).
        together = os.path.join(folder, "all")
        os.makedirs(together)
        for root in roots:
            os.rename(root, os.path.join(together, os.path.basename(root)))
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.monotonic()
        subprocess.run([args.cecsite, "audit", "--format", "json", together], capture_output=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        # Wall time suffers when other work shares the cores; CPU time much less.
        one_run = (time.monotonic() - start, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    rules, covered = score(cases, findings, claimed)
    text = table(rules, covered, clone.commit(), seconds, one_run, len(cases))
    print(text)
    if args.details:
        for rule_id, rule in sorted(covered.items()):
            for miss in rule["misses"]:
                print(f"MISS {rule_id} {rule['name']}: {miss}")
            for alarm in rule["alarms"]:
                print(f"FALSE {rule_id} {rule['name']}: {alarm}")
    if args.write:
        with open(args.write, encoding="utf-8") as handle:
            document = handle.read()
        if START not in document or END not in document:
            sys.exit(f"{args.write}: no {START} … {END} markers to write the table between")
        head, rest = document.split(START, 1)
        _, tail = rest.split(END, 1)
        with open(args.write, "w", encoding="utf-8") as handle:
            handle.write(head + START + "\n" + text + "\n" + END + tail)


if __name__ == "__main__":
    main()
