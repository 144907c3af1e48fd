#!/usr/bin/env python3
"""Opens the data of a built site in LibreOffice Calc, as a spreadsheet user would, and checks
what the cells hold.

    check_spreadsheet.py SITE_DIR

For every dataset of data/datapackage.json, LibreOffice (`soffice --headless --convert-to xlsx`,
Debian's libreoffice-calc-nogui) imports

- the spreadsheet CSV (`<id>.excel.csv`: `;`, UTF-8 with a byte-order mark, ids as `="1.1"`)
  with `;` as separator, and
- the plain RFC 4180 CSV (`<id>.csv`) with `,` as separator,

both as UTF-8, under LANG/LC_ALL=uk_UA.UTF-8 and under en_US.UTF-8 (each with a fresh
LibreOffice profile), each time twice: with every other import option left at the default
soffice takes when given none (it detects "special numbers": dates, times), and with "Detect
special numbers" off (then only decimals are detected), the import dialog's other setting. openpyxl then reads the cells'
values and types back from the converted workbooks, compared with the dataset's JSON twin:

- spreadsheet CSV, both locales: every text cell (every id among them) is text equal to the
  source; a number is that number, or (a decimal under Ukrainian settings, whose decimal
  separator is a comma) its text as written; a date that date or its ISO text; nothing is read
  as a different value.
- plain CSV, both locales: some id cells are NOT text equal to the source (in Ukrainian settings
  goal ids such as 1.1 become dates; in English ones 1.1 becomes a number): the reason the
  spreadsheet CSV exists. If LibreOffice ever stops misreading them, this check says so.

Exits 0 when everything holds, 1 with one line per problem otherwise (at most 10 per dataset).
"""
import csv
import datetime
import io
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

import openpyxl

LOCALES = ("uk_UA.UTF-8", "en_US.UTF-8")
# The CSV import filter's options: separator (59 `;` or 44 `,`), text delimiter `"` (34),
# character set UTF-8 (76), first line 1; then, for each setting, the options after them: none
# (their defaults), or column formats and language left default, "quoted field as text" off
# (its default) and "detect special numbers" off.
FILTERS = {"excel": "CSV:59,34,76,1", "plain": "CSV:44,34,76,1"}
SETTINGS = {"default options": "", "special numbers off": ",,,false,false"}
SOFFICE_TIMEOUT = 600

problems = []


def problem(message):
    problems.append(message)
    print(f"spreadsheet check: {message}", file=sys.stderr)


def id_like(field):
    """An id or code column: as DataFiles.isIDLike (a pattern, a closed list, *_id, *_ids)."""
    constraints = field.get("constraints", {})
    return field["type"] == "string" and (
        "pattern" in constraints or "enum" in constraints or field["name"].endswith(("_id", "_ids")))


def convert(files, kind, locale, setting, work):
    """The workbooks LibreOffice makes of `files` (paths), imported as `kind` under `locale`
    with the import options of `setting`."""
    out = work / f"out-{kind}-{locale}-{setting.replace(' ', '-')}"
    out.mkdir()
    profile = work / f"profile-{locale}"
    env = dict(os.environ, LANG=locale, LC_ALL=locale, LANGUAGE="")
    command = ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               f"--infilter={FILTERS[kind]}{SETTINGS[setting]}", "--convert-to", "xlsx", "--outdir", str(out)] + [str(f) for f in files]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=SOFFICE_TIMEOUT)
    if result.returncode != 0:
        problem(f"soffice failed under {locale}: {result.stderr.strip()[:500]}")
    return {f: out / (f.name[: -len(".csv")] + ".xlsx") for f in files}


def cells(path):
    """The rows of the first sheet: (value, number format) per cell, header row first."""
    book = openpyxl.load_workbook(path, data_only=True)
    sheet = book.worksheets[0]
    return [[(c.value, c.number_format) for c in row] for row in sheet.iter_rows()]


def same_value(value, source, written, kind):
    """True when a cell holds the source value (from the JSON twin): the same text, number or
    date, or a number's or date's text as the plain CSV writes it (`written`)."""
    if source is None:
        return value is None or value == ""
    if kind == "string":
        return isinstance(value, str) and value == source
    if isinstance(value, str):
        return value == written
    if kind in ("integer", "number"):
        return isinstance(value, (int, float)) and not isinstance(value, bool) and float(value) == float(source)
    if kind == "date":
        return isinstance(value, datetime.datetime) and value.date().isoformat() == source
    if kind == "boolean":
        return value is source
    return False


def compare(name, label, workbook, fields, records, texts):
    """Cells that differ from the source: (field, row number, source, cell) each."""
    rows = cells(workbook)
    header = [v for v, _ in rows[0]][: len(fields)]
    if header != [f["name"] for f in fields]:
        problem(f"{name} ({label}): header {header} is not the fields {[f['name'] for f in fields]}")
        return None
    if len(rows) - 1 != len(records):
        problem(f"{name} ({label}): {len(rows) - 1} rows, the dataset has {len(records)}")
        return None
    wrong = []
    for number, (row, record, written) in enumerate(zip(rows[1:], records, texts), start=2):
        row = row + [(None, "General")] * (len(fields) - len(row))
        for field, (value, _), text in zip(fields, row, written):
            source = record[field["name"]]
            if not same_value(value, source, text, field["type"]):
                wrong.append((field, number, source, value))
    return wrong


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 64
    site = pathlib.Path(sys.argv[1])
    if shutil.which("soffice") is None:
        print("spreadsheet check: soffice is missing; install libreoffice-calc-nogui (make data-deps does)", file=sys.stderr)
        return 1
    data = site / "data"
    descriptor = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    resources = descriptor["resources"]
    with tempfile.TemporaryDirectory() as tmp:
        work = pathlib.Path(tmp)
        inputs = {"excel": {}, "plain": {}}
        for resource in resources:
            variant = [a["path"] for a in resource.get("alternates", []) if a["path"].endswith(".excel.csv")]
            if len(variant) != 1:
                problem(f"{resource['name']}: the package lists {len(variant)} spreadsheet CSV files, not 1")
                continue
            for kind, path in (("excel", variant[0]), ("plain", resource["path"])):
                folder = work / kind
                folder.mkdir(exist_ok=True)
                copy = folder / path
                shutil.copy(data / path, copy)
                inputs[kind][resource["name"]] = copy
        misread_plain = {}
        checked = 0
        configurations = [(locale, setting) for locale in LOCALES for setting in SETTINGS]
        for locale, setting in configurations:
            for kind in ("excel", "plain"):
                workbooks = convert(list(inputs[kind].values()), kind, locale, setting, work)
                for resource in resources:
                    name = resource["name"]
                    if name not in inputs[kind]:
                        continue
                    workbook = workbooks[inputs[kind][name]]
                    if not workbook.is_file():
                        problem(f"{name}: LibreOffice made no workbook of {inputs[kind][name].name} under {locale}")
                        continue
                    fields = resource["schema"]["fields"]
                    json_path = next(a["path"] for a in resource["alternates"] if a["path"].endswith(".json"))
                    records = json.loads((data / json_path).read_text(encoding="utf-8"))
                    plain = (data / resource["path"]).read_text(encoding="utf-8")
                    texts = list(csv.reader(io.StringIO(plain, newline="")))[1:]
                    label = f"{inputs[kind][name].name}, {locale}, {setting}"
                    wrong = compare(name, label, workbook, fields, records, texts)
                    if wrong is None:
                        continue
                    if kind == "excel":
                        checked += 1
                        for field, number, source, value in wrong[:10]:
                            problem(f"{label}: row {number}, {field['name']}: {source!r} was read as {value!r}")
                        if len(wrong) > 10:
                            problem(f"{label}: {len(wrong) - 10} more cells misread")
                    else:
                        ids = [w for w in wrong if id_like(w[0])]
                        misread_plain[(locale, setting, name)] = ids
        ids_total = sum(1 for r in resources for f in r["schema"]["fields"] if id_like(f))
        for locale, setting in configurations:
            misread = {name: ids for (loc, kind, name), ids in misread_plain.items() if (loc, kind) == (locale, setting) and ids}
            count = sum(len(ids) for ids in misread.values())
            if count == 0:
                problem(f"the plain CSV files lost no id under {locale}, {setting}: LibreOffice no longer misreads them, "
                        "so the spreadsheet CSV may no longer be needed (docs/OPEN-DATA.md)")
                continue
            cases = [w for ids in misread.values() for w in ids]
            example = next((w for w in cases if isinstance(w[3], datetime.datetime)), cases[0])
            kinds = sorted({type(w[3]).__name__ for w in cases})
            print(f"spreadsheet check: plain CSV under {locale}, {setting}: {count} id cells misread ({', '.join(kinds)}) "
                  f"in {len(misread)} datasets (e.g. {example[0]['name']} {example[2]!r} read as {example[3]!r})")
        if problems:
            print(f"spreadsheet check: FAILED with {len(problems)} problem(s)", file=sys.stderr)
            return 1
        print(f"spreadsheet check: {checked // len(configurations)} spreadsheet CSV files imported by LibreOffice under "
              f"{' and '.join(LOCALES)}, with {' and with '.join(SETTINGS)}: every text and id cell is text as written, "
              f"no value read as another ({ids_total} id columns)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
