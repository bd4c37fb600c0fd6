"""The ontology: well-formed, documented, consistent under HermiT, and in step with the code.

The reasoner tests convert the Turtle with rdflib to N-Triples (owlready2 does not read
Turtle) and reason in a fresh owlready2 World, so nothing global changes.
"""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import owlready2
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib import namespace as ns
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from readout.kg import ontodoc
from readout.kg import vocabulary
from readout.config import GAZETTEER_DIR, LEXICON_DIR, ONTOLOGY_FILE, QUERIES_DIR, SHAPES_DIR
from readout.kg.graph import ENTITY_CLASSES

RO = Namespace(ontodoc.RO_NS)
EX = Namespace("https://example.org/test#")
REPO = Path(__file__).resolve().parents[1]   # the checkout, also when readout is installed
SRC = REPO / "src" / "readout"
DOCS = REPO / "docs"


@pytest.fixture(scope="module")
def onto() -> Graph:
    return ontodoc.load(ONTOLOGY_FILE)


def _tsv(path: Path) -> list[dict]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def _in_scheme(onto: Graph, scheme: str, namespace: str, local: str) -> bool:
    return (URIRef(namespace + local), SKOS.inScheme, URIRef(scheme)) in onto


# ---- the file itself -------------------------------------------------------------------

def test_header_has_version_iri_and_version_info(onto):
    version = onto.value(ontodoc.ONTOLOGY, OWL.versionInfo)
    iri = onto.value(ontodoc.ONTOLOGY, OWL.versionIRI)
    assert version and iri and str(iri) == f"{ontodoc.ONTOLOGY}/{version}"


def test_every_own_term_has_an_english_label_and_definition(onto):
    missing = [local for local, term in ontodoc.own_terms(onto).items()
               if not any(v.language == "en" for v in onto.objects(term, RDFS.label))
               or not any(v.language == "en" for v in onto.objects(term, SKOS.definition))]
    assert not missing, f"terms without an English rdfs:label or skos:definition: {missing}"


def test_each_own_term_has_one_kind(onto):
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    mixed = [local for local, term in ontodoc.own_terms(onto).items()
             if sum((term, RDF.type, k) in onto for k in kinds) != 1]
    assert not mixed


def test_every_concept_is_labelled_defined_and_placed_in_its_scheme(onto):
    for spec in ontodoc.SCHEMES:
        found = ontodoc.concepts(onto, spec)
        assert found, spec.iri
        for local, concept in found.items():
            assert onto.value(concept, SKOS.prefLabel) and onto.value(concept, SKOS.definition), local
            assert (concept, RDF.type, SKOS.Concept) in onto, local
            assert (concept, SKOS.topConceptOf, URIRef(spec.iri)) in onto or onto.value(concept, SKOS.broader)


# ---- the ontology and the code, shapes, queries and data agree ---------------------------

def _used_terms() -> dict[str, set[str]]:
    used: dict[str, set[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        for name in re.findall(r"\bRO\.([A-Za-z_][A-Za-z0-9_]*)", path.read_text(encoding="utf-8")):
            used.setdefault(name, set()).add(path.name)
    for path in [*SHAPES_DIR.glob("*.ttl"), *QUERIES_DIR.rglob("*.rq")]:
        for name in re.findall(r"\bro:([A-Za-z_][A-Za-z0-9_]*)", path.read_text(encoding="utf-8")):
            used.setdefault(name, set()).add(path.name)
    return used


def test_every_term_the_code_shapes_and_queries_use_is_declared(onto):
    declared = ontodoc.own_terms(onto)
    undeclared = {name: sorted(where) for name, where in _used_terms().items() if name not in declared}
    assert not undeclared, f"ro: terms used but not declared in the ontology: {undeclared}"


def test_every_entity_class_the_graph_writes_is_a_declared_class(onto):
    for kind, cls in ENTITY_CLASSES.items():
        assert (cls, RDF.type, OWL.Class) in onto, kind


def test_every_event_type_in_the_triggers_lexicon_is_an_event_class(onto):
    types = {row["type"] for row in _tsv(LEXICON_DIR / "event-triggers.tsv")}
    event_classes = set(onto.transitive_subjects(RDFS.subClassOf, RO.Event))
    assert types and types <= {str(c)[len(ontodoc.RO_NS):] for c in event_classes}, types


def test_every_speech_act_in_the_verbs_lexicon_is_in_the_scheme_and_cameo_agrees(onto):
    act = ontodoc.SCHEMES[0]
    for row in _tsv(LEXICON_DIR / "reporting-verbs.tsv"):
        assert _in_scheme(onto, act.iri, act.namespace, row["speech_act"]), row
        notation = onto.value(URIRef(act.namespace + row["speech_act"]), SKOS.notation)
        if row.get("cameo") and notation:  # CAMEO codes nest by prefix: 1056 is under 10
            assert row["cameo"][:2] == str(notation)[:2], (row, str(notation))


def test_every_issue_in_the_issues_lexicon_is_in_the_scheme(onto):
    issue = ontodoc.SCHEMES[1]
    path = LEXICON_DIR / "issues.tsv"
    if not path.is_file():
        pytest.skip("no issues lexicon yet")
    missing = {row["issue"] for row in _tsv(path)
               if not _in_scheme(onto, issue.iri, issue.namespace, row["issue"])}
    assert not missing


def test_wikidata_links_use_only_verified_gazetteer_qids(onto):
    verified = {row["qid"] for row in _tsv(GAZETTEER_DIR / "wikidata-entities.tsv") if row["qid"]}
    linked = {str(o).rsplit("/", 1)[1] for o in onto.objects()
              if isinstance(o, URIRef) and str(o).startswith("http://www.wikidata.org/entity/")}
    assert linked and linked <= verified, linked - verified
    # validation mixes the ontology in, and the entity-link shape wants Wikidata behind exactMatch
    assert all(str(o).startswith("http://www.wikidata.org/entity/Q") for o in onto.objects(None, SKOS.exactMatch))


def test_factuality_notations_are_exactly_the_values_the_properties_allow(onto):
    allowed = set()
    for prop in (RO.factuality, RO.polarity):
        one_of = onto.value(onto.value(prop, RDFS.range), OWL.oneOf)
        allowed |= {str(v) for v in Collection(onto, one_of)}
    spec = ontodoc.SCHEMES[2]
    notations = {str(onto.value(c, SKOS.notation)) for c in ontodoc.concepts(onto, spec).values()}
    assert allowed == notations == {"certain", "probable", "possible", "positive", "negative"}


def test_the_disjointness_check_query_can_read_the_actor_kinds(onto):
    """queries/checks/entity-disjoint-types-violation.rq reads pairwise owl:disjointWith."""
    pairs = {frozenset(p) for p in onto.subject_objects(OWL.disjointWith)}
    for a, b in [(RO.Person, RO.Organization), (RO.Person, RO.State), (RO.Organization, RO.State),
                 (RO.Actor, RO.Place)]:
        assert frozenset((a, b)) in pairs


def test_competency_questions_name_their_query_and_use_declared_terms(onto):
    text = (DOCS / "competency-questions.md").read_text(encoding="utf-8")
    questions = [part for part in re.split(r"(?m)^## ", text)[1:] if re.match(r"\d+\. ", part)]
    queries = ["positions-attributed", "statements-by-readout", "readout-differences", "agreements",
               "contact-timeline", "briefings", "corroboration", "entities"]
    assert len(questions) == len(queries)
    for question, query in zip(questions, queries):
        assert f"Query: `{query}`" in question and "### Expected answer" in question, query
    declared = ontodoc.own_terms(onto)
    assert not {t for t in re.findall(r"`ro:([A-Za-z]+)`", text) if t not in declared}


# ---- generated files -------------------------------------------------------------------------

def _namespace_terms(cls) -> set[str]:
    # the class's own annotations (a class with none would show those of DefinedNamespace)
    return set(cls.__dict__.get("__annotations__", {})) | set(getattr(cls, "_extras", []))


def test_vocabulary_and_ontology_have_the_same_terms(onto):
    assert _namespace_terms(vocabulary.RO) == set(ontodoc.own_terms(onto))
    for spec in ontodoc.SCHEMES:
        assert _namespace_terms(getattr(vocabulary, spec.class_name)) == set(ontodoc.concepts(onto, spec))


def test_vocabulary_is_closed():
    assert vocabulary.RO.Statement == RO.Statement
    assert vocabulary.ACT["call-for"] == URIRef("https://w3id.org/readout/speech-act/call-for")
    with pytest.raises(AttributeError):
        vocabulary.RO.Statment  # noqa: B018  (misspelt on purpose)


def test_vocabulary_py_is_what_the_ontology_generates(onto):
    expected = ontodoc.render_vocabulary(onto)
    assert (SRC / "kg" / "vocabulary.py").read_text(encoding="utf-8") == expected, \
        "src/readout/kg/vocabulary.py is out of date: run `readout ontology-doc`"


def test_ontology_md_is_up_to_date(onto):
    expected = ontodoc.render_markdown(onto)
    assert (DOCS / "ontology.md").read_text(encoding="utf-8") == expected, \
        "docs/ontology.md is out of date: run `readout ontology-doc`"


def test_ontology_md_documents_every_term_with_its_domain_range_and_alignment(onto):
    page = ontodoc.render_markdown(onto)
    for local in ontodoc.own_terms(onto):
        assert f"### ro:{local}\n" in page, local
    speaker = page.split("### ro:speaker\n", 1)[1].split("###", 1)[0]
    assert "Domain: `ro:Statement`" in speaker and "Range: `ro:Actor`" in speaker
    assert "`prov:wasAttributedTo`" in speaker
    assert "one of \"certain\", \"probable\", \"possible\"" in page.split("### ro:factuality\n", 1)[1]


def test_a_stale_page_is_reported_and_rewritten(onto, tmp_path):
    page, vocab = tmp_path / "ontology.md", tmp_path / "vocabulary.py"
    expected = ontodoc.outputs(onto, page, vocab)
    page.write_text("old\n", encoding="utf-8")
    assert ontodoc.stale(expected) == [page, vocab]
    assert ontodoc.write(expected) == [page, vocab]
    assert ontodoc.stale(expected) == []


# ---- the reasoner (owlready2 + HermiT, Java) ----------------------------------------------------

def _world(graph: Graph) -> owlready2.World:
    world = owlready2.World()
    ntriples = graph.serialize(format="nt", encoding="utf-8")
    world.get_ontology(str(ontodoc.ONTOLOGY)).load(fileobj=io.BytesIO(ntriples), format="ntriples")
    return world


def _reason(world: owlready2.World) -> None:
    owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)


@pytest.fixture(scope="module")
def reasoned(onto):
    world = _world(onto)
    _reason(world)
    return world


def test_owlready2_loads_every_declared_class(onto):
    world = _world(onto)
    declared = {s for s in onto.subjects(RDF.type, OWL.Class) if isinstance(s, URIRef)}
    loaded = {c.iri for c in world.classes()}
    assert len(declared) > 30 and loaded == {str(c) for c in declared}


def test_the_ontology_is_consistent_and_every_class_satisfiable(reasoned):
    assert list(reasoned.inconsistent_classes()) == []


def test_reasoning_infers_through_the_alignment(onto):
    graph = Graph() + onto
    graph.add((EX.macron, RDF.type, OWL.NamedIndividual))
    graph.add((EX.macron, RDF.type, RO.Person))
    world = _world(graph)
    _reason(world)
    ancestors = {c.iri for c in world[str(EX.macron)].INDIRECT_is_a if hasattr(c, "iri")}
    assert {str(RO.Actor), "http://semanticweb.cs.vu.nl/2009/11/sem/Actor",
            "http://www.w3.org/ns/prov#Agent", "https://schema.org/Person"} <= ancestors


def _individual(graph: Graph, node, *classes):
    graph.add((node, RDF.type, OWL.NamedIndividual))
    for cls in classes:
        graph.add((node, RDF.type, cls))


def _person_and_organisation(g):
    _individual(g, EX.x, RO.Person, RO.Organization)


def _place_as_speaker(g):
    _individual(g, EX.st, RO.Statement)
    _individual(g, EX.city, RO.Place)
    g.add((EX.st, RO.speaker, EX.city))


def _two_speakers(g):
    _individual(g, EX.st, RO.Statement)
    _individual(g, EX.a, RO.Person)
    _individual(g, EX.b, RO.Person)
    g.add((EX.a, OWL.differentFrom, EX.b))
    g.add((EX.st, RO.speaker, EX.a))
    g.add((EX.st, RO.speaker, EX.b))


def _two_polarities(g):
    _individual(g, EX.st, RO.Statement)
    g.add((EX.st, RO.polarity, Literal("positive")))
    g.add((EX.st, RO.polarity, Literal("negative")))


def _unknown_factuality(g):
    _individual(g, EX.st, RO.Statement)
    g.add((EX.st, RO.factuality, Literal("maybe")))


def _confidence_above_one(g):
    _individual(g, EX.st, RO.Statement)
    g.add((EX.st, RO.confidence, Literal("1.5", datatype=ns.XSD.decimal)))


def _event_before_itself(g):
    _individual(g, EX.call, RO.PhoneCall)
    g.add((EX.call, RO.previousContact, EX.call))


def _statement_that_is_a_span(g):
    _individual(g, EX.x, RO.Statement, RO.Mention)


VIOLATIONS = [_person_and_organisation, _place_as_speaker, _two_speakers, _two_polarities,
              _unknown_factuality, _confidence_above_one, _event_before_itself, _statement_that_is_a_span]


@pytest.mark.parametrize("violation", VIOLATIONS, ids=lambda f: f.__name__.strip("_"))
def test_the_reasoner_catches_an_individual_that_breaks_an_axiom(onto, violation):
    graph = Graph() + onto
    violation(graph)
    world = _world(graph)
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        _reason(world)


def test_a_well_formed_statement_is_consistent(onto):
    graph = Graph() + onto
    _individual(graph, EX.st, RO.Statement)
    _individual(graph, EX.a, RO.Person)
    _individual(graph, EX.art, RO.Article)
    for p, o in [(RO.speaker, EX.a), (RO.reportedIn, EX.art), (RO.polarity, Literal("negative")),
                 (RO.factuality, Literal("probable")),
                 (RO.confidence, Literal("0.9", datatype=ns.XSD.decimal))]:
        graph.add((EX.st, p, o))
    _reason(_world(graph))  # raises if inconsistent


def test_reasoning_leaves_the_default_world_alone(onto):
    before = len(list(owlready2.default_world.classes()))
    _reason(_world(onto))
    assert len(list(owlready2.default_world.classes())) == before


def test_no_blank_node_ranges_outside_owl_2_datatypes(onto):
    """HermiT rejects xsd:date, xsd:gYear and xsd:duration, so those stay in definitions and shapes."""
    unsupported = {ns.XSD.date, ns.XSD.gYear, ns.XSD.gYearMonth, ns.XSD.duration}
    used = {o for o in onto.objects() if o in unsupported}
    assert not used
    assert all(not isinstance(r, BNode) or onto.value(r, RDF.type) == RDFS.Datatype
               for r in onto.objects(None, RDFS.range))


def test_a_broken_ontology_file_is_a_clear_input_error(tmp_path):
    from readout.errors import InputError

    broken = tmp_path / "readout.ttl"
    broken.write_text("@prefix ro: <https://w3id.org/readout/ontology#> .\nro:Actor a \n", encoding="utf-8")
    with pytest.raises(InputError, match="cannot read the ontology") as err:
        ontodoc.load(broken)
    assert "\n" not in str(err.value).strip()


def test_ontology_doc_check_exits_1_on_a_stale_page_and_writes_nothing(tmp_path):
    from click.testing import CliRunner

    from readout.cli import main

    page, vocab = tmp_path / "ontology.md", tmp_path / "vocabulary.py"
    args = ["ontology-doc", "--out", str(page), "--vocabulary", str(vocab)]
    result = CliRunner().invoke(main, [*args, "--check"])
    assert result.exit_code == 1 and not page.exists()
    assert CliRunner().invoke(main, args).exit_code == 0 and page.is_file() and vocab.is_file()
    assert CliRunner().invoke(main, [*args, "--check"]).exit_code == 0
