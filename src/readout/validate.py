"""SHACL validation (pyshacl, the reference engine) -> a Report for people and machines."""
from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SH

from readout.config import ONTOLOGY_FILE, SHAPES_DIR


@dataclass(frozen=True)
class Result:
    severity: str
    focus: str
    focus_label: str
    path: str
    constraint: str
    shape: str
    message: str
    value: str = ""


@dataclass
class Report:
    conforms: bool
    results: list[Result] = field(default_factory=list)

    @property
    def violations(self) -> list[Result]:
        return [r for r in self.results if r.severity == "Violation"]

    def text(self) -> str:
        if not self.results:
            return "The graph conforms to the readout shapes."
        groups: dict[tuple[str, str], list[Result]] = {}
        for result in self.results:
            groups.setdefault((result.severity, result.message), []).append(result)
        lines = []
        for (severity, message), results in sorted(groups.items()):
            lines.append(f"{severity}: {message} ({len(results)})")
            for r in results[:10]:
                lines.append(f"  - {r.focus_label or r.focus}" + (f" [{r.path}]" if r.path else ""))
            if len(results) > 10:
                lines.append(f"  ... and {len(results) - 10} more")
        return "\n".join(lines)


def shapes_graph() -> Graph:
    graph = Graph()
    for path in sorted(SHAPES_DIR.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def ontology_graph() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


def validate(data: Graph) -> Report:
    import pyshacl

    conforms, results_graph, _ = pyshacl.validate(
        data, shacl_graph=shapes_graph(), ont_graph=ontology_graph(),
        inference="none", advanced=True, allow_warnings=True)
    results = []
    for node in results_graph.subjects(SH.resultSeverity, None):
        def one(prop):
            value = results_graph.value(node, prop)
            return "" if value is None else str(value)
        focus = results_graph.value(node, SH.focusNode)
        label = data.value(focus, RDFS.label) if isinstance(focus, URIRef) else None
        results.append(Result(
            severity=one(SH.resultSeverity).rsplit("#", 1)[-1],
            focus=str(focus), focus_label=str(label or ""),
            path=one(SH.resultPath), constraint=one(SH.sourceConstraintComponent).rsplit("#", 1)[-1],
            shape=one(SH.sourceShape), message=one(SH.resultMessage), value=one(SH.value)))
    results.sort(key=lambda r: (r.severity, r.message, r.focus, r.path))
    return Report(conforms=bool(conforms), results=results)
