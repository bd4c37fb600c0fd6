"""What validation found, for people and machines: `Result` (one failure, with where it
is) and `Report` (grouped text, JSON records, or a SHACL validation report graph).

Shared by every engine (`readout.kg.validate`, `readout.kg.fastshapes`) and by the checks.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SH

from readout.kg.iris import RO

NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
GAF = Namespace("http://groundedannotationframework.org/gaf#")
SHAPES = Namespace("https://w3id.org/readout/shapes#")
SEVERITIES = ("Violation", "Warning", "Info")


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


def _local(term) -> str:
    text = str(term or "")
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _clip(text: str, size: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "\u2026"


def _order(r: Result):
    return (SEVERITIES.index(r.severity) if r.severity in SEVERITIES else 9, r.shape, r.message,
            r.article, r.focus, r.path, r.value)
