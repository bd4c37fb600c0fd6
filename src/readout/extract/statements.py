"""Attributed statements: who said what, to whom, according to whom.

Rules over the dependency parse and the quotations of the text, driven by the
reporting-verb lexicon (`readout.extract.cues`); speakers are resolved by
`readout.extract.speakers`. Spans follow PolNeAR's conventions: the cue keeps its
auxiliaries, negation and adverbs ("has also said"), the source is the whole noun phrase
("Jane Doe, a spokeswoman for the council"), the content keeps "that" and its quotation
marks but not the sentence's closing punctuation. Each statement records the rule that fired.

Stages, each with plain inputs and outputs: `scan` finds candidate attributions (cue,
source token, content pieces) and relaying phrases in text order; `build` resolves each
candidate's speakers into `Statement`s; `readout.extract.signed` reads the lines that name
their speaker without a verb ("Name: words", a quotation signed "— Name"); `finish`
(in `readout.extract.statement_links`) removes duplicates and links statements to one
another (continued quotations, relays, nesting).
"""
from __future__ import annotations

from dataclasses import dataclass

from readout.extract import asides
from readout.extract import content as contents
from readout.extract import signed
from readout.extract import tagger
from readout.extract.cues import (PASSIVE_SUBJECTS, Cue, agent, attitude, cue_span, hedged, light_verbs, match,
                                  participle_source, subject)
from readout.extract.mentions import MentionIndex, pronouns
from readout.extract.propositions import hypothetical_modals
from readout.extract.speakers import ACTOR_TYPES, Speakers
from readout.extract.spans import Text
from readout.extract.nonspeech import aspectual, contact, decision, timed, unheard, vote, wished
from readout.extract.statement_links import Relay, finish
from readout.facts import Article, Entity, Span, Statement
from readout.link.gazetteer import Gazetteer


@dataclass(frozen=True)
class Candidate:
    """A cue with its source token (None when unsaid) and content, before speakers are resolved."""
    token: object
    cue: Cue
    cue_span: Span
    source: object
    content: list[Span]
    rule: str
    relay: object = None          # a participle on an "according to" object ("obtained by AP")
    negative: bool = False
    quotes_taken: frozenset[int] = frozenset()


def extract(article: Article, doc, index: MentionIndex, gazetteer: Gazetteer) -> list[Statement]:
    """Every attributed statement of a parsed article, in text order."""
    text = Text(article.text)
    speakers = Speakers(article, text, index, gazetteer)
    candidates, relays = scan(doc, text, speakers)
    found: list[Statement] = []
    prior: list[tuple[int, Entity]] = []     # (cue offset, speaker) of each statement in `found`
    quoted_self = []      # "I think" inside a quotation: built once the quotation's speaker is known
    for candidate in candidates:
        if _self_in_quote(candidate, text):
            quoted_self.append(candidate)
            continue
        built = build(candidate, article, text, speakers, prior)
        found += built
        prior += [(st.cue.start, st.speaker) for st in built]
    for candidate in quoted_self:
        found += build(candidate, article, text, speakers, said=found)
    found += signed.headlines(article, doc, text, index, gazetteer)
    found += signed.signatures(article, text, index, gazetteer)
    return finish(found, relays, text)


def scan(doc, text: Text, speakers: Speakers) -> tuple[list[Candidate], list[Relay]]:
    """Candidate attributions and relaying phrases, in text order."""
    candidates: list[Candidate] = []
    relays: list[Relay] = []
    taken: set[int] = set()      # quotations already some cue's content
    quotes = tagger.QuoteIndex(text.quotations)
    for token in doc:
        if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            candidate = according_to(token, text)
        elif token.pos_ in ("VERB", "NOUN", "AUX", "ADJ"):
            cue = match(token)
            if cue is None:
                cue = tagger.admitted(token, quotes)
            elif tagger.vetoed(token, quotes, cue):
                continue
            if cue is None:
                continue
            if token.pos_ == "ADJ":
                candidate = adjective_cue(token, cue, text)
            elif token.pos_ == "NOUN":
                candidate = noun_cue(token, cue, text)
            else:
                relay = relay_of(token, text, speakers)
                if relay is not None and any(match(a) is not None for a in token.ancestors):
                    relays.append(relay)   # "Y said ..., as X reported": X relays Y's statement
                    continue
                candidate = verb_cue(token, cue, text, taken) if relay is None else as_cue(token, cue, text)
                quoting = quoted_as(token, candidate, text)
                if quoting is not None:
                    candidates.append(quoting)
        else:
            continue
        if candidate is not None:
            taken |= candidate.quotes_taken
            candidates.append(candidate)
    return candidates, relays


def _quoter(token):
    """The verb of "X quoted Y as saying ..." above a cue "saying", or None."""
    prep = token.head
    if token.dep_ != "pcomp" or prep.lower_ != "as" or prep.dep_ != "prep" or prep.head.pos_ != "VERB":
        return None
    return prep.head if any(c.dep_ == "dobj" for c in prep.head.children) else None


def quoted_as(token, said: Candidate | None, text: Text) -> Candidate | None:
    """"CCTV quoted President Xi as saying that ...": the outlet's statement of its own, with
    the quoted person and what they said as its content (Y's own statement is `said`)."""
    verb = _quoter(token)
    if verb is None or said is None:
        return None
    source, rule = subject(verb)
    obj = next(c for c in verb.children if c.dep_ == "dobj")
    if source is None:
        return None
    content = [text.trim(min(t.idx for t in obj.subtree), max(p.end for p in said.content))]
    cue = Cue(verb.lemma_.lower(), "VERB", said.cue.speech_act, said.cue.cameo)
    return Candidate(verb, cue, cue_span(text.text, verb, cue), source, content, f"quoted-as+{rule}")


def _slipped_subject(token):
    """The subject a parse slip hung elsewhere: "one of X's diplomats said" parsed as an
    apposition to the noun before it, or "said that A could be done, but warned B" with
    "warned" joined to the subjectless clause inside the first cue's content."""
    before = token.doc[token.i - 1] if token.i > 0 else None
    if before is not None:
        appos = next((a for a in [before, *before.ancestors] if a.dep_ == "appos"), None)
        if appos is not None and max(t.i for t in appos.subtree) == token.i - 1 and appos.head.i < appos.i:
            return appos
    if token.dep_ == "conj" and token.head.dep_ == "ccomp" and match(token.head.head) is not None \
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in token.head.children):
        return subject(token.head.head)[0]
    return None


def verb_cue(token, cue: Cue, text: Text, taken: set[int]) -> Candidate | None:
    outer = contents.joined_to_outer(token, text)     # "said X and called for Y": the outer speaker's
    source, rule = subject(token) if outer is None else (subject(outer)[0], "outer-subject")
    source = contents.unquoted_subject(token, source, text)     # '"Safety," said Grimm'
    if source is None and _quoter(token) is not None:    # "quoted Y as saying": Y says it
        source, rule = next(c for c in _quoter(token).children if c.dep_ == "dobj"), "quoted-object"
    if source is None and token.dep_ not in ("xcomp", "acl", "relcl", "amod"):
        source, rule = _slipped_subject(token), "slipped-subject"
    if source is None:
        source, rule = participle_source(token), "participle-source"   # "calls saying", "by saying"
    passive = False   # "X was told that": X is the addressee; the source is unsaid
    raised = contents.raised_subject(token, source)     # "X appears to", "X is expected to"
    if raised is not None or contents.put_to(token, rule):
        source, passive = None, True
    patient = raised if raised is not None and raised.dep_ in PASSIVE_SUBJECTS else None
    # "The plan was announced by the ministry": the plan is what is said
    if source is not None and source.dep_ in PASSIVE_SUBJECTS:
        if source.lower_ == "it" and cue.speech_act == "agree":
            rule = "agreed-passive"     # "It was agreed to continue": the two parties agreed
        source, passive, patient = None, True, source
    source = agent(token) if source is None else source
    if source is None and not passive:
        return None
    if source is None and any(c.dep_ == "aux" and c.lower_ in hypothetical_modals() for c in token.children):
        return None   # "a lasting peace could be agreed": a possibility, no one says it
    if wished(token) or decision(token) or timed(source):
        return None   # "for X to call an election", "agreed on a package", "18:55 refers to"
    span = cue_span(text.text, token, cue)
    if cue.object_in_cue:       # "expressed concern | about X"
        own = contents.object_cue(token, text)
        if own is None:
            return None
        obj, pieces = own
        span = Span.of(text.text, span.start, obj.idx + len(obj))
        return Candidate(token, cue, span, source, pieces, f"verb-object-cue+{rule}")
    found = contents.with_subject(contents.find(token, cue, span, source, text, taken), raised, text)
    if not found.pieces and source is not None:
        found = contents.patient_content(found, patient, cue, text)
    if not found.pieces and not cue.takes_object and not cue.admitted and not text.quoted(token.idx, token.idx + 1):
        wider = tagger.object_reading(token, cue)     # "noted the change", "recalled the night"
        if wider is not None:
            cue, found = wider, contents.find(token, wider, span, source, text, taken)
    if cue.admitted == "object" and found.rule in tagger.OBJECT_CONTENT \
            and contents.next_paragraph(token, text, taken) is not None:
        return None    # "shared details of the call:" announces the paragraph below, not its object
    if not found.pieces or unheard(token) or aspectual(token, found.rule) \
            or (cue.admitted and not tagger.reports_proposition(found, cue)):
        return None
    if found.cue_end is not None:
        span = Span.of(text.text, span.start, found.cue_end)
    kind = "-question" if cue.speech_act == "believe" and contents.question(found.clause) else ""
    kind = "-admitted" if cue.admitted == "object" and found.rule in tagger.OBJECT_CONTENT else kind
    return Candidate(token, cue, span, source, found.pieces, f"{found.rule}{kind}+{rule}",
                     quotes_taken=found.quotes_taken)


def as_cue(token, cue: Cue, text: Text) -> Candidate | None:
    """"As X noted, the plan failed" / "the plan failed, as X noted": with no cue of its
    own in the main clause, the main clause is X's content."""
    source = agent(token) or next((c for c in token.children if c.dep_ in ("nsubj", "csubj")), None)
    pieces = asides.as_clause(token, text)
    if source is None or not pieces:
        return None
    return Candidate(token, cue, cue_span(text.text, token, cue), source, pieces, "as-clause+subject")


def adjective_cue(token, cue: Cue, text: Text) -> Candidate | None:
    """"The senator is confident that ...": the copula's subject holds the attitude."""
    found = attitude(token, cue, text.text)
    if found is None:
        return None
    copula, span, clause = found
    source, rule = subject(copula)
    if source is None or source.dep_ in PASSIVE_SUBJECTS or source.dep_ == "expl" or source.lower_ == "it":
        return None
    return Candidate(token, cue, span, source, [text.subtree(clause)], f"adjective+{rule}",
                     negative=any(c.dep_ == "neg" for c in copula.children))


def relay_of(token, text: Text, speakers: Speakers) -> Relay | None:
    """"As reported by X, Y said ..." / "Y said ..., as X reported": X is no speaker of
    its own but the source Y's statement comes through (an outlet relays it)."""
    if token.dep_ != "advcl" or not any(c.dep_ == "mark" and c.lower_ == "as" for c in token.children) \
            or any(c.dep_ in ("ccomp", "xcomp") or (c.dep_ == "dobj" and c.pos_ != "PRON") for c in token.children):
        return None    # "as he praised the plan": a cue with content of its own is a statement
    source = agent(token) or next((c for c in token.children if c.dep_ in ("nsubj", "csubj")), None)
    if source is None:
        return None
    span = text.plain(source)
    entity, _ = speakers.speaker(source, span)
    return Relay(token.head, entity, span)


def noun_cue(token, cue: Cue, text: Text) -> Candidate | None:
    """"the minister's insistence that ...", "a call for a ceasefire"."""
    doc = token.doc
    clause = next((c for c in token.children if c.dep_ in ("acl", "ccomp", "appos")
                   and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)), None)
    content = []
    if clause is not None:
        content = [text.subtree(clause)]
    elif cue.particle:
        prep = doc[token.i + 1]
        obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if obj is not None:
            content = [text.subtree(obj)]
    if not content:
        return None
    owner = next((c for c in token.children if c.dep_ == "poss"), None)
    end = token.i + 1 + len(cue.particle.split())
    start, rule, negative = token.idx, "noun-cue", False
    light = token.head if token.dep_ == "dobj" and token.head.lemma_.lower() in light_verbs() else None
    if light is not None and owner is None:
        # "the summary made no mention of a ceasefire": the light verb's subject speaks
        owner, _ = subject(light)
        start, rule = cue_span(text.text, light, Cue(light.lemma_, "VERB", "", "")).start, "light-verb-noun-cue"
        negative = any(c.dep_ == "det" and c.lower_ == "no" for c in token.children) or \
            any(c.dep_ == "neg" for c in light.children)
    if owner is None:
        return None     # "a call for talks", "accusations that": no one is said to speak
    span = Span.of(text.text, start, doc[end - 1].idx + len(doc[end - 1]))
    return Candidate(token, cue, span, owner, content, rule, negative=negative)


def according_to(token, text: Text) -> Candidate | None:
    """"according to X, ...": the clause around the phrase is X's content."""
    doc = token.doc
    to = doc[token.i + 1]
    obj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if obj is None:
        return None
    span = Span.of(text.text, token.idx, to.idx + len(to))
    phrase = {t.i for t in token.subtree} | {t.i for t in to.subtree}
    head = token.head
    while head.dep_ not in ("ROOT",) and head.head.i != head.i and head.pos_ not in ("VERB", "AUX"):
        head = head.head
    clause = [t for t in head.subtree if t.i not in phrase]
    if head.dep_ != "ROOT":
        clause = [t for t in token.sent if t.i not in phrase]
    before = [t for t in clause if t.i < token.i]
    after = [t for t in clause if t.i > max(phrase)]
    pieces = [p for p in (before, after) if p and any(not t.is_punct for t in p)]
    para_start, para_end = text.paragraph(token.idx)
    content = [text.trim(max(p[0].idx, para_start), min(p[-1].idx + len(p[-1]), para_end)) for p in pieces]
    content = [c for c in content if c.end > c.start]
    if not content:
        return None
    cue = Cue("according to", "VERB", "assert", "010")
    relay = next((c for c in obj.children if c.dep_ in ("acl", "relcl")
                  and any(a.dep_ == "agent" for a in c.children)), None)
    return Candidate(token, cue, span, obj, content, "according-to", relay=relay)


def _self_in_quote(c: Candidate, text: Text) -> bool:
    """Whether the candidate's source is "I", "we" or "you" inside a quotation."""
    return c.source is not None and c.source.pos_ == "PRON" and \
        pronouns().get(c.source.lower_) in ("self", "addressee") and text.quoted(c.cue_span.start, c.cue_span.end)


def build(candidate: Candidate, article: Article, text: Text, speakers: Speakers,
          prior: list[tuple[int, Entity]] = (), said: list[Statement] | None = None) -> list[Statement]:
    """The statements of one candidate: one per speaker a coordinated source names;
    `prior` holds (cue offset, speaker) of the statements built before it; `said`, for a
    first-person source inside a quotation, every statement outside it (the quotation's
    speaker is the speaker of the statement whose content holds it)."""
    c = candidate
    if c.source is not None and c.source.tag_ == "WP" and c.source.head.dep_ != "relcl":
        return []   # "in what appeared to be a rebuke": a free relative names no one
    relay_words = {t.i for t in c.relay.subtree} if c.relay is not None else set()
    source_span = text.plain(c.source, relay_words, c.cue_span.start) if c.source is not None else None
    if source_span is not None:
        source_span = speakers.whole_name(c.source, source_span)
    if source_span is not None and source_span.end <= source_span.start:
        source_span = None
    if source_span is not None and not any(ch.isalnum() for ch in source_span.text):
        return []   # a parse slip made a punctuation mark the subject
    if said is not None:     # "I think" inside a quotation: the quoted speaker's own words
        quoted = speakers.quoting(c.source, c.cue_span, said)
        if quoted is None:
            return []
        return _statement(c, article, text, speakers, source_span, c.rule, quoted[0], quoted[1], False)
    if c.source is None and c.rule.endswith("+agreed-passive"):
        pair = speakers.parties(c.cue_span.start)
        return [st for speaker in pair
                for st in _statement(c, article, text, speakers, None, c.rule, speaker, "two-parties", True)]
    joint = speakers.joint(c.source, source_span)
    if joint and (contact(c.token) or c.cue.admitted == "object"):
        return []   # "X and Y talked about Z", "discussed Z": a contact between them (an event), said by neither
    if joint:
        return [st for speaker, how, span in joint
                for st in _statement(c, article, text, speakers, span, f"{c.rule}+joint", speaker, how, True)]
    speaker, how = speakers.speaker(c.source, source_span, prior)
    # the phrase shown keeps a past participle ("a poll released by the party"); the speaker
    # is named by the phrase without it (not "the party")
    wide = text.plain(c.source, relay_words, c.cue_span.start, participles=True) if source_span else None
    if wide is not None and wide.end > source_span.end:
        source_span = Span.of(text.text, source_span.start, wide.end)
    return _statement(c, article, text, speakers, source_span, c.rule, speaker, how, False)


def _statement(c: Candidate, article: Article, text: Text, speakers: Speakers, source_span: Span | None,
               rule: str, speaker: Entity, how: str, joint: bool) -> list[Statement]:
    if speaker.type not in ACTOR_TYPES or vote(c.token, c.cue, speaker):
        return []   # "Europe showing signs of strain": a place or a concept does not speak
    relayed = speakers.relayed(c.relay)
    sent = c.token.sent
    addressee = speakers.addressee(c.token, c.cue)
    content = text.in_paragraph(c.content, c.cue_span.start)
    if not content:
        return []
    negative = c.negative or any(t.dep_ == "neg" for t in c.token.children)
    return [Statement(
        speaker=speaker, speaker_span=source_span, cue=c.cue_span,
        cue_lemma=c.cue.lemma, speech_act=c.cue.speech_act, cameo=c.cue.cameo, content=sorted(content),
        rule=f"{rule}+{how}", sentence=Span.of(text.text, sent.start_char, sent.end_char),
        addressee=addressee[0] if addressee else None,
        addressee_span=addressee[1] if addressee else None,
        relayed_by=relayed[0] if relayed else None, relayed_by_span=relayed[1] if relayed else None,
        is_quote=any(text.quoted(p.start, p.end) for p in content),
        polarity="negative" if negative else "positive",
        factuality="probable" if hedged(c.token) else "certain",
        reader_comment=article.in_comments(c.cue_span.start),
        confidence=0.8 if rule.startswith("quote") else 0.6, joint=joint,
    )]
