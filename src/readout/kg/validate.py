"""SHACL shapes and violation queries -> a Report for people and machines.

pyshacl is the reference engine; pyshacl-turbo (Rust, the same API and, on the planted
violations of the tests, the same results) is the fast one for large stores. Shapes run
on each article graph on its own (so the cost grows linearly with the corpus), with the
ontology mixed in for the class hierarchy; the `queries/checks/*-violation.rq` queries,
whose every row is a failure, run once over all graphs together (with the ontology) for
what only shows across articles. pyshacl is driven through its `Validator` class, not
`pyshacl.validate()`, which resets rdflib's global literal settings: nothing here changes
any global state.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SH

from readout.config import CHECKS_DIR, ONTOLOGY_FILE, SHAPES_DIR
from readout.errors import InputError
from readout.kg.iris import CORPUS_GRAPH, ONTOLOGY_GRAPH, RO

NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
GAF = Namespace("http://groundedannotationframework.org/gaf#")
SHAPES = Namespace("https://w3id.org/readout/shapes#")
SEVERITIES = ("Violation", "Warning", "Info")
ENGINES = ("pyshacl", "turbo")
_LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class Result:
    """One failure: which node, which constraint, and where in which article."""
    severity: str            # Violation | Warning | Info
    shape: str               # the node shape (or check) that failed, as a CURIE
    message: str
    focus: str               # the failing node's IRI
    focus_label: str         # how a person recognises it: label, anchor text, speaker + cue
    path: str = ""           # the property, as a CURIE
    constraint: str = ""     # the SHACL constraint component, or "check:<name>"
    value: str = ""
    value_is_iri: bool = False
    article: str = ""        # the article id, when the node belongs to one
    sentence: str = ""       # the source sentence, quoted from the article


@dataclass
class Report:
    results: list[Result] = field(default_factory=list)
    graphs: int = 0          # how many graphs the shapes ran on
    checks: int = 0          # how many violation queries ran

    @property
    def conforms(self) -> bool:
        return not self.violations

    @property
    def violations(self) -> list[Result]:
        return [r for r in self.results if r.severity == "Violation"]

    def groups(self) -> dict[tuple[str, str, str], list[Result]]:
        """Results by (severity, shape, message), violations first."""
        groups: dict[tuple[str, str, str], list[Result]] = {}
        for r in sorted(self.results, key=_order):
            groups.setdefault((r.severity, r.shape, r.message), []).append(r)
        return groups

    def text(self, limit: int = 10) -> str:
        """A report for people: one block per shape and message, each node named and quoted."""
        warnings = sum(r.severity == "Warning" for r in self.results)
        lines = [f"The graph {'conforms' if self.conforms else 'does not conform'}: {len(self.violations)} "
                 f"violation(s), {warnings} warning(s); shapes on {self.graphs} graph(s), "
                 f"{self.checks} check(s) on all of them."]
        for (severity, shape, message), results in self.groups().items():
            lines.append(f"\n{severity}: {message}  [{shape}, {len(results)} node(s)]")
            for r in results[:limit]:
                where = f" in {r.article}" if r.article else ""
                value = f" -> {r.value}" if r.value and r.value != r.focus else ""
                lines.append(f"  - {r.focus_label or r.focus}{where}{value}")
                if r.sentence:
                    lines.append(f"      \"{_clip(r.sentence, 160)}\"")
            if len(results) > limit:
                lines.append(f"  ... and {len(results) - limit} more")
        return "\n".join(lines)

    def json(self) -> dict:
        """A report for machines: counts and every result as a flat record."""
        return {"conforms": self.conforms, "violations": len(self.violations),
                "warnings": sum(r.severity == "Warning" for r in self.results),
                "graphs": self.graphs, "checks": self.checks,
                "results": [asdict(r) for r in sorted(self.results, key=_order)]}

    def graph(self) -> Graph:
        """A SHACL validation report graph (sh:ValidationReport), for `--format turtle`."""
        from readout.kg.graph import new_graph

        out = new_graph()
        out.bind("sh", SH)
        out.bind("rs", SHAPES)
        report = BNode("report")
        out.add((report, RDF.type, SH.ValidationReport))
        out.add((report, SH.conforms, Literal(self.conforms)))
        for index, r in enumerate(sorted(self.results, key=_order)):
            node = BNode(f"result{index}")
            out.add((report, SH.result, node))
            out.add((node, RDF.type, SH.ValidationResult))
            out.add((node, SH.resultSeverity, SH[r.severity]))
            out.add((node, SH.focusNode, URIRef(r.focus)))
            out.add((node, SH.resultMessage, Literal(r.message)))
            out.add((node, SH.sourceShape, _expand(out, r.shape)))
            if r.path.startswith("^"):
                inverse = BNode(f"path{index}")
                out.add((inverse, SH.inversePath, _expand(out, r.path[1:])))
                out.add((node, SH.resultPath, inverse))
            elif r.path:
                out.add((node, SH.resultPath, _expand(out, r.path)))
            if r.constraint.startswith("check:"):
                out.add((node, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent))
            elif r.constraint:
                out.add((node, SH.sourceConstraintComponent, SH[r.constraint]))
            if r.value:
                out.add((node, SH.value, URIRef(r.value) if r.value_is_iri else Literal(r.value)))
        return out


def validate(data: Graph, engine: str = "pyshacl") -> Report:
    """Validate one graph: shapes on it, then the violation queries on it."""
    if len(data) == 0:
        raise InputError("the graph is empty: nothing to validate; give a graph readout built")
    return validate_graphs([data], engine=engine)


def validate_graphs(graphs: Iterable[Graph], union=None, engine: str = "pyshacl") -> Report:
    """Shapes on each graph on its own, then the violation queries over all of them.

    `union` is an Oxigraph store that already holds all the graphs and the ontology (a
    build's store); without it, one is made in memory.
    """
    import pyoxigraph as ox

    report = Report()
    fill = union is None
    if fill:
        union = ox.Store()
        union.bulk_load(ONTOLOGY_FILE.read_bytes(), format=ox.RdfFormat.TURTLE)
    for graph in graphs:
        report.results.extend(shape_results(graph, engine=engine))
        report.graphs += 1
        if fill:
            union.bulk_load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    report.results.extend(check_results(union))
    report.checks = len(checks())
    return report


def validate_store(db, engine: str = "pyshacl") -> Report:
    """Shapes on each article graph of an Oxigraph store, then the checks over the union.

    Only one article graph is in memory at a time. The ontology graph is not data, and the
    corpus graph only links nodes of article graphs: neither meets the shapes on its own,
    and the checks see both through the union of all graphs.
    """
    import pyoxigraph as ox

    from readout.kg.graph import new_graph

    report = Report()
    skip = {str(ONTOLOGY_GRAPH), str(CORPUS_GRAPH)}
    for name in sorted(g.value for g in db.named_graphs() if g.value not in skip):
        data = db.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name))
        graph = new_graph().parse(data=data.decode("utf-8"), format="nt")
        report.results.extend(shape_results(graph, owned=True, engine=engine))
        report.graphs += 1
    if not report.graphs:
        raise InputError("the store holds no article graph: nothing to validate; run 'readout build' first")
    report.results.extend(check_results(db))
    report.checks = len(checks())
    return report


def shape_results(data: Graph, owned: bool = False, engine: str = "pyshacl") -> list[Result]:
    """Run the SHACL shapes on one graph with pyshacl (the reference engine) or pyshacl-turbo.

    The ontology is mixed into a copy of the graph (into the graph itself when `owned`:
    the caller will not use it again).
    """
    if engine == "turbo":
        results_graph = _turbo(data)
    elif engine == "pyshacl":
        from pyshacl import Validator

        work = data if owned else _copy(data)
        options = {"inference": "none", "advanced": False, "allow_warnings": True,
                   "logger": _LOG, "inplace": True}
        validator = Validator(_prepared_data_graph(work), shacl_graph=shapes_graph(),
                              ont_graph=ontology_graph(), options=options)
        _, results_graph, _ = validator.run()
    else:
        raise InputError(f"no validation engine {engine!r}; use one of {', '.join(ENGINES)}")
    results = []
    for node in results_graph.objects(None, SH.result):   # not the nested sh:detail results
        def one(prop):
            return results_graph.value(node, prop)
        focus, value = one(SH.focusNode), one(SH.value)
        article, sentence = _whereabouts(data, focus)
        results.append(Result(
            severity=_local(one(SH.resultSeverity)), shape=_shape_name(one(SH.sourceShape)),
            message=str(one(SH.resultMessage) or ""), focus=str(focus),
            focus_label=describe(data, focus), path=_path_name(results_graph, one(SH.resultPath)),
            constraint=_local(one(SH.sourceConstraintComponent)),
            value="" if value is None else str(value), value_is_iri=isinstance(value, URIRef),
            article=article, sentence=sentence))
    return results


@dataclass(frozen=True)
class Check:
    name: str
    message: str
    text: str


@lru_cache(maxsize=1)
def checks(directory: Path = CHECKS_DIR) -> tuple[Check, ...]:
    """The `*-violation.rq` queries: SELECT ?entity ?property ?value, every row a failure."""
    from readout.store import queries

    found = []
    for path in sorted(directory.glob("*-violation.rq")):
        stored = queries.parse(path)
        found.append(Check(path.stem.removesuffix("-violation"), stored.summary or path.stem, stored.text))
    return tuple(found)


def check_results(db) -> list[Result]:
    """Run every violation query on an Oxigraph store, over the union of its graphs."""
    import pyoxigraph as ox

    results = []
    for check in checks():
        for row in db.query(check.text, use_default_graph_as_union=True):
            entity, prop, value = row["entity"], row["property"], row["value"]
            label, article = _oxigraph_label(db, entity)
            results.append(Result(
                severity="Violation", shape=f"check:{check.name}", message=check.message,
                focus=entity.value if entity is not None else "", focus_label=label,
                path=_curie(URIRef(prop.value)) if isinstance(prop, ox.NamedNode) else "",
                constraint=f"check:{check.name}",
                value="" if value is None else value.value,
                value_is_iri=isinstance(value, ox.NamedNode), article=article))
    return results


def _turbo(data: Graph) -> Graph:
    try:
        import pyshacl_turbo
    except ImportError:
        raise InputError("the turbo engine needs pyshacl-turbo: pip install 'pyshacl-turbo>=0.6.5,<0.7'") from None
    _, results_graph, _ = pyshacl_turbo.validate(data, shacl_graph=shapes_graph(), ont_graph=ontology_graph(),
                                                 inference="none", allow_warnings=True)
    return results_graph


def _copy(data: Graph) -> Graph:
    copy = Graph()
    for triple in data:
        copy.add(triple)
    return copy


def _prepared_data_graph(graph: Graph):
    """pyshacl's rdflib data graph, but parsing each SHACL-SPARQL query once per process.

    pyshacl hands rdflib the query text for every focus node and graph; parsing it is
    nine tenths of the time on an article graph. The results are the same.
    """
    return _prepared_graph_class()(graph.store, graph)


@lru_cache(maxsize=1)
def _prepared_graph_class():
    from pyshacl.graph_abstraction import RdfLibDataGraph

    class PreparedQueries(RdfLibDataGraph):
        def query(self, query_object, *args, **kwargs):
            if isinstance(query_object, str):
                query_object = _prepared_query(query_object)
            return super().query(query_object, *args, **kwargs)

    return PreparedQueries


@lru_cache(maxsize=256)
def _prepared_query(text: str):
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(text)


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    graph = Graph()
    for path in sorted(SHAPES_DIR.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


# ---- naming nodes for people ------------------------------------------------------------

def describe(data: Graph, node) -> str:
    """A short name a person recognises: a label, an anchor text, or speaker and cue."""
    def text(*path):
        value = node
        for prop in path:
            value = data.value(value, prop) if value is not None else None
        return None if value is None else str(value)

    if node is None:
        return ""
    if (node, RDF.type, RO.Statement) in data:
        speaker = text(RO.speaker, RDFS.label) or "?"
        return f"statement: {speaker} \u201c{text(RO.cue, NIF.anchorOf) or '?'}\u201d"
    if (node, RO.holder, None) in data:
        return (f"position: {text(RO.holder, RDFS.label) or '?'} {text(RO.stance) or '?'} "
                f"\u201c{_clip(text(RO.propositionText) or '', 60)}\u201d")
    if (node, RO.trigger, None) in data:
        return f"event mention \u201c{text(RO.trigger, NIF.anchorOf)}\u201d"
    if (node, GAF.denotedBy, None) in data or (node, RO.participant, None) in data:
        kinds = sorted(_local(t) for t in data.objects(node, RDF.type)) or ["event"]
        who = sorted(str(data.value(p, RDFS.label) or _local(p)) for p in data.objects(node, RO.participant))
        return f"{'/'.join(kinds)} of {', '.join(who) or 'nobody'}"
    for prop in (RDFS.label, DCTERMS.title):
        if text(prop):
            return text(prop)
    if text(NIF.anchorOf) is not None:
        return f"span {text(NIF.beginIndex)}-{text(NIF.endIndex)} \u201c{_clip(text(NIF.anchorOf), 60)}\u201d"
    return _curie(node)


def _whereabouts(data: Graph, node) -> tuple[str, str]:
    """The article id a node comes from and the sentence it was found in, when known."""
    if node is None:
        return "", ""
    mention = data.value(node, GAF.denotedBy)
    anchor = data.value(node, RO.evidence) or mention or node
    article = (data.value(anchor, RO.reportedIn) or data.value(anchor, NIF.referenceContext)
               or (node if (node, RDF.type, RO.Article) in data else None))
    sentence = data.value(data.value(anchor, RO.sentence), NIF.anchorOf)
    article_id = data.value(article, DCTERMS.identifier) if article is not None else None
    return str(article_id or ""), str(sentence or "")


def _oxigraph_label(db, node) -> tuple[str, str]:
    import pyoxigraph as ox

    if not isinstance(node, ox.NamedNode):
        return ("" if node is None else str(node)), ""
    query = """SELECT ?n ?label ?article WHERE {
        OPTIONAL { ?n <http://www.w3.org/2000/01/rdf-schema#label>|<http://purl.org/dc/terms/title>
                      |<http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf> ?label }
        OPTIONAL { ?n (<https://w3id.org/readout/ontology#reportedIn>
                      |<http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#referenceContext>)?
                      /<http://purl.org/dc/terms/identifier> ?article }
    } LIMIT 1"""
    for row in db.query(query, use_default_graph_as_union=True, substitutions={ox.Variable("n"): node}):
        label, article = row["label"], row["article"]
        return (label.value if label else _curie(URIRef(node.value))), (article.value if article else "")
    return _curie(URIRef(node.value)), ""


# ---- small helpers ----------------------------------------------------------------------

_CURIES = {str(RO): "ro:", str(SHAPES): "rs:", str(NIF): "nif:", str(GAF): "gaf:", str(RDF): "rdf:",
           str(RDFS): "rdfs:", str(DCTERMS): "dcterms:", "http://www.w3.org/2004/02/skos/core#": "skos:",
           "http://www.w3.org/ns/prov#": "prov:", "https://schema.org/": "schema:",
           "http://www.w3.org/2002/07/owl#": "owl:", "https://w3id.org/readout/id/": "rid:"}


def _curie(term) -> str:
    if term is None:
        return ""
    text = str(term)
    for namespace, prefix in _CURIES.items():
        if text.startswith(namespace):
            return prefix + text[len(namespace):]
    return text


def _expand(graph: Graph, curie: str) -> URIRef:
    prefix, _, local = curie.partition(":")
    if prefix == "check":
        return SHAPES[f"check-{local}"]
    for namespace, known in _CURIES.items():
        if known == prefix + ":":
            return URIRef(namespace + local)
    return URIRef(curie)


def _path_name(graph: Graph, path) -> str:
    """A property path as a CURIE; an inverse path as ^CURIE."""
    if isinstance(path, BNode) and graph.value(path, SH.inversePath) is not None:
        return "^" + _curie(graph.value(path, SH.inversePath))
    return _curie(path)


def _local(term) -> str:
    text = str(term or "")
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _shape_name(shape) -> str:
    """Blank property shapes are named by the node shape that holds them."""
    if isinstance(shape, BNode):
        owner = shapes_graph().value(None, SH.property, shape) or shapes_graph().value(None, SH.sparql, shape)
        if owner is not None:
            return _curie(owner)
    return _curie(shape)


def _clip(text: str, size: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "\u2026"


def _order(r: Result):
    return (SEVERITIES.index(r.severity) if r.severity in SEVERITIES else 9, r.shape, r.message,
            r.article, r.focus, r.path, r.value)
