"""The plain data passed between stages: no rdflib below this line.

Every fact carries the `Span`s of text it came from. Offsets are character offsets
into `Article.text` exactly as read (decoded UTF-8), end exclusive, so that
`article.text[span.start:span.end] == span.text` always holds.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Span:
    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> "Span":
        return cls(start, end, text[start:end])


@dataclass
class Article:
    id: str
    text: str
    title: str = ""
    publisher: str = ""
    url: str = ""
    published: str = ""          # ISO 8601 date, or "" when unknown
    language: str = "en"
    path: str = ""               # where it was read from
    body_end: int | None = None  # offset where page furniture (reader comments) begins
    # for text taken out of HTML: (text_start, text_end, source_start, source_end) per
    # paragraph, offsets into `text` and into the HTML as read (see readout.ingest)
    source_map: tuple[tuple[int, int, int, int], ...] = ()

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def in_comments(self, offset: int) -> bool:
        return self.body_end is not None and offset >= self.body_end

    def source_offset(self, offset: int) -> int | None:
        """The offset in the HTML as read of a character of `text`, when it was mapped."""
        for start, end, source_start, source_end in self.source_map:
            if start <= offset < end and end - start == source_end - source_start:
                return source_start + offset - start
            if start <= offset < end:
                return source_start
        return None


@dataclass(frozen=True)
class Entity:
    """An actor, place, body, bloc or concept known to readout (one node across articles)."""
    key: str                     # stable slug, the IRI's last segment
    label: str
    type: str                    # person, country, city, organization, government_body, media, ...
    qid: str = ""                # only for verified gazetteer rows
    country: str = ""            # key of the state it is affiliated with
    memberships: tuple[str, ...] = ()   # keys of blocs a state belongs to


@dataclass(frozen=True)
class Mention:
    span: Span
    entity: Entity
    rule: str                    # how it was resolved: gazetteer-alias, surname, pronoun, title, ...


@dataclass
class Statement:
    speaker: Entity
    speaker_span: Span | None
    cue: Span
    cue_lemma: str
    speech_act: str              # a concept of the speech-act scheme: assert, demand, ...
    content: list[Span]
    rule: str
    sentence: Span
    addressee: Entity | None = None
    addressee_span: Span | None = None
    according_to: Entity | None = None   # the source it is reported through (readout, outlet)
    according_to_span: Span | None = None
    relayed_by: Entity | None = None     # an outlet that relayed the source
    relayed_by_span: Span | None = None
    is_quote: bool = False
    polarity: str = "positive"           # positive | negative
    factuality: str = "certain"          # certain | probable | possible
    confidence: float = 0.5
    reader_comment: bool = False
    joint: bool = False                  # one of several speakers of one cue ("X and Y agreed")
    cameo: str = ""                      # the CAMEO event code of the cue's sense, "" when none fits

    @property
    def content_text(self) -> str:
        return " ".join(s.text for s in self.content)


@dataclass
class EventMention:
    type: str                    # an event class local name: PhoneCall, Meeting, ...
    trigger: Span
    sentence: Span
    participants: list[Entity] = field(default_factory=list)
    initiator: Entity | None = None
    date: str = ""               # ISO 8601: YYYY-MM-DD, YYYY-MM or YYYY
    precision: str = ""          # day | month | year
    date_span: Span | None = None
    duration: str = ""           # xsd:duration, e.g. PT2H
    duration_span: Span | None = None
    rule: str = ""
    previous: "EventMention | None" = None   # an earlier contact this one is said to follow
    time_text: str = ""          # a weekday or vague time phrase kept as written ("Tuesday")
    time_span: Span | None = None
    weekday: int | None = None   # 0 = Monday, when the text names the weekday
    briefed: Entity | None = None            # for a Briefing: who was briefed
    about: "EventMention | None" = None      # for a Briefing: the event it was about
    timing: tuple[str, ...] = ()             # for a Briefing: before and/or after `about`
    place: Entity | None = None              # where it happened ("met in Moscow")
    modality: str = "actual"     # actual | planned | proposed | possible | refused | cancelled | negated
    duration_hedge: str = ""     # "nearly", "over": the duration is approximate or a bound
    first_trigger: int | None = None         # where the event's first mention in the article starts


@dataclass
class Position:
    holder: Entity
    proposition: Span
    stance: str                  # supports | opposes | demands | rejects | ...
    evidence: Statement | None
    rule: str
    attributor: Entity | None = None      # who attributes it; None when the holder states it
    attributed_by_article: bool = False   # the journalist's own voice
    issue: str = ""                       # a concept of the issue scheme
    sentence: Span | None = None          # the sentence the proposition is in


@dataclass
class Readout:
    """An official statement an article reports, issued by an office or a government; a
    readout (an account of a call or meeting) when `event` is the event it is about."""
    issuer: Entity
    markers: list[Span]                   # the words that report it ("the ministry's readout")
    rule: str
    event: EventMention | None = None     # the contact event the issuer's side took part in
    statements: list[Statement] = field(default_factory=list)   # what it says was said


@dataclass
class ArticleFacts:
    article: Article
    mentions: list[Mention] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    events: list[EventMention] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    readouts: list[Readout] = field(default_factory=list)
