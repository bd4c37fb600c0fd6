"""The readout ontology's terms as closed namespaces: a misspelt term fails at once.

Generated from ontology/readout.ttl by `readout ontology-doc`; do not edit by hand.
tests/test_ontology.py fails when this file and the ontology disagree.
"""
from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class RO(DefinedNamespace):
    """readout ontology 0.3.0: classes and properties."""

    _fail = True
    _NS = Namespace("https://w3id.org/readout/ontology#")

    about: URIRef  # about
    accordingTo: URIRef  # according to
    accordingToDocument: URIRef  # according to document
    accordingToSpan: URIRef  # according-to span
    Actor: URIRef  # actor
    addressee: URIRef  # addressee
    addresseeSpan: URIRef  # addressee span
    affiliatedWith: URIRef  # affiliated with
    Article: URIRef  # article
    AttributedPosition: URIRef  # attributed position
    attributor: URIRef  # attributor
    Briefing: URIRef  # briefing
    cameoCode: URIRef  # CAMEO code
    Ceasefire: URIRef  # ceasefire
    Coalition: URIRef  # bloc or coalition
    commentsBeginAt: URIRef  # comments begin at
    Concept: URIRef  # concept
    confidence: URIRef  # confidence
    Conflict: URIRef  # conflict
    Contact: URIRef  # contact
    content: URIRef  # content
    contentBeginIndex: URIRef  # content begin index
    contentEndIndex: URIRef  # content end index
    contentOffsets: URIRef  # content offsets
    contentText: URIRef  # content text
    cue: URIRef  # cue
    cueBeginIndex: URIRef  # cue begin index
    cueEndIndex: URIRef  # cue end index
    cueLemma: URIRef  # cue lemma
    cueText: URIRef  # cue text
    date: URIRef  # date
    datePrecision: URIRef  # date precision
    dateSpan: URIRef  # date span
    duration: URIRef  # duration
    durationHedge: URIRef  # duration hedge
    durationSpan: URIRef  # duration span
    Election: URIRef  # election
    Event: URIRef  # event
    EventMention: URIRef  # event mention
    evidence: URIRef  # evidence
    ExtractionActivity: URIRef  # extraction activity
    factuality: URIRef  # factuality
    follows: URIRef  # follows
    GovernmentBody: URIRef  # government body
    Group: URIRef  # group
    heldAt: URIRef  # held at
    holder: URIRef  # holder
    initiator: URIRef  # initiator
    isQuote: URIRef  # is quote
    isReaderComment: URIRef  # is reader comment
    issue: URIRef  # issue
    issuedBy: URIRef  # issued by
    LegislativeDecision: URIRef  # legislative decision
    madeDuring: URIRef  # made during
    MediaOutlet: URIRef  # media outlet
    Meeting: URIRef  # meeting or visit
    memberOf: URIRef  # member of
    Mention: URIRef  # mention
    MilitaryAction: URIRef  # military action
    modality: URIRef  # modality
    NamedEvent: URIRef  # named event
    Negotiation: URIRef  # negotiation
    office: URIRef  # office
    OfficialStatement: URIRef  # official statement
    Organization: URIRef  # organization
    participant: URIRef  # participant
    Person: URIRef  # person
    PhoneCall: URIRef  # phone call
    Place: URIRef  # place
    place: URIRef  # place
    polarity: URIRef  # polarity
    Position: URIRef  # position
    previousContact: URIRef  # previous contact
    proposition: URIRef  # proposition
    propositionText: URIRef  # proposition text
    publisherName: URIRef  # publisher name
    Readout: URIRef  # readout
    relayedBy: URIRef  # relayed by
    relayedBySpan: URIRef  # relayed-by span
    reportedIn: URIRef  # reported in
    RoleAssignment: URIRef  # role assignment
    roleHolder: URIRef  # role holder
    roleTitle: URIRef  # role title
    rule: URIRef  # rule
    sameClaimAs: URIRef  # same claim as
    sentence: URIRef  # sentence
    side: URIRef  # side
    Span: URIRef  # span
    speaker: URIRef  # speaker
    speakerBeginIndex: URIRef  # speaker begin index
    speakerEndIndex: URIRef  # speaker end index
    speakerSpan: URIRef  # speaker span
    speechAct: URIRef  # speech act
    stance: URIRef  # stance
    State: URIRef  # state
    Statement: URIRef  # statement
    target: URIRef  # target
    textSha256: URIRef  # text SHA-256
    timeSpan: URIRef  # time span
    timeText: URIRef  # time text
    timing: URIRef  # timing
    titleSpan: URIRef  # title span
    Treaty: URIRef  # treaty
    trigger: URIRef  # trigger
    UnnamedSource: URIRef  # unnamed source
    VideoCall: URIRef  # video call
    weekday: URIRef  # weekday
    writtenOnlyByUsers: URIRef  # written only by users


class NIF(DefinedNamespace):
    """Terms of <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> the ontology declares."""

    _fail = True
    _NS = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")

    anchorOf: URIRef  # anchor of
    beginIndex: URIRef  # begin index
    Context: URIRef  # Context
    endIndex: URIRef  # end index
    isString: URIRef  # is string
    referenceContext: URIRef  # reference context
    String: URIRef  # String


class GAF(DefinedNamespace):
    """Terms of <http://groundedannotationframework.org/gaf#> the ontology declares."""

    _fail = True
    _NS = Namespace("http://groundedannotationframework.org/gaf#")

    denotedBy: URIRef  # denoted by
    denotes: URIRef  # denotes


class ACT(DefinedNamespace):
    """Concepts of the scheme <https://w3id.org/readout/speech-act> (labels in the ontology)."""

    _fail = True
    _NS = Namespace("https://w3id.org/readout/speech-act/")
    _extras = [
        "assert",
        "call-for",
    ]

    accuse: URIRef
    agree: URIRef
    ask: URIRef
    believe: URIRef
    demand: URIRef
    deny: URIRef
    describe: URIRef
    inform: URIRef
    propose: URIRef
    reaffirm: URIRef
    warn: URIRef


class ISSUE(DefinedNamespace):
    """Concepts of the scheme <https://w3id.org/readout/issue> (labels in the ontology)."""

    _fail = True
    _NS = Namespace("https://w3id.org/readout/issue/")
    _extras = [
        "european-security",
        "gaza-war",
        "iaea-inspections",
        "iran-israel-war",
        "iran-nuclear-programme",
        "military-aid",
        "nato-expansion",
        "new-territorial-realities",
        "peace-negotiations",
        "security-interests",
        "territorial-integrity",
        "ukraine-war",
    ]

    ceasefire: URIRef
    npt: URIRef
    sanctions: URIRef


class FACTUALITY(DefinedNamespace):
    """Concepts of the scheme <https://w3id.org/readout/factuality> (labels in the ontology)."""

    _fail = True
    _NS = Namespace("https://w3id.org/readout/factuality/")

    certain: URIRef
    negative: URIRef
    positive: URIRef
    possible: URIRef
    probable: URIRef


class CAMEO(DefinedNamespace):
    """Concepts of the scheme <https://w3id.org/readout/cameo> (labels in the ontology)."""

    _fail = True
    _NS = Namespace("https://w3id.org/readout/cameo/")
    _extras = [
        "010",
        "020",
        "030",
        "051",
        "052",
        "100",
        "110",
        "111",
        "112",
        "120",
        "130",
    ]

