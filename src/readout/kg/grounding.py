"""The grounding of spans, checked in one pass over an article's spans.

Two SHACL-SPARQL constraints of `rs:SpanShape` compare each span's offsets with its
article's text: `rs:SpanEndInText` (the span ends within the text) and `rs:SpanAnchorGrounded`
(the anchor is the text at the offsets). A query engine evaluates STRLEN and SUBSTR on the
article's text for each span, and each call walks the text from its start: the check grew with
the square of article length (a generated 400 KB article: 10.4 s for the anchors against 0.6 s
at 100 KB). Here each text is read once, and each span costs its own length.

`violations` gives what the query gives, for these exact queries only (`QUERIES` holds a
digest of each, whitespace aside): `readout.kg.fastshapes` runs the query itself when the
shapes graph carries another text under the name, and when a term is of a form whose
comparison only the query engine decides (an offset that is not an xsd:integer, a text or
an anchor that is not a plain string), so that nothing is decided differently here.
`tests/test_shapes.py` holds the two ways to the same results.
"""
from __future__ import annotations

import hashlib
import re

from readout.kg.ntriples import remember, term

SHAPES = "https://w3id.org/readout/shapes#"
_NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
END_IN_TEXT = SHAPES + "SpanEndInText"
ANCHOR_GROUNDED = SHAPES + "SpanAnchorGrounded"
# the sha256 of each constraint's sh:select, its words joined by one space
QUERIES = {
    END_IN_TEXT: "ebcacb1dba51db92630264c1f8fc3c7ea6e4db44c4a35f9ba29a3063dc40cb99",
    ANCHOR_GROUNDED: "bd5b64327937cf8f77645b257083f6364736f2c0a12ba8b3f278c332e53f70fd",
}
# the path each one's results name (its query's ?path)
PATHS = {END_IN_TEXT: _NIF + "endIndex", ANCHOR_GROUNDED: _NIF + "anchorOf"}

_SPAN = "<https://w3id.org/readout/ontology#Span>"
_BEGIN, _END, _ANCHOR = f"<{_NIF}beginIndex>", f"<{_NIF}endIndex>", f"<{_NIF}anchorOf>"
_CONTEXT, _TEXT = f"<{_NIF}referenceContext>", f"<{_NIF}isString>"
_XSD = "http://www.w3.org/2001/XMLSchema#"
# xsd:integer and the types derived from it, which query engines compare as integers
_INTEGERS = tuple(f'"^^<{_XSD}{name}>' for name in (
    "integer", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger", "long",
    "int", "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte"))
_STRING = f"^^<{_XSD}string>"
_DIGITS = re.compile(r"-?[0-9]+")


def digest(select: str) -> str:
    return hashlib.sha256(" ".join(select.split()).encode("utf-8")).hexdigest()


def implements(constraint: str, select: str) -> bool:
    """Whether `violations` can stand for this constraint (its name and its very query)."""
    return QUERIES.get(constraint) == digest(select)


class Unsure(Exception):
    """A term whose comparison the query engine decides: run the query instead."""


def violations(data) -> dict[str, list[tuple[str, str]]] | None:
    """For each of the two constraints, the (focus, value) pairs, as N-Triples terms, of the
    spans in `data` (a `readout.kg.coreshapes.Data`) that break it; None when the queries
    must decide."""
    texts: dict[str, str] = {}
    found: dict[str, list[tuple[str, str]]] = {END_IN_TEXT: [], ANCHOR_GROUNDED: []}
    try:
        for node in _spans(data):
            ends = [(end, integer(end)) for end in data.values(node, _END)]
            begins = [integer(begin) for begin in data.values(node, _BEGIN)]
            anchors = data.values(node, _ANCHOR)
            for context in data.values(node, _CONTEXT):
                for text in data.values(context, _TEXT):
                    text = string(text, texts)
                    found[END_IN_TEXT] += [(node, end) for end, e in ends if e > len(text)]
                    found[ANCHOR_GROUNDED] += [(node, anchor) for b in begins for _, e in ends for anchor in anchors
                                               if 0 <= b < e <= len(text) and text[b:e] != string(anchor, None)]
    except Unsure:
        return None
    return found


def _spans(data) -> list[str]:
    """The nodes of class ro:Span (or a subclass) with an end offset: no other gives a row."""
    subjects = [node for node, predicates in data.out.items() if _END in predicates]
    if data.base is not None:
        subjects += [node for node, predicates in data.base.out.items() if _END in predicates]
    return sorted({node for node in subjects if node[0] != '"' and data.instance_of(node, _SPAN)})


def integer(literal: str) -> int:
    """An integer of the xsd:integer family, its value (Unsure: another term)."""
    found = _VALUES.get(literal)
    if found is not None:
        return found
    suffix = literal[literal.rfind('"'):]
    lexical = literal[1:-len(suffix)]
    if not (literal.startswith('"') and suffix in _INTEGERS and _DIGITS.fullmatch(lexical)):
        raise Unsure           # another type, or ill-formed: the query engine decides
    return remember(_VALUES, literal, int(lexical))


_VALUES: dict = {}             # each integer's term -> its value, while it recurs


def string(literal: str, seen: dict | None) -> str:
    """A plain string's text (Unsure: another term), kept in `seen` when given."""
    if seen is not None and literal in seen:
        return seen[literal]
    plain = literal.endswith('"')
    if not literal.startswith('"') or not (plain or literal.endswith(_STRING)):
        raise Unsure            # a language tag, another datatype, an IRI or a blank node
    if "\\" not in literal:     # nothing escaped: the text between the quotes
        value = literal[1:-1] if plain else literal[1:-len(_STRING) - 1]
    else:
        value = str(term(literal))
    if seen is not None:
        seen[literal] = value
    return value
