"""Stored SPARQL queries: `.rq` files with a `#+` YAML header (grlc's convention).

A variable `?_name` is a required parameter and `?__name` an optional one; a suffix
names its type (`?_actor_iri`, `?_date_xsd_date`). Values are bound as RDF terms
through the engine's own substitution, never pasted into the query text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from readout.config import QUERIES_DIR
from readout.errors import QueryError

PARAM = re.compile(r"\?(__?)([A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*)")
TYPE_SUFFIXES = ("iri", "xsd_date", "xsd_integer", "xsd_decimal", "xsd_gYear", "literal")


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


def parse(path: Path, text: str | None = None) -> StoredQuery:
    text = path.read_text(encoding="utf-8") if text is None else text
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
        header = {}
    if not isinstance(header, dict):
        raise QueryError(f"{path.name}: the '#+' header must be YAML mapping keys to values")
    defaults = header.get("defaults") or {}
    described = header.get("parameters") or {}
    if not isinstance(defaults, dict) or not isinstance(described, dict):
        raise QueryError(f"{path.name}: 'defaults' and 'parameters' must be mappings")
    params: dict[str, Parameter] = {}
    for match in PARAM.finditer(_strip_comments(text)):
        underscores, body = match.groups()
        name, type_ = _split_type(body)
        if name in params:
            continue
        params[name] = Parameter(
            name=name, variable=underscores + body, required=underscores == "_",
            type=type_, default=None if defaults.get(name) is None else str(defaults[name]),
            description=str(described.get(name, "")))
    return StoredQuery(
        name=path.stem, path=path, text=text,
        summary=str(header.get("summary", "")).strip(),
        description=str(header.get("description", "")).strip(),
        tags=list(header.get("tags") or []),
        parameters=list(params.values()),
        example=str(header.get("example", "")).strip())


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
        return parse(path)
    candidate = directory / f"{name_or_path}.rq"
    if candidate.is_file():
        return parse(candidate)
    names = ", ".join(sorted(p.stem for p in directory.glob("*.rq")))
    raise QueryError(f"no stored query named {name_or_path!r}; run 'readout queries' to list them "
                     f"({names})")


def bindings(query: StoredQuery, values: dict[str, str]) -> dict:
    """RDF terms for the query's parameters from user values and defaults."""
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
                             f"http://www.wikidata.org/entity/Q7747, not {value!r}")
        return ox.NamedNode(value)
    if param.type.startswith("xsd_"):
        return ox.Literal(value, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#" + param.type[4:]))
    return ox.Literal(value)
