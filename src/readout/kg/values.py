"""What the shapes' constraints ask of one value node, decided as pyshacl decides it.

Values are terms of `readout.kg.ntriples` (N-Triples text); what only rdflib knows (a
literal's Python value, whether it is well-formed for its datatype, how two literals
order) is asked of the rdflib term. Each function takes a constraint's argument and gives
the test `(value, data) -> bool` that `readout.kg.coreshapes` runs on each value.
"""
from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SH, XSD

from readout.errors import InputError
from readout.kg.ntriples import term


def less(value: str, other: str) -> bool:
    """SPARQL's < as pyshacl applies it (strings with strings, others by rdflib's order)."""
    if value[0] == "_" or other[0] == "_":
        raise InputError("sh:lessThan cannot compare a blank node")
    a, b = term(value), term(other)
    if isinstance(a, Literal) and isinstance(b, Literal) and type(a.value) is int and type(b.value) is int:
        return a.value < b.value            # two integers (offsets): rdflib's answer, without it
    a, a_string = _comparable(a)
    b, b_string = _comparable(b)
    if a_string != b_string:
        return False
    try:
        return bool(a < b)
    except TypeError:
        return False


def _comparable(node):
    if isinstance(node, URIRef):
        return str(node), True
    if isinstance(node, Literal) and isinstance(node.value, str):
        return node.value, True
    return node, False


def datatype(rule):
    def test(value, data) -> bool:
        if value[0] != '"':
            return False
        value = term(value)
        if value.datatype == rule:
            return getattr(value, "ill_typed", None) is not True and _actual(value, rule)
        if value.datatype is None and value.language is None and rule == XSD.string:
            return _actual(value, rule)
        return rule == RDF.langString and bool(value.language) and _actual(value, rule)
    return test


def _actual(value: Literal, rule) -> bool:
    """pyshacl's check that a literal's value is of its datatype's Python type."""
    kind = _KINDS.get(rule)
    return kind is None or isinstance(value.value, kind)


def _kinds() -> dict:
    import datetime
    from decimal import Decimal

    return {XSD.string: (str, bytes), RDF.langString: (str, bytes), XSD.integer: int, XSD.float: float,
            XSD.decimal: Decimal, XSD.boolean: bool, XSD.date: datetime.date, XSD.time: datetime.time,
            XSD.dateTime: datetime.datetime}


_KINDS = _kinds()


def node_kind(kind):
    kinds = {SH.IRI: "<", SH.BlankNode: "_", SH.Literal: '"', SH.BlankNodeOrIRI: "_<",
             SH.BlankNodeOrLiteral: '_"', SH.IRIOrLiteral: '<"'}[kind]
    return lambda value, data: value[0] in kinds


def pattern(regex):
    return lambda value, data: value[0] != "_" and regex.search(str(term(value))) is not None


def min_length(length):
    length = int(length)
    return lambda value, data: value[0] != "_" and len(str(term(value))) >= length


def bound(passes):
    """sh:minInclusive / sh:maxInclusive as pyshacl compares (`compare_literal`): a string
    with a string, anything else with anything but a string; an IRI, a blank node or a
    failed comparison fails. Two integers are compared as integers (compare_literal's answer)."""
    def factory(limit):
        from pyshacl.rdfutil.compare import compare_literal

        whole = type(limit.value) is int

        def test(value, data) -> bool:
            if value[0] != '"':
                return False
            value = term(value)
            number = value.value
            if whole and type(number) is int:
                return passes((number > limit.value) - (number < limit.value))
            if isinstance(limit.value, str) != isinstance(number, str):
                return False
            try:
                return passes(compare_literal(value, limit))
            except (TypeError, NotImplementedError):
                return False
        return test
    return factory
