#!/usr/bin/env python3
"""The benchmark runner of `make bench`: cecsite against Hugo on the same pages and against
DuckDB on the same records, in one run, alternating A/B over several rounds.

    run.py --cecsite BIN --hugo BIN --duckdb-python PY --pages 10000 30000 --records 1000000
           --rounds 3 --work DIR --report BENCHMARKS.md

For each page count: full builds from an empty output folder (wall time, peak RSS from
/usr/bin/time, output size and files), an incremental case (one page edited after a full
build, rebuilt by the command line), and the same one-page edit rebuilt by Hugo's in-memory
server (`hugo server`, started once, every page re-rendered; timed by the rebuild time Hugo
prints), set against cecsite's command-line rebuild from the incremental case. For the records:
`cecsite aggregate` against DuckDB's GROUP BY over the same CSV, both writing a CSV, with the
totals checked equal. Also the shipped site's build time and its search index. The table
replaces the part of the report between `<!-- bench:start -->` and `<!-- bench:end -->`.
"""

from __future__ import annotations

import argparse
import collections
import csv
import datetime
import os
import platform
import queue
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TIMEOUT = 1800  # seconds per command
SERVER_START_TIMEOUT = 300  # seconds for `hugo server`'s first build (30,000 pages take well under this)
SERVER_REBUILD_TIMEOUT = 60  # seconds from a page written to Hugo's report of the rebuild
SERVER_SETTLE = 1.5  # seconds after a rebuild before the next write, so the file watcher settles

DUCKDB_SQL = """
COPY (
  SELECT election, level, position, region,
    count(*) FILTER (WHERE lower(gender) IN ('female', 'f', 'woman', 'ж')) AS women,
    count(*) FILTER (WHERE lower(gender) IN ('male', 'm', 'man', 'ч')) AS men,
    count(*) FILTER (WHERE lower(gender) = 'other') AS other,
    count(*) FILTER (WHERE gender IS NULL OR gender = '' OR lower(gender) = 'unknown') AS unknown,
    count(*) AS total
  FROM read_csv('{source}', header = true, all_varchar = true)
  GROUP BY ALL ORDER BY ALL
) TO '{target}' (HEADER);
"""


def measure(command: list[str], cwd: Path | None = None) -> tuple[float, int]:
    """Wall seconds and peak resident memory (KB) of one command, which must succeed."""
    stats = Path("/tmp") / f"bench-time-{os.getpid()}.txt"
    start = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", str(stats)] + command, cwd=cwd,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=TIMEOUT, text=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"bench: {' '.join(command)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    peak = int(stats.read_text().strip().splitlines()[-1])
    return wall, peak


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def hugo_server_rebuilds(hugo: str, source: Path, page: Path, rounds: int) -> list[tuple[float, float]]:
    """Hugo's in-memory server rebuilding the site after one page is edited, `rounds` times.

    Starts `hugo server` on `source` once (rendering to memory, Hugo 0.111's default; a full
    re-render on each change, not only the pages a browser visited; no live reload), waits for
    its first build, then per round appends a sentence to `page` and waits for Hugo's report:

        Change detected, rebuilding site.
        ...
        Total in 90 ms

    Returns (seconds Hugo printed, wall seconds from the write to that line) per round. The wall
    time also holds the file watcher's batching wait. Restores `page` and stops the server."""
    change = re.compile(r"^Change detected, rebuilding site\.")
    total = re.compile(r"^Total in (\d+) ms")
    ready = re.compile(r"^Web Server is available at ")
    failure = re.compile(r"^(ERROR|Error:)")
    command = [hugo, "server", "--source", str(source), "--disableFastRender", "--disableLiveReload",
               "--bind", "127.0.0.1", "--port", str(free_port())]
    original = page.read_text(encoding="utf-8")
    lines: queue.Queue[tuple[float, str | None]] = queue.Queue()
    recent: collections.deque[str] = collections.deque(maxlen=30)
    server = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, encoding="utf-8", errors="replace")

    def read() -> None:  # stamps each line as it arrives; None when the server's output ends
        for line in server.stdout:
            lines.put((time.perf_counter(), line.rstrip("\n")))
        lines.put((time.perf_counter(), None))

    threading.Thread(target=read, daemon=True).start()

    def fail(why: str) -> None:
        tail = "\n".join(recent)
        sys.exit(f"bench: {' '.join(command)}: {why}; its last output:\n{tail}")

    def next_line(deadline: float, waiting_for: str) -> tuple[float, str]:
        try:
            at, line = lines.get(timeout=max(0.0, deadline - time.perf_counter()))
        except queue.Empty:
            fail(f"no {waiting_for} in time ({SERVER_START_TIMEOUT} s allowed for the first build, "
                 f"{SERVER_REBUILD_TIMEOUT} s per rebuild)")
        if line is None:
            fail(f"exited ({server.poll()}) while waiting for {waiting_for}")
        recent.append(line)
        return at, line

    def rebuilt(deadline: float) -> tuple[float, float]:
        """Reads up to the end of a rebuild already started: Hugo's seconds, arrival time."""
        while True:
            at, line = next_line(deadline, "'Total in … ms' after 'Change detected'")
            if failure.match(line):
                fail(f"the rebuild failed: {line}")
            if found := total.match(line):
                return int(found.group(1)) / 1000, at

    results: list[tuple[float, float]] = []
    try:
        started = time.perf_counter()
        while not ready.match(next_line(started + SERVER_START_TIMEOUT, "'Web Server is available at'")[1]):
            pass
        time.sleep(SERVER_SETTLE)
        for round_ in range(rounds):
            # Anything printed since the last rebuild: a second rebuild for one write is waited out.
            while not lines.empty():
                if change.match(next_line(time.perf_counter() + 1, "queued output")[1]):
                    rebuilt(time.perf_counter() + SERVER_REBUILD_TIMEOUT)
            page.write_text(original + f"\nEdited in server round {round_ + 1}.\n", encoding="utf-8")
            started = time.perf_counter()
            deadline = started + SERVER_REBUILD_TIMEOUT
            while not change.match(next_line(deadline, "'Change detected, rebuilding site.'")[1]):
                pass
            seconds, at = rebuilt(deadline)
            results.append((seconds, at - started))
            time.sleep(SERVER_SETTLE)
    finally:
        page.write_text(original, encoding="utf-8")
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    return results


def size(folder: Path) -> tuple[int, int]:
    total, files = 0, 0
    for path in folder.rglob("*"):
        if path.is_file():
            total += path.stat().st_size
            files += 1
    return total, files


def summary(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f})"


def mb(kb: float) -> str:
    return f"{kb / 1024:.0f} MB"


def version(command: list[str]) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=60).stdout.strip().splitlines()[0]
    except (OSError, IndexError, subprocess.SubprocessError):
        return "unknown"


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory = next(l for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal"))
        ram = f"{int(memory.split()[1]) / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration):
        ram = "unknown RAM"
    system = platform.freedesktop_os_release().get("PRETTY_NAME", platform.system()) if hasattr(platform, "freedesktop_os_release") else platform.system()
    return f"{cpu}, {os.cpu_count()} cores, {ram}, {system}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cecsite", required=True)
    parser.add_argument("--hugo", default="hugo")
    parser.add_argument("--duckdb-python", required=True)
    parser.add_argument("--pages", type=int, nargs="+", default=[10000, 30000])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--report", type=Path, required=True)
    parser.add_argument("--browser-python", help="the Python of Tests/browser/setup.sh's .venv: times search queries in Chromium")
    args = parser.parse_args()
    cecsite = str(Path(args.cecsite).resolve())
    args.work = args.work.resolve()  # hugo reads a relative --destination against --source
    rows: list[str] = []
    notes: list[str] = []

    for n in args.pages:
        work = args.work / f"pages-{n}"
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--pages", str(n), "--records", "0", "--out", str(work)], check=True)
        cec_out, hugo_out = work / "out-cecsite", work / "out-hugo"
        cec_build = [cecsite, "build", "--quiet", "--content", str(work / "cecsite" / "content"), "--templates",
                     str(ROOT / "templates"), "--output", str(cec_out), "--date", "2026-11-23", "--base-url", "http://localhost:8000"]
        hugo_build = [args.hugo, "--quiet", "--source", str(work / "hugo"), "--destination", str(hugo_out)]
        cec, hugo = [], []
        for round_ in range(args.rounds):
            order = [("cecsite", cec_build, cec_out, cec), ("hugo", hugo_build, hugo_out, hugo)]
            if round_ % 2:
                order.reverse()
            for name, command, out, results in order:
                # From nothing: no output and none of cecsite's records or spare site beside it.
                for leftover in [out, *out.parent.glob(f".{out.name}.*")]:
                    shutil.rmtree(leftover, ignore_errors=True)
                results.append(measure(command))
                print(f"bench: {n} pages, {name}, round {round_ + 1}: {results[-1][0]:.2f} s, {mb(results[-1][1])}", flush=True)
        cec_size, cec_files = size(cec_out)
        hugo_size, hugo_files = size(hugo_out)
        # Incremental: one page edited after the full build above, rebuilt by the command line.
        page = work / "pages" / "post-00001.md"
        original = page.read_text(encoding="utf-8")
        cec_inc, hugo_inc = [], []
        for round_ in range(args.rounds):
            page.write_text(original + f"\nEdited in round {round_ + 1}.\n", encoding="utf-8")
            for name, command, results in (("cecsite", cec_build, cec_inc), ("hugo", hugo_build, hugo_inc)):
                results.append(measure(command)[0])
        page.write_text(original, encoding="utf-8")
        # The same edit rebuilt by Hugo's in-memory server, started once on the same site.
        served = hugo_server_rebuilds(args.hugo, work / "hugo", page, args.rounds)
        for round_, (seconds, wall) in enumerate(served):
            print(f"bench: {n} pages, hugo server rebuild, round {round_ + 1}: {seconds:.2f} s by Hugo, "
                  f"{wall:.2f} s from the write", flush=True)
        hugo_srv = [seconds for seconds, _ in served]
        c_wall = [w for w, _ in cec]
        h_wall = [w for w, _ in hugo]
        c_mem = statistics.median(m for _, m in cec)
        h_mem = statistics.median(m for _, m in hugo)
        rows.append(f"| {n:,} pages, full build | {summary(c_wall)} s | {summary(h_wall)} s | "
                    f"**{statistics.median(c_wall) / statistics.median(h_wall):.2f}×** | {mb(c_mem)} | {mb(h_mem)} | "
                    f"**{c_mem / h_mem:.2f}×** |")
        rows.append(f"| {n:,} pages, one page edited, rebuilt | {summary(cec_inc)} s | {summary(hugo_inc)} s | "
                    f"**{statistics.median(cec_inc) / statistics.median(hugo_inc):.2f}×** | | | |")
        rows.append(f"| {n:,} pages, one page edited: cecsite build vs Hugo's in-memory server | {summary(cec_inc)} s | "
                    f"{summary(hugo_srv)} s | **{statistics.median(cec_inc) / statistics.median(hugo_srv):.2f}×** | | | |")
        notes.append(f"- {n:,} pages: cecsite wrote {cec_files:,} files, {cec_size / 1e6:.0f} MB; Hugo {hugo_files:,} files, "
                     f"{hugo_size / 1e6:.0f} MB. Hugo's server rebuild from the file write to its report took "
                     f"{summary([wall for _, wall in served])} s of wall time.")
        shutil.rmtree(cec_out, ignore_errors=True)
        shutil.rmtree(hugo_out, ignore_errors=True)

    if args.records:
        work = args.work / f"records-{args.records}"
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--pages", "0", "--records", str(args.records), "--out", str(work)], check=True)
        source = work / "records" / "members.csv"
        cec_csv, duck_csv = work / "cecsite.csv", work / "duckdb.csv"
        script = work / "aggregate_with_duckdb.py"
        script.write_text("import duckdb, sys\nduckdb.sql(sys.argv[1])\n", encoding="utf-8")
        sql = DUCKDB_SQL.format(source=source, target=duck_csv)
        cec, duck = [], []
        for round_ in range(args.rounds):
            order = [("cecsite", [cecsite, "aggregate", "--kind", "members", str(source), "-o", str(cec_csv)], cec),
                     ("duckdb", [args.duckdb_python, str(script), sql], duck)]
            if round_ % 2:
                order.reverse()
            for name, command, results in order:
                results.append(measure(command))
                print(f"bench: {args.records:,} records, {name}, round {round_ + 1}: {results[-1][0]:.2f} s, {mb(results[-1][1])}", flush=True)

        def totals(path: Path) -> tuple[int, int]:
            with path.open(encoding="utf-8") as f:
                table = list(csv.DictReader(f))
            return len(table), sum(int(r["total"]) for r in table)

        same = totals(cec_csv) == totals(duck_csv)
        if not same:
            sys.exit(f"bench: cecsite and DuckDB disagree: {totals(cec_csv)} vs {totals(duck_csv)} (groups, records)")
        c_wall, d_wall = [w for w, _ in cec], [w for w, _ in duck]
        c_mem, d_mem = statistics.median(m for _, m in cec), statistics.median(m for _, m in duck)
        rows.append(f"| {args.records:,} member records aggregated | {summary(c_wall)} s | {summary(d_wall)} s (DuckDB) | "
                    f"**{statistics.median(c_wall) / statistics.median(d_wall):.2f}×** | {mb(c_mem)} | {mb(d_mem)} | "
                    f"**{c_mem / d_mem:.2f}×** |")
        notes.append(f"- Records: both wrote {totals(cec_csv)[0]:,} groups totalling {totals(cec_csv)[1]:,} records (checked equal).")

    # The shipped site and its search index.
    shipped = args.work / "shipped"
    build = [cecsite, "build", "--quiet", "--output", str(shipped), "--date", "2026-11-23", "--base-url", "http://localhost:8000"]
    walls = []
    for _ in range(args.rounds):
        shutil.rmtree(shipped, ignore_errors=True)
        walls.append(measure(build, cwd=ROOT))
    index_bytes, index_files = size(shipped / "search" / "index")
    notes.append(f"- The shipped site (content/): full build {summary([w for w, _ in walls])} s, peak "
                 f"{mb(statistics.median(m for _, m in walls))}; its search index is {index_bytes / 1024:.0f} KB in {index_files} files.")
    if args.browser_python:
        # The search check types real queries into the built search page and reports their median.
        done = subprocess.run([args.browser_python, str(ROOT / "Tests/browser/search_check.py"), str(shipped)],
                              capture_output=True, text=True, timeout=TIMEOUT)
        found = re.search(r"median query time .*", done.stdout)
        notes.append(f"- Search on the shipped site: {found.group(0)}." if found and done.returncode == 0
                     else f"- Search query time not measured: the search check exited {done.returncode}.")

    table = "\n".join([
        f"Run on {datetime.date.today().isoformat()}: {machine()}.",
        f"cecsite {version([cecsite, '--version'])} (release build); {version([args.hugo, 'version'])}; "
        f"DuckDB {version([args.duckdb_python, '-c', 'import duckdb; print(duckdb.__version__)'])}; {args.rounds} rounds, A/B alternating.",
        f"Command: `make bench PAGES=\"{' '.join(map(str, args.pages))}\" RECORDS={args.records} ROUNDS={args.rounds}`.",
        "",
        "| case | cecsite median (min–max) | peer median (min–max) | time ratio | cecsite peak memory | peer peak memory | memory ratio |",
        "|---|---|---|---|---|---|---|",
        *rows,
        "",
        "- \"Hugo's in-memory server\": `hugo server --disableFastRender --disableLiveReload`, started once per page count "
        "and kept running (pages rendered to memory, Hugo's default; every page re-rendered on a change, not only the "
        "ones a browser visited), timed by the rebuild time Hugo prints (`Total in N ms`), as its users quote it; that "
        "excludes the file watcher's wait before the rebuild, which the wall times below include. cecsite's time is its "
        "command-line rebuild from the row above, a new process each time.",
        *notes,
    ])
    report = args.report.read_text(encoding="utf-8") if args.report.exists() else "<!-- bench:start -->\n<!-- bench:end -->\n"
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    if start in report and end in report:
        report = report[: report.index(start) + len(start)] + "\n" + table + "\n" + report[report.index(end):]
    else:
        report += f"\n{start}\n{table}\n{end}\n"
    args.report.write_text(report, encoding="utf-8")
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
