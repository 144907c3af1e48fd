#!/usr/bin/env bash
# The browser check on a page with an image (issue 24): the shipped content plus a test news
# bundle (Tests/browser/fixtures/media/: Markdown beside the fixture JPEG of
# Tests/CECSiteKitTests/Media/hall.jpg, 1600×1067, a document and an old address), built, and
# its pages in both languages and editions and its redirect page checked by a11y_check.py at
# 1280 and 320 px (axe-core, no sideways scrolling, Nu). Then proves the reflow check catches an
# image that does not fit: without the stylesheets' `main img { max-width: 100% }` the same
# pages must fail at 320 px.
#
#   media_check.sh CECSITE_BINARY
# Run from the repository root with the environment of Tests/browser/setup.sh.
set -euo pipefail

binary="${1:?usage: media_check.sh CECSITE_BINARY}"
python=".venv/bin/python"
check="Tests/browser/a11y_check.py"
work="$(mktemp -d "${TMPDIR:-/tmp}/cecsite-media-check.XXXXXX")"
trap 'rm -rf "$work"' EXIT
pages=(news/hall/index.html en/news/hall/index.html low-vision/news/hall/index.html en/low-vision/news/hall/index.html old/news/hall/index.html)

fail() { echo "media browser check: FAILED: $*" >&2; exit 1; }

cp -r content "$work/content"
cp -r Tests/browser/fixtures/media/. "$work/content/"
cp Tests/CECSiteKitTests/Media/hall.jpg "$work/content/news/hall/hall.jpg"
mkdir -p "$work/content/media"
head -c 300000 /dev/zero | tr '\0' 'x' >"$work/content/media/programme.pdf"

build() { # build TEMPLATES OUTPUT
  "$binary" build --content "$work/content" --templates "$1" --output "$2" --date 2026-01-10 --base-url http://localhost:8000 >/dev/null \
    || fail "cecsite could not build the site with the test page from $1"
}

build templates "$work/site"
grep -q 'srcset="/news/hall/hall-480w.jpg 480w' "$work/site/news/hall/index.html" || fail "the test page has no srcset"
"$python" "$check" "$work/site" --only "${pages[@]}" --jobs 2 --deadline 300 || fail "the page with an image did not pass"

# Broken on purpose: the rule that keeps images in the column is gone from both stylesheets.
cp -r templates "$work/broken-templates"
sed -i 's/^main img { max-width: 100%; height: auto; }$//' "$work/broken-templates/assets/site.css" "$work/broken-templates/assets/low-vision.css"
! grep -q '^main img' "$work/broken-templates/assets/site.css" "$work/broken-templates/assets/low-vision.css" || fail "could not remove the image rule"
build "$work/broken-templates" "$work/broken"
if "$python" "$check" "$work/broken" --only news/hall/index.html low-vision/news/hall/index.html --widths 320 --no-nu --jobs 2 --deadline 300 \
     >"$work/broken.out" 2>&1; then
  cat "$work/broken.out" >&2
  fail "an image wider than the screen passed, so the check above proves nothing"
fi
grep -q 'reflow' "$work/broken.out" || { cat "$work/broken.out" >&2; fail "the broken page failed, but not for sideways scrolling"; }
echo "media browser check: the page with an image passes at 1280 and 320 px; without the image rule it fails at 320 px"
