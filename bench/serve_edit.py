#!/usr/bin/env python3
"""Times `cecsite serve` on a one-page edit: from the file write to the edited page served anew.

    serve_edit.py --cecsite BIN --work DIR [--rounds N] [--path /news/post-00001/]

DIR is a corpus of bench/generate.py (DIR/cecsite/content/news/post-00001.md is edited). Starts
`cecsite serve --port 0` on it (the repository's templates, the bench's date), waits for its first
build, then `rounds` times appends a sentence to the page, and polls the page's address (a GET
every 2 ms) until its body holds the sentence: that wall time, and the time serve prints itself
("served N ms after the save"), are reported per round. The page is restored and serve stopped at
the end. Standard library only.
"""
import argparse, os, re, subprocess, sys, threading, time, urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cecsite", required=True)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--path", default="/news/post-00001/")
    parser.add_argument("--log", type=Path, help="where to keep everything serve printed (with CECSITE_TRACE=1, its spans)")
    args = parser.parse_args()
    # The content folder's name for it: the corpus hard-links pages/ into it, and inotify reports
    # a change under the folder the file was opened through.
    page = args.work / "cecsite" / "content" / "news" / "post-00001.md"
    original = page.read_text(encoding="utf-8")
    command = [args.cecsite, "serve", "--port", "0", "--content", str(args.work / "cecsite" / "content"),
               "--templates", str(ROOT / "templates"), "--date", "2026-11-23"]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: list[tuple[float, str]] = []
    lock = threading.Lock()

    def pump(stream) -> None:
        for line in stream:
            with lock:
                lines.append((time.monotonic(), line.rstrip("\n")))

    for stream in (server.stdout, server.stderr):
        threading.Thread(target=pump, args=(stream,), daemon=True).start()
    try:
        url = None
        deadline = time.monotonic() + 600
        while url is None and time.monotonic() < deadline:
            with lock:
                for _, line in lines:
                    found = re.search(r"Serving (http://\S+/)", line)
                    if found:
                        url = found.group(1).rstrip("/")
            time.sleep(0.05)
        if url is None:
            print("serve did not start", lines[-5:], file=sys.stderr)
            return 1
        print(f"serve_edit: serving {url}; load average {os.getloadavg()}", flush=True)
        for round_ in range(1, args.rounds + 1):
            time.sleep(3)  # the previous round's write settles
            with lock:
                seen = len(lines)
            marker = f"Edited in serve round {round_} {time.time_ns()}."
            start = time.monotonic()
            page.write_text(original + f"\n{marker}\n", encoding="utf-8")
            polls = 0
            while True:
                polls += 1
                try:
                    with urllib.request.urlopen(url + args.path, timeout=30) as response:
                        if marker.encode() in response.read():
                            break
                except Exception:
                    pass
                if time.monotonic() - start > 120:
                    print("serve_edit: no new page within 120 s", file=sys.stderr)
                    return 1
                time.sleep(0.002)
            wall = (time.monotonic() - start) * 1000
            # Until the write is done too (at most 60 s), so that rounds do not overlap.
            until = time.monotonic() + 60
            while time.monotonic() < until:
                with lock:
                    told = [line for _, line in lines[seen:]]
                if any("Written" in line or "failed" in line for line in told):
                    break
                time.sleep(0.05)
            printed = [line for line in told if "served" in line or "Written" in line]
            print(f"serve_edit: round {round_}: {wall:.0f} ms from the write to the page served ({polls} polls); "
                  f"serve printed: {' | '.join(printed)}; load average {os.getloadavg()[0]:.2f}", flush=True)
    finally:
        page.write_text(original, encoding="utf-8")
        if args.log:
            with lock:
                args.log.write_text("".join(f"{at:.3f} {line}\n" for at, line in lines), encoding="utf-8")
        server.terminate()
        try:
            server.wait(timeout=180)  # it removes its preview folder (40,000 files) before exiting
        except subprocess.TimeoutExpired:
            server.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
