"""The ontology, the writer, the shapes and the stored queries agree.

Over the bundled build and a PolNeAR dev build (skipped without ../shared):
- every term written is declared in the ontology;
- every declared class and property is written by readout, or marked in the ontology
  `ro:writtenOnlyByUsers` with a reason (and then never written);
- every term a stored query or check reads is written;
- every node of a class written is the focus of a shape;
- the shapes' scheme lists are the ontology's schemes;
- a misspelt term in graph.py fails.
And readouts: the bundled build's readouts and their statements.
"""
from __future__ import annotations

import gc
import importlib.util
import re
import sys
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, SH, SKOS

from readout import api
from readout.config import LEXICON_DIR, ONTOLOGY_FILE, QUERIES_DIR, SHAPES_DIR
from readout.kg import graph as graph_module
from readout.kg import ontodoc
from readout.kg.iris import ONTOLOGY_GRAPH

RO = ontodoc.RO_NS
MARK = URIRef(RO + "writtenOnlyByUsers")
BUILT_IN = {str(RDF.type), str(OWL.sameAs)}   # RDF and OWL's own terms need no declaration
DECLARED_KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
NEWSGOLD = Path(__file__).resolve().parents[1].parent / "shared" / "newsgold" / "dev"


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


@pytest.fixture(scope="module")
def polnear_store(polnear, tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("polnear-dev") / "store"
    result = api.build([polnear / "dev" / "text"], store)
    assert result.built, result.skipped
    gc.collect()
    return store


def written(store: Path) -> set[str]:
    """Every predicate and every class (object of rdf:type) of the store's extracted graphs."""
    table = api.query(store, sparql=f"""SELECT DISTINCT ?t WHERE {{
        GRAPH ?g {{ {{ ?s ?t ?o }} UNION {{ ?s a ?t }} }} FILTER(?g != <{ONTOLOGY_GRAPH}>) }}""")
    return {row[0] for row in table.values()}


def _closure(onto: Graph, terms: set[str]) -> set[str]:
    """The terms and their ancestors: an instance of a subclass is one of the class, a
    triple of a subproperty one of the property."""
    found, todo = set(terms), list(terms)
    while todo:
        term = URIRef(todo.pop())
        for parent in (*onto.objects(term, RDFS.subClassOf), *onto.objects(term, RDFS.subPropertyOf)):
            if isinstance(parent, URIRef) and str(parent) not in found:
                found.add(str(parent))
                todo.append(str(parent))
    return found


WRITERS = [Path(graph_module.__file__), Path(graph_module.__file__).with_name("corpus.py")]


def writable(onto: Graph, built: set[str]) -> set[str]:
    """What readout writes: the terms of its builds; the terms the writer names (written
    when their fact occurs: a publisher only when the metadata gives one); the event classes
    the event lexicons name (written when a text has the trigger); with their ancestors."""
    classes = {str(c) for c in graph_module.ENTITY_CLASSES.values()}
    for path in WRITERS:
        classes |= {RO + local for local in re.findall(r"\bRO\.([A-Za-z]+)", path.read_text(encoding="utf-8"))}
    events = {local for local in ontodoc.own_terms(onto)
              if str(URIRef(RO + "Event")) in _closure(onto, {RO + local}) and local != "Event"}
    lexicons = " ".join(p.read_text(encoding="utf-8") for p in LEXICON_DIR.glob("event-*.tsv"))
    classes |= {RO + local for local in events if re.search(rf"\b{local}\b", lexicons)}
    return _closure(onto, built | classes)


def declared(onto: Graph) -> set[str]:
    return {str(t) for kind in DECLARED_KINDS for t in onto.subjects(RDF.type, kind) if isinstance(t, URIRef)}


def read_by_queries() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in sorted(QUERIES_DIR.rglob("*.rq")):
        for local in re.findall(r"\bro:([A-Za-z_][A-Za-z0-9_]*)", path.read_text(encoding="utf-8")):
            found.setdefault(RO + local, set()).add(path.name)
    return found


def _check_store(onto: Graph, store: Path) -> None:
    terms = written(store)
    undeclared = sorted(t for t in terms if t not in declared(onto) and t not in BUILT_IN)
    assert not undeclared, f"written but not declared in the ontology: {undeclared}"
    marked = sorted(t for t in terms if (URIRef(t), MARK, None) in onto)
    assert not marked, f"marked ro:writtenOnlyByUsers but written: {marked}"


# ---- every term written is declared --------------------------------------------------------

def test_every_term_the_bundled_build_writes_is_declared(onto, bundled_store):
    _check_store(onto, bundled_store)


def test_every_term_a_polnear_dev_build_writes_is_declared(onto, polnear_store):
    _check_store(onto, polnear_store)


# ---- every declared term is written, or marked with a reason ----------------------------------

def test_every_declared_class_and_property_is_written_or_marked(onto, bundled_store):
    done = writable(onto, written(bundled_store))
    missing = []
    for local, term in ontodoc.own_terms(onto).items():
        if (term, RDF.type, OWL.AnnotationProperty) in onto or str(term) in done:
            continue
        reason = onto.value(term, MARK)
        if reason is None or len(str(reason)) < 20:
            missing.append(local)
    assert not missing, ("declared but never written, and not marked ro:writtenOnlyByUsers with a "
                         f"reason: {missing} (write them, mark them, or remove them)")


def test_every_marked_term_is_read_or_documented(onto):
    """A marked term is kept for users: the competency questions or a shape name it;
    a term nobody writes or reads is removed instead."""
    text = (Path(__file__).resolve().parents[1] / "docs" / "competency-questions.md").read_text(encoding="utf-8")
    text += "".join(p.read_text(encoding="utf-8") for p in SHAPES_DIR.glob("*.ttl"))
    text += "".join(p.read_text(encoding="utf-8") for p in QUERIES_DIR.rglob("*.rq"))
    classes = {s for s in onto.subjects(MARK, None) if (s, RDF.type, OWL.Class) in onto}
    for term in onto.subjects(MARK, None):
        local = str(term)[len(RO):]
        used = f"ro:{local}" in text or any((term, RDFS.domain, c) in onto for c in classes)
        assert used, f"ro:{local} is neither written nor read: remove it from the ontology"


# ---- every term a stored query or check reads is written -----------------------------------------

def test_every_term_a_stored_query_reads_is_written(onto, bundled_store):
    done = writable(onto, written(bundled_store))
    unread = {t: sorted(where) for t, where in read_by_queries().items() if t not in done}
    assert not unread, f"stored queries read terms no build writes (dead branches): {unread}"


# ---- every class written is the target of a shape ----------------------------------------------

def _targets(shapes: Graph) -> set[str]:
    return {str(c) for c in shapes.objects(None, SH.targetClass)}


def test_every_node_of_a_class_written_is_the_focus_of_a_shape(onto, bundled_store):
    shapes = Graph()
    for path in SHAPES_DIR.glob("*.ttl"):
        shapes.parse(path, format="turtle")
    targets = _targets(shapes)
    table = api.query(bundled_store, sparql=f"""SELECT DISTINCT ?s ?t WHERE {{
        GRAPH ?g {{ ?s a ?t }} FILTER(?g != <{ONTOLOGY_GRAPH}>) }}""")
    types: dict[str, set[str]] = {}
    for node, cls in table.values():
        types.setdefault(node, set()).add(cls)
    untargeted = sorted({cls for node, classes in types.items() for cls in classes
                         if not (_closure(onto, classes) & targets)})
    assert not untargeted, f"classes written whose nodes no shape targets: {untargeted}"


# ---- shapes check scheme membership against the ontology's schemes --------------------------------

@pytest.mark.parametrize("shape,scheme", [("SpeechActConcept", "ACT"), ("CameoConcept", "CAMEO"),
                                          ("IssueConcept", "ISSUE")])
def test_the_shapes_scheme_lists_are_the_ontology_schemes(onto, shape, scheme):
    shapes = Graph()
    for path in SHAPES_DIR.glob("*.ttl"):
        shapes.parse(path, format="turtle")
    listed = set(Collection(shapes, shapes.value(URIRef("https://w3id.org/readout/shapes#" + shape), SH["in"])))
    spec = next(s for s in ontodoc.SCHEMES if s.class_name == scheme)
    assert listed == set(ontodoc.concepts(onto, spec).values())


def test_a_cameo_code_outside_the_scheme_is_a_violation(bundled_facts):
    from readout.kg import validate

    facts = bundled_facts[sorted(bundled_facts)[4]]
    data = graph_module.article_graph(facts)
    statement, code = next(iter(data.subject_objects(URIRef(RO + "cameoCode"))))
    data.remove((statement, URIRef(RO + "cameoCode"), code))
    data.add((statement, URIRef(RO + "cameoCode"), URIRef("https://w3id.org/readout/cameo/1056")))
    results = validate.shape_results(data, owned=True)
    assert any("CAMEO" in r.message and r.value.endswith("/1056") for r in results)


# ---- a misspelt term in graph.py fails -----------------------------------------------------------

def _graph_module_with(old: str, new: str):
    source = Path(graph_module.__file__).read_text(encoding="utf-8")
    assert old in source
    spec = importlib.util.spec_from_loader("readout_kg_graph_misspelt", loader=None)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        exec(compile(source.replace(old, new, 1), "graph_misspelt.py", "exec"), module.__dict__)
    finally:
        del sys.modules[spec.name]
    return module


def test_a_misspelt_term_in_graph_py_fails_when_it_is_written(bundled_facts):
    facts = next(iter(bundled_facts.values()))
    assert len(_graph_module_with("RO.speechAct", "RO.speechAct").article_graph(facts)) > 100
    misspelt = _graph_module_with("RO.speechAct", "RO.speechAkt")
    with pytest.raises(AttributeError, match="speechAkt"):
        misspelt.article_graph(facts)


def test_a_misspelt_class_in_graph_py_fails_at_import():
    with pytest.raises(AttributeError, match="Spann"):
        _graph_module_with("kind: URIRef = RO.Span)", "kind: URIRef = RO.Spann)")


# ---- readouts on the bundled build -----------------------------------------------------------------

def _rows(store: Path, name: str) -> list[dict[str, str]]:
    table = api.query(store, name)
    return [dict(zip(table.columns, r)) for r in table.values()]


def test_readouts_the_elysee_and_the_kremlin_with_what_macron_and_putin_said(bundled_store):
    found = _rows(bundled_store, "statements-by-readout")
    french = [r for r in found if r["readout"].startswith("readout by") and r["source_side"] == "France"]
    russian = [r for r in found if r["readout"].startswith("readout by") and r["source_side"] == "Russia"]
    assert {r["issuer"] for r in french} >= {"President of France"}
    assert {r["issuer"] for r in russian} >= {"Presidential Administration of Russia"}
    assert any(r["speaker"] == "Emmanuel Macron" and "ceasefire" in r["content"] for r in french)
    assert any(r["speaker"] == "Vladimir Putin" and "territorial realities" in r["content"] for r in russian)
    assert all(r["event"].startswith("PhoneCall 2025-07-01") for r in french + russian)
    assert any(int(r["articles"]) >= 2 for r in french)


def test_readouts_differences_the_kremlin_leaves_out_the_ceasefire_the_elysee_the_realities(bundled_store):
    found = _rows(bundled_store, "readout-differences")
    assert any(r["omission"] == "explicitly omitted" and r["omitted_by_side"] == "Russia"
               and r["issue"] == "ceasefire" for r in found)
    assert any(r["omission"] == "not reported" and r["omitted_by_side"] == "France"
               and r["issue"] == "new territorial realities" and r["readout"].startswith("readout by")
               for r in found)


def test_readouts_are_written_and_grounded(bundled_store):
    table = api.query(bundled_store, sparql="""
        PREFIX ro: <https://w3id.org/readout/ontology#>
        PREFIX gaf: <http://groundedannotationframework.org/gaf#>
        PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
        SELECT DISTINCT ?readout ?anchor WHERE {
          ?readout a ro:Readout ; ro:issuedBy ?issuer ; ro:about ?event .
          ?mention gaf:denotes ?readout ; nif:anchorOf ?anchor .
          ?statement ro:accordingToDocument ?readout ; ro:madeDuring ?event . }""")
    anchors = {anchor for _, anchor in table.values()}
    assert any("Kremlin’s official summary" in a for a in anchors)
    assert any(a.startswith("According to the Élysée Palace") for a in anchors)


# ---- readouts on newsgold dev: gold statements reported through an official statement ------------

def test_newsgold_readouts_carry_the_gold_official_statements(tmp_path_factory):
    """Gold statements whose `according_to` is an official statement or office ("the
    Kremlin statement", "A White House statement", "the White House"): how many a readout
    or official statement carries (the statement at the gold offset's sentence)."""
    import json

    if not (NEWSGOLD / "gold.json").is_file():
        pytest.skip(f"newsgold not found at {NEWSGOLD}")
    official = re.compile(r"statement|white house|kremlin|élysée|elysee|readout", re.I)
    gold = [(a["id"], s) for a in json.loads((NEWSGOLD / "gold.json").read_text(encoding="utf-8"))
            for s in a["statements"] if s.get("according_to") and official.search(s["according_to"])]
    store = tmp_path_factory.mktemp("newsgold") / "store"
    api.build([NEWSGOLD / "texts"], store)
    gc.collect()
    table = api.query(store, sparql="""
        PREFIX ro: <https://w3id.org/readout/ontology#>
        PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT DISTINCT ?article ?start ?end WHERE {
          ?st ro:accordingToDocument ?doc ; ro:reportedIn/dcterms:identifier ?article ;
              ro:sentence [ nif:beginIndex ?start ; nif:endIndex ?end ] . }""")
    carried = [(a, int(s), int(e)) for a, s, e in table.values()]
    found = [g for g in gold if any(a == g[0] and s <= g[1]["offset"] < e for a, s, e in carried)]
    # measured: 2 of the 6 (a Kremlin statement, the White House). Missed: a Kremlin statement
    # quoted as a block with no marker near it (2), "a statement said the leaders agreed"
    # (the statement itself is the speaker, its issuer unnamed), a White House statement whose
    # quotation is given to another speaker. Raise the floor when one of these is fixed.
    assert len(gold) >= 6 and len(found) >= 2, (len(found), len(gold))


def test_readouts_of_two_states_in_one_sentence_do_not_share_their_words():
    """Regression: 'A, B and C opposed the motion' once grounded three official statements
    in the one sentence span, a mention denoting three things."""
    from readout.extract import readouts
    from readout.facts import Article, Entity, Span, Statement

    text = "Arland, Borduria and Carpathia opposed the motion, officials said."
    article = Article(id="t", text=text)
    states = [Entity(key.lower(), key, "country") for key in ("Arland", "Borduria", "Carpathia")]
    cue, sentence = Span.of(text, 31, 38), Span.of(text, 0, len(text))
    said = [Statement(speaker=s, speaker_span=Span.of(text, text.index(s.label), text.index(s.label) + len(s.label)),
                      cue=cue, cue_lemma="oppose", speech_act="deny", content=[Span.of(text, 39, 49)],
                      rule="test", sentence=sentence, joint=True) for s in states]
    found = readouts.find(article, said, [], [])
    markers = [m for r in found for m in r.markers]
    assert len(found) == 3 and len(set(markers)) == len(markers)
    assert all(r.statements for r in found)
