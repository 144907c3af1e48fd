#!/usr/bin/env python3
"""The benchmark runner of `make bench`: cecsite against Hugo on the same pages and against
DuckDB on the same records, in one run, alternating A/B over several rounds.

    run.py --cecsite BIN --hugo BIN --duckdb-python PY --pages 10000 30000 --records 1000000
           --rounds 3 --work DIR --report BENCHMARKS.md

For each page count, on a corpus whose front matter dates are RFC 3339 date-times: full builds
from an empty output folder (wall time, peak RSS and CPU time from /usr/bin/time, output size and
files) of cecsite, of Hugo configured to do the same work (two languages reading the same pages,
a low-vision edition of every page, list and home page, the paginated list, feeds, sitemaps;
see generate.py) and of Hugo writing one HTML file per page (less work, the earlier comparison);
an incremental case (one page edited after a full build, rebuilt by the command line), and the
same one-page edit rebuilt by Hugo's in-memory server (`hugo server`, started once, every page
re-rendered; timed by the rebuild time Hugo prints), set against cecsite's command-line rebuild
from the incremental case, both on the equal-work site. For the records:
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
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TIMEOUT = 1800  # seconds per command
SERVER_START_TIMEOUT = 300  # seconds for `hugo server`'s first build (30,000 pages take well under this)
SERVER_REBUILD_TIMEOUT = 60  # seconds from a page written to Hugo's report of the rebuild
SERVER_SETTLE = 1.5  # seconds after a rebuild before the next write, so the file watcher settles
# serve's report of a rebuild, with its own time from the change seen to the new pages servable.
SERVE_REPORT = re.compile(r"served (\d+(?:\.\d+)?) (ms|s) after the save")

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


class Run(NamedTuple):
    """One command's wall seconds, peak resident memory (KB) and CPU seconds (user + system)."""

    wall: float
    peak: int
    cpu: float


def measure(command: list[str], cwd: Path | None = None) -> Run:
    """Wall time, peak memory and CPU time of one command, which must succeed."""
    stats = Path("/tmp") / f"bench-time-{os.getpid()}.txt"
    start = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%M %U %S", "-o", str(stats)] + command, cwd=cwd,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=TIMEOUT, text=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"bench: {' '.join(command)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    peak, user, system = stats.read_text().strip().splitlines()[-1].split()
    return Run(wall, int(peak), float(user) + float(system))


def load() -> str:
    """The load averages over 1, 5 and 15 minutes: other work on the machine while measuring."""
    return " / ".join(f"{value:.2f}" for value in os.getloadavg())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(command: list[str]) -> tuple[subprocess.Popen, queue.Queue]:
    """Starts a server whose standard output and error are read line by line on a thread: the
    queue gets (arrival time, line), and (time, None) when the output ends."""
    server = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, encoding="utf-8", errors="replace")
    lines: queue.Queue[tuple[float, str | None]] = queue.Queue()

    def read() -> None:
        for line in server.stdout:
            lines.put((time.perf_counter(), line.rstrip("\n")))
        lines.put((time.perf_counter(), None))

    threading.Thread(target=read, daemon=True).start()
    return server, lines


def stop_server(server: subprocess.Popen, wait: float) -> None:
    """Stops a server started by start_server, killing it after `wait` seconds."""
    server.terminate()
    try:
        server.wait(timeout=wait)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


class PagePoller:
    """One page of a running server, fetched over one keep-alive connection on loopback."""

    def __init__(self, port: int, url_path: str, fail) -> None:
        import http.client

        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.url_path = url_path
        self.fail = fail

    def body(self) -> str:
        """The page as served now; an answer other than 200 ends the bench."""
        self.connection.request("GET", self.url_path)
        response = self.connection.getresponse()
        data = response.read().decode("utf-8", "replace")
        if response.status != 200:
            self.fail(f"GET {self.url_path} answered {response.status}")
        return data

    def wait_for(self, sentence: str, started: float) -> float:
        """Polls the page every 2 ms until it holds `sentence`: the seconds since `started`."""
        while sentence not in self.body():
            if time.perf_counter() - started > SERVER_REBUILD_TIMEOUT:
                self.fail(f"the edit did not reach {self.url_path} within {SERVER_REBUILD_TIMEOUT} s")
            time.sleep(0.002)
        return time.perf_counter() - started

    def close(self) -> None:
        self.connection.close()


def hugo_server_rebuilds(hugo: str, source: Path, page: Path, rounds: int, fast_render: bool = False,
                         url_path: str = "") -> list[tuple[float, float, float | None]]:
    """Hugo's in-memory server rebuilding the site after one page is edited, `rounds` times.

    Starts `hugo server` on `source` once (rendering to memory, Hugo 0.111's default; no live
    reload), waits for its first build, then per round appends a sentence to `page` and waits for
    Hugo's report:

        Change detected, rebuilding site.
        ...
        Total in 90 ms

    With `fast_render` false (`--disableFastRender`) every page is rendered again on a change. With
    it true (Hugo's default), Hugo renders again only the changed page and the pages a browser
    visited lately: `url_path`, the edited page, is requested once after the first build, as an
    editor previewing it would, and after each report it is polled until it holds the new sentence.

    Returns per round: the seconds Hugo printed, the wall seconds from the write to that line (it
    includes the file watcher's batching wait), and with `fast_render` the wall seconds from the
    write to the new page received over HTTP (None otherwise). Restores `page`, stops the server."""
    change = re.compile(r"^Change detected, rebuilding site\.")
    total = re.compile(r"^Total in (\d+) ms")
    ready = re.compile(r"^Web Server is available at ")
    failure = re.compile(r"^(ERROR|Error:)")
    port = free_port()
    command = [hugo, "server", "--source", str(source), *([] if fast_render else ["--disableFastRender"]),
               "--disableLiveReload", "--bind", "127.0.0.1", "--port", str(port)]
    original = page.read_text(encoding="utf-8")
    recent: collections.deque[str] = collections.deque(maxlen=30)
    server, lines = start_server(command)

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

    results: list[tuple[float, float, float | None]] = []
    try:
        started = time.perf_counter()
        while not ready.match(next_line(started + SERVER_START_TIMEOUT, "'Web Server is available at'")[1]):
            pass
        poller = PagePoller(port, url_path, fail) if fast_render else None
        if poller:
            poller.body()
        time.sleep(SERVER_SETTLE)
        for round_ in range(rounds):
            # Anything printed since the last rebuild: a second rebuild for one write is waited out.
            while not lines.empty():
                if change.match(next_line(time.perf_counter() + 1, "queued output")[1]):
                    rebuilt(time.perf_counter() + SERVER_REBUILD_TIMEOUT)
            sentence = f"Edited in server round {round_ + 1}."
            page.write_text(original + f"\n{sentence}\n", encoding="utf-8")
            started = time.perf_counter()
            deadline = started + SERVER_REBUILD_TIMEOUT
            while not change.match(next_line(deadline, "'Change detected, rebuilding site.'")[1]):
                pass
            seconds, at = rebuilt(deadline)
            received = poller.wait_for(sentence, started) if poller else None
            results.append((seconds, at - started, received))
            time.sleep(SERVER_SETTLE)
        if poller:
            poller.close()
    finally:
        page.write_text(original, encoding="utf-8")
        stop_server(server, 10)
    return results


def cecsite_serve_rebuilds(cecsite: str, content: Path, templates: Path, page: Path, url_path: str,
                           rounds: int) -> list[tuple[float | None, float]]:
    """`cecsite serve` bringing the preview up to date after one page is edited, `rounds` times.

    Starts `cecsite serve` once on `content` (its first build is a full one, like Hugo's server's),
    then per round appends a sentence to `page`, polls `url_path` on loopback until the served
    page holds that sentence, and reads serve's own report of the rebuild (the line matching
    SERVE_REPORT, its time from the change seen to the pages servable). Returns (seconds serve
    printed, or None when it printed none; wall seconds from the write to the new page received)
    per round. The wall time includes the file watcher's wait and the HTTP round trips of the
    polling. Restores `page` and stops the server."""
    port = free_port()
    command = [cecsite, "serve", "--content", str(content), "--templates", str(templates), "--port", str(port),
               "--date", "2026-11-23"]
    original = page.read_text(encoding="utf-8")
    recent: collections.deque[str] = collections.deque(maxlen=30)
    server, lines = start_server(command)

    def fail(why: str) -> None:
        sys.exit(f"bench: {' '.join(command)}: {why}; its last output:\n" + "\n".join(recent))

    def drain() -> list[str]:
        got = []
        while not lines.empty():
            _, line = lines.get()
            if line is None:
                fail(f"exited ({server.poll()})")
            recent.append(line)
            got.append(line)
        return got

    results: list[tuple[float | None, float]] = []
    try:
        deadline = time.perf_counter() + SERVER_START_TIMEOUT
        while True:
            try:
                _, line = lines.get(timeout=max(0.0, deadline - time.perf_counter()))
            except queue.Empty:
                fail("no 'Serving http://' line in time")
            if line is None:
                fail(f"exited ({server.poll()}) before serving")
            recent.append(line)
            if line.startswith("Serving http://"):
                break
        poller = PagePoller(port, url_path, fail)
        poller.body()
        time.sleep(SERVER_SETTLE)
        for round_ in range(rounds):
            drain()
            sentence = f"Edited in serve round {round_ + 1}."
            page.write_text(original + f"\n{sentence}\n", encoding="utf-8")
            started = time.perf_counter()
            wall = poller.wait_for(sentence, started)
            time.sleep(SERVER_SETTLE)
            printed = None
            for line in drain():
                if found := SERVE_REPORT.search(line):
                    printed = float(found.group(1)) / (1000 if found.group(2) == "ms" else 1)
            results.append((printed, wall))
        poller.close()
    finally:
        page.write_text(original, encoding="utf-8")
        stop_server(server, 30)
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


def ratio(ours: list[Run], theirs: list[Run], field: str) -> str:
    return f"{statistics.median(getattr(r, field) for r in ours) / statistics.median(getattr(r, field) for r in theirs):.2f}"


def cpu(ours: list[Run], theirs: list[Run]) -> str:
    return (f"{statistics.median(r.cpu for r in ours):.2f} s / {statistics.median(r.cpu for r in theirs):.2f} s = "
            f"**{ratio(ours, theirs, 'cpu')}×**")


def full_row(case: str, ours: list[Run], theirs: list[Run], peer: str = "") -> str:
    """A table row: wall times, CPU times and peak memory of both, with the ratios of the medians."""
    our_peak, their_peak = statistics.median(r.peak for r in ours), statistics.median(r.peak for r in theirs)
    return (f"| {case} | {summary([r.wall for r in ours])} s | {summary([r.wall for r in theirs])} s{peer} | "
            f"**{ratio(ours, theirs, 'wall')}×** | {cpu(ours, theirs)} | {mb(our_peak)} | {mb(their_peak)} | "
            f"**{our_peak / their_peak:.2f}×** |")


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
    outputs_table: list[str] = []
    # Issue 28's targets, judged on this run's medians: (target, measured, met).
    targets: list[tuple[str, str, bool]] = []
    started_load = load()

    for n in args.pages:
        work = args.work / f"pages-{n}"
        loads = [load()]
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--pages", str(n), "--records", "0", "--dates", "rfc3339",
                        "--out", str(work)], check=True)
        cec_out, hugo_out, one_out = work / "out-cecsite", work / "out-hugo", work / "out-hugo-one"
        cec_build = [cecsite, "build", "--quiet", "--content", str(work / "cecsite" / "content"), "--templates",
                     str(ROOT / "templates"), "--output", str(cec_out), "--date", "2026-11-23", "--base-url", "http://localhost:8000"]
        hugo_build = [args.hugo, "--quiet", "--source", str(work / "hugo"), "--destination", str(hugo_out)]
        one_build = [args.hugo, "--quiet", "--source", str(work / "hugo-one"), "--destination", str(one_out)]
        cec: list[Run] = []
        hugo: list[Run] = []
        one: list[Run] = []
        for round_ in range(args.rounds):
            order = [("cecsite", cec_build, cec_out, cec), ("hugo", hugo_build, hugo_out, hugo),
                     ("hugo, one file per page", one_build, one_out, one)]
            if round_ % 2:
                order.reverse()
            for name, command, out, results in order:
                # From nothing: no output and none of cecsite's records or spare site beside it.
                for leftover in [out, *out.parent.glob(f".{out.name}.*")]:
                    shutil.rmtree(leftover, ignore_errors=True)
                results.append(measure(command))
                print(f"bench: {n} pages, {name}, round {round_ + 1}: {results[-1].wall:.2f} s, "
                      f"{results[-1].cpu:.2f} s CPU, {mb(results[-1].peak)}", flush=True)
        outputs = {name: size(out) for name, out in (("cecsite", cec_out), ("hugo", hugo_out), ("one", one_out))}
        shutil.rmtree(one_out, ignore_errors=True)
        # Incremental: one page edited after the full build above, rebuilt by the command line.
        page = work / "pages" / "post-00001.md"
        original = page.read_text(encoding="utf-8")
        cec_inc: list[Run] = []
        hugo_inc: list[Run] = []
        for round_ in range(args.rounds):
            page.write_text(original + f"\nEdited in round {round_ + 1}.\n", encoding="utf-8")
            for name, command, results in (("cecsite", cec_build, cec_inc), ("hugo", hugo_build, hugo_inc)):
                results.append(measure(command))
        page.write_text(original, encoding="utf-8")
        # The same edit rebuilt by Hugo's in-memory server, started once on the same site.
        served = hugo_server_rebuilds(args.hugo, work / "hugo", page, args.rounds)
        for round_, (seconds, wall, _) in enumerate(served):
            print(f"bench: {n} pages, hugo server rebuild, round {round_ + 1}: {seconds:.2f} s by Hugo, "
                  f"{wall:.2f} s from the write", flush=True)
        hugo_srv = [seconds for seconds, _, _ in served]
        # Again in Hugo's default fast-render mode, the edited page open as in an editor's browser.
        fast = hugo_server_rebuilds(args.hugo, work / "hugo", page, args.rounds, fast_render=True,
                                    url_path="/news/post-00001/")
        for round_, (seconds, wall, received) in enumerate(fast):
            print(f"bench: {n} pages, hugo server fast-render rebuild, round {round_ + 1}: {seconds:.2f} s by Hugo, "
                  f"{received:.2f} s from the write to the new page received", flush=True)
        hugo_fast = [seconds for seconds, _, _ in fast]
        hugo_fast_received = [received for _, _, received in fast]
        # The same edit brought into cecsite's preview server, started once on the same site.
        # Written through cecsite's own link to the file: inotify reports a write to the folder
        # the file was opened through, and serve watches the content folder.
        previewed = cecsite_serve_rebuilds(cecsite, work / "cecsite" / "content", ROOT / "templates",
                                           work / "cecsite" / "content" / "news" / page.name, "/news/post-00001/",
                                           args.rounds)
        for round_, (seconds, wall) in enumerate(previewed):
            print(f"bench: {n} pages, cecsite serve rebuild, round {round_ + 1}: "
                  f"{'none printed' if seconds is None else f'{seconds * 1000:.0f} ms printed'}, "
                  f"{wall * 1000:.0f} ms from the write to the new page received", flush=True)
        loads.append(load())
        rows.append(full_row(f"{n:,} pages, full build, equal work", cec, hugo))
        wall_ratio = statistics.median(r.wall for r in cec) / statistics.median(r.wall for r in hugo)
        peak_ratio = statistics.median(r.peak for r in cec) / statistics.median(r.peak for r in hugo)
        targets.append((f"{n:,} pages, full build on equal work: at most 0.5× Hugo's wall time",
                        f"{wall_ratio:.2f}×", wall_ratio <= 0.5))
        targets.append((f"{n:,} pages, full build on equal work: at most 0.15× Hugo's peak memory",
                        f"{peak_ratio:.2f}×", peak_ratio <= 0.15))
        fast_median = statistics.median(hugo_fast)
        cli_median = statistics.median(r.wall for r in cec_inc)
        targets.append((f"{n:,} pages, one page edited, `cecsite build`: at most 300 ms and faster than Hugo's "
                        f"fast-render server ({fast_median:.2f} s)", f"{cli_median:.2f} s",
                        cli_median <= 0.3 and cli_median < fast_median))
        rows.append(full_row(f"{n:,} pages, full build, Hugo doing less work: one HTML file per page", cec, one))
        rows.append(f"| {n:,} pages, one page edited, rebuilt (equal work) | {summary([r.wall for r in cec_inc])} s | "
                    f"{summary([r.wall for r in hugo_inc])} s | **{ratio(cec_inc, hugo_inc, 'wall')}×** | "
                    f"{cpu(cec_inc, hugo_inc)} | | | |")
        rows.append(f"| {n:,} pages, one page edited: cecsite build vs Hugo's in-memory server (equal work) | "
                    f"{summary([r.wall for r in cec_inc])} s | {summary(hugo_srv)} s | "
                    f"**{statistics.median(r.wall for r in cec_inc) / statistics.median(hugo_srv):.2f}×** | | | | |")
        rows.append(f"| {n:,} pages, one page edited: cecsite build vs Hugo's server in fast-render mode (its default) | "
                    f"{summary([r.wall for r in cec_inc])} s | {summary(hugo_fast)} s | "
                    f"**{statistics.median(r.wall for r in cec_inc) / statistics.median(hugo_fast):.2f}×** | | | | |")
        printed = [seconds for seconds, _ in previewed if seconds is not None]
        if len(printed) == len(previewed):
            rows.append(f"| {n:,} pages, one page edited: cecsite serve vs Hugo's in-memory server, each timed as it "
                        f"prints (equal work) | {summary(printed)} s | {summary(hugo_srv)} s | "
                        f"**{statistics.median(printed) / statistics.median(hugo_srv):.2f}×** | | | | |")
            rows.append(f"| {n:,} pages, one page edited: cecsite serve vs Hugo's server in fast-render mode, each timed "
                        f"as it prints | {summary(printed)} s | {summary(hugo_fast)} s | "
                        f"**{statistics.median(printed) / statistics.median(hugo_fast):.2f}×** | | | | |")
        received = [wall for _, wall in previewed]
        serve_median = statistics.median(printed) if len(printed) == len(previewed) else None
        targets.append((f"{n:,} pages, one page edited, `cecsite serve` from the save to the page served (its "
                        f"printed time): at most 100 ms and faster than Hugo's fast-render server ({fast_median:.2f} s)",
                        "none printed" if serve_median is None else f"{serve_median * 1000:.0f} ms",
                        serve_median is not None and serve_median <= 0.1 and serve_median < fast_median))
        rows.append(f"| {n:,} pages, one page edited: cecsite serve vs Hugo's server in fast-render mode, from the "
                    f"write to the new page received over HTTP | {summary(received)} s | {summary(hugo_fast_received)} s | "
                    f"**{statistics.median(received) / statistics.median(hugo_fast_received):.2f}×** | | | | |")
        notes.append(f"- {n:,} pages: `cecsite serve`, from the page written to the new page received over HTTP "
                     f"(polled every 2 ms), took {summary([wall for _, wall in previewed])} s"
                     + ("." if len(printed) == len(previewed) else "; it printed no rebuild time."))
        outputs_table.append(f"| {n:,} | " + " | ".join(f"{outputs[k][1]:,} files, {outputs[k][0] / 1e6:.0f} MB"
                                                       for k in ("cecsite", "hugo", "one")) + " |")
        notes.append(f"- {n:,} pages: Hugo's server rebuild from the file write to its report took "
                     f"{summary([wall for _, wall, _ in served])} s of wall time (`--disableFastRender`), "
                     f"{summary([wall for _, wall, _ in fast])} s in fast-render mode. Load average (1 / 5 / 15 min) "
                     f"before this page count: {loads[0]}; after: {loads[1]}.")
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
            order = [("cecsite", [cecsite, "aggregate", "--kind", "members", str(source), "-o", str(cec_csv)], cec_csv, cec),
                     ("duckdb", [args.duckdb_python, str(script), sql], duck_csv, duck)]
            if round_ % 2:
                order.reverse()
            for name, command, target, results in order:
                # Each starts without its output file (cecsite replaces one only with --overwrite).
                target.unlink(missing_ok=True)
                results.append(measure(command))
                print(f"bench: {args.records:,} records, {name}, round {round_ + 1}: {results[-1].wall:.2f} s, "
                      f"{mb(results[-1].peak)}", flush=True)

        def totals(path: Path) -> tuple[int, int]:
            with path.open(encoding="utf-8") as f:
                table = list(csv.DictReader(f))
            return len(table), sum(int(r["total"]) for r in table)

        same = totals(cec_csv) == totals(duck_csv)
        if not same:
            sys.exit(f"bench: cecsite and DuckDB disagree: {totals(cec_csv)} vs {totals(duck_csv)} (groups, records)")
        rows.append(full_row(f"{args.records:,} member records aggregated", cec, duck, " (DuckDB)"))
        records_ratio = statistics.median(r.wall for r in cec) / statistics.median(r.wall for r in duck)
        targets.append((f"{args.records:,} records: at most 0.3× DuckDB's time", f"{records_ratio:.2f}×", records_ratio <= 0.3))
        notes.append(f"- Records: both wrote {totals(cec_csv)[0]:,} groups totalling {totals(cec_csv)[1]:,} records (checked equal).")

    # The shipped site and its search index.
    shipped = args.work / "shipped"
    build = [cecsite, "build", "--quiet", "--output", str(shipped), "--date", "2026-11-23", "--base-url", "http://localhost:8000"]
    walls = []
    for _ in range(args.rounds):
        shutil.rmtree(shipped, ignore_errors=True)
        walls.append(measure(build, cwd=ROOT))
    index_bytes, index_files = size(shipped / "search" / "index")
    notes.append(f"- The shipped site (content/): full build {summary([r.wall for r in walls])} s, peak "
                 f"{mb(statistics.median(r.peak for r in walls))}; its search index is {index_bytes / 1024:.0f} KB in {index_files} files.")
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
        f"Load average (1 / 5 / 15 min) at the start: {started_load}; at the end: {load()}. Other work on the machine "
        "slows both tools alike within a round; the alternation spreads it over both.",
        "",
        "| case | cecsite median (min–max) | peer median (min–max) | wall time ratio | CPU time (user + sys), cecsite / peer | "
        "cecsite peak memory | peer peak memory | memory ratio |",
        "|---|---|---|---|---|---|---|---|",
        *rows,
        "",
        *(["Issue 28's targets, judged on this run's medians:", "", "| target | measured | |", "|---|---|---|",
            *(f"| {target} | {measured} | {'met' if met else '**missed**'} |" for target, measured, met in targets), ""]
          if targets else []),
        *(["| pages | cecsite wrote | Hugo, equal work | Hugo, one file per page |", "|---|---|---|---|", *outputs_table, ""]
          if outputs_table else []),
        "- \"Hugo's in-memory server\": `hugo server --disableFastRender --disableLiveReload`, started once per page count "
        "and kept running (pages rendered to memory, Hugo's default; every page re-rendered on a change, not only the "
        "ones a browser visited), timed by the rebuild time Hugo prints (`Total in N ms`), as its users quote it; that "
        "excludes the file watcher's wait before the rebuild, which the wall times below include. cecsite's time is its "
        "command-line rebuild from the row above, a new process each time.",
        "- \"Hugo's server in fast-render mode\": `hugo server --disableLiveReload`, Hugo's default, started once per "
        "page count after the server above stopped; the edited page is requested once after the first build, as an "
        "editor previewing it would, so Hugo renders again the changed page and that visited page, not the lists, "
        "feeds and other pages that show the edit (cecsite's rebuilds always bring every page up to date). The last "
        "row times both servers alike: from the file written to the new page received over HTTP (polled every 2 ms).",
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
