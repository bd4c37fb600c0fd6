"""readout load, serve, link: the store and other servers (triple stores, Wikidata)."""
from __future__ import annotations

from pathlib import Path

import click

from readout.cli.base import handled, main, store_option, table_width
from readout.errors import ReadoutError


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
              help="Retries of a PUT whose connection dropped, that timed out or got HTTP "
              "500/502/503/504/429 (Retry-After is honoured); a POST is never retried.")
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
    """Serve the store as a read-only SPARQL endpoint on 127.0.0.1 until Ctrl-C.

    It serves the store as it was when it started: after a build into the same store,
    stop it and run 'readout serve' again to serve the new graphs.
    """
    import signal

    from readout.store.server import OxigraphServer

    for signum in (signal.SIGINT, signal.SIGTERM):  # Ctrl-C (even if inherited as ignored) and kill
        signal.signal(signum, signal.default_int_handler)
    with OxigraphServer(store_dir, read_only=True, port=port) as server:
        try:
            click.echo(f"SPARQL endpoint: {server.query_url}")
            click.echo(f"Query page: {server.url}/   (Ctrl-C to stop)")
            click.echo("Serving the store as it is now; restart after a build to serve the new graphs.")
            code = server.wait()
        except KeyboardInterrupt:
            code = 0
        if code:
            last = server.output().strip().splitlines()[-1:] or ["no message"]
            raise ReadoutError(f"the oxigraph server stopped (exit code {code}: {last[0][:200]}); "
                               f"check the store directory and run 'readout serve' again")
    click.echo("Stopped.", err=True)



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
        wikidata.check_reachable(wdqs, timeout)     # SERVICE SILENT would say nothing offline
        click.echo(wikidata.speaker_offices(store_dir, wdqs).render("table", width=table_width()))
        return

    accept = {}
    for item in accepted:
        label, sep, qid = item.rpartition("=")
        if not sep or not label or not qid.startswith("Q"):
            raise click.UsageError(f"--accept takes LABEL=QID, not {item!r}")
        accept[label] = qid
    gazetteer = default(missing_ok=True)   # READOUT_GAZETTEER may name the file this creates
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

