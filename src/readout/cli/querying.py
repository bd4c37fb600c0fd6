"""readout query, queries, export: answers from the store (or a remote endpoint)."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from readout.cli.base import handled, main, store_option, table_width
from readout.errors import ReadoutError
from readout.store.embedded import FORMATS as EXPORT_FORMATS
from readout.store.results import FORMATS as QUERY_FORMATS


class _QueryCommand(click.Command):
    """`readout query NAME --help` describes the stored query NAME, then the options."""

    def get_help(self, ctx):
        from readout.store import queries

        described = ""
        for arg in ctx.meta.get("readout.query.args", []):
            try:
                described = queries.find(arg).describe() + "\n\n"
                break
            except ReadoutError:
                continue
        return described + super().get_help(ctx)

    def parse_args(self, ctx, args):
        ctx.meta["readout.query.args"] = list(args)
        return super().parse_args(ctx, args)


@main.command(cls=_QueryCommand)
@click.argument("name", required=False)
@click.option("--sparql", help="Run this SPARQL text instead of a stored query.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A query parameter (repeatable).")
@click.option("--format", "fmt", type=click.Choice(QUERY_FORMATS), default="table",
              show_default=True, help="Output format; json is SPARQL 1.1 Query Results JSON.")
@click.option("--endpoint", metavar="URL",
              help="Run on this remote SPARQL 1.1 query endpoint instead of the store.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
              help="Seconds to wait for --endpoint to answer.")
@store_option
@handled
def query(name, sparql, params, fmt, endpoint, timeout, store_dir):
    """Run a stored query by NAME, a query FILE.rq, or --sparql TEXT (read-only).

    'readout query NAME --help' (or 'readout queries NAME') describes a stored query and
    its parameters.
    """
    from readout import api

    values = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise click.UsageError(f"--param takes NAME=VALUE, not {item!r}")
        values[key] = value
    table = api.query(None if endpoint else store_dir, name, sparql, values, endpoint, timeout,
                      plain=fmt != "json")
    click.echo(table.render(fmt, width=table_width()))


@main.command("queries")
@click.argument("name", required=False)
@handled
def list_queries(name):
    """List the stored queries with their summaries and parameters, or describe query NAME."""
    from readout.store import queries

    if name:
        click.echo(queries.find(name).describe())
        return
    for q in queries.stored().values():
        params = " ".join(f"{p.name}{'' if p.required else '?'}" for p in q.parameters)
        click.echo(f"{q.name:24} {q.summary}" + (f"  [{params}]" if params else ""))


@main.command()
@click.option("--format", "fmt", type=click.Choice(list(EXPORT_FORMATS)), default="turtle",
              show_default=True, help="RDF serialisation.")
@click.option("--out", "out", type=click.Path(path_type=Path), help="Write to FILE (default: stdout).")
@store_option
@handled
def export(fmt, out, store_dir):
    """Export the store as Turtle, TriG, N-Quads, N-Triples or JSON-LD."""
    from readout import api
    from readout.store import embedded as store

    data = api.export(store_dir, fmt)
    if out:
        store.write_atomic(out, data)
        click.echo(f"Wrote {len(data):,} bytes of {fmt} to {out}", err=True)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()

