"""Query answers as a table of strings and their output formats."""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
import textwrap
from dataclasses import dataclass, field

FORMATS = ("table", "csv", "tsv", "json", "markdown")


@dataclass
class Table:
    columns: list[str]
    rows: list[list[object]] = field(default_factory=list)   # pyoxigraph terms or None
    boolean: bool | None = None                                # for ASK
    plain: bool = False          # rows of plain strings ('' unbound), no terms: not for json

    @classmethod
    def from_oxigraph(cls, answer, plain: bool = False) -> "Table":
        """The answer's rows as terms, or with `plain` as the plain strings `values` gives
        (SPARQL CSV, written by the engine, no Python term made per cell: `statements` as
        CSV on 1.2M quads 1.49 -> 1.38 s; a blank node is '_:id' either way, as CSV writes it)."""
        import pyoxigraph as ox

        if isinstance(answer, ox.QueryBoolean):
            return cls(columns=["result"], boolean=bool(answer))
        if isinstance(answer, ox.QueryTriples):
            rows = [[t.subject, t.predicate, t.object] for t in answer]
            return cls(columns=["subject", "predicate", "object"], rows=rows)
        columns = [v.value for v in answer.variables]     # a solution's values in this order
        if plain:
            written = answer.serialize(format=ox.QueryResultsFormat.CSV).decode("utf-8")
            rows = list(csv.reader(io.StringIO(written, newline="")))[1:]
            # (a row of one unbound value is an empty line, which csv reads as no cell)
            return cls(columns=columns, rows=[r if len(r) == len(columns) else [""] * len(columns) for r in rows],
                       plain=True)
        return cls(columns=columns, rows=[list(solution) for solution in answer])

    def without(self, columns) -> "Table":
        """The table without `columns` (a query's parameters, which the engine projects)."""
        keep = [i for i, c in enumerate(self.columns) if c not in set(columns)]
        return Table(columns=[self.columns[i] for i in keep],
                     rows=[[row[i] for i in keep] for row in self.rows], boolean=self.boolean,
                     plain=self.plain)

    def records(self) -> list[dict[str, str]]:
        """One dict of plain strings per row, keyed by column."""
        return [dict(zip(self.columns, row)) for row in self.values()]

    def values(self) -> list[list[str]]:
        if self.boolean is not None:
            return [["true" if self.boolean else "false"]]
        if self.plain:
            return self.rows
        return [[_plain(v) for v in row] for row in self.rows]

    def render(self, fmt: str, width: int | None = None) -> str:
        if fmt == "json":
            return json.dumps(self.sparql_json(), ensure_ascii=False, indent=2)
        if fmt in ("csv", "tsv"):
            out = io.StringIO()
            writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
            writer.writerow(self.columns)
            writer.writerows(self.values())
            return out.getvalue().rstrip("\n")
        if fmt == "markdown":
            lines = ["| " + " | ".join(self.columns) + " |", "|" + "---|" * len(self.columns)]
            for row in self.values():
                lines.append("| " + " | ".join(v.replace("|", "\\|").replace("\n", " ") for v in row) + " |")
            return "\n".join(lines)
        return self._table(width or shutil.get_terminal_size((120, 24)).columns)

    def _table(self, width: int) -> str:
        values = self.values()
        if not values:
            return "(no rows) " + " | ".join(self.columns)
        natural = [max([len(c)] + [len(r[i]) for r in values]) for i, c in enumerate(self.columns)]
        # the columns share the width left by the ' | ' separators; a column narrows to no
        # less than 10 characters, or less when there are too many columns for that
        budget = max(width - 3 * (len(self.columns) - 1), len(self.columns))
        floor = max(1, min(10, budget // len(self.columns)))
        widths = list(natural)
        while sum(widths) > budget and max(widths) > floor:
            widest = widths.index(max(widths))
            widths[widest] -= 1
        def line(cells):
            wrapped = [wrap(c, w) for c, w in zip(cells, widths)]
            height = max(len(w) for w in wrapped)
            return "\n".join(" | ".join((w[i] if i < len(w) else "").ljust(widths[j])
                                        for j, w in enumerate(wrapped)).rstrip()
                             for i in range(height))
        rule = "-+-".join("-" * w for w in widths)
        return "\n".join([line(self.columns), rule] + [line(r) for r in values])

    def sparql_json(self) -> dict:
        """SPARQL 1.1 Query Results JSON."""
        if self.plain:
            raise ValueError("a table of plain strings has no terms to write as SPARQL JSON")
        if self.boolean is not None:
            return {"head": {}, "boolean": self.boolean}
        bindings = []
        for row in self.rows:
            bindings.append({c: _json_term(v) for c, v in zip(self.columns, row) if v is not None})
        return {"head": {"vars": self.columns}, "results": {"bindings": bindings}}


def wrap(cell: str, width: int) -> list[str]:
    """`textwrap.wrap(cell, width)`, one empty line for an empty cell; a cell that fits its
    width is its own line without textwrap (16,896 rows of 16 cells took 2 s through it, and
    839 article texts, piped, 0.8 s). For such a cell textwrap only turns each ASCII
    whitespace character into a space and drops the line's trailing spaces; tabs (which it
    expands) and other whitespace (a no-break space alone is a blank word, which it drops)
    go through it."""
    if len(cell) <= width:
        if _NOT_SPACE.search(cell) is None:     # (most cells: no translate, 0.2 s on 270k)
            return [cell.rstrip(" ")]
        if _OTHER_SPACE.search(cell) is None:
            return [cell.translate(_SPACES).rstrip(" ")]
    return textwrap.wrap(cell, width) or [""]


_SPACES = str.maketrans("\n\r\x0b\x0c", "    ")    # textwrap's whitespace, but the tab
_OTHER_SPACE = re.compile(r"[^\S\n\r\x0b\x0c ]")    # any other whitespace, the tab too
_NOT_SPACE = re.compile(r"[^\S ]")                  # any whitespace but the space


def _plain(term) -> str:
    """A term as SPARQL CSV writes it: an IRI or a literal's lexical form as it is, a blank
    node as _:id, a triple term as its three terms with a space between, unbound as ''."""
    if term is None:
        return ""
    value = getattr(term, "value", None)     # a triple term has none
    if value is None:
        return f"{_plain(term.subject)} {_plain(term.predicate)} {_plain(term.object)}"
    return f"_:{value}" if type(term).__name__ == "BlankNode" else value


def _json_term(term) -> dict:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = term.datatype.value
    return out
