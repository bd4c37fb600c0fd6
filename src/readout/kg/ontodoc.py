"""The ontology's reference page and closed namespace classes, generated from its Turtle.

`render_markdown` gives docs/ontology.md (every class, property and concept with its
label, definition, domain, range and alignment); `render_vocabulary` gives
src/readout/kg/vocabulary.py (rdflib `DefinedNamespace` classes with `_fail = True`).
Both are pure functions of the ontology graph, sorted, so the same ontology always gives
the same text; tests compare the committed files with a fresh rendering.
"""
from __future__ import annotations

import keyword
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from readout.config import ONTOLOGY_FILE
from readout.errors import InputError

ONTOLOGY = URIRef("https://w3id.org/readout/ontology")
RO_NS = "https://w3id.org/readout/ontology#"
MARKDOWN_PATH = Path("docs/ontology.md")
VOCABULARY_PATH = Path("src/readout/kg/vocabulary.py")


@dataclass(frozen=True)
class SchemeSpec:
    """A concept scheme and the namespace class that names its concepts."""
    iri: str
    namespace: str
    class_name: str


SCHEMES = (
    SchemeSpec("https://w3id.org/readout/speech-act", "https://w3id.org/readout/speech-act/", "ACT"),
    SchemeSpec("https://w3id.org/readout/issue", "https://w3id.org/readout/issue/", "ISSUE"),
    SchemeSpec("https://w3id.org/readout/factuality", "https://w3id.org/readout/factuality/", "FACTUALITY"),
    SchemeSpec("https://w3id.org/readout/cameo", "https://w3id.org/readout/cameo/", "CAMEO"),
)
# Vocabularies readout reuses without a closed namespace in rdflib: their terms the ontology
# declares become closed classes too, so that the writer cannot use an undeclared one.
REUSED = (("NIF", "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"),
          ("GAF", "http://groundedannotationframework.org/gaf#"))
KINDS = ((OWL.Class, "class"), (OWL.ObjectProperty, "object property"),
         (OWL.DatatypeProperty, "datatype property"), (OWL.AnnotationProperty, "annotation property"))
CHARACTERISTICS = ((OWL.FunctionalProperty, "functional"), (OWL.TransitiveProperty, "transitive"),
                   (OWL.SymmetricProperty, "symmetric"), (OWL.AsymmetricProperty, "asymmetric"),
                   (OWL.IrreflexiveProperty, "irreflexive"), (OWL.InverseFunctionalProperty,
                                                              "inverse functional"))


def load(path: Path = ONTOLOGY_FILE) -> Graph:
    try:
        return Graph(bind_namespaces="none").parse(path, format="turtle")
    except (OSError, SyntaxError, ValueError) as err:
        reason = " ".join(str(err).split())[:200]
        raise InputError(f"cannot read the ontology {path}: {reason}; fix the Turtle and retry") from err


def own_terms(graph: Graph, namespace: str = RO_NS) -> dict[str, URIRef]:
    """Local name -> IRI of every class and property the ontology declares in `namespace`."""
    found = {}
    for kind, _ in KINDS:
        for term in graph.subjects(RDF.type, kind):
            if isinstance(term, URIRef) and term.startswith(namespace) and len(term) > len(namespace):
                found[term[len(namespace):]] = term
    return dict(sorted(found.items(), key=lambda item: (item[0].lower(), item[0])))


def concepts(graph: Graph, scheme: SchemeSpec) -> dict[str, URIRef]:
    """Local name -> IRI of every concept in a scheme."""
    found = {c[len(scheme.namespace):]: c for c in graph.subjects(SKOS.inScheme, URIRef(scheme.iri))
             if isinstance(c, URIRef) and c.startswith(scheme.namespace)}
    return dict(sorted(found.items()))


class _Names:
    """Compact names for IRIs, from the prefixes the Turtle file declares."""

    def __init__(self, graph: Graph):
        self.prefixes = sorted(((str(ns), p) for p, ns in graph.namespaces() if p),
                               key=lambda pair: -len(pair[0]))

    def __call__(self, node) -> str:
        if isinstance(node, Literal):
            return f'"{node}"'
        for ns, prefix in self.prefixes:
            local = str(node)[len(ns):]
            if str(node).startswith(ns) and local and not set(local) & set("/#"):
                return f"{prefix}:{local}"
        return f"<{node}>"


def _text(graph: Graph, node, prop) -> str:
    values = sorted(str(v) for v in graph.objects(node, prop) if not isinstance(v, Literal)
                    or v.language in (None, "en"))
    return " ".join(values)


def _listed(graph: Graph, node) -> list:
    return list(Collection(graph, node))


def _datarange(graph: Graph, node, name: _Names) -> str:
    """A range that is a blank node: an enumeration, a union or a restricted datatype."""
    if (one_of := graph.value(node, OWL.oneOf)) is not None:
        return "one of " + ", ".join(name(v) for v in _listed(graph, one_of))
    if (union := graph.value(node, OWL.unionOf)) is not None:
        return " or ".join(f"`{name(v)}`" for v in _listed(graph, union))
    if (base := graph.value(node, OWL.onDatatype)) is not None:
        facets = []
        for facet in _listed(graph, graph.value(node, OWL.withRestrictions)):
            for p, v in sorted(graph.predicate_objects(facet)):
                facets.append(f"{name(p).split(':')[-1]} {v}")
        return f"`{name(base)}` ({', '.join(facets)})"
    return "(anonymous)"


def _refs(graph: Graph, nodes, name: _Names) -> str:
    shown = sorted((_datarange(graph, node, name) if isinstance(node, BNode) else name(node), node)
                   for node in nodes)
    return ", ".join(text if isinstance(node, BNode) else f"`{text}`" for text, node in shown)


def _disjoint(graph: Graph, cls: URIRef) -> list[URIRef]:
    found = set(graph.objects(cls, OWL.disjointWith)) | set(graph.subjects(OWL.disjointWith, cls))
    for axiom in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        members = _listed(graph, graph.value(axiom, OWL.members))
        if cls in members:
            found.update(m for m in members if m != cls)
    return sorted(found)


def _term_section(graph: Graph, term: URIRef, name: _Names) -> list[str]:
    kinds = [label for kind, label in KINDS if (term, RDF.type, kind) in graph]
    kinds += [label for kind, label in CHARACTERISTICS if (term, RDF.type, kind) in graph]
    is_class = (term, RDF.type, OWL.Class) in graph
    parent = RDFS.subClassOf if is_class else RDFS.subPropertyOf
    parents = sorted(graph.objects(term, parent))
    own = [p for p in parents if str(p).startswith(RO_NS)]
    aligned = [p for p in parents if not str(p).startswith(RO_NS)]
    lines = [f"### {name(term)}", "",
             f"*{_text(graph, term, RDFS.label)}* ({'; '.join(kinds)}). "
             f"{_text(graph, term, SKOS.definition)}", "",
             f"- IRI: `{term}`"]
    rows = []
    if is_class:
        rows += [("Subclass of", own), ("Subclasses", sorted(graph.subjects(parent, term))),
                 ("Disjoint with", _disjoint(graph, term))]
    else:
        rows += [("Domain", list(graph.objects(term, RDFS.domain))),
                 ("Range", list(graph.objects(term, RDFS.range))),
                 ("Subproperty of", own), ("Subproperties", sorted(graph.subjects(parent, term))),
                 ("Inverse of", list(graph.objects(term, OWL.inverseOf)))]
    rows += [("Aligned with", aligned), ("See also", sorted(graph.objects(term, RDFS.seeAlso)))]
    lines += [f"- {title}: {_refs(graph, nodes, name)}" for title, nodes in rows if nodes]
    if reason := _text(graph, term, URIRef(RO_NS + "writtenOnlyByUsers")):
        lines.append(f"- Never written by readout: {reason}")
    return lines + [""]


def _scheme_section(graph: Graph, spec: SchemeSpec, name: _Names) -> list[str]:
    scheme = URIRef(spec.iri)
    lines = [f"### {_text(graph, scheme, RDFS.label)} (`<{spec.iri}>`)", "",
             _text(graph, scheme, SKOS.definition), "",
             "| concept | label | notation | definition | matches |", "| --- | --- | --- | --- | --- |"]
    match_props = (SKOS.exactMatch, SKOS.closeMatch, SKOS.narrowMatch, SKOS.relatedMatch, SKOS.related,
                   SKOS.broader)
    for concept in concepts(graph, spec).values():
        matches = [f"{name(p)} `{name(o)}`" for p in match_props for o in sorted(graph.objects(concept, p))]
        notes = _text(graph, concept, SKOS.scopeNote)
        definition = _text(graph, concept, SKOS.definition) + (f" *{notes}*" if notes else "")
        cells = [f"`{name(concept)}`", _text(graph, concept, SKOS.prefLabel),
                 _text(graph, concept, SKOS.notation), definition, "; ".join(matches)]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return lines + [""]


def _reused_section(graph: Graph, name: _Names) -> list[str]:
    lines = ["| term | kind | label |", "| --- | --- | --- |"]
    rows = set()
    for kind, label in KINDS[:3]:
        for term in graph.subjects(RDF.type, kind):
            if isinstance(term, URIRef) and not str(term).startswith(RO_NS):
                rows.add((name(term), label, _text(graph, term, RDFS.label)))
    return lines + [f"| `{t}` | {k} | {lab} |" for t, k, lab in sorted(rows)] + [""]


def render_markdown(graph: Graph) -> str:
    """docs/ontology.md for this ontology graph."""
    name = _Names(graph)
    terms = own_terms(graph)
    classes = [t for t in terms.values() if (t, RDF.type, OWL.Class) in graph]
    props = [t for t in terms.values() if t not in classes]
    lines = ["# readout ontology reference", "",
             "Generated from `ontology/readout.ttl` by `readout ontology-doc`; do not edit by hand.",
             "", _text(graph, ONTOLOGY, DCTERMS.description), "",
             f"- Ontology: `<{ONTOLOGY}>`, namespace `{RO_NS}` (prefix `ro:`)",
             f"- Version: {_text(graph, ONTOLOGY, OWL.versionInfo)} "
             f"(`<{graph.value(ONTOLOGY, OWL.versionIRI)}>`)",
             f"- {len(classes)} classes, {len(props)} properties, "
             + ", ".join(f"{len(concepts(graph, s))} {_text(graph, URIRef(s.iri), RDFS.label)}"
                         for s in SCHEMES),
             "- Competency questions: [competency-questions.md](competency-questions.md); "
             "decisions: [decisions/](decisions/)", "",
             "## Prefixes", "", "| prefix | namespace |", "| --- | --- |"]
    lines += [f"| `{p}:` | `{ns}` |" for ns, p in sorted(name.prefixes, key=lambda pair: pair[1])]
    lines += ["", "## Classes", ""]
    for term in classes:
        lines += _term_section(graph, term, name)
    lines += ["## Properties", ""]
    for term in props:
        lines += _term_section(graph, term, name)
    lines += ["## Concept schemes", ""]
    for spec in SCHEMES:
        lines += _scheme_section(graph, spec, name)
    lines += ["## Reused terms", "",
              "Terms of other vocabularies the ontology declares so that it is OWL 2 DL, "
              "and aligns with by subclass or subproperty.", ""]
    lines += _reused_section(graph, name)
    return "\n".join(lines).rstrip() + "\n"


def _identifier(local: str) -> bool:
    return local.isidentifier() and not keyword.iskeyword(local) and not local.startswith("_")


def _namespace_class(class_name: str, namespace: str, doc: str, terms: dict[str, str]) -> list[str]:
    names = [local for local in terms if _identifier(local)]
    extras = [local for local in terms if not _identifier(local)]
    lines = ["", "", f"class {class_name}(DefinedNamespace):", f'    """{doc}"""', "",
             "    _fail = True", f'    _NS = Namespace("{namespace}")']
    if extras:  # names that are not Python identifiers, used as {class_name}["call-for"]
        lines += ["    _extras = ["] + [f'        "{local}",  # {terms[local]}'.rstrip(" #")
                                           for local in extras] + ["    ]"]
    lines.append("")
    lines += [f"    {local}: URIRef  # {terms[local]}".rstrip(" #") for local in names]
    return lines


def render_vocabulary(graph: Graph) -> str:
    """src/readout/kg/vocabulary.py for this ontology graph."""
    version = _text(graph, ONTOLOGY, OWL.versionInfo)
    lines = ['"""The readout ontology\'s terms as closed namespaces: a misspelt term fails at once.',
             "",
             "Generated from ontology/readout.ttl by `readout ontology-doc`; do not edit by hand.",
             "tests/test_ontology.py fails when this file and the ontology disagree.",
             '"""', "from rdflib.namespace import DefinedNamespace, Namespace",
             "from rdflib.term import URIRef"]
    ro_terms = {local: _text(graph, iri, RDFS.label) for local, iri in own_terms(graph).items()}
    lines += _namespace_class("RO", RO_NS, f"readout ontology {version}: classes and properties.",
                              ro_terms)
    for class_name, namespace in REUSED:
        terms = {local: _text(graph, iri, RDFS.label) for local, iri in own_terms(graph, namespace).items()}
        lines += _namespace_class(class_name, namespace, f"Terms of <{namespace}> the ontology declares.", terms)
    for spec in SCHEMES:
        # concept names only: their labels are knowledge, read from the ontology, not code
        terms = {local: "" for local in concepts(graph, spec)}
        lines += _namespace_class(spec.class_name, spec.namespace,
                                  f"Concepts of the scheme <{spec.iri}> (labels in the ontology).", terms)
    return "\n".join(lines) + "\n"


def outputs(graph: Graph, markdown: Path = MARKDOWN_PATH,
            vocabulary: Path = VOCABULARY_PATH) -> dict[Path, str]:
    """Each generated file and the text it should hold."""
    return {markdown: render_markdown(graph), vocabulary: render_vocabulary(graph)}


def stale(expected: dict[Path, str]) -> list[Path]:
    """The files whose text differs from what the ontology gives (or that are missing)."""
    return [path for path, text in expected.items()
            if not path.is_file() or path.read_text(encoding="utf-8") != text]


def write(expected: dict[Path, str]) -> list[Path]:
    """Write the stale files (each whole, via a temporary file) and return them."""
    from readout.store.embedded import write_atomic

    changed = stale(expected)
    for path in changed:
        write_atomic(path, expected[path].encode("utf-8"))
    return changed
