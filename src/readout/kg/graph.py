"""Facts -> RDF: the only module that writes triples.

One rdflib Graph per article. Spans are NIF strings whose `nif:referenceContext` is the
article itself (a `nif:Context` holding the full text in `nif:isString`), so that a
validator can check every anchor against the text it claims to quote.

Every term written is a term of a closed namespace: the ontology's own (`vocabulary.RO`
and its concept schemes, generated from the ontology), the reused terms the ontology
declares (`vocabulary.NIF`, `vocabulary.GAF`) or rdflib's closed W3C namespaces. A
misspelt term raises at once; tests/test_agreement.py checks the rest against the ontology.
"""
from __future__ import annotations

from decimal import Decimal

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SDO as SCHEMA, SKOS, XSD

from readout import __version__, entitytypes
from readout.extract import sides
from readout.facts import ArticleFacts, Entity, EventMention, Position, Readout, Span, Statement
from readout.kg import iris
from readout.kg.iris import ID
from readout.kg.vocabulary import ACT, CAMEO, GAF, ISSUE, NIF, RO
from readout.link.gazetteer import default

PREFIXES = {"ro": RO, "rid": ID, "act": ACT, "issue": ISSUE, "cameo": CAMEO, "wd": iris.WD,
            "nif": NIF, "schema": SCHEMA, "gaf": GAF, "prov": PROV, "dcterms": DCTERMS, "skos": SKOS,
            "owl": OWL, "rdfs": RDFS, "xsd": XSD}

# entity type -> ontology class, from the one type table (data/lexicons/entity-types.tsv)
ENTITY_CLASSES = {name: RO[cls] for name, cls in entitytypes.classes().items()}


# the terms every span writes, looked up once (a closed namespace's look-up is a Python call)
_TYPE, _BEGIN, _END, _ANCHOR, _CONTEXT = RDF.type, NIF.beginIndex, NIF.endIndex, NIF.anchorOf, NIF.referenceContext
_OFFSET, _LABEL = XSD.nonNegativeInteger, RDFS.label


def new_graph() -> Graph:
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, Namespace(str(namespace)), replace=True)
    return graph


def article_graph(facts: ArticleFacts) -> Graph:
    """All triples extracted from one article, as an rdflib Graph."""
    return new_graph().parse(data=article_ntriples(facts)[0], format="nt")


def article_ntriples(facts: ArticleFacts) -> tuple[str, int]:
    """All triples extracted from one article as N-Triples text (one line each, no blank
    nodes, each triple once) and their count: what the build stores and validates, written
    straight from the facts (no rdflib Graph is built and serialised)."""
    text, count, _ = article_terms(facts)
    return text, count


def article_terms(facts: ArticleFacts) -> tuple[str, int, list[tuple[str, str, str]]]:
    """`article_ntriples`, and each line's three terms as written there: the shapes index
    them instead of parsing the text again: each literal is written in the canonical form
    `readout.kg.ntriples.parse` gives it, so the terms are that parse's."""
    writer = _Writer(facts)
    writer.article()
    for mention in facts.mentions:
        writer.mention(mention.span, mention.entity, mention.rule)
    for statement in facts.statements:
        writer.statement(statement)
    for event in facts.events:
        writer.event(event)
    for position in facts.positions:
        writer.position(position)
    for readout in facts.readouts:
        writer.readout(readout)
    return "".join(writer.lines), len(writer.lines), list(writer.lines.values())


class _Base:
    """The article, its spans, mentions and entities: what every other fact points to."""

    def __init__(self, facts: ArticleFacts):
        self.facts = facts
        self.article_id = facts.article.id
        self.article_iri = iris.article(self.article_id)
        self.activity = iris.activity("readout-extraction", __version__)
        # N-Triples lines in the order written, each once, with its three terms
        self.lines: dict[str, tuple[str, str, str]] = {}
        self.labelled: set[URIRef] = set()
        self.described: dict[URIRef, URIRef] = {}    # entity node -> the class it was given
        # what span() and _related() returned for their arguments: asked again, they would
        # write only lines already written
        self.spans: dict[tuple, URIRef] = {}
        self.related: dict[tuple[str, bool], URIRef] = {}

    def add(self, s: URIRef, p: URIRef, o: URIRef):
        """A triple whose object is an IRI (every subject and object IRI comes from `iris`
        or a closed namespace, both made of characters N-Triples takes as they are); a
        literal goes through `lit`."""
        if isinstance(o, Literal):
            raise TypeError(f"{p}: a literal object is written with lit(), not add()")
        terms = (f"<{s}>", f"<{p}>", f"<{o}>")
        self.lines[f"{terms[0]} {terms[1]} {terms[2]} .\n"] = terms

    def lit(self, s: URIRef, p: URIRef, value, datatype: URIRef | None = None):
        """A triple whose object is a literal, written as rdflib writes `Literal(value,
        datatype=datatype)` in N-Triples (tests/test_graph_ntriples.py holds it to that)."""
        if str.__eq__(p, _LABEL):      # (URIRef's own == is a Python method: slow here)
            self.labelled.add(s)
        if isinstance(value, bool):
            value, datatype = "true" if value else "false", datatype or XSD.boolean
        elif isinstance(value, int):
            value, datatype = str(value), datatype or XSD.integer
        elif not isinstance(value, str):
            value = str(value)       # a Decimal: its str() is its lexical form
        elif datatype is not None:   # rdflib's lexical form (it writes "PT90M" as "PT1H30M")
            value = str(Literal(value, datatype=datatype))
        quoted = value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"').replace("\r", "\\r")
        terms = (f"<{s}>", f"<{p}>", f'"{quoted}"^^<{datatype}>' if datatype else f'"{quoted}"')
        self.lines[f"{terms[0]} {terms[1]} {terms[2]} .\n"] = terms

    def article(self):
        art, a = self.facts.article, self.article_iri
        self.add(a, RDF.type, RO.Article)
        self.add(a, RDF.type, NIF.Context)
        self.lit(a, DCTERMS.identifier, art.id)
        self.lit(a, DCTERMS.title, art.title)
        self.lit(a, NIF.isString, art.text)
        self.lit(a, RO.textSha256, art.sha256)
        self.lit(a, DCTERMS.language, art.language)
        if art.publisher:
            self.lit(a, RO.publisherName, art.publisher)
        if art.url:
            self.lit(a, SCHEMA.url, art.url, datatype=XSD.anyURI)
        if art.published:
            self.lit(a, DCTERMS.issued, *_date_literal(art.published))
        if art.body_end is not None:
            self.lit(a, RO.commentsBeginAt, art.body_end, datatype=XSD.nonNegativeInteger)
        self.add(self.activity, RDF.type, PROV.Activity)
        self.add(self.activity, RDF.type, RO.ExtractionActivity)
        self.lit(self.activity, RDFS.label, f"readout {__version__} extraction")

    def span(self, span: Span, kind: URIRef = RO.Span) -> URIRef:
        key = (span.start, span.end, span.text, kind)
        if key in self.spans:
            return self.spans[key]
        node = self.spans[key] = iris.span(self.article_id, span.start, span.end)
        self.add(node, _TYPE, kind)
        self.lit(node, _BEGIN, span.start, datatype=_OFFSET)
        self.lit(node, _END, span.end, datatype=_OFFSET)
        self.lit(node, _ANCHOR, span.text)
        self.add(node, _CONTEXT, self.article_iri)
        return node

    def entity(self, entity: Entity) -> URIRef:
        node, kind = iris.entity(entity.key), ENTITY_CLASSES.get(entity.type, RO.Actor)
        if self.described.setdefault(node, kind) != kind:
            return node     # one class per entity: a typo ("Name“s") can give one key two types
        if node not in self.labelled:      # and one non-empty label
            self.add(node, RDF.type, kind)
            self.lit(node, RDFS.label, entity.label if entity.label.strip() else entity.key)
        if entity.qid:
            self.add(node, SKOS.exactMatch, iris.wikidata(entity.qid))
        if entity.country and entity.country != entity.key:
            self.add(node, RO.affiliatedWith, self._related(entity.country, sides=True))
        for bloc in entity.memberships:
            self.add(node, RO.memberOf, self._related(bloc))
        side = sides.side_key(entity, default())
        if side:
            self.add(node, RO.side, node if side == entity.key else self._related(side, sides=True))
        return node

    def _related(self, key: str, sides: bool = False) -> URIRef:
        """The node of a gazetteer state or bloc an entity points to, typed, labelled and
        linked, so that each article's graph can tell an actor's side on its own."""
        from readout.link.gazetteer import default

        if (key, sides) in self.related:
            return self.related[key, sides]
        node, known = iris.entity(key), default().get(key)
        self.related[key, sides] = node
        if known is not None:
            self.add(node, RDF.type, ENTITY_CLASSES.get(known.type, RO.Actor))
            self.lit(node, RDFS.label, known.label)
            if known.qid:
                self.add(node, SKOS.exactMatch, iris.wikidata(known.qid))
            for bloc in known.memberships if sides else ():
                self.add(node, RO.memberOf, self._related(bloc))
        return node

    def mention(self, span: Span, entity: Entity, rule: str) -> URIRef:
        node = self.span(span, RO.Mention)
        target = self.entity(entity)
        self.add(node, GAF.denotes, target)
        self.lit(node, RO.rule, rule)
        return node



class _Writer(_Base):
    """Statements, events, positions and readouts."""

    def statement(self, st: Statement):
        node = _statement_iri(self.article_id, st)
        self.add(node, RDF.type, RO.Statement)
        self.add(node, RO.reportedIn, self.article_iri)
        self.add(node, RO.speaker, self.entity(st.speaker))
        if st.speaker_span is not None:
            self.add(node, RO.speakerSpan, self.span(st.speaker_span))
            self.lit(node, RO.speakerBeginIndex, st.speaker_span.start, datatype=_OFFSET)
            self.lit(node, RO.speakerEndIndex, st.speaker_span.end, datatype=_OFFSET)
        self.add(node, RO.cue, self.span(st.cue))
        self.lit(node, RO.cueLemma, st.cue_lemma)
        # the spans' offsets copied onto the statement, for queries over every statement
        self.lit(node, RO.cueText, st.cue.text)
        self.lit(node, RO.cueBeginIndex, st.cue.start, datatype=_OFFSET)
        self.lit(node, RO.cueEndIndex, st.cue.end, datatype=_OFFSET)
        self.add(node, RO.speechAct, ACT[st.speech_act])
        if st.cameo:
            self.add(node, RO.cameoCode, CAMEO[st.cameo])
        for piece in st.content:
            self.add(node, RO.content, self.span(piece))
        self.lit(node, RO.contentText, st.content_text)
        pieces = sorted({(piece.start, piece.end) for piece in st.content})
        if pieces:
            self.lit(node, RO.contentBeginIndex, pieces[0][0], datatype=_OFFSET)
            self.lit(node, RO.contentEndIndex, max(end for _, end in pieces), datatype=_OFFSET)
            self.lit(node, RO.contentOffsets, ";".join(f"{start}-{end}" for start, end in pieces))
        self.add(node, RO.sentence, self.span(st.sentence))
        if st.addressee is not None:
            self.add(node, RO.addressee, self.entity(st.addressee))
            if st.addressee_span is not None:
                self.add(node, RO.addresseeSpan, self.span(st.addressee_span))
        if st.according_to is not None:
            self.add(node, RO.accordingTo, self.entity(st.according_to))
            if st.according_to_span is not None:
                self.add(node, RO.accordingToSpan, self.span(st.according_to_span))
        if st.relayed_by is not None:
            self.add(node, RO.relayedBy, self.entity(st.relayed_by))
            if st.relayed_by_span is not None:
                self.add(node, RO.relayedBySpan, self.span(st.relayed_by_span))
        self.lit(node, RO.isQuote, st.is_quote)
        self.lit(node, RO.polarity, st.polarity)
        self.lit(node, RO.factuality, st.factuality)
        # a Decimal, not a float: a float-valued xsd:decimal literal fails sh:datatype in pyshacl
        self.lit(node, RO.confidence, Decimal(str(round(st.confidence, 3))), datatype=XSD.decimal)
        self.lit(node, RO.isReaderComment, st.reader_comment)
        self.lit(node, RO.rule, st.rule)
        self.add(node, PROV.wasGeneratedBy, self.activity)
        return node

    def event(self, ev: EventMention):
        mention = iris.event_mention(self.article_id, ev.trigger.start, ev.trigger.end)
        node = _event_iri(ev, self.article_id)
        self.add(node, RDF.type, RO[ev.type])
        self.add(node, GAF.denotedBy, mention)
        self.add(mention, RDF.type, RO.EventMention)
        self.add(mention, RO.trigger, self.span(ev.trigger))
        self.add(mention, RO.sentence, self.span(ev.sentence))
        self.add(mention, RO.reportedIn, self.article_iri)
        self.lit(mention, RO.rule, ev.rule)
        for p in ev.participants:
            self.add(node, RO.participant, self.entity(p))
        if ev.initiator is not None:
            self.add(node, RO.initiator, self.entity(ev.initiator))
        if ev.date:
            self.lit(node, RO.date, *_date_literal(ev.date))
            self.lit(node, RO.datePrecision, ev.precision)
        if ev.duration:
            self.lit(node, RO.duration, ev.duration, datatype=XSD.duration)
            if ev.duration_hedge:
                self.lit(node, RO.durationHedge, ev.duration_hedge)
        self.lit(node, RO.modality, ev.modality)
        for prop, span in ((RO.dateSpan, ev.date_span), (RO.durationSpan, ev.duration_span),
                           (RO.timeSpan, ev.time_span)):
            if span is not None:
                self.add(mention, prop, self.span(span))
        if ev.time_text:
            self.lit(mention, RO.timeText, ev.time_text)
        if ev.weekday is not None:
            self.lit(mention, RO.weekday, ev.weekday, datatype=XSD.nonNegativeInteger)
        if ev.previous is not None:
            self.add(node, RO.previousContact, _event_iri(ev.previous, self.article_id))
        if ev.briefed is not None:
            self.add(node, RO.target, self.entity(ev.briefed))
        if ev.about is not None:
            self.add(node, RO.about, _event_iri(ev.about, self.article_id))
        for timing in ev.timing:
            self.lit(node, RO.timing, timing)
        if ev.place is not None:
            self.add(node, RO.place, self.entity(ev.place))
        return node

    def position(self, pos: Position):
        holder = self.entity(pos.holder)
        node = iris.position(self.article_id, pos.proposition.start, pos.proposition.end, pos.holder.key,
                             pos.attributor.key if pos.attributor is not None else "")
        self.add(node, RDF.type, RO.AttributedPosition if pos.attributor or pos.attributed_by_article
                 else RO.Position)
        self.add(node, RO.holder, holder)
        self.add(node, RO.proposition, self.span(pos.proposition))
        self.lit(node, RO.propositionText, pos.proposition.text)
        self.lit(node, RO.stance, pos.stance)
        self.add(node, RO.reportedIn, self.article_iri)
        self.lit(node, RO.rule, pos.rule)
        if pos.attributor is not None:
            self.add(node, RO.attributor, self.entity(pos.attributor))
        if pos.attributed_by_article:
            self.add(node, RO.attributor, self.article_iri)
        if pos.issue:
            self.add(node, RO.issue, ISSUE[pos.issue])
        if pos.sentence is not None:
            self.add(node, RO.sentence, self.span(pos.sentence))
        if pos.evidence is not None:
            self.add(node, RO.evidence, _statement_iri(self.article_id, pos.evidence))
        return node

    def readout(self, ro: Readout):
        """An official statement: a readout when it is about an event. One node across
        articles (issuer and event); each article grounds it in the words that report it."""
        about = _event_iri(ro.event, self.article_id) if ro.event is not None else None
        node = iris.readout(ro.issuer.key, str(about or ""), "" if about else self.article_id)
        self.add(node, RDF.type, RO.Readout if about else RO.OfficialStatement)
        self.add(node, RO.issuedBy, self.entity(ro.issuer))
        if about is not None:
            self.add(node, RO.about, about)
        for marker in ro.markers:
            mention = self.span(marker, RO.Mention)
            self.add(mention, GAF.denotes, node)
            self.lit(mention, RO.rule, ro.rule)
        participants = {p.key for p in ro.event.participants} if ro.event is not None else set()
        for st in ro.statements:
            statement = _statement_iri(self.article_id, st)
            self.add(statement, RO.accordingToDocument, node)
            if about is not None and st.speaker.key in participants:
                self.add(statement, RO.madeDuring, about)
        return node


def split_descriptions(ntriples: str) -> tuple[str, str]:
    """An article graph's N-Triples without its entity descriptions, and those descriptions.

    `article_graph` describes every entity it mentions (type, label, Wikidata link,
    affiliation, blocs) so that the shapes can check one article on its own. The store
    keeps each description once, in `iris.ENTITIES_GRAPH`: repeated in every article graph,
    a union default graph (Oxigraph's) returns it once per graph, and each join of
    descriptions multiplies the rows. (An event is described by the articles that tell it,
    each in its own words: its description stays in the article graph.)
    """
    article, descriptions, entity = [], [], "<" + iris.ENTITY_PREFIX
    for line in ntriples.split("\n"):   # (N-Triples lines end at \n only)
        if line.strip():
            (descriptions if line.startswith(entity) else article).append(line)
    return "\n".join(article) + "\n", "\n".join(descriptions) + "\n"


def corpus_graph(links) -> Graph:
    """The cross-article graph from `readout.corpus.links`: joined events, same claims."""
    graph = new_graph()
    for join in links.events:
        dated, undated = URIRef(join.dated), URIRef(join.undated)
        graph.add((undated, OWL.sameAs, dated))
        for mention in join.mentions:
            graph.add((dated, GAF.denotedBy, URIRef(mention)))
    for statement, representative in links.same_claims:
        graph.add((URIRef(statement), RO.sameClaimAs, URIRef(representative)))
    return graph


def _statement_iri(article_id: str, st: Statement) -> URIRef:
    return iris.statement(article_id, st.cue.start, st.cue.end, st.speaker.key if st.joint else "")


def _event_iri(ev: EventMention, article_id: str) -> URIRef:
    # A briefing before an event and one after it are two briefings: the timing is part
    # of the identity key (briefings have no date of their own). An undated event is its
    # article's own (iris.event); the corpus step joins it to a dated one on evidence.
    keys = [p.key for p in ev.participants] + [f"timing:{t}" for t in ev.timing]
    start = ev.first_trigger if ev.first_trigger is not None else ev.trigger.start
    return iris.event(ev.type, keys, ev.date, "" if ev.date else article_id, start, ev.modality)


def _date_literal(value: str) -> tuple[str, URIRef]:
    if len(value) == 4:
        return value, XSD.gYear
    if len(value) == 7:
        return value, XSD.gYearMonth
    return value[:10], XSD.date
