"""The online Wikidata client behind `readout link --online`.

For an entity with no link it searches Wikidata by label (`wbsearchentities`), fetches the
candidates (`wbgetentities`) to check their type (the English labels of their P31
classes against `data/gazetteer/wikidata-types.tsv`), name (their label, or the alias the
search matched, is the entity's) and country (P17, P27 or P495 against the entity's state
in the gazetteer), and proposes them with that evidence. A proposal is
accepted when exactly one candidate passes, or when the user names it (`--accept`);
accepted ones are written to a local gazetteer file, never to the bundled data.

Requests have a timeout, a descriptive User-Agent and a minimum interval between them, and
every answer is cached on disk. HTTP is requests with urllib3's Retry (`readout.store.http`):
HTTP 429/500/502/503/504 are retried with backoff, honouring Wikidata's Retry-After. The API base URL is a parameter (tests use a local server).
"""
from __future__ import annotations

import csv
import datetime
import hashlib
import io
import json
import re
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from readout import __version__
from readout.config import GAZETTEER_DIR
from readout.errors import EndpointError, InputError
from readout.facts import Entity
from readout.link.gazetteer import COLUMNS, Gazetteer
from readout.store import http
from readout.store.embedded import write_atomic

DEFAULT_API = "https://www.wikidata.org/w/api.php"
USER_AGENT = (f"readout/{__version__} (news knowledge-graph builder; linking entities to "
              f"Wikidata; https://w3id.org/readout) python-requests")
RETRIES = 3
COUNTRY_PROPERTIES = ("P17", "P27", "P495")
LOOKED_UP = {"person", "country", "city", "region", "organization", "government_body", "media",
             "treaty", "conflict", "event"}


class OfflineError(EndpointError):
    """Wikidata cannot be reached; nothing was changed."""
    exit_code = 3


@dataclass
class Candidate:
    qid: str
    label: str
    description: str
    classes: list[str] = field(default_factory=list)     # labels of its P31 classes
    countries: list[str] = field(default_factory=list)   # QIDs of its P17/P27/P495 values
    type_ok: bool = False
    country_ok: bool | None = None                        # None: nothing to check against
    label_ok: bool = False                                # its label or alias is the name itself

    @property
    def passes(self) -> bool:
        return self.label_ok and self.type_ok and self.country_ok is not False

    @property
    def evidence(self) -> str:
        country = {None: "no country to check", True: "country matches", False: "country differs"}
        return (f"label {self.label!r} ({'same name' if self.label_ok else 'another name'}); "
                f"{self.description or 'no description'}; instance of "
                f"{', '.join(self.classes) or 'nothing'} ({'type matches' if self.type_ok else 'type differs'}); "
                f"{country[self.country_ok]}")


@dataclass
class Proposal:
    entity: Entity
    candidates: list[Candidate]
    accepted: Candidate | None = None
    reason: str = ""


class Client:
    """A small, polite wbsearchentities / wbgetentities client with an on-disk cache."""

    def __init__(self, api: str = DEFAULT_API, cache_dir: Path | None = None, timeout: float = 10.0,
                 min_interval: float = 1.0, user_agent: str = USER_AGENT,
                 clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep):
        self.api = api
        self.cache_dir = Path(cache_dir) if cache_dir else None
        self.timeout = timeout
        self.min_interval = min_interval
        self.user_agent = user_agent
        self.clock, self.sleep = clock, sleep
        self._last: float | None = None
        self.requests = 0           # network requests made (cache hits excluded)

    def search(self, label: str, limit: int = 7) -> list[dict]:
        data = self.get({"action": "wbsearchentities", "search": label, "language": "en",
                         "uselang": "en", "type": "item", "limit": str(limit), "format": "json"})
        return list(data.get("search") or [])

    def entities(self, qids: list[str], props: str = "labels|descriptions|claims") -> dict[str, dict]:
        found: dict[str, dict] = {}
        for start in range(0, len(qids), 50):            # the API's limit per call
            data = self.get({"action": "wbgetentities", "ids": "|".join(qids[start:start + 50]),
                             "props": props, "languages": "en", "format": "json"})
            found.update(data.get("entities") or {})
        return found

    def get(self, params: dict[str, str]) -> dict:
        url = f"{self.api}?{urllib.parse.urlencode(sorted(params.items()))}"
        cached = self._cache_path(url)
        if cached is not None and cached.is_file():
            return json.loads(cached.read_text(encoding="utf-8"))
        self._wait()
        import requests

        try:
            reply = self._session().get(url, timeout=self.timeout, headers={"Accept": "application/json"})
            body = reply.content
        except requests.exceptions.Timeout:
            raise EndpointError(f"Wikidata at {self.api} did not answer within {self.timeout:g} s; "
                                f"try again later or raise --timeout") from None
        except requests.exceptions.RequestException as err:
            if "timed out" in str(err):
                raise EndpointError(f"Wikidata at {self.api} did not answer within {self.timeout:g} s; "
                                    f"try again later or raise --timeout") from None
            reason = "connection refused" if http.refused(err) else type(err).__name__
            raise OfflineError(f"cannot reach Wikidata at {self.api} ({reason}); nothing was changed. "
                               f"Check the network connection, or use --api") from None
        finally:
            self._last = self.clock()
            self.requests += 1
        if reply.status_code >= 400:
            raise EndpointError(f"Wikidata at {self.api} answered HTTP {reply.status_code}; "
                                f"try again later or check --api")
        try:
            data = json.loads(body)
        except ValueError:
            raise EndpointError(f"Wikidata at {self.api} answered with something that is not JSON; "
                                f"check --api") from None
        if "error" in data:
            raise EndpointError(f"Wikidata refused the request: {data['error'].get('info', data['error'])}")
        if cached is not None:
            write_atomic(cached, json.dumps(data, ensure_ascii=False).encode("utf-8"))
        return data

    def _session(self):
        if getattr(self, "_http", None) is None:
            self._http = http.session(RETRIES, pause=max(self.min_interval, 0.5), methods={"GET"},
                                      user_agent=self.user_agent, reads=False)
        return self._http

    def _wait(self):
        if self._last is not None:
            remaining = self.min_interval - (self.clock() - self._last)
            if remaining > 0:
                self.sleep(remaining)

    def _cache_path(self, url: str) -> Path | None:
        if self.cache_dir is None:
            return None
        return self.cache_dir / f"{hashlib.sha256(url.encode('utf-8')).hexdigest()}.json"


def type_words(directory: Path = GAZETTEER_DIR) -> dict[str, tuple[str, ...]]:
    with (directory / "wikidata-types.tsv").open(encoding="utf-8") as handle:
        rows = csv.DictReader((l for l in handle if not l.startswith("#")), delimiter="\t")
        return {r["type"]: tuple(w.strip().lower() for w in r["class_words"].split("|") if w.strip())
                for r in rows}


def propose(client: Client, entity: Entity, gazetteer: Gazetteer, accept: str = "") -> Proposal:
    """Candidates for one entity, checked; `accept` is a QID the user confirmed."""
    hits = client.search(entity.label)
    items = client.entities([h["id"] for h in hits]) if hits else {}
    classes = sorted({c for item in items.values() for c in _values(item, "P31")})
    class_labels = {q: _label(e) for q, e in client.entities(classes, "labels").items()} if classes else {}
    words = type_words().get(entity.type, ())
    state = gazetteer.get(entity.country) if entity.country else (entity if entity.type == "country" else None)
    expected = state.qid if state is not None and state is not entity else ""
    candidates = []
    for hit in hits:
        item = items.get(hit["id"], {})
        labels = [class_labels.get(q, q) for q in _values(item, "P31")]
        countries = [q for p in COUNTRY_PROPERTIES for q in _values(item, p)]
        candidates.append(Candidate(
            qid=hit["id"], label=_label(item) or hit.get("label", ""),
            description=(item.get("descriptions", {}).get("en", {}) or {}).get("value", "")
            or hit.get("description", ""),
            classes=labels, countries=countries,
            type_ok=any(w in label.lower() for label in labels for w in words),
            country_ok=(expected in countries) if expected else None,
            label_ok=entity.label.lower() in {_label(item).lower(), hit.get("label", "").lower(),
                                              (hit.get("match") or {}).get("text", "").lower()}))
    proposal = Proposal(entity, candidates)
    if accept:
        chosen = [c for c in candidates if c.qid == accept]
        proposal.accepted = chosen[0] if chosen else None
        proposal.reason = "accepted by the user" if chosen else f"{accept} is not among the candidates"
        return proposal
    passing = [c for c in candidates if c.passes]
    if len(passing) == 1:
        proposal.accepted, proposal.reason = passing[0], "the only candidate whose name, type and country fit"
    else:
        proposal.reason = (f"{len(passing)} candidates fit; confirm one with --accept"
                           if passing else "no candidate fits its name, type and country")
    return proposal


def write_accepted(path: Path, proposals: list[Proposal], gazetteer: Gazetteer, api: str) -> int:
    """Append the accepted proposals to a local gazetteer file (atomically); how many rows."""
    path = Path(path)
    rows: list[dict] = []
    if path.is_file():
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise InputError(f"{path}: cannot read this gazetteer file ({type(err).__name__}); "
                             f"give another --gazetteer-file") from None
        rows = list(csv.DictReader(io.StringIO(text), delimiter="\t"))
    known = {r.get("label_en") for r in rows}
    today = datetime.date.today().isoformat()
    added = 0
    for proposal in proposals:
        entity, chosen = proposal.entity, proposal.accepted
        if chosen is None or entity.label in known:
            continue
        state = gazetteer.get(entity.country) if entity.country else None
        rows.append({"qid": chosen.qid, "label_en": entity.label, "type": entity.type,
                     "aliases": entity.label, "country_qid": state.qid if state else "",
                     "source": f"readout link --online {today}: {api} wbsearchentities+wbgetentities; "
                               f"{proposal.reason}; {chosen.evidence}",
                     "status": "verified", "guess": ""})
        known.add(entity.label)
        added += 1
    if added:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=COLUMNS, delimiter="\t", lineterminator="\n",
                                extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
        write_atomic(path, out.getvalue().encode("utf-8"))
    return added


def unlinked(entities: list[Entity]) -> list[Entity]:
    """The entities worth looking up: no QID and a type Wikidata has items for."""
    seen, found = set(), []
    for entity in sorted(entities, key=lambda e: e.key):
        if not entity.qid and entity.type in LOOKED_UP and entity.key not in seen:
            seen.add(entity.key)
            found.append(entity)
    return found


def _values(item: dict, prop: str) -> list[str]:
    values = []
    for claim in (item.get("claims") or {}).get(prop, []):
        value = (claim.get("mainsnak") or {}).get("datavalue", {}).get("value")
        if isinstance(value, dict) and value.get("id"):
            values.append(value["id"])
    return values


def _label(item: dict) -> str:
    return ((item.get("labels") or {}).get("en") or {}).get("value", "")


@dataclass
class LinkResult:
    looked_up: list[Entity] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)
    written: int = 0
    path: Path | None = None


def store_entities(store_dir: Path, gazetteer: Gazetteer) -> list[Entity]:
    """The entities of a store, as the gazetteer knows them when it does."""
    from readout.kg import iris
    from readout.store import embedded as store
    from readout.kg.graph import ENTITY_CLASSES

    types = {str(c): t for t, c in ENTITY_CLASSES.items()}
    prefix = str(iris.entity("x"))[:-1]
    db = store.open_store(Path(store_dir))
    rows = db.query(f"""SELECT DISTINCT ?e ?label ?class WHERE {{
        ?e <http://www.w3.org/2000/01/rdf-schema#label> ?label ; a ?class .
        FILTER(STRSTARTS(STR(?e), "{prefix}")) }} ORDER BY ?e ?class""", use_default_graph_as_union=True)
    found: dict[str, Entity] = {}
    for row in rows:
        key = row["e"].value[len(prefix):]
        type_ = types.get(row["class"].value)
        if type_ is None or key in found:
            continue
        found[key] = gazetteer.get(key) or Entity(key=key, label=row["label"].value, type=type_)
    return list(found.values())


def link_online(store_dir: Path, gazetteer: Gazetteer, client: Client, gazetteer_file: Path,
                labels: tuple[str, ...] = (), accept: dict[str, str] | None = None) -> LinkResult:
    """Look up the store's unlinked entities (or those named in `labels`) and write the accepted."""
    accept = accept or {}
    wanted = {l.lower(): l for l in (*labels, *accept)}
    entities = unlinked(store_entities(store_dir, gazetteer))
    if wanted:
        entities = [e for e in entities if e.label.lower() in wanted]
        missing = sorted(set(wanted) - {e.label.lower() for e in entities})
        if missing:
            raise InputError(f"no unlinked entity labelled {wanted[missing[0]]!r} in the store; "
                             f"run 'readout link' to list them")
    result = LinkResult(looked_up=entities, path=Path(gazetteer_file))
    for entity in entities:
        qid = next((q for l, q in accept.items() if l.lower() == entity.label.lower()), "")
        result.proposals.append(propose(client, entity, gazetteer, qid))
    result.written = write_accepted(result.path, result.proposals, gazetteer, client.api)
    return result


def report(result: LinkResult) -> str:
    """A text for people: each entity, its candidates with evidence, and what was written."""
    lines = []
    for proposal in result.proposals:
        lines.append(f"{proposal.entity.label} ({proposal.entity.type}): {proposal.reason}")
        for c in proposal.candidates:
            mark = "*" if c is proposal.accepted else ("+" if c.passes else "-")
            lines.append(f"  {mark} {c.qid}  {c.evidence}")
    lines.append(f"Wrote {result.written} row(s) to {result.path}" if result.written
                 else "Nothing written.")
    return "\n".join(lines)


# -- federation -------------------------------------------------------------------------

WDQS = "https://query.wikidata.org/sparql"
_EMPTY_VALUES = re.compile(r"VALUES\s+\?wd\s*\{\s*\}")


def federate(text: str, qids: list[str], endpoint: str = WDQS) -> str:
    """A federated stored query with its `VALUES ?wd { }` filled and its SERVICE at `endpoint`."""
    if not _EMPTY_VALUES.search(text) or f"<{WDQS}>" not in text:
        raise InputError(f"a federated query needs 'VALUES ?wd {{ }}' inside SERVICE <{WDQS}>")
    items = " ".join(f"<http://www.wikidata.org/entity/{q}>" for q in sorted(set(qids)))
    return _EMPTY_VALUES.sub(lambda _: f"VALUES ?wd {{ {items} }}", text, count=1).replace(
        f"<{WDQS}>", f"<{endpoint}>")


def check_reachable(endpoint: str = WDQS, timeout: float = 10.0) -> None:
    """Raise OfflineError (exit 3) when the SPARQL endpoint `endpoint` does not answer ASK {}."""
    from readout.store import sparql_client

    try:
        sparql_client.run(endpoint, "ASK {}", timeout)
    except EndpointError as err:
        raise OfflineError(f"cannot reach Wikidata's query service at {endpoint}; no office was "
                           f"looked up ({str(err).split(';')[0][:160]}). Check the network, or --wdqs") from None


def speaker_offices(store_dir: Path, endpoint: str = WDQS):
    """The stored query `speaker-offices` for the store's linked speakers, against `endpoint`."""
    from readout import api
    from readout.store import queries

    speakers = api.query(store_dir, sparql="""
        PREFIX ro: <https://w3id.org/readout/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT DISTINCT ?wd WHERE { ?s a ro:Statement ; ro:speaker/skos:exactMatch ?wd }""")
    qids = [row[0].rsplit("/", 1)[-1] for row in speakers.values()]
    return api.query(store_dir, sparql=federate(queries.find("speaker-offices").text, qids, endpoint))
