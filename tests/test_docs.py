"""The README documents every command, and every command and option has help text."""
from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from readout.cli import main

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def commands():
    return sorted(main.commands.items())


@pytest.mark.parametrize("name, command", commands())
def test_command_is_in_the_readme_cli_table(name, command):
    assert re.search(rf"^\| `readout {re.escape(name)}\b", README, re.MULTILINE), \
        f"README's CLI table has no row for `readout {name}`"


@pytest.mark.parametrize("name, command", commands())
def test_command_and_options_have_help(name, command):
    assert (command.help or "").strip(), f"readout {name} has no help text"
    for param in command.params:
        if isinstance(param, click.Option):
            assert (param.help or "").strip(), f"readout {name} {param.opts[0]} has no help text"


def test_readme_quickstart_has_two_commands_install_and_test():
    quick = README.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", quick, re.S)
    assert len(blocks) >= 2
    assert "pip install ." in blocks[0] and "readout" in blocks[0]
    assert "pytest" in blocks[1]


def test_ci_runs_the_readme_test_command():
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    quick = README.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    blocks = [b.strip() for b in re.findall(r"```sh\n(.*?)```", quick, re.S)[:2]]
    for block in blocks:
        assert block in ci, f"{block!r} is in the README's Quickstart but not in .ci/run"
    assert "upgrade pip" not in ci and "-U pip" not in ci, "CI must use the pip a new venv ships"
