"""The Python engine for the shapes' core constraints (`readout.kg.coreshapes`): its reading
of N-Triples against rdflib's, rdflib's idea of when two literals are one value, and the
shapes it refuses. That it gives pyshacl's results on every planted violation is
tests/test_shapes.py's."""
from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from readout.errors import InputError
from readout.kg import coreshapes, ntriples

PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
ONE_AGE = PREFIXES + """ex:PersonShape a sh:NodeShape ; sh:targetSubjectsOf ex:age ;
    sh:property [ sh:path ex:age ; sh:maxCount 1 ; sh:datatype xsd:integer ; sh:message "one age" ] .
"""


def shapes(text: str) -> coreshapes.Shapes:
    return coreshapes.Shapes(Graph().parse(data=text, format="turtle"))


def failures(shapes_text: str, text: str) -> list[tuple[str, str, str | None]]:
    compiled = shapes(shapes_text)
    data = coreshapes.Data(ntriples.parse(text), compiled.backwards())
    return [(f.focus, f.component, f.value) for f in coreshapes.failures(compiled, data)]


def test_n_triples_are_read_as_rdflib_reads_them():
    text = "\n".join([
        '<http://e.org/a> <http://e.org/p> "quote \\" backslash \\\\ tab \\t line \\n é \\u00e9 \\U0001F600" .',
        '<http://e.org/a> <http://e.org/p> "Zürich"@de .',
        '<http://e.org/a> <http://e.org/p> "007"^^<http://www.w3.org/2001/XMLSchema#integer> .',
        '<http://e.org/a> <http://e.org/p> "x"^^<http://www.w3.org/2001/XMLSchema#string> .',
        '<http://e.org/a>\t<http://e.org/p>\t<http://e.org/b>\t.',      # tabs: read by pyoxigraph
        "# a comment", "",
        '<http://e.org/a> <http://e.org/p> "2024-02-30"^^<http://www.w3.org/2001/XMLSchema#date> .',
    ]) + "\n"
    mine = {tuple(ntriples.term(t) for t in triple) for triple in ntriples.parse(text)}
    assert mine == set(Graph().parse(data=text, format="nt"))


def test_two_spellings_of_one_integer_are_one_value_as_in_rdflib():
    same = '<http://example.org/x> <http://example.org/age> "7"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
    assert failures(ONE_AGE, same + same.replace('"7"', '"07"')) == []
    two = failures(ONE_AGE, same + same.replace('"7"', '"8"'))
    assert two == [("<http://example.org/x>", "MaxCountConstraintComponent", None)]


def test_an_ill_typed_literal_fails_its_datatype():
    bad = '<http://example.org/x> <http://example.org/age> "seven"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
    assert [c for _, c, _ in failures(ONE_AGE, bad)] == ["DatatypeConstraintComponent"]


def test_a_graph_given_as_rdflib_is_read_as_its_text():
    g = Graph()
    g.add((URIRef("http://example.org/x"), URIRef("http://example.org/age"), Literal("7", datatype=XSD.integer)))
    assert ntriples.triples(g) == ntriples.parse(g.serialize(format="nt"))


@pytest.mark.parametrize("shape, refused", [
    ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:maxLength 3 ; sh:message \"m\" .", "maxLength"),
    ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ( ex:p ex:q ) ; sh:minCount 1 ; "
     "sh:message \"m\" ] .", "property path"),
    ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:node ex:S ; "
     "sh:message \"m\" ] .", "recursive"),
    ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .", "sh:message"),
    ("ex:S a sh:NodeShape ; sh:targetNode ex:x ; sh:property [ sh:path ex:p ; sh:minCount 1 ; "
     "sh:message \"m\" ] .", "targetNode"),
])
def test_a_constraint_it_cannot_check_is_refused_when_the_shapes_are_compiled(shape, refused):
    with pytest.raises(InputError, match=refused) as caught:
        shapes(PREFIXES + shape)
    assert "--engine pyshacl" in str(caught.value)
