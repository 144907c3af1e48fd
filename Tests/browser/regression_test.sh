#!/usr/bin/env bash
# Proves the browser harness fails when the home pages are broken on purpose, and passes on the
# same pages built from the real templates (the control). The built home pages are changed:
#   - <html> loses its lang                      → axe html-has-lang
#   - an <img> without alt                       → axe image-alt
#   - grey-on-white text                         → axe color-contrast (styled from the stylesheets:
#                                                  the pages' CSP ignores style attributes)
#   - an invented attribute                      → a Nu Html Checker error
#   - a 900 px wide box                          → reflow-horizontal-scroll at 320 px
#   - text grey only at wide widths, another     → color-contrast on the first at 1280 px only,
#     only at narrow ones (media queries)          on the second at 320 px only (each width is
#                                                  laid out under its own media queries)
# and `cecsite audit` reports the first three (html-lang, image-alt, color-contrast) too. Low
# contrast put into the templates never gets that far: the build refuses it (its theme check).
#
#   regression_test.sh CECSITE_BINARY
# Run from the repository root with the environment of Tests/browser/setup.sh.
set -euo pipefail

binary="${1:?usage: regression_test.sh CECSITE_BINARY}"
python=".venv/bin/python"
check="Tests/browser/a11y_check.py"
work="$(mktemp -d "${TMPDIR:-/tmp}/cecsite-a11y-regression.XXXXXX")"
trap 'rm -rf "$work"' EXIT
pages=(index.html low-vision/index.html)

fail() { echo "browser regression test: FAILED: $*" >&2; exit 1; }

build() { # build TEMPLATES OUTPUT
  "$binary" build --content content --templates "$1" --output "$2" --date 2026-01-01 --base-url http://localhost:8000 >/dev/null \
    || fail "cecsite could not build the site from $1"
}

# The control: the real templates pass.
build templates "$work/control"
if ! "$python" "$check" "$work/control" --only "${pages[@]}" --jobs 2 --deadline 300 --json "$work/control.json" \
     >"$work/control.out" 2>&1; then
  cat "$work/control.out" >&2
  fail "the unbroken templates did not pass, so the breakage below proves nothing"
fi

# Low contrast in the templates: the build itself refuses it (its theme check runs the contrast
# rule on one page of each template), so no such site is ever written.
cp -r templates "$work/grey-templates"
for sheet in site.css low-vision.css; do
  printf '\n.site-title a { color: #b0b0b0 !important; }\n' >>"$work/grey-templates/assets/$sheet"
done
if "$binary" build --content content --templates "$work/grey-templates" --output "$work/grey" --date 2026-01-01 \
     >"$work/grey.out" 2>&1; then
  fail "cecsite built a site whose header text has 2.16:1 contrast"
fi
grep -q "color-contrast" "$work/grey.out" || { cat "$work/grey.out" >&2; fail "the refused build did not name color-contrast"; }
[ ! -e "$work/grey" ] || fail "the refused build wrote its output"

# The control's pages, broken on purpose after the build (the browser check must catch what a
# browser sees, whatever made the page).
cp -r "$work/control" "$work/broken"
# The styles go into the stylesheets: the pages' Content-Security-Policy (style-src 'self')
# rightly ignores style attributes.
for sheet in site.css low-vision.css; do
  printf '\n.regression-grey { color: #b0b0b0 !important; background: #ffffff !important; }\n.regression-wide { width: 900px; }\n' \
    >>"$work/broken/assets/$sheet"
  printf '@media (min-width: 48rem) { .regression-grey-wide { color: #b0b0b0 !important; background: #ffffff !important; } }\n' \
    >>"$work/broken/assets/$sheet"
  printf '@media (max-width: 40rem) { .regression-grey-narrow { color: #b0b0b0 !important; background: #ffffff !important; } }\n' \
    >>"$work/broken/assets/$sheet"
done
python3 - "$work/broken" "${pages[@]}" <<'EOF'
import sys
from pathlib import Path
root, pages = Path(sys.argv[1]), sys.argv[2:]
extra = """<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="40" height="40">
<p class="regression-grey">Низький контраст</p>
<p data-x="1" invented="yes">Невідомий атрибут</p>
<div class="regression-wide">Широкий блок</div>
<p class="regression-grey-wide">Сірий на широкому екрані</p>
<p class="regression-grey-narrow">Сірий на вузькому екрані</p>
"""
for page in pages:
    path = root / page
    text = path.read_text(encoding="utf-8")
    marker = '<main id="main" tabindex="-1">\n'
    if marker not in text or '<html lang="uk">' not in text:
        sys.exit(f"{page} has no <main> or <html lang> to break")
    text = text.replace('<html lang="uk">', "<html>", 1).replace(marker, marker + extra, 1)
    path.write_text(text, encoding="utf-8")
EOF

status=0
"$python" "$check" "$work/broken" --only "${pages[@]}" --jobs 2 --deadline 300 --json "$work/broken.json" \
  >"$work/broken.out" 2>&1 || status=$?
[ "$status" = 1 ] || { cat "$work/broken.out" >&2; fail "the harness exited $status on the broken pages, not 1"; }

"$python" - "$work/broken.json" <<'EOF' || { cat "$work/broken.out" >&2; exit 1; }
import json, sys
data = json.load(open(sys.argv[1], encoding="utf-8"))
found = {(v["page"], v["width"], v["rule"]) for v in data["violations"]}
missing = []
for page in ("index.html", "low-vision/index.html"):
    for width in (1280, 320):
        for rule in ("html-has-lang", "image-alt", "color-contrast"):
            if (page, width, rule) not in found:
                missing.append(f"{rule} on {page} at {width} px")
    if (page, 320, "reflow-horizontal-scroll") not in found:
        missing.append(f"reflow-horizontal-scroll on {page} at 320 px")
    grey = {(v["width"], name) for v in data["violations"] if v["page"] == page and v["rule"] == "color-contrast"
            for name in ("regression-grey-wide", "regression-grey-narrow") if name in v["target"]}
    if grey != {(1280, "regression-grey-wide"), (320, "regression-grey-narrow")}:
        missing.append(f"color-contrast on .regression-grey-wide at 1280 px only and on .regression-grey-narrow "
                       f"at 320 px only on {page} (reported: {sorted(grey)})")
    if not any(e["page"] == page and "invented" in e["message"] for e in data["nu"] or []):
        missing.append(f"a Nu error about the attribute 'invented' on {page}")
if missing:
    sys.exit("browser regression test: FAILED: not reported: " + "; ".join(missing))
EOF
# The static auditor sees the same breakage, and nothing in the control.
"$binary" audit "$work/control" >"$work/audit-control.out" 2>&1 \
  || { cat "$work/audit-control.out" >&2; fail "cecsite audit reports findings on the unbroken templates"; }
status=0
"$binary" audit "$work/broken" --format json >"$work/audit.json" 2>/dev/null || status=$?
[ "$status" = 1 ] || fail "cecsite audit exited $status on the broken pages, not 1"
"$python" - "$work/audit.json" <<'EOF2'
import json, sys
found = {(f["file"], f["rule"]) for f in json.load(open(sys.argv[1], encoding="utf-8"))["findings"]}
missing = [f"{rule} on {page}" for page in ("index.html", "low-vision/index.html")
           for rule in ("html-lang", "image-alt", "color-contrast") if (page, rule) not in found]
if missing:
    sys.exit("browser regression test: FAILED: cecsite audit did not report: " + "; ".join(missing))
EOF2
echo "browser regression test: the build refuses low-contrast templates; the broken pages fail (axe, Nu, reflow, cecsite audit) and the real ones pass"
