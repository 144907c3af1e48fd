#!/usr/bin/env python3
"""Judges data/catalog.jsonld as DCAT-AP 3 validators and CKAN harvesters read it.

    check_dcat.py SITE_DIR

- pyshacl validates the catalog against Tests/data/dcat-ap-3-shapes.ttl (DCAT-AP 3's mandatory
  and recommended properties and the classes of their values, restated offline from the
  official SEMIC shapes; see that file's header): 0 violations and 0 warnings.
- Read as ckanext-dcat's `euro_dcat_ap_3` profile reads a dataset (the queries below restate
  its `_license`, `_distribution_format`, contact and language parsing), every dataset has a
  licence CKAN knows, a format label CKAN recognises on every distribution, a contact point
  and its languages.
- Each check is shown to bite: a copy of the catalog with one fact removed (a type of a
  vocabulary IRI; spatial coverage; the licence's title; the format's label; the contact
  point; the language) must fail exactly that check.

Used by check_data.py (make test-data); exits 0 when everything holds, 1 otherwise.
"""
import pathlib
import sys

import pyshacl
import rdflib
from rdflib.namespace import DCAT, DCTERMS as DCT, RDF, RDFS, SKOS

VCARD = rdflib.Namespace("http://www.w3.org/2006/vcard/ns#")
SHAPES = pathlib.Path(__file__).with_name("dcat-ap-3-shapes.ttl")

# CKAN's default licence register (ckan/model/license.py): what ckanext-dcat's `_license`
# matches a distribution's dct:license against, first by URI, then by its dct:title.
CKAN_LICENSES = {
    "cc-by": ("http://www.opendefinition.org/licenses/cc-by", "Creative Commons Attribution"),
    "cc-by-sa": ("http://www.opendefinition.org/licenses/cc-by-sa", "Creative Commons Attribution Share-Alike"),
    "cc-zero": ("http://www.opendefinition.org/licenses/cc-zero", "Creative Commons CCZero"),
    "odc-by": ("http://www.opendefinition.org/licenses/odc-by", "Open Data Commons Attribution License"),
    "odc-odbl": ("http://www.opendefinition.org/licenses/odc-odbl", "Open Data Commons Open Database License (ODbL)"),
    "odc-pddl": ("http://www.opendefinition.org/licenses/odc-pddl",
                 "Open Data Commons Public Domain Dedication and License (PDDL)"),
}
# Formats CKAN recognises by name (ckan/config/resource_formats.json) among those we publish.
CKAN_FORMATS = {"CSV", "JSON", "XLSX"}


def load(path):
    graph = rdflib.Graph()
    graph.parse(str(path), format="json-ld")
    return graph


def shacl(graph):
    """(violations, warnings) of the graph against the shapes, as lists of messages."""
    shapes = rdflib.Graph().parse(str(SHAPES), format="turtle")
    _, report, _ = pyshacl.validate(graph, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True)
    SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    found = {"Violation": [], "Warning": []}
    for result in report.subjects(RDF.type, SH.ValidationResult):
        severity = str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1]
        message = (f"{report.value(result, SH.focusNode)} {report.value(result, SH.resultPath)}: "
                   f"{report.value(result, SH.resultMessage)}")
        found.setdefault(severity, []).append(message)
    return found["Violation"], found["Warning"]


def value(graph, subject, predicate):
    """ckanext-dcat's `_object_value`: one object as text, any language."""
    for obj in graph.objects(subject, predicate):
        return str(obj)
    return None


def ckan_license(graph, dataset):
    uri2id = {url: key for key, (url, _) in CKAN_LICENSES.items()}
    title2id = {title: key for key, (_, title) in CKAN_LICENSES.items()}
    for dist in graph.objects(dataset, DCAT.distribution):
        license = graph.value(dist, DCT.license)
        if license is None:
            continue
        found = uri2id.get(str(license)) or title2id.get(value(graph, license, DCT.title))
        if found:
            return found
    return None


def ckan_format(graph, dist):
    """The format's label (rdfs:label of the dct:format IRI; the IRI itself when unlabelled)."""
    fmt = graph.value(dist, DCT["format"])
    if fmt is None:
        return None
    if isinstance(fmt, rdflib.URIRef):
        return value(graph, fmt, RDFS.label) or str(fmt)
    return str(fmt)


def ckan_contact(graph, dataset):
    contact = graph.value(dataset, DCAT.contactPoint)
    if contact is None:
        return None
    name = value(graph, contact, VCARD.fn)
    reach = value(graph, contact, VCARD.hasEmail) or value(graph, contact, VCARD.hasURL)
    return (name, reach) if name and reach else None


def ckan_problems(graph):
    """What a CKAN harvest would lose, one line per dataset and property."""
    found = []
    datasets = list(graph.subjects(RDF.type, DCAT.Dataset))
    if not datasets:
        found.append("no dcat:Dataset")
    for dataset in datasets:
        name = value(graph, dataset, DCT.identifier)
        if not ckan_license(graph, dataset):
            found.append(f"{name}: licence unknown to CKAN")
        for dist in graph.objects(dataset, DCAT.distribution):
            label = ckan_format(graph, dist)
            if label not in CKAN_FORMATS:
                found.append(f"{name}: format {label!r} of {dist} is not a CKAN format name")
        if not ckan_contact(graph, dataset):
            found.append(f"{name}: no contact point with a name and an e-mail or URL")
        languages = list(graph.objects(dataset, DCT.language))
        if not languages:
            found.append(f"{name}: no language")
    return found


def broken(graph, remove):
    """A copy of the graph without the triples `remove(graph)` lists."""
    copy = rdflib.Graph()
    for triple in graph:
        copy.add(triple)
    for triple in list(remove(copy)):
        copy.remove(triple)
    return copy


def check(site, problem):
    path = site / "data" / "catalog.jsonld"
    graph = load(path)
    violations, warnings = shacl(graph)
    for line in violations[:20]:
        problem(f"DCAT-AP 3 violation: {line}")
    for line in warnings[:20]:
        problem(f"DCAT-AP 3 warning: {line}")
    if violations or warnings:
        problem(f"catalog.jsonld: {len(violations)} violations and {len(warnings)} warnings of the DCAT-AP 3 shapes")
    for line in ckan_problems(graph)[:20]:
        problem(f"CKAN harvest: {line}")

    # Each check bites: one fact removed, the check that guards it fails.
    file_type = rdflib.URIRef("http://publications.europa.eu/resource/authority/file-type/CSV")
    cases = [
        ("the type of the CSV file-type IRI", lambda g: g.triples((file_type, RDF.type, None)), "violation"),
        ("the spatial coverage", lambda g: g.triples((None, DCT.spatial, None)), "warning"),
        ("the licence's CKAN title", lambda g: ((s, p, o) for s, p, o in g.triples((None, DCT.title, None))
                                                 if (s, RDF.type, DCT.LicenseDocument) in g), "licence"),
        ("the CSV format's label", lambda g: g.triples((file_type, RDFS.label, None)), "format"),
        ("the contact points", lambda g: g.triples((None, DCAT.contactPoint, None)), "contact"),
        ("the datasets' languages", lambda g: ((s, p, o) for s, p, o in g.triples((None, DCT.language, None))
                                               if (s, RDF.type, DCAT.Dataset) in g), "language"),
    ]
    for what, remove, expect in cases:
        copy = broken(graph, remove)
        if expect in ("violation", "warning"):
            v, w = shacl(copy)
            if not (v if expect == "violation" else w):
                problem(f"the shapes did not notice the catalog without {what}")
        else:
            lines = ckan_problems(copy)
            words = {"licence": "licence", "format": "format", "contact": "contact", "language": "language"}
            if not any(words[expect] in line for line in lines):
                problem(f"the CKAN reading did not notice the catalog without {what}")
    return len(list(graph.subjects(RDF.type, DCAT.Dataset)))


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 64
    problems = []

    def problem(message):
        problems.append(message)
        print(f"DCAT check: {message}", file=sys.stderr)

    count = check(pathlib.Path(sys.argv[1]), problem)
    if problems:
        return 1
    print(f"DCAT check: {count} datasets, 0 DCAT-AP 3 violations and warnings, CKAN finds licence, format, contact, language")
    return 0


if __name__ == "__main__":
    sys.exit(main())
