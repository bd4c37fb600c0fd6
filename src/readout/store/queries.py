"""Stored SPARQL queries: `.rq` files with a `#+` YAML header (grlc's convention).

A variable `?_name` is a required parameter and `?__name` an optional one; a suffix
names its type (`?_actor_iri`, `?_date_xsd_date`). Values become RDF terms here and are
bound by the engine (pyoxigraph's substitutions) or, for a remote endpoint, by a VALUES
block of terms serialised by pyoxigraph (`values_block`): never pasted into the text.
"""
from __future__ import annotations

import datetime
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from readout.config import QUERIES_DIR
from readout.errors import QueryError

PARAM = re.compile(r"\?(__?)([A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*)")
TYPE_SUFFIXES = ("iri", "xsd_date", "xsd_integer", "xsd_decimal", "xsd_gYear", "literal")
HEADER_KEYS = {"summary", "description", "tags", "parameters", "defaults", "example"}
XSD = "http://www.w3.org/2001/XMLSchema#"


@dataclass(frozen=True)
class Parameter:
    name: str
    variable: str           # without the leading '?'
    required: bool
    type: str               # iri, literal, xsd_date, ...
    default: str | None = None
    description: str = ""


@dataclass
class StoredQuery:
    name: str
    path: Path
    text: str
    summary: str
    description: str = ""
    tags: list[str] = field(default_factory=list)
    parameters: list[Parameter] = field(default_factory=list)
    example: str = ""

    def describe(self) -> str:
        """One query's documentation as plain text (for `readout queries NAME`)."""
        lines = [f"{self.name}: {self.summary}"]
        if self.description:
            lines += [""] + textwrap.wrap(self.description, 88)
        if self.tags:
            lines += ["", "tags: " + ", ".join(self.tags)]
        lines += ["", "parameters:" if self.parameters else "parameters: none"]
        for p in self.parameters:
            need = "required" if p.required else "optional"
            default = f"; default {p.default}" if p.default is not None else ""
            lines.append(f"  {p.name} ({p.type}, {need}{default})" + (f": {p.description}" if p.description else ""))
        if self.example:
            lines += ["", f"example: {self.example}"]
        return "\n".join(lines)


def parse(path: Path, text: str | None = None, strict: bool = True) -> StoredQuery:
    """Read a query and its header; `strict` (stored queries) requires a summary."""
    text = path.read_text(encoding="utf-8") if text is None else text
    header = _header(path, text)
    if strict and not str(header.get("summary") or "").strip():
        raise QueryError(f"{path.name}: the '#+' header needs a 'summary: ...' line")
    defaults = header.get("defaults") or {}
    described = header.get("parameters") or {}
    tags = header.get("tags") or []
    if not isinstance(defaults, dict) or not isinstance(described, dict):
        raise QueryError(f"{path.name}: 'defaults' and 'parameters' in the '#+' header must be "
                         f"mappings of parameter name to value")
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise QueryError(f"{path.name}: 'tags' in the '#+' header must be a list such as [events, time]")
    params: dict[str, Parameter] = {}
    for match in PARAM.finditer(_strip_comments(text)):
        underscores, body = match.groups()
        name, type_ = _split_type(body)
        if name in params:
            if params[name].variable != underscores + body:
                raise QueryError(f"{path.name}: parameter {name!r} is written two ways "
                                 f"(?{params[name].variable} and ?{underscores + body}); use one")
            continue
        params[name] = Parameter(
            name=name, variable=underscores + body, required=underscores == "_",
            type=type_, default=None if defaults.get(name) is None else str(defaults[name]),
            description=str(described.get(name, "")))
    for key, what in (("defaults", defaults), ("parameters", described)):
        unknown = sorted(set(what) - set(params))
        if unknown:
            raise QueryError(f"{path.name}: '{key}' names {unknown[0]!r}, which is not a parameter "
                             f"of the query (write it as ?_{unknown[0]} or ?__{unknown[0]})")
    return StoredQuery(
        name=path.stem, path=path, text=text,
        summary=str(header.get("summary") or "").strip(),
        description=str(header.get("description") or "").strip(),
        tags=list(tags), parameters=list(params.values()),
        example=str(header.get("example") or "").strip())


def _header(path: Path, text: str) -> dict:
    header_lines = []
    for line in text.splitlines():
        if line.startswith("#+"):
            header_lines.append(line[2:].removeprefix(" "))
        elif line.strip() and not line.startswith("#"):
            break
    try:
        header = yaml.safe_load("\n".join(header_lines)) if header_lines else {}
    except yaml.YAMLError as err:
        raise QueryError(f"{path.name}: malformed '#+' header ({str(err).splitlines()[0]}); "
                         f"each header line is '#+ key: value' YAML") from None
    if header is None:
        return {}
    if not isinstance(header, dict):
        raise QueryError(f"{path.name}: the '#+' header must be YAML mapping keys to values")
    unknown = sorted(set(map(str, header)) - HEADER_KEYS)
    if unknown:
        raise QueryError(f"{path.name}: unknown key {unknown[0]!r} in the '#+' header; "
                         f"use {', '.join(sorted(HEADER_KEYS))}")
    return header


def _strip_comments(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


def _split_type(body: str) -> tuple[str, str]:
    for suffix in TYPE_SUFFIXES:
        if body.endswith("_" + suffix) and len(body) > len(suffix) + 1:
            return body[: -len(suffix) - 1], suffix
    return body, "literal"


def stored(directory: Path = QUERIES_DIR) -> dict[str, StoredQuery]:
    return {p.stem: parse(p) for p in sorted(directory.glob("*.rq"))}


def find(name_or_path: str, directory: Path = QUERIES_DIR) -> StoredQuery:
    path = Path(name_or_path)
    if path.suffix == ".rq" and path.is_file():
        return parse(path, strict=False)
    candidate = directory / f"{name_or_path}.rq"
    if candidate.is_file():
        return parse(candidate)
    names = ", ".join(sorted(p.stem for p in directory.glob("*.rq")))
    raise QueryError(f"no stored query named {name_or_path!r}; run 'readout queries' to list them "
                     f"({names})")


def bindings(query: StoredQuery, values: dict[str, str]) -> dict:
    """RDF terms (pyoxigraph) for the query's parameters from user values and defaults."""
    import pyoxigraph as ox

    known = {p.name: p for p in query.parameters}
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise QueryError(f"query {query.name!r} has no parameter {unknown[0]!r}; "
                         f"its parameters: {', '.join(known) or 'none'}")
    bound = {}
    for param in query.parameters:
        value = values.get(param.name, param.default)
        if value is None:
            if param.required:
                raise QueryError(f"query {query.name!r} needs --param {param.name}=VALUE")
            continue
        bound[ox.Variable(param.variable)] = _term(param, value)
    return bound


def _term(param: Parameter, value: str):
    import pyoxigraph as ox

    if param.type == "iri":
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*", value):
            raise QueryError(f"parameter {param.name} needs an IRI such as "
                             f"https://w3id.org/readout/id/entity/russia (on the store, also a "
                             f"Wikidata IRI or a label), not {value!r}")
        return ox.NamedNode(value)
    if param.type.startswith("xsd_"):
        _check_lexical(param, value)
        return ox.Literal(value, datatype=ox.NamedNode(XSD + param.type[4:]))
    return ox.Literal(value)


def _check_lexical(param: Parameter, value: str) -> None:
    checks = {"xsd_date": datetime.date.fromisoformat, "xsd_integer": int,
              "xsd_decimal": float, "xsd_gYear": lambda v: re.fullmatch(r"-?\d{4,}", v).group()}
    try:
        checks.get(param.type, str)(value)
    except (ValueError, AttributeError):
        kind = param.type[4:]
        example = {"date": "2025-07-01", "integer": "2", "decimal": "0.5", "gYear": "2025"}.get(kind, "")
        article = "an" if kind[:1].lower() in "aeiou" else "a"
        raise QueryError(f"parameter {param.name} needs {article} {kind} value"
                         f"{f' such as {example}' if example else ''}, not {value!r}") from None


def values_block(bound: dict) -> str:
    """A SPARQL VALUES block binding `bound` (Variable -> term), for remote endpoints.

    Each term is serialised by pyoxigraph (N-Triples syntax, with its escaping), so a value
    containing `}` or a quote stays inside its literal and cannot change the query.
    """
    if not bound:
        return ""
    variables = sorted(bound, key=lambda v: v.value)
    names = " ".join(f"?{v.value}" for v in variables)
    terms = " ".join(str(bound[v]) for v in variables)
    return f"VALUES ({names}) {{ ({terms}) }}"


def with_values(text: str, bound: dict) -> str:
    """The query with `values_block(bound)` as the first element of its outermost WHERE group.

    Joined there, the values are seen by every pattern, FILTER and OPTIONAL of that group,
    as with the engine's substitution; a stored query uses its parameters in that group,
    not only inside a subquery (tests run every stored query both ways).
    """
    if not bound:
        return text
    at = _outer_where_brace(text)
    if at is None:
        raise QueryError("a query with parameters needs an explicit 'WHERE {' to run against an endpoint")
    return text[: at + 1] + "\n  " + values_block(bound) + "\n" + text[at + 1:]


_TOKENS = re.compile(r'#[^\n]*|<[^<>"{}|^`\\\s]*>|"""(?:.|\n)*?"""|\'\'\'(?:.|\n)*?\'\'\'|"(?:[^"\\\n]|\\.)*"'
                     r"|'(?:[^'\\\n]|\\.)*'|\bWHERE\b\s*\{", re.IGNORECASE)


def _outer_where_brace(text: str) -> int | None:
    for match in _TOKENS.finditer(text):
        if match.group().upper().startswith("WHERE"):
            return match.end() - 1
    return None
