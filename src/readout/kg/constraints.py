"""The other SHACL-SPARQL constraints of readout's shapes, checked in Python over the
article's index (`readout.kg.coreshapes.Data`) instead of a query engine.

Each is a join of a few patterns over one focus node's neighbours: the text's hash, reader
comments within the text, spans in their article, a cue or trigger in its sentence, the
offsets copied onto a statement, an event's type, its previous contact and date precision, a
position's evidence. Run by Oxigraph, every article first had to be loaded into a store of
its own with the ontology (about 45% of the shapes' time on PolNeAR dev). Here each row is
made as the query makes it, (focus, path, value), the value None where the query leaves it
unbound.

Like `readout.kg.grounding`, this stands in only for the very queries shipped in
`shapes/readout.ttl` (`QUERIES`, a digest of each, whitespace aside), on their shapes' class
and subjects-of targets, and only where no term asks a question a query engine decides
otherwise: a comparison of anything but integers of the xsd:integer family, plain strings or
IRIs, and an integer not written in its canonical form (which an engine may store as written,
where the index holds it canonical). Then `readout.kg.fastshapes` runs the query.
`tests/test_constraints.py` holds both ways to the same results on random graphs.
"""
from __future__ import annotations

import hashlib
import re

from readout.kg.grounding import SHAPES, Unsure, digest, integer, string
from readout.kg.ntriples import remember

_RO = "https://w3id.org/readout/ontology#"
_NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def _ro(name: str) -> str:
    return f"<{_RO}{name}>"


_BEGIN, _END, _ANCHOR = f"<{_NIF}beginIndex>", f"<{_NIF}endIndex>", f"<{_NIF}anchorOf>"
_CONTEXT, _TEXT = f"<{_NIF}referenceContext>", f"<{_NIF}isString>"
# an integer of the xsd:integer family written otherwise than canonically ("07", "+7", "-0")
_ODD_INTEGER = re.compile(   # (tried only where an object literal begins: linear in the text)
    r'>[ \t]+"(?!(?:0|-?[1-9][0-9]*)")[^"\n]*"\^\^<http://www\.w3\.org/2001/XMLSchema#(?:integer|'
    r'nonNegativeInteger|positiveInteger|nonPositiveInteger|negativeInteger|long|int|short|byte|'
    r'unsignedLong|unsignedInt|unsignedShort|unsignedByte)>')


# the values of each type of the xsd:integer family that Oxigraph stores as the xsd:integer of
# the same value (a 64-bit integer): the index's term for them is that one; another is Unsure
_I64 = (-2 ** 63, 2 ** 63 - 1)
_RANGES = {"integer": _I64, "long": _I64, "nonNegativeInteger": (0, _I64[1]), "positiveInteger": (1, _I64[1]),
           "nonPositiveInteger": (_I64[0], 0), "negativeInteger": (_I64[0], -1), "int": (-2 ** 31, 2 ** 31 - 1),
           "short": (-2 ** 15, 2 ** 15 - 1), "byte": (-128, 127), "unsignedLong": (0, _I64[1]),
           "unsignedInt": (0, 2 ** 32 - 1), "unsignedShort": (0, 2 ** 16 - 1), "unsignedByte": (0, 255)}


def _int(term: str) -> int:
    """An integer's value, where Oxigraph holds it as an xsd:integer (else Unsure)."""
    found = _IN_RANGE.get(term)
    if found is not None:
        return found
    value = integer(term)
    low, high = _RANGES[term[term.rfind("#") + 1:-1]]
    if not low <= value <= high:
        raise Unsure
    return remember(_IN_RANGE, term, value)


_IN_RANGE: dict = {}            # each such integer's term -> its value, while it recurs


def _term(term: str | None) -> str | None:
    """A row's value as Oxigraph gives it: an integer as its xsd:integer, a string typed
    xsd:string as the plain string; a value of any other datatype or a language: Unsure."""
    if term is None or term[0] != '"':
        return term
    end = term.rfind('"')
    suffix = term[end + 1:]
    if not suffix:
        return term
    if suffix == f"^^<{_XSD}string>":
        return term[:end + 1]
    if suffix.startswith(f"^^<{_XSD}") and suffix[3 + len(_XSD):-1] in _RANGES:
        return f'"{_int(term)}"^^<{_XSD}integer>'
    raise Unsure


def written_canonically(ntriples: str) -> bool:
    """Whether every integer of the text is written as the index holds it."""
    return _ODD_INTEGER.search(ntriples) is None


def _text_hash(data, this):
    for value in data.values(this, _ro("textSha256")):
        for text in data.values(this, _TEXT):
            if string(value, None) != hashlib.sha256(string(text, None).encode("utf-8")).hexdigest():
                yield this, _ro("textSha256"), value


def _comments_in_text(data, this):
    for value in data.values(this, _ro("commentsBeginAt")):
        for text in data.values(this, _TEXT):
            if _int(value) > len(string(text, None)):
                yield this, _ro("commentsBeginAt"), value


def _spans_in_their_article(data, this):
    for article in data.values(this, _ro("reportedIn")):
        for path, value in _out(data, this):
            for context in data.values(value, _CONTEXT):
                if _differ(context, article):
                    yield this, path, value


def _cue_in_sentence(data, this):
    sentences = [(_int(sb), _int(se)) for s in data.values(this, _ro("sentence"))
                 for sb in data.values(s, _BEGIN) for se in data.values(s, _END)]
    for path in (_ro("cue"), _ro("trigger")):
        for value in data.values(this, path):
            for b in data.values(value, _BEGIN):
                for e in data.values(value, _END):
                    b_, e_ = _int(b), _int(e)
                    if any(b_ < sb or e_ > se for sb, se in sentences):
                        yield this, path, value


_COPIES = ((_ro("cue"), _ro("cueText"), _ANCHOR), (_ro("cue"), _ro("cueBeginIndex"), _BEGIN),
           (_ro("cue"), _ro("cueEndIndex"), _END), (_ro("speakerSpan"), _ro("speakerBeginIndex"), _BEGIN),
           (_ro("speakerSpan"), _ro("speakerEndIndex"), _END))
_CONTENT_BEGIN, _CONTENT_END = _ro("contentBeginIndex"), _ro("contentEndIndex")


def _statement_offsets(data, this):
    for via, path, of in _COPIES:                       # each copy is its span's value
        for span in data.values(this, via):
            for expected in data.values(span, of):
                copies = data.values(this, path)
                if not copies:
                    yield this, path, None
                yield from ((this, path, value) for value in copies if _unequal(value, expected))
    if not data.values(this, _ro("speakerSpan")):       # no speaker span, no copy of one
        for path in (_ro("speakerBeginIndex"), _ro("speakerEndIndex")):
            yield from ((this, path, value) for value in data.values(this, path))
    pieces = [(piece, data.values(piece, _BEGIN), data.values(piece, _END)) for piece in data.values(this, _ro("content"))]
    for path, side in ((_CONTENT_BEGIN, 1), (_CONTENT_END, 2)):
        for value in data.values(this, path):
            v = _int(value)
            for piece in pieces:                        # no piece begins before or ends after
                for b in piece[1]:
                    for e in piece[2]:
                        if (_int(b) < v) if side == 1 else (_int(e) > v):
                            yield this, path, value
            if not any(_term(value) == _term(offset) for piece in pieces for offset in piece[side]):   # one is at it
                yield this, path, value
    for value in data.values(this, _ro("contentOffsets")):   # each piece is listed
        listed = f";{string(value, None)};"
        for piece, begins, ends in pieces:
            for b in begins:
                for e in ends:
                    if f";{_lexical(b)}-{_lexical(e)};" not in listed:
                        yield this, _ro("contentOffsets"), value


def _event_type(data, this):
    event = _ro("Event")
    if not any(t[0] != '"' and event in data.supers.get(t, ()) for t in data.values(this, _TYPE)):
        yield this, _TYPE, None


def _own_previous_contact(data, this):
    if this in data.values(this, _ro("previousContact")):
        yield this, _ro("previousContact"), this


_PRECISION = {f"{_XSD}date": "day", f"{_XSD}gYearMonth": "month", f"{_XSD}gYear": "year"}


def _date_precision(data, this):
    path, dates, values = _ro("datePrecision"), data.values(this, _ro("date")), data.values(this, _ro("datePrecision"))
    for date in dates:
        if not values:
            yield this, path, None
        for value in values:
            expected = _PRECISION.get(_datatype(date))
            if expected is not None and _lexical(value) != expected:
                yield this, path, value
    if not dates:
        yield from ((this, path, value) for value in values)


def _evidence_in_article(data, this):
    for article in data.values(this, _ro("reportedIn")):
        for value in data.values(this, _ro("evidence")):
            for other in data.values(value, _ro("reportedIn")):
                if _differ(other, article):
                    yield this, _ro("evidence"), value


# constraint -> (the sha256 of its sh:select, its words joined by one space; the rows)
QUERIES = {
    SHAPES + "TextHashMatches": ("635b377377fb285724ae87b674173b88b8842aa92904b9b22a7175f932574f23", _text_hash),
    SHAPES + "CommentsWithinText": ("46034dfa30650fd5d7820db5a90478bdcff55094d4dd4186124bc87fbc95e5b4", _comments_in_text),
    SHAPES + "SpansInTheirArticle": ("7f056d55e79cad58b78cc4c99fef4f20b72555c13938e5073f6f2d412ae7efa2", _spans_in_their_article),
    SHAPES + "CueInSentence": ("008949ec27f30307050e8ea8ca4985a66c19e053e4acf3a0f08c5f5373a824c3", _cue_in_sentence),
    SHAPES + "StatementOffsets": ("b4b55a7d6d6da01158b645a3b12de23a22884fa35bec568405f3e8ae9ee3444a", _statement_offsets),
    SHAPES + "EventHasType": ("4fddb512eb20345af60279711fec4b0af4fb73e705825d7eaf5a290881a5155d", _event_type),
    SHAPES + "NotOwnPreviousContact": ("ac6a31f6533c86c5f2bd521a08cfba1f80eaf5f35c995211376d8927ca13b5cb", _own_previous_contact),
    SHAPES + "DatePrecisionMatches": ("bbb6833cd1ec72b85e72bf4ea7f1fafd8e2153fe9791a0640e431241b95387fd", _date_precision),
    SHAPES + "EvidenceInSameArticle": ("8079c1d8b0828b51f57149fcb4e545147bf6cba7ea5acb71996c9492b909f1d2", _evidence_in_article),
}


def implements(constraint: str, select: str) -> bool:
    """Whether `rows` can stand for this constraint (its name and its very query)."""
    return constraint in QUERIES and QUERIES[constraint][0] == digest(select)


def rows(constraint: str, data, nodes) -> list[tuple] | None:
    """The query's rows (focus, path, value) on the focus nodes of its shape (its class and
    subjects-of targets), as N-Triples terms; None when the query must decide."""
    check = QUERIES[constraint][1]
    try:
        return [(this, path, _term(value)) for node in nodes for this, path, value in check(data, node)]
    except Unsure:
        return None


def _out(data, node) -> list[tuple[str, str]]:
    """Every (predicate, object) of the node, its own and the ontology's."""
    found = {}
    for graph in data.graphs():
        for predicate, objects in graph.out.get(node, {}).items():
            for o in objects:
                found[predicate, o] = None
    return list(found)


def _differ(a: str, b: str) -> bool:
    """`a != b` of two IRIs or blank nodes (a literal's comparison: the query decides)."""
    if a[0] == '"' or b[0] == '"':
        raise Unsure
    return a != b


def _unequal(a: str, b: str) -> bool:
    """`a != b` where both are integers, both plain strings or both IRIs."""
    if a[0] != '"' and b[0] != '"':
        return a != b
    if a[0] == '"' and b[0] == '"':
        try:
            return _int(a) != _int(b)
        except Unsure:
            return string(a, None) != string(b, None)
    raise Unsure


def _lexical(term: str) -> str:
    """STR(term) of an integer, a plain string or an IRI."""
    if term[0] == "<":
        return term[1:-1]
    try:
        return str(_int(term))
    except Unsure:
        return string(term, None)


def _datatype(term: str) -> str:
    if term[0] != '"':
        raise Unsure                    # DATATYPE of an IRI: an error the query decides with
    suffix = term[term.rfind('"') + 1:]
    return suffix[3:-1] if suffix.startswith("^^") else _LANG_STRING if suffix else f"{_XSD}string"
