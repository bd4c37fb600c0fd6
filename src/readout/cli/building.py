"""readout build, validate, demo: articles in, a validated graph out."""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import click

from readout.cli.base import handled, main, progress, store_option
from readout.errors import ReadoutError


@main.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@store_option
@click.option("--export", "export_path", type=click.Path(path_type=Path),
              help="Also write the whole graph to this Turtle file.")
@click.option("--jobs", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Extract and validate in this many processes (worth it for many articles).")
@click.option("--cluster", metavar="ADDRESS",
              help="Extract and validate on the Dask cluster whose scheduler is at ADDRESS "
                   "(tcp://HOST:8786; needs readout[dask]); this process writes the store.")
@click.option("--quiet", "-q", is_flag=True,
              help="No progress (a bar with count and ETA on a terminal, else a line per article).")
@handled
def build(inputs, store_dir, export_path, jobs, cluster, quiet):
    """Read articles, extract, validate and save them in the store.

    INPUTS are article files (.txt, .md, .html), directories of them, or .jsonl files;
    the default is the bundled articles.
    """
    from readout import api, batches
    from readout.store import embedded as store

    batches.one_malloc_arena()      # this process is the build's: flat memory beside the writer thread
    with progress(quiet) as tick:
        result = api.build(list(inputs) or None, store_dir, progress=tick, jobs=jobs, cluster=cluster)
    for problem in result.skipped:
        click.echo(f"readout: {'skipped' if problem.skipped else 'warning:'} {problem}", err=True)
    unchanged = f", {len(result.unchanged)} unchanged (not processed again)" if result.unchanged else ""
    click.echo(f"Built {len(result.built)} article(s){unchanged}, {result.triples} triples, into {result.store}")
    if not result.built and not result.unchanged:
        raise ReadoutError("no article could be built; see the messages above")
    if export_path:
        store.write_atomic(export_path, api.export(store_dir, "turtle"))
        click.echo(f"Exported Turtle to {export_path}")
    if result.report is not None and not result.report.conforms:
        click.echo(result.report.text())
        sys.exit(1)


@main.command()
@click.argument("source", required=False, type=click.Path(path_type=Path))
@store_option
@click.option("--format", "fmt", type=click.Choice(["text", "json", "turtle"]), default="text",
              show_default=True, help="Report format: text for people; json, or turtle "
              "(a SHACL validation report), for machines.")
@click.option("--engine", type=click.Choice(["pyshacl", "turbo", "fast"]), default="pyshacl", show_default=True,
              help="SHACL engine: pyshacl is the reference; turbo (pyshacl-turbo) and fast (readout's own "
                   "engine for the core shapes, Oxigraph for the SPARQL ones; what the build uses) give the "
                   "same results, faster.")
@handled
def validate(source, store_dir, fmt, engine):
    """Validate the store (or an RDF FILE) against the SHACL shapes and the checks.

    Exit 0 when it conforms (warnings allowed), 1 when it does not, 2 on an error.
    """
    import json

    from readout import api

    report = api.validate(source or store_dir, engine=engine)
    if fmt == "json":
        click.echo(json.dumps(report.json(), indent=2, ensure_ascii=False))
    elif fmt == "turtle":
        click.echo(report.graph().serialize(format="turtle"), nl=False)
    else:
        click.echo(report.text())
    sys.exit(0 if report.conforms else 1)


@main.command()
@click.option("--store", "store_dir", type=click.Path(path_type=Path),
              help="Build into this store (default: a temporary directory).")
@handled
def demo(store_dir):
    """Build the bundled articles and show which positions each side attributes to the other."""
    from readout import api

    with tempfile.TemporaryDirectory(prefix="readout-demo-") as tmp:
        target = store_dir or Path(tmp) / "store"
        with progress(quiet=not sys.stderr.isatty()) as tick:
            result = api.build(None, target, progress=tick)
        click.echo(f"Built {len(result.built)} bundled articles ({result.triples} triples).\n")
        click.echo("Which positions does each side attribute to the other?")
        rows = api.query(target, "positions-attributed").records()
        pairs: dict[tuple[str, str], list[dict]] = {}       # grouped by pair of sides, then direction
        for row in rows:
            pairs.setdefault(tuple(sorted((row["attributor_side"], row["holder_side"]))), []).append(row)
        for (one, other), found in sorted(pairs.items()):
            click.echo(f"\n{one} and {other}:")
            sides = None
            for row in sorted(found, key=lambda r: (r["attributor_side"] != one, r["attributor"], r["article"])):
                if (row["attributor_side"], row["holder_side"]) != sides:
                    sides = row["attributor_side"], row["holder_side"]
                    click.echo(f"  {sides[0]}'s side, about {sides[1]}'s side:")
                said = " ".join(row["proposition"].split())
                click.echo(f"    - {row['attributor']} -> {row['holder']}: \u201c{said}\u201d "
                           f"({row['article']})")
        if not rows:
            click.echo("  (no attributed positions found)")
        click.echo("\nNext: readout build, then readout queries to list the questions and "
                   "readout query positions-attributed --format csv for the evidence.")
