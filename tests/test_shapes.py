"""The shapes: a small well-formed graph conforms, and each way of breaking it gives exactly
the violation it must (focus node, path, constraint component), checked with pyshacl.

The base graph is written by hand after what `graph.py` writes, for a two-sentence article
whose offsets the test computes from the text itself.
"""
from __future__ import annotations

import hashlib
import importlib
import re

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

from readout.kg import iris
from readout.config import ONTOLOGY_FILE, SHAPES_DIR
from readout.kg.validate import shape_results, shapes_graph

RO = iris.RO
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
GAF = Namespace("http://groundedannotationframework.org/gaf#")
TEXT = "Anna Berg said the talks would resume. Berg phoned Carl Dahl."
OTHER_TEXT = "Carl Dahl agreed."

A = iris.article("t1")
B = iris.article("t2")
ANNA, CARL = iris.entity("anna-berg"), iris.entity("carl-dahl")
FREEDONIA, CAPITAL, IDEA = iris.entity("freedonia"), iris.entity("capital-city"), iris.entity("peace")
NATION = iris.entity("freedonians")
S = iris.statement("t1", 10, 14)
E = iris.event("PhoneCall", ["anna-berg", "carl-dahl"], "2024-05-01")
M = iris.event_mention("t1", 44, 50)
P = iris.position("t1", 15, 37, "carl-dahl")
ACT = iris.activity("readout-extraction", "test")


def sp(start: int, end: int, article: str = "t1") -> URIRef:
    return iris.span(article, start, end)


def at(word: str) -> tuple[int, int]:
    start = TEXT.index(word)
    return start, start + len(word)


def add_span(g: Graph, start: int, end: int, kind=RO.Span, article="t1", text=TEXT) -> URIRef:
    node = sp(start, end, article)
    g.add((node, RDF.type, kind))
    g.add((node, NIF.beginIndex, Literal(start, datatype=XSD.nonNegativeInteger)))
    g.add((node, NIF.endIndex, Literal(end, datatype=XSD.nonNegativeInteger)))
    g.add((node, NIF.anchorOf, Literal(text[start:end])))
    g.add((node, NIF.referenceContext, iris.article(article)))
    return node


def add_article(g: Graph, article_id: str, text: str) -> URIRef:
    a = iris.article(article_id)
    for p, o in [(RDF.type, RO.Article), (RDF.type, NIF.Context), (DCTERMS.identifier, Literal(article_id)),
                 (DCTERMS.title, Literal("Talks")), (NIF.isString, Literal(text)),
                 (RO.textSha256, Literal(hashlib.sha256(text.encode()).hexdigest())),
                 (DCTERMS.language, Literal("en")), (DCTERMS.issued, Literal("2024-05-02", datatype=XSD.date))]:
        g.add((a, p, o))
    return a


def _offset(value: int) -> Literal:
    return Literal(value, datatype=XSD.nonNegativeInteger)


def base() -> Graph:
    g = Graph()
    add_article(g, "t1", TEXT)
    assert at("said") == (10, 14) and at("the talks would resume") == (15, 37) and at("phoned") == (44, 50)
    for node, kind, label in [(ANNA, RO.Person, "Anna Berg"), (CARL, RO.Person, "Carl Dahl"),
                              (FREEDONIA, RO.State, "Freedonia"), (CAPITAL, RO.Place, "Capital City"),
                              (IDEA, RO.Concept, "peace")]:
        g.add((node, RDF.type, kind))
        g.add((node, RDFS.label, Literal(label)))
    g.add((ANNA, SKOS.exactMatch, iris.wikidata("Q42")))
    g.add((ANNA, RO.affiliatedWith, FREEDONIA))
    mention = add_span(g, 0, 9, RO.Mention)
    g.add((mention, GAF.denotes, ANNA))
    g.add((mention, RO.rule, Literal("gazetteer-alias")))
    g.add((ACT, RDF.type, PROV.Activity))
    g.add((ACT, RDFS.label, Literal("readout test extraction")))
    for p, o in [(RDF.type, RO.Statement), (RO.reportedIn, A), (RO.speaker, ANNA), (RO.speakerSpan, add_span(g, 0, 9)),
                 (RO.cue, add_span(g, 10, 14)), (RO.cueLemma, Literal("say")),
                 (RO.speechAct, iris.SPEECH_ACT["assert"]), (RO.content, add_span(g, 15, 37)),
                 (RO.contentText, Literal("the talks would resume")), (RO.sentence, add_span(g, 0, 38)),
                 (RO.cueText, Literal("said")), (RO.cueBeginIndex, _offset(10)), (RO.cueEndIndex, _offset(14)),
                 (RO.speakerBeginIndex, _offset(0)), (RO.speakerEndIndex, _offset(9)),
                 (RO.contentBeginIndex, _offset(15)), (RO.contentEndIndex, _offset(37)),
                 (RO.contentOffsets, Literal("15-37")),
                 (RO.isQuote, Literal(False)), (RO.isReaderComment, Literal(False)),
                 (RO.polarity, Literal("positive")), (RO.factuality, Literal("certain")),
                 (RO.confidence, Literal("0.5", datatype=XSD.decimal)), (RO.rule, Literal("verb-ccomp")),
                 (PROV.wasGeneratedBy, ACT)]:
        g.add((S, p, o))
    for p, o in [(RDF.type, RO.PhoneCall), (GAF.denotedBy, M), (RO.participant, ANNA), (RO.participant, CARL),
                 (RO.initiator, ANNA), (RO.date, Literal("2024-05-01", datatype=XSD.date)),
                 (RO.datePrecision, Literal("day")), (RO.duration, Literal("PT1H", datatype=XSD.duration))]:
        g.add((E, p, o))
    for p, o in [(RDF.type, RO.EventMention), (RO.trigger, add_span(g, 44, 50)), (RO.sentence, add_span(g, 39, 61)),
                 (RO.reportedIn, A), (RO.rule, Literal("trigger"))]:
        g.add((M, p, o))
    for p, o in [(RDF.type, RO.AttributedPosition), (RO.holder, CARL), (RO.attributor, ANNA),
                 (RO.proposition, sp(15, 37)), (RO.propositionText, Literal("the talks would resume")),
                 (RO.stance, Literal("supports")), (RO.reportedIn, A), (RO.rule, Literal("speaker-stance")),
                 (RO.evidence, S), (RO.issue, iris.ISSUE["peace-negotiations"])]:
        g.add((P, p, o))
    return g


R = iris.ID["readout/freedonia-test"]


def _readout(g: Graph, issuer: bool = True, about: bool = True) -> None:
    """A readout of the call grounded in "said", the statement reported from it."""
    g.add((R, RDF.type, RO.Readout))
    if issuer:
        g.add((R, RO.issuedBy, FREEDONIA))
    if about:
        g.add((R, RO.about, E))
    marker = add_span(g, 10, 14, RO.Mention)
    g.add((marker, GAF.denotes, R))
    g.add((marker, RO.rule, Literal("readout-marker")))
    g.add((S, RO.accordingToDocument, R))


def found(g: Graph, severity: str = "Violation") -> set[tuple[str, str, str]]:
    return {(r.focus, r.path, r.constraint) for r in shape_results(g) if r.severity == severity}


def test_the_base_graph_conforms_without_a_single_result():
    assert shape_results(base()) == []


def _set(node, prop, value):
    def change(g):
        g.remove((node, prop, None))
        if value is not None:
            g.add((node, prop, value))
    return change


def _add(*triples):
    def change(g):
        for t in triples:
            g.add(t)
    return change


def _other_article_span(g):
    add_article(g, "t2", OTHER_TEXT)
    g.add((S, RO.content, add_span(g, 0, 9, article="t2", text=OTHER_TEXT)))


def _untyped_event(g):
    g.remove((E, RDF.type, None))


def _no_event_for_mention(g):
    g.remove((E, GAF.denotedBy, M))


def _sparql(node, path):
    return {(str(node), path, "SPARQLConstraintComponent")}


CUE, CONTENT, MENTION = sp(10, 14), sp(15, 37), sp(0, 9)
CASES = {
    # articles
    "article without id": (_set(A, DCTERMS.identifier, None), {(str(A), "dcterms:identifier", "MinCountConstraintComponent")}),
    "article with an empty title": (_set(A, DCTERMS.title, Literal("")), {(str(A), "dcterms:title", "MinLengthConstraintComponent")}),
    "article without its text": (_set(A, NIF.isString, None), {(str(A), "nif:isString", "MinCountConstraintComponent")}),
    "text hash of another text": (_set(A, RO.textSha256, Literal(hashlib.sha256(b"x").hexdigest())), _sparql(A, "ro:textSha256")),
    "article that is not a nif:Context": (lambda g: g.remove((A, RDF.type, NIF.Context)), {(str(A), "rdf:type", "HasValueConstraintComponent")}),
    "ill-typed publication date": (_set(A, DCTERMS.issued, Literal("2024-02-30", datatype=XSD.date)), {(str(A), "dcterms:issued", "NodeConstraintComponent")}),
    "comments beginning after the text": (_set(A, RO.commentsBeginAt, Literal(999, datatype=XSD.nonNegativeInteger)), _sparql(A, "ro:commentsBeginAt")),
    # spans
    "anchor that is not the text at its offsets": (_set(CUE, NIF.anchorOf, Literal("says")), _sparql(CUE, "nif:anchorOf") | _sparql(S, "ro:cueText")),
    "span whose begin is not below its end": (_set(MENTION, NIF.beginIndex, Literal(9, datatype=XSD.nonNegativeInteger)), {(str(MENTION), "nif:beginIndex", "LessThanConstraintComponent")} | _sparql(S, "ro:speakerBeginIndex")),
    "span ending beyond its article": (_set(CONTENT, NIF.endIndex, Literal(999, datatype=XSD.nonNegativeInteger)), _sparql(CONTENT, "nif:endIndex") | _sparql(S, "ro:contentEndIndex") | _sparql(S, "ro:contentOffsets")),
    "span with a negative offset": (_set(MENTION, NIF.beginIndex, Literal(-1)), {(str(MENTION), "nif:beginIndex", "NodeConstraintComponent")} | _sparql(S, "ro:speakerBeginIndex")),
    "span without an article": (_set(MENTION, NIF.referenceContext, None), {(str(MENTION), "nif:referenceContext", "MinCountConstraintComponent")}),
    "mention denoting nothing": (_set(MENTION, GAF.denotes, None), {(str(MENTION), "gaf:denotes", "MinCountConstraintComponent")}),
    # entities
    "entity without a label": (_set(CARL, RDFS.label, None), {(str(CARL), "rdfs:label", "MinCountConstraintComponent")}),
    "affiliation with a place": (_set(ANNA, RO.affiliatedWith, CAPITAL), {(str(ANNA), "ro:affiliatedWith", "ClassConstraintComponent")}),
    "Wikidata page instead of entity": (_set(ANNA, SKOS.exactMatch, URIRef("https://www.wikidata.org/wiki/Q42")), {(str(ANNA), "skos:exactMatch", "PatternConstraintComponent")}),
    "Wikidata id with a leading zero": (_set(ANNA, SKOS.exactMatch, iris.wikidata("Q042")), {(str(ANNA), "skos:exactMatch", "PatternConstraintComponent")}),
    "two Wikidata links": (_add((ANNA, SKOS.exactMatch, iris.wikidata("Q43"))), {(str(ANNA), "skos:exactMatch", "MaxCountConstraintComponent")}),
    # statements
    "speaker that is a place": (_set(S, RO.speaker, CAPITAL), {(str(S), "ro:speaker", "ClassConstraintComponent")}),
    # a nationality is an actor of the ontology but never a speaker (data/lexicons/entity-types.tsv)
    "speaker that is a nationality": (lambda g: (g.add((NATION, RDF.type, RO.Group)), g.add((NATION, RDFS.label, Literal("Freedonians"))),
                                                 _set(S, RO.speaker, NATION)(g)),
                                      {(str(NATION), "", "OrConstraintComponent")}),
    "two speakers": (_add((S, RO.speaker, CARL)), {(str(S), "ro:speaker", "MaxCountConstraintComponent")}),
    "statement without a cue": (_set(S, RO.cue, None), {(str(S), "ro:cue", "MinCountConstraintComponent")}),
    "statement without content": (_set(S, RO.content, None), {(str(S), "ro:content", "MinCountConstraintComponent")} | _sparql(S, "ro:contentBeginIndex") | _sparql(S, "ro:contentEndIndex")),
    "statement without a sentence": (_set(S, RO.sentence, None), {(str(S), "ro:sentence", "MinCountConstraintComponent")}),
    "unknown polarity": (_set(S, RO.polarity, Literal("maybe")), {(str(S), "ro:polarity", "InConstraintComponent")}),
    "confidence above 1": (_set(S, RO.confidence, Literal("1.5", datatype=XSD.decimal)), {(str(S), "ro:confidence", "MaxInclusiveConstraintComponent")}),
    "speech act outside the scheme": (_set(S, RO.speechAct, URIRef("https://example.org/say")), {(str(S), "ro:speechAct", "NodeConstraintComponent")}),
    "CAMEO code outside the scheme": (_add((S, RO.cameoCode, URIRef("https://w3id.org/readout/cameo/1056"))), {(str(S), "ro:cameoCode", "NodeConstraintComponent")}),
    "addressee that is a concept": (_add((S, RO.addressee, IDEA)), {(str(S), "ro:addressee", "ClassConstraintComponent")}),
    "statement without provenance": (_set(S, PROV.wasGeneratedBy, None), {(str(S), "prov:wasGeneratedBy", "MinCountConstraintComponent")}),
    "statement in no article": (_set(S, RO.reportedIn, None), {(str(S), "ro:reportedIn", "MinCountConstraintComponent")}),
    "cue outside its sentence": (_set(S, RO.sentence, CONTENT), _sparql(S, "ro:cue")),
    # the spans' offsets copied onto the statement for queries
    "cue offset that is not its span's": (_set(S, RO.cueBeginIndex, _offset(11)), _sparql(S, "ro:cueBeginIndex")),
    "cue text that is not its span's": (_set(S, RO.cueText, Literal("says")), _sparql(S, "ro:cueText")),
    "statement without its cue end": (_set(S, RO.cueEndIndex, None), {(str(S), "ro:cueEndIndex", "MinCountConstraintComponent"),
                                                                     *_sparql(S, "ro:cueEndIndex")}),
    "speaker offsets without a speaker span": (_set(S, RO.speakerSpan, None), _sparql(S, "ro:speakerBeginIndex") | _sparql(S, "ro:speakerEndIndex")),
    "content begin after its first piece": (_set(S, RO.contentBeginIndex, _offset(16)), _sparql(S, "ro:contentBeginIndex")),
    "content end that no piece has": (_set(S, RO.contentEndIndex, _offset(40)), _sparql(S, "ro:contentEndIndex")),
    "content offsets missing a piece": (_add((S, RO.content, sp(44, 50))), _sparql(S, "ro:contentOffsets") | _sparql(S, "ro:contentEndIndex")),
    "content offsets that are not a list": (_set(S, RO.contentOffsets, Literal("15 to 37")), {(str(S), "ro:contentOffsets", "PatternConstraintComponent"),
                                                                                             *_sparql(S, "ro:contentOffsets")}),
    "content span in another article": (_other_article_span, _sparql(S, "ro:content") | _sparql(S, "ro:contentBeginIndex") | _sparql(S, "ro:contentOffsets")),
    "activity without a label": (_set(ACT, RDFS.label, None), {(str(ACT), "rdfs:label", "MinCountConstraintComponent")}),
    # official statements and readouts
    "readout without an issuer": (lambda g: _readout(g, issuer=False), {(str(R), "ro:issuedBy", "MinCountConstraintComponent")}),
    "readout about no event": (lambda g: _readout(g, about=False), {(str(R), "ro:about", "MinCountConstraintComponent")}),
    # events
    "event without participants": (lambda g: (g.remove((E, RO.participant, None)), g.remove((E, RO.initiator, None))), {(str(E), "ro:participant", "MinCountConstraintComponent")}),
    "participant that is a place": (_add((E, RO.participant, CAPITAL)), {(str(E), "ro:participant", "ClassConstraintComponent")}),
    "event without a type": (_untyped_event, _sparql(E, "rdf:type")),
    "event typed only as an event": (_set(E, RDF.type, RO.Event), _sparql(E, "rdf:type")),
    "ill-typed month": (lambda g: (_set(E, RO.date, Literal("2024-13", datatype=XSD.gYearMonth))(g), _set(E, RO.datePrecision, Literal("month"))(g)), {(str(E), "ro:date", "NodeConstraintComponent")}),
    "date as a plain string": (_set(E, RO.date, Literal("May 1, 2024")), {(str(E), "ro:date", "NodeConstraintComponent")}),
    "precision that disagrees with the date": (_set(E, RO.datePrecision, Literal("year")), _sparql(E, "ro:datePrecision")),
    "date without precision": (_set(E, RO.datePrecision, None), _sparql(E, "ro:datePrecision")),
    "ill-typed duration": (_set(E, RO.duration, Literal("two hours", datatype=XSD.duration)), {(str(E), "ro:duration", "DatatypeConstraintComponent")}),
    "event that is its own previous contact": (_add((E, RO.previousContact, E)), _sparql(E, "ro:previousContact")),
    "event without a mention": (_no_event_for_mention, {(str(E), "gaf:denotedBy", "MinCountConstraintComponent"),
                                                        (str(M), "^gaf:denotedBy", "MinCountConstraintComponent")}),
    "event mention without a trigger": (_set(M, RO.trigger, None), {(str(M), "ro:trigger", "MinCountConstraintComponent")}),
    "trigger outside its sentence": (_set(M, RO.sentence, sp(0, 38)), _sparql(M, "ro:trigger")),
    # positions
    "holder that is a concept": (_set(P, RO.holder, IDEA), {(str(P), "ro:holder", "ClassConstraintComponent")}),
    "attributor that is the holder": (_set(P, RO.attributor, CARL), {(str(P), "ro:attributor", "DisjointConstraintComponent")}),
    "attributor that is a place": (_set(P, RO.attributor, CAPITAL), {(str(P), "ro:attributor", "OrConstraintComponent")}),
    "attributed position without attributor": (_set(P, RO.attributor, None), {(str(P), "ro:attributor", "MinCountConstraintComponent")}),
    "attributor on an unattributed position": (_set(P, RDF.type, RO.Position), {(str(P), "", "ClassConstraintComponent")}),
    "evidence that is not a statement": (_set(P, RO.evidence, E), {(str(P), "ro:evidence", "ClassConstraintComponent")}),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_broken_graph_gives_exactly_its_violation(case):
    change, expected = CASES[case]
    g = base()
    change(g)
    assert found(g) == expected


WARNINGS = {
    "stance outside the documented list": (_set(P, RO.stance, Literal("blamed")), {(str(P), "ro:stance", "InConstraintComponent")}),
    "speaker who is the addressee": (_add((S, RO.addressee, ANNA)), {(str(S), "ro:speaker", "DisjointConstraintComponent")}),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_pyshacl_turbo_finds_the_same_violations_as_the_reference_engine(case):
    change, expected = CASES[case]
    g = base()
    change(g)
    turbo = {(r.focus, r.constraint) for r in shape_results(g, engine="turbo") if r.severity == "Violation"}
    assert turbo == {(focus, constraint) for focus, _, constraint in expected}


@pytest.mark.parametrize("case", sorted({**CASES, **WARNINGS, "well-formed": (lambda g: None, set())}))
def test_the_fast_engine_gives_the_reference_engines_results_field_for_field(case):
    change, _ = {**CASES, **WARNINGS, "well-formed": (lambda g: None, set())}[case]
    g = base()
    change(g)
    reference = sorted(shape_results(g), key=repr)
    assert sorted(shape_results(g, engine="fast"), key=repr) == reference
    assert sorted(shape_results(g, engine="fast", ntriples=g.serialize(format="nt")), key=repr) == reference
    # the build's way: the text alone
    assert sorted(shape_results(None, engine="fast", ntriples=g.serialize(format="nt")), key=repr) == reference


@pytest.mark.parametrize("case", sorted(WARNINGS))
def test_what_may_be_right_is_a_warning_not_a_violation(case):
    change, expected = WARNINGS[case]
    g = base()
    change(g)
    assert found(g, "Warning") == expected
    assert found(g) == set()


def test_every_shape_is_exercised_by_a_broken_graph():
    exercised = set()
    for change, _ in [*CASES.values(), *WARNINGS.values()]:
        g = base()
        change(g)
        exercised |= {r.shape for r in shape_results(g)}
    declared = {f"rs:{str(s).rsplit('#', 1)[-1]}" for s in shapes_graph().subjects(RDF.type, SH.NodeShape)
                if (s, SH.targetClass, None) in shapes_graph() or (s, SH.targetSubjectsOf, None) in shapes_graph()}
    assert declared - exercised == set()


# ---- the shapes and the ontology agree --------------------------------------------------

BUILT_IN = (str(RDF), str(RDFS), str(OWL), str(XSD), str(SH))


def _terms_used_by_shapes() -> tuple[set[URIRef], set[URIRef]]:
    g = shapes_graph()
    classes = set(g.objects(None, SH.targetClass)) | set(g.objects(None, SH["class"]))
    properties = set(g.objects(None, SH.targetSubjectsOf)) | set(g.objects(None, SH.inversePath))
    properties |= {p for p in g.objects(None, SH.path) if isinstance(p, URIRef)}
    properties |= {p for p in g.objects(None, SH.disjoint)} | {p for p in g.objects(None, SH.lessThan)}
    for query in g.objects(None, SH.select):
        properties |= {URIRef(RO + name) for name in re.findall(r"\bro:([A-Za-z0-9]+)", str(query))
                       if name[0].islower()}
        properties |= {URIRef(NIF + name) for name in re.findall(r"\bnif:([A-Za-z0-9]+)", str(query))}
        classes |= {URIRef(RO + name) for name in re.findall(r"\bro:([A-Z][A-Za-z0-9]+)", str(query))}
    return ({c for c in classes if not str(c).startswith(BUILT_IN)},
            {p for p in properties if not str(p).startswith(BUILT_IN)})


def test_every_class_and_property_the_shapes_use_is_declared_in_the_ontology():
    onto = Graph().parse(ONTOLOGY_FILE, format="turtle")
    classes, properties = _terms_used_by_shapes()
    assert len(classes) > 10 and len(properties) > 40   # the collection itself works
    assert {c for c in classes if (c, RDF.type, OWL.Class) not in onto} == set()
    kinds = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    assert {p for p in properties if not any((p, RDF.type, k) in onto for k in kinds)} == set()


def test_the_declaration_check_catches_an_undeclared_term(tmp_path, monkeypatch):
    """The test above would fail on a shape naming a term the ontology lacks."""
    extra = "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ro: <https://w3id.org/readout/ontology#> .\n" \
            "<urn:x> a sh:NodeShape ; sh:targetClass ro:Unicorn ; sh:property [ sh:path ro:hornLength ] .\n"
    for path in SHAPES_DIR.glob("*.ttl"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "extra.ttl").write_text(extra, encoding="utf-8")
    monkeypatch.setattr(importlib.import_module("readout.kg.validate"), "SHAPES_DIR", tmp_path)
    shapes_graph.cache_clear()
    try:
        classes, properties = _terms_used_by_shapes()
        onto = Graph().parse(ONTOLOGY_FILE, format="turtle")
        unicorn = URIRef(str(RO) + "Unicorn")   # undeclared on purpose: RO is closed
        assert unicorn in classes and (unicorn, RDF.type, OWL.Class) not in onto
        assert URIRef(str(RO) + "hornLength") in properties
    finally:
        shapes_graph.cache_clear()


def test_shapes_are_well_formed_shacl():
    """Every node shape has a target or is referenced, and every constraint says what is wrong."""
    g = shapes_graph()
    for shape in g.subjects(RDF.type, SH.NodeShape):
        targeted = any((shape, p, None) in g for p in (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf))
        assert targeted or (None, SH.node, shape) in g, shape
    for prop in g.objects(None, SH.property):
        assert g.value(prop, SH.message), f"property shape on {g.value(prop, SH.path)} has no sh:message"
    for constraint in g.objects(None, SH.sparql):
        assert g.value(constraint, SH.message) and g.value(constraint, SH.prefixes), constraint
    assert isinstance(next(iter(g.objects(None, SH.property))), BNode)
