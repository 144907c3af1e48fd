#!/usr/bin/env python3
"""Measures the incremental-build stores of cecsite on one generated corpus, variants alternating.

    store.py --pages 10000 --rounds 5 --work /tmp/store-bench NAME=BIN[:ENV=VALUE] ...

Each variant builds into its own output folder, so that its record is its own. Per round and
variant (the order of the variants rotates each round, so that a load the shared machine has at
one moment is spread over all of them): a full build from nothing, a rebuild with nothing
changed, and a rebuild after one page was edited. Each build runs with CECSITE_TRACE=1; the
seconds between the marks "write: done" and "records saved" are the cost of writing the
records, and every "store KIND: ..." mark is kept. The size of the record folder is taken after
the full build and after the edit. Prints one line per build and a Markdown table of medians.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) if path.exists() else 0


def run(command: list[str], env: dict[str, str]) -> tuple[float, dict[str, float], list[str]]:
    start = time.perf_counter()
    done = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=1800)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"store.py: {' '.join(command)} failed:\n{done.stderr[-2000:]}")
    marks: dict[str, float] = {}
    stores: list[str] = []
    for line in done.stderr.splitlines():
        match = re.match(r"\s*([0-9.]+)  (.*)", line)
        if match:
            marks.setdefault(match.group(2), float(match.group(1)))
            if match.group(2).startswith("store "):
                stores.append(match.group(2))
    return seconds, marks, stores


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("variants", nargs="+", help="NAME=BIN or NAME=BIN:VAR=VALUE")
    args = parser.parse_args()
    corpus = args.work / f"c{args.pages}"
    if not (corpus / "cecsite").exists():
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--pages", str(args.pages), "--records", "0",
                        "--out", str(corpus)], check=True)
    variants = []
    for spec in args.variants:
        name, rest = spec.split("=", 1)
        binary, _, setting = rest.partition(":")
        env = dict(os.environ, CECSITE_TRACE="1")
        if setting:
            key, value = setting.split("=", 1)
            env[key] = value
        variants.append((name, str(Path(binary).resolve()), env))
    page = corpus / "pages" / "post-00001.md"
    original = page.read_text(encoding="utf-8")
    results: dict[str, dict[str, list[float]]] = {name: {} for name, _, _ in variants}

    def note(name: str, what: str, value: float) -> None:
        results[name].setdefault(what, []).append(value)

    try:
        for round_ in range(args.rounds):
            shift = round_ % len(variants)
            for name, binary, env in variants[shift:] + variants[:shift]:
                out = args.work / f"out-{name}"
                cache = args.work / f".out-{name}.cecsite-cache"
                command = [binary, "build", "--quiet", "--content", str(corpus / "cecsite" / "content"), "--templates",
                           str(ROOT / "templates"), "--output", str(out), "--date", "2026-11-23",
                           "--base-url", "http://localhost:8000"]
                for leftover in [out, *out.parent.glob(f".{out.name}.*")]:
                    shutil.rmtree(leftover, ignore_errors=True)
                page.write_text(original, encoding="utf-8")
                for case in ("full", "unchanged", "edited"):
                    if case == "edited":
                        page.write_text(original + f"\nEdited by {name} in round {round_ + 1}.\n", encoding="utf-8")
                    seconds, marks, stores = run(command, env)
                    saved = marks.get("records saved", 0) - marks.get("write: done", 0)
                    note(name, case, seconds)
                    note(name, case + " save", saved)
                    note(name, case + " size", folder_size(cache))
                    for mark in stores:
                        got = re.match(r"store (\w+): (read|saved) .* in ([0-9.]+) ms", mark)
                        if got:
                            note(name, f"{case} {got.group(1)} {got.group(2)} ms", float(got.group(3)))
                    print(f"round {round_ + 1} {name:8} {case:9} {seconds:6.2f} s, records saved in {saved * 1000:6.0f} ms, "
                          f"record folder {folder_size(cache) / 1e6:6.1f} MB; {'; '.join(stores)}", flush=True)
    finally:
        page.write_text(original, encoding="utf-8")

    print("\n| variant | measure | median | min | max |\n|---|---|---|---|---|")
    for name, measures in results.items():
        for what, values in measures.items():
            print(f"| {name} | {what} | {statistics.median(values):.3f} | {min(values):.3f} | {max(values):.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
