"""Event mentions, their participants, roles and time, and briefings about them.

Triggers come from `data/lexicons/event-triggers.tsv`, role words from
`data/lexicons/event-roles.tsv`. Rules, each recorded on the mention:

- participants are the people in the trigger's phrase ("a call between X and Y",
  "X's call with Y") and the subject of the verb that takes it ("X held a call with Y");
- mentions of one article are grouped into one event when their types agree (the
  generic Contact agrees with any type), their participants fit and their dates do not
  conflict; a mention naming fewer than two people ("the call, initiated by X") joins the
  latest such event or is dropped;
- the event's date is a date phrase attached to the trigger or its verb, normalised by
  `readout.timex`; a weekday is resolved against the publication date, else against the
  date the article states for the same event, else kept as text for the corpus step;
- a date phrase with a "when" clause dates the clause's event ("since April 2024, when X
  and Y held talks");
- "first ... since DATE" yields an earlier Contact between the same participants at DATE;
- "X briefed Y", "Y was notified", "keeping Y informed" yield a Briefing about the event;
  a passive without agent takes as briefer the subject of a coordinated clause who took
  part in the event ("Y was notified ..., and X had a follow-up conversation with him").
"""
from __future__ import annotations

import csv
import functools
from dataclasses import dataclass, field

from readout.extract import timex
from readout.config import LEXICON_DIR
from readout.facts import Article, Entity, EventMention, Span
from readout.extract.mentions import MentionIndex

PARTICIPANT_TYPES = {"person"}
PLACE_TYPES = {"city", "region", "country"}
PLACE_PREPS = {"in", "at"}
GENERIC = "Contact"
# The kinds of Contact in the ontology (ro:PhoneCall, ro:Meeting, ro:Negotiation are
# subclasses of ro:Contact): only these may be the same event as a generic Contact mention.
CONTACT_KINDS = {"Contact", "PhoneCall", "Meeting", "Negotiation"}
SUBJECTS = {"nsubj", "nsubjpass"}
OBJECT_DEPS = {"dobj", "attr", "nsubjpass", "oprd"}
PRONOUNS = {"him", "her", "them", "he", "she", "they"}
NOT_EVENT_DATE = {"since", "until", "till", "before", "after", "by", "from", "prior", "ahead"}


@dataclass(frozen=True)
class Trigger:
    lemma: str
    pos: str
    type: str
    needs: tuple[str, ...]
    subject_initiates: bool = False


def _rows(name: str) -> list[dict]:
    with (LEXICON_DIR / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader((l for l in handle if not l.startswith("#")), delimiter="\t"))


@functools.lru_cache(maxsize=1)
def triggers() -> dict[tuple[str, str], Trigger]:
    return {(r["lemma"], r["pos"]): Trigger(r["lemma"], r["pos"], r["type"],
                                             tuple(w for w in (r["with"] or "").split("|") if w),
                                             (r.get("initiator") or "") == "subject")
            for r in _rows("event-triggers.tsv")}


@functools.lru_cache(maxsize=1)
def roles() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for row in _rows("event-roles.tsv"):
        found.setdefault(row["role"], set()).add(row["lemma"])
    return found


@dataclass
class _Found:
    """One trigger occurrence before grouping."""
    token: object
    type: str
    participants: list[Entity]
    initiator: Entity | None = None
    place: Entity | None = None
    time: timex.Timex | None = None
    time_span: Span | None = None
    duration: str = ""
    duration_span: Span | None = None
    since: tuple[timex.Timex, Span] | None = None
    rule: str = "trigger"


@dataclass
class _Event:
    found: list[_Found] = field(default_factory=list)

    @property
    def type(self) -> str:
        specific = [f.type for f in self.found if f.type != GENERIC]
        return specific[0] if specific else GENERIC

    @property
    def participants(self) -> set[str]:
        return {p.key for f in self.found for p in f.participants}

    def first(self, attribute: str):
        return next((getattr(f, attribute) for f in self.found if getattr(f, attribute)), None)

    def date(self) -> timex.Timex | None:
        return next((f.time for f in self.found if f.time and f.time.resolved), None)


def extract(article: Article, doc, index: MentionIndex) -> list[EventMention]:
    """Event mentions of one article (reader comments excluded), briefings included."""
    found = [f for f in (_find(article, token, index) for token in doc) if f is not None]
    events = _group(found)
    out: list[EventMention] = []
    by_token: dict[int, EventMention] = {}
    for event in events:
        mentions = _mentions(article, event)
        out.extend(mentions)
        for f, m in zip(event.found, mentions):
            by_token[f.token.i] = m
        if mentions and mentions[0].previous is not None:
            out.append(mentions[0].previous)
    out.extend(_briefings(article, doc, index, events, by_token))
    return out


def _find(article: Article, token, index: MentionIndex) -> _Found | None:
    trigger = triggers().get((token.lemma_.lower(), "VERB" if token.pos_ == "VERB" else "NOUN"))
    if trigger is None or token.pos_ not in ("NOUN", "PROPN", "VERB") or article.in_comments(token.idx):
        return None
    children = list(token.children)
    if trigger.needs and not any(c.lower_ in trigger.needs for c in children):
        return None
    if token.pos_ == "VERB":
        return _verb_trigger(token, trigger, index, article.text)
    if any(c.dep_ == "prep" and c.lower_ == "for" for c in children) or token.dep_ == "compound":
        return None        # "a call for a ceasefire" is a demand; "summit realities" no event
    lexicon = triggers()
    if any(c.dep_ == "compound" and lexicon.get((c.lemma_.lower(), "NOUN"), trigger).type != trigger.type
           for c in children):
        return None        # "ceasefire talks", "a ceasefire call": the event is the other noun
    scope = list(token.subtree)
    head = token.head
    if token.dep_ in OBJECT_DEPS and head.pos_ in ("VERB", "AUX"):
        for child in head.children:
            if child.dep_ in ("nsubj", "agent") or (child.dep_ == "prep" and child.lower_ in ("with", "between")):
                scope.extend(_phrase(child))
    if _unresolved_partner(token):
        return None        # "a follow-up conversation with him": whom is not clear enough
    people = _people(scope, index)
    if not people and _names_other_actor(token, index):
        return None        # "the NATO summit", "talks with Kyiv": not the leaders' event
    found = _Found(token, trigger.type, people, rule="trigger-phrase")
    found.initiator = _initiator(token, index)
    found.place = _place(token, index)
    _attach_time(found, token, article.text)
    return found


def _verb_trigger(token, trigger: Trigger, index: MentionIndex, text: str) -> _Found | None:
    subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
    deps = [c.dep_ for c in token.children]
    # the parser may take "called Y" for a predicate ("oprd"); "called Y a partner" has both
    obj = next((c for c in token.children if c.dep_ == "dobj"), None) if "oprd" not in deps \
        else (next(c for c in token.children if c.dep_ == "oprd") if "dobj" not in deps else None)
    if obj is None:      # "X met with Y"
        obj = next((g for c in token.children if c.dep_ == "prep" and c.lower_ == "with"
                    for g in c.children if g.dep_ == "pobj"), None)
    if obj is None and subject is not None:      # "X and Y met"
        obj = next((c for c in subject.children if c.dep_ == "conj"), None)
    if subject is None or obj is None or {"xcomp", "ccomp"} & set(deps):
        return None        # "X called on Y to ..." is not a phone call
    if any(c.dep_ == "appos" and c.pos_ == "NOUN" and c.left_edge.nbor(-1).text != ","
           for c in obj.children):
        return None        # "X called Y a reliable partner" names Y
    caller = _entity_of(subject if obj.dep_ != "conj" else _without(subject, obj), index)
    callee = _entity_of(obj, index)
    if caller is None or callee is None or caller == callee:
        return None
    found = _Found(token, trigger.type, [caller, callee], rule="verb-subject-object",
                   initiator=caller if trigger.subject_initiates else None)
    found.place = _place(token, index)
    _attach_time(found, token, text)
    return found


def _phrase(token) -> list:
    """A token's subtree without the clauses that describe it ("X, who is an ally of Z,")."""
    skip = {t.i for c in token.subtree if c.dep_ in ("relcl", "acl", "appos") and c.i != token.i
            for t in c.subtree}
    return [t for t in token.subtree if t.i not in skip]


def _people(tokens, index: MentionIndex) -> list[Entity]:
    people: list[Entity] = []
    offsets = {t.idx for t in tokens}
    for mention in index.mentions:
        if mention.span.start in offsets and mention.entity.type in PARTICIPANT_TYPES:
            if mention.entity not in people:
                people.append(mention.entity)
    return people


def _names_other_actor(token, index: MentionIndex) -> bool:
    offsets = {t.idx for t in token.subtree}
    return any(m.span.start in offsets and m.entity.type in ("organization", "country", "group")
               for m in index.mentions)


def _entity_of(token, index: MentionIndex) -> Entity | None:
    """The participant a phrase names: its longest person mention ("his counterpart X")."""
    tokens = token if isinstance(token, list) else list(token.subtree)
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    inside = [m for m in index.mentions if start <= m.span.start and m.span.end <= end
              and m.entity.type in PARTICIPANT_TYPES]
    best = max(inside, key=lambda m: m.span.end - m.span.start, default=None)
    return best.entity if best is not None else None


def _without(token, conj) -> list:
    """A subject's tokens without its conjunct ("X" of "X and Y")."""
    skip = {t.i for t in conj.subtree} | {c.i for c in token.children if c.dep_ == "cc"}
    return [t for t in token.subtree if t.i not in skip]


def _unresolved_partner(token) -> bool:
    return any(c.dep_ == "prep" and c.lower_ in ("with", "to", "between")
               and any(g.dep_ == "pobj" and g.lower_ in PRONOUNS for g in c.children)
               for c in token.children)


def _initiator(token, index: MentionIndex) -> Entity | None:
    words = roles()
    for child in token.children:
        # "the call, initiated by X"
        if child.lemma_.lower() in words["initiator"] and child.dep_ in ("acl", "relcl", "amod"):
            for agent in (c for c in child.children if c.dep_ == "agent"):
                for obj in (c for c in agent.children if c.dep_ == "pobj"):
                    if (who := _entity_of(obj, index)) is not None:
                        return who
    has_to = any(c.dep_ == "prep" and c.lower_ == "to" for c in token.children)
    if has_to:
        # "X's call to Y", "X made the call to Y"
        poss = next((c for c in token.children if c.dep_ == "poss"), None)
        if poss is not None and (who := _entity_of(poss, index)) is not None:
            return who
        if token.dep_ == "dobj" and token.head.lemma_.lower() in words["make"]:
            subject = _subject(token.head)
            if subject is not None:
                return _entity_of(subject, index)
    return None


def _place(token, index: MentionIndex) -> Entity | None:
    """A place in an "in/at X" phrase in the trigger's phrase or on the verb that takes it."""
    preps = list(token.subtree)
    if token.dep_ in OBJECT_DEPS and token.head.pos_ in ("VERB", "AUX"):
        preps.extend(token.head.children)
    for prep in (t for t in preps if t.dep_ == "prep" and t.lower_ in PLACE_PREPS):
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            sub = list(obj.subtree)
            mention = index.covering(sub[0].idx, sub[-1].idx + len(sub[-1]))
            if mention is not None and mention.entity.type in PLACE_TYPES:
                return mention.entity
    return None


def _attach_time(found: _Found, token, text: str) -> None:
    """Date and duration phrases attached to the trigger (or to the verb that takes it)."""
    governors = {token.i}
    if token.dep_ in OBJECT_DEPS | {"nsubj"} and token.head.pos_ in ("VERB", "AUX"):
        governors.add(token.head.i)
    verb = token if token.pos_ == "VERB" else token.head
    when_date = _when_date(verb)
    if when_date is not None:       # "since April 2024, when X and Y held talks"
        value = timex.normalise(when_date.text)
        if value.resolved:
            found.time, found.time_span = value, Span.of(text, when_date.start_char, when_date.end_char)
    for ent in token.sent.ents:
        if ent.label_ != "DATE":
            continue
        root = ent.root
        prep = root.head if root.head.dep_ == "prep" else None
        governor = prep.head if prep is not None else root.head
        if governor.i not in governors or root.i == token.i:
            continue
        span = Span.of(text, ent.start_char, ent.end_char)
        value = timex.normalise(ent.text)
        if prep is not None and prep.lower_ == "since":
            if value.resolved and any(c.lemma_.lower() in roles()["first"] for c in token.children):
                found.since = (value, Span.of(text, prep.idx, ent.end_char))
            continue
        if prep is not None and prep.lower_ in NOT_EVENT_DATE:
            continue
        if found.time is None or (value.resolved and not found.time.resolved):
            found.time, found.time_span = value, span
    left = [t for t in token.subtree if t.i < token.i]
    for phrase_tokens in (left, [t for c in token.children if c.dep_ == "acl" for t in c.subtree]):
        if not phrase_tokens:
            continue
        start, end = phrase_tokens[0].idx, phrase_tokens[-1].idx + len(phrase_tokens[-1])
        match = timex.duration_match(text[start:end])
        if match and (value := timex.duration(text[start:end])):
            found.duration = value
            found.duration_span = Span.of(text, start + match.start(), start + match.end())
            break


def _when_date(verb):
    """The date a "when" clause hangs on: the clause's verb is attached to a date phrase."""
    if verb.dep_ not in ("relcl", "advcl") or not any(c.lower_ == "when" for c in verb.children):
        return None
    return next((ent for ent in verb.doc.ents if ent.label_ == "DATE"
                 and ent.start <= verb.head.i < ent.end), None)


def _compatible(event: _Event, found: _Found) -> bool:
    if event.type != found.type and not (GENERIC in (event.type, found.type)
                                         and {event.type, found.type} <= CONTACT_KINDS):
        return False
    keys = {p.key for p in found.participants}
    if len(keys) >= 2 and keys != event.participants:
        return False
    if len(keys) < 2 and not keys <= event.participants:
        return False
    date = event.date()
    if date and found.time:
        if found.time.resolved and not (found.time.value.startswith(date.value)
                                        or date.value.startswith(found.time.value)):
            return False
        if not timex.agrees(found.time, date.value):
            return False
    duration = event.first("duration")
    return not (duration and found.duration and duration != found.duration)


def _group(found: list[_Found]) -> list[_Event]:
    events: list[_Event] = []
    for item in found:
        target = next((e for e in reversed(events) if _compatible(e, item)), None)
        if target is not None:
            target.found.append(item)
        elif len({p.key for p in item.participants}) >= 2:
            events.append(_Event([item]))
    return events


def _mentions(article: Article, event: _Event) -> list[EventMention]:
    text = article.text
    participants = sorted({p.key: p for f in event.found for p in f.participants}.values(),
                          key=lambda e: e.key)
    stated = event.date()
    unresolved = next((f for f in event.found if f.time and not f.time.resolved), None)
    date, precision, date_span = "", "", None
    if stated is not None:
        source = next(f for f in event.found if f.time is stated)
        date, precision, date_span = stated.value, stated.precision, source.time_span
    elif unresolved is not None and article.published:
        resolved = timex.normalise(unresolved.time.text, article.published)
        if resolved.resolved:
            date, precision, date_span = resolved.value, resolved.precision, unresolved.time_span
    duration_from = next((f for f in event.found if f.duration), None)
    since_from = next((f for f in event.found if f.since), None)
    mentions = []
    for f in event.found:
        token = f.token
        sent = token.sent
        mentions.append(EventMention(
            type=event.type, trigger=Span.of(text, token.idx, token.idx + len(token)),
            sentence=Span.of(text, sent.start_char, sent.end_char),
            participants=participants, initiator=event.first("initiator"), place=event.first("place"),
            date=date, precision=precision, date_span=date_span,
            duration=duration_from.duration if duration_from else "",
            duration_span=duration_from.duration_span if duration_from else None,
            time_text=unresolved.time.text if unresolved and not date else "",
            time_span=unresolved.time_span if unresolved and not date else None,
            weekday=unresolved.time.weekday if unresolved else None,
            rule=f.rule))
    if since_from is not None and mentions:
        value, span = since_from.since
        token = since_from.token
        previous = EventMention(
            type=GENERIC, trigger=span,
            sentence=Span.of(text, token.sent.start_char, token.sent.end_char),
            participants=participants, date=value.value, precision=value.precision,
            date_span=span, rule="first-since-date")
        for mention in mentions:
            mention.previous = previous
    return mentions


def _briefings(article: Article, doc, index: MentionIndex, events: list[_Event],
               by_token: dict[int, EventMention]) -> list[EventMention]:
    words = roles()
    out = []
    text = article.text
    for token in doc:
        lemma = token.lemma_.lower()
        if lemma not in words["briefing"] or article.in_comments(token.idx):
            continue
        briefed_token = next((c for c in token.children if c.dep_ in ("dobj", "nsubjpass")), None)
        if briefed_token is None and token.head.lemma_.lower() in words["keep"]:
            briefed_token = next((c for c in token.head.children if c.dep_ == "dobj"), None)
        briefer = None
        agent = next((c for c in token.children if c.dep_ == "agent"), None)
        if agent is not None:
            briefer = next((_resolve(c, index, None) for c in agent.children if c.dep_ == "pobj"), None)
        elif not any(c.dep_ == "nsubjpass" for c in token.children):
            subject = _subject(token)
            briefer = _resolve(subject, index, None) if subject is not None else None
        if briefed_token is None:
            continue
        briefed = _resolve(briefed_token, index, briefer)
        if briefed is None or briefed == briefer:
            continue
        sent = token.sent
        about = _about(sent, token, by_token)
        if about is None:
            continue
        rule = "briefing-verb"
        if briefer is None and any(c.dep_ == "nsubjpass" for c in token.children):
            briefer = _coordinated_subject(token, index, about, briefed)
            rule = "briefing-passive-coordinated-subject" if briefer else rule
        timing = tuple(sorted({role for role in ("before", "after")
                               for t in sent if t.lemma_.lower() in words[role]
                               or t.lower_ in words[role]}))
        participants = sorted([p for p in (briefer, briefed) if p is not None], key=lambda e: e.key)
        # "before and after the call, he briefed ..." is two briefings, one at each time
        for when in [(t,) for t in timing] or [()]:
            out.append(EventMention(
                type="Briefing", trigger=Span.of(text, token.idx, token.idx + len(token)),
                sentence=Span.of(text, sent.start_char, sent.end_char), participants=participants,
                initiator=briefer, briefed=briefed, about=about, timing=when, rule=rule))
    return out


def _coordinated_subject(token, index: MentionIndex, about: EventMention, briefed: Entity):
    """For "Y was notified of the call, and X had a follow-up conversation with him": the
    subject of a clause coordinated with the passive, when X took part in the event."""
    taking_part = {p.key for p in about.participants} - {briefed.key}
    for clause in (c for c in token.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")):
        subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)
        who = _entity_of(subject, index) if subject is not None else None
        if who is not None and who.key in taking_part:
            return who
    return None


def _subject(token):
    """The subject of a verb, looking up through infinitives, gerunds and conjuncts."""
    for candidate in [token, *list(token.ancestors)[:4]]:
        subject = next((c for c in candidate.children if c.dep_ == "nsubj"), None)
        if subject is not None:
            return subject
    return None


def _resolve(token, index: MentionIndex, exclude: Entity | None) -> Entity | None:
    if token is None:
        return None
    if token.lower_ in PRONOUNS:
        for mention in reversed(index.mentions):
            if mention.span.end <= token.idx and mention.entity.type in PARTICIPANT_TYPES \
                    and mention.entity != exclude:
                return mention.entity
        return None
    return _entity_of(token, index)


def _about(sent, token, by_token: dict[int, EventMention]) -> EventMention | None:
    """The event a briefing is about: one mentioned in its sentence, else the latest before."""
    in_sentence = [m for i, m in by_token.items() if sent.start <= i < sent.end]
    if in_sentence:
        return in_sentence[0]
    before = [(i, m) for i, m in by_token.items() if i < token.i]
    return max(before, key=lambda pair: pair[0])[1] if before else None
