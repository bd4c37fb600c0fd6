"""Every command through click's CliRunner, as a user types it, and the installed executable."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from readout.cli import main
from readout.config import ARTICLES_DIR


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def one_line_error(result) -> str:
    """The error message: one line on stderr, starting with 'readout: error:' or click's 'Error:'."""
    lines = [l for l in result.stderr.splitlines() if l.strip()]
    assert lines, "expected a message on stderr"
    return lines[-1]


@pytest.fixture()
def article_dir(tmp_path) -> Path:
    """A directory with one bundled article and its sidecar."""
    target = tmp_path / "articles"
    target.mkdir()
    for name in ("004_a16ed64cd8879b43.txt", "004_a16ed64cd8879b43.json"):
        shutil.copy(ARTICLES_DIR / name, target / name)
    return target


def test_build_bundled_articles_conforms(tmp_path):
    store = tmp_path / "store"
    result = run("build", "--store", store, "--export", tmp_path / "out.ttl")
    assert result.exit_code == 0, result.output
    assert "Built 5 article(s)" in result.output
    assert (tmp_path / "out.ttl").read_text(encoding="utf-8").count("ro:Statement") > 0


def test_build_skips_bad_articles_and_builds_the_rest(article_dir, tmp_path):
    (article_dir / "empty.txt").write_text("  \n", encoding="utf-8")
    (article_dir / "binary.txt").write_bytes(b"\x00\x01\x02PNG")
    (article_dir / "latin1.txt").write_bytes("Caf\xe9 au lait said nobody.".encode("latin-1"))
    result = run("build", article_dir, "--store", tmp_path / "store")
    assert "Built 1 article(s)" in result.output
    assert "skipped empty.txt: empty article" in result.stderr
    assert "skipped binary.txt: binary file" in result.stderr
    assert "skipped latin1.txt: not UTF-8" in result.stderr
    assert result.exit_code in (0, 1)


def test_build_missing_input_is_exit_2(tmp_path):
    result = run("build", tmp_path / "nowhere", "--store", tmp_path / "store")
    assert result.exit_code == 2
    assert f"skipped {tmp_path / 'nowhere'}: no such file or directory" in result.stderr
    assert "no article could be built" in one_line_error(result)
    assert not (tmp_path / "store").exists()


def test_build_only_bad_articles_is_exit_2(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_text("", encoding="utf-8")
    result = run("build", bad, "--store", tmp_path / "store")
    assert result.exit_code == 2
    assert "no article could be built" in one_line_error(result)


def test_build_jsonl_with_a_malformed_line(tmp_path):
    lines = [
        json.dumps({"id": "a1", "title": "Talks", "text": "The minister said that talks would resume."}),
        "{not json",
        json.dumps({"id": "a2", "text": ""}),
    ]
    source = tmp_path / "articles.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("build", source, "--store", tmp_path / "store")
    assert "Built 1 article(s)" in result.output
    assert "articles.jsonl line 2: not valid JSON" in result.stderr
    assert "a2: empty article" in result.stderr


def test_queries_lists_stored_queries():
    result = run("queries")
    assert result.exit_code == 0
    names = [line.split()[0] for line in result.output.splitlines() if line.strip()]
    assert "statements" in names and "positions-attributed" in names


def test_query_statements_csv(bundled_store):
    result = run("query", "statements", "--store", bundled_store, "--format", "csv")
    assert result.exit_code == 0, result.output
    header = result.output.splitlines()[0].split(",")
    assert header == ["article", "statement", "speaker", "speaker_qid", "cue", "speech_act", "content",
                      "addressee", "according_to", "cue_start", "cue_end", "source_start", "source_end",
                      "content_start", "content_end", "content_spans"]
    assert len(result.output.splitlines()) > 10


def test_query_json_is_sparql_results_json(bundled_store):
    result = run("query", "--sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                 "--store", bundled_store, "--format", "json")
    data = json.loads(result.output)
    assert data["head"]["vars"] == ["n"]
    binding = data["results"]["bindings"][0]["n"]
    assert binding["type"] == "literal" and int(binding["value"]) > 1000
    assert binding["datatype"] == "http://www.w3.org/2001/XMLSchema#integer"


def test_query_file(bundled_store, tmp_path):
    path = tmp_path / "count.rq"
    path.write_text("#+ summary: count articles\n"
                    "PREFIX ro: <https://w3id.org/readout/ontology#>\n"
                    "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a ro:Article }\n", encoding="utf-8")
    result = run("query", path, "--store", bundled_store, "--format", "tsv")
    assert result.output.splitlines() == ["n", "5"]


@pytest.mark.parametrize("args, message", [
    (["query", "no-such-query"], "no stored query named 'no-such-query'"),
    (["query", "--sparql", "SELECT ?s WHERE { ?s ?p"], "invalid SPARQL"),
    (["query", "--sparql", "INSERT DATA { <urn:a> <urn:b> <urn:c> }"], "read-only"),
])
def test_query_errors_are_one_line_exit_2(bundled_store, args, message):
    result = run(*args, "--store", bundled_store)
    assert result.exit_code == 2
    assert message in one_line_error(result)


def test_query_without_store_says_build_first(tmp_path):
    result = run("query", "statements", "--store", tmp_path / "missing")
    assert result.exit_code == 2
    assert "readout build" in one_line_error(result)


@pytest.mark.parametrize("command", [["query", "statements"], ["export"]])
def test_unknown_format_is_exit_2(bundled_store, command):
    result = run(*command, "--format", "yaml", "--store", bundled_store)
    assert result.exit_code == 2
    assert "Invalid value for '--format'" in result.stderr


def test_validate_store(bundled_store):
    result = run("validate", "--store", bundled_store)
    assert result.exit_code == 0, result.output
    assert "conforms" in result.output


def test_validate_reports_a_broken_file_exit_1(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ro: <https://w3id.org/readout/ontology#> .\n"
                   "<urn:x:s> a ro:Statement .\n", encoding="utf-8")
    result = run("validate", bad)
    assert result.exit_code == 1
    assert "speaker" in result.output


def test_validate_unparseable_file_exit_2(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle <<<", encoding="utf-8")
    result = run("validate", bad)
    assert result.exit_code == 2


def test_export_turtle_to_file(bundled_store, tmp_path):
    out = tmp_path / "export.ttl"
    result = run("export", "--store", bundled_store, "--out", out)
    assert result.exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "@prefix ro: <https://w3id.org/readout/ontology#>" in text


def test_demo_prints_attributed_positions():
    result = run("demo")
    assert result.exit_code == 0, result.output
    assert "Which positions does each side attribute to the other?" in result.output
    answer = result.output.split("Which positions does each side attribute to the other?")[1]
    assert "no attributed positions found" not in answer
    assert "France's side, about Russia's side:" in answer     # each side's attributions (Russia's is below)
    assert "Vladimir Putin -> Western world" in answer
    assert "Next:" in result.output


def test_installed_executable_runs_as_a_user_would(tmp_path):
    exe = shutil.which("readout", path=str(Path(sys.executable).parent))
    assert exe, "the readout console script is not installed next to this Python"
    source = tmp_path / "a.txt"
    source.write_text("Talks in Geneva\n\nThe foreign minister said that the talks would resume "
                      "next week, according to officials.\n", encoding="utf-8")
    store = tmp_path / "store"
    built = subprocess.run([exe, "build", str(source), "--store", str(store)],
                           capture_output=True, text=True, timeout=300)
    assert built.returncode in (0, 1), built.stderr
    assert "Built 1 article(s)" in built.stdout
    listed = subprocess.run([exe, "query", "--sparql",
                             "SELECT ?t WHERE { ?a <http://purl.org/dc/terms/title> ?t }",
                             "--store", str(store), "--format", "tsv"],
                            capture_output=True, text=True, timeout=120)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.splitlines() == ["t", "Talks in Geneva"]
    module = subprocess.run([sys.executable, "-m", "readout", "--version"],
                            capture_output=True, text=True, timeout=60)
    assert module.returncode == 0 and "readout" in module.stdout


def test_output_cut_short_by_the_reader_is_no_error():
    """`readout demo | head -1`: the reader leaves early; readout exits 0 without a traceback."""
    exe = shutil.which("readout", path=str(Path(sys.executable).parent))
    proc = subprocess.Popen([exe, "demo"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = proc.stdout.readline()
    proc.stdout.close()
    _, err = proc.communicate(timeout=300)
    assert first.startswith(b"Built 5 bundled articles")
    assert proc.returncode == 0, err.decode()
    assert b"Traceback" not in err and b"BrokenPipe" not in err
