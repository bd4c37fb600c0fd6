"""The error contract: whatever goes wrong outside readout's own errors (a full disk, an
unwritable path, a directory where a file should be, a SERVICE that cannot connect) exits 2
with one line that says what to do, never 1 (which means "does not conform") and never a
traceback (only with --debug). A failed write leaves no half-written file."""
from __future__ import annotations

import os
from pathlib import Path
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from readout.cli import main
from readout.store.server import free_port


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def assert_contract(result):
    assert result.exit_code == 2, (result.exit_code, result.output)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines and lines[-1].startswith("readout: error: "), result.stderr
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    assert ";" in lines[-1], f"no advice after the problem: {lines[-1]}"


@pytest.fixture()
def not_a_dir(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    return blocker / "out.ttl"


FAULTS = {
    "a directory": lambda tmp, nd: tmp,
    "a full disk": lambda tmp, nd: "/dev/full",
    "an unwritable place": lambda tmp, nd: "/proc/readout-out.ttl",
    "a path through a file": lambda tmp, nd: nd,
}


def file_commands(store, elsewhere):
    """Each command that writes a file, with the option that names it."""
    return {
        "export": ["export", "--store", store, "--out"],
        "export trig": ["export", "--store", store, "--format", "trig", "--out"],
        "ontology-doc": ["ontology-doc", "--vocabulary", elsewhere / "vocabulary.py", "--out"],
    }


@pytest.mark.parametrize("fault", sorted(FAULTS))
@pytest.mark.parametrize("command", ["export", "export trig", "ontology-doc"])
def test_a_file_that_cannot_be_written_is_exit_2_with_one_line(bundled_store, tmp_path, not_a_dir,
                                                               tmp_path_factory, command, fault):
    target = FAULTS[fault](tmp_path, not_a_dir)
    before = sorted(os.listdir(tmp_path))
    result = run(*file_commands(bundled_store, tmp_path_factory.mktemp("elsewhere"))[command], target)
    assert_contract(result)
    assert sorted(os.listdir(tmp_path)) == before, "a half-written file was left behind"
    assert os.path.exists("/dev/full") and not os.path.isfile("/dev/full"), "/dev/full was replaced"


def test_build_export_to_a_full_disk_is_exit_2_and_the_build_is_kept(tmp_path):
    (tmp_path / "a.txt").write_text("The mayor said the road would close.", encoding="utf-8")
    result = run("build", tmp_path / "a.txt", "--store", tmp_path / "store", "--export", "/dev/full")
    assert_contract(result)
    assert "No space left on device" in result.stderr
    assert run("query", "statements", "--store", tmp_path / "store").exit_code == 0


STDOUT_COMMANDS = [
    ["queries"],
    ["query", "entities", "--store", "{store}"],
    ["export", "--store", "{store}", "--format", "nquads"],
    ["validate", "{store}", "--format", "json"],
    ["--help"],
]


@pytest.mark.parametrize("args", STDOUT_COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_stdout_on_a_full_disk_is_exit_2_with_one_line(bundled_store, tmp_path, args):
    store = tmp_path / "store"
    shutil.copytree(bundled_store, store)
    with open("/dev/full", "wb") as full:
        done = subprocess.run([sys.executable, "-m", "readout", *[a.format(store=store) for a in args]],
                              stdout=full, stderr=subprocess.PIPE, text=True, timeout=300,
                              env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    if args == ["--help"]:      # click prints help itself; it must still not be a traceback
        assert "Traceback" not in done.stderr
        return
    assert done.returncode == 2, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("readout: error: No space left on device;"), lines


def test_a_service_that_cannot_connect_is_exit_2(bundled_store):
    url = f"http://127.0.0.1:{free_port()}/sparql"
    result = run("query", "--store", bundled_store, "--sparql",
                 f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}")
    assert_contract(result)
    assert "cannot be reached" in result.stderr


def test_an_unexpected_error_is_exit_2_and_debug_shows_the_traceback(bundled_store, monkeypatch):
    from readout import api

    def broken(*args, **kwargs):
        raise KeyError("surprise")

    monkeypatch.setattr(api, "query", broken)
    result = run("query", "entities", "--store", bundled_store)
    assert_contract(result)
    assert "unexpected KeyError" in result.stderr and "--debug" in result.stderr
    with pytest.raises(KeyError):
        run("--debug", "query", "entities", "--store", bundled_store)


def test_help_shows_each_command_description_whole():
    result = run("--help")
    commands = result.stdout.split("Commands:", 1)[1]
    assert "..." not in commands
    assert "show which positions each side attributes to the other." in " ".join(result.stdout.split())


# The smaller items of the same issue ------------------------------------------------

RUSSIA = "https://w3id.org/readout/id/entity/russia"


@pytest.mark.parametrize("value", [RUSSIA, "http://www.wikidata.org/entity/Q159", "Russia", "russia"])
def test_side_a_takes_a_readout_iri_a_wikidata_iri_or_a_label(bundled_store, value):
    from readout import api

    expected = api.query(bundled_store, "positions-attributed", params={"side_a": RUSSIA}).values()
    assert expected
    assert api.query(bundled_store, "positions-attributed", params={"side_a": value}).values() == expected


def test_an_entity_parameter_naming_nothing_says_how_to_find_one(bundled_store):
    result = run("query", "positions-attributed", "--store", bundled_store, "--param", "side_a=Atlantis")
    assert_contract(result)
    assert "names no entity" in result.stderr and "readout query entities" in result.stderr


def test_a_wrong_typed_value_names_its_type_with_the_right_article_and_example(bundled_store):
    from readout.errors import QueryError
    from readout.store import queries

    stored = queries.parse(Path("t.rq"), "#+ summary: t\nSELECT ?__n_xsd_integer WHERE { }", strict=False)
    with pytest.raises(QueryError) as caught:
        queries.bindings(stored, {"n": "many"})
    assert "needs an integer value such as 2," in str(caught.value)


def test_offices_offline_says_so_and_exits_3(bundled_store):
    result = run("link", "--offices", "--store", bundled_store, "--wdqs",
                 f"http://127.0.0.1:{free_port()}/sparql", "--timeout", "2")
    assert result.exit_code == 3
    assert "cannot reach Wikidata's query service" in result.stderr


def test_ontology_doc_check_says_when_everything_is_up_to_date(tmp_path):
    first = run("ontology-doc", "--out", tmp_path / "o.md", "--vocabulary", tmp_path / "v.py")
    assert first.exit_code == 0 and "wrote" in first.stdout
    check = run("ontology-doc", "--check", "--out", tmp_path / "o.md", "--vocabulary", tmp_path / "v.py")
    assert check.exit_code == 0 and "up to date" in check.stdout


def test_a_wrong_gazetteer_path_is_an_error(tmp_path, monkeypatch):
    from readout.link import gazetteer

    (tmp_path / "a.txt").write_text("The mayor said the road would close.", encoding="utf-8")
    monkeypatch.setenv("READOUT_GAZETTEER", str(tmp_path / "no-such.tsv"))
    gazetteer.default.cache_clear()
    try:
        result = run("build", tmp_path / "a.txt", "--store", tmp_path / "store")
    finally:
        monkeypatch.delenv("READOUT_GAZETTEER")
        gazetteer.default.cache_clear()
    assert_contract(result)
    assert "READOUT_GAZETTEER" in result.stderr and "names no file" in result.stderr


def test_piped_tables_are_not_wrapped(bundled_store):
    result = run("query", "statements", "--store", bundled_store)     # CliRunner: not a terminal
    assert result.exit_code == 0
    from readout import api

    rows = api.query(bundled_store, "statements").values()
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) > 110
    assert len(lines) == len(rows) + 2, "one line per row (and the header and its rule)"


@pytest.mark.parametrize("fmt, suffix", [("trig", ".trig"), ("nquads", ".nq")])
def test_validate_reads_readouts_own_trig_and_nquads_exports(bundled_store, tmp_path, fmt, suffix):
    """It used to parse them into an rdflib Graph, which keeps no named graph: 'empty'."""
    out = tmp_path / f"export{suffix}"
    assert run("export", "--store", bundled_store, "--format", fmt, "--out", out).exit_code == 0
    result = run("validate", out)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("The graph conforms")
