"""N-Triples <-> the terms the shapes engine works on (`readout.kg.coreshapes`).

A term is its N-Triples text (`<iri>`, `_:id`, `"lexical"^^<datatype>`, `"lexical"@lang`):
a Python string, hashed and compared in C, where rdflib's terms hash and compare in Python.
A literal is written in rdflib's canonical lexical form (`"07"^^xsd:integer` is
`"7"^^xsd:integer`), so that two spellings of one value are one term, as in an rdflib graph.
`term` gives the rdflib term back for what only rdflib decides (a literal's value, its
well-formedness, its order). Both ways are cached, in bounded caches: memory stays flat over
a corpus.
"""
from __future__ import annotations

import re

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from readout.errors import InputError


def parse(ntriples: str) -> list[tuple]:
    """N-Triples text -> its triples as terms of this engine (see `token`). A line of the
    usual form (an IRI subject, one space between the terms) is cut where its terms end;
    any other line is parsed by pyoxigraph."""
    found, canonical = [], _canonical
    for line in ntriples.split("\n"):
        line = line.rstrip("\r\t ")
        if not line or line[0] == "#":
            continue
        s_end = line.find("> <")
        p_end = line.find("> ", s_end + 3)
        if line[0] == "<" and s_end > 0 and p_end > 0 and line.endswith(" ."):
            found.append((line[:s_end + 1], line[s_end + 2:p_end + 1], canonical(line[p_end + 2:-2].rstrip())))
        else:
            found.extend(_parsed(line))
    return found


def triples(graph: Graph) -> list[tuple]:
    """An rdflib graph's triples as terms of this engine."""
    return [(token(s), token(p), token(o)) for s, p, o in graph]


def token(node) -> str:
    """An rdflib term -> this engine's term: its N-Triples form, a literal's in rdflib's
    canonical lexical form (so that two spellings of one value are one term, as in rdflib)."""
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, BNode):
        return f"_:{node}"
    quoted = str(node).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    if node.language:
        return f'"{quoted}"@{node.language}'
    return f'"{quoted}"^^<{node.datatype}>' if node.datatype is not None else f'"{quoted}"'


def term(text: str):
    """This engine's term -> its rdflib term (made once per process while it recurs)."""
    found = _TERMS.get(text)
    if found is None:
        found = remember(_TERMS, text, _rdflib(text))
    return found


_TERMS: dict = {}
_CANONICAL: dict = {}
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")
_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _canonical(text: str) -> str:
    if text[0] != '"':
        return text
    found = _CANONICAL.get(text)
    if found is None:
        literal = _rdflib(text)
        found = remember(_CANONICAL, text, token(literal))
        remember(_TERMS, found, literal)
    return found


def remember(cache: dict, key: str, value):
    if len(key) < 200:                  # not an article's text: kept only while it recurs
        if len(cache) > 200_000:        # memory stays flat over a corpus
            cache.clear()
        cache[key] = value
    return value


def _rdflib(text: str):
    """One N-Triples term as written -> its rdflib term."""
    if text[0] == "<":
        return URIRef(text[1:-1])
    if text[0] == "_":
        return BNode(text[2:])
    end = text.rfind('"')
    lexical, suffix = text[1:end], text[end + 1:]
    if "\\" in lexical:
        lexical = _ESCAPE.sub(_unescape, lexical)
    if suffix.startswith("@"):
        return Literal(lexical, lang=suffix[1:])
    if suffix:
        return Literal(lexical, datatype=URIRef(suffix[3:-1]))
    return Literal(lexical)


def _unescape(match) -> str:
    code = match.group(1) or match.group(2)
    return chr(int(code, 16)) if code else _ECHAR[match.group(3)]


def _parsed(line: str) -> list[tuple]:
    import pyoxigraph as ox

    try:
        quads = list(ox.parse(line.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
    except SyntaxError as err:
        raise InputError(f"not N-Triples: {err}") from None
    return [(token(from_oxigraph(q.subject)), token(from_oxigraph(q.predicate)), token(from_oxigraph(q.object)))
            for q in quads]


def from_oxigraph(node):
    import pyoxigraph as ox

    if isinstance(node, ox.NamedNode):
        return URIRef(node.value)
    if isinstance(node, ox.BlankNode):
        return BNode(node.value)
    if node.language:
        return Literal(node.value, lang=node.language)
    datatype = node.datatype.value      # (pyoxigraph reads "x" and "x"^^xsd:string alike)
    return Literal(node.value, datatype=None if datatype == _STRING else URIRef(datatype))


_STRING = str(XSD.string)
