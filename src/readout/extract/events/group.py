"""In-article event coreference: mentions -> events, and events -> `EventMention` facts.

Mentions are grouped in three passes, so that a mention may join an event told later:
1. a mention naming two or more people joins the latest event of a compatible type whose
   people include its own (or are included in them), else starts an event;
2. a mention naming one person joins the nearest compatible event with that person
   (before it first), else starts an event of its own (a first mention with one named
   participant is kept, not dropped);
3. a mention naming nobody joins the nearest compatible event before it; one that refers
   back ("the call", "their talks", "Thursday's conversation", "the two leaders ... in
   the conversation") may also join one told after it (a headline's "the call"); any kind
   of contact may refer to any other ("the meeting" for a phone call); a mention that
   fits no event is dropped. Only a contact may be an event of one named person.
Compatible: the same modality, types that agree (the same, or a generic Contact or
Negotiation; votes join the article's vote), no conflicting date, weekday or duration.
The event's type is the most specific one its mentions give (a call, video call or
meeting, by how many mentions name it, those naming people counting double; then
Negotiation; then Contact).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from readout.extract import timex
from readout.extract.events import lexicon
from readout.extract.events.find import CONTACT_KINDS, VOTE_KINDS, Found
from readout.facts import Entity

WEAK = ("Negotiation", "Contact")
SPECIFIC = ("PhoneCall", "VideoCall", "Meeting")


@dataclass
class Event:
    found: list[Found] = field(default_factory=list)
    people: dict[str, Entity] = field(default_factory=dict)

    def add(self, item: Found) -> None:
        self.found.append(item)
        self.found.sort(key=lambda f: f.token.i)
        for person in item.participants + item.joined:
            self.people.setdefault(person.key, person)

    @property
    def modality(self) -> str:
        told = [f for f in self.found if not f.past_plan]
        return (told or self.found)[0].modality

    @property
    def type(self) -> str:
        score = Counter()
        for f in self.found:
            score[f.type] += 2 if f.participants else 1
        for group in (SPECIFIC, ("Negotiation",), ("Contact",)):
            best = [t for t in group if score[t]]
            if best:
                return max(best, key=lambda t: (score[t], -min(f.token.i for f in self.found if f.type == t)))
        return self.found[0].type

    def first(self, attribute: str):
        return next((getattr(f, attribute) for f in self.found if getattr(f, attribute)), None)

    def date(self) -> timex.Timex | None:
        return next((f.time for f in self.found if f.time and f.time.resolved), None)


def group(found: list[Found]) -> list[Event]:
    events: list[Event] = []
    named = [f for f in found if len({p.key for p in f.participants}) >= 2 or f.type in VOTE_KINDS]
    for item in named:
        target = next((e for e in reversed(events) if compatible(e, item)), None)
        if target is None:
            if not item.participants:
                continue
            target = Event()
            events.append(target)
        target.add(item)
    for item in (f for f in found if len({p.key for p in f.participants}) == 1 and f.type not in VOTE_KINDS):
        target = _nearest(events, item)
        if target is None and item.anaphor:       # "X also took part in the meeting"
            target = _nearest(events, item, joining=True)
            if target is not None and not _partners_fit([item], target):
                target = None
        if target is None and item.type in CONTACT_KINDS:
            target = Event()
            events.append(target)
        if target is not None:
            target.add(item)
    events = _pair_single(events)
    for item in (f for f in found if not f.participants and f.type not in VOTE_KINDS):
        target = _nearest(events, item, forward=item.anaphor)
        if target is not None:
            target.add(item)
    events = [e for e in events if len(e.people) >= 2 or e.type not in CONTACT_KINDS or not _unnamed_partner(e)]
    return sorted(events, key=lambda e: e.found[0].token.i)


def _pair_single(events: list[Event]) -> list[Event]:
    """Two events of one named person each, of the same specific type and compatible
    ("X's first summit" ... "Y's visit"), are one event of the two."""
    out: list[Event] = []
    for event in events:
        single = len(event.people) == 1 and event.type in SPECIFIC
        other = next((e for e in reversed(out) if single and len(e.people) == 1 and e.type == event.type
                      and set(e.people) != set(event.people) and _partners_fit(event.found, e)
                      and _partners_fit(e.found, event)
                      and all(compatible(e, f, joining=True) for f in event.found)), None)
        if other is None:
            out.append(event)
            continue
        for item in event.found:
            other.add(item)
    return out


def _partners_fit(items: list[Found], event: Event) -> bool:
    """Whether the other sides these mentions name ("a visit to Japan", "talks with Y")
    are people of the event, or the state of one of them."""
    states = {p.country for p in event.people.values() if p.country}
    for item in items:
        for partner in item.partners:
            if partner.type == "person" and partner.key not in event.people and partner not in item.participants:
                return False
            if partner.type != "person" and (partner.key if partner.type == "country" else partner.country) not in states:
                return False
    return True


def _unnamed_partner(event: Event) -> bool:
    """"a call with investors": the other side is named and is no actor of the article."""
    return any(c.dep_ == "prep" and c.lower_ in ("with", "to", "between")
               and any(g.dep_ == "pobj" and not g.ent_type_ and g.pos_ == "NOUN" for g in c.children)
               for f in event.found for c in f.token.children)


def _nearest(events: list[Event], item: Found, forward: bool = True, joining: bool = False) -> Event | None:
    """The nearest compatible event, one told before the mention first; after it only
    when `forward` (a mention that refers back may come before the full one: a headline)."""
    fits = [e for e in events if compatible(e, item, joining)
            and (forward or any(f.token.i < item.token.i for f in e.found))]

    def distance(event: Event):
        before = [item.token.i - f.token.i for f in event.found if f.token.i < item.token.i]
        after = [f.token.i - item.token.i for f in event.found if f.token.i > item.token.i]
        return (0, min(before)) if before else (1, min(after))
    return min(fits, key=distance, default=None)


def compatible(event: Event, item: Found, joining: bool = False) -> bool:
    """Whether a mention may be of this event; `joining`: its one named person may be new
    to the event ("X also took part in the meeting")."""
    if item.modality != event.modality and not (item.past_plan and event.modality == lexicon.ACTUAL):
        return False            # "we planned a 90-minute meeting" is the meeting that took place
    types = {f.type for f in event.found}
    if item.type in VOTE_KINDS or types & VOTE_KINDS:
        if not (item.type in VOTE_KINDS and types <= VOTE_KINDS):
            return False
    elif item.type in CONTACT_KINDS:
        if not types <= CONTACT_KINDS:
            return False
        loose = item.token.lemma_.lower() in lexicon.roles()["loose"] and item.anaphor
        if (item.participants or not loose) and item.type not in WEAK \
                and not (types & {item.type} or types <= set(WEAK)):
            return False        # "the meeting" may be a call; "the summit" is no call
    elif types != {item.type}:
        return False
    keys = {p.key for p in item.participants}
    have = set(event.people)
    if item.type not in VOTE_KINDS:
        if len(keys) >= 2 and not (keys <= have or have <= keys):
            return False
        if len(keys) == 1 and not keys <= have and not joining:
            return False
    date = event.date()
    if date and item.time:
        if item.time.resolved and not (item.time.value.startswith(date.value)
                                       or date.value.startswith(item.time.value)):
            return False
        if not timex.agrees(item.time, date.value):
            return False
    weekdays = {f.time.weekday for f in event.found if f.time and f.time.weekday is not None}
    if item.time and item.time.weekday is not None and weekdays and item.time.weekday not in weekdays:
        return False
    duration = event.first("duration")
    return not (duration and item.duration and duration.value != item.duration.value)


def resolve_initiator(event: Event) -> Entity | None:
    """The event's initiator: a person, or the one participant of the state a side names."""
    who = event.first("initiator")
    if who is None or who.type == "person":
        return who if who is None or who.key in event.people else None
    matching = [p for p in event.people.values() if p.country and p.country in {who.key, who.country}]
    return matching[0] if len(matching) == 1 else None

