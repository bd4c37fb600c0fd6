"""The `readout` command: a thin layer over the library.

Exit codes: 0 ok; 1 the graph does not conform or a check failed; 2 usage or runtime
error. Tracebacks only with --debug.
"""
from __future__ import annotations

import functools
import os
import sys
import tempfile
from pathlib import Path

import click

from readout import __version__
from readout.config import DEFAULT_STORE
from readout.errors import ReadoutError
from readout.store.results import FORMATS as QUERY_FORMATS
from readout.store.embedded import FORMATS as EXPORT_FORMATS

store_option = click.option(
    "--store", "store_dir", type=click.Path(path_type=Path), default=DEFAULT_STORE,
    show_default=True, help="Directory of the embedded Oxigraph store (or set READOUT_STORE).")


def handled(func):
    """Turn ReadoutError into a one-line message and its exit code."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except ReadoutError as err:
            if click.get_current_context().obj.get("debug"):
                raise
            click.echo(f"readout: error: {err}", err=True)
            sys.exit(err.exit_code)
        except BrokenPipeError:   # `readout demo | head`: the reader left; that is no failure
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(0)
    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="readout")
@click.option("--debug", is_flag=True, help="Show tracebacks on errors.")
@click.pass_context
def main(ctx, debug):
    """Turn news articles into a validated, Wikidata-linked RDF knowledge graph."""
    ctx.ensure_object(dict)["debug"] = debug


@main.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@store_option
@click.option("--export", "export_path", type=click.Path(path_type=Path),
              help="Also write the whole graph to this Turtle file.")
@click.option("--jobs", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Extract in this many processes (worth it for many articles).")
@handled
def build(inputs, store_dir, export_path, jobs):
    """Read articles, extract, validate and save them in the store.

    INPUTS are article files (.txt, .md, .html), directories of them, or .jsonl files;
    the default is the bundled articles.
    """
    from readout import api
    from readout.store import embedded as store

    with _progress() as tick:
        result = api.build(list(inputs) or None, store_dir, progress=tick, jobs=jobs)
    for problem in result.skipped:
        click.echo(f"readout: skipped {problem}", err=True)
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
@click.option("--engine", type=click.Choice(["pyshacl", "turbo"]), default="pyshacl", show_default=True,
              help="SHACL engine: pyshacl is the reference; turbo (pyshacl-turbo) is faster on large stores.")
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
    table = api.query(None if endpoint else store_dir, name, sparql, values, endpoint, timeout)
    click.echo(table.render(fmt))


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


@main.command()
@click.option("--endpoint", required=True, metavar="URL",
              help="Graph Store endpoint, e.g. http://127.0.0.1:7878/store (Oxigraph), "
                   "http://HOST:3030/DATASET/data (Fuseki).")
@click.option("--graph", "graph", metavar="IRI", help="Load everything into this one graph "
              "(default: each named graph of the store into a graph of the same name).")
@click.option("--replace", is_flag=True, help="Replace each target graph (HTTP PUT); default: add (POST).")
@click.option("--user", help="User name for HTTP Basic authentication; the password is read from "
              "READOUT_PASSWORD or asked for, never given on the command line.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=60.0, show_default=True,
              help="Seconds to wait for the server on each request.")
@click.option("--retries", type=click.IntRange(min=0), default=3, show_default=True,
              help="Retries of a request whose connection dropped.")
@store_option
@handled
def load(endpoint, graph, replace, user, timeout, retries, store_dir):
    """Push the store to a triple store server over the SPARQL 1.1 Graph Store Protocol."""
    import os

    from readout import api
    from readout.store import gsp

    password = None
    if user is not None:
        password = os.environ.get(gsp.PASSWORD_VARIABLE)
        if password is None:
            password = click.prompt(f"Password for {user}", hide_input=True, err=True)
    summary = api.load(store_dir, endpoint, graph, replace, user, password, timeout, retries)
    how = "replaced (PUT)" if replace else "added (POST)"
    retried = f", {summary.retries} retried request(s)" if summary.retries else ""
    click.echo(f"Loaded {len(summary.uploads)} graph(s), {summary.triples:,} triples "
               f"({summary.bytes:,} bytes of N-Triples), {how}, into {endpoint} "
               f"in {summary.seconds:.1f} s{retried}")


@main.command()
@click.option("--port", type=click.IntRange(1, 65535), help="Port on 127.0.0.1 (default: a free one).")
@store_option
@handled
def serve(port, store_dir):
    """Serve the store as a read-only SPARQL endpoint on 127.0.0.1 until Ctrl-C."""
    import signal

    from readout.store.server import OxigraphServer

    for signum in (signal.SIGINT, signal.SIGTERM):  # Ctrl-C (even if inherited as ignored) and kill
        signal.signal(signum, signal.default_int_handler)
    with OxigraphServer(store_dir, read_only=True, port=port) as server:
        try:
            click.echo(f"SPARQL endpoint: {server.query_url}")
            click.echo(f"Query page: {server.url}/   (Ctrl-C to stop)")
            code = server.wait()
        except KeyboardInterrupt:
            code = 0
        if code:
            last = server.output().strip().splitlines()[-1:] or ["no message"]
            raise ReadoutError(f"the oxigraph server stopped (exit code {code}: {last[0][:200]}); "
                               f"check the store directory and run 'readout serve' again")
    click.echo("Stopped.", err=True)


@main.command()
@click.option("--store", "store_dir", type=click.Path(path_type=Path),
              help="Build into this store (default: a temporary directory).")
@handled
def demo(store_dir):
    """Build the bundled articles and show which positions each side attributes to the other."""
    from readout import api

    with tempfile.TemporaryDirectory(prefix="readout-demo-") as tmp:
        target = store_dir or Path(tmp) / "store"
        with _progress() as tick:
            result = api.build(None, target, progress=tick)
        click.echo(f"Built {len(result.built)} bundled articles ({result.triples} triples).\n")
        click.echo("Which positions does each side attribute to the other?")
        sides = None
        for row in api.query(target, "positions-attributed").records():
            if (row["attributor_side"], row["holder_side"]) != sides:
                sides = row["attributor_side"], row["holder_side"]
                click.echo(f"\n{sides[0]}'s side, about {sides[1]}'s side:")
            said = " ".join(row["proposition"].split())
            click.echo(f"  - {row['attributor']} -> {row['holder']}: \u201c{said}\u201d "
                       f"({row['article']})")
        if sides is None:
            click.echo("  (no attributed positions found)")
        click.echo("\nNext: readout build, then readout queries to list the questions and "
                   "readout query positions-attributed --format csv for the evidence.")


@main.group("eval")
def evaluation():
    """Measure extraction against gold annotations."""


@evaluation.command("attribution")
@click.option("--gold", "gold_dir", required=True, type=click.Path(path_type=Path),
              help="PolNeAR directory holding SPLIT/text and SPLIT/attributions (brat standoff).")
@click.option("--split", default="dev", show_default=True, help="Split to score.")
@click.option("--jobs", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Extract in this many processes.")
@click.option("--files", "show_files", is_flag=True, help="List the annotator file used per article.")
@handled
def eval_attribution(gold_dir, split, jobs, show_files):
    """Precision, recall and F1 of cue, source, content and whole attributions."""
    from readout.eval import attribution as evaluate

    result = evaluate.run(gold_dir, split, jobs=jobs)
    if show_files:
        for art in result.articles:
            click.echo(f"{art.doc}: {art.ann_path.name} (annotator {art.annotator})")
    else:
        click.echo(f"Annotator file per article: the lexicographically first "
                   f"(--files lists them); {len(result.articles)} articles.")
    click.echo(result.text())


@main.command("ontology-doc")
@click.option("--out", "markdown", type=click.Path(path_type=Path), default=Path("docs/ontology.md"),
              show_default=True, help="Where to write the ontology reference page.")
@click.option("--vocabulary", type=click.Path(path_type=Path), default=Path("src/readout/kg/vocabulary.py"),
              show_default=True, help="Where to write the namespace classes.")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if a file is out of date.")
@handled
def ontology_doc(markdown, vocabulary, check):
    """Generate docs/ontology.md and vocabulary.py from ontology/readout.ttl (run in a checkout)."""
    from readout.kg import ontodoc

    expected = ontodoc.outputs(ontodoc.load(), markdown, vocabulary)
    if check:
        outdated = ontodoc.stale(expected)
        for path in outdated:
            click.echo(f"out of date: {path} (run `readout ontology-doc`)", err=True)
        sys.exit(1 if outdated else 0)
    for path in ontodoc.write(expected):
        click.echo(f"wrote {path}")


@main.command()
@click.option("--online", is_flag=True, help="Look the unlinked entities up on Wikidata's API.")
@click.option("--entity", "labels", multiple=True, metavar="LABEL",
              help="Look up only the entity with this label (repeatable).")
@click.option("--accept", "accepted", multiple=True, metavar="LABEL=QID",
              help="Accept this candidate for this entity (repeatable); implies --entity LABEL.")
@click.option("--gazetteer-file", type=click.Path(path_type=Path), envvar="READOUT_GAZETTEER",
              default=Path("readout-gazetteer.tsv"), show_default=True,
              help="Local gazetteer file that accepted links are added to (or set READOUT_GAZETTEER).")
@click.option("--api", default="https://www.wikidata.org/w/api.php", envvar="READOUT_WIKIDATA_API",
              show_default=True, help="Wikidata API URL (or set READOUT_WIKIDATA_API).")
@click.option("--cache", "cache_dir", type=click.Path(path_type=Path),
              default=Path.home() / ".cache" / "readout" / "wikidata", show_default=True,
              help="Directory where API answers are cached.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=10.0, show_default=True,
              help="Seconds to wait for each API answer.")
@click.option("--interval", type=click.FloatRange(min=0.0), default=1.0, show_default=True,
              help="Minimum seconds between two API requests.")
@click.option("--offices", is_flag=True,
              help="Instead: run the federated query speaker-offices (speakers' offices from Wikidata).")
@click.option("--wdqs", default="https://query.wikidata.org/sparql", show_default=True,
              help="SPARQL endpoint that --offices sends the SERVICE part to.")
@store_option
@handled
def link(online, labels, accepted, gazetteer_file, api, cache_dir, timeout, interval, offices, wdqs,
         store_dir):
    """List entities with no Wikidata link; with --online, propose and add links.

    A candidate is written to the local gazetteer file only when it is the only one whose
    type and country fit, or when --accept names it. Exit code 3: Wikidata cannot be
    reached (nothing is changed).
    """
    from readout.link import wikidata
    from readout.link.gazetteer import default

    if offices:
        click.echo(wikidata.speaker_offices(store_dir, wdqs).render("table"))
        return

    accept = {}
    for item in accepted:
        label, sep, qid = item.rpartition("=")
        if not sep or not label or not qid.startswith("Q"):
            raise click.UsageError(f"--accept takes LABEL=QID, not {item!r}")
        accept[label] = qid
    gazetteer = default()
    if not online:
        missing = wikidata.unlinked(wikidata.store_entities(store_dir, gazetteer))
        for entity in missing:
            click.echo(f"{entity.label} ({entity.type})")
        click.echo(f"{len(missing)} entities without a Wikidata link. Offline: nothing looked up, "
                   f"nothing changed; run 'readout link --online' to look them up.")
        return
    client = wikidata.Client(api, cache_dir=cache_dir, timeout=timeout, min_interval=interval)
    result = wikidata.link_online(store_dir, gazetteer, client, gazetteer_file, labels, accept)
    click.echo(wikidata.report(result))
    if result.written:
        click.echo(f"Set READOUT_GAZETTEER={result.path} and rebuild to use them.")


class _progress:
    """A progress line on a terminal; silent otherwise."""

    def __enter__(self):
        self.count = 0
        self.tty = sys.stderr.isatty()
        return self.tick

    def tick(self, article_id: str):
        self.count += 1
        if self.tty:
            click.echo(f"\r  extracted {self.count} article(s): {article_id[:40]:40}", err=True, nl=False)

    def __exit__(self, *exc):
        if self.tty and self.count:
            click.echo("", err=True)
        return False
