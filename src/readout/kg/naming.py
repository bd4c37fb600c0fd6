"""Naming nodes for people: a label, an anchor text, or speaker and cue; the article a node
comes from and the sentence it was found in (for the validation report)."""
from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from readout.kg.iris import RO
from readout.kg.report import GAF, NIF, _clip, _curie, _local


def describe(data: Graph, node) -> str:
    """A short name a person recognises: a label, an anchor text, or speaker and cue."""
    def text(*path):
        value = node
        for prop in path:     # the first value in order, not rdflib's any: the same name every run
            value = min(data.objects(value, prop), key=_order, default=None) if value is not None else None
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


def _order(term) -> tuple[str, str]:
    return str(term), type(term).__name__


def whereabouts(data: Graph, node) -> tuple[str, str]:
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


class Indexed:
    """The look-ups `describe` and `whereabouts` ask of a graph, answered from the shapes'
    index of it (`readout.kg.coreshapes.Data`: N-Triples terms by subject, in the order
    written), so that naming a result does not parse the article's text into rdflib (15 s
    for a 400 KB article with one warning). Values come in the order written: rdflib's
    `value` gives the first it holds."""

    def __init__(self, index):
        self.out = index.out

    def objects(self, subject, predicate) -> list:
        from readout.kg.ntriples import term, token

        found = self.out.get(token(subject)) if subject is not None else None
        return [term(o) for o in found.get(token(predicate), ())] if found else []

    def value(self, subject, predicate):
        return next(iter(self.objects(subject, predicate)), None)

    def __contains__(self, triple) -> bool:
        from readout.kg.ntriples import token

        subject, predicate, obj = triple
        values = self.out.get(token(subject), {}).get(token(predicate))
        return values is not None and (obj is None or token(obj) in values)


def oxigraph_label(db, node) -> tuple[str, str]:
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
