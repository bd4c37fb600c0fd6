"""The SHACL core constraints of readout's shapes, checked in Python over plain terms.

The build validates every article graph. pyshacl (the reference) walks rdflib graphs and
pyshacl-turbo rebuilds its own graph from text for each article; this engine indexes the
article's N-Triples once (subject -> predicate -> objects, and the inverse) and checks the
compiled shapes against the index. It knows the constraint components readout's shapes
use (counts, class, datatype, node kind, pattern, length, in, hasValue, node, or, not,
ranges, disjoint, lessThan; class, subjects-of and objects-of targets; predicate and
inverse paths) and refuses any other at compile time, so that a new kind of constraint in
`shapes/` cannot be skipped in silence. What a value means (a literal's datatype and
well-formedness, its order, its lexical form) is decided by rdflib's `Literal`, as in
pyshacl; `tests/test_shapes.py` holds this engine to pyshacl's results, field for field,
on every planted violation. The SHACL-SPARQL constraints are `readout.kg.fastshapes`'.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rdflib import BNode, Graph
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH

from readout.errors import InputError
from readout.kg.ntriples import remember, term, token
from readout.kg.values import bound, datatype, less, min_length, node_kind, pattern
from readout.kg.report import _curie, _local

# the parameters this engine checks; any other sh: predicate on a shape is refused
_PARAMETERS = {SH["class"], SH.datatype, SH.nodeKind, SH.pattern, SH.minLength, SH["in"], SH.hasValue,
               SH.node, SH["or"], SH["not"], SH.minInclusive, SH.maxInclusive, SH.disjoint, SH.lessThan,
               SH.minCount, SH.maxCount}
_STRUCTURE = {SH.property, SH.path, SH.message, SH.severity, SH.targetClass, SH.targetSubjectsOf,
              SH.targetObjectsOf, SH.sparql, SH.name, SH.description, SH.order, SH.group}
_COMPONENT = {SH["class"]: "ClassConstraintComponent", SH.datatype: "DatatypeConstraintComponent",
              SH.nodeKind: "NodeKindConstraintComponent", SH.pattern: "PatternConstraintComponent",
              SH.minLength: "MinLengthConstraintComponent", SH["in"]: "InConstraintComponent",
              SH.hasValue: "HasValueConstraintComponent", SH.node: "NodeConstraintComponent",
              SH["or"]: "OrConstraintComponent", SH["not"]: "NotConstraintComponent",
              SH.minInclusive: "MinInclusiveConstraintComponent",
              SH.maxInclusive: "MaxInclusiveConstraintComponent", SH.disjoint: "DisjointConstraintComponent",
              SH.lessThan: "LessThanConstraintComponent", SH.minCount: "MinCountConstraintComponent",
              SH.maxCount: "MaxCountConstraintComponent"}


@dataclass(frozen=True)
class Failure:
    """One result: the shape (its node), the focus, the component, the value (or None)."""
    shape: object
    focus: object
    component: str
    value: object = None


@dataclass(eq=False)
class Shape:
    node: object                          # the shape's node in the shapes graph
    path: tuple | None                    # (predicate, inverse) of a property shape
    constraints: list                     # (parameter, argument) pairs
    properties: list                      # the property shapes of a node shape
    targets: list                         # (kind, IRI) pairs: class, subjects, objects
    name: str = ""                        # as results name it: a blank shape by its owner
    path_name: str = ""                   # the path as a CURIE, an inverse one as ^CURIE
    message: str = ""
    severity: str = "Violation"
    checks: list = field(default_factory=list)   # (component, checker) pairs, compiled
    memo: dict | None = None              # node -> conforms, for shapes of pure constraints


class Data:
    """One graph's triples as N-Triples terms (strings: hashed and compared in C), indexed
    by subject, and by object for the predicates the shapes follow backwards. `base` is a
    graph read with this one (the ontology), indexed once for all articles."""

    def __init__(self, triples, backwards: frozenset, base: Data | None = None):
        self.out: dict = {}
        self.into: dict = {}
        self.base = base
        out, into = self.out, self.into
        for s, p, o in triples:
            ps = out.get(s)
            if ps is None:
                out[s] = {p: {o: None}}
            elif p in ps:
                ps[p][o] = None
            else:
                ps[p] = {o: None}
            if p in backwards:
                into.setdefault(o, {}).setdefault(p, {})[s] = None
        self.links = tuple(sorted((s, o) for s, ps in out.items() for o in ps.get(_SUBCLASS, ())))
        if base is not None:
            self.links = tuple(sorted(set(self.links + base.links))) if self.links else base.links
        self.supers = _closure(self.links)

    def values(self, focus: str, predicate: str, inverse: bool = False) -> list:
        own = (self.into if inverse else self.out).get(focus)
        own = own.get(predicate) if own else None
        if self.base is not None:
            more = (self.base.into if inverse else self.base.out).get(focus)
            more = more.get(predicate) if more else None
            if more:
                return list({**more, **own}) if own else list(more)
        return list(own) if own else []

    def graphs(self):
        return (self,) if self.base is None else (self, self.base)

    def instance_of(self, node: str, cls: str) -> bool:
        if node[0] == '"':
            return False
        supers = self.supers
        return any(t == cls or cls in supers.get(t, ()) for t in self.values(node, _TYPE))


@lru_cache(maxsize=8)
def _closure(links: tuple) -> dict:
    """Every class's superclasses, by rdfs:subClassOf any number of times."""
    direct: dict = {}
    for sub, sup in links:
        direct.setdefault(sub, set()).add(sup)
    found = {}
    for cls in direct:
        seen, todo = set(), [cls]
        while todo:
            for sup in direct.get(todo.pop(), ()):
                if sup not in seen:
                    seen.add(sup)
                    todo.append(sup)
        found[cls] = frozenset(seen)
    return found


class Shapes:
    """The shapes graph compiled once: its targeted node shapes and what they use."""

    def __init__(self, graph: Graph):
        self.graph = graph
        self.compiled: dict = {}
        targeted = {s for p in (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
                    for s in graph.subjects(p, None)}     # (sh:targetNode only to be refused)
        self.roots = [self.shape(s) for s in sorted(targeted, key=str)]
        for shape in self.compiled.values():
            self._refuse_recursion(shape, ())
            shape.checks = [(_COMPONENT[p], _checker(p, a)) for p, a in shape.constraints]
            if self._pure(shape, set()):
                shape.memo = {}

    def _refuse_recursion(self, shape: Shape, inside: tuple) -> None:
        """A shape that reaches itself through sh:node, sh:or, sh:not or sh:property (SHACL
        leaves its meaning open) is refused: checking it could loop on cyclic data."""
        if shape in inside:
            raise _unsupported(f"the recursive shape {shape.node}")
        for nested in _nested(shape) + shape.properties:
            self._refuse_recursion(nested, inside + (shape,))

    def _pure(self, shape: Shape, seen: set) -> bool:
        """Whether a shape looks at nothing but the node it is given."""
        if shape.path is not None or shape.properties or id(shape) in seen:
            return False
        seen.add(id(shape))
        return all(p in _PURE for p, _ in shape.constraints) and all(self._pure(s, seen) for s in _nested(shape))

    def shape(self, node) -> Shape:
        if node in self.compiled:
            return self.compiled[node]
        g = self.graph
        path = g.value(node, SH.path)
        if isinstance(path, BNode):
            inverse = g.value(path, SH.inversePath)
            if inverse is None or len(list(g.predicate_objects(path))) != 1:
                raise _unsupported(f"the property path of {node}")
            path = (inverse, True)
        elif path is not None:
            path = (path, False)
        shape = Shape(node, path and (token(path[0]), path[1]), [], [], [], name=_curie(self._owner(node)),
                      path_name="" if path is None else ("^" if path[1] else "") + _curie(path[0]),
                      message=str(g.value(node, SH.message) or ""),
                      severity=_local(g.value(node, SH.severity) or SH.Violation))
        self.compiled[node] = shape          # before its parts: shapes may refer to each other
        for p, o in sorted(g.predicate_objects(node), key=str):
            if not str(p).startswith(str(SH)) or p in _STRUCTURE:
                continue
            if p not in _PARAMETERS:
                raise _unsupported(f"{p} on {node}")
            shape.constraints.append((p, self._argument(p, o)))
        shape.properties = [self.shape(o) for o in sorted(g.objects(node, SH.property), key=str)]
        shape.targets = sorted([(k, token(o)) for k, p in (("class", SH.targetClass), ("subjects", SH.targetSubjectsOf),
                                                    ("objects", SH.targetObjectsOf)) for o in g.objects(node, p)])
        if (shape.targets or path) and shape.constraints and g.value(node, SH.message) is None:
            raise _unsupported(f"a result without sh:message (from {node})")
        return shape

    def _owner(self, node):
        """A blank property shape is named by the node shape that holds it."""
        if isinstance(node, BNode):
            return self.graph.value(None, SH.property, node) or node
        return node

    def _argument(self, parameter, value):
        if parameter in (SH.node, SH["not"]):
            return self.shape(value)
        if parameter == SH["or"]:
            return [self.shape(member) for member in Collection(self.graph, value)]
        if parameter == SH["in"]:
            return frozenset(Collection(self.graph, value))
        if parameter == SH.pattern:
            if self.graph.value(None, SH.flags, None) is not None:
                raise _unsupported("sh:flags")
            return re.compile(str(value))
        if parameter in (SH["class"], SH.hasValue, SH.disjoint, SH.lessThan):
            return token(value)
        return value

    def backwards(self) -> frozenset:
        """The predicates the shapes follow from object to subject: inverse paths, objects-of
        targets, and rdf:type (class targets)."""
        found = {_TYPE} | {s.path[0] for s in self.compiled.values() if s.path and s.path[1]}
        return frozenset(found | {iri for s in self.roots for kind, iri in s.targets if kind == "objects"})


def _nested(shape: Shape) -> list[Shape]:
    """The shapes a shape's sh:node, sh:not and sh:or refer to."""
    found = [a for p, a in shape.constraints if p in (SH.node, SH["not"])]
    return found + [s for p, a in shape.constraints if p == SH["or"] for s in a]


def _unsupported(what: str) -> InputError:
    return InputError(f"the fast SHACL engine does not support {what}; use --engine pyshacl")


def failures(shapes: Shapes, data: Data) -> list[Failure]:
    """Every result of the targeted shapes on the data, in a stable order."""
    found = []
    for shape in shapes.roots:
        for focus in sorted(_focus_nodes(shape, data), key=str):
            found.extend(_check(shape, focus, data))
    return found


def _focus_nodes(shape: Shape, data: Data) -> set:
    return focus_nodes(shape.targets, data)


def focus_nodes(targets, data: Data) -> set:
    """The nodes of `data` that (kind, IRI) targets select: a class's instances (its
    subclasses' too), the subjects or the objects of a predicate."""
    nodes = set()
    for kind, iri in targets:
        for graph in data.graphs():
            if kind == "subjects":
                nodes.update(s for s, ps in graph.out.items() if iri in ps)
            elif kind == "objects":
                nodes.update(o for o, ps in graph.into.items() if iri in ps)
            else:
                for cls in {iri} | {c for c, sups in data.supers.items() if iri in sups}:
                    nodes.update(graph.into.get(cls, {}).get(_TYPE, ()))
    return nodes


def _check(shape: Shape, focus, data: Data) -> list[Failure]:
    """The failures of one shape on one focus node."""
    values = [focus] if shape.path is None else data.values(focus, *shape.path)
    found = [Failure(shape, focus, component, value)
             for component, check in shape.checks for value in check(focus, values, data)]
    for prop in shape.properties:
        found.extend(_check(prop, focus, data))
    return found


def _conforms(shape: Shape, node, data: Data) -> bool:
    """Whether a node meets a shape (sh:node, sh:or, sh:not); remembered for shapes that
    look at nothing but the node itself (a datatype, a list of values)."""
    memo = shape.memo
    if memo is not None and node in memo:
        return memo[node]
    values = [node] if shape.path is None else data.values(node, *shape.path)
    met = not any(check(node, values, data) for _, check in shape.checks) \
        and all(_conforms(prop, node, data) for prop in shape.properties)
    if memo is not None:
        if len(memo) > 100_000:          # memory stays flat over a corpus
            memo.clear()
        memo[node] = met
    return met


def _checker(parameter, argument):
    """A constraint as a function (focus, its values, data) -> the failing values (None for
    a failure of the focus as a whole: counts and sh:hasValue give no sh:value)."""
    if parameter in (SH.minCount, SH.maxCount):
        bound, least = int(argument), parameter == SH.minCount
        return lambda focus, values, data: [None] if (len(values) < bound if least else len(values) > bound) else ()
    if parameter == SH.hasValue:
        return lambda focus, values, data: () if argument in values else [None]
    if parameter == SH.disjoint:
        return lambda focus, values, data: sorted(set(values) & set(data.values(focus, argument)))
    if parameter == SH.lessThan:
        def less_than(focus, values, data):
            others = data.values(focus, argument)
            return [v for v in values if any(not less(v, other) for other in others)]
        return less_than
    test = _TESTS[parameter](argument)
    if parameter in _OWN:
        test = _remembered(test)
    return lambda focus, values, data: [v for v in values if not test(v, data)]


def _remembered(test):
    """A test of nothing but the value, answered once per value (offsets and labels recur)."""
    memo: dict = {}

    def remembered(value, data) -> bool:
        met = memo.get(value)
        if met is None:
            met = remember(memo, value, test(value, data))
        return met
    return remembered


_TESTS = {
    SH["class"]: lambda cls: lambda value, data: data.instance_of(value, cls),
    SH.datatype: datatype,
    SH.nodeKind: node_kind,
    SH.pattern: pattern,
    SH.minLength: min_length,
    SH["in"]: lambda members: lambda value, data: term(value) in members,
    SH.node: lambda shape: lambda value, data: _conforms(shape, value, data),
    SH["or"]: lambda shapes: lambda value, data: any(_conforms(s, value, data) for s in shapes),
    SH["not"]: lambda shape: lambda value, data: not _conforms(shape, value, data),
    SH.minInclusive: bound(lambda order: order >= 0),
    SH.maxInclusive: bound(lambda order: order <= 0),
}
# the parameters whose test looks at nothing but the value (answered once per value), and
# those a shape may have and still look at nothing but its node (its answer is remembered)
_OWN = {SH.datatype, SH.nodeKind, SH.pattern, SH.minLength, SH["in"], SH.minInclusive, SH.maxInclusive}
_PURE = _OWN | {SH.hasValue, SH.node, SH["or"], SH["not"]}


_TYPE, _SUBCLASS = f"<{RDF.type}>", f"<{RDFS.subClassOf}>"
